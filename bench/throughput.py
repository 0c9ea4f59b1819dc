"""Throughput: bare spaCy `nlp.pipe` vs Parallax end to end (read, clean, parse, analyse, store)
with 1 and 2 workers, on >= 2,000 real articles (PolNeAR texts repeated, in a temp folder).

    PYTHONPATH=src python bench/throughput.py [--articles 2000] [--keep DIR]

Each configuration runs in a fresh process; peak RSS covers it and its worker processes.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from scale_support import ROOT, build_corpus, corpus_words, machine_load, measure

PY = sys.executable


def bare_spacy(folder: str) -> None:
    """Child mode: parse every file with nlp.pipe, print the parse time (model load excluded)."""
    from parallax.analyze.nlp import load_nlp

    nlp = load_nlp()
    texts = (p.read_text(encoding="utf-8") for p in sorted(Path(folder).iterdir()))
    started = time.monotonic()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    print(time.monotonic() - started)


def parallax_run(folder: str, db: str, workers: int) -> None:
    """Child mode: pipeline.run, print its time (model load included: it is part of a run), then link time."""
    from parallax import pipeline
    from parallax.store import Store

    started = time.monotonic()
    store = Store(db)
    report = pipeline.run([folder], store, workers=workers)
    run_time = time.monotonic() - started
    pipeline.link(store)
    print(run_time, time.monotonic() - started - run_time, report.added, len(report.failures))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--keep", type=Path, help="build the corpus and stores here instead of a temp folder")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, *rest = args.child
        bare_spacy(*rest) if mode == "bare" else parallax_run(rest[0], rest[1], int(rest[2]))
        return

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        corpus = build_corpus(Path(tmp) / "corpus", args.articles)
        words = corpus_words(corpus)
        print(f"corpus: {args.articles} articles, {words:,} words; machine: {machine_load()}")
        me = [PY, __file__, "--child"]
        seconds, rss, out = measure(me + ["bare", str(corpus)], env)
        bare_wps = words / float(out.split()[0])
        rows = [("bare spaCy nlp.pipe (1 process)", bare_wps, 1.0, rss, "", "")]
        speeds = {}
        for workers in (1, 2):
            db = Path(tmp) / f"w{workers}.db"
            _s, rss, out = measure(me + ["run", str(corpus), str(db), str(workers)], env)
            run_s, link_s, added, failed = out.split()
            speeds[workers] = words / float(run_s)
            size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
            rows.append((f"Parallax run, {workers} worker{'s' * (workers > 1)}", speeds[workers],
                         speeds[workers] / bare_wps, rss, f"{size / int(added) * 1000 / 2**20:.1f} MiB",
                         f"{float(link_s):.1f} s"))
            if int(failed):
                print(f"note: {failed} inputs failed in the {workers}-worker run")
        print(f"\n{'configuration':34} {'words/s':>9} {'x bare':>7} {'peak RSS':>9} {'store/1k art.':>13} {'link':>8}")
        for name, wps, ratio, rss, size, link in rows:
            print(f"{name:34} {wps:9,.0f} {ratio:7.2f} {rss / 2**20:6.0f} MiB {size:>13} {link:>8}")
        print(f"\n2 workers / 1 worker: {speeds[2] / speeds[1]:.2f}x   (targets: 1 worker >= 0.85x bare, "
              f"2 workers >= 1.8x 1 worker)\nmachine after the run: {machine_load()}")


if __name__ == "__main__":
    main()
