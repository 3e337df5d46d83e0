"""Messages on cases, notification choices, account removal and retention

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21

"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', eservices.database.EncryptedText(), nullable=False),
    sa.Column('created_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reply_to_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_case_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_messages_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reply_to_id'], ['case_messages.id'], name=op.f('fk_case_messages_reply_to_id_case_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_messages'))
    )
    op.create_index('ix_case_messages_case_id', 'case_messages', ['case_id', 'id'], unique=False)

    # Plain ADD COLUMN, no batch: a batch rebuild would drop tables that others point at.
    op.add_column('cases', sa.Column('language', sa.String(length=5), server_default='sv', nullable=False))
    op.add_column('cases', sa.Column('resident_replied_at', eservices.database.UTCDateTime(timezone=True), nullable=True))
    op.add_column('cases', sa.Column('anonymised_at', eservices.database.UTCDateTime(timezone=True), nullable=True))
    op.add_column('attachments', sa.Column('message_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_attachments_message_id'), 'attachments', ['message_id'], unique=False)
    op.add_column('users', sa.Column('notify_status', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column('users', sa.Column('notify_messages', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column('users', sa.Column('removed_at', eservices.database.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    for table, column in (('users', 'removed_at'), ('users', 'notify_messages'),
                          ('users', 'notify_status'), ('cases', 'anonymised_at'),
                          ('cases', 'resident_replied_at'), ('cases', 'language')):
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
    op.drop_index(op.f('ix_attachments_message_id'), table_name='attachments')
    op.execute('ALTER TABLE attachments DROP COLUMN message_id')
    op.drop_index('ix_case_messages_case_id', table_name='case_messages')
    op.drop_table('case_messages')
