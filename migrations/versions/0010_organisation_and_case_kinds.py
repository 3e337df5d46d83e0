"""Committees become units of their own kind, and cases have a kind

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28

A committee receives cases as a unit does, so it lives in the units table with
kind 'committee', and its members in unit_memberships. A committee whose short name a
unit already has keeps it with "-namnd" added (short names are unique over both).
"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN, no batch: a batch rebuild would drop tables that others point at.
    op.add_column('units', sa.Column('kind', sa.String(length=16), server_default='unit', nullable=False))
    # The committee's short name in the units table.
    slug = (
        "CASE WHEN EXISTS (SELECT 1 FROM units u WHERE u.kind = 'unit' AND u.slug = c.slug) "
        "THEN c.slug || '-namnd' ELSE c.slug END"
    )
    op.execute(
        "INSERT INTO units (kind, slug, name_sv, name_en, is_active, created_at) "
        f"SELECT 'committee', {slug}, c.name_sv, c.name_en, c.is_active, c.created_at "
        "FROM committees c ORDER BY c.id"
    )
    op.execute(
        "INSERT INTO unit_memberships (user_id, unit_id) "
        "SELECT m.user_id, n.id FROM committee_memberships m "
        "JOIN committees c ON c.id = m.committee_id "
        f"JOIN units n ON n.kind = 'committee' AND n.slug = {slug}"
    )
    op.drop_table('committee_memberships')
    op.drop_table('committees')
    op.add_column('cases', sa.Column('kind', sa.String(length=40), server_default='eservice', nullable=False))


def downgrade():
    op.execute('ALTER TABLE cases DROP COLUMN kind')
    op.create_table('committees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name_sv', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committees')),
    sa.UniqueConstraint('slug', name=op.f('uq_committees_slug'))
    )
    op.create_table('committee_memberships',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_committee_memberships_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_committee_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'committee_id', name=op.f('pk_committee_memberships'))
    )
    op.execute(
        "INSERT INTO committees (id, slug, name_sv, name_en, is_active, created_at) "
        "SELECT id, slug, name_sv, name_en, is_active, created_at FROM units "
        "WHERE kind = 'committee'"
    )
    op.execute(
        "INSERT INTO committee_memberships (user_id, committee_id) "
        "SELECT m.user_id, m.unit_id FROM unit_memberships m "
        "JOIN units u ON u.id = m.unit_id WHERE u.kind = 'committee'"
    )
    op.execute(
        "DELETE FROM unit_memberships WHERE unit_id IN "
        "(SELECT id FROM units WHERE kind = 'committee')"
    )
    op.execute("DELETE FROM units WHERE kind = 'committee'")
    op.execute('ALTER TABLE units DROP COLUMN kind')
