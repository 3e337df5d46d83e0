"""Fixtures shared by the whole suite: app, client, db, factories and a page checker.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL is set. Either way
the schema is made by the Alembic migrations, once per session, never by create_all().
"""

import contextvars
import os
import re
import shutil
from html.parser import HTMLParser

import pytest
from flask import template_rendered
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from eservices import create_app, parsers
from eservices.accounts import services as accounts
from eservices.extensions import db as _db
from eservices.organisation.models import COMMITTEE, Unit
from eservices.pagecache import PageCache

# Fixtures shared by several folders: cases (one factory), a fault report on its way, and a
# resident and a handler talking about her case.
pytest_plugins = ["tests.factories", "tests.fault_report", "tests.resident_cases"]

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgresql")


def _database_of_this_worker(url):
    """The database this test process uses: the one in DATABASE_URL, or, when the suite runs
    in several processes (pytest-xdist), a database of its own beside it (test_gw0, ...)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not (ON_POSTGRES and worker):
        return url
    given = make_url(url)
    return given.set(database=f"{given.database}_{worker}").render_as_string(hide_password=False)


DATABASE_URL = _database_of_this_worker(os.environ.get("DATABASE_URL", ""))
PASSWORD = "correct-horse-battery-staple"


def _migrate(url, instance):
    os.environ["ESERVICES_INSTANCE"] = str(instance)
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url)
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        _db.engine.dispose()


def _reset_postgres(url):
    name = make_url(url).database
    server = create_engine(os.environ["DATABASE_URL"], isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Migrate an empty database to head once per session."""
    base = tmp_path_factory.mktemp("db")
    if ON_POSTGRES:
        _reset_postgres(DATABASE_URL)
        _migrate(DATABASE_URL, base)
        return DATABASE_URL
    template = base / "template.sqlite"
    _migrate(f"sqlite:///{template}", base)
    return template


def _empty_postgres(app):
    """Empty every table and start every sequence at 1 again, as a fresh database would.

    DELETE of a test's few rows takes about 2 ms, where TRUNCATE of every table took about
    80 ms (it makes new files for each table and index). With replication's session role no
    trigger fires: neither the foreign keys, so the order does not matter, nor the audit
    log's refusal to be emptied, which holds for the application. That role needs a
    superuser, as the tests' database user is.
    """
    with app.app_context():
        tables = [t.name for t in _db.metadata.sorted_tables]
        with _db.engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            # The names are the models' own tables, not input.
            emptying = "; ".join(f"DELETE FROM {table}" for table in tables)  # noqa: S608
            conn.execute(text(emptying))
            conn.execute(text("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"))


class IsolatedClient(FlaskClient):
    """A test client whose requests never share the test's own app context.

    Flask reuses an app context that is already pushed, and with it `g` and the database
    session; a test that holds one (the `db` fixture) would leak state into requests.
    """

    def open(self, *args, **kwargs):
        """Run the request in an empty context, as a real server would.

        Every whole HTML page that comes back goes through the page checker, so no page
        test can skip it.
        """
        response = contextvars.Context().run(super().open, *args, **kwargs)
        whole_page = response.mimetype == "text/html" and not response.is_streamed
        if whole_page and "<html" in response.get_data(as_text=True)[:500]:
            check_document(response.get_data(as_text=True))
        return response


@pytest.fixture
def app_config():
    """Settings a test may override before the app is built."""
    return {}


@pytest.fixture
def app(database_template, tmp_path, app_config, monkeypatch):
    """A fresh application on a fresh, migrated database."""
    monkeypatch.setenv("ESERVICES_INSTANCE", str(tmp_path / "instance"))
    if ON_POSTGRES:
        url = DATABASE_URL
    else:
        path = tmp_path / "test.sqlite"
        shutil.copyfile(database_template, path)
        url = f"sqlite:///{path}"
    application = create_app("test", SQLALCHEMY_DATABASE_URI=url, **app_config)
    application.test_client_class = IsolatedClient
    yield application
    if ON_POSTGRES:
        _empty_postgres(application)
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def db(app):
    """The database session, inside an application context."""
    with app.app_context():
        yield _db
        _db.session.remove()


# --- Factories -------------------------------------------------------------------------


@pytest.fixture
def make_unit(db):
    """Create a unit: make_unit(slug="park", name_sv="Park")."""

    def factory(slug="park-och-natur", name_sv="Park och natur", name_en="Parks", parent=None):
        unit = Unit(slug=slug, name_sv=name_sv, name_en=name_en, parent=parent)
        db.session.add(unit)
        db.session.commit()
        return unit

    return factory


@pytest.fixture
def make_committee(db):
    """Create a committee."""

    def factory(slug="kulturnamnden", name_sv="Kulturnämnden", name_en="Culture Committee"):
        committee = Unit(kind=COMMITTEE, slug=slug, name_sv=name_sv, name_en=name_en)
        db.session.add(committee)
        db.session.commit()
        return committee

    return factory


@pytest.fixture
def make_staff(db):
    """Create a staff member: make_staff(role="admin", email=..., units=[...])."""
    counter = iter(range(1, 10_000))

    def factory(role=None, roles=(), email=None, password=PASSWORD, units=(), committees=()):
        n = next(counter)
        email = email or f"staff{n}@example.se"
        wanted = set(roles) | ({role} if role else set())
        return accounts.create_staff(
            email,
            "Test",
            f"Person{n}",
            roles=sorted(wanted),
            password=password,
            units=units,
            committees=committees,
        )

    return factory


@pytest.fixture
def make_resident(db):
    """Create a resident from a personnummer (default: a valid made-up one)."""

    def factory(pnr="19900315-2387", given_name="Anna", family_name="Andersson"):
        number = parsers.parse_personnummer(pnr)
        user = accounts.get_or_create_resident(number, given_name, family_name)
        db.session.commit()
        return user

    return factory


# --- Logging in through the real forms --------------------------------------------------


def csrf_token(html):
    """The CSRF token found in a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def session_token(client):
    """A CSRF token of `client`'s session, for a POST that no page of its own offers (a
    crafted request). Reading pages carry no token; the log-out form of a logged-in
    visitor's start page, or the staff log-in form, does."""
    home = client.get("/").text
    if 'name="csrf_token"' in home:
        return csrf_token(home)
    return csrf_token(client.get("/personal/logga-in").text)


def post_form(client, url, data, **kwargs):
    """GET the page for its CSRF token, then POST the form to `url`."""
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(page.text), **data}, **kwargs)


def staff_client(app, user, password=PASSWORD):
    """A new client of ``app`` with ``user`` (staff) logged in by password."""
    client = app.test_client()
    response = post_form(
        client, "/personal/logga-in", {"email": user.login_email, "password": password}
    )
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def login_staff(client):
    """Log a staff member in with password (no two-factor)."""

    def do(user, password=PASSWORD):
        response = post_form(
            client, "/personal/logga-in", {"email": user.login_email, "password": password}
        )
        assert response.status_code == 302, response.text
        return response

    return do


@pytest.fixture
def login_resident(client):
    """Log a resident in through the test e-ID."""

    def do(pnr="19900315-2387", given_name="Anna", family_name="Andersson"):
        response = post_form(
            client,
            "/logga-in/test",
            {"personnummer": pnr, "given_name": given_name, "family_name": family_name},
        )
        assert response.status_code == 302, response.text
        return response

    return do


# --- The page checker -------------------------------------------------------------------


_UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = []
        self.h1_count = 0
        self.in_h1 = False
        self.in_title = False
        self.h1_text = ""
        self.title_text = ""
        self.forms = []
        self.controls = []  # (name or id, id, labelled by itself or an enclosing <label>)
        self.label_for = set()
        self.open_labels = 0
        self.error_summary = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "error-summary" in (attrs.get("class") or "").split():
            self.error_summary = True
        if tag == "label":
            self.open_labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in _UNLABELLED_INPUTS:
            labelled = bool(attrs.get("aria-label") or attrs.get("aria-labelledby"))
            labelled = labelled or self.open_labels > 0
            self.controls.append((attrs.get("name") or attrs.get("id"), attrs.get("id"), labelled))
        if tag == "h1":
            self.h1_count += 1
            self.in_h1 = True
        elif tag == "title":
            self.in_title = True
        elif tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action"),
                    "csrf": False,
                }
            )
        elif tag == "input" and attrs.get("name") == "csrf_token" and self.forms:
            self.forms[-1]["csrf"] = True

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels = max(0, self.open_labels - 1)
        if tag == "h1":
            self.in_h1 = False
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_h1:
            self.h1_text += data
        if self.in_title:
            self.title_text += data


# The POST forms without a CSRF token: the language switches, which check where they were sent
# from instead (docs/security.md); tests/test_security.py keeps the app's exemptions to them.
TOKENLESS_FORMS = frozenset({"/sprak", "/ungdomsval/sprak"})


def check_page(response, status=200):
    """Assert the status and what every HTML page must get right; return the parsed page."""
    assert response.status_code == status, (response.status_code, response.text[:2000])
    return check_document(response.text)


def check_document(html):
    """Assert what every HTML page must get right, whatever its status; return the parser.

    One <h1>, named by the title; unique ids; a CSRF token in every POST form; a label for
    every control; and a title that starts with "Fel: " (or "Error: ", "خطأ: ") when the page shows
    an error summary, so a screen-reader user hears at once that the form was refused.
    """
    parser = _PageParser()
    parser.feed(html)
    assert parser.h1_count == 1, f"{parser.h1_count} <h1> on the page"
    duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in parser.forms:
        if form["method"] == "post" and form["action"] not in TOKENLESS_FORMS:
            assert form["csrf"], "a POST form without a CSRF token"
    h1 = " ".join(parser.h1_text.split())
    title = " ".join(parser.title_text.split())
    assert h1 and h1 in title, f"the title {title!r} does not name the page {h1!r}"
    if parser.error_summary:
        prefixes = ("Fel: ", "Error: ", "خطأ: ")
        assert title.startswith(prefixes), f"errors shown, but the title is {title!r}"
    unlabelled = [
        name
        for name, control_id, labelled in parser.controls
        if not labelled and control_id not in parser.label_for
    ]
    assert not unlabelled, f"controls without a label: {unlabelled}"
    return parser


@pytest.fixture
def renders(app):
    """The names of the templates rendered while the test runs."""
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    yield rendered
    template_rendered.disconnect(record, app)


@pytest.fixture
def page_clock(app):
    """The page cache's clock, moved by hand: page_clock[0] += seconds."""
    now = [1000.0]
    app.extensions["pagecache"] = PageCache(app.config["PAGE_CACHE_SECONDS"], timer=lambda: now[0])
    return now


@pytest.fixture
def page(client):
    """Fetch a page and check it: page("/url") or page("/url", status=404)."""

    def fetch(url, status=200, **kwargs):
        response = client.get(url, **kwargs)
        check_page(response, status)
        return response

    return fetch
