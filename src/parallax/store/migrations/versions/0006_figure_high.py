"""figures: high (the upper bound of a range, kept for display)

Revision ID: 0006_figure_high
Revises: 0005_outlet_country
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_figure_high"
down_revision = "0005_outlet_country"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("high", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_column("high")
