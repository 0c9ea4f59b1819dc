"""full-text search over article bodies and quotes

SQLite: FTS5 tables kept in step with their content tables by triggers.
PostgreSQL: GIN indexes on tsvector expressions that the search queries repeat verbatim.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN INSERT INTO articles_fts(rowid, headline, body) VALUES (new.rowid, new.headline, new.body); END",
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN INSERT INTO articles_fts(articles_fts, rowid, headline, body) VALUES ('delete', old.rowid, old.headline, old.body); END",
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF headline, body ON articles BEGIN INSERT INTO articles_fts(articles_fts, rowid, headline, body) VALUES ('delete', old.rowid, old.headline, old.body); INSERT INTO articles_fts(rowid, headline, body) VALUES (new.rowid, new.headline, new.body); END",
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker); END",
    "CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.id, old.text, old.speaker); END",
    "CREATE TRIGGER quotes_fts_au AFTER UPDATE OF text, speaker ON quotes BEGIN INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.id, old.text, old.speaker); INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER articles_fts_ai", "DROP TRIGGER articles_fts_ad", "DROP TRIGGER articles_fts_au",
    "DROP TABLE articles_fts",
    "DROP TRIGGER quotes_fts_ai", "DROP TRIGGER quotes_fts_ad", "DROP TRIGGER quotes_fts_au",
    "DROP TABLE quotes_fts",
]
# Must match parallax.store.search.PG_ARTICLE_VECTOR / PG_QUOTE_VECTOR for the planner to use them.
POSTGRES_UP = [
    "CREATE INDEX ix_articles_fts ON articles USING gin ((to_tsvector('english', coalesce(headline, '') || ' ' || body)))",
    "CREATE INDEX ix_quotes_fts ON quotes USING gin ((to_tsvector('english', text || ' ' || coalesce(speaker, ''))))",
]
POSTGRES_DOWN = ["DROP INDEX ix_articles_fts", "DROP INDEX ix_quotes_fts"]


def _run(statements: dict[str, list[str]]) -> None:
    for sql in statements.get(op.get_bind().dialect.name, []):
        op.execute(sql)


def upgrade() -> None:
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
