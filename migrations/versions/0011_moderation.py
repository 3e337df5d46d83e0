"""Moderation: the queue of items of any kind, and reports

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _user(column, table):
    return sa.ForeignKeyConstraint(
        [column], ['users.id'], name=op.f(f'fk_{table}_{column}_users'), ondelete='SET NULL'
    )


def upgrade():
    op.create_table('moderation_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('submitted_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('parked_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('parked_by_id', sa.Integer(), nullable=True),
    sa.Column('park_reason', sa.Text(), nullable=True),
    sa.Column('decided_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('rule_ids', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('extra', sa.String(length=200), nullable=True),
    _user('claimed_by_id', 'moderation_items'),
    _user('decided_by_id', 'moderation_items'),
    _user('parked_by_id', 'moderation_items'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_items'))
    )
    op.create_index('ix_moderation_items_object', 'moderation_items', ['kind', 'object_id'])
    op.create_index('ix_moderation_items_queue', 'moderation_items', ['decided_at', 'submitted_at'])
    # At most one undecided round per item, whatever races.
    op.create_index('uq_moderation_items_waiting', 'moderation_items', ['kind', 'object_id'],
                    unique=True, sqlite_where=sa.text('decided_at IS NULL'),
                    postgresql_where=sa.text('decided_at IS NULL'))

    op.create_table('moderation_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reporter_key', sa.String(length=80), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('created_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reviewed_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    _user('reporter_id', 'moderation_reports'),
    _user('reviewed_by_id', 'moderation_reports'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_reports'))
    )
    op.create_index('ix_moderation_reports_item', 'moderation_reports',
                    ['kind', 'object_id', 'reviewed_at'])
    op.create_index('ix_moderation_reports_open', 'moderation_reports',
                    ['reviewed_at', 'created_at'])
    # One open report per reporter and item: reporting twice does not hide it sooner.
    op.create_index('uq_moderation_reports_open', 'moderation_reports',
                    ['kind', 'object_id', 'reporter_key'], unique=True,
                    sqlite_where=sa.text('reviewed_at IS NULL'),
                    postgresql_where=sa.text('reviewed_at IS NULL'))


def downgrade():
    op.drop_table('moderation_reports')
    op.drop_table('moderation_items')
