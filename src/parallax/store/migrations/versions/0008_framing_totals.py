"""framing totals: the per-article framing counts summed by outlet as analyses are saved

Link reads the totals of the terms it can keep instead of every article's counts. `framing_counts`
records the outlet its counts were summed under (to take them away when the article is analysed
again). The totals of a store analysed before this revision are summed by the next `parallax link`.

Revision ID: 0008_framing_totals
Revises: 0007_keyed_link
"""
from alembic import op
import sqlalchemy as sa

revision = "0008_framing_totals"
down_revision = "0007_keyed_link"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("framing_counts", sa.Column("outlet", sa.Text(), nullable=True))
    op.create_table(
        "framing_totals",
        sa.Column("part", sa.Text(), nullable=False), sa.Column("term", sa.Text(), nullable=False),
        sa.Column("outlet", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False), sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("first_article", sa.Text()), sa.Column("first_idx", sa.Integer()),
        sa.PrimaryKeyConstraint("part", "term", "outlet"))
    op.create_index("ix_framing_totals_first", "framing_totals", ["first_article"])
    op.execute("INSERT INTO link_state (name, value) SELECT 'framing_totals', 'rebuild' "
               "WHERE EXISTS (SELECT 1 FROM framing_counts)")


def downgrade() -> None:
    op.drop_index("ix_framing_totals_first", table_name="framing_totals")
    op.drop_table("framing_totals")
    op.execute("DELETE FROM link_state WHERE name = 'framing_totals'")
    with op.batch_alter_table("framing_counts", schema=None) as batch_op:
        batch_op.drop_column("outlet")
