"""Dask runner: the per-document pipeline (read -> clean -> analyze) as one task per input shard.

Each task writes a Parquet shard (one row per article with its analysis, or per failure) into an
output folder; `load_shards` merges shards into the store idempotently; link runs after, on the
store. A shard already written is skipped, so a re-submitted run only does what is missing.
Cleaning remembers site furniture within a shard (a fresh `OutletMemory` per task).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from parallax import model, pipeline
from parallax.store import Store

# Container files hold many documents: each is a shard by itself.
CONTAINER_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz", ".jsonl", ".jsonl.gz", ".ndjson")
SHARD_COLUMNS = ("id", "uri", "article", "analysis", "stage", "reason")


def make_shards(paths: Iterable[str | Path], files_per_shard: int = 64) -> Iterator[list[str]]:
    """Split the inputs into shards: each container file alone, other files in runs of
    `files_per_shard`, in the order a local run reads them (depth first, names sorted)."""
    run: list[str] = []
    for path in _walk(paths):
        if path.lower().endswith(CONTAINER_SUFFIXES):
            yield [path]
            continue
        run.append(path)
        if len(run) == files_per_shard:
            yield run
            run = []
    if run:
        yield run


def _walk(paths: Iterable[str | Path]) -> Iterator[str]:
    for path in map(Path, paths):
        if path.is_dir():
            names = sorted(n for n in os.listdir(path) if not n.startswith("."))
            yield from _walk(path / n for n in names)
        else:  # files, and missing paths: the reader reports those as failures
            yield str(path)


def shard_name(shard: list[str]) -> str:
    return hashlib.sha256("\n".join(shard).encode("utf-8")).hexdigest()[:20] + ".parquet"


def process_shard(shard: list[str], out_dir: str, batch_size: int = 32) -> str:
    """Read, clean and analyse one shard (undated articles are analysed on loading); write
    `out_dir/<name>.parquet` atomically; return its path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = Path(out_dir) / shard_name(shard)
    if target.exists():
        return str(target)
    schema = pa.schema([(c, pa.string()) for c in SHARD_COLUMNS])
    partial = target.with_suffix(f".{os.getpid()}.partial")
    report = pipeline.IngestReport()
    with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
        rows: list[dict] = []
        for article, result in pipeline.process_paths(shard, report, batch_size=batch_size):
            rows.append(_row(article, result))
            if len(rows) >= batch_size:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        rows += [{"uri": p.uri, "stage": p.stage, "reason": p.reason} for p in report.failures if not p.article_id]
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    os.replace(partial, target)   # a killed task leaves only a .partial file, never a truncated shard
    return str(target)


def _row(article: model.Article, result: model.Analysis | pipeline.Problem | None) -> dict:
    row = {"id": article.id, "uri": article.uri, "article": json.dumps(dataclasses.asdict(article))}
    if isinstance(result, model.Analysis):
        row["analysis"] = json.dumps(dataclasses.asdict(result))
    elif result is not None:
        row.update(stage=result.stage, reason=result.reason)
    return row


def run_dask(paths: Iterable[str | Path], out_dir: str | Path, *, scheduler: str | None = None,
             local_workers: int | None = None, files_per_shard: int = 64, progress=None) -> list[str]:
    """Process every shard as a Dask task, on a cluster (`scheduler` address) or a LocalCluster
    of `local_workers` single-threaded processes; returns the shard files, in input order."""
    from dask.distributed import Client, LocalCluster, as_completed

    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    shards = list(make_shards(paths, files_per_shard))  # file names only: small even for big corpora
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=local_workers or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            futures = client.map(process_shard, shards, out_dir=str(out), key=[shard_name(s) for s in shards],
                                 pure=False)
            for future in as_completed(futures):
                future.result()   # re-raises a task's error here
                if progress:
                    progress(1)
    finally:
        if cluster is not None:
            cluster.close()
    return [str(out / shard_name(s)) for s in shards]


def load_shards(shard_files: Iterable[str | Path], store: Store, *, batch_size: int = 64,
                progress=None) -> pipeline.IngestReport:
    """Merge Parquet shards into the store: articles not stored yet are added with their analysis,
    one transaction each per batch; then the undated ones (shipped without one) are analysed here,
    dated from the whole store as `run` dates them. Loading the same shards again adds nothing."""
    import pyarrow.parquet as pq

    report = pipeline.IngestReport()
    for path in shard_files:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
            rows = batch.to_pylist()
            articles = [article_from_dict(json.loads(r["article"])) for r in rows if r["article"]]
            added = {a.id for a in store.add_articles(articles)}
            report.read += len(articles)
            report.added += len(added)
            report.already_stored += len(articles) - len(added)
            pending = {a.id for a in articles if a.id not in added} - store.analyzed_ids(a.id for a in articles)
            store.save_analyses(analysis_from_dict(json.loads(r["analysis"])) for r in rows
                                if r["analysis"] and (r["id"] in added or r["id"] in pending))
            report.failures += [pipeline.Problem(r["uri"], r["stage"], r["reason"], r["id"])
                                for r in rows if r["reason"]]
            pipeline.record_failures(store, report)
            if progress:
                progress(len(rows))
    pipeline.analyze(store, report=report)   # the undated articles, dated from the whole store
    return report


def article_from_dict(d: dict) -> model.Article:
    d = dict(d)
    for name in ("headline", "outlet", "published", "byline"):
        d[name] = model.Fact(**d[name])
    d["zones"] = [model.Zone(**z) for z in d["zones"]]
    d["segments"] = [tuple(s) for s in d["segments"]]
    return model.Article(**d)


def analysis_from_dict(d: dict) -> model.Analysis:
    return model.Analysis(
        article_id=d["article_id"], sentences=[tuple(s) for s in d["sentences"]],
        entities=[model.Entity(**x) for x in d["entities"]], quotes=[model.Quote(**x) for x in d["quotes"]],
        timexes=[model.Timex(**x) for x in d["timexes"]], figures=[model.Figure(**x) for x in d["figures"]],
        published=model.Fact(**d["published"]) if d.get("published") else None,
        link_keys=[tuple(k) for k in d["link_keys"]] if d.get("link_keys") is not None else None,
        framing=d.get("framing"),
        alias_counts=[tuple(c) for c in d["alias_counts"]] if d.get("alias_counts") is not None else None,
        event_entries=[tuple(e) for e in d["event_entries"]] if d.get("event_entries") is not None else None)


def link_dask(store: Store, user_aliases: str | Path | None = None, *, relink_all: bool = False,
              scheduler: str | None = None, local_workers: int | None = None, blocks_per_task: int = 25,
              progress=None) -> dict[str, int]:
    """`pipeline.link` with each kind's dirty blocks linked by Dask tasks, `blocks_per_task` each:
    every task opens the store by its URL and writes each block's results in its own transaction,
    as a local link does. The store must be one that every worker reaches (PostgreSQL), and the
    aliases file a path that every worker reads."""
    from dask.distributed import Client, LocalCluster

    if store.dialect != "postgresql":
        raise ValueError("a distributed link writes from many processes at once: it needs a PostgreSQL store")
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=local_workers or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None)
    aliases = str(user_aliases) if user_aliases else None
    try:
        with Client(scheduler or cluster) as client:
            def run_blocks(kind: str, blocks: list) -> int:
                tasks = [blocks[i:i + blocks_per_task] for i in range(0, len(blocks), blocks_per_task)]
                futures = client.map(link_task, tasks, url=store.url, kind=kind, user_aliases=aliases, pure=False)
                return sum(client.gather(futures))
            return pipeline.link(store, Path(aliases) if aliases else None, relink_all=relink_all,
                                 progress=progress, run_blocks=run_blocks)
    finally:
        if cluster is not None:
            cluster.close()


def link_task(blocks: list, url: str, kind: str, user_aliases: str | None) -> int:
    """One Dask task of a distributed link: link these blocks of `kind` in the store at `url`."""
    store = Store(url, migrate=False)
    try:
        return pipeline.link_blocks(store, kind, blocks, Path(user_aliases) if user_aliases else None)
    finally:
        store.close()
