"""The store: one SQLite file by default, PostgreSQL for a shared server; same schema, same API.

Every write is one transaction, so a killed process leaves either a whole article (or a whole
analysis) or none of it, and re-running resumes without duplicates.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import operator
import time
import uuid
from contextlib import contextmanager
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from parallax import model
from parallax.store import schema
from parallax.store.schema import (alias_counts, alias_totals, articles, event_clusters, event_conflicts, event_entries,
                                   event_stems, failures, framing_counts, framing_totals, group_members, groups,
                                   link_dirty, link_keys, link_state, sentences, store_generation)

MIGRATIONS = Path(__file__).parent / "migrations"
ANALYSIS_PARTS = {  # Analysis attribute -> (table, model class)
    "entities": (schema.entities, model.Entity),
    "quotes": (schema.quotes, model.Quote),
    "timexes": (schema.timexes, model.Timex),
    "figures": (schema.figures, model.Figure),
}
LINK_MODELS = {"alias": model.AliasGroup, "quote_cluster": model.QuoteCluster, "figure_group": model.FigureGroup,
               "event": model.Event, "framing": model.FramingTerm}
MEMBER_COLUMNS = {"quote_cluster": (schema.quotes, "cluster_id"), "figure_group": (schema.figures, "group_id")}
FRAMING_KEYS = ("part", "term", "outlet")            # the unique keys of framing_totals
ALIAS_KEYS = ("key", "spelling", "part", "value")     # ... and of alias_totals, with its first-seen columns
ALIAS_FIRST = ("first_article", "first_seq")
ENTRY_FIELDS = ("idx", "value", "clause", "stems", "common")   # `parallax.link.timeline.EntryRow`


# Stand-ins for items of other blocks when a block is loaded: linkers skip them (no text, no value).
_BLANK = {"entities": model.Entity(0, 0, "", "", ""), "quotes": model.Quote(0, 0, "", "direct"),
          "timexes": model.Timex(0, 0, "", "", ""), "figures": model.Figure(0, 0, "", 0.0, "", "")}


# PostgreSQL: analysis writers share this advisory lock and link takes it alone, so link's
# updates of quote/figure rows never interleave with another process replacing those rows.
ANALYSIS_LOCK = 7412
LINK_LOCK = 7413   # held by the one linker of a store
GROUPS_LOCK = 7414   # taken by each block's write: parallel link tasks give group ids one at a time
RETRY_SQLSTATES = {"40P01", "40001"}   # deadlock detected, serialization failure: safe to retry


def database_url(db: str) -> str:
    """Accept a file path (SQLite) or a SQLAlchemy URL (postgresql://...)."""
    if "://" in db:
        return db.replace("postgresql://", "postgresql+psycopg://", 1) if db.startswith("postgresql://") else db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _pages(conn: sa.Connection, query, size: int = 5000) -> Iterator[list[tuple]]:
    """A query's rows as plain tuples, a page at a time (streamed). On SQLite straight from the
    driver: SQLAlchemy's work per row cost more than SQLite's read (framing reads ~60 rows a term)."""
    if conn.dialect.name != "sqlite":
        yield from conn.execution_options(stream_results=True, yield_per=size).execute(query).partitions()
        return
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})   # IN lists too
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled), [compiled.params[name] for name in compiled.positiontup or []])
        while page := cursor.fetchmany(size):
            yield page
    finally:
        cursor.close()


def execute_rows(conn: sa.Connection, statement, rows: list[dict]) -> None:
    """`conn.execute(statement, rows)` (one executemany); on SQLite the statement is compiled once and
    the rows go to the driver as tuples: SQLAlchemy's own per-row parameter work cost more than
    SQLite's inserts. Any statement this cannot pass as is (a missing or extra key, a default the
    rows leave out, a type that converts its values) takes SQLAlchemy's path."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        compiled = statement.compile(dialect=conn.dialect, column_keys=list(rows[0]))
        names = compiled.positiontup or []
        if (set(names) == set(rows[0]) and len(names) == len(rows[0])
                and all(compiled.binds[n].type.bind_processor(conn.dialect) is None for n in names)):
            values = operator.itemgetter(*names) if len(names) > 1 else lambda r: (r[names[0]],)
            try:
                tuples = list(map(values, rows))
            except KeyError:   # a row without one of the keys
                tuples = None
            # every row has every key (above), so equal sizes mean no row has an extra one
            if tuples is not None and sum(map(len, rows)) == len(names) * len(rows):
                conn.exec_driver_sql(str(compiled), tuples)
                return
    conn.execute(statement, rows)


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
            return changed   # analysed again, their new keys mark the blocks to relink

        return self._write(work) if by_id else {}

    def link_state(self) -> dict[str, Any]:
        """Whether the link results match the articles: {'linked': bool, 'stale': bool,
        'pending': articles not analysed, 'analyzed': analysed articles}. Stale: articles wait for
        analysis, or blocks wait for `parallax link` (keys written with analyses mark them)."""
        with self.engine.connect() as conn:
            pending = conn.execute(sa.select(sa.func.count()).select_from(articles)
                                   .where(articles.c.analyzed.is_(False))).scalar_one()
            analyzed = conn.execute(sa.select(sa.func.count()).select_from(articles)
                                    .where(articles.c.analyzed.is_(True))).scalar_one()
            linked = conn.execute(sa.select(link_state.c.value).where(link_state.c.name == "aliases")).first() \
                is not None or conn.execute(sa.select(groups.c.id).limit(1)).first() is not None
            waiting = conn.execute(sa.select(link_dirty.c.key).limit(1)).first() is not None
        return {"linked": linked, "stale": linked and (bool(pending) or waiting), "pending": pending,
                "analyzed": analyzed}

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
        """The publication dates stored articles print (inferred dates left out), with the names
        each of those bodies uses (a `CorpusDates`): the evidence an undated article's story and
        year are chosen from."""
        from parallax.analyze.dating import corpus_dates   # not at import: it loads spaCy
        query = (sa.select(articles.c.id, articles.c.published, articles.c.body).where(
            articles.c.published.is_not(None),
            sa.func.coalesce(articles.c.published_how, "").not_like("inferred:%")))
        with self.engine.connect() as conn:   # streamed: a body is read, its names kept, the body let go
            rows = conn.execution_options(stream_results=True, yield_per=500).execute(query)
            published, bodies, ids = itertools.tee(rows, 3)   # read in step: tee holds a row or two
            return corpus_dates((r.published for r in published), (r.body for r in bodies), (r.id for r in ids))

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
                execute_rows(conn, sentences.insert(), rows)
            for part, (table, _cls) in ANALYSIS_PARTS.items():
                # vars, not dataclasses.asdict: the parts' fields are flat values, and asdict copies each deeply
                rows = [{"article_id": a.article_id, "idx": i, **without_nul(vars(item))[0]}
                        for a in batch for i, item in enumerate(getattr(a, part))]
                execute_rows(conn, table.insert(), rows)
            conn.execute(articles.update().where(articles.c.id.in_(ids)).values(analyzed=True))
            keyed = [a for a in batch if a.link_keys is not None and a.alias_counts is not None
                     and a.event_entries is not None]
            self._write_keys(conn, keyed)
            unkeyed = sorted(set(ids) - {a.article_id for a in keyed})
            if unkeyed:   # keyed by the next link, which also relinks the blocks they leave
                conn.execute(articles.update().where(articles.c.id.in_(unkeyed)).values(keyed=False))
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

    def iter_analyzed(self, batch_size: int = 200, *, unkeyed: bool = False
                      ) -> Iterator[tuple[model.Article, model.Analysis]]:
        """Every analysed article with its analysis (`unkeyed`: those without link keys), streamed in id order."""
        last = ""
        while True:
            where = [articles.c.analyzed.is_(True), articles.c.id > last]
            if unkeyed:
                where.append(articles.c.keyed.is_(False))
            with self.engine.connect() as conn:
                rows = conn.execute(sa.select(articles).where(*where)
                                    .order_by(articles.c.id).limit(batch_size)).mappings().all()
                batch = [(_article_from_row(r), self._load_analysis(conn, r["id"])) for r in rows]
            if not batch:
                return
            yield from batch
            last = rows[-1]["id"]

    # ---- keyed link ---------------------------------------------------------------------------
    def _write_keys(self, conn: sa.Connection, batch: list[model.Analysis]) -> None:
        """Replace the link keys, framing and alias counts, event entries of analysed articles; the blocks they leave
        and the blocks they enter are marked for relinking (all in the caller's transaction)."""
        ids = sorted(a.article_id for a in batch)
        if not ids:
            return
        old = conn.execute(sa.select(link_keys.c.kind, link_keys.c.key).where(link_keys.c.article_id.in_(ids))
                           .distinct()).all()
        conn.execute(link_keys.delete().where(link_keys.c.article_id.in_(ids)))
        removed = conn.execute(sa.select(framing_counts.c.article_id, framing_counts.c.outlet, framing_counts.c.data)
                               .where(framing_counts.c.article_id.in_(ids))).all()
        conn.execute(framing_counts.delete().where(framing_counts.c.article_id.in_(ids)))
        rows = [{"kind": kind, "key": key, "article_id": a.article_id, "idx": idx}
                for a in batch for kind, key, idx in a.link_keys]
        execute_rows(conn, link_keys.insert(), rows)
        outlets = dict(conn.execute(sa.select(articles.c.id, articles.c.outlet).where(articles.c.id.in_(ids))).all())
        counts = [{"article_id": a.article_id, "outlet": outlets.get(a.article_id), "data": a.framing}
                  for a in batch if a.framing is not None]
        self.sum_framing(conn, removed, [(r["article_id"], r["outlet"], r["data"]) for r in counts])
        execute_rows(conn, framing_counts.insert(), counts)
        self.sum_aliases(conn, ids, [(a.article_id, *row) for a in batch for row in a.alias_counts])
        conn.execute(event_entries.delete().where(event_entries.c.article_id.in_(ids)))
        entries = [{"article_id": a.article_id, **dict(zip(ENTRY_FIELDS, without_nul(row)[0]))}
                   for a in batch for row in a.event_entries]
        execute_rows(conn, event_entries.insert(), entries)
        framing = {("framing", "*")} if counts else set()   # framing sums every article's counts
        self._mark_dirty(conn, {*map(tuple, old), *((r["kind"], r["key"]) for r in rows), *framing})
        conn.execute(articles.update().where(articles.c.id.in_(ids)).values(keyed=True))

    def _mark_dirty(self, conn: sa.Connection, blocks: Iterable[tuple[str, str]]) -> None:
        """A linker only clears a mark it has seen (`replace_block`): a block marked again while it
        was being linked stays marked."""
        token = uuid.uuid4().hex
        rows = [{"kind": k, "key": key, "marked": token} for k, key in sorted(set(blocks))]   # sorted: no deadlock
        insert = self._insert(link_dirty)
        insert = insert.on_conflict_do_update(index_elements=["kind", "key"], set_={"marked": insert.excluded.marked})
        for i in range(0, len(rows), 5000):
            execute_rows(conn, insert, rows[i:i + 5000])

    def save_keys(self, batch: list[model.Analysis]) -> None:
        """Key articles analysed without keys (loaded from shards, or stored before keyed link)."""
        self._write(lambda conn: self._write_keys(conn, batch))

    def unkeyed(self, batch_size: int = 200) -> Iterator[tuple[model.Article, model.Analysis]]:
        return self.iter_analyzed(batch_size, unkeyed=True)

    def mark_all_dirty(self) -> None:
        """Every block that has items or results is relinked by the next link (`link --all`); done
        in the database, so memory does not follow the number of blocks. The stored event clusters
        go, so that every date's conflicts are found anew."""
        token = uuid.uuid4().hex
        def work(conn: sa.Connection) -> None:
            for columns, table in (("kind, key", "link_keys"), ("kind, key", "groups"), ("'event', value", "event_clusters")):
                conn.execute(sa.text(
                    f"INSERT INTO link_dirty (kind, key, marked) SELECT DISTINCT {columns}, :t FROM {table} "
                    "WHERE true ON CONFLICT (kind, key) DO UPDATE SET marked = excluded.marked"), {"t": token})
            conn.execute(event_conflicts.delete())
            conn.execute(event_stems.delete())
            conn.execute(event_clusters.delete())
        self._write(work)

    def mark_dirty(self, kind: str, keys: Iterable[str] | None = None) -> None:
        """Mark blocks of `kind` for relinking: `keys`, or every block of the kind."""
        def work(conn: sa.Connection) -> None:
            if keys is None:
                found = conn.execute(sa.union(
                    sa.select(link_keys.c.key).where(link_keys.c.kind == kind).distinct(),
                    sa.select(groups.c.key).where(groups.c.kind == kind).distinct())).scalars().all()
            else:
                found = list(keys)
            self._mark_dirty(conn, ((kind, k) for k in found))
        self._write(work)

    def dirty_blocks(self, kind: str, after: str = "", limit: int = 2000) -> list[tuple[str, str, int]]:
        """Blocks of `kind` waiting to be relinked, in key order after `after`: (key, mark, how many
        articles it holds now)."""
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(link_dirty.c.key, link_dirty.c.marked)
                                 .where(link_dirty.c.kind == kind, link_dirty.c.key > after)
                                 .order_by(link_dirty.c.key).limit(limit)).all()
            keys = [k for k, _ in found]
            sizes = dict(conn.execute(
                sa.select(link_keys.c.key, sa.func.count(sa.distinct(link_keys.c.article_id)))
                .where(link_keys.c.kind == kind, link_keys.c.key.in_(keys)).group_by(link_keys.c.key)).all()) \
                if keys else {}
        return [(k, m, sizes.get(k, 0)) for k, m in found]

    def _clear_marks(self, conn: sa.Connection, kind: str, marks: dict[str, str]) -> None:
        """Remove the blocks' marks, unless marked again since they were read."""
        if marks:
            conn.execute(link_dirty.delete().where(link_dirty.c.kind == kind, link_dirty.c.key == sa.bindparam("k"),
                                                   link_dirty.c.marked == sa.bindparam("m")),
                         [{"k": k, "m": m} for k, m in marks.items()])

    @contextmanager
    def link_lock(self) -> Iterator[None]:
        """One linker at a time per store (others wait): PostgreSQL session advisory lock, or a
        lock file next to the SQLite file."""
        if self.dialect == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": LINK_LOCK})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": LINK_LOCK})
                    conn.commit()
            return
        import fcntl
        path = self.engine.url.database
        if not path or path == ":memory:":
            yield
            return
        with open(path + ".link-lock", "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def dirty_kinds(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(sa.select(link_dirty.c.kind).distinct()).scalars())

    def block_article_ids(self, kind: str, keys: Iterable[str], limit: int | None = None) -> list[str]:
        """Articles with items in the blocks; with `limit`, the latest published that many."""
        stmt = (sa.select(articles.c.id).where(articles.c.id.in_(
            sa.select(link_keys.c.article_id).where(link_keys.c.kind == kind, link_keys.c.key.in_(list(keys))))))
        if limit:
            stmt = stmt.order_by(articles.c.published.desc(), articles.c.id).limit(limit)
        with self.engine.connect() as conn:
            return sorted(conn.execute(stmt).scalars())

    def load_items(self, ids: list[str], parts: Iterable[str], body: bool, *, block: tuple[str, str, Iterable[str]]
                   | None = None, where: dict[str, Any] | None = None) -> list[tuple[model.Article, model.Analysis]]:
        """Articles (metadata, and the body when asked) with the named analysis parts only, in id order.
        `block` = (part, kind, keys): of that part, only the items linked in those blocks are read; the
        others are blank placeholders, so indices stay right. `where`: part -> a filter on its rows."""
        parts = list(parts)
        cols = [articles.c.id, articles.c.uri, articles.c.url, articles.c.outlet, articles.c.published,
                articles.c.published_how, articles.c.headline] + ([articles.c.body] if body else [])
        out = []
        # lists bound at execution (expanding): statements built once per call, not coerced value by value
        chunk_ids, block_keys = sa.bindparam("ids", expanding=True), sa.bindparam("keys", expanding=True)
        stmts = {}
        for part in parts:
            table, cls = ANALYSIS_PARTS[part]
            names = [f.name for f in dataclasses.fields(cls)]
            stmt = sa.select(table.c.article_id, table.c.idx, *[table.c[n] for n in names]).where(
                table.c.article_id.in_(chunk_ids), *([(where or {})[part]] if part in (where or {}) else []))
            if block and block[0] == part:
                stmt = stmt.where(sa.tuple_(table.c.article_id, table.c.idx).in_(
                    sa.select(link_keys.c.article_id, link_keys.c.idx).where(
                        link_keys.c.kind == block[1], link_keys.c.key.in_(block_keys),
                        link_keys.c.article_id.in_(chunk_ids))))
            stmts[part] = (stmt.order_by(table.c.article_id, table.c.idx), cls)
        heads = sa.select(*cols).where(articles.c.id.in_(chunk_ids)).order_by(articles.c.id)
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                found = {p: defaultdict(list) for p in parts}
                for part, (stmt, cls) in stmts.items():
                    values = {"ids": chunk, **({"keys": list(block[2])} if block and block[0] == part else {})}
                    for r in conn.execute(stmt, values).all():
                        items = found[part][r[0]]
                        while len(items) < r[1]:
                            items.append(_BLANK[part])
                        items.append(cls(*r[2:]))
                for r in conn.execute(heads, {"ids": chunk}).mappings():
                    article = model.Article(
                        id=r["id"], uri=r["uri"], source_text="", body=r["body"] if body else "", segments=[],
                        zones=[], headline=model.Fact(r["headline"]), outlet=model.Fact(r["outlet"]),
                        published=model.Fact(r["published"], r["published_how"] or ""), byline=model.Fact(None),
                        url=r["url"])
                    out.append((article, model.Analysis(r["id"], **{p: found[p].get(r["id"], []) for p in parts})))
        return out

    def block_quotes(self, keys: list[str], ids: list[str]) -> list[tuple[str, str | None, int, str, str | None]]:
        """The quotes of the articles `ids` linked in quote blocks `keys`: (article id, published, index,
        text, speaker) each, in article id then index order (what `parallax.link.quotes.link_rows` reads)."""
        q, k = schema.quotes.c, link_keys.c
        stmt = (sa.select(q.article_id, articles.c.published, q.idx, q.text, q.speaker)
                .join(link_keys, sa.and_(k.article_id == q.article_id, k.idx == q.idx))
                .join(articles, articles.c.id == q.article_id)
                .where(k.kind == "quote_cluster", k.key.in_(sa.bindparam("keys", expanding=True)),
                       q.article_id.in_(sa.bindparam("ids", expanding=True)))
                .distinct().order_by(q.article_id, q.idx))
        rows = []
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):   # ids sorted: the chunks come in order
                rows += [tuple(r) for r in conn.execute(stmt, {"keys": keys, "ids": ids[i:i + 500]})]
        return rows

    def block_entries(self, keys: list[str], ids: list[str]) -> list[tuple[str, str | None, tuple]]:
        """The timeline entries of the articles `ids` linked in event blocks `keys`: (article id,
        published, entry row) each, read by a join of the entries with the blocks' keys."""
        e, k = event_entries.c, link_keys.c
        stmt = (sa.select(e.article_id, articles.c.published, *[e[f] for f in ENTRY_FIELDS])
                .join(link_keys, sa.and_(k.article_id == e.article_id, k.idx == e.idx))
                .join(articles, articles.c.id == e.article_id)
                .where(k.kind == "event", k.key.in_(sa.bindparam("keys", expanding=True)),
                       e.article_id.in_(sa.bindparam("ids", expanding=True))).distinct())
        rows = []
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                rows += [(aid, published, tuple(row)) for aid, published, *row in
                         conn.execute(stmt, {"keys": keys, "ids": ids[i:i + 500]})]
        return rows

    def replace_dates(self, dates: list[tuple[str, list[Any], dict[str, str]]]) -> int:
        """Store the clusters of dates ((date, its `timeline.Cluster`s, marks read before linking it))
        and their events, and clear the dates' marks: one transaction. A cluster whose conflicts cannot
        have changed (same first report and stems, reports of two articles or more before and after)
        keeps them; a new one is compared with the stored clusters that share two stems in its bucket
        and the two beside it, and with the new ones before it; a vanished one leaves the peers that
        listed it (the relation is symmetric). Conflicts are rows (`event_conflicts`); a cluster keeps the
        first peer of each conflicting date, rewritten only when one of those changes. A peer whose
        conflicting dates change has its event written again. Returns how many."""
        from parallax.link import describe, describe_block, timeline

        def work(conn: sa.Connection) -> int:
            self._pg_lock(conn, exclusive=False)
            if self.dialect == "postgresql":   # one writer at a time: a new cluster sees every stored peer
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": GROUPS_LOCK})
            c, st, cf = event_clusters.c, event_stems.c, event_conflicts.c
            stored: dict[str, dict] = {}   # key -> data of each cluster read or new
            before: dict[str, list] = {}   # key -> its earliest peer of each date, as read

            def read(where) -> list[str]:
                keys = []
                for key, data in conn.execute(sa.select(c.key, c.data).where(where)):
                    stored[key], before[key] = data, data["conflicting"]
                    keys.append(key)
                return keys

            def load(keys: Iterable[str]) -> None:
                keys = sorted(set(keys) - stored.keys())
                for i in range(0, len(keys), 500):
                    read(c.key.in_(keys[i:i + 500]))
            of_date: dict[str, list[str]] = defaultdict(list)
            values = [date for date, _found, _marks in dates]
            for i in range(0, len(values), 500):
                for key in read(c.value.in_(values[i:i + 500])):
                    of_date[stored[key]["value"]].append(key)
            gone, added, updated, now = set(), {}, {}, {}
            for date, found, _marks in dates:
                new = {timeline.cluster_key(cl): timeline.cluster_data(cl) for cl in found}
                for k in of_date[date]:
                    if k not in new or not _same_conflicts(stored[k], new[k]):
                        gone.add(k)
                    elif {**stored[k], "conflicting": []} != new[k]:
                        updated[k] = {**new[k], "conflicting": stored[k]["conflicting"]}
                added.update((k, d) for k, d in new.items() if k in gone or k not in stored)
                now[date] = sorted(new)
            stored.update(updated)
            gone_keys, left = sorted(gone), []   # (cluster, vanished peer) pairs
            for i in range(0, len(gone_keys), 500):   # its peers forget it
                part = gone_keys[i:i + 500]
                left += [(p, g) for g, p in conn.execute(sa.select(cf.cluster, cf.peer).where(cf.cluster.in_(part)))
                         if p not in gone]
                conn.execute(event_conflicts.delete().where(cf.cluster.in_(part)))
                conn.execute(event_conflicts.delete().where(cf.peer.in_(part)))
                conn.execute(event_stems.delete().where(st.cluster.in_(part)))
                conn.execute(event_clusters.delete().where(c.key.in_(part)))
            load(p for p, _g in left)
            # a peer looks again for the first of a date only where the vanished cluster was it
            again = sorted({(p, stored[g]["value"]) for p, g in left
                            if [*stored[g]["first"], stored[g]["value"]] in stored[p]["conflicting"]})
            for p, value in again:
                rest = [x for x in stored[p]["conflicting"] if x[3] != value]
                first = min((list(r) for r in conn.execute(sa.select(cf.published, cf.article_id, cf.idx, cf.value)
                                                            .where(cf.cluster == p, cf.value == value))), default=None)
                stored[p] = {**stored[p], "conflicting": sorted(rest + ([first] if first else []))}
            stored.update(added)
            clusters: dict[str, Any] = {}   # what a conflict is judged on, decoded once

            def cluster(key: str) -> Any:
                if key not in clusters:
                    clusters[key] = timeline.cluster_of(stored[key])
                return clusters[key]
            lookup = (sa.select(st.cluster).where(st.stem.in_(sa.bindparam("stems", expanding=True)),
                                                  st.month.in_(sa.bindparam("months", expanding=True)))
                      .group_by(st.cluster).having(sa.func.count() >= 2))
            earlier: dict[tuple[str, str], list[str]] = defaultdict(list)   # (stem, bucket) -> new clusters before
            pairs = []

            def meet(key: str, peer: Any) -> None:   # key's first peer of peer's date, peer counted
                entry = [*peer.first, peer.value]
                rest = [x for x in stored[key]["conflicting"] if x[3] != peer.value]
                kept = [x for x in stored[key]["conflicting"] if x[3] == peer.value and x <= entry]
                stored[key] = {**stored[key], "conflicting": sorted(rest + (kept or [entry]))}
            for key, data in added.items():
                new_one, months = cluster(key), timeline.months_of(data["value"])
                stems = sorted(new_one.stems)
                peers = conn.execute(lookup, {"stems": stems, "months": months}).scalars().all() if len(stems) > 1 else []
                load(peers)
                shared = Counter(k for s in stems for m in months for k in earlier[(s, m)])
                for p in [*peers, *sorted(k for k, n in shared.items() if n >= 2)]:
                    if timeline.conflict(new_one, cluster(p)):
                        pairs += [(key, cluster(p)), (p, new_one)]
                        meet(key, cluster(p))
                        meet(p, new_one)
                for s in stems:
                    earlier[(s, timeline.month_of(data["value"]))].append(key)
            execute_rows(conn, event_conflicts.insert(), [
                {"cluster": k, "peer": timeline.cluster_key(q), "published": q.first[0], "article_id": q.first[1],
                 "idx": q.first[2], "value": q.value} for k, q in pairs])
            execute_rows(conn, event_stems.insert(), [{"stem": s, "month": timeline.month_of(d["value"]), "cluster": k}
                                                      for k, d in added.items() for s in sorted(cluster(k).stems)])
            execute_rows(conn, event_clusters.insert(), [{"key": k, "value": d["value"], "data": stored[k]}
                                                         for k, d in added.items()])
            moved = {k for k, read_as in before.items() if k not in gone and stored[k]["conflicting"] != read_as}
            rewrite = sorted((moved | updated.keys()) - added.keys())
            if rewrite:
                conn.execute(event_clusters.update().where(c.key == sa.bindparam("k")).values(data=sa.bindparam("d")),
                             [{"k": k, "d": stored[k]} for k in rewrite])
            ids = _GroupIds(conn)
            for date, keys, marks in ((d, now[d], m) for d, _f, m in dates):
                events = sorted(map(timeline.stored_event, sorted((stored[k] for k in keys), key=lambda d: d["first"])),
                                key=lambda e: (e.value, e.summary))
                self._replace_groups(conn, "event", date, describe_block("event", date, events),
                                     old_keys=sorted({date, *marks}), ids=ids)
                self._clear_marks(conn, "event", marks)
            ids.save()
            linked = {k for keys in now.values() for k in keys}   # their events were written whole
            peers = [describe("event", event.value, event) for k in sorted(moved - linked)
                     if (event := timeline.stored_event(stored[k])).conflicting_values != [x[3] for x in before[k]]]
            if peers:
                conn.execute(groups.update().where(groups.c.kind == "event", groups.c.stable_id == sa.bindparam("sid"))
                             .values(data=sa.bindparam("d"), flag=sa.bindparam("f")),
                             [{"sid": g.stable_id, "d": g.data, "f": bool(g.flag)} for g in peers])
            return len(peers)
        return self._write(work) if dates else 0

    @staticmethod
    def part_filters(kind: Any) -> dict[str, Any]:
        """The rows of each analysis part a kind of link reads (`parallax.link.Kind`)."""
        where = {}
        if kind.place_names:
            where["entities"] = schema.entities.c.label.in_(["GPE", "LOC", "FAC", "NORP"])
        if kind.role_quotes:
            where["quotes"] = schema.quotes.c.speaker_role.is_not(None)
        return where

    def sum_framing(self, conn: sa.Connection, removed: list, added: list) -> None:
        """Take the framing counts of `removed` articles from the corpus totals and add those of `added`
        ((article id, outlet, counts) each), in the caller's transaction. A total whose first article
        was removed takes the next article of its outlet that uses the term."""
        from parallax.link.framing import sum_totals

        if removed:
            self._upsert_add(conn, framing_totals, FRAMING_KEYS, _total_rows(FRAMING_KEYS, sum_totals(removed, sign=-1)))
            gone = sorted({aid for aid, _o, _d in removed})
            stale = conn.execute(sa.select(framing_totals.c.part, framing_totals.c.term, framing_totals.c.outlet)
                                 .where(framing_totals.c.first_article.in_(gone),
                                        framing_totals.c.part == "gram")).all()
            self._refind_first(conn, framing_totals, FRAMING_KEYS, self._first_framing(conn, stale))
            conn.execute(framing_totals.delete().where(framing_totals.c.count <= 0))
        self._upsert_add(conn, framing_totals, FRAMING_KEYS, _total_rows(FRAMING_KEYS, sum_totals(added)))

    def sum_aliases(self, conn: sa.Connection, removed: list[str], added: list[tuple]) -> None:
        """Replace the alias counts of the `removed` articles with `added` ((article id, key, spelling,
        part, value, count, first event) each) and change the blocks' totals by the difference, in the
        caller's transaction. A total whose first article was removed takes the next article that adds to it."""
        c, t = alias_counts.c, alias_totals.c
        fields = ("article_id", "key", "spelling", "part", "value", "count", "seq")
        totals: dict[tuple, list] = {}   # (key, spelling, part, value) -> [count, first article, its first event]
        for i in range(0, len(removed), 500):
            for aid, key, spelling, part, value, count in conn.execute(
                    sa.select(c.article_id, c.key, c.spelling, c.part, c.value, c.count)
                    .where(c.article_id.in_(removed[i:i + 500]))):
                # a removed article is never earlier than the total's first: the first stays (or is found again below)
                totals.setdefault((key, spelling, part, value), [0, aid, 2 ** 31 - 1])[0] -= count
            conn.execute(alias_counts.delete().where(c.article_id.in_(removed[i:i + 500])))
        for aid, key, spelling, part, value, count, seq in added:
            row = totals.setdefault((key, spelling, part, value), [0, aid, seq])
            row[0] += count
            row[1:] = min(row[1:], [aid, seq])
        for i in range(0, len(added), 5000):
            execute_rows(conn, alias_counts.insert(), [dict(zip(fields, r)) for r in added[i:i + 5000]])
        # totals whose first article was removed, taken before this call's rows go in (after the upsert,
        # every total that a new article starts would look stale too): their first is found again below
        stale = []
        for i in range(0, len(removed), 500):
            stale += conn.execute(sa.select(t.key, t.spelling, t.part, t.value).where(
                t.first_article.in_(removed[i:i + 500]))).all()
        self._upsert_add(conn, alias_totals, ALIAS_KEYS, _total_rows(ALIAS_KEYS, totals, ("count", "first_article",
                                                                                     "first_seq")), ALIAS_FIRST)
        for i in range(0, len(removed), 500):
            conn.execute(alias_totals.delete().where(t.first_article.in_(removed[i:i + 500]), t.count <= 0))
        found = {tuple(k): conn.execute(sa.select(c.article_id, c.seq).where(
            *(c[f] == v for f, v in zip(ALIAS_KEYS, k))).order_by(c.article_id, c.seq).limit(1)).first()
            for k in stale}
        self._refind_first(conn, alias_totals, ALIAS_KEYS, {k: f for k, f in found.items() if f}, ALIAS_FIRST)

    def alias_block(self, key: str) -> dict[tuple[str, str, str], tuple[int, tuple[str, int]]]:
        """The totals of alias block `key`: (spelling, part, value) -> (count, (first article, event))."""
        return self.alias_blocks([key])[key]

    def alias_blocks(self, keys: list[str]) -> dict[str, dict[tuple[str, str, str], tuple[int, tuple[str, int]]]]:
        """`alias_block` of several blocks, read in one statement per 500 blocks."""
        t = alias_totals.c
        out: dict[str, dict] = {k: {} for k in keys}
        with self.engine.connect() as conn:
            for i in range(0, len(keys), 500):
                for k, s, p, v, n, a, q in conn.execute(
                        sa.select(t.key, t.spelling, t.part, t.value, t.count, t.first_article, t.first_seq)
                        .where(t.key.in_(keys[i:i + 500]), t.count > 0).order_by(t.key, t.spelling, t.part, t.value)):
                    out[k][(s, p, v)] = (n, (a, q))
        return out

    def alias_extras(self, key: str, spellings: list[str]) -> tuple[dict[str, set[str]], dict]:
        """The articles of alias block `key` using each of `spellings`, and the roles that the quotes
        of the block's articles give those spellings as speakers: (speaker, role) -> (count, (first
        article, its quote))."""
        c, q, k = alias_counts.c, schema.quotes.c, link_keys.c
        articles: dict[str, set[str]] = defaultdict(set)
        roles: dict[tuple[str, str], list] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(spellings), 500):
                chunk = spellings[i:i + 500]
                for spelling, aid in conn.execute(sa.select(c.spelling, c.article_id).where(
                        c.key == key, c.spelling.in_(chunk), c.part == "label")):
                    articles[spelling].add(aid)
                in_block = sa.exists().where(k.article_id == q.article_id, k.kind == "alias", k.key == key)
                for speaker, role, aid, idx in conn.execute(
                        sa.select(q.speaker, q.speaker_role, q.article_id, q.idx).where(
                            q.speaker.in_(chunk), q.speaker_role.is_not(None), in_block)):
                    row = roles.setdefault((speaker, role), [0, (aid, idx)])
                    row[0] += 1
                    row[1] = min(row[1], (aid, idx))
        return articles, roles

    def _upsert_add(self, conn: sa.Connection, table: sa.Table, keys: tuple[str, ...], rows: list[dict],
                    first: tuple[str, str] = ("first_article", "first_idx")) -> None:
        """Add `rows` to the totals of `table` (unique on `keys`): an upsert that adds every other
        column but `first` (so concurrent writers never lose a count) and keeps the earliest `first`
        (article, then its index)."""
        if not rows:
            return
        insert = self._insert(table)
        new, t = insert.excluded, table.c
        article, index = first
        earlier = sa.and_(new[article].is_not(None), sa.or_(
            t[article].is_(None), new[article] < t[article],
            sa.and_(new[article] == t[article], new[index] < t[index])))
        set_ = {c: t[c] + new[c] for c in rows[0] if c not in keys and c not in first}
        set_ |= {c: sa.case((earlier, new[c]), else_=t[c]) for c in first}
        insert = insert.on_conflict_do_update(index_elements=list(keys), set_=set_)
        rows = sorted(rows, key=operator.itemgetter(*keys))   # sorted: concurrent writers never deadlock
        for i in range(0, len(rows), 5000):
            execute_rows(conn, insert, rows[i:i + 5000])

    @staticmethod
    def _refind_first(conn: sa.Connection, table: sa.Table, keys: tuple[str, ...], found: dict[tuple, Any],
                      first: tuple[str, str] = ("first_article", "first_idx")) -> None:
        """Give the totals `found` names (key values -> (first article, its index), found again after
        their first article was removed; None: none left) that first article."""
        match = sa.and_(*(table.c[k] == sa.bindparam(f"k_{k}") for k in keys))
        rows = [{**{f"k_{k}": v for k, v in zip(keys, key)}, "a": (row or (None, None))[0], "i": (row or (None, None))[1]}
                for key, row in found.items()]
        if rows:
            conn.execute(table.update().where(match).values({first[0]: sa.bindparam("a"), first[1]: sa.bindparam("i")}),
                         rows)

    @staticmethod
    def _first_framing(conn: sa.Connection, stale: list[tuple[str, str, str]]) -> dict[tuple, Any]:
        """The first article (by id) of each outlet that still uses each (term, outlet) of `stale`
        (("gram", term, outlet) each), and its sentence."""
        from parallax.link.framing import UNKNOWN_OUTLET

        waiting: dict[str, set[str]] = defaultdict(set)
        for _part, term, outlet in stale:
            waiting[outlet].add(term)
        found: dict[tuple, Any] = {}
        for outlet, terms in waiting.items():
            column = framing_counts.c.outlet
            rows = conn.execute(sa.select(framing_counts.c.article_id, framing_counts.c.data)
                                .where(column.is_(None) if outlet == UNKNOWN_OUTLET else column == outlet)
                                .order_by(framing_counts.c.article_id))
            left = set(terms)
            found.update({("gram", term, outlet): None for term in terms})
            for aid, data in rows:
                for term in left & data["grams"].keys():
                    found[("gram", term, outlet)] = (aid, data["grams"][term][1])
                left -= data["grams"].keys()
                if not left:
                    break
            rows.close()
        return found

    def rebuild_framing_totals(self) -> None:
        """Sum the totals anew from every article's counts (a store analysed before they were kept)."""
        from parallax.link.framing import sum_totals

        def work(conn: sa.Connection) -> None:
            self._pg_lock(conn, exclusive=True)
            conn.execute(framing_totals.delete())
            conn.execute(framing_counts.update().values(outlet=sa.select(articles.c.outlet).where(
                articles.c.id == framing_counts.c.article_id).scalar_subquery()))
            self._upsert_add(conn, framing_totals, FRAMING_KEYS, _total_rows(FRAMING_KEYS, sum_totals(conn.execute(
                sa.select(framing_counts.c.article_id, framing_counts.c.outlet, framing_counts.c.data)))))
            conn.execute(link_state.delete().where(link_state.c.name == "framing_totals"))
        self._write(work)

    def framing_candidates(self) -> dict:
        """What framing scores (`parallax.link.framing.score`): outlet sizes, the totals of the terms
        it may keep (used in MIN_ARTICLES articles of an outlet, or marked; streamed in term order),
        single words' totals and the spellings' uses: `framing.candidates` over in-memory totals."""
        from parallax.link.framing import MIN_ARTICLES

        t = framing_totals.c
        with self.engine.connect() as conn:
            sizes = dict(conn.execute(sa.select(t.outlet, t.count).where(t.part == "size", t.count > 0)).all())
            marked = set(conn.execute(sa.select(t.term).where(t.part == "mark", t.count > 0)).scalars())
            words: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for part, word, count in conn.execute(sa.select(t.part, t.term, t.count).where(t.part.in_(["word", "cap"]))):
                words[word][part == "cap"] += int(count)
            names = [tuple(r) for r in conn.execute(sa.select(t.outlet, t.term, t.count).where(t.part == "name",
                                                                                              t.count > 0))]

        def terms() -> Iterator[tuple[str, dict[str, tuple]]]:
            keep = sa.union(sa.select(t.term).where(t.part == "gram", t.articles >= MIN_ARTICLES),
                            sa.select(t.term).where(t.part == "mark", t.count > 0)).subquery()
            term, by_outlet = None, {}
            with self.engine.connect() as conn:
                for page in _pages(conn, sa.select(t.term, t.outlet, t.count, t.articles, t.first_article, t.first_idx)
                                   .where(t.part == "gram", t.count > 0, t.term.in_(sa.select(keep.c.term)))
                                   .order_by(t.term, t.outlet)):
                    for found, outlet, count, arts, first, idx in page:
                        if found != term:
                            if by_outlet:
                                yield term, by_outlet
                            term, by_outlet = found, {}
                        by_outlet[outlet] = (count, arts, first, idx)
            if by_outlet:
                yield term, by_outlet
        return {"sizes": sizes, "terms": terms(), "marked": marked, "words": dict(words), "names": names}

    def replace_block(self, kind: str, key: str, found: list[Any], marks: dict[str, str]) -> None:
        """Store the results of one block in one transaction and clear the marks read before linking
        it (`marks`: key -> mark, of the block and of blocks linked with it). `found`: `parallax.link.Group`s."""
        self.replace_blocks(kind, [(key, found, marks)])

    def replace_blocks(self, kind: str, blocks: list[tuple[str, list[Any], dict[str, str]]]) -> None:
        """`replace_block` for several blocks in one transaction (fewer commits; still whole blocks)."""
        def work(conn: sa.Connection) -> None:
            self._pg_lock(conn, exclusive=False)
            if self.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": GROUPS_LOCK})
            ids = _GroupIds(conn)   # read once per transaction, not once per block
            stored = self._stored_groups(conn, kind, sorted({k for key, _f, marks in blocks for k in (key, *marks)}))
            for key, found, marks in blocks:
                old_keys = {key, *marks}
                old = {sid: row for k in old_keys for sid, row in stored.pop(k, {}).items()}
                for sid in self._replace_groups(conn, kind, key, found, old_keys=sorted(old_keys), ids=ids, old=old):
                    for rows in stored.values():   # a stable id that moved here left its block: as read again
                        rows.pop(sid, None)
            self._clear_marks(conn, kind, {k: m for _key, _f, marks in blocks for k, m in marks.items()})
            ids.save()
        if blocks:
            self._write(work)

    @staticmethod
    def _stored_groups(conn: sa.Connection, kind: str, keys: list[str] | None) -> dict[str, dict[str, tuple]]:
        """The stored groups of blocks `keys` (every block of the kind when None): key -> stable id ->
        (id, key, JSON text). The text is compared with the new one's: no group decoded."""
        g = groups.c
        stmt = sa.select(g.stable_id, g.id, g.key, sa.cast(g.data, sa.Text)).where(g.kind == kind)
        chunks = [None] if keys is None else [keys[i:i + 500] for i in range(0, len(keys), 500)]
        out: dict[str, dict[str, tuple]] = defaultdict(dict)
        for chunk in chunks:
            for sid, gid, k, text in conn.execute(stmt if chunk is None else stmt.where(g.key.in_(chunk))):
                out[k][sid] = (gid, k, text)
        return out

    def _replace_groups(self, conn: sa.Connection, kind: str, key: str, found: list[Any],
                        old_keys: list[str] | None, ids: _GroupIds, old: dict[str, tuple] | None = None) -> list[str]:
        """Groups whose stable id was stored keep their id, the others get new ids (from `ids`), vanished
        ones go (those of blocks `old_keys`, or of the whole kind when None; `old`: those groups, when
        read already (`_stored_groups`)). Returns the stable ids freed in other blocks (moved here)."""
        if old is None:
            old = {sid: row for rows in self._stored_groups(conn, kind, old_keys).values() for sid, row in rows.items()}
        keep: dict[str, int] = {}
        changed = []
        for g in found:
            before, text = old.get(g.stable_id), json.dumps(g.data)
            if before and before[1] == key and before[2] == text:
                keep[g.stable_id] = before[0]        # unchanged: no write
            else:
                changed.append((g, text))
        found_ids = {g.stable_id for g in found}
        gone = [gid for sid, (gid, _k, _d) in old.items() if sid not in found_ids]
        for i in range(0, len(gone), 500):
            self._drop_members(conn, kind, gone[i:i + 500])
            conn.execute(groups.delete().where(groups.c.id.in_(gone[i:i + 500])))
        # ids given here, not by the database: one block write at a time (link_lock, GROUPS_LOCK); rows in bulk
        moved = [g.stable_id for g, _ in changed if g.stable_id not in old]
        for i in range(0, len(moved), 500):   # a stable id may move between blocks of a kind: free it first
            conn.execute(groups.delete().where(groups.c.kind == kind, groups.c.stable_id.in_(moved[i:i + 500])))
        rows, updated, members = [], [], []
        for g, data in changed:
            before = old.get(g.stable_id)
            gid = before[0] if before else ids.take()
            row = {"id": gid, "kind": kind, "key": key, "stable_id": g.stable_id, "name": g.name, "label": g.label,
                   "flag": bool(g.flag), "score": float(g.score), "size": len(g.members), "data": data}
            if before:   # rewritten through the JSON column (the text goes in as it is only on insert)
                updated.append(({**row, "data": g.data}, g.members))
            else:
                rows.append(row)
                members += [{"group_id": gid, "kind": kind, "article_id": a, "idx": i} for a, i in g.members]
            keep[g.stable_id] = gid
        if rows:   # the JSON text compared above goes in as it is, not serialised again
            data = sa.bindparam("data", type_=sa.Text)
            conn.execute(groups.insert().values(data=data if self.dialect == "sqlite" else sa.cast(data, sa.JSON)), rows)
        if members:
            execute_rows(conn, group_members.insert(), members)
        self._update_groups(conn, kind, updated)
        self._set_items(conn, kind, found, keep)
        return moved

    @staticmethod
    def _set_items(conn: sa.Connection, kind: str, found: list[Any], keep: dict[str, int]) -> None:
        if kind in MEMBER_COLUMNS:   # items re-analysed since keep their group's id
            table, column = MEMBER_COLUMNS[kind]
            home: dict[tuple[str, int], int] = {}   # an item in two groups (a quote of two statements): the first
            for g in found:
                for a, i in g.members:
                    home.setdefault((a, i), keep[g.stable_id])
            params = [{"aid": a, "i": i, "gid": gid} for (a, i), gid in home.items()]
            if params:   # only rows that differ are written: an unchanged group's items mostly hold its id
                conn.execute(table.update().where(table.c.article_id == sa.bindparam("aid"),
                                                  table.c.idx == sa.bindparam("i"),
                                                  table.c[column].is_distinct_from(sa.bindparam("gid")))
                             .values({column: sa.bindparam("gid")}), params)

    @staticmethod
    def _update_groups(conn: sa.Connection, kind: str, updated: list[tuple[dict, list]]) -> None:
        """Rewrite stored groups in place (same id) and change only the members that differ: a group that
        a few reports join keeps its other member rows (an alias group may list thousands of articles)."""
        if not updated:
            return
        conn.execute(groups.update().where(groups.c.id == sa.bindparam("gid")).values(
            {c: sa.bindparam(c) for c in updated[0][0] if c not in ("id", "kind", "stable_id")}),
            [{**{c: v for c, v in row.items() if c not in ("id", "kind", "stable_id")}, "gid": row["id"]}
             for row, _m in updated])
        now = {row["id"]: Counter(map(tuple, m)) for row, m in updated}
        before: dict[int, Counter] = defaultdict(Counter)
        gids = sorted(now)
        for i in range(0, len(gids), 500):
            for gid, a, idx in conn.execute(sa.select(group_members.c.group_id, group_members.c.article_id,
                                                      group_members.c.idx).where(group_members.c.group_id.in_(gids[i:i + 500]))):
                before[gid][(a, idx)] += 1
        differ = [(gid, ref) for gid in gids for ref in before[gid].keys() | now[gid].keys()
                  if before[gid][ref] != now[gid][ref]]
        if not differ:
            return
        m = group_members.c
        conn.execute(group_members.delete().where(m.group_id == sa.bindparam("gid"), m.kind == kind,
                                                  m.article_id == sa.bindparam("aid"), m.idx == sa.bindparam("i")),
                     [{"gid": gid, "aid": a, "i": i} for gid, (a, i) in differ])
        added = [{"group_id": gid, "kind": kind, "article_id": a, "idx": i}
                 for gid, (a, i) in differ for _n in range(now[gid][(a, i)])]
        if added:
            execute_rows(conn, group_members.insert(), added)
        if kind in MEMBER_COLUMNS:   # items that left a group lose its id (those still grouped get theirs after)
            table, column = MEMBER_COLUMNS[kind]
            left = [{"aid": a, "i": i, "gid": gid} for gid, (a, i) in differ if not now[gid][(a, i)]]
            if left:
                conn.execute(table.update().where(table.c.article_id == sa.bindparam("aid"), table.c.idx == sa.bindparam("i"),
                                                  table.c[column] == sa.bindparam("gid")).values({column: None}), left)

    def clear_dirty(self, kind: str, marks: dict[str, str]) -> None:
        """Blocks with nothing to link and no stored results: just leave the dirty list."""
        self._write(lambda conn: self._clear_marks(conn, kind, marks))

    def blocks_with_groups(self, kind: str, keys: list[str]) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(sa.select(groups.c.key).where(groups.c.kind == kind, groups.c.key.in_(keys))
                                    .distinct()).scalars())

    @staticmethod
    def _drop_members(conn: sa.Connection, kind: str, gids: list[int]) -> None:
        if not gids:
            return
        if kind in MEMBER_COLUMNS:   # one id per statement: SQLite scans the table for an IN list on this index
            table, column = MEMBER_COLUMNS[kind]
            conn.execute(table.update().where(table.c[column] == sa.bindparam("gid")).values({column: None}),
                         [{"gid": g} for g in gids])
        conn.execute(group_members.delete().where(group_members.c.group_id.in_(gids)))

    def get_state(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(link_state.c.value).where(link_state.c.name == name)).scalar()

    def set_state(self, name: str, value: str) -> None:
        def work(conn: sa.Connection) -> None:
            conn.execute(link_state.delete().where(link_state.c.name == name))
            conn.execute(link_state.insert().values(name=name, value=value))
        self._write(work)

    def save_links(self, result: model.LinkResult) -> None:
        """Replace every link result with `result` (one block per kind, key ""), in one transaction;
        results with a stored stable id keep their id."""
        from parallax.link import KINDS, describe_block

        def work(conn: sa.Connection) -> None:
            self._pg_lock(conn, exclusive=True)
            ids = _GroupIds(conn)
            for k in KINDS:
                found = describe_block(k.name, "", getattr(result, k.attr))   # one block holds every group
                self._replace_groups(conn, k.name, "", found, old_keys=None, ids=ids)
            ids.save()
            conn.execute(link_dirty.delete())   # every result replaced: no block waits

        self._write(work)

    def load_links(self, kind: str) -> list[Any]:
        """Every stored result of `kind` as model objects (duplicates as (a, b, similarity)), by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(groups.c.data).where(groups.c.kind == kind).order_by(groups.c.id)).scalars()
            if kind == "duplicate":
                return [(d["a"], d["b"], d["similarity"]) for d in rows]
            return [_from_json(LINK_MODELS[kind], d) for d in rows]

    def link_result(self) -> model.LinkResult:
        from parallax.link import KINDS
        return model.LinkResult(**{k.attr: self.load_links(k.name) for k in KINDS})

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


class _GroupIds:
    """New group ids within one transaction (one block write at a time: link_lock, GROUPS_LOCK). An id is
    never reused (the mark is read before any row goes): a vanished group's URL must not lead to another group."""

    def __init__(self, conn: sa.Connection):
        self.conn = conn
        mark = conn.execute(sa.select(link_state.c.value).where(link_state.c.name == "last_group_id")).scalar()
        self.first = self.next = max(int(mark or 0), conn.execute(sa.select(sa.func.max(groups.c.id))).scalar() or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1

    def save(self) -> None:
        """Keep the last id given, in the same transaction."""
        if self.next > self.first:
            self.conn.execute(link_state.delete().where(link_state.c.name == "last_group_id"))
            self.conn.execute(link_state.insert().values(name="last_group_id", value=str(self.next - 1)))


def _total_rows(keys: tuple[str, ...], totals: dict[tuple, list],
                columns: tuple[str, ...] = ("count", "articles", "first_article", "first_idx")) -> list[dict]:
    """Rows of `totals` (key values -> column values) to upsert."""
    names = keys + columns
    return [dict(zip(names, (*key, *row))) for key, row in totals.items()]


def _same_conflicts(old: dict, new: dict) -> bool:
    """Whether a stored cluster and its new form conflict with the same peers (`timeline.conflict`
    reads the date, the first report's stems and whether two articles or more are involved)."""
    articles = [{m[0] for m in d["members"]} for d in (old, new)]
    return (old["first"] == new["first"] and old["stems"] == new["stems"]
            and (articles[0] == articles[1] or min(map(len, articles)) >= 2))


def _bump_generation(conn: sa.Connection) -> None:
    conn.execute(store_generation.update().where(store_generation.c.id == 1)
                 .values(value=store_generation.c.value + 1))


def without_nul(value: Any) -> tuple[Any, int]:
    """`value` (a string, or lists, tuples and dicts of them) with every NUL character replaced by U+FFFD,
    and how many were replaced. PostgreSQL text cannot hold NUL; one character for one keeps every offset."""
    if isinstance(value, str):
        if "\x00" not in value:
            return value, 0
        return value.replace("\x00", "\ufffd"), value.count("\x00")
    if isinstance(value, (int, float)) or value is None:   # most fields: nothing to look into
        return value, 0
    if isinstance(value, (list, tuple, dict)) and "\\x00" not in repr(value):
        return value, 0   # no NUL anywhere (repr writes one as \x00): nothing to rebuild
    if isinstance(value, (list, tuple)):
        parts = [without_nul(v) for v in value]
        return type(value)(v for v, _ in parts), sum(n for _, n in parts)
    if isinstance(value, dict):
        parts = {k: without_nul(v) for k, v in value.items()}
        return {k: v for k, (v, _) in parts.items()}, sum(n for _, n in parts.values())
    return value, 0


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
