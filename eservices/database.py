"""Database helpers: UTC time, SQLite tuning and the session-owning transaction helper."""

import json
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url

from eservices.extensions import db

# Times are stored in UTC and shown, and counted in days and years, in Swedish time.
SWEDEN = ZoneInfo("Europe/Stockholm")


# Full-text indexes are made by migrations alone, each database its own way (an FTS5 table
# on SQLite, a GIN index on an expression on PostgreSQL), which no model can describe.
# Their names begin with this, and the comparison of models and schema leaves them out.
MIGRATIONS_ONLY = "search_"


def described_by_models(name, type_, parent_names):
    """Whether the schema object ``name`` is one the models describe (Alembic's include_name)."""
    return not (name or "").startswith(MIGRATIONS_ONLY)


def utcnow():
    """The current time as an aware UTC datetime: every stored time is UTC."""
    return datetime.now(UTC)


def start_of_day(day):
    """Midnight at the start of ``day`` in Sweden, as UTC: where a Swedish date begins."""
    return datetime.combine(day, time(), tzinfo=SWEDEN).astimezone(UTC)


def as_utc(value):
    """Treat a naive datetime read back from SQLite as UTC (SQLite stores no zone)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def engine_options(uri, config):
    """SQLAlchemy engine options for `uri`: the timeouts that keep a stuck database from
    holding a worker, and a check of pooled connections before use."""
    connect, statement = config["DB_CONNECT_TIMEOUT"], config["DB_STATEMENT_TIMEOUT"]
    if uri.startswith("sqlite"):
        # Writers wait for each other this long (SQLite's busy timeout), then fail with
        # "database is locked" rather than queue for ever.
        return {"connect_args": {"timeout": statement or 3600}}
    connect_args = {"connect_timeout": connect}
    if uri.startswith("postgresql"):
        # statement_timeout is enforced by the server; tcp_user_timeout makes the client
        # give up on a connection whose packets go unacknowledged (a network partition),
        # which the server, cut off, can never report.
        # Options given in the URL (a search_path, say) are kept: these would replace them.
        given = make_url(uri).query.get("options") or ""
        connect_args["options"] = f"{given} -c statement_timeout={statement * 1000}".strip()
        connect_args["tcp_user_timeout"] = max(connect, statement) * 1000
    return {
        "pool_pre_ping": True,
        # A request waits no longer for a pooled connection than for a new one plus a query.
        "pool_timeout": connect + statement if statement else 30,
        "connect_args": connect_args,
    }


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # WAL lets readers run beside a writer.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's own lower() knows only ASCII: a search for "östen" missed "Östen Ågren".
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


# One thread per process for health checks: while the database hangs, later checks queue
# behind the stuck one and time out too, rather than pile up threads.
_health_checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")


def database_answers(timeout):
    """True when the database runs a query within `timeout` seconds, whatever the failure
    (refused, reset, or silent: a partition or a stuck failover never refuses)."""
    engine = db.engine

    def ping():
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    try:
        _health_checker.submit(ping).result(timeout=timeout)
    except FutureTimeout:
        return False
    except Exception:  # noqa: BLE001 - any failure means "take me out of rotation"
        return False
    return True


@contextmanager
def transaction():
    """Commit the session when the block succeeds, roll back and re-raise when it fails."""
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


class EncryptedJSON(db.TypeDecorator):
    """JSON encrypted with the field keys: answers hold personal data of every kind
    (personnummer, addresses, medical details), and a database dump must reveal none."""

    impl = db.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Serialise, then encrypt."""
        from eservices import crypto

        return None if value is None else crypto.encrypt(json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value, dialect):
        """Decrypt, then parse."""
        from eservices import crypto

        return None if value is None else json.loads(crypto.decrypt(value))


class EncryptedText(db.TypeDecorator):
    """A string encrypted with the field keys: a file name such as "Läkarintyg Anna.pdf"
    says as much about a person as the answers do."""

    impl = db.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Encrypt."""
        from eservices import crypto

        return None if value is None else crypto.encrypt(value)

    def process_result_value(self, value, dialect):
        """Decrypt."""
        from eservices import crypto

        return None if value is None else crypto.decrypt(value)


class UTCDateTime(db.TypeDecorator):
    """A timestamp stored in UTC and always read back as an aware UTC datetime."""

    impl = db.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Normalise to UTC before storing; naive datetimes are refused."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use utcnow()")
        value = value.astimezone(UTC)
        # SQLite has no zone type: store naive UTC so strings sort in time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        """Attach UTC to what the database returns."""
        return as_utc(value) if value is not None else None
