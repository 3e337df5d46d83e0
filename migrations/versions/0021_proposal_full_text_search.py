"""E-proposals: the list's search finds words in titles and texts through a full-text index

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01

A search read every title with LIKE, so its time grew with the number of proposals. Each database gets its own word index, named
search_… so that the comparison of models and schema leaves it out (no model can describe
it):

- PostgreSQL: a GIN index on the words of title and text, both as Swedish stems (bänkar
  finds bänken) and as written (names, words the Swedish dictionary drops as stop words).
- SQLite: an FTS5 table over the proposals' own rows (no copy of the texts), kept in step
  by triggers. Letters are compared without case; å, ä and ö stay letters of their own.

The (status, title) index of the LIKE search is no longer read, and goes.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

DOCUMENT = "proposals.title || ' ' || proposals.body"
PG_INDEX = (
    "CREATE INDEX search_proposals ON proposals USING gin ("
    f"(to_tsvector('swedish', {DOCUMENT}) || to_tsvector('simple', {DOCUMENT})))"
)
SQLITE = (
    "CREATE VIRTUAL TABLE search_proposals USING fts5(title, body, content='proposals',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_proposals_insert AFTER INSERT ON proposals BEGIN"
    " INSERT INTO search_proposals (rowid, title, body) VALUES (new.id, new.title, new.body);"
    " END",
    "CREATE TRIGGER search_proposals_delete AFTER DELETE ON proposals BEGIN"
    " INSERT INTO search_proposals (search_proposals, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_proposals_update AFTER UPDATE OF title, body ON proposals BEGIN"
    " INSERT INTO search_proposals (search_proposals, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO search_proposals (rowid, title, body) VALUES (new.id, new.title, new.body);"
    " END",
    "INSERT INTO search_proposals (search_proposals) VALUES ('rebuild')",
)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_INDEX)
    elif dialect == "sqlite":
        for statement in SQLITE:
            op.execute(statement)
    op.drop_index('ix_proposals_status_title', table_name='proposals')


def downgrade():
    op.create_index('ix_proposals_status_title', 'proposals', ['status', 'title'], unique=False)
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX search_proposals")
    elif dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER search_proposals_{trigger}")
        op.execute("DROP TABLE search_proposals")
