"""E-proposals: comments, shown at once and moderated afterwards

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01

A comment stays as a row when its author deletes it or a moderator removes it, so that
the thread keeps its order; the proposal's deletion takes its comments with it.
"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('removed_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('rule_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_proposal_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_comments_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['removed_by_id'], ['users.id'], name=op.f('fk_proposal_comments_removed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_comments'))
    )
    with op.batch_alter_table('proposal_comments', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_comments_author', ['author_id', 'created_at'], unique=False)
        batch_op.create_index('ix_proposal_comments_thread', ['proposal_id', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('proposal_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_comments_thread')
        batch_op.drop_index('ix_proposal_comments_author')

    op.drop_table('proposal_comments')
