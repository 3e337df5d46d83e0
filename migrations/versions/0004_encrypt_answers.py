"""Encrypt answers at rest

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 11:48:02.403192

"""
from alembic import op
import sqlalchemy as sa

import eservices.database

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


# Answers hold personal data of every kind; they are now Fernet-encrypted JSON in a text
# column. Rows written before this revision are converted in place, with the app's keys.
_COLUMNS = (("cases", "answers"), ("drafts", "answers"), ("drafts", "typed"))


def _convert(transform):
    bind = op.get_bind()
    for table, column in _COLUMNS:
        rows = bind.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
        for row_id, value in rows:
            bind.execute(
                sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                {"value": transform(value), "id": row_id},
            )


def upgrade():
    from eservices import crypto

    for table, column in _COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column, existing_type=sa.JSON(), type_=sa.Text(), existing_nullable=False,
                postgresql_using=f"{column}::text",
            )
    _convert(crypto.encrypt)


def downgrade():
    from eservices import crypto

    _convert(crypto.decrypt)
    for table, column in _COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column, existing_type=sa.Text(), type_=sa.JSON(), existing_nullable=False,
                postgresql_using=f"{column}::json",
            )
