"""How reading scales with folder size: time and peak Python memory for N small files.

    python bench/read_many_files.py [N ...]      (default: 1000 10000 100000)

Prints one table row per N. Files are short fictional reports written to a temporary folder.
"""
from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from parallax.model import RawDocument
from parallax.sources import read_paths


def measure(count: int) -> tuple[int, float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(count):
            (folder / f"{i:06d}.txt").write_text(f"Report {i}\nThe ferry to Veltmark left on time.\n")
        tracemalloc.start()
        started = time.perf_counter()
        first_after = None
        documents = 0
        for item in read_paths([folder]):
            if first_after is None:
                first_after = time.perf_counter() - started
            documents += isinstance(item, RawDocument)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return documents, elapsed, first_after or 0.0, peak / 2**20


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [1000, 10000, 100000]
    print(f"{'files':>8} {'documents':>10} {'seconds':>8} {'first item s':>12} {'peak MB':>8}")
    for count in counts:
        documents, elapsed, first, peak = measure(count)
        print(f"{count:>8} {documents:>10} {elapsed:>8.2f} {first:>12.3f} {peak:>8.1f}")


if __name__ == "__main__":
    main()
