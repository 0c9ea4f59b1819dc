"""framing words: each single word's uses in all outlets, kept with the framing totals

Link read every outlet's total of every single word (most rows of `framing_totals`) to tell names
from plain words; the totals now hold each word's sum over outlets (part "word"). The totals of a
store analysed before this revision are summed again by the next `parallax link`.

Revision ID: 0013_framing_words
Revises: 0012_event_clusters
"""
from alembic import op

revision = "0013_framing_words"
down_revision = "0012_event_clusters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("INSERT INTO link_state (name, value) SELECT 'framing_totals', 'rebuild' "
               "WHERE EXISTS (SELECT 1 FROM framing_counts) "
               "AND NOT EXISTS (SELECT 1 FROM link_state WHERE name = 'framing_totals')")


def downgrade() -> None:
    op.execute("DELETE FROM framing_totals WHERE part = 'word'")
