"""Full-text search over article bodies and quotes: FTS5 on SQLite, tsvector on PostgreSQL.
User text never becomes query syntax: words are extracted and bound as parameters."""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from parallax.store.db import Store

# The same expressions as the GIN indexes of migration 0002.
PG_ARTICLE_VECTOR = "to_tsvector('english', coalesce(a.headline, '') || ' ' || a.body)"
PG_QUOTE_VECTOR = "to_tsvector('english', q.text || ' ' || coalesce(q.speaker, ''))"


@dataclass
class Hit:
    kind: str              # "article" | "quote"
    article_id: str
    title: str             # headline, or the speaker of a quote
    snippet: str
    outlet: str | None
    published: str | None
    quote_id: int | None = None


def _words(query: str) -> list[str]:
    return re.findall(r"\w+", query)[:32]


def _fts5_query(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def search(store: Store, query: str, *, limit: int = 20, offset: int = 0) -> tuple[list[Hit], list[Hit]]:
    """Articles and quotes matching every word of `query`, best first."""
    words = _words(query)
    if not words:
        return [], []
    if store.dialect == "sqlite":
        return _search_sqlite(store, _fts5_query(words), limit, offset)
    return _search_postgres(store, " ".join(words), limit, offset)


def _search_sqlite(store: Store, q: str, limit: int, offset: int) -> tuple[list[Hit], list[Hit]]:
    articles_sql = sa.text(
        "SELECT a.id, a.headline, a.outlet, a.published, snippet(articles_fts, 1, '[', ']', '…', 24) AS snip "
        "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
        "WHERE articles_fts MATCH :q ORDER BY rank LIMIT :limit OFFSET :offset")
    quotes_sql = sa.text(
        "SELECT q.id, q.article_id, q.speaker, q.text, a.outlet, a.published FROM quotes_fts "
        "JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id "
        "WHERE quotes_fts MATCH :q ORDER BY rank LIMIT :limit OFFSET :offset")
    return _run(store, articles_sql, quotes_sql, q, limit, offset)


def _search_postgres(store: Store, q: str, limit: int, offset: int) -> tuple[list[Hit], list[Hit]]:
    articles_sql = sa.text(
        f"SELECT a.id, a.headline, a.outlet, a.published, "
        f"ts_headline('english', a.body, plainto_tsquery('english', :q), 'StartSel=[,StopSel=],MaxWords=30') AS snip "
        f"FROM articles a WHERE {PG_ARTICLE_VECTOR} @@ plainto_tsquery('english', :q) "
        f"ORDER BY ts_rank({PG_ARTICLE_VECTOR}, plainto_tsquery('english', :q)) DESC, a.id LIMIT :limit OFFSET :offset")
    quotes_sql = sa.text(
        f"SELECT q.id, q.article_id, q.speaker, q.text, a.outlet, a.published FROM quotes q "
        f"JOIN articles a ON a.id = q.article_id WHERE {PG_QUOTE_VECTOR} @@ plainto_tsquery('english', :q) "
        f"ORDER BY ts_rank({PG_QUOTE_VECTOR}, plainto_tsquery('english', :q)) DESC, q.id LIMIT :limit OFFSET :offset")
    return _run(store, articles_sql, quotes_sql, q, limit, offset)


def _run(store: Store, articles_sql: sa.TextClause, quotes_sql: sa.TextClause, q: str, limit: int,
         offset: int) -> tuple[list[Hit], list[Hit]]:
    params = {"q": q, "limit": limit, "offset": offset}
    with store.engine.connect() as conn:
        arts = [Hit("article", r.id, r.headline or "", r.snip, r.outlet, r.published)
                for r in conn.execute(articles_sql, params)]
        quotes = [Hit("quote", r.article_id, r.speaker or "unknown speaker", r.text, r.outlet, r.published, r.id)
                  for r in conn.execute(quotes_sql, params)]
    return arts, quotes
