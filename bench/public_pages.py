"""Requests per second of every public page, against a bare Flask endpoint in the same run.

What is measured
    Every page an anonymous visitor can open with a GET, in Swedish and in English (the
    ``lang=en`` cookie the language switch sets): the start page, the catalogue, a search,
    a category, a life event, a service description, the rules pages, the log-in pages;
    the e-proposals (the list, an open proposal's page, the Atom feed); the youth election
    (its page, the candidates per area, the certified result, the ballot list, the tracker
    look-up empty and with a code); and whatever else the URL map marks @public and answers
    200 with HTML. Each is driven by wrk
    (a load generator written in C: a Python client saturates long before the server does)
    with 32 connections for a few seconds, after a short warm-up.

    The *bare* figure is the same wrk against ``GET /`` of bench/bare_app.py, under the same
    gunicorn settings, in the same run: the ceiling set by gunicorn and Flask on this
    machine right now. ``share`` is the page's requests per second over bare's.

How it runs
    A fresh SQLite database in a temporary directory gets ``flask db upgrade`` and ``flask demo
    load`` (this year's election is open for voting), and last year's election is added, voted
    in, closed and certified, so that the result pages exist. The platform
    (``ESERVICES_ENV=development``: no debugger) and the bare app are each served by a gunicorn
    with 2 workers on a free port, both for the whole run, stopped at the end. Every page is
    fetched once first and must answer 200 in its language. Then, round after round, each page
    is measured right after bare, so that both see the same machine: others' work on a shared
    machine changes from one minute to the next. A page keeps the round where its share was
    best, since whatever else the machine does only lowers it.

Usage: ``.venv/bin/python bench/public_pages.py [--rounds 2] [--duration 3] [--quick]``
from the repository root. It exits 1 when a page fails or stays below ``--target``.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import requests
from flask import url_for
from harness import ROOT, app_environment, gunicorn, load_schema_and_demo, process_tree_cpu

BENCH = Path(__file__).resolve().parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"
TARGET = 0.30
# The pages with a part in their address, and the one that only searches.
SERVICE = "felanmalan"
SEARCH = "parkering"
# The demo's election administrator, who certifies the demo election's result.
ELECTION_ADMIN = "valadmin@example.se"
# Ballots per area in last year's certified election: a ballot list of a few hundred rows.
VOTERS_PER_AREA = 100
# Public GET routes that are not pages a visitor reads: probes, files, redirects to the e-ID
# broker, and the test e-ID, which production does not have.
NOT_PAGES = {
    "static",
    "main.healthz",
    "accounts.test_eid",
    "accounts.oidc_start",
    "youth.test_eid",
    "youth.eid_start",
}
REQUESTS = re.compile(r"^\s*(\d+) requests in", re.MULTILINE)
REQUESTS_PER_SECOND = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
NOT_OK = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_ERRORS = re.compile(r"Socket errors: (.*)")


@dataclass
class Measurement:
    """Requests per second, and the server's CPU milliseconds per request."""

    rate: float = 0.0
    cpu_ms: float = 0.0


@dataclass
class Page:
    """One page in one language, and its best measurement so far beside bare Flask's."""

    name: str
    path: str
    language: str
    kind: str = "text/html"
    own: Measurement | None = None
    bare: Measurement | None = None
    problem: str | None = None

    @property
    def share(self):
        """Requests per second as a share of bare Flask's, measured just before."""
        return self.own.rate / self.bare.rate if self.own else 0.0

    @property
    def cpu_share(self):
        """Bare Flask's server CPU per request over this page's: the same share, by cost."""
        return self.bare.cpu_ms / self.own.cpu_ms if self.own and self.own.cpu_ms else 0.0

    @property
    def headers(self):
        """The request headers a visitor who chose this page's language sends."""
        return {"Cookie": "lang=en"} if self.language == "en" else {}


# --- Which pages --------------------------------------------------------------------------


def public_pages(env):
    """Every public page, in Swedish and in English: (name, path, type) from the URL map."""
    os.environ.update(env)  # the app built here reads the same settings as the server's
    sys.path.insert(0, str(ROOT))  # this checkout's platform, as gunicorn serves it
    from eservices import create_app
    from eservices.catalogue.loading import get_catalogue

    app = create_app()
    with app.test_request_context():
        catalogue = get_catalogue()
        service = next(s for s in catalogue.published() if s.id == SERVICE)
        proposal = open_proposal()
        year, tracker = certified_election()
        named = [
            ("start page", "main.index", {}),
            ("catalogue", "catalogue.index", {}),
            ("search", "catalogue.index", {"q": SEARCH}),
            ("category", "catalogue.category", {"category_id": service.category}),
            ("life event", "catalogue.life_event", {"event_id": service.life_events[0]}),
            ("service description", "catalogue.service", {"service_id": service.id}),
            ("e-proposals", "proposals.index", {}),
            ("a proposal", "proposals.show", {"proposal_id": proposal.id, "slug": proposal.slug}),
            ("proposal rules", "moderation.proposal_rules", {}),
            ("proposal feed", "proposals.feed", {}, "application/atom+xml"),
            ("youth election", "youth.index", {}),
            ("candidates", "youth.candidate_list", {}),
            ("election result", "youth.result", {"year": year}),
            ("ballot list", "youth.ballots", {"year": year}),
            ("tracker", "youth.tracker", {"year": year}),
            ("tracker, a code", "youth.tracker", {"year": year, "kod": tracker}),
        ]
        pages = [(name, url_for(endpoint, **args), *kind) for name, endpoint, args, *kind in named]
        listed = {endpoint for _name, endpoint, *_rest in named}
        client = app.test_client()
        for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
            view = app.view_functions[rule.endpoint]
            if (
                "GET" not in rule.methods
                or rule.arguments
                or rule.endpoint in listed | NOT_PAGES
                or getattr(view, "access", None) != "public"
            ):
                continue
            response = client.get(rule.rule)
            if response.status_code == 200 and response.mimetype == "text/html":
                pages.append((rule.rule, rule.rule))
    return [
        Page(name if language == "sv" else f"{name} (en)", path, language, *kind)
        for language in ("sv", "en")
        for name, path, *kind in pages
    ]


def open_proposal():
    """A demo proposal open for support, whose page shows its count and days left."""
    from sqlalchemy import select

    from eservices.extensions import db
    from eservices.proposals.models import PUBLISHED, Proposal

    return db.session.scalar(
        select(Proposal).where(Proposal.status == PUBLISHED).order_by(Proposal.id).limit(1)
    )


def certified_election():
    """Last year's election, voted in, closed and certified: (its year, a tracker code).

    The demo's election of this year stays open for voting, as in election week; the result
    pages are last year's, as they are then.
    """
    from datetime import date, timedelta

    from eservices import parsers
    from eservices.accounts import services as accounts
    from eservices.extensions import db
    from eservices.youth import demo, results, services, voting
    from eservices.youth.models import CANDIDATE_APPROVED, Candidate, Voter

    today = parsers.today_in_sweden()
    # Open now while its votes are cast, then closed at once: certified like any other.
    opens, closes = services.window(today - timedelta(days=1), today + timedelta(days=1))
    election = services.save_election(
        year=today.year - 1,
        voting_opens_at=opens,
        voting_closes_at=closes,
        candidacy_opens_at=opens - timedelta(days=30),
        candidacy_closes_at=opens - timedelta(days=7),
    )
    for name, population, code, school_name in demo.AREAS:
        area = services.add_area(election, name, population)
        school = services.add_school(election, code, school_name, area)
        people = [
            Candidate(
                election_id=election.id,
                area_id=area.id,
                school_id=school.id,
                name=name,
                presentation=text,
                status=CANDIDATE_APPROVED,
            )
            for name, text in demo.CANDIDATES[name]
        ]
        voters = [
            Voter(
                election_id=election.id,
                census_key=f"{code}-{n}",
                name=f"Elev {n}",
                birth_date=date(today.year - 13, 1, 1),
                school_id=school.id,
                class_name="7A",
                school_year=7,
                area_id=area.id,
            )
            for n in range(VOTERS_PER_AREA)
        ]
        db.session.add_all(people + voters)
    db.session.commit()
    services.compute_seats(election)
    voting.open_voting(election)
    trackers = [
        voting.cast_vote(election, voter.id, candidate.id) for voter, candidate in _votes(election)
    ]
    voting.close_voting(election)
    results.certify(election, accounts.find_staff(ELECTION_ADMIN))
    return election.year, trackers[0]


def _votes(election):
    """Each voter of `election` with a candidate of their area, in turn."""
    from sqlalchemy import select

    from eservices.extensions import db
    from eservices.youth.models import Candidate, Voter

    candidates = db.session.scalars(
        select(Candidate).where(Candidate.election_id == election.id)
    ).all()
    voters = db.session.scalars(select(Voter).where(Voter.election_id == election.id)).all()
    for n, voter in enumerate(voters):
        theirs = [c for c in candidates if c.area_id == voter.area_id]
        yield voter, theirs[n % len(theirs)]


def check_pages(url, pages):
    """Fail unless every page answers 200 in its own language on the running server."""
    for page in pages:
        response = requests.get(url + page.path, headers=page.headers, timeout=30)
        language = (
            f'<html lang="{page.language}"'
            if page.kind == "text/html"
            else f'xml:lang="{page.language}"'
        )
        if (
            response.status_code != 200
            or language not in response.text
            or response.headers.get("Content-Type", "").split(";")[0] != page.kind
        ):
            raise SystemExit(
                f"{page.name} ({page.path}) answered {response.status_code}"
                f" {response.headers.get('Content-Type')} without {language}"
            )


# --- Measuring ----------------------------------------------------------------------------


def wrk(url, options, headers=None, duration=None):
    """(requests per second, requests) wrk drives at `url`; RuntimeError says what failed."""
    command = [WRK, f"-t{options.wrk_threads}", f"-c{options.connections}"]
    command += [f"-d{duration or options.duration}s", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=False)
    rate = REQUESTS_PER_SECOND.search(done.stdout)
    if done.returncode or rate is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    if (not_ok := NOT_OK.search(done.stdout)) and int(not_ok.group(1)):
        raise RuntimeError(f"{not_ok.group(1)} responses were not 2xx or 3xx")
    if errors := SOCKET_ERRORS.search(done.stdout):
        # Timeouts and resets mean the server could not keep up: the figure is not a rate.
        raise RuntimeError(f"socket errors: {errors.group(1)}")
    return float(rate.group(1)), int(REQUESTS.search(done.stdout).group(1))


def measure(name, server, path, options, headers=None, warm_up=True):
    """Measure `path` of `server` (url, pid) after a warm-up; printed as it comes."""
    url, pid = server
    if warm_up and options.warmup:
        wrk(url + path, options, headers, duration=options.warmup)
    cpu_before = process_tree_cpu(pid)
    rate, requests_done = wrk(url + path, options, headers)
    if not requests_done:
        raise RuntimeError(f"no answer within {options.duration} s")
    cpu_ms = (process_tree_cpu(pid) - cpu_before) * 1000 / requests_done
    print(f"  {name:<34} {rate:>9.1f} req/s {cpu_ms:>7.2f} ms CPU/req", flush=True)
    return Measurement(rate, cpu_ms)


def run_rounds(platform, bare_server, pages, options):
    """Measure every page right after bare, round after round; keep each page's best share."""
    for number in range(1, options.rounds + 1):
        print(f"Round {number} of {options.rounds}:", flush=True)
        for page in pages:
            if page.problem:
                continue
            try:
                bare = measure("bare Flask", bare_server, "/", options, warm_up=number == 1)
                own = measure(page.name, platform, page.path, options, page.headers)
            except RuntimeError as exc:
                page.problem = str(exc).strip().splitlines()[0]
                print(f"  {page.name:<34} FAILED: {page.problem}", flush=True)
                continue
            if own.rate / bare.rate > page.share:
                page.own, page.bare = own, bare


def print_table(pages, target):
    """Every page's best round beside bare's; True when every share reaches the target."""
    print(
        f"\n{'page':<26} {'path':<46} {'req/s':>7} {'bare':>7} {'share':>6}"
        f" {'CPU ms':>7} {'bare':>5} {'by CPU':>6}"
    )
    ok = True
    for page in pages:
        below = page.problem or page.share < target
        ok = ok and not below
        if page.problem:
            print(f"{page.name:<26} {page.path:<46} FAILED: {page.problem}")
            continue
        own, bare = page.own, page.bare
        print(
            f"{page.name:<26} {page.path:<46} {own.rate:>7.1f} {bare.rate:>7.1f}"
            f" {page.share:>6.2f} {own.cpu_ms:>7.2f} {bare.cpu_ms:>5.2f}"
            f" {page.cpu_share:>6.2f}{'  BELOW' if below else ''}"
        )
    lowest = min(pages, key=lambda page: page.share)
    print(
        f"\nLowest share {lowest.share:.2f} ({lowest.name}); target {target:.2f}:"
        f" {'every page reaches it' if ok else 'NOT every page reaches it'}."
        "\n(CPU ms: the server's CPU milliseconds per request, page and bare; by CPU: bare's"
        " over the page's, steadier than req/s while others share the machine)"
    )
    return ok


# --- Command line -------------------------------------------------------------------------


def parse_options(argv=None):
    """The command-line options; --quick is one short round."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds per page [3]")
    parser.add_argument("--warmup", type=int, default=1, help="seconds before each [1]")
    parser.add_argument("--rounds", type=int, default=2, help="best of this many rounds [2]")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections [32]")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads [2]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker [4]")
    parser.add_argument("--target", type=float, default=TARGET, help=f"share [{TARGET}]")
    parser.add_argument("--pages", help="only pages whose name or path holds this text")
    parser.add_argument("--quick", action="store_true", help="1 round of 2 s, no warm-up")
    options = parser.parse_args(argv)
    if options.quick:
        options.rounds, options.duration, options.warmup = 1, 2, 0
    return options


def main(argv=None):
    """Serve both apps, measure every page, print the table; exit 1 below the target."""
    options = parse_options(argv)
    if not Path(WRK).exists():
        raise SystemExit("wrk is needed: apt-get install wrk")
    print(
        f"gunicorn {options.workers} workers × {options.threads} threads, wrk"
        f" {options.connections} connections, {options.warmup:g} s warm-up +"
        f" {options.duration:g} s per page, best of {options.rounds} rounds,"
        f" {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the start\n",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="eservices-bench-public-"))
    ok = False
    try:
        instance = workdir / "instance"
        instance.mkdir()
        env = app_environment(f"sqlite:///{instance / 'eservices.sqlite'}", instance)
        log_path = workdir / "platform.log"
        load_schema_and_demo(env, log_path)
        pages = public_pages(env)
        if options.pages:
            pages = [p for p in pages if options.pages in p.name or options.pages in p.path]
            if not pages:
                raise SystemExit(f"no page's name or path holds {options.pages!r}")
        serve = {"workers": options.workers, "threads": options.threads}
        with (
            gunicorn(
                "eservices:create_app()",
                env=env,
                log_path=log_path,
                ready_path="/healthz",
                **serve,
            ) as platform,
            gunicorn(
                "bare_app:create_app()",
                env=dict(os.environ),
                log_path=workdir / "bare.log",
                ready_path="/",
                pythonpath=str(BENCH),
                **serve,
            ) as bare_server,
        ):
            check_pages(platform[0], pages)
            run_rounds(platform, bare_server, pages, options)
        ok = print_table(pages, options.target)
    finally:
        if ok:
            shutil.rmtree(workdir)
        else:
            print(f"\nServer logs and the database kept in {workdir}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
