"""Log-in throttling counted in the database; e-ID log-ins in flight kept server-side

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

Throttling was counted in each worker's memory, so each worker allowed its own five attempts.
The state, nonce and PKCE verifier of an e-ID log-in were kept in the cookie, so a copy of the
cookie could replay a callback.
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
    op.create_table('oidc_login_states',
    sa.Column('state_hash', sa.String(length=64), nullable=False),
    sa.Column('nonce', sa.String(length=128), nullable=False),
    sa.Column('code_verifier', sa.String(length=128), nullable=False),
    sa.Column('redirect_uri', sa.String(length=2000), nullable=False),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('created_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('state_hash', name=op.f('pk_oidc_login_states'))
    )
    op.create_index('ix_oidc_login_states_created_at', 'oidc_login_states', ['created_at'], unique=False)


def downgrade():
    op.drop_index('ix_oidc_login_states_created_at', table_name='oidc_login_states')
    op.drop_table('oidc_login_states')
    op.drop_index('ix_login_throttles_window_start', table_name='login_throttles')
    op.drop_table('login_throttles')
