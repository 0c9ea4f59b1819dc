"""Wires the stages: sources -> clean -> store, store -> analyze -> store, store -> link -> store.
The CLI, the API and the distributed runner all call these functions."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from parallax.clean import CleanError, OutletMemory, clean_document
from parallax.model import Article, ReadFailure
from parallax.sources import read_paths
from parallax.store import Store

Progress = Callable[[int], None]  # called with the number of items just finished


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


def clean_inputs(paths: Iterable[str | Path], report: IngestReport,
                 memory: OutletMemory | None = None) -> Iterator[Article]:
    """Read and clean every input; failures are recorded in `report`, never raised."""
    memory = memory if memory is not None else OutletMemory()
    for item in read_paths(paths):
        if isinstance(item, ReadFailure):
            report.failures.append(Problem(item.uri, "read", item.reason))
            continue
        report.read += 1
        if item.meta.get("encoding"):
            report.notices.append(Problem(item.uri, "read", f"decoded as {item.meta['encoding']}"))
        try:
            yield clean_document(item, memory)
        except CleanError as exc:
            report.failures.append(Problem(item.uri, "clean", str(exc)))
        except Exception as exc:  # a bug must not stop the run: report it with the input's name
            report.failures.append(Problem(item.uri, "clean", f"internal error: {type(exc).__name__}: {exc}"))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest(paths: Iterable[str | Path], store: Store, *, progress: Progress | None = None,
           batch_size: int = 64) -> IngestReport:
    report = IngestReport()
    recorded = 0
    for batch in _chunks(clean_inputs(paths, report), batch_size):
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
