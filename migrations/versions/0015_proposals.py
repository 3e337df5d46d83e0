"""E-proposals: the proposal itself, its moderation state and its support count

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

Supports, forwarding and the committee's answer are tables and columns of their own, added
after this one; the count of supports lives here so that lists never count support rows.
"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.Column('image_key', sa.String(length=64), nullable=True),
    sa.Column('image_content_type', sa.String(length=100), nullable=True),
    sa.Column('image_alt', sa.String(length=300), nullable=True),
    sa.Column('proposer_id', sa.Integer(), nullable=True),
    sa.Column('proposer_name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rule_ids', sa.JSON(), nullable=False),
    sa.Column('rules_accepted_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closes_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('support_count', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['units.id'], name=op.f('fk_proposals_committee_id_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['proposer_id'], ['users.id'], name=op.f('fk_proposals_proposer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals')),
    sa.UniqueConstraint('image_key', name=op.f('uq_proposals_image_key'))
    )
    op.create_index(op.f('ix_proposals_committee_id'), 'proposals', ['committee_id'], unique=False)
    op.create_index(op.f('ix_proposals_proposer_id'), 'proposals', ['proposer_id'], unique=False)
    op.create_index(op.f('ix_proposals_status'), 'proposals', ['status'], unique=False)
    op.create_index('ix_proposals_status_closes', 'proposals', ['status', 'closes_at'], unique=False)
    op.create_index('ix_proposals_decided', 'proposals', ['decided_at'], unique=False)
    op.create_index('ix_proposals_supports', 'proposals', ['support_count'], unique=False)
    op.create_index('ix_proposals_status_decided', 'proposals', ['status', 'decided_at'], unique=False)
    op.create_index('ix_proposals_status_supports', 'proposals', ['status', 'support_count'], unique=False)


def downgrade():
    op.drop_table('proposals')
