"""What the timex and figure stages add over the parse, in ms per 1,000 words (target: under 30).

Parses news texts once (the TimeML texts of ../shared/eval/tempeval3/tbaq and the stories corpus'
articles), then times extract_timexes (with the publication date) and extract_figures over those Docs,
each `--runs` times; the median run is quoted (the machine is shared: a median is steadier than a mean).

    PYTHONPATH=src python bench/timex_figure_cost.py [--runs 5]   (PARALLAX_SHARED overrides ../shared)
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

from parallax.analyze.figures import extract_figures
from parallax.analyze.nlp import load_nlp
from parallax.analyze.timex import extract_timexes
from parallax.evaluate.timeml import parse_tml

SHARED = Path(os.environ.get("PARALLAX_SHARED") or Path(__file__).resolve().parents[1] / ".." / "shared")


def texts() -> list[tuple[str, dt.date | None]]:
    """(text, publication date) of every TBAQ file and stories article found."""
    out = []
    for path in sorted((SHARED / "eval" / "tempeval3" / "tbaq").glob("*.tml")):
        text, dct, _ = parse_tml(path.read_text(encoding="utf-8"))
        out.append((text, dct))
    for path in sorted((SHARED / "eval" / "stories" / "articles").glob("*.txt")):
        out.append((path.read_text(encoding="utf-8"), dt.date(2024, 1, 1)))
    return out


def median_ms(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    corpus = texts()
    if not corpus:
        print(f"no texts under {SHARED}: nothing to time")
        return 0
    nlp = load_nlp()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(text for text, _ in corpus))
    parse_ms = 1000 * (time.perf_counter() - t0)
    words = sum(sum(1 for t in doc if not t.is_punct and not t.is_space) for doc in docs) / 1000
    pairs = [(doc, anchor) for doc, (_, anchor) in zip(docs, corpus)]
    timex_ms = median_ms(lambda: [extract_timexes(doc, anchor) for doc, anchor in pairs], args.runs)
    figure_ms = median_ms(lambda: [extract_figures(doc) for doc, _ in pairs], args.runs)
    print(f"{len(docs)} texts, {words * 1000:.0f} words; median of {args.runs} runs, ms per 1,000 words:")
    for name, ms in (("parse (one run)", parse_ms), ("timexes", timex_ms), ("figures", figure_ms),
                     ("timexes + figures", timex_ms + figure_ms)):
        print(f"  {name:<20}{ms / words:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
