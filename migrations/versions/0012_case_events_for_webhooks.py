"""Every change of a case is pushed to webhooks, numbered per case; no reply bodies kept

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

Each case gets a sequence counter. Cases that exist already have had one event, their
creation, so their counter starts at 1, the number their case.created delivery gets.
Deliveries keep why an attempt failed as a short code: the receivers' answers stored until
now are cleared, since an address may have led where no handler should read the answer.
"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_sequences',
    sa.Column('case_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_sequences_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_sequences'))
    )
    op.execute('INSERT INTO case_sequences (case_id, last_sequence) SELECT id, 1 FROM cases')

    op.execute('UPDATE webhook_deliveries SET last_error = NULL')
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('payload', eservices.database.EncryptedJSON(), nullable=True))
        batch_op.add_column(sa.Column('includes_case', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('last_duration_ms', sa.Integer(), nullable=True))
        batch_op.alter_column('last_error', existing_type=sa.Text(), type_=sa.String(length=40), existing_nullable=True)
        batch_op.drop_constraint('uq_webhook_deliveries_case_id_unit_id_event', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_webhook_deliveries_case_id_unit_id_sequence'), ['case_id', 'unit_id', 'sequence'])
    # The defaults only numbered the deliveries that were there; new ones say their own.
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.alter_column('sequence', server_default=None, existing_type=sa.Integer(), existing_nullable=False)
        batch_op.alter_column('includes_case', server_default=None, existing_type=sa.Boolean(), existing_nullable=False)


def downgrade():
    # Only the creation of each case was ever pushed before: the other events go.
    op.execute("DELETE FROM webhook_deliveries WHERE event <> 'case.created'")
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_webhook_deliveries_case_id_unit_id_sequence'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_webhook_deliveries_case_id_unit_id_event'), ['case_id', 'unit_id', 'event'])
        batch_op.alter_column('last_error', existing_type=sa.String(length=40), type_=sa.Text(), existing_nullable=True)
        batch_op.drop_column('last_duration_ms')
        batch_op.drop_column('includes_case')
        batch_op.drop_column('payload')
        batch_op.drop_column('sequence')
    op.drop_table('case_sequences')
