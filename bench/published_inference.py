"""How good is the `published` date when a text prints none? PolNeAR file names carry the
publication date (`outlet_YYYY-MM-DD_slug.txt`) and its texts rarely print one. For every text
(or every n-th with --step) this compares, against that date:
  clean      the clean stage's guess (latest full date in the body),
  analyze    analyze/dating.py on the parse, from the text alone,
  +corpus    the same with the corpus' printed dates as a hint (simulated: the dates of all the
             other texts, as if they printed them).

    PYTHONPATH=src python bench/published_inference.py [--step 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

from rich.progress import track

from parallax.analyze.dating import infer_publication
from parallax.analyze.nlp import load_nlp
from parallax.clean import CleanError, clean_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared")
POLNEAR = SHARED / "eval" / "polnear"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", type=int, default=1, help="take every n-th text")
    args = parser.parse_args()
    if not POLNEAR.exists():
        sys.exit(f"{POLNEAR} not found: the corpus lives outside the repository")
    texts = []
    for path in sorted(POLNEAR.glob("*/text/*.txt")):
        if m := re.search(r"_(\d{4}-\d\d-\d\d)_", path.name):
            texts.append((path, dt.date.fromisoformat(m.group(1))))
    all_dates = Counter(gold for _, gold in texts)
    nlp = load_nlp()
    errors: dict[str, list[int]] = {"clean": [], "analyze": [], "+corpus": []}
    sample = texts[::args.step]
    for path, gold in track(sample, description="dating"):
        try:
            article = clean_text(path.read_text(encoding="utf-8"))
        except CleanError:
            continue
        if article.published.value and article.published.how.startswith("printed"):
            continue
        if article.published.value:
            errors["clean"].append(abs((dt.date.fromisoformat(article.published.value) - gold).days))
        doc = nlp(article.body)
        others = all_dates - Counter([gold])
        for name, hint in (("analyze", None), ("+corpus", others)):
            fact = infer_publication(doc, hint)
            if fact.value:
                errors[name].append(abs((dt.date.fromisoformat(fact.value) - gold).days))
    total = len(sample)
    print(f"texts {total} (every {args.step}), none printing a date")
    print(f"{'method':9s} {'dated':>6s} {'exact':>6s} {'<=3d':>6s} {'<=3d/all':>9s} {'median days':>12s}")
    for name, errs in errors.items():
        if not errs:
            print(f"{name:9s} {0:6d}")
            continue
        print(f"{name:9s} {len(errs):6d} {sum(e == 0 for e in errs) / len(errs):6.2f} "
              f"{sum(e <= 3 for e in errs) / len(errs):6.2f} {sum(e <= 3 for e in errs) / total:9.2f} "
              f"{statistics.median(errs):12.0f}")


if __name__ == "__main__":
    main()
