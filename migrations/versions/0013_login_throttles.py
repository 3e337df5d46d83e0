"""Log-in throttling counted in the database, shared by every worker and server

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

Counted until now in each worker's memory, so each worker allowed its own five attempts.
"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttles',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('window_start', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('reported_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttles'))
    )
    op.create_index('ix_login_throttles_window_start', 'login_throttles', ['window_start'], unique=False)


def downgrade():
    op.drop_index('ix_login_throttles_window_start', table_name='login_throttles')
    op.drop_table('login_throttles')
