"""Read queries for the API, the pages and the report: SQLAlchemy Core with bound parameters only.

Every list function returns (rows as plain dicts, total). Cross-corpus groups live in the `groups`
table, their members in `group_members`; a group's id (kept across relinks) is also the value of
quotes.cluster_id / figures.group_id for its members (a quote in two clusters: the larger). Groups are filtered and sorted on their
columns (name, label, flag, score, size) and found by joins, never by scanning their JSON.
"""
from __future__ import annotations

import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from parallax.link.speakers import canonical_speakers
from parallax.model import AliasGroup
from parallax.serve import present
from parallax.store import Store
from parallax.store.schema import (articles, entities, figures, groups, link_state, quotes, sentences,
                                   store_generation, timexes)
from parallax.store.schema import group_members as members

Rows = list[dict[str, Any]]
SOURCE_COLUMNS = (articles.c.outlet, articles.c.published, articles.c.published_how, articles.c.headline,
                  articles.c.url, articles.c.uri)


def _sentence(table: sa.Table) -> sa.ColumnElement:
    """The source sentence of an item, cut from the body by the database (SQL substr is 1-based)."""
    return sa.func.substr(articles.c.body, table.c.sentence_start + 1,
                          table.c.sentence_end - table.c.sentence_start).label("sentence")


def source_ref(row: dict[str, Any], anchor: str = "") -> dict[str, Any]:
    return {"article_id": row["article_id"], "outlet": row.get("outlet"), "published": row.get("published"),
            "published_inferred": (row.get("published_how") or "").startswith("inferred:"),
            "published_how": row.get("published_how"),
            "published_note": present.how_words(row.get("published_how")),
            "headline": row.get("headline"), "url": row.get("url"), "uri": row.get("uri"),
            "link": f"/articles/{row['article_id']}" + (f"#{anchor}" if anchor else "")}


def _count(conn: sa.Connection, stmt: sa.Select) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()


def _page(conn: sa.Connection, stmt: sa.Select, limit: int, offset: int) -> tuple[Rows, int]:
    total = _count(conn, stmt)
    rows = [dict(r) for r in conn.execute(stmt.limit(limit).offset(offset)).mappings()]
    return rows, total


def _deferred_page(conn: sa.Connection, stmt: sa.Select, key: sa.Column, order: list,
                   limit: int, offset: int, count_stmt: sa.Select | None = None) -> tuple[Rows, int]:
    """Sort and cut on the narrow row ids first, then fetch the wide rows (sentences cut from bodies) of
    one page only: sorting 50,000 wide rows to keep 20 is what makes a list slow."""
    ids_stmt = stmt.with_only_columns(key).order_by(*order)
    total = _count(conn, count_stmt if count_stmt is not None else ids_stmt)
    ids = conn.execute(ids_stmt.limit(limit).offset(offset)).scalars().all()
    if not ids:
        return [], total
    rows = {r[key.name]: dict(r) for r in conn.execute(stmt.where(key.in_(ids))).mappings()}
    return [rows[i] for i in ids if i in rows], total


def generation_of(conn: sa.Connection) -> int:
    """How many writes the store has committed (relinks included): what cached answers are keyed by."""
    return conn.execute(sa.select(store_generation.c.value).where(store_generation.c.id == 1)).scalar() or 0


class Fingerprinted:
    """Caches aggregate answers until the store changes: its generation counter moves with every write,
    relinks included. At most `max_entries` answers are kept (least recently used go first): the keys
    hold user text (a name filter), so an unbounded cache would grow with every new query."""

    def __init__(self, store: Store, ttl: float = 2.0, max_entries: int = 64):
        self.store, self.ttl, self.max_entries = store, ttl, max_entries
        self._lock = threading.Lock()
        self._cache: OrderedDict[Any, Any] = OrderedDict()
        self._print: int | None = None
        self._checked = 0.0

    def _fingerprint(self, conn: sa.Connection) -> int:
        return generation_of(conn)

    def _refresh(self, conn: sa.Connection) -> None:
        now = time.monotonic()
        if now - self._checked > self.ttl:
            fp = self._fingerprint(conn)
            if fp != self._print:
                self._cache.clear()
                self._print = fp
            self._checked = now

    def invalidate(self) -> None:
        """Check the store again on the next call (after a write through this server)."""
        with self._lock:
            self._checked = 0.0

    def current(self) -> int | None:
        """The store's generation as of the last check (at most `ttl` seconds old)."""
        with self._lock:
            if time.monotonic() - self._checked > self.ttl:
                with self.store.engine.connect() as conn:
                    self._refresh(conn)
            return self._print

    def get(self, conn: sa.Connection, key: Any, compute: Callable[[], Any]) -> Any:
        with self._lock:
            self._refresh(conn)
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self.max_entries:
                self._cache.popitem(last=False)
        return value


# ---- articles -------------------------------------------------------------------------------
ARTICLE_SUMMARY = (articles.c.id, articles.c.headline, articles.c.outlet, articles.c.outlet_country, articles.c.published,
                   articles.c.published_how, articles.c.url, articles.c.uri, articles.c.analyzed)


def list_articles(conn: sa.Connection, *, outlet: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, text: str | None = None, limit: int = 20,
                  offset: int = 0) -> tuple[Rows, int]:
    stmt = sa.select(*ARTICLE_SUMMARY)
    if outlet is not None:
        stmt = stmt.where(articles.c.outlet == outlet)
    if date_from:
        stmt = stmt.where(articles.c.published >= date_from)
    if date_to:
        stmt = stmt.where(articles.c.published <= date_to)
    if text:
        stmt = stmt.where(articles.c.headline.contains(text, autoescape=True))
    stmt = stmt.order_by(articles.c.published.desc(), articles.c.id)
    return _page(conn, stmt, limit, offset)


def get_article(conn: sa.Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(*ARTICLE_SUMMARY, articles.c.outlet_how, articles.c.body, articles.c.byline, articles.c.credits,
                                 articles.c.language, articles.c.warnings)
                       .where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    article = dict(row)
    article["sentences"] = [(s, e) for s, e in conn.execute(
        sa.select(sentences.c.start, sentences.c.end).where(sentences.c.article_id == article_id)
        .order_by(sentences.c.idx))]
    for name, table in (("entities", entities), ("quotes", quotes), ("timexes", timexes), ("figures", figures)):
        cols = [c for c in table.c if c.name not in ("id", "article_id")]
        article[name] = [dict(r) for r in conn.execute(
            sa.select(*cols).where(table.c.article_id == article_id).order_by(table.c.idx)).mappings()]
    return article


# ---- quotes and speakers ----------------------------------------------------------------------
def _quote_select() -> sa.Select:
    return (sa.select(quotes.c.id, quotes.c.article_id, quotes.c.idx, quotes.c.text, quotes.c.kind,
                      quotes.c.speaker, quotes.c.speaker_role, quotes.c.cue, quotes.c.addressee, quotes.c.start,
                      quotes.c.end, quotes.c.cluster_id, _sentence(quotes), *SOURCE_COLUMNS)
            .join(articles, articles.c.id == quotes.c.article_id))


def quote_out(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "source": source_ref(row, f"q{row['idx']}")}


def _quote_text_filter(conn: sa.Connection, text: str) -> sa.ColumnElement:
    """Quotes containing words starting with each word of `text`: the FTS5 index on SQLite (a scan of every
    quote is too slow for a list), a substring match elsewhere. Words are bound, never query syntax."""
    words = re.findall(r"\w+", text)[:16]
    if conn.dialect.name != "sqlite" or not words:
        return quotes.c.text.contains(text, autoescape=True)
    match = " ".join(f'text:"{w}"*' for w in words)
    fts = sa.select(sa.literal_column("rowid")).select_from(sa.table("quotes_fts")).where(
        sa.text("quotes_fts MATCH :match").bindparams(match=match))
    return quotes.c.id.in_(fts)


_SPEAKER_NAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # engine -> (generation, names)


def speaker_names(conn: sa.Connection) -> dict[str, str]:
    """Speaker as written -> the one name the corpus gives that person ("Berg" -> "Ana Berg" where
    she is the only Berg quoted in full, or the alias groups join them: link/speakers.py). Read
    at query time, so the stored quotes keep the name their article gives; computed once per store
    generation (every write moves it), not on every request."""
    generation = generation_of(conn)
    known = _SPEAKER_NAMES.get(conn.engine)
    if known and known[0] == generation:
        return known[1]
    rows = conn.execute(sa.select(quotes.c.speaker, quotes.c.speaker_role, sa.func.count())
                        .where(quotes.c.speaker.is_not(None)).group_by(quotes.c.speaker, quotes.c.speaker_role)).all()
    aliases = [AliasGroup(**{k: v for k, v in d.items() if k in AliasGroup.__dataclass_fields__})
               for d in conn.execute(sa.select(groups.c.data).where(groups.c.kind == "alias")).scalars()]
    named = canonical_speakers(rows, aliases)
    names = {written: name for written, (name, _role) in named.items() if written != name}
    _SPEAKER_NAMES[conn.engine] = (generation, names)
    return names


def speaker_column(names: dict[str, str]) -> Any:
    """quotes.speaker with every written form replaced by its canonical name."""
    return sa.case(names, value=quotes.c.speaker, else_=quotes.c.speaker) if names else quotes.c.speaker


def list_quotes(conn: sa.Connection, *, speaker: str | None = None, outlet: str | None = None,
                date_from: str | None = None, date_to: str | None = None, text: str | None = None,
                kind: str | None = None, cluster_id: int | None = None, article_id: str | None = None,
                limit: int = 20, offset: int = 0, oldest_first: bool = False) -> tuple[Rows, int]:
    stmt = _quote_select()
    own = sa.select(quotes.c.id)  # counted without the join when no filter needs the article
    for column, value in {quotes.c.kind: kind, quotes.c.article_id: article_id}.items():
        if value is not None:
            stmt, own = stmt.where(column == value), own.where(column == value)
    if cluster_id is not None:   # every member, also a quote whose cluster_id names its other cluster
        member = sa.exists().where(members.c.group_id == cluster_id, members.c.kind == "quote_cluster",
                                   members.c.article_id == quotes.c.article_id, members.c.idx == quotes.c.idx)
        stmt, own = stmt.where(member), own.where(member)
    if speaker is not None:   # the person, under every name the corpus writes for them
        written = [speaker, *(w for w, name in speaker_names(conn).items() if name == speaker)]
        stmt, own = stmt.where(quotes.c.speaker.in_(written)), own.where(quotes.c.speaker.in_(written))
    if text:
        text_filter = _quote_text_filter(conn, text)
        stmt, own = stmt.where(text_filter), own.where(text_filter)
    if outlet is not None:
        stmt = stmt.where(articles.c.outlet == outlet)
    if date_from:
        stmt = stmt.where(articles.c.published >= date_from)
    if date_to:
        stmt = stmt.where(articles.c.published <= date_to)
    joined = outlet is not None or date_from or date_to
    order = articles.c.published.asc() if oldest_first else articles.c.published.desc()
    rows, total = _deferred_page(conn, stmt, quotes.c.id, [order, quotes.c.id], limit, offset,
                                 None if joined else own)
    return [quote_out(r) for r in rows], total


def all_speakers(conn: sa.Connection, *, text: str | None = None) -> Rows:
    """Every speaker with counts, most quoted first (one aggregate; callers cache and page it): one
    row per person, under the name the corpus gives them (`speaker_names`)."""
    speaker = speaker_column(speaker_names(conn))
    stmt = (sa.select(speaker.label("name"), sa.func.count().label("quotes"),
                      sa.func.count(sa.distinct(quotes.c.article_id)).label("articles"),
                      sa.func.count(sa.distinct(articles.c.outlet)).label("outlets"),
                      sa.func.min(articles.c.published).label("first"),
                      sa.func.max(articles.c.published).label("last"))
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(quotes.c.speaker.is_not(None)).group_by(speaker))
    if text:
        stmt = stmt.where(speaker.contains(text, autoescape=True))
    return [dict(r) for r in conn.execute(stmt.order_by(sa.desc("quotes"), speaker)).mappings()]


# ---- entities -------------------------------------------------------------------------------
def all_entities(conn: sa.Connection, *, label: str | None = None, text: str | None = None) -> Rows:
    """Every (canonical name, label) with mention counts, most mentioned first."""
    stmt = (sa.select(entities.c.canonical, entities.c.label, sa.func.count().label("mentions"),
                      sa.func.count(sa.distinct(entities.c.article_id)).label("articles"))
            .group_by(entities.c.canonical, entities.c.label))
    if label:
        stmt = stmt.where(entities.c.label == label)
    if text:
        stmt = stmt.where(entities.c.canonical.contains(text, autoescape=True))
    return [dict(r) for r in conn.execute(
        stmt.order_by(sa.desc("mentions"), entities.c.canonical, entities.c.label)).mappings()]


def entity_mentions(conn: sa.Connection, canonical: str, *, limit: int = 100) -> tuple[Rows, int]:
    """Mentions of one entity, newest first, each with a few words of context cut from its article."""
    stmt = (sa.select(entities.c.article_id, entities.c.idx, entities.c.start, entities.c.end, entities.c.text,
                      entities.c.label, articles.c.body, *SOURCE_COLUMNS)
            .join(articles, articles.c.id == entities.c.article_id).where(entities.c.canonical == canonical))
    rows, total = _page(conn, stmt.order_by(articles.c.published.desc(), entities.c.id), limit, 0)
    out = []
    for r in rows:
        body = r.pop("body")
        left, right = max(r["start"] - 90, 0), min(r["end"] + 90, len(body))
        out.append({**r, "before": ("…" if left else "") + body[left:r["start"]],
                    "after": body[r["end"]:right] + ("…" if right < len(body) else ""),
                    "source": source_ref(r, f"e{r['idx']}")})
    return out, total


def spellings_by_outlet(conn: sa.Connection, canonicals: Sequence[str]) -> dict[str, dict[str, dict[str, int]]]:
    """canonical -> outlet -> spelling -> mentions, for the outlet comparison."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    if not canonicals:
        return out
    rows = conn.execute(
        sa.select(entities.c.canonical, articles.c.outlet, entities.c.text, sa.func.count())
        .join(articles, articles.c.id == entities.c.article_id)
        .where(entities.c.canonical.in_(list(canonicals)))
        .group_by(entities.c.canonical, articles.c.outlet, entities.c.text))
    for canonical, outlet, text, n in rows:
        out.setdefault(canonical, {}).setdefault(outlet or "unknown outlet", {})[text] = n
    return out


# ---- link groups ------------------------------------------------------------------------------
def link_groups(conn: sa.Connection, kind: str, *, where: Sequence[sa.ColumnElement] = (),
                order: Sequence[sa.ColumnElement] = (), gid: int | None = None,
                limit: int = 20, offset: int = 0) -> tuple[list[tuple[int, dict]], int]:
    """One page of the groups of `kind`, as (group id, data) pairs; `where` and `order` on groups' columns."""
    stmt = sa.select(groups.c.id, groups.c.data).where(groups.c.kind == kind, *where)
    if gid is not None:
        stmt = stmt.where(groups.c.id == gid)
    rows, total = _page(conn, stmt.order_by(*order, groups.c.id), limit, offset)
    return [(r["id"], r["data"]) for r in rows], total


def groups_of(conn: sa.Connection, kind: str, article_id: str) -> dict[int, int]:
    """item idx -> group id of one article's items in groups of `kind` (a join on the members' index)."""
    rows = conn.execute(sa.select(members.c.idx, members.c.group_id).where(
        members.c.kind == kind, members.c.article_id == article_id))
    return {idx: gid for idx, gid in rows}


def duplicates_of(conn: sa.Connection, article_id: str) -> list[str]:
    """Ids of the articles stored as near-duplicates of this one."""
    pairs = sa.select(members.c.group_id).where(members.c.kind == "duplicate",
                                                      members.c.article_id == article_id)
    return sorted(conn.execute(sa.select(members.c.article_id).where(
        members.c.group_id.in_(pairs), members.c.article_id != article_id)).scalars())


def count_links(conn: sa.Connection) -> dict[str, int]:
    return dict(conn.execute(sa.select(groups.c.kind, sa.func.count()).group_by(groups.c.kind)).all())


def _members(conn: sa.Connection, stmt: sa.Select, table: sa.Table, kind: str, gids: Sequence[int],
             out_fn) -> dict[int, Rows]:
    """Rows of the given groups (quote clusters, figure groups), earliest report first. Read from
    `group_members`: an item may be in two groups (a quote of two statements)."""
    if not gids:
        return {}
    stmt = (stmt.add_columns(members.c.group_id.label("member_of"))
            .join(members, sa.and_(members.c.kind == kind, members.c.article_id == table.c.article_id,
                                   members.c.idx == table.c.idx))
            .where(members.c.group_id.in_(list(gids))).order_by(articles.c.published, table.c.id))
    out: dict[int, Rows] = {}
    for r in conn.execute(stmt).mappings():
        row = dict(r)
        out.setdefault(row.pop("member_of"), []).append(out_fn(row))
    return out


def cluster_members(conn: sa.Connection, gids: Sequence[int]) -> dict[int, Rows]:
    return _members(conn, _quote_select(), quotes, "quote_cluster", gids, quote_out)


def _figure_select() -> sa.Select:
    return (sa.select(figures.c.id, figures.c.article_id, figures.c.idx, figures.c.text, figures.c.value,
                      figures.c.qualifier, figures.c.unit, figures.c.what, figures.c.measure, figures.c.cited,
                      figures.c.group_id, _sentence(figures), *SOURCE_COLUMNS)
            .join(articles, articles.c.id == figures.c.article_id))


def figure_out(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "source": source_ref(row, f"f{row['idx']}")}


def list_figures(conn: sa.Connection, *, measure: str | None = None, unit: str | None = None,
                 outlet: str | None = None, group_id: int | None = None, limit: int = 20,
                 offset: int = 0) -> tuple[Rows, int]:
    stmt = _figure_select()
    for column, value in ((figures.c.measure, measure), (figures.c.unit, unit), (articles.c.outlet, outlet),
                          (figures.c.group_id, group_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    rows, total = _deferred_page(conn, stmt, figures.c.id, [articles.c.published.desc(), figures.c.id], limit,
                                 offset)
    return [figure_out(r) for r in rows], total


def group_members(conn: sa.Connection, gids: Sequence[int]) -> dict[int, Rows]:
    return _members(conn, _figure_select(), figures, "figure_group", gids, figure_out)


def timexes_by_ref(conn: sa.Connection, refs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], dict]:
    if not refs:
        return {}
    stmt = (sa.select(timexes.c.article_id, timexes.c.idx, timexes.c.text, timexes.c.value, _sentence(timexes),
                      *SOURCE_COLUMNS)
            .join(articles, articles.c.id == timexes.c.article_id)
            .where(timexes.c.article_id.in_({a for a, _ in refs})))
    wanted = {tuple(r) for r in refs}
    return {(r["article_id"], r["idx"]): {**r, "source": source_ref(dict(r), f"t{r['idx']}")}
            for r in conn.execute(stmt).mappings() if (r["article_id"], r["idx"]) in wanted}


def sentences_by_ref(conn: sa.Connection, refs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], dict]:
    if not refs:
        return {}
    stmt = (sa.select(sentences.c.article_id, sentences.c.idx,
                      sa.func.substr(articles.c.body, sentences.c.start + 1,
                                     sentences.c.end - sentences.c.start).label("sentence"), *SOURCE_COLUMNS)
            .join(articles, articles.c.id == sentences.c.article_id)
            .where(sentences.c.article_id.in_({a for a, _ in refs})))
    wanted, out = {tuple(r) for r in refs}, {}
    for r in conn.execute(stmt).mappings():
        if (r["article_id"], r["idx"]) not in wanted:
            continue
        ref = source_ref(dict(r))
        ref["link"] += f"?s={r['idx']}#s{r['idx']}"  # the reader highlights sentence s
        out[(r["article_id"], r["idx"])] = {"sentence": r["sentence"], "source": ref}
    return out


def articles_by_id(conn: sa.Connection, ids: Sequence[str]) -> dict[str, dict]:
    if not ids:
        return {}
    rows = conn.execute(sa.select(*ARTICLE_SUMMARY).where(articles.c.id.in_(list(ids)))).mappings()
    return {r["id"]: dict(r) for r in rows}


# ---- statistics -----------------------------------------------------------------------------
def stats(conn: sa.Connection) -> dict[str, Any]:
    def count(table: sa.Table, *where) -> int:
        return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()

    from parallax.store.schema import failures
    kinds = count_links(conn)
    disagreements = conn.execute(sa.select(sa.func.count()).select_from(groups).where(
        groups.c.kind == "figure_group", groups.c.flag.is_(True))).scalar_one()
    first, last = conn.execute(sa.select(sa.func.min(articles.c.published),
                                         sa.func.max(articles.c.published))).one()
    by_outlet = conn.execute(sa.select(articles.c.outlet, sa.func.max(articles.c.outlet_country).label("country"),
                                       sa.func.count().label("articles"))
                             .group_by(articles.c.outlet).order_by(sa.desc("articles"), articles.c.outlet))
    return {
        "articles": count(articles), "analyzed": count(articles, articles.c.analyzed.is_(True)),
        "quotes": count(quotes), "entities": count(entities), "figures": count(figures),
        "timexes": count(timexes), "failures": count(failures),
        "speakers": conn.execute(sa.select(sa.func.count(sa.distinct(speaker_column(speaker_names(conn))))))
                    .scalar_one(),
        "outlets": conn.execute(sa.select(sa.func.count(sa.distinct(articles.c.outlet)))).scalar_one(),
        "quote_clusters": kinds.get("quote_cluster", 0), "figure_groups": kinds.get("figure_group", 0),
        "disagreements": disagreements, "events": kinds.get("event", 0),
        "first_published": first, "last_published": last,
        "by_outlet": [dict(r) for r in by_outlet.mappings()],
    }
