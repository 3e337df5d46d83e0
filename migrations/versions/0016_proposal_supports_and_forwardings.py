"""E-proposals: one support per person per proposal, and the forwarding to the committee
with its answer

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

A support belongs to a resident account, unique per personnummer, so the unique constraint
holds one support per person whether it came by e-ID or on paper. A forwarding has the
proposal as its primary key: a proposal is forwarded once.
"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_forwardings',
    sa.Column('proposal_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('forwarded_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answer_due_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decision', sa.String(length=24), nullable=True),
    sa.Column('answer_text', sa.Text(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('minutes_url', sa.String(length=500), nullable=True),
    sa.Column('answered_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_proposal_forwardings_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_proposal_forwardings_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_forwardings_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', name=op.f('pk_proposal_forwardings')),
    sa.UniqueConstraint('case_id', name=op.f('uq_proposal_forwardings_case_id'))
    )
    with op.batch_alter_table('proposal_forwardings', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_forwardings_due', ['answered_at', 'answer_due_at'], unique=False)

    op.create_table('proposal_supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('supporter_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('notify', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_supports_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_proposal_supports_registered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supporter_id'], ['users.id'], name=op.f('fk_proposal_supports_supporter_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_supports')),
    sa.UniqueConstraint('proposal_id', 'supporter_id', name=op.f('uq_proposal_supports_proposal_id_supporter_id'))
    )
    with op.batch_alter_table('proposal_supports', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_supports_supporter_id', ['supporter_id'], unique=False)



def downgrade():
    with op.batch_alter_table('proposal_supports', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_supports_supporter_id')

    op.drop_table('proposal_supports')
    with op.batch_alter_table('proposal_forwardings', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_forwardings_due')

    op.drop_table('proposal_forwardings')
