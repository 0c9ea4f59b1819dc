"""link keys: the block index holds the article id

A block's articles were found through an index on (kind, key) alone, so asking whether one article
is in a block (an alias block's quote roles: one question per quote) read the block's keys until
that article came: a cost that grew with the block. With the article id in the index it is one
lookup, and the block's article ids are read from the index alone.

Revision ID: 0011_link_keys_block_articles
Revises: 0010_event_entries
"""
from alembic import op

revision = "0011_link_keys_block_articles"
down_revision = "0010_event_entries"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_link_keys_block", table_name="link_keys")
    op.create_index("ix_link_keys_block_article", "link_keys", ["kind", "key", "article_id"])


def downgrade() -> None:
    op.drop_index("ix_link_keys_block_article", table_name="link_keys")
    op.create_index("ix_link_keys_block", "link_keys", ["kind", "key"])
