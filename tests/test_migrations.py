"""The migrations make exactly the schema that the models describe, on either database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from eservices.extensions import db as _db


def test_migrated_database_matches_the_models(app, db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, _db.metadata)
    assert differences == [], f"models and migrations differ: {differences}"


def test_migrations_created_every_table(app, db):
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in _db.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables
