"""Keyed link at scale: per store size, incremental link seconds per 1,000 new articles (the store
already holding the rest; wall and the link process's CPU), full relink seconds (`link --all`) and the link process's peak RSS.

Stores are built from real texts in ../shared: the stories corpus and PolNeAR dev articles are
parsed once (cached in --pool), then each synthetic article takes 8 sentences of one story with
their analysed items (quotes, figures, dates, names; offsets moved), in a "virtual story" of about
25 articles with its own dates (spread over three years, later articles later), outlet and figure
values, so that links are real (shared statements, disputed and running tolls, conflicting dates)
and not copies. The base is written straight into SQLite in large transactions (the rows `save_analyses`
would write, totals summed in memory: the same store, checked row for row); the 1,000 new articles go through
`Store.save_analyses` like any analysis. Targets: incremental <= 10 s per 1,000 new at 200k;
peak RSS within +20% from 10k to 200k.

    PYTHONPATH=src python bench/link_scale.py --sizes 10000 50000 200000 [--pool /tmp/link_pool.db]
        [--stores DIR [--build-only]]   (build the bases once and keep them; link runs measured later)
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from scale_support import ROOT, machine_load, measure

SHARED = ROOT.parent / "shared" / "eval"
NEW = 1000
PER_STORY = 25
SPAN_DAYS = 3 * 365
OUTLETS = [f"{a} {b}" for a in ("Harbor", "Northgate", "Valley", "Coast", "Ridge", "Lakeside", "Summit", "Pine",
                                "Granite", "Meadow") for b in ("Ledger", "Courier", "Post", "Wire", "Daily", "Herald")]


def pool(path: str) -> list[list[tuple]]:
    """Sentences of real articles with the analysis items inside each, grouped by story."""
    from parallax import pipeline
    from parallax.store import Store

    store = Store(path)
    if not store.stats()["articles"]:
        inputs = [SHARED / "stories" / "articles", SHARED / "dev" / "articles",
                  *sorted((SHARED / "polnear" / "dev" / "text").glob("*.txt"))[:60]]
        if not inputs[0].is_dir():
            sys.exit(f"{inputs[0]} is absent: the benchmark reads real texts from ../shared")
        print("parsing the pool of real articles once ...", file=sys.stderr)
        pipeline.run(inputs, store)
    groups: dict[str, list[tuple]] = {}
    for n, (article, analysis) in enumerate(store.iter_analyzed()):
        name = Path(article.uri).name
        story = name.split("-")[0] if "stories" in article.uri else f"other{n // 6}"
        published = (article.published.value or "2020-01-01")[:10]
        for s, e in analysis.sentences:
            inside = {part: [x for x in getattr(analysis, part) if s <= x.start and x.end <= e]
                      for part in ("entities", "quotes", "timexes", "figures")}
            if any(inside.values()) and e - s > 30:
                groups.setdefault(story, []).append((article.body[s:e], s, published, inside))
    return [g for g in groups.values() if len(g) >= 8]


def _shift_value(value: str, days: int) -> str:
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)", value)
    if m:
        try:
            return (dt.date(*map(int, m.groups())) + dt.timedelta(days)).isoformat() + value[10:]
        except ValueError:
            return value
    m = re.match(r"(\d{4})-(\d\d)(?!\d)", value)
    if m:
        d = dt.date(int(m[1]), int(m[2]), 15) + dt.timedelta(days)
        return f"{d.year:04d}-{d.month:02d}" + value[7:]
    m = re.match(r"(\d{4})(?!\d)", value)
    return f"{int(m[1]) + days // 365:04d}" + value[4:] if m else value


def synthetic(k: int, n_total: int, stories: list[list[tuple]], seed: int = 11):
    """Article k of a store of n_total: one virtual story per PER_STORY articles, later ones later."""
    from parallax import model

    story_no = k // PER_STORY
    rng = random.Random(seed * 1_000_003 + k)
    srng = random.Random(seed * 7 + story_no)
    sentences = stories[story_no % len(stories)]
    offset = int(story_no * PER_STORY / max(n_total, 1) * SPAN_DAYS)
    factor = 1 + srng.uniform(-0.3, 0.3)
    picked = rng.sample(sentences, 8)
    base = dt.date.fromisoformat(picked[0][2]) if re.fullmatch(r"\d{4}-\d\d-\d\d", picked[0][2]) else dt.date(2020, 1, 1)
    published = (base + dt.timedelta(offset + rng.randint(0, 2))).isoformat()
    body_parts, parts = [], {p: [] for p in ("entities", "quotes", "timexes", "figures")}
    sents, pos = [], 0
    for text, start, _pub, inside in picked:
        delta = pos - start
        sents.append((pos, pos + len(text)))
        for part, found in inside.items():
            for x in found:
                moved = {"start": x.start + delta, "end": x.end + delta}
                for f in ("sentence_start", "sentence_end", "cue_start", "cue_end", "speaker_start", "speaker_end"):
                    if hasattr(x, f) and getattr(x, f) is not None:
                        v = getattr(x, f) + delta
                        moved[f] = v if pos <= v <= pos + len(text) else None
                if part == "quotes":
                    moved["sentence_start"], moved["sentence_end"] = pos, pos + len(text)
                if part == "timexes":
                    moved["value"] = _shift_value(x.value, offset)
                    moved["sentence_start"], moved["sentence_end"] = pos, pos + len(text)
                if part == "figures":
                    moved["value"] = round(x.value * factor * (1 + (rng.random() < 0.2) * 0.1))
                    moved["sentence_start"], moved["sentence_end"] = pos, pos + len(text)
                parts[part].append(dataclasses.replace(x, **moved))
        body_parts.append(text)
        pos += len(text) + 1
    body = "\n".join(body_parts)
    headline = f"Report {k}: {body_parts[0][:60]}"
    source = headline + "\n" + body
    article = model.Article(model.article_id(source), f"bench://{k}", source, body,
                            [(0, len(headline) + 1, len(body))], [], model.Fact(headline, "bench"),
                            model.Fact(rng.choice(OUTLETS), "bench", 1.0), model.Fact(published, "printed:bench", 1.0),
                            model.Fact(None))
    return article, model.Analysis(article.id, sents, **parts)


_STORIES: list = []
PART_TABLES = ("entities", "quotes", "timexes", "figures")


def _rows(args: tuple[int, int]) -> dict[str, list]:
    """Article k's rows of each table, computed in a worker: the article, its analysis parts, link keys,
    event entries and framing counts as `save_analyses` writes them, and its alias counts (summed by `build`)."""
    from parallax.link import prepare
    from parallax.store.db import ENTRY_FIELDS, _article_row

    k, n = args
    article, analysis = synthetic(k, n, _STORIES)
    prepare((article, analysis))
    aid, row = article.id, _article_row(article)
    row.update(analyzed=True, keyed=True)
    rows = {"articles": [row],
            "sentences": [{"article_id": aid, "idx": i, "start": s, "end": e} for i, (s, e) in enumerate(analysis.sentences)],
            "link_keys": [{"kind": kd, "key": key, "article_id": aid, "idx": i} for kd, key, i in analysis.link_keys],
            "event_entries": [{"article_id": aid, **dict(zip(ENTRY_FIELDS, e))} for e in analysis.event_entries],
            "framing_counts": [{"article_id": aid, "outlet": article.outlet.value, "data": analysis.framing}],
            "alias_counts": [{"article_id": aid, "key": key, "spelling": sp, "part": part, "value": value, "count": c,
                              "seq": seq} for key, sp, part, value, c, seq in analysis.alias_counts]}
    for part in PART_TABLES:   # vars, not dataclasses.asdict: the parts' fields are flat, and asdict copies deeply
        rows[part] = [{"article_id": aid, "idx": i, **vars(x)} for i, x in enumerate(getattr(analysis, part))]
    return rows


def _insert(conn, table, rows: list[dict]) -> None:
    """Plain rows into a SQLite table through the driver (no per-row SQLAlchemy work): JSON columns dumped."""
    import json

    import sqlalchemy as sa

    if not rows:
        return
    columns = list(rows[0])
    as_json = {c for c in columns if isinstance(table.c[c].type, sa.JSON)}
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
    conn.executemany(sql, [tuple(json.dumps(r[c]) if c in as_json else r[c] for c in columns) for r in rows])


def build(db: str, n: int, stories, processes: int = 2, batch: int = 5000) -> None:
    """The base store: n - NEW articles with their analyses, link keys, framing and alias counts and event entries
    (computed by `processes` processes, as analysis workers would), written straight into SQLite in large
    transactions; the framing and alias totals are summed in memory as `save_analyses` sums them, written last."""
    import multiprocessing
    import sqlite3

    from parallax.link.framing import add_totals, article_totals
    from parallax.store import Store, schema
    from parallax.store.db import ALIAS_KEYS, FRAMING_KEYS

    _STORIES[:] = stories
    Store(db).close()   # the schema
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")   # 400 MB: the indexes stay in memory while they grow
    base = n - NEW
    framing: dict = {}
    aliases: dict[tuple, list] = {}   # (key, spelling, part, value) -> [count, first article, its first event]
    workers = multiprocessing.get_context("fork").Pool(processes)
    tables = {t: getattr(schema, t) for t in ("articles", "sentences", *PART_TABLES, "link_keys", "event_entries",
                                              "framing_counts", "alias_counts")}
    for start in range(0, base, batch):
        rows: dict[str, list] = {t: [] for t in tables}
        for found in workers.imap(_rows, [(k, n) for k in range(start, min(start + batch, base))], chunksize=50):
            for t, r in found.items():
                rows[t] += r
            counts = found["framing_counts"][0]
            add_totals(framing, article_totals(counts["article_id"], counts["outlet"], counts["data"]))
            for r in found["alias_counts"]:
                total = aliases.setdefault(tuple(r[k] for k in ALIAS_KEYS), [0, r["article_id"], r["seq"]])
                total[0] += r["count"]
                total[1:] = min(total[1:], [r["article_id"], r["seq"]])
        conn.execute("BEGIN")
        for t, table in tables.items():
            _insert(conn, table, rows[t])
        conn.execute("COMMIT")
        print(f"  built {min(start + batch, base):,} / {base:,}", file=sys.stderr)
    workers.close()
    workers.join()
    conn.execute("BEGIN")
    _insert(conn, schema.framing_totals, [{**dict(zip(FRAMING_KEYS, key)), "count": c, "articles": a,
                                           "first_article": first, "first_idx": idx}
                                          for key, (c, a, first, idx) in framing.items()])
    _insert(conn, schema.alias_totals, [{**dict(zip(ALIAS_KEYS, key)), "count": c, "first_article": first,
                                         "first_seq": seq} for key, (c, first, seq) in aliases.items()])
    conn.execute("COMMIT")
    conn.close()
    store = Store(db)
    store.mark_all_dirty()
    with store.engine.begin() as sa_conn:
        sa_conn.exec_driver_sql("ANALYZE")
    store.close()


def add_new(db: str, n: int, stories) -> None:
    from parallax.link import prepare
    from parallax.store import Store

    store = Store(db)
    items = [synthetic(k, n, stories) for k in range(n - NEW, n)]
    for i in range(0, len(items), 100):
        batch = items[i:i + 100]
        store.add_articles([a for a, _ in batch])
        store.save_analyses([prepare(item) for item in batch])
    store.close()


def child_link(db: str, relink_all: bool) -> None:
    from parallax import pipeline
    from parallax.store import Store

    started, seconds, cpu = time.monotonic(), {}, {}
    link_kind = pipeline._link_kind

    def timed(store, kind, *args):   # CPU per kind: wall time follows the machine's load
        begun = time.process_time()
        try:
            return link_kind(store, kind, *args)
        finally:
            cpu[kind.name] = cpu.get(kind.name, 0.0) + time.process_time() - begun
    pipeline._link_kind = timed
    done = pipeline.link(Store(db), relink_all=relink_all, seconds=seconds)
    cpu["framing"] = time.process_time() - sum(cpu.values())   # with the start: keys of unkeyed articles
    print(" ".join(f"{k} {v:.1f}/{cpu.get(k, 0):.1f}" for k, v in seconds.items())
          + "".join(f" ({k} CPU {v:.1f})" for k, v in cpu.items() if k not in seconds))
    print(f"{time.monotonic() - started:.2f} {sum(done.values())} {time.process_time():.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    ap.add_argument("--pool", default=str(Path(tempfile.gettempdir()) / "parallax_link_pool.db"))
    ap.add_argument("--dir", default=tempfile.gettempdir(), help="where the stores are built (deleted after)")
    ap.add_argument("--stores", help="keep each store in this folder and start from it when it is there: the base as "
                    "built (unlinked: the build is not measured again), and the base linked and holding the 1,000 new "
                    "articles unlinked (neither build nor first link measured again)")
    ap.add_argument("--build-only", action="store_true", help="with --stores: build the bases that are not there, "
                    "and stop")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build_only and not args.stores:
        ap.error("--build-only keeps what it builds in --stores")
    if args.child:
        child_link(args.child[0], args.child[1] == "all")
        return
    stories = pool(args.pool)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    print(machine_load())
    print(f"{'articles':>9} {'build s':>8} {'first link s':>13} {'incr. s/1,000 new':>18} {'CPU s':>9} {'blocks':>7} "
          f"{'full relink s':>14} {'peak RSS MB':>12}")
    for n in args.sizes:
        db = str(Path(args.dir) / f"link_scale_{n}.db")
        for suffix in ("", "-wal", "-shm", ".link-lock"):
            Path(db + suffix).unlink(missing_ok=True)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", db]
        ready = Path(args.stores) / f"link_scale_{n}.ready.db" if args.stores else None
        base = Path(args.stores) / f"link_scale_{n}.built.db" if args.stores else None
        if args.build_only:
            if not base.exists():
                t0 = time.monotonic()
                build(db, n, stories)
                print(f"{n:>9,} {time.monotonic() - t0:>8.0f}  (kept as {base})", flush=True)
                shutil.move(db, base)
            continue
        if ready and ready.exists():
            shutil.copy(ready, db)
            built = first = rss_first = float("nan")
        else:
            if base and base.exists():
                shutil.copy(base, db)
                built = float("nan")
            else:
                t0 = time.monotonic()
                build(db, n, stories)
                built = time.monotonic() - t0
                if base:
                    shutil.copy(db, base)
            first, rss_first, _ = measure(cmd + ["dirty"], env)
            add_new(db, n, stories)
            if ready:
                shutil.copy(db, ready)
        incr, rss_incr, out = measure(cmd + ["dirty"], env)
        per_kind, last = out.strip().split("\n")[-2:]
        blocks, cpu = last.split()[1:3]
        full, rss_full, _ = measure(cmd + ["all"], env)
        peak = max(r for r in (rss_first, rss_incr, rss_full) if r == r) / 1e6
        print(f"{n:>9,} {built:>8.0f} {first:>13.1f} {incr * 1000 / NEW:>18.1f} {float(cpu) * 1000 / NEW:>9.1f} "
              f"{blocks:>7} {full:>14.1f} {peak:>12,.0f}", flush=True)
        print(f"{'':>9} incremental seconds per kind (wall/CPU): {per_kind}", flush=True)
        for suffix in ("", "-wal", "-shm", ".link-lock"):
            Path(db + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
