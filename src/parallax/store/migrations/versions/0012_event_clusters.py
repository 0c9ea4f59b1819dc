"""event clusters: events linked per date, their clusters stored

An event block was a month with the months beside it, reclustered whole when one report changed.
Clusters never cross dates, so the block is now a date: its clusters are stored, and a month's
events are built from the stored clusters of its dates and its neighbours'. The event keys are
written again from the stored entries (a key per date), and every date and month is marked for
the next `parallax link`.

Revision ID: 0012_event_clusters
Revises: 0011_link_keys_block_articles
"""
from alembic import op
import sqlalchemy as sa

revision = "0012_event_clusters"
down_revision = "0011_link_keys_block_articles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_clusters",
        sa.Column("value", sa.Text(), nullable=False), sa.Column("month", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False))
    op.create_index("ix_event_clusters_value", "event_clusters", ["value"])
    op.create_index("ix_event_clusters_month", "event_clusters", ["month"])
    op.execute("DELETE FROM link_keys WHERE kind = 'event'")
    op.execute("INSERT INTO link_keys (kind, key, article_id, idx) SELECT 'event', value, article_id, idx "
               "FROM event_entries")
    op.execute("DELETE FROM link_dirty WHERE kind = 'event'")
    op.execute("INSERT INTO link_dirty (kind, key, marked) SELECT DISTINCT 'event', value, 'migrated' "
               "FROM event_entries")
    op.execute("INSERT INTO link_dirty (kind, key, marked) SELECT DISTINCT 'event_month', key, 'migrated' "
               "FROM groups WHERE kind = 'event'")


def downgrade() -> None:
    op.drop_index("ix_event_clusters_month", table_name="event_clusters")
    op.drop_index("ix_event_clusters_value", table_name="event_clusters")
    op.drop_table("event_clusters")
    op.execute(sa.table("articles", sa.column("keyed", sa.Boolean())).update().values(keyed=False))
