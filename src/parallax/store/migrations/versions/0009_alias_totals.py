"""alias totals: the alias blocks' per-article counts, summed per block and spelling as analyses are saved

Link makes a block's alias groups from its spellings' totals and reads the articles that use a
spelling by a join, instead of loading every article of the block. Articles analysed before this
revision are keyed again by the next `parallax link`, which writes their counts.

Revision ID: 0009_alias_totals
Revises: 0008_framing_totals
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_alias_totals"
down_revision = "0008_framing_totals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alias_counts",
        sa.Column("article_id", sa.Text(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.Text(), nullable=False), sa.Column("spelling", sa.Text(), nullable=False),
        sa.Column("part", sa.Text(), nullable=False), sa.Column("value", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False), sa.Column("seq", sa.Integer(), nullable=False))
    op.create_index("ix_alias_counts_article", "alias_counts", ["article_id"])
    op.create_index("ix_alias_counts_spelling", "alias_counts", ["key", "spelling", "part"])
    op.create_table(
        "alias_totals",
        sa.Column("key", sa.Text(), nullable=False), sa.Column("spelling", sa.Text(), nullable=False),
        sa.Column("part", sa.Text(), nullable=False), sa.Column("value", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_article", sa.Text(), nullable=False), sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "spelling", "part", "value"))
    op.create_index("ix_alias_totals_first", "alias_totals", ["first_article"])
    op.execute(sa.table("articles", sa.column("keyed", sa.Boolean())).update().values(keyed=False))


def downgrade() -> None:
    op.drop_index("ix_alias_totals_first", table_name="alias_totals")
    op.drop_table("alias_totals")
    op.drop_index("ix_alias_counts_spelling", table_name="alias_counts")
    op.drop_index("ix_alias_counts_article", table_name="alias_counts")
    op.drop_table("alias_counts")
