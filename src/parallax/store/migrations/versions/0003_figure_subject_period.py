"""figures: subject (whose count) and period (years it refers to)

Revision ID: 0003_figure_subject_period
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_figure_subject_period"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("period", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_column("period")
        batch_op.drop_column("subject")
