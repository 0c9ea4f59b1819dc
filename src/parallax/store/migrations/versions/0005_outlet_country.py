"""articles: the outlet's home country (sidecar, --country, outlet registry)

Revision ID: 0005_outlet_country
Revises: 0004_store_generation
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_outlet_country"
down_revision = "0004_store_generation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outlet_country", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("outlet_country")
