"""What emptying the PostgreSQL test database costs after each test: TRUNCATE against DELETE.

The suite empties every table after each of its 2,600 tests (``tests/conftest.py``,
``_empty_postgres``). This times that reset against TRUNCATE of the same tables with
RESTART IDENTITY, which the suite used before, on a database migrated to head, after a test's
worth of rows (the demo data) each time. Prints the mean ms of each.

Usage: ``.venv/bin/python bench/test_reset.py [--rounds 10]
[--postgresql-url postgresql+psycopg://postgres@127.0.0.1:5432/bench]`` from the repository
root (the database's public schema is dropped and re-created).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from harness import app_environment, load_schema_and_demo, prepare_postgresql
from sqlalchemy import text

from eservices import create_app, demo
from eservices.extensions import db

# The suite's own reset, from tests/ beside bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import _empty_postgres  # noqa: E402


def truncate(app):
    """The reset the suite used before: TRUNCATE of every table, identities restarted."""
    with app.app_context(), db.engine.begin() as conn:
        tables = ", ".join(table.name for table in db.metadata.sorted_tables)
        conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_truncate"))
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.execute(text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_truncate"))


def mean_ms(app, reset, rounds):
    """Mean ms of `reset`, each time after the demo data was loaded again."""
    spent = 0.0
    for _ in range(rounds):
        with app.app_context():
            demo.load()
        started = time.perf_counter()
        reset(app)
        spent += time.perf_counter() - started
    return spent / rounds * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--postgresql-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench"
    )
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="reset-"))
    prepare_postgresql(args.postgresql_url)
    load_schema_and_demo(app_environment(args.postgresql_url, instance), instance / "log")
    os.environ["ESERVICES_INSTANCE"] = str(instance)
    app = create_app("test", SQLALCHEMY_DATABASE_URI=args.postgresql_url)
    for name, reset in (("TRUNCATE", truncate), ("DELETE (the suite's)", _empty_postgres)):
        print(f"{name:22} {mean_ms(app, reset, args.rounds):7.1f} ms a reset")


if __name__ == "__main__":
    main()
