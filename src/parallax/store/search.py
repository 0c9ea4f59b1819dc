"""Full-text search over article bodies and quotes: FTS5 on SQLite, tsvector on PostgreSQL.
User text never becomes SQL or raw FTS syntax: words are extracted, re-quoted and bound as parameters;
only the query operators of web search (quoted phrases, OR, NOT or -word) are understood."""
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
    uri: str | None = None           # the file or URL the article was read from
    url: str | None = None
    published_how: str | None = None


MAX_TERMS = 32
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass
class Query:
    """A parsed query, the syntax of web search engines: words must all match, "a quoted phrase"
    matches as a phrase, `a OR b` matches either, `NOT a` or `-a` excludes. Each term is a tuple
    of words (a phrase); `groups` is an AND of OR-groups."""
    groups: list[list[tuple[str, ...]]]
    excluded: list[tuple[str, ...]]


def parse_query(query: str) -> Query:
    groups: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    pending_or = negate_next = False
    n = 0
    for m in _TOKEN.finditer(query):
        minus, phrase, bare = m.group(1), m.group(2), m.group(3)
        if bare in ("OR", "|"):
            pending_or = bool(groups)
            continue
        if bare in ("NOT", "AND"):
            negate_next = bare == "NOT"
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        words = tuple(re.findall(r"\w+", phrase if phrase is not None else bare))
        if not words or n >= MAX_TERMS:
            continue
        n += 1
        if minus or negate_next:
            excluded.append(words)
        elif pending_or:
            groups[-1].append(words)
        else:
            groups.append([words])
        pending_or = negate_next = False
    return Query(groups, excluded)


def _fts5_phrase(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"'


def _fts5_query(query: Query) -> str:
    """FTS5 MATCH text; words are \\w+ runs, so no user character becomes FTS5 syntax."""
    positive = " AND ".join("(" + " OR ".join(_fts5_phrase(t) for t in group) + ")" for group in query.groups)
    if query.excluded:
        return f"({positive}) NOT (" + " OR ".join(_fts5_phrase(t) for t in query.excluded) + ")"
    return positive


def _websearch_query(query: Query) -> str:
    """The same query for PostgreSQL's websearch_to_tsquery."""
    def term(words: tuple[str, ...]) -> str:
        return '"' + " ".join(words) + '"' if len(words) > 1 else words[0]
    parts = [" or ".join(term(t) for t in group) for group in query.groups]
    return " ".join(parts + ["-" + term(t) for t in query.excluded])


def search(store: Store, query: str, *, limit: int = 20, offset: int = 0) -> tuple[list[Hit], list[Hit]]:
    """Articles and quotes matching `query` (see `Query` for the syntax), best first."""
    parsed = parse_query(query)
    if not parsed.groups:
        return [], []
    if store.dialect == "sqlite":
        return _search_sqlite(store, _fts5_query(parsed), limit, offset)
    return _search_postgres(store, _websearch_query(parsed), limit, offset)


def _search_sqlite(store: Store, q: str, limit: int, offset: int) -> tuple[list[Hit], list[Hit]]:
    articles_sql = sa.text(
        "SELECT a.id, a.headline, a.outlet, a.published, a.uri, a.url, a.published_how, "
        "snippet(articles_fts, 1, '[', ']', '…', 24) AS snip "
        "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
        "WHERE articles_fts MATCH :q ORDER BY rank LIMIT :limit OFFSET :offset")
    quotes_sql = sa.text(
        "SELECT q.id, q.article_id, q.speaker, q.text, a.outlet, a.published, a.uri, a.url, a.published_how "
        "FROM quotes_fts "
        "JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id "
        "WHERE quotes_fts MATCH :q ORDER BY rank LIMIT :limit OFFSET :offset")
    return _run(store, articles_sql, quotes_sql, q, limit, offset)


def _search_postgres(store: Store, q: str, limit: int, offset: int) -> tuple[list[Hit], list[Hit]]:
    articles_sql = sa.text(
        f"SELECT a.id, a.headline, a.outlet, a.published, a.uri, a.url, a.published_how, "
        f"ts_headline('english', a.body, websearch_to_tsquery('english', :q), 'StartSel=[,StopSel=],MaxWords=30') AS snip "
        f"FROM articles a WHERE {PG_ARTICLE_VECTOR} @@ websearch_to_tsquery('english', :q) "
        f"ORDER BY ts_rank({PG_ARTICLE_VECTOR}, websearch_to_tsquery('english', :q)) DESC, a.id LIMIT :limit OFFSET :offset")
    quotes_sql = sa.text(
        f"SELECT q.id, q.article_id, q.speaker, q.text, a.outlet, a.published, a.uri, a.url, a.published_how "
        f"FROM quotes q "
        f"JOIN articles a ON a.id = q.article_id WHERE {PG_QUOTE_VECTOR} @@ websearch_to_tsquery('english', :q) "
        f"ORDER BY ts_rank({PG_QUOTE_VECTOR}, websearch_to_tsquery('english', :q)) DESC, q.id LIMIT :limit OFFSET :offset")
    return _run(store, articles_sql, quotes_sql, q, limit, offset)


def _run(store: Store, articles_sql: sa.TextClause, quotes_sql: sa.TextClause, q: str, limit: int,
         offset: int) -> tuple[list[Hit], list[Hit]]:
    params = {"q": q, "limit": limit, "offset": offset}
    with store.engine.connect() as conn:
        arts = [Hit("article", r.id, r.headline or "", r.snip, r.outlet, r.published,
                    uri=r.uri, url=r.url, published_how=r.published_how)
                for r in conn.execute(articles_sql, params)]
        quotes = [Hit("quote", r.article_id, r.speaker or "unknown speaker", r.text, r.outlet, r.published, r.id,
                      uri=r.uri, url=r.url, published_how=r.published_how)
                  for r in conn.execute(quotes_sql, params)]
    return arts, quotes
