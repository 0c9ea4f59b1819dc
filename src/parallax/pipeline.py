"""Wires the stages: sources -> clean -> store, store -> analyze -> store, store -> link -> store.
The CLI, the API and the distributed runner all call these functions."""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from parallax.clean import CleanError, OutletMemory, clean_document
from parallax.model import Article, ReadFailure
from parallax.sources import read_paths
from parallax.store import Store

Progress = Callable[[int], None]  # called with the number of items just finished
CLEAN_TIME_LIMIT = 30.0           # seconds one document may take to clean before it is given up


@dataclass
class Problem:
    uri: str
    stage: str
    reason: str


@dataclass
class IngestReport:
    read: int = 0
    added: int = 0
    already_stored: int = 0
    failures: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)   # e.g. "decoded as windows-1251"


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
                 clean_time_limit: float | None = CLEAN_TIME_LIMIT) -> Iterator[Article]:
    """Read and clean every input; failures are recorded in `report`, never raised. A document whose
    cleaning takes longer than `clean_time_limit` seconds is a failure too, and the run goes on."""
    memory = memory if memory is not None else OutletMemory()
    for item in read_paths(paths):
        if isinstance(item, ReadFailure):
            report.failures.append(Problem(item.uri, "read", item.reason))
            continue
        report.read += 1
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
           batch_size: int = 64, clean_time_limit: float | None = CLEAN_TIME_LIMIT) -> IngestReport:
    report = IngestReport()
    recorded = 0
    for batch in _chunks(clean_inputs(paths, report, clean_time_limit=clean_time_limit), batch_size):
        added = store.add_articles(batch)
        report.added += len(added)
        report.already_stored += len(batch) - len(added)
        recorded = _record_failures(store, report, recorded)
        if progress:
            progress(len(batch))
    _record_failures(store, report, recorded)
    return report


def _record_failures(store: Store, report: IngestReport, already: int) -> int:
    for problem in report.failures[already:]:
        store.add_failure(problem.uri, problem.stage, problem.reason)
    return len(report.failures)


def analyze(store: Store, *, progress: Progress | None = None, batch_size: int = 32,
            workers: int = 1) -> int:
    """Analyse every stored article that has no analysis yet; one transaction per batch."""
    from parallax.analyze import analyze_articles

    done = 0
    results = analyze_articles(store.pending_articles(), batch_size=batch_size, n_process=workers)
    for batch in _chunks(results, batch_size):
        store.save_analyses(analysis for _article, analysis in batch)
        done += len(batch)
        if progress:
            progress(len(batch))
    return done


def link(store: Store, user_aliases: Path | None = None) -> None:
    from parallax.link import link_corpus

    store.save_links(link_corpus(list(store.iter_analyzed()), user_aliases))
