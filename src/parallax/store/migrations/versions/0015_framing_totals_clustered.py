"""framing totals clustered by their key (SQLite: WITHOUT ROWID)

Link reads the totals of its candidate terms in (term, outlet) order. In a rowid table each row
so read is one lookup in the key's index and another in the table, in random order (3 s for
720,000 rows); a table clustered by its key is read in order (0.75 s), and each upsert as
analyses are saved touches one b-tree, not two. PostgreSQL keeps its table as it is.

Revision ID: 0015_framing_totals_clustered
Revises: 0014_event_conflicts
"""
from alembic import op

revision = "0015_framing_totals_clustered"
down_revision = "0014_event_conflicts"
branch_labels = None
depends_on = None

COLUMNS = "part, term, outlet, count, articles, first_article, first_idx"


def _rebuild(rowid: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TABLE framing_totals_new (part TEXT NOT NULL, term TEXT NOT NULL, outlet TEXT NOT NULL, "
               "count INTEGER NOT NULL, articles INTEGER NOT NULL, first_article TEXT, first_idx INTEGER, "
               "PRIMARY KEY (part, term, outlet))" + ("" if rowid else " WITHOUT ROWID"))
    op.execute(f"INSERT INTO framing_totals_new ({COLUMNS}) SELECT {COLUMNS} FROM framing_totals")
    op.execute("DROP TABLE framing_totals")   # its index goes with it
    op.execute("ALTER TABLE framing_totals_new RENAME TO framing_totals")
    op.execute("CREATE INDEX ix_framing_totals_first ON framing_totals (first_article)")


def upgrade() -> None:
    _rebuild(rowid=False)


def downgrade() -> None:
    _rebuild(rowid=True)
