"""Handler-queue and Mina sidor latency with 1k and with 100k cases in the database.

What is measured
    The pages a case handler and a resident open most, asked for as a browser would: the
    handler's queue (default view, unassigned, overdue, a name searched, page 5 of the
    open cases newest first), one case page, and for the resident Mina sidor, their case
    list and one of their cases. Each page's p50 and p95 wall time (request sent to body
    received) over ``--requests`` rounds after ``--warmup`` rounds, at 1k and at 100k
    cases, and the ratio 100k ÷ 1k. The target: no page's p50 at 100k above 1.5 × its
    p50 at 1k. A page that fails or redirects (to log in, say) stops the run; one that
    answers 404 (not built yet) is left out and named.

How it runs
    For each backend and size, a fresh database (SQLite: a file in a temporary directory;
    PostgreSQL: a schema of its own, ``casework_<size>``, in the database ``bench``), ``flask
    db upgrade`` (no demo: the seeding decides every row), then seeded in bulk with
    SQLAlchemy Core (executemany of prepared rows; each distinct encrypted value encrypted
    once and its ciphertext shared): 20 units (the demo's and 8 more) with 3 handlers each,
    one resident per 5 cases, cases spread over the units and the six e-services, their
    timeline and, for a quarter of them, messages. The current workload is the same at both
    sizes (900 cases from the last 30 days, so the same open cases in the queues); the rest
    is history across 3 years, nearly all of it closed: the question is whether years of
    cases behind a city slow the pages its staff and residents use every day. The
    bench handler works in one unit, whose queue holds about 1/20 of the cases; the bench
    resident (the test e-ID's Anna Andersson) owns 10. PostgreSQL is vacuumed and analysed,
    as autovacuum would after such a load; SQLite is left as the platform leaves it. The
    SQL statements of each page are counted in this process (Flask's test client). Then
    both sizes are served at once, each by its own gunicorn (``ESERVICES_ENV=development``:
    staff log in with a password, residents with the test e-ID), and every page is asked
    of one and then the other, so that whatever else the machine does weighs on both.

How to read the figures
    ``rows`` is how many case links a page shows at 1k/100k: a 1k queue is short, so some
    pages render fewer rows there (page 5 of the open cases is empty). ``SQL`` is the
    statements one request runs at 1k/100k: a count that grows with the data is an N+1.
    ``×p50`` and ``×p95`` are 100k ÷ 1k. p95 over 40 rounds is the third slowest, so it
    jumps with any hiccup; judge by p50.

Usage: ``.venv/bin/python bench/casework.py [--backend both] [--quick]`` from the repo root.
"""

import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import namedtuple
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from harness import (
    Client,
    Failed,
    app_environment,
    backends_to_run,
    gunicorn,
    migrate,
    prepare_postgresql,
)
from sqlalchemy import Column, MetaData, Table, create_engine, event, func, insert, select
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url
from submissions import csrf_token

from eservices import create_app, crypto, parsers
from eservices.accounts import services as accounts
from eservices.accounts.models import User
from eservices.catalogue.loading import get_catalogue
from eservices.database import SWEDEN, UTCDateTime, transaction, utcnow
from eservices.demo import UNITS as DEMO_UNITS
from eservices.extensions import db
from eservices.organisation.models import Unit

POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
TARGET = 1.5
HANDLER_EMAIL = "bankhandlaggare@example.se"
HANDLER_PASSWORD = "bänk-lösenord-för-handläggaren"  # noqa: S105 - a throwaway database
HANDLER_UNIT = "felanmalan"
RESIDENT = ("199003152387", "Anna", "Andersson")  # the test e-ID's first person
SEARCHED_NAME = "Lindqvist"  # one resident in 30 has it
# The demo's twelve units (those the e-services route to among them) and eight more.
UNITS = tuple(unit[:3] for unit in DEMO_UNITS) + (
    ("bygglov", "Bygglovsenheten", "Building permits"),
    ("avfall", "Avfall och återvinning", "Waste and recycling"),
    ("vatten", "Kretslopp och vatten", "Water and sewage"),
    ("socialtjanst", "Socialtjänsten", "Social services"),
    ("aldreomsorg", "Äldreomsorgen", "Elderly care"),
    ("forskola", "Förskoleförvaltningen", "Pre-school administration"),
    ("idrott", "Idrott och förening", "Sports and associations"),
    ("fastighet", "Fastighetskontoret", "Property management"),
)
GIVEN_NAMES = (
    "Anders", "Anna", "Astrid", "Axel", "Birgitta", "Björn", "Elin", "Elsa", "Emil", "Eva",
    "Filip", "Hanna", "Ingrid", "Johan", "Karin", "Kerstin", "Lars", "Lena", "Linnea", "Magnus",
    "Maria", "Mats", "Mohammed", "Nils", "Olle", "Per", "Sara", "Sofia", "Sven", "Ulla",
)  # fmt: skip
FAMILY_NAMES = (
    "Ali", "Andersson", "Berg", "Björk", "Ek", "Eriksson", "Gustafsson", "Hansson", "Holm",
    "Jakobsson", "Johansson", "Jonsson", "Karlsson", "Larsson", "Lindberg", "Lindqvist",
    "Lund", "Magnusson", "Nilsson", "Nyström", "Olsson", "Persson", "Petersson", "Sandberg",
    "Svensson", "Wallin", "Yilmaz", "Åberg", "Öberg", "Strand",
)  # fmt: skip
# The statuses by how many processing times old a case is (up to the limit): most end closed.
STATUS_MIX = (
    (1, {"received": 20, "in_progress": 30, "awaiting_info": 10, "decided": 15, "closed": 25}),
    (2, {"received": 4, "in_progress": 12, "awaiting_info": 4, "decided": 15, "closed": 65}),
    # Older cases are history: decided, nearly all closed. Stragglers still open belong to the
    # current workload, which is the same at every size (see plan_cases).
    (None, {"decided": 2, "closed": 98}),
)
# The steps after "received" that lead to each status.
STEPS = {
    "received": (),
    "in_progress": ("in_progress",),
    "awaiting_info": ("in_progress", "awaiting_info"),
    "decided": ("in_progress", "decided"),
    "closed": ("in_progress", "decided", "closed"),
}
# (label, who, path); {name}, {handler_case} and {resident_case} come from the seeding.
PAGES = (
    ("queue, default view", "handler", "/handlaggning/"),
    ("queue, unassigned", "handler", "/handlaggning/?vy=unassigned"),
    ("queue, overdue", "handler", "/handlaggning/?vy=overdue"),
    ("queue, search a name", "handler", "/handlaggning/?q={name}"),
    ("queue, open, newest, p. 5", "handler", "/handlaggning/?vy=open&sortera=-received&page=5"),
    ("handler's case page", "handler", "/handlaggning/arenden/{handler_case}"),
    ("Mina sidor", "resident", "/mina-sidor/"),
    ("Mina sidor, my cases", "resident", "/mina-sidor/arenden"),
    ("Mina sidor, one case", "resident", "/mina-sidor/arenden/{resident_case}"),
    ("queue, decided and closed", "handler", "/handlaggning/?vy=closed"),
)
# Outside the target, for reference: a full page of 25 cases at both sizes, so its ratio is
# the cost of the data alone (the other queue pages show fewer cases at 1k than at 100k).
REFERENCE = {"queue, decided and closed"}
# The tables whose rows the seeding counts.
COUNTED = ("users", "cases", "case_events", "case_messages")
CASE_LINK = re.compile(r'href="/(?:handlaggning|mina-sidor)/arenden/\d{4}-\d{6}"')

Plan = namedtuple("Plan", "service submitted unit_id applicant_id fixed_status")


@dataclass
class Seeded:
    """What the seeding made that the pages need, and how long it took."""

    cases: int
    seconds: float = 0.0
    rows: dict = field(default_factory=dict)
    name: str = SEARCHED_NAME
    handler_case: str = ""
    resident_case: str = ""


@dataclass
class Result:
    """One backend at one size: the seeding and each page's figures."""

    backend: str
    seeded: Seeded
    times: dict = field(default_factory=dict)  # label -> [seconds]
    links: dict = field(default_factory=dict)  # label -> case links on the page
    statements: dict = field(default_factory=dict)  # label -> SQL statements per request
    missing: dict = field(default_factory=dict)  # label -> why the page was not timed
    env: dict = field(default_factory=dict)  # the server's environment
    log_path: Path | None = None


# --- Seeding --------------------------------------------------------------------------------


class Ciphertexts:
    """Each distinct value encrypted once: every row that holds it shares the ciphertext."""

    def __init__(self, services):
        self.answers = {service.id: self.encrypt(sample_answers(service)) for service in services}
        self.decision_text = self.encrypt("Ansökan beviljas enligt gällande riktlinjer.")
        self.bodies = {
            "note": self.encrypt("Ringde sökanden, återkommer."),
            "message": self.encrypt("Vi har tagit emot ditt ärende och handlägger det nu."),
            "completion_request": self.encrypt("Skicka gärna in ett läkarintyg."),
            "reply": self.encrypt("Här kommer intyget."),
        }
        self._details = {}

    @staticmethod
    def encrypt(value):
        """What EncryptedText or EncryptedJSON would store for `value`."""
        return crypto.encrypt(
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        )

    def details(self, values):
        """The stored form of a timeline entry's details."""
        key = tuple(sorted(values.items()))
        if key not in self._details:
            self._details[key] = self.encrypt(values)
        return self._details[key]


def plain(table):
    """`table` without its column types, for rows already in their stored form.

    The types' own conversions (encrypting, turning times to UTC) would cost more than
    everything else the seeding does; the rows hold ciphertext made once, and `stored`
    writes times as UTCDateTime does.
    """
    return Table(table.name, MetaData(), *(Column(column.name) for column in table.columns))


def stored(table, rows, dialect):
    """`rows` of `table`, their aware UTC times changed in place as UTCDateTime stores them."""
    if dialect == "sqlite":
        # No time type: naive UTC text in SQLAlchemy's format, which sorts in time order.
        times = [c.name for c in table.columns if isinstance(c.type, UTCDateTime)]
        times = [name for name in times if rows and name in rows[0]]
        for row in rows:
            for key in times:
                if row[key] is not None:
                    row[key] = row[key].replace(tzinfo=None).isoformat(" ", "microseconds")
    return rows  # PostgreSQL's driver stores aware datetimes in "timestamp with time zone"


def sample_answers(service):
    """Answers of the right shape to every question of `service`, for its case page."""
    values = {
        "date": "2026-03-14", "number": 3, "amount": 2500, "consent": True,
        "personnummer": "19900315-2387", "file": [],
        "address": {"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"},
        "location": {"description": "Vid busshållplatsen", "lat": 57.70887, "lng": 11.97456},
    }  # fmt: skip
    answers = {}
    for item in service.fields():
        if item.type == "checkboxes":
            answers[item.id] = [item.options[0].value]
        elif item.options:
            answers[item.id] = item.options[0].value
        elif item.type != "info":
            answers[item.id] = values.get(item.type, "Exempelsvar")
    return answers


def seed(app, size, rng):
    """Fill the migrated, empty database of `app` with `size` cases and their people."""
    started = time.perf_counter()
    seeded = Seeded(cases=size)
    with app.app_context():
        units, handler_id, resident_id = add_units_and_the_two_who_log_in()
        services = get_catalogue().services
        ciphertexts = Ciphertexts(services)
        first_id = db.session.scalar(select(func.max(User.id))) + 1
        staff = [
            (first_id + 3 * index + n, unit_id, f"{slug}-{n}@example.se")
            for index, (slug, unit_id) in enumerate(sorted(units.items()))
            for n in range(3)
        ]
        residents = range(first_id + len(staff), first_id + len(staff) + max(size // 5, 200))
        handlers = {}
        for user_id, unit_id, _email in staff:
            handlers.setdefault(unit_id, []).append(user_id)
        handlers[units[HANDLER_UNIT]].append(handler_id)  # last: the fixed case is theirs

        tables = {"users": people_rows(rng, staff, residents)}
        tables["role_assignments"] = [
            {"user_id": user_id, "role": "handler", "granted_at": utcnow()}
            for user_id, _unit, _email in staff
        ]
        tables["unit_memberships"] = [{"user_id": u, "unit_id": unit} for u, unit, _ in staff]
        plans = plan_cases(rng, size, services, units, residents, resident_id)
        tables |= case_rows(rng, plans, handlers, ciphertexts, seeded)
        with db.engine.begin() as conn:
            for name, rows in tables.items():
                table = db.metadata.tables[name]
                conn.execute(insert(plain(table)), stored(table, rows, conn.dialect.name))
            if conn.dialect.name == "postgresql":
                # The ids were given here: move the sequences past them.
                for name in ("users", "cases"):
                    conn.execute(sql(f"SELECT setval('{name}_id_seq', max(id)) FROM {name}"))  # noqa: S608
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sql("VACUUM ANALYZE"))
    seeded.rows = {name: len(rows) for name, rows in tables.items() if name in COUNTED}
    seeded.rows["users"] += 2  # the two who log in
    seeded.seconds = time.perf_counter() - started
    return seeded


def add_units_and_the_two_who_log_in():
    """The units, the bench handler and the bench resident, by the platform's services."""
    with transaction():
        db.session.execute(
            insert(Unit), [{"slug": s, "name_sv": sv, "name_en": en} for s, sv, en in UNITS]
        )
    units = dict(db.session.execute(select(Unit.slug, Unit.id)).all())
    handler = accounts.create_staff(
        HANDLER_EMAIL,
        "Bänk",
        "Handläggare",
        roles=["handler"],
        units=[db.session.get(Unit, units[HANDLER_UNIT])],
        password=HANDLER_PASSWORD,
    )
    with transaction():
        resident = accounts.get_or_create_resident(
            parsers.parse_personnummer(RESIDENT[0]), *RESIDENT[1:]
        )
    return units, handler.id, resident.id


def people_rows(rng, staff, residents):
    """The handlers of every unit, then the residents, as rows of users."""
    rows = [
        user_row(rng, user_id, "staff", login_email=email, email=email)
        for user_id, _unit, email in staff
    ]
    pnr = crypto.encrypt("190001019999")
    rows += [
        user_row(
            rng, user_id, "resident", pnr_encrypted=pnr, pnr_masked="19000101-****",
            pnr_hash=hashlib.sha256(f"bench-{user_id}".encode()).hexdigest(),
        )
        for user_id in residents
    ]  # fmt: skip
    return rows


def case_rows(rng, plans, handlers, ciphertexts, seeded):
    """Rows of cases, their events and messages, and the year counters, from the plans."""
    cases, events, messages, counters = [], [], [], {}
    for case_id, plan in enumerate(plans, start=1):
        year = plan.submitted.astimezone(SWEDEN).year
        counters[year] = counters.get(year, 0) + 1
        row = case_row(rng, case_id, f"{year}-{counters[year]:06d}", plan, handlers)
        row["answers"] = ciphertexts.answers[plan.service.id]
        case_events = timeline(rng, row)
        if row["decision"]:
            row["decision_text"] = ciphertexts.decision_text
        cases.append(row)
        events += [
            {**entry, "details": ciphertexts.details(entry["details"])} for entry in case_events
        ]
        if plan.fixed_status or rng.random() < 0.25:
            messages += conversation(rng, row, case_events, ciphertexts.bodies)
        if plan.fixed_status == "in_progress":
            seeded.handler_case = row["number"]
        elif plan.fixed_status:
            seeded.resident_case = row["number"]
    counters = [{"year": year, "last_number": n} for year, n in counters.items()]
    return {
        "cases": cases, "case_events": events, "case_messages": messages,
        "case_number_counters": counters,
    }  # fmt: skip


RECENT_CASES = 900
RECENT_DAYS = 30


def plan_cases(rng, size, services, units, residents, resident_id):
    """Who sent which e-service when, to which unit, oldest first; two cases are fixed."""
    now = utcnow()
    weights = [40 if service.id == "felanmalan" else 10 for service in services]
    unit_ids = sorted(units.values())
    # The current workload is the same at every size: RECENT_CASES arrived in the last
    # RECENT_DAYS; the rest is history, up to 3 years old, and nearly all of it closed. So the
    # comparison asks what the queue costs when a city has years of cases behind it.
    recent = min(size - 2, RECENT_CASES)
    plans = [
        Plan(
            rng.choices(services, weights)[0],
            now
            - timedelta(
                seconds=rng.uniform(0, RECENT_DAYS * 86400)
                if n < recent
                else rng.uniform(RECENT_DAYS * 86400, 3 * 365 * 86400)
            ),
            rng.choice(unit_ids),
            rng.choice(residents) if rng.random() < 0.75 else None,
            None,
        )
        for n in range(size - 2)
    ]
    for index in rng.sample(range(len(plans)), 9):
        plans[index] = plans[index]._replace(applicant_id=resident_id)
    by_id = {service.id: service for service in services}
    # The two case pages timed: alike at every size, with a timeline and messages.
    plans.append(
        Plan(
            by_id["felanmalan"],
            now - timedelta(days=9),
            units[HANDLER_UNIT],
            residents[0],
            "in_progress",
        )
    )
    plans.append(
        Plan(
            by_id["skolskjuts"],
            now - timedelta(days=12),
            units["skolskjuts"],
            resident_id,
            "awaiting_info",
        )
    )
    return sorted(plans, key=lambda plan: plan.submitted)


def case_row(rng, case_id, number, plan, handlers):
    """The case's columns, before its timeline fills in the dates of its status changes."""
    processing = timedelta(days=plan.service.description.processing_days)
    status = plan.fixed_status or pick_status(rng, (utcnow() - plan.submitted) / processing)
    unit_handlers = handlers[plan.unit_id]
    assignee = rng.choice(unit_handlers)
    if plan.fixed_status == "in_progress":
        assignee = unit_handlers[-1]  # the bench handler's own case
    elif status == "received" and rng.random() < 0.8:
        assignee = None
    channel, registered_by = "digital", None
    if plan.applicant_id is None and rng.random() < 0.3:
        channel = rng.choice(("paper", "phone", "visit"))
        registered_by = rng.choice(unit_handlers)
    return {
        "id": case_id, "number": number, "service_id": plan.service.id,
        "service_version": plan.service.version, "unit_id": plan.unit_id, "status": status,
        "channel": channel, "applicant_id": plan.applicant_id, "registered_by_id": registered_by,
        "answers": None, "follow_token_hash": None, "submitted_at": plan.submitted,
        "due_at": plan.submitted + processing, "closed_at": None,
        "assignee_id": assignee,
        "status_changed_at": None, "paused_at": None, "decision": None,
        "decision_text": None, "decided_at": None, "language": "sv",
        "resident_replied_at": None, "anonymised_at": None,
    }  # fmt: skip


def user_row(rng, user_id, kind, **values):
    """A user with a common Swedish name; every row has the same keys, as executemany wants."""
    row = dict.fromkeys(("login_email", "email", "pnr_hash", "pnr_encrypted", "pnr_masked"))
    row.update(id=user_id, kind=kind, given_name=rng.choice(GIVEN_NAMES), is_active=True)
    row.update(family_name=rng.choice(FAMILY_NAMES), created_at=utcnow(), **values)
    return row


def pick_status(rng, age):
    """A status drawn from STATUS_MIX for a case `age` processing times old."""
    for limit, mix in STATUS_MIX:
        if limit is None or age < limit:
            return rng.choices(list(mix), list(mix.values()))[0]
    raise AssertionError("the last limit is None")


def timeline(rng, row):
    """The case's events, oldest first; fills in the case's status dates on the way."""
    now, submitted, status = utcnow(), row["submitted_at"], row["status"]
    steps = STEPS[status]
    if status == "closed" and rng.random() < 0.1:
        steps = ("in_progress", "closed")  # withdrawn: closed without a decision
    end = now
    if status in ("decided", "closed"):
        end = min(now, row["due_at"] + timedelta(days=rng.uniform(-10, 5)))
    span = max(end - submitted, timedelta(minutes=5))
    moments = sorted(submitted + span * rng.random() for _ in steps)
    events = [
        event_row(
            row,
            submitted,
            "received",
            row["registered_by_id"] or row["applicant_id"],
            channel=row["channel"],
        )
    ]
    if row["assignee_id"] and steps:
        events.append(event_row(row, moments[0], "claimed", row["assignee_id"], to="Handläggare"))
    previous = "received"
    for moment, step in zip(moments, steps, strict=True):
        decision = (
            rng.choice(("approved", "partly_approved", "rejected")) if step == "decided" else None
        )
        events.append(
            event_row(
                row,
                moment,
                "status_changed",
                row["assignee_id"],
                decision=decision,
                **{"from": previous, "to": step},
            )
        )
        row["status_changed_at"], previous = moment, step
        if step == "awaiting_info":
            row["paused_at"] = moment
        elif step == "decided":
            row["decision"], row["decided_at"] = decision, moment
        elif step == "closed":
            row["closed_at"] = moment
    return events


def event_row(case, moment, kind, actor_id, **details):
    """One timeline entry; its details are encrypted by the caller."""
    return {
        "case_id": case["id"],
        "kind": kind,
        "actor_id": actor_id,
        "created_at": moment,
        "details": details,
    }


def conversation(rng, row, events, bodies):
    """Messages on the case: a note and a message, or a completion request and its reply."""
    waiting = row["status"] == "awaiting_info"
    kinds = ["note", "completion_request"] if waiting else ["message", "note"]
    if row["status"] in ("decided", "closed") and rng.random() < 0.5:
        kinds += ["completion_request", "reply"]
    moment, rows = events[-1 if waiting else 0]["created_at"], []
    for kind in kinds:
        moment = min(utcnow(), moment + timedelta(hours=rng.uniform(1, 72)))
        read = not waiting and kind != "note"
        rows.append({
            "case_id": row["id"], "kind": kind, "body": bodies[kind], "created_at": moment,
            "author_id": row["applicant_id"] if kind == "reply" else row["assignee_id"],
            "read_at": moment + timedelta(hours=2) if read else None, "reply_to_id": None,
            "answered_at": moment if read and kind == "completion_request" else None,
        })  # fmt: skip
    return rows


# --- Browsing -------------------------------------------------------------------------------


@dataclass
class Page:
    """What a browser ended on after following redirects."""

    status: int
    url: str
    text: str
    redirected: bool


class HttpBrowser:
    """A browser talking to gunicorn over HTTP, with its own cookies."""

    def __init__(self, base_url):
        self.client = Client(base_url)

    def get(self, path):
        """GET `path`, following redirects."""
        return self._page(self.client.get(path))

    def post(self, path, data):
        """POST `data` to `path`, following redirects."""
        return self._page(self.client.post(path, data))

    @staticmethod
    def _page(response):
        return Page(
            response.status_code,
            urlsplit(response.url).path,
            response.text,
            bool(response.history),
        )


class LocalBrowser:
    """A browser talking to the app in this process (Flask's test client)."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, path):
        """GET `path`, following redirects."""
        return self._page(self.client.get(path, follow_redirects=True))

    def post(self, path, data):
        """POST `data` to `path`, following redirects."""
        return self._page(self.client.post(path, data=data, follow_redirects=True))

    @staticmethod
    def _page(response):
        return Page(
            response.status_code, response.request.path, response.text, bool(response.history)
        )


def log_in(make_browser):
    """A browser with the bench handler logged in and one with the bench resident."""
    handler = make_browser()
    form = handler.get("/personal/logga-in")
    landed = handler.post(
        "/personal/logga-in",
        {"csrf_token": csrf_token(form), "email": HANDLER_EMAIL, "password": HANDLER_PASSWORD},
    )
    if landed.status != 200 or landed.url.startswith(("/personal/logga-in", "/personal/tva")):
        raise Failed(f"the bench handler was not logged in: {landed.status} at {landed.url}")
    resident = make_browser()
    form = resident.get("/logga-in/test")
    landed = resident.post(f"/logga-in/test/{RESIDENT[0]}", {"csrf_token": csrf_token(form)})
    if landed.status != 200 or landed.url != "/mina-sidor/":
        raise Failed(f"the bench resident was not logged in: {landed.status} at {landed.url}")
    return {"handler": handler, "resident": resident}


def pages(seeded):
    """(label, who, path) of every timed page, with the seeded names and numbers filled in."""
    values = {"name": seeded.name, "handler_case": seeded.handler_case}
    values["resident_case"] = seeded.resident_case
    return [(label, who, path.format(**values)) for label, who, path in PAGES]


def check(page, path):
    """Fail unless the page answered 200 where it was asked for."""
    if page.status != 200 or page.redirected:
        raise Failed(f"{path} answered {page.status} at {page.url}")


def count_statements(app, seeded, result):
    """The SQL statements and case links of each page, through the app in this process."""
    browsers = log_in(lambda: LocalBrowser(app))
    statements = []
    with app.app_context():
        engine = db.engine

    def counted(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", counted)
    try:
        for label, who, path in pages(seeded):
            browsers[who].get(path)  # the first request of a page warms caches up
            statements.clear()
            page = browsers[who].get(path)
            if page.status == 404:
                result.missing[label] = "404: the page does not exist (yet)"
                continue
            check(page, path)
            result.statements[label] = len(statements)
            result.links[label] = len(CASE_LINK.findall(page.text))
    finally:
        event.remove(engine, "before_cursor_execute", counted)


def time_pages(results, urls, options):
    """Each page's wall times over HTTP, asked of every database in turn, round after round.

    Alternating between the databases (and which goes first) spreads whatever else the
    machine is doing over both, so their ratio holds even when the load drifts.
    """
    timed = [label for label, _who, _path in PAGES if not any(label in r.missing for r in results)]
    for result in results:
        result.times = {label: [] for label in timed}
    lock, errors = threading.Lock(), []

    def browse():
        try:
            sides = [
                (result, log_in(lambda url=url: HttpBrowser(url)), pages(result.seeded))
                for result, url in zip(results, urls, strict=True)
            ]
            for round_ in range(options.warmup + options.requests):
                for index, (label, _who, _path) in enumerate(PAGES):
                    if label not in timed:
                        continue
                    for result, browsers, targets in sides[:: 1 if round_ % 2 else -1]:
                        _label, who, path = targets[index]
                        started = time.perf_counter()
                        answer = browsers[who].get(path)
                        seconds = time.perf_counter() - started
                        check(answer, path)
                        if round_ >= options.warmup:
                            with lock:
                                result.times[label].append(seconds)
        except Exception as exc:  # reported by the caller, which stops the run
            errors.append(exc)

    threads = [threading.Thread(target=browse) for _ in range(options.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


# --- One backend ----------------------------------------------------------------------------


def prepare(backend, size, options, workdir):
    """A fresh database of `backend`, migrated and seeded with `size` cases; SQL counted."""
    instance = workdir / f"{backend}-{size}"
    instance.mkdir()
    if backend == "sqlite":
        database_url = f"sqlite:///{instance / 'eservices.sqlite'}"
    else:
        # One schema per size, so that both can be served at once from the one database.
        schema = f"casework_{size}"
        prepare_postgresql(options.postgresql_url, schema)
        url = make_url(options.postgresql_url)
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
        database_url = url.render_as_string(hide_password=False)
    result = Result(backend, Seeded(size), env=app_environment(database_url, instance))
    result.log_path = workdir / f"{backend}-{size}.log"
    started = time.perf_counter()
    migrate(result.env, result.log_path)
    migrated = time.perf_counter() - started
    app = create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=database_url,
        ATTACHMENTS_DIR=str(instance / "attachments"),
    )
    try:
        result.seeded = seed(app, size, random.Random(options.seed))
        count_statements(app, result.seeded, result)
    finally:
        with app.app_context():
            db.engine.dispose()
    rows = ", ".join(f"{count:,} {table}" for table, count in result.seeded.rows.items())
    print(
        f"  {backend}, {size:,} cases: migrated in {migrated:.1f} s, "
        f"seeded in {result.seeded.seconds:.1f} s ({rows})",
        flush=True,
    )
    return result


def measure(backend, options, workdir):
    """Both sizes of `backend`, each served by its own gunicorn and timed side by side."""
    results = [prepare(backend, size, options, workdir) for size in (options.small, options.large)]
    started = time.perf_counter()
    with contextlib.ExitStack() as servers:
        urls = [
            servers.enter_context(
                gunicorn(
                    "eservices:create_app()",
                    env=result.env,
                    workers=options.workers,
                    threads=options.threads,
                    log_path=result.log_path,
                    ready_path="/healthz",
                )
            )[0]
            for result in results
        ]
        time_pages(results, urls, options)
    print(f"  {backend}: served and timed in {time.perf_counter() - started:.1f} s", flush=True)
    return results


def drop_schema(url, schema):
    """Drop a schema this benchmark made in PostgreSQL."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


# --- Report ---------------------------------------------------------------------------------


def percentile(times, share):
    """The `share` percentile of `times` in milliseconds."""
    ordered = sorted(times)
    return ordered[round(share * (len(ordered) - 1))] * 1000


def short_count(cases):
    """1k for 1,000 and 100k for 100,000."""
    return f"{cases // 1000}k" if cases % 1000 == 0 else f"{cases:,}"


def print_backend(small, large):
    """The table of one backend, small against large, and its verdict; True when on target."""
    print(
        f"\n{small.backend}: {small.seeded.cases:,} against {large.seeded.cases:,} cases "
        f"(seeded in {small.seeded.seconds:.1f} s and {large.seeded.seconds:.1f} s)"
    )
    few, many = short_count(small.seeded.cases), short_count(large.seeded.cases)
    header = ("page", "rows", "SQL", f"p50 {few}", f"p95 {few}", f"p50 {many}", f"p95 {many}")
    print("  {:<27} {:>8} {:>7} {:>8} {:>8} {:>9} {:>9}   ×p50   ×p95".format(*header))
    over, judged = [], 0
    for label, _who, _path in PAGES:
        if label in small.missing or label in large.missing:
            print(f"  {label:<27} not timed: {(small.missing | large.missing)[label]}")
            continue
        a, b = small.times[label], large.times[label]
        ratio50 = percentile(b, 0.5) / percentile(a, 0.5)
        ratio95 = percentile(b, 0.95) / percentile(a, 0.95)
        if label in REFERENCE:
            mark = "  (reference)"
        else:
            judged += 1
            mark = "  OVER" if ratio50 > TARGET else ""
            if ratio50 > TARGET:
                over.append(f"{label} ({ratio50:.2f}×)")
        print(
            f"  {label:<27} {f'{small.links[label]}/{large.links[label]}':>8} "
            f"{f'{small.statements[label]}/{large.statements[label]}':>7} "
            f"{percentile(a, 0.5):>8.1f} {percentile(a, 0.95):>8.1f} "
            f"{percentile(b, 0.5):>9.1f} {percentile(b, 0.95):>9.1f} "
            f"{ratio50:>6.2f} {ratio95:>6.2f}{mark}"
        )
    verdict = "all within" if not over else f"{judged - len(over)} of {judged} within"
    print(
        f"  Verdict ({small.backend}): {verdict} {TARGET}× at p50 "
        f"(target: p50 at {many} ≤ {TARGET} × p50 at {few}; times in ms)"
    )
    if over:
        print(f"  Over the target: {'; '.join(over)}")
    return not over


# --- Command line ---------------------------------------------------------------------------


def parse_options(argv=None):
    """The command-line options; --quick takes fewer rounds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--small", type=int, default=1_000, help="cases in the small database")
    parser.add_argument("--large", type=int, default=100_000, help="cases in the large one")
    parser.add_argument("--requests", type=int, default=40, help="measured rounds [40]")
    parser.add_argument("--warmup", type=int, default=5, help="rounds not measured [5]")
    parser.add_argument("--clients", type=int, default=1, help="browsers at once [1]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker [4]")
    parser.add_argument("--seed", type=int, default=1, help="of the random data [1]")
    parser.add_argument("--quick", action="store_true", help="2 warm-up and 10 measured rounds")
    parser.add_argument("--keep", action="store_true", help="keep the databases, to look into")
    parser.add_argument("--postgresql-url", default=POSTGRESQL_URL, help=f"[{POSTGRESQL_URL}]")
    options = parser.parse_args(argv)
    if options.quick:
        options.warmup, options.requests = 2, 10
    return options


def main(argv=None):
    """Seed, measure and print each backend's table; exit 1 on a failure or a missed target."""
    options = parse_options(argv)
    backends = backends_to_run(options)
    print(
        f"gunicorn {options.workers} workers × {options.threads} threads, "
        f"{options.clients} client(s), {options.warmup} warm-up + {options.requests} measured "
        f"rounds per page, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
        "before the start",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="eservices-bench-casework-"))
    started, on_target, finished = time.perf_counter(), True, False
    try:
        results = [measure(backend, options, workdir) for backend in backends]
        for small, large in results:
            on_target = print_backend(small, large) and on_target
        finished = True
    finally:
        if finished and not options.keep:
            shutil.rmtree(workdir)
            if "postgresql" in backends:
                for size in (options.small, options.large):
                    drop_schema(options.postgresql_url, f"casework_{size}")
        else:
            print(f"\nServer logs and SQLite databases kept in {workdir}", file=sys.stderr)
            if "postgresql" in backends:
                print(
                    f"PostgreSQL's kept in the schemas casework_{options.small} and "
                    f"casework_{options.large} of {make_url(options.postgresql_url).database}",
                    file=sys.stderr,
                )
    print(f"\nTotal time {time.perf_counter() - started:.0f} s")
    return 0 if on_target else 1


if __name__ == "__main__":
    sys.exit(main())
