"""store_generation: one row counting the writes, so readers (the API caches) see every change

Revision ID: 0004_store_generation
Revises: 0003_figure_subject_period
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_store_generation"
down_revision = "0003_figure_subject_period"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table("store_generation",
                            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
                            sa.Column("value", sa.BigInteger(), nullable=False))
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade() -> None:
    op.drop_table("store_generation")
