"""event entries: the timeline's per-article entries, written with the analysis

Link builds an event block from its reports' stored entries (value, clause, stems), read by a
join with the block's keys, instead of loading every article body of the block and parsing its
sentences again. Articles analysed before this revision are keyed again by the next `parallax link`.

Revision ID: 0010_event_entries
Revises: 0009_alias_totals
"""
from alembic import op
import sqlalchemy as sa

revision = "0010_event_entries"
down_revision = "0009_alias_totals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_entries",
        sa.Column("article_id", sa.Text(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False), sa.Column("value", sa.Text(), nullable=False),
        sa.Column("clause", sa.Text(), nullable=False), sa.Column("stems", sa.Text(), nullable=False),
        sa.Column("common", sa.Text(), nullable=False))
    op.create_index("ix_event_entries_article", "event_entries", ["article_id", "idx"], unique=True)
    op.execute(sa.table("articles", sa.column("keyed", sa.Boolean())).update().values(keyed=False))


def downgrade() -> None:
    op.drop_index("ix_event_entries_article", table_name="event_entries")
    op.drop_table("event_entries")
