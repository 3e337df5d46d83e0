"""Outbox links kept encrypted apart from the text, failed e-mail; the audit log chained by
hash and refusing TRUNCATE

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01

E-mail already sent keeps no links: they may have been bearer secrets (follow links,
invitations, address confirmations). E-mail not yet sent keeps its text as it is, to be
sent. The audit entries there are get their place in the chain, oldest first.
"""
import re
from types import SimpleNamespace

from alembic import op
import sqlalchemy as sa

import eservices.database
from eservices.audit import chain


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

_URL = re.compile(r"https?://\S+")
_LINK_PLACEHOLDER = "\u27e6link\u27e7"  # notifications.services.LINK_PLACEHOLDER

_SQLITE_APPEND_ONLY = """
CREATE TRIGGER audit_events_no_{op} BEFORE {OP} ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
"""
_PG_NO_TRUNCATE = """
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
"""

_outbox = sa.table(
    'outbox_messages', sa.column('id', sa.Integer), sa.column('status', sa.String),
    sa.column('body_text', sa.Text),
)
_events = sa.table(
    'audit_events', sa.column('id', sa.Integer),
    sa.column('occurred_at', eservices.database.UTCDateTime(timezone=True)),
    sa.column('actor_id', sa.Integer), sa.column('actor_label', sa.String),
    sa.column('action', sa.String), sa.column('object_type', sa.String),
    sa.column('object_id', sa.String), sa.column('ip', sa.String),
    sa.column('details', sa.JSON), sa.column('chain_seq', sa.Integer),
    sa.column('chain_hash', sa.String),
)


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_encrypted', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('failed_at', eservices.database.UTCDateTime(timezone=True), nullable=True))
    _remove_links_from_sent_email()

    op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    op.add_column('audit_events', sa.Column('chain_seq', sa.Integer(), nullable=True))
    op.add_column('audit_events', sa.Column('chain_hash', sa.String(length=64), nullable=True))
    _allow_changes(True)
    seq, last = _chain_existing_entries()
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('chain_seq', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('chain_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index('ix_audit_events_chain_seq', ['chain_seq'], unique=True)
    _allow_changes(False)
    op.execute(sa.text("INSERT INTO audit_chain_head (id, seq, hash) VALUES (:id, :seq, :hash)")
               .bindparams(id=chain.HEAD_ID, seq=seq, hash=last))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_NO_TRUNCATE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
    _allow_changes(True)
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_chain_seq')
        batch_op.drop_column('chain_hash')
        batch_op.drop_column('chain_seq')
    _allow_changes(False)
    op.drop_table('audit_chain_head')
    # Links not yet sent go back into the text, where the earlier code looks for them.
    from eservices import crypto

    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, body_text, link_encrypted FROM outbox_messages"
        " WHERE link_encrypted IS NOT NULL"
    )).all()
    for id_, body, link in rows:
        connection.execute(
            sa.text("UPDATE outbox_messages SET body_text = :body WHERE id = :id"),
            {"id": id_, "body": body.replace(_LINK_PLACEHOLDER, crypto.decrypt(link))},
        )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('failed_at')
        batch_op.drop_column('link_encrypted')


def _remove_links_from_sent_email():
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_outbox.c.id, _outbox.c.body_text).where(_outbox.c.status == 'sent')
    ).all()
    for id_, body in rows:
        if _URL.search(body):
            connection.execute(
                _outbox.update().where(_outbox.c.id == id_)
                .values(body_text=_URL.sub("[link removed once sent]", body))
            )


def _chain_existing_entries():
    connection = op.get_bind()
    seq, previous = 0, chain.GENESIS
    for row in connection.execute(sa.select(_events).order_by(_events.c.id)).all():
        seq += 1
        entry = SimpleNamespace(**(row._asdict() | {"chain_seq": seq}))
        previous = chain.entry_hash(previous, entry)
        connection.execute(
            _events.update().where(_events.c.id == row.id)
            .values(chain_seq=seq, chain_hash=previous)
        )
    return seq, previous


def _allow_changes(allow):
    """Lift the audit log's append-only triggers for the length of this migration's work
    on it (SQLite drops them anyway when it rebuilds the table)."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("update", "delete"):
            if allow:
                op.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{name}")
            else:
                op.execute(_SQLITE_APPEND_ONLY.format(op=name, OP=name.upper()))
    elif dialect == "postgresql":
        state = "DISABLE" if allow else "ENABLE"
        op.execute(f"ALTER TABLE audit_events {state} TRIGGER audit_events_append_only")
