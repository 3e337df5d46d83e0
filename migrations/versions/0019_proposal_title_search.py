"""E-proposals: the list's search finds titles in an index of (status, title)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01

With years of proposals, a search read every row of the table, texts and all; the index
holds only what the search looks at.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_proposals_status_title', 'proposals', ['status', 'title'], unique=False)


def downgrade():
    op.drop_index('ix_proposals_status_title', table_name='proposals')
