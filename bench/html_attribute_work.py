"""How far real pages stay below the cleaner's attribute limits (clean.MAX_TAG_ATTRIBUTES, one tag, and
clean.MAX_ATTRIBUTE_WORK, the squared counts of a page's tags added up), on the shared HTML page sets,
and how long the check takes.

    PYTHONPATH=src python bench/html_attribute_work.py [../shared/eval/wcxb-dev/html ../shared/eval/aeb/html]
"""
from __future__ import annotations

import gzip
import sys
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from parallax import clean  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def page_work(html: str) -> tuple[int, int]:
    """(most attributes in one tag, sum of squared counts), as clean._check_tags counts them."""
    most = work = 0
    for tag in clean._TAG.finditer(html):
        if tag.end() - tag.start() < clean.MIN_COUNTED_TAG:
            continue
        count = sum(1 for _ in islice(clean._ATTRIBUTE.finditer(html, tag.start(), tag.end()), 100_000))
        most, work = max(most, count), work + count * count
    return most, work


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [SHARED / "wcxb-dev" / "html", SHARED / "aeb" / "html"]
    files = [f for folder in folders if folder.is_dir() for f in sorted(folder.glob("*.html*"))]
    if not files:
        sys.exit(f"no pages found in {', '.join(map(str, folders))} (../shared is absent?)")
    results, spent = [], 0.0
    for f in files:
        data = f.read_bytes()
        html = (gzip.decompress(data) if f.suffix == ".gz" else data).decode("utf-8", errors="replace")
        started = time.perf_counter()
        results.append(page_work(html))
        spent += time.perf_counter() - started
    most = sorted(m for m, _ in results)
    work = sorted(w for _, w in results)
    print(f"{'pages':>6} {'max attrs/tag':>14} {'p99':>6} {'limit':>7} {'max work':>10} {'p99':>9} {'limit':>11} "
          f"{'ms/page':>8}")
    print(f"{len(files):6,} {most[-1]:14,} {most[int(0.99 * (len(most) - 1))]:6,} {clean.MAX_TAG_ATTRIBUTES:7,} "
          f"{work[-1]:10,} {work[int(0.99 * (len(work) - 1))]:9,} {clean.MAX_ATTRIBUTE_WORK:11,} "
          f"{1000 * spent / len(files):8.1f}")


if __name__ == "__main__":
    main()
