"""Seconds per 1,000-word article: spaCy parse and extract_quotes, after the model is loaded.

Reads PolNeAR dev texts and the dev articles from ../shared (or $PARALLAX_SHARED); prints the
median over articles (each timed as the best of --runs runs) scaled to 1,000 words.
    PYTHONPATH=src python bench/quotes_speed.py [--articles 40] [--runs 3] [--model]
(--model: also time the PolNeAR attribution model: the transformer, analyze/quotes/neural.py,
when shipped, else the CRFs of analyze/quotes/model.py; one thread.)
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from parallax.analyze.nlp import load_nlp
from parallax.analyze.quotes import extract_quotes

SHARED = Path(os.environ.get("PARALLAX_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--model", action="store_true", help="also time the attribution model")
    args = ap.parse_args()
    paths = sorted((SHARED / "eval" / "dev" / "articles").glob("*.txt"))
    paths += sorted((SHARED / "eval" / "polnear" / "dev" / "text").glob("*.txt"))
    if not paths:
        sys.exit(f"no texts under {SHARED}")
    nlp = load_nlp()
    nlp("Warm up the pipeline once.")
    model = None
    if args.model:
        from parallax.analyze.quotes.model import load_model
        from parallax.analyze.quotes.neural import load_neural, neural_available
        model = load_neural() if neural_available() else load_model()   # the transformer when shipped
    parse, quotes, total, modelled = [], [], [], []
    for path in paths[: args.articles]:
        text = path.read_text(encoding="utf-8")
        words = max(len(text.split()), 1)
        scale = 1000 / words
        doc = nlp(text)
        p = best_of(args.runs, lambda: nlp(text)) * scale
        q = best_of(args.runs, lambda: extract_quotes(doc)) * scale
        parse.append(p)
        quotes.append(q)
        total.append(p + q)
        if model is not None:
            modelled.append(best_of(args.runs, lambda: model.predict(doc)) * scale)
    print(f"{len(total)} articles, median seconds per 1,000 words (best of {args.runs} runs each)")
    print(f"{'stage':18} {'median s':>9} {'p90 s':>7}")
    rows = [("spaCy parse", parse), ("extract_quotes", quotes), ("parse + quotes", total)]
    if modelled:
        rows += [("attribution model", modelled), ("parse + model", [p + m for p, m in zip(parse, modelled)])]
    for name, xs in rows:
        xs = sorted(xs)
        print(f"{name:18} {statistics.median(xs):9.4f} {xs[int(0.9 * (len(xs) - 1))]:7.4f}")


if __name__ == "__main__":
    main()
