"""Database helpers: UTC time, SQLite tuning and the session-owning transaction helper."""

import json
from contextlib import contextmanager
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.engine import Engine

from eservices.extensions import db

# Times are stored in UTC and shown, and counted in days and years, in Swedish time.
SWEDEN = ZoneInfo("Europe/Stockholm")


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


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # WAL lets readers run beside a writer; the busy timeout makes writers queue, not fail.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's own lower() knows only ASCII: a search for "östen" missed "Östen Ågren".
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


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
