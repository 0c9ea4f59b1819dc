"""Peak RSS of `parallax run` (read, clean, parse, analyse, store) as the corpus grows from 1,000
to 20,000 articles: it must stay flat (< 20% growth). Articles are PolNeAR texts cut to
--max-chars (default 800) and repeated, so the big run stays short; link is not included
(it works on the whole corpus at once by design).

    PYTHONPATH=src python bench/scale_memory.py [--sizes 1000 5000 20000] [--workers 2]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from scale_support import ROOT, build_corpus, corpus_words, machine_load, measure


def child(folder: str, db: str, workers: int) -> None:
    from parallax import pipeline
    from parallax.store import Store

    started = time.monotonic()
    report = pipeline.run([folder], Store(db), workers=workers)
    print(time.monotonic() - started, report.added, len(report.failures))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--max-chars", type=int, default=800)
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    print(f"machine: {machine_load()}; {args.workers} workers; articles cut to {args.max_chars} chars")
    print(f"{'articles':>8} {'words':>10} {'seconds':>8} {'stored':>7} {'peak RSS':>10} {'vs first':>9}")
    first = None
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = build_corpus(Path(tmp) / "corpus", n, max_chars=args.max_chars)
            words = corpus_words(corpus)
            _s, rss, out = measure([sys.executable, __file__, "--child", str(corpus), str(Path(tmp) / "m.db"),
                                    str(args.workers)], env)
            seconds, added, _failed = out.split()
            first = first or rss
            print(f"{n:8d} {words:10,d} {float(seconds):8.0f} {int(added):7d} {rss / 2**20:6.0f} MiB "
                  f"{(rss / first - 1) * 100:+8.1f}%")
    print(f"machine after the run: {machine_load()}")


if __name__ == "__main__":
    main()
