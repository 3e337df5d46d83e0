"""The youth election's result: the lottery seed and its commitment, and the certified record

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('youth_results',
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('seed_commitment', sa.String(length=64), nullable=False),
    sa.Column('document', sa.Text(), nullable=True),
    sa.Column('result_hash', sa.String(length=64), nullable=True),
    sa.Column('certified_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('certified_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['certified_by_id'], ['users.id'], name=op.f('fk_youth_results_certified_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['election_id'], ['youth_elections.id'], name=op.f('fk_youth_results_election_id_youth_elections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('election_id', name=op.f('pk_youth_results'))
    )


def downgrade():
    op.drop_table('youth_results')
