"""keyed link: link keys written with each analysis, blocks to relink, groups and their members as rows

`links` (one JSON row per result, renumbered on every link) gives way to `groups` (ids kept across
relinks, matched by `stable_id`) and `group_members` (joins instead of JSON scans). Results are
recomputed by the next `parallax link`: articles analysed before this revision are keyed then.

Revision ID: 0007_keyed_link
Revises: 0006_figure_high
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_keyed_link"
down_revision = "0006_figure_high"
branch_labels = None
depends_on = None


def _article_fk() -> sa.Column:
    return sa.Column("article_id", sa.Text(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    # a plain ADD COLUMN: recreating `articles` (batch mode) would drop its full-text triggers
    op.add_column("articles", sa.Column("keyed", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_articles_keyed", "articles", ["analyzed", "keyed"], unique=False)
    op.create_table(
        "link_keys",
        sa.Column("kind", sa.Text(), nullable=False), sa.Column("key", sa.Text(), nullable=False),
        _article_fk(), sa.Column("idx", sa.Integer(), nullable=False))
    op.create_index("ix_link_keys_block", "link_keys", ["kind", "key"])
    op.create_index("ix_link_keys_article", "link_keys", ["article_id"])
    op.create_table(
        "link_dirty",
        sa.Column("kind", sa.Text(), nullable=False), sa.Column("key", sa.Text(), nullable=False),
        sa.Column("marked", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("kind", "key"))
    op.create_table(
        "framing_counts",
        sa.Column("article_id", sa.Text(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False))
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text(), nullable=False), sa.Column("key", sa.Text(), nullable=False),
        sa.Column("stable_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text()), sa.Column("label", sa.Text()),
        sa.Column("flag", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("score", sa.Float(), nullable=False, server_default="0"),
        sa.Column("size", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("data", sa.JSON(), nullable=False))
    op.create_index("ix_groups_block", "groups", ["kind", "key"])
    op.create_index("ix_groups_stable", "groups", ["kind", "stable_id"], unique=True)
    op.create_index("ix_groups_name", "groups", ["kind", "name"])
    op.create_table(
        "group_members",
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False), _article_fk(),
        sa.Column("idx", sa.Integer(), nullable=False))
    op.create_index("ix_group_members_group", "group_members", ["group_id"])
    op.create_index("ix_group_members_item", "group_members", ["kind", "article_id", "idx"])
    op.create_table(
        "link_state",
        sa.Column("name", sa.Text(), primary_key=True), sa.Column("value", sa.Text(), nullable=False))
    op.drop_index("ix_links_kind_key", table_name="links")
    op.drop_table("links")
    op.execute("UPDATE quotes SET cluster_id = NULL")
    op.execute("UPDATE figures SET group_id = NULL")


def downgrade() -> None:
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text(), nullable=False), sa.Column("key", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False))
    op.create_index("ix_links_kind_key", "links", ["kind", "key"])
    for table in ("link_state", "group_members", "groups", "framing_counts", "link_dirty", "link_keys"):
        op.drop_table(table)
    op.drop_index("ix_articles_keyed", table_name="articles")
    op.drop_column("articles", "keyed")   # SQLite >= 3.35
