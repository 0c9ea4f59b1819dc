"""A streaming process-pool map with back-pressure: memory stays flat however long the input."""
from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
_NOTHING = object()


def stream_map(fn: Callable[[T], R], items: Iterable[T], workers: int = 1, *,
               in_flight_per_worker: int = 2, tasks_per_child: int | None = 200) -> Iterator[R]:
    """`map(fn, items)` in order, on `workers` processes (in this process when workers <= 1).

    At most `workers * in_flight_per_worker` items are submitted and not yet collected, so
    the input is consumed only as fast as results are taken: nothing accumulates. The input
    iterator runs in this process between collections, so producing items (reading, cleaning,
    storing) overlaps with the workers' parsing. `fn` must be a module-level function.
    Workers are replaced after `tasks_per_child` tasks: spaCy's string store only grows, so a
    worker that parsed millions of words would hold memory the next batch does not need."""
    if workers <= 1:
        yield from map(fn, items)
        return
    items = iter(items)
    first = next(items, _NOTHING)
    if first is _NOTHING:   # no pool to start: its processes would only compete with the producer
        return
    # spawn: children start clean (no copied database connections or progress-bar threads)
    with multiprocessing.get_context("spawn").Pool(workers, maxtasksperchild=tasks_per_child) as pool:
        pending: deque[Any] = deque()
        limit = workers * in_flight_per_worker
        for item in itertools.chain([first], items):
            pending.append(pool.apply_async(fn, (item,)))
            while len(pending) >= limit or (pending and pending[0].ready()):
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
