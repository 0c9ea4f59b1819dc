"""The store: one SQLite file by default, PostgreSQL for a shared server; same schema, same API.

Every write is one transaction, so a killed process leaves either a whole article (or a whole
analysis) or none of it, and re-running resumes without duplicates.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from parallax import model
from parallax.store import schema
from parallax.store.schema import articles, failures, links, sentences

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
        """Insert the articles whose id is not stored yet, in one transaction; returns those added."""
        added, seen = [], set()
        with self.engine.begin() as conn:
            for article in batch:
                if article.id in seen or conn.execute(
                        sa.select(articles.c.id).where(articles.c.id == article.id)).first():
                    continue
                seen.add(article.id)
                conn.execute(articles.insert().values(**_article_row(article)))
                added.append(article)
        return added

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

    def count_pending(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(articles)
                                .where(articles.c.analyzed.is_(False))).scalar_one()

    # ---- analyses -------------------------------------------------------------------------
    def save_analyses(self, analyses: Iterable[model.Analysis]) -> None:
        """Replace the analysis of each article, all in one transaction."""
        with self.engine.begin() as conn:
            for analysis in analyses:
                self._save_analysis(conn, analysis)

    def _save_analysis(self, conn: sa.Connection, analysis: model.Analysis) -> None:
        aid = analysis.article_id
        for table in (sentences, *schema.ANALYSIS_TABLES):
            conn.execute(table.delete().where(table.c.article_id == aid))
        if analysis.sentences:
            conn.execute(sentences.insert(), [
                {"article_id": aid, "idx": i, "start": s, "end": e} for i, (s, e) in enumerate(analysis.sentences)])
        for part, (table, _cls) in ANALYSIS_PARTS.items():
            rows = [{"article_id": aid, "idx": i, **dataclasses.asdict(item)}
                    for i, item in enumerate(getattr(analysis, part))]
            if rows:
                conn.execute(table.insert(), rows)
        conn.execute(articles.update().where(articles.c.id == aid).values(analyzed=True))

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
        with self.engine.begin() as conn:
            conn.execute(links.delete())
            conn.execute(schema.quotes.update().values(cluster_id=None))
            conn.execute(schema.figures.update().values(group_id=None))
            for attr, (kind, _cls, key) in LINK_KINDS.items():
                rows = [{"kind": kind, "key": key(item), "data": dataclasses.asdict(item)}
                        for item in getattr(result, attr)]
                if rows:
                    conn.execute(links.insert(), rows)
            dup_rows = [{"kind": "duplicate", "key": a, "data": {"a": a, "b": b, "similarity": s}}
                        for a, b, s in result.duplicates]
            if dup_rows:
                conn.execute(links.insert(), dup_rows)
            self._tag_members(conn, schema.quotes, "cluster_id", result.quote_clusters)
            self._tag_members(conn, schema.figures, "group_id", result.figure_groups)

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
        with self.engine.begin() as conn:
            conn.execute(failures.insert().values(uri=uri, stage=stage, reason=reason, at=_now()))

    def stats(self) -> dict[str, int]:
        counts = {}
        with self.engine.connect() as conn:
            for name, table in (("articles", articles), ("quotes", schema.quotes), ("entities", schema.entities),
                                ("figures", schema.figures), ("timexes", schema.timexes), ("failures", failures)):
                counts[name] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            counts["speakers"] = conn.execute(sa.select(sa.func.count(sa.distinct(schema.quotes.c.speaker)))).scalar_one()
            counts["outlets"] = conn.execute(sa.select(sa.func.count(sa.distinct(articles.c.outlet)))).scalar_one()
        return counts


def _article_row(a: model.Article) -> dict[str, Any]:
    return {
        "id": a.id, "uri": a.uri, "url": a.url, "source_text": a.source_text, "body": a.body,
        "segments": [list(s) for s in a.segments], "zones": [dataclasses.asdict(z) for z in a.zones],
        "headline": a.headline.value, "headline_how": a.headline.how,
        "outlet": a.outlet.value, "outlet_how": a.outlet.how, "outlet_confidence": a.outlet.confidence,
        "published": a.published.value, "published_how": a.published.how,
        "published_confidence": a.published.confidence, "published_evidence": a.published.evidence,
        "byline": a.byline.value, "byline_how": a.byline.how, "credits": list(a.credits),
        "language": a.language, "fetched_at": a.fetched_at, "warnings": list(a.warnings),
        "ingested_at": _now(), "analyzed": False,
    }


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
        warnings=list(r["warnings"]),
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
