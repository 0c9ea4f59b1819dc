"""Wires the stages: sources -> clean -> store, store -> analyze -> store, store -> link -> store.
The CLI, the API and the distributed runner all call these functions.

Crash safety: articles are stored one batch per transaction, analyses likewise (an analysis and
its article's `analyzed` flag commit together), so a killed run leaves whole articles and whole
analyses; re-running skips stored articles and analyses the ones still pending."""
from __future__ import annotations

import datetime as dt
import functools
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from parallax.clean import CleanError, OutletMemory, clean_document
from parallax.model import Analysis, Article, ReadFailure, ReadNotice
from parallax.scale.pool import stream_map
from parallax.sources import read_paths
from parallax.store import Store

Progress = Callable[[int], None]  # called with the number of items just finished
CLEAN_TIME_LIMIT = 30.0           # seconds one document may take to clean before it is given up
WRITE_BLOCKS = 20                 # link results stored per transaction: whole blocks, fewer commits
WRITE_DATES = 100                 # dates stored per transaction: their events' peers are read and written once
WRITE_CLUSTERS = 300              # ... or fewer, once they hold this many events: memory follows the peers read


@dataclass
class Problem:
    uri: str
    stage: str
    reason: str
    article_id: str | None = None   # set when a stored article failed a later stage


@dataclass
class IngestReport:
    read: int = 0
    added: int = 0
    already_stored: int = 0
    failures: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)   # e.g. "decoded as windows-1251"
    recorded: int = 0   # failures already written to the store
    updated: dict[str, list[str]] = field(default_factory=dict)  # stored article id -> fields given anew


class TimeLimitExceeded(BaseException):
    """Not an Exception: the `except Exception` fallbacks inside the libraries must not swallow it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after `seconds` of wall time. Uses SIGALRM, so it only
    works in the main thread on POSIX; elsewhere (or with None) the block runs without a limit.
    Python checks signals between bytecodes: a single long C call (one regex) ends before it fires."""
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(_signum, _frame):
        raise TimeLimitExceeded(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def clean_inputs(paths: Iterable[str | Path], report: IngestReport, memory: OutletMemory | None = None,
                 clean_time_limit: float | None = CLEAN_TIME_LIMIT,
                 meta: dict[str, str] | None = None) -> Iterator[Article]:
    """Read and clean every input; failures are recorded in `report`, never raised. A document whose
    cleaning takes longer than `clean_time_limit` seconds is a failure too, and the run goes on."""
    memory = memory if memory is not None else OutletMemory()
    for item in read_paths(paths):
        if isinstance(item, ReadNotice):
            report.notices.append(Problem(item.uri, "read", item.reason))
            continue
        if isinstance(item, ReadFailure):
            report.failures.append(Problem(item.uri, "read", item.reason))
            continue
        report.read += 1
        if meta:
            item.meta.update({**meta, "meta_source": "user"})
        if item.meta.get("encoding"):
            report.notices.append(Problem(item.uri, "read", f"decoded as {item.meta['encoding']}"))
        try:
            with time_limit(clean_time_limit):
                article = clean_document(item, memory)
        except TimeLimitExceeded as exc:
            report.failures.append(Problem(item.uri, "clean", f"cleaning {exc}; document skipped"))
            continue
        except CleanError as exc:
            report.failures.append(Problem(item.uri, "clean", str(exc)))
            continue
        except Exception as exc:  # a bug must not stop the run: report it with the input's name
            report.failures.append(Problem(item.uri, "clean", f"internal error: {type(exc).__name__}: {exc}"))
            continue
        yield article


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest(paths: Iterable[str | Path], store: Store, *, progress: Progress | None = None,
           batch_size: int = 64, clean_time_limit: float | None = CLEAN_TIME_LIMIT,
           meta: dict[str, str] | None = None) -> IngestReport:
    """`meta` (e.g. {"outlet": ..., "country": ...}) is the user's word for every input: it beats
    sidecars and everything the cleaner would guess."""
    report = IngestReport()
    for _new in _store_batches(paths, store, report, batch_size, progress, clean_time_limit, meta):
        pass   # storing is the work; the new articles are not needed here
    record_failures(store, report)
    return report


def _store_batches(paths: Iterable[str | Path], store: Store, report: IngestReport, batch_size: int,
                   progress: Progress | None = None,
                   clean_time_limit: float | None = CLEAN_TIME_LIMIT,
                   meta: dict[str, str] | None = None) -> Iterator[list[Article]]:
    """Clean the inputs and store them, one transaction per batch; yields each batch's new articles."""
    for batch in _chunks(clean_inputs(paths, report, clean_time_limit=clean_time_limit, meta=meta), batch_size):
        added = store.add_articles(batch)
        report.added += len(added)
        report.already_stored += len(batch) - len(added)
        new_ids = {a.id for a in added}
        report.updated.update(store.update_metadata(a for a in batch if a.id not in new_ids))
        record_failures(store, report)
        if progress:
            progress(len(batch))
        if added:
            yield added


def record_failures(store: Store, report: IngestReport) -> None:
    for problem in report.failures[report.recorded:]:
        store.add_failure(problem.uri, problem.stage, problem.reason)
    report.recorded = len(report.failures)


def story_days(articles: list[Article], corpus_dates: Counter[dt.date] | None = None) -> dict[str, Counter[dt.date]]:
    """The printed days each article of a batch that needs a date borrows: those of its own story
    (`own_story_dates`) among the dates the batch and `corpus_dates` (the store) print. Chosen where
    the store's dates are read, so that a worker gets a few days per undated article, not the names
    of every dated report."""
    from parallax.analyze import printed_dates
    from parallax.analyze.dating import needs_inference, own_story_dates

    undated = [a for a in articles if needs_inference(a.published)]
    if not undated:
        return {}
    batch_dates = printed_dates(articles, also=corpus_dates)
    return {a.id: Counter(own_story_dates(a.body, batch_dates)) for a in undated}


def analyse_batch(articles: list[Article], days: dict[str, Counter[dt.date]] | None = None
                  ) -> list[Analysis | Problem]:
    """Parse (one `nlp.pipe` call) and analyse a batch in this process: the unit of work of the
    local pool, of a single process and of Dask tasks alike. A failing article becomes a Problem.
    Undated articles take their year from their printed `days` (`story_days`; by default those
    of the batch's own dated articles)."""
    from parallax.analyze import analyze_doc
    from parallax.analyze.nlp import forget, load_nlp
    from parallax.link import prepare

    nlp = load_nlp()
    days = story_days(articles) if days is None else days
    results: list[Analysis | Problem] = []
    for article, doc in zip(articles, nlp.pipe((a.body for a in articles), batch_size=max(len(articles), 1))):
        try:
            results.append(prepare((article, analyze_doc(article, doc, days.get(article.id)))))
        except Exception as exc:  # a component bug must not stop the run: report it with the input's name
            results.append(Problem(article.uri, "analyze", f"internal error: {type(exc).__name__}: {exc}",
                                   article.id))
        forget(doc)
    return results


def _analyse_item(item: tuple[list[Article], dict[str, Counter[dt.date]]]) -> list[Analysis | Problem]:
    return analyse_batch(*item)


def _save_results(store: Store, results: list[Analysis | Problem], report: IngestReport) -> int:
    """Store a batch's analyses in one transaction; returns how many were stored."""
    analyses = [r for r in results if isinstance(r, Analysis)]
    store.save_analyses(analyses)
    report.failures.extend(r for r in results if isinstance(r, Problem))
    record_failures(store, report)
    return len(analyses)


def analyze(store: Store, *, progress: Progress | None = None, batch_size: int = 32,
            workers: int = 1, report: IngestReport | None = None) -> int:
    """Analyse every stored article that has no analysis yet (except those that failed in `report`);
    `workers` processes parse while this one reads and writes, one transaction per batch. A batch
    with an undated article gets the days of its story, chosen here from the store's printed dates
    (read once, when first needed: they hold every dated report's names, which stay here)."""
    from parallax.analyze.dating import needs_inference

    report = report if report is not None else IngestReport()
    failed = {p.article_id for p in report.failures if p.article_id}
    pending = (a for a in store.pending_articles(batch_size) if a.id not in failed)
    store_dates = functools.cache(store.printed_dates)   # read once, when a batch first needs them

    def with_dates(batch: list[Article]) -> tuple[list[Article], dict[str, Counter[dt.date]]]:
        return batch, story_days(batch, store_dates()) if any(needs_inference(a.published) for a in batch) else {}
    done = 0
    for results in stream_map(_analyse_item, map(with_dates, _chunks(pending, batch_size)), workers):
        done += _save_results(store, results, report)
        if progress:
            progress(len(results))
    return done


def run(paths: Iterable[str | Path], store: Store, *, workers: int = 1, batch_size: int = 32,
        progress: Progress | None = None) -> IngestReport:
    """Ingest and analyse in one stream: this process reads, cleans and writes while `workers`
    processes parse the articles that print their date; then analyse what is pending: the undated
    ones, dated from the whole store as `analyze` and `eval` date them (their story may be printed
    later in the stream), and what an interrupted earlier run left. (Link separately.)"""
    from parallax.analyze.dating import needs_inference

    report = IngestReport()
    dated = ([a for a in batch if not needs_inference(a.published)]
             for batch in _store_batches(paths, store, report, batch_size))
    for results in stream_map(analyse_batch, (batch for batch in dated if batch), workers):
        _save_results(store, results, report)
        if progress:
            progress(len(results))
    analyze(store, progress=progress, batch_size=batch_size, workers=workers, report=report)
    return report


def process_paths(paths: Iterable[str | Path], report: IngestReport, *, batch_size: int = 32
                  ) -> Iterator[tuple[Article, Analysis | Problem | None]]:
    """read -> clean -> analyze in this process with no store (a Dask task runs this on one shard).
    An undated article comes with no analysis: its story may lie in another shard, so it is dated
    and analysed once loaded, from the whole store (`scale.distributed.load_shards`)."""
    from parallax.analyze.dating import needs_inference

    for batch in _chunks(clean_inputs(paths, report), batch_size):
        dated = [a for a in batch if not needs_inference(a.published)]
        results = dict(zip((a.id for a in dated), analyse_batch(dated))) if dated else {}
        yield from ((a, results.get(a.id)) for a in batch)


def link(store: Store, user_aliases: Path | None = None, *, relink_all: bool = False,
         max_block: int = 5000, progress: Progress | None = None,
         seconds: dict[str, float] | None = None, run_blocks: RunBlocks | None = None) -> dict[str, int]:
    """Relink the blocks whose items changed since the last link (`relink_all`: every block), one
    transaction per block, streaming blocks from the store: memory follows the largest block, not
    the corpus. A killed link leaves whole blocks done and the rest marked; the next link finishes.
    A block holding more than `max_block` articles is linked on its `max_block` latest articles
    (an alias block, linked from its totals, on all of them). One linker at a time per store.
    `run_blocks(kind, blocks)` links a batch of a kind's blocks (`link_blocks` here; Dask tasks for
    `scale.distributed.link_dask`).
    Returns blocks relinked per kind (and fills `seconds` with the time spent per kind, when given)."""
    import time
    from parallax import link as linker

    if run_blocks is None:
        def run_blocks(kind: str, blocks: list[Block]) -> int:
            return link_blocks(store, kind, blocks, user_aliases, max_block)
    with store.link_lock():
        for batch in _chunks(store.unkeyed(), 200):   # analysed before keyed link, or loaded from shards
            store.save_keys([linker.prepare(item) for item in batch])
        fingerprint = linker.user_aliases_fingerprint(user_aliases)
        if relink_all:
            store.mark_all_dirty()
        elif store.get_state("aliases") != fingerprint:
            store.mark_dirty("alias")
        done: dict[str, int] = {}
        seconds = seconds if seconds is not None else {}
        for kind in linker.KINDS[:-1]:   # kinds in order (framing reads aliases), a kind's blocks in any order
            started = time.monotonic()
            done[kind.name] = _link_kind(store, kind, user_aliases, progress, run_blocks)
            seconds[kind.name] = time.monotonic() - started
        started = time.monotonic()
        if done["alias"]:
            store.mark_dirty("framing", ["*"])
        if store.get_state("framing_totals") == "rebuild":   # a store analysed before the totals were kept
            store.rebuild_framing_totals()
            store.mark_dirty("framing", ["*"])
        store.set_state("aliases", fingerprint)
        marks = {key: mark for key, mark, _n in store.dirty_blocks("framing")}
        if marks:
            found = linker.framing.score(store.framing_candidates(), store.load_links("alias"))
            store.replace_block("framing", "*", [linker.describe("framing", "*", t) for t in found], marks)
            done["framing"] = 1
        seconds["framing"] = time.monotonic() - started
        if any(done.values()):   # what the server's caches are keyed by
            store.set_state("generation", dt.datetime.now(dt.timezone.utc).isoformat())
    return done


Block = tuple[str, list[str], dict[str, str]]   # (home key, the keys linked together, marks to clear)
RunBlocks = Callable[[str, list[Block]], int]


def _link_kind(store: Store, kind, user_aliases: Path | None, progress: Progress | None,
               run_blocks: RunBlocks) -> int:
    """Hand the dirty blocks of `kind` to `run_blocks`, one page of the dirty list at a time; a
    unit of blocks joined by a user group goes once per page, under its home (first) key."""
    from parallax import link as linker

    units = {}
    if kind.name == "alias":   # blocks joined by a user group are linked together
        units = {u: unit for _key, unit in linker.alias_units([], user_aliases) if len(unit) > 1 for u in unit}
    linked, after = 0, ""
    while batch := store.dirty_blocks(kind.name, after):
        after = batch[-1][0]
        marks = {key: mark for key, mark, _n in batch}
        trivial = {key for key, _m, size in batch if size < kind.min_articles and key not in units}
        trivial -= store.blocks_with_groups(kind.name, sorted(trivial)) if trivial else set()
        store.clear_dirty(kind.name, {k: marks[k] for k in trivial})
        todo: dict[str, Block] = {}
        for key, _mark, _size in batch:
            unit = units.get(key, {key})
            home = min(unit)
            if key not in trivial and home not in todo:
                seen = {u: marks[u] for u in unit if u in marks}
                todo[home] = (home, sorted(unit), seen | {home: marks.get(home, "")})
        if todo:
            linked += run_blocks(kind.name, list(todo.values()))
        if progress:
            progress(len(batch))
    return linked


def link_blocks(store: Store, kind_name: str, blocks: list[Block], user_aliases: Path | None,
                max_block: int = 5000) -> int:
    """Link blocks of one kind; their results are stored `WRITE_BLOCKS` blocks per transaction. An
    alias block by itself is linked from its totals, whatever its size; a quote block from its quote
    rows; an event block (a date) from its reports' stored entries."""
    from parallax import link as linker

    if kind_name == "event":
        return _link_dates(store, blocks, max_block)
    kind = linker.BY_NAME[kind_name]
    done: list = []
    totals: dict = {}   # alias blocks' totals, read for WRITE_BLOCKS blocks at a time
    for n, (home, unit, marks) in enumerate(blocks):
        if kind.name == "alias" and unit == [home]:
            if home not in totals:
                totals = store.alias_blocks([h for h, u, _m in blocks[n:n + WRITE_BLOCKS] if u == [h]])
            found = linker.aliases.link_totals(totals.pop(home), home, user_aliases,
                                               lambda spellings, key=home: store.alias_extras(key, spellings))
        elif kind.name == "quote_cluster":   # no items built: the clusters are those of the loaded items
            ids = store.block_article_ids(kind.name, unit, limit=max_block)
            found = linker.quotes.link_rows(store.block_quotes(unit, ids), home)
        else:
            ids = store.block_article_ids(kind.name, unit, limit=max_block)
            items = store.load_items(ids, kind.parts, kind.body, block=(kind.parts[0], kind.name, unit)
                                     if kind.parts else None, where=store.part_filters(kind))
            found = linker.link_block(kind.name, home, items, unit=set(unit), user_aliases=user_aliases)
        done.append((home, linker.describe_block(kind.name, home, found), marks))
        if len(done) == WRITE_BLOCKS:
            store.replace_blocks(kind.name, done)
            done = []
    store.replace_blocks(kind.name, done)
    return len(blocks)


def _link_dates(store: Store, blocks: list[Block], max_block: int) -> int:
    """Cluster each date's reports (its `max_block` latest articles) from their stored entries and
    store the clusters as its events (`Store.replace_dates`: their conflicts with other dates too)."""
    from parallax.link import timeline

    done: list = []
    events = 0
    for i, (home, unit, marks) in enumerate(blocks):
        rows = store.block_entries(unit, store.block_article_ids("event", unit, limit=max_block))
        done.append((home, timeline.date_clusters(timeline.entries_of(rows)), marks))
        events += len(done[-1][1])
        if len(done) == WRITE_DATES or events >= WRITE_CLUSTERS or i == len(blocks) - 1:
            store.replace_dates(done)
            done, events = [], 0
    return len(blocks)
