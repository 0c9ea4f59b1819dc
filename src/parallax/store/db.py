"""The store: one SQLite file by default, PostgreSQL for a shared server; same schema, same API.

Every write is one transaction, so a killed process leaves either a whole article (or a whole
analysis) or none of it, and re-running resumes without duplicates.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from parallax import model
from parallax.store import schema
from parallax.store.schema import articles, failures, links, sentences, store_generation

MIGRATIONS = Path(__file__).parent / "migrations"
ANALYSIS_PARTS = {  # Analysis attribute -> (table, model class)
    "entities": (schema.entities, model.Entity),
    "quotes": (schema.quotes, model.Quote),
    "timexes": (schema.timexes, model.Timex),
    "figures": (schema.figures, model.Figure),
}
LINK_KINDS = {  # LinkResult attribute -> (kind stored, model class, key function)
    "aliases": ("alias", model.AliasGroup, lambda g: g.canonical),
    "quote_clusters": ("quote_cluster", model.QuoteCluster, lambda c: c.speaker or ""),
    "figure_groups": ("figure_group", model.FigureGroup, lambda g: g.measure),
    "events": ("event", model.Event, lambda e: e.value),
    "framing": ("framing", model.FramingTerm, lambda t: t.term),
}


LINK_STATE = "linked"   # one links row: how many analysed articles the last `link` saw


# PostgreSQL: analysis writers share this advisory lock and link takes it alone, so link's
# updates of quote/figure rows never interleave with another process replacing those rows.
ANALYSIS_LOCK = 7412
RETRY_SQLSTATES = {"40P01", "40001"}   # deadlock detected, serialization failure: safe to retry


def database_url(db: str) -> str:
    """Accept a file path (SQLite) or a SQLAlchemy URL (postgresql://...)."""
    if "://" in db:
        return db.replace("postgresql://", "postgresql+psycopg://", 1) if db.startswith("postgresql://") else db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Store:
    def __init__(self, db: str = "parallax.db", *, migrate: bool = True):
        self.url = database_url(db)
        self.engine = sa.create_engine(self.url, future=True)
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:
            self.migrate()

    def migrate(self) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":  # concurrent workers: one migrates, the others wait
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7411)"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def close(self) -> None:
        self.engine.dispose()

    # ---- articles -------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def add_articles(self, batch: Iterable[model.Article]) -> list[model.Article]:
        """Insert the articles whose id is not stored yet, in one transaction; returns those added.
        INSERT ... ON CONFLICT DO NOTHING: two processes adding the same article never collide."""
        unique = list({a.id: a for a in batch}.values())
        if not unique:
            return []
        insert = self._insert(articles).on_conflict_do_nothing(index_elements=["id"]).returning(articles.c.id)

        def work(conn: sa.Connection) -> set[str]:
            added_ids: set[str] = set()
            # one row at a time: RETURNING says which rows this call inserted; in id order, so two
            # writers inserting overlapping batches wait for each other instead of deadlocking
            for article in sorted(unique, key=lambda a: a.id):
                added_ids.update(conn.execute(insert.values(**_article_row(article))).scalars())
            return added_ids

        added_ids = self._write(work)
        return [a for a in unique if a.id in added_ids]

    def update_metadata(self, batch: Iterable[model.Article]) -> dict[str, list[str]]:
        """Stored articles that arrive again with better metadata (a JSONL record, a sidecar, an
        --outlet for text already ingested): a fact replaces the stored one when the stored one is
        empty or less certain. Updated articles go back to `analyze` (their dates anchor the
        analysis) and the link results are marked stale. Returns article id -> fields updated."""
        fields = {"outlet": ("outlet", "outlet_how", "outlet_confidence"),
                  "published": ("published", "published_how", "published_confidence")}
        by_id = {a.id: a for a in batch}

        def work(conn: sa.Connection) -> dict[str, list[str]]:
            changed: dict[str, list[str]] = {}
            rows = conn.execute(sa.select(articles.c.id, articles.c.url, articles.c.outlet,
                                          articles.c.outlet_confidence, articles.c.published,
                                          articles.c.published_confidence)
                                .where(articles.c.id.in_(sorted(by_id)))).mappings().all()
            for row in rows:
                new, values = by_id[row["id"]], {}
                for name, (col, how, conf) in fields.items():
                    fact = getattr(new, name)
                    if fact.value and fact.value != row[col] and (
                            not row[col] or fact.confidence > (row[conf] or 0.0)):
                        values.update({col: fact.value, how: fact.how, conf: fact.confidence})
                        if name == "published":
                            values["published_evidence"] = fact.evidence
                if new.url and not row["url"]:
                    values["url"] = new.url
                if values:
                    changed[row["id"]] = [k for k in ("url", "outlet", "published") if k in values]
                    conn.execute(articles.update().where(articles.c.id == row["id"])
                                 .values(**values, analyzed=False))
            if changed:
                _mark_links_stale(conn)
            return changed

        return self._write(work) if by_id else {}

    def link_state(self) -> dict[str, Any]:
        """Whether the link results match the articles: {'linked': bool, 'stale': bool,
        'pending': articles not analysed, 'analyzed': analysed articles}."""
        with self.engine.connect() as conn:
            pending = conn.execute(sa.select(sa.func.count()).select_from(articles)
                                   .where(articles.c.analyzed.is_(False))).scalar_one()
            analyzed = conn.execute(sa.select(sa.func.count()).select_from(articles)
                                    .where(articles.c.analyzed.is_(True))).scalar_one()
            state = conn.execute(sa.select(links.c.data).where(links.c.kind == LINK_STATE)).scalar()
            any_link = conn.execute(sa.select(links.c.id).limit(1)).first() is not None
        linked = any_link
        stale = bool(pending) or (state is not None and state.get("articles") != analyzed)
        return {"linked": linked, "stale": linked and stale, "pending": pending, "analyzed": analyzed}

    def _write(self, work):
        """Run `work(conn)` in one transaction that also counts one more store generation; retried when
        PostgreSQL aborts it for a deadlock."""
        for attempt in range(5):
            try:
                with self.engine.begin() as conn:
                    result = work(conn)
                    _bump_generation(conn)   # last: every writer takes the row lock after its own locks
                    return result
            except sa.exc.DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) not in RETRY_SQLSTATES or attempt == 4:
                    raise
                time.sleep(0.1 * (attempt + 1))

    def _pg_lock(self, conn: sa.Connection, *, exclusive: bool) -> None:
        if self.dialect == "postgresql":
            lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
            conn.execute(sa.text(f"SELECT {lock}(:key)"), {"key": ANALYSIS_LOCK})

    def _insert(self, table: sa.Table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def generation(self) -> int:
        """How many write transactions the store has committed: changes with every write, relinks included."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(store_generation.c.value).where(store_generation.c.id == 1)).scalar() or 0

    def get_article(self, article_id: str) -> model.Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
        return _article_from_row(row) if row else None

    def pending_articles(self, batch_size: int = 64) -> Iterator[model.Article]:
        """Articles not analysed yet, streamed in id order (memory stays flat)."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(articles).where(articles.c.analyzed.is_(False), articles.c.id > last)
                    .order_by(articles.c.id).limit(batch_size)).mappings().all()
            if not rows:
                return
            for row in rows:
                yield _article_from_row(row)
            last = rows[-1]["id"]

    def analyzed_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these articles have an analysis stored."""
        with self.engine.connect() as conn:
            return set(conn.execute(sa.select(articles.c.id).where(
                articles.c.id.in_(list(ids)), articles.c.analyzed.is_(True))).scalars())

    def count_pending(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(articles)
                                .where(articles.c.analyzed.is_(False))).scalar_one()

    def printed_dates(self) -> Counter[dt.date]:
        """How many stored articles print each publication date (inferred dates left out): the
        evidence an undated article's year is chosen from."""
        query = (sa.select(articles.c.published, sa.func.count()).where(
            articles.c.published.is_not(None),
            sa.func.coalesce(articles.c.published_how, "").not_like("inferred:%"))
            .group_by(articles.c.published))
        dates: Counter[dt.date] = Counter()
        with self.engine.connect() as conn:
            for value, count in conn.execute(query):
                try:
                    dates[dt.date.fromisoformat(value[:10])] += count
                except ValueError:
                    continue
        return dates

    # ---- analyses -------------------------------------------------------------------------
    def save_analyses(self, analyses: Iterable[model.Analysis]) -> None:
        """Replace the analysis of each article, all in one transaction, one statement per table."""
        batch = list({a.article_id: a for a in analyses}.values())
        if not batch:
            return
        ids = sorted(a.article_id for a in batch)

        def work(conn: sa.Connection) -> None:
            self._pg_lock(conn, exclusive=False)
            if self.dialect == "postgresql":  # writers of the same article take turns (ids sorted: no deadlock)
                conn.execute(sa.select(articles.c.id).where(articles.c.id.in_(ids))
                             .order_by(articles.c.id).with_for_update())
            for table in (sentences, *schema.ANALYSIS_TABLES):
                conn.execute(table.delete().where(table.c.article_id.in_(ids)))
            rows = [{"article_id": a.article_id, "idx": i, "start": s, "end": e}
                    for a in batch for i, (s, e) in enumerate(a.sentences)]
            if rows:
                conn.execute(sentences.insert(), rows)
            for part, (table, _cls) in ANALYSIS_PARTS.items():
                rows = [{"article_id": a.article_id, "idx": i, **without_nul(dataclasses.asdict(item))[0]}
                        for a in batch for i, item in enumerate(getattr(a, part))]
                if rows:
                    conn.execute(table.insert(), rows)
            conn.execute(articles.update().where(articles.c.id.in_(ids)).values(analyzed=True))
            dated = [{"key": a.article_id, **_published_columns(a.published)} for a in batch
                     if a.published and model.plausible_published(a.published.value)]
            if dated:
                conn.execute(articles.update().where(articles.c.id == sa.bindparam("key"))
                             .values({c: sa.bindparam(c) for c in dated[0] if c != "key"}), dated)

        self._write(work)

    def get_analysis(self, article_id: str) -> model.Analysis:
        with self.engine.connect() as conn:
            return self._load_analysis(conn, article_id)

    def _load_analysis(self, conn: sa.Connection, article_id: str) -> model.Analysis:
        analysis = model.Analysis(article_id=article_id)
        rows = conn.execute(sa.select(sentences.c.start, sentences.c.end)
                            .where(sentences.c.article_id == article_id).order_by(sentences.c.idx)).all()
        analysis.sentences = [(s, e) for s, e in rows]
        for part, (table, cls) in ANALYSIS_PARTS.items():
            names = [f.name for f in dataclasses.fields(cls)]
            found = conn.execute(sa.select(*[table.c[n] for n in names])
                                 .where(table.c.article_id == article_id).order_by(table.c.idx)).mappings().all()
            setattr(analysis, part, [cls(**dict(r)) for r in found])
        return analysis

    def iter_analyzed(self, batch_size: int = 200) -> Iterator[tuple[model.Article, model.Analysis]]:
        """Every analysed article with its analysis, streamed in id order."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(sa.select(articles).where(articles.c.analyzed.is_(True), articles.c.id > last)
                                    .order_by(articles.c.id).limit(batch_size)).mappings().all()
                batch = [(_article_from_row(r), self._load_analysis(conn, r["id"])) for r in rows]
            if not batch:
                return
            yield from batch
            last = rows[-1]["id"]

    # ---- cross-corpus links -----------------------------------------------------------------
    def save_links(self, result: model.LinkResult) -> None:
        """Replace all link results at once (link/ always recomputes the whole corpus)."""
        def work(conn: sa.Connection) -> None:
            self._pg_lock(conn, exclusive=True)
            conn.execute(links.delete())
            conn.execute(schema.quotes.update().values(cluster_id=None))
            conn.execute(schema.figures.update().values(group_id=None))
            for attr, (kind, _cls, key) in LINK_KINDS.items():
                rows = [without_nul({"kind": kind, "key": key(item), "data": dataclasses.asdict(item)})[0]
                        for item in getattr(result, attr)]
                if rows:
                    conn.execute(links.insert(), rows)
            dup_rows = [{"kind": "duplicate", "key": a, "data": {"a": a, "b": b, "similarity": s}}
                        for a, b, s in result.duplicates]
            if dup_rows:
                conn.execute(links.insert(), dup_rows)
            for written, (canonical, _role) in result.speakers.items():   # one name per speaker (link/speakers.py)
                if written != canonical:
                    conn.execute(schema.quotes.update().where(schema.quotes.c.speaker == written)
                                 .values(speaker=canonical))
            analyzed = conn.execute(sa.select(sa.func.count()).select_from(articles)
                                    .where(articles.c.analyzed.is_(True))).scalar_one()
            conn.execute(links.insert(), [{"kind": LINK_STATE, "key": "", "data": {"articles": analyzed}}])
            self._tag_members(conn, schema.quotes, "cluster_id", result.quote_clusters)
            self._tag_members(conn, schema.figures, "group_id", result.figure_groups)

        self._write(work)

    @staticmethod
    def _tag_members(conn: sa.Connection, table: sa.Table, column: str, groups: list[Any]) -> None:
        stmt = (table.update().where(table.c.article_id == sa.bindparam("aid"), table.c.idx == sa.bindparam("i"))
                .values({column: sa.bindparam("gid")}))
        params = [{"aid": aid, "i": idx, "gid": gid} for gid, g in enumerate(groups) for aid, idx in g.members]
        if params:
            conn.execute(stmt, params)

    def load_links(self, kind: str) -> list[Any]:
        attr = {k: a for a, (k, _c, _f) in LINK_KINDS.items()}[kind]
        cls = LINK_KINDS[attr][1]
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(links.c.data).where(links.c.kind == kind).order_by(links.c.id)).scalars()
            return [_from_json(cls, d) for d in rows]

    # ---- failures and statistics -------------------------------------------------------------
    def add_failure(self, uri: str, stage: str, reason: str) -> None:
        """Record a failure once: re-running over the same inputs does not repeat it."""
        (uri, stage, reason), _ = without_nul((uri, stage, reason))
        same = (failures.c.uri == uri, failures.c.stage == stage, failures.c.reason == reason)
        with self.engine.begin() as conn:
            if conn.execute(sa.select(failures.c.id).where(*same).limit(1)).first() is None:
                conn.execute(failures.insert().values(uri=uri, stage=stage, reason=reason, at=_now()))
                _bump_generation(conn)

    def stats(self) -> dict[str, int]:
        counts = {}
        with self.engine.connect() as conn:
            for name, table in (("articles", articles), ("quotes", schema.quotes), ("entities", schema.entities),
                                ("figures", schema.figures), ("timexes", schema.timexes), ("failures", failures)):
                counts[name] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            counts["speakers"] = conn.execute(sa.select(sa.func.count(sa.distinct(schema.quotes.c.speaker)))).scalar_one()
            counts["outlets"] = conn.execute(sa.select(sa.func.count(sa.distinct(articles.c.outlet)))).scalar_one()
        return counts


def _bump_generation(conn: sa.Connection) -> None:
    conn.execute(store_generation.update().where(store_generation.c.id == 1)
                 .values(value=store_generation.c.value + 1))


def without_nul(value: Any) -> tuple[Any, int]:
    """`value` (a string, or lists, tuples and dicts of them) with every NUL character replaced by U+FFFD,
    and how many were replaced. PostgreSQL text cannot hold NUL; one character for one keeps every offset."""
    if isinstance(value, str):
        count = value.count("\x00")
        return (value.replace("\x00", "\ufffd"), count) if count else (value, 0)
    if isinstance(value, (list, tuple)):
        parts = [without_nul(v) for v in value]
        return type(value)(v for v, _ in parts), sum(n for _, n in parts)
    if isinstance(value, dict):
        parts = {k: without_nul(v) for k, v in value.items()}
        return {k: v for k, (v, _) in parts.items()}, sum(n for _, n in parts.values())
    return value, 0


def _mark_links_stale(conn: sa.Connection) -> None:
    """Articles changed since `link` ran: its results no longer match them."""
    conn.execute(links.update().where(links.c.kind == LINK_STATE).values(data={"articles": -1}))


def _article_row(a: model.Article) -> dict[str, Any]:
    row, nul = without_nul(_raw_article_row(a))
    if nul:
        row["warnings"].append(f"{nul:,} NUL characters replaced by U+FFFD")
    if row["published"] and not model.plausible_published(row["published"]):
        row["warnings"].append(f"publication date dropped: {row['published'][:40]!r} is not a date in the years "
                               f"{model.PUBLISHED_YEARS[0]}-{model.PUBLISHED_YEARS[1]}")
        row.update(_published_columns(model.Fact(None)))
    if row["url"] and not model.web_url(row["url"]):
        row["warnings"].append(f"URL dropped: not http(s): {row['url'][:80]!r}")
        row["url"] = None
    return row


def _raw_article_row(a: model.Article) -> dict[str, Any]:
    return {
        "id": a.id, "uri": a.uri, "url": a.url, "source_text": a.source_text, "body": a.body,
        "segments": [list(s) for s in a.segments], "zones": [dataclasses.asdict(z) for z in a.zones],
        "headline": a.headline.value, "headline_how": a.headline.how,
        "outlet": a.outlet.value, "outlet_how": a.outlet.how, "outlet_confidence": a.outlet.confidence,
        "outlet_country": a.outlet_country,
        **_published_columns(a.published),
        "byline": a.byline.value, "byline_how": a.byline.how, "credits": list(a.credits),
        "language": a.language, "fetched_at": a.fetched_at, "warnings": list(a.warnings),
        "ingested_at": _now(), "analyzed": False,
    }


def _published_columns(published: model.Fact) -> dict[str, Any]:
    return {"published": published.value, "published_how": published.how,
            "published_confidence": published.confidence, "published_evidence": published.evidence}


def _article_from_row(r: Any) -> model.Article:
    return model.Article(
        id=r["id"], uri=r["uri"], url=r["url"], source_text=r["source_text"], body=r["body"],
        segments=[tuple(s) for s in r["segments"]], zones=[model.Zone(**z) for z in r["zones"]],
        headline=model.Fact(r["headline"], r["headline_how"] or ""),
        outlet=model.Fact(r["outlet"], r["outlet_how"] or "", r["outlet_confidence"] or 0.0),
        published=model.Fact(r["published"], r["published_how"] or "", r["published_confidence"] or 0.0,
                             r["published_evidence"] or ""),
        byline=model.Fact(r["byline"], r["byline_how"] or ""),
        credits=list(r["credits"]), language=r["language"] or "", fetched_at=r["fetched_at"],
        warnings=list(r["warnings"]), outlet_country=r.get("outlet_country"),
    )


def _from_json(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild a link dataclass from JSON (JSON turns tuples into lists)."""
    values = dict(data)
    for key in ("members", "evidence"):
        if key in values:
            values[key] = [tuple(m) for m in values[key]]
    if "first" in values:
        values["first"] = tuple(values["first"])
    return cls(**values)
