"""Time extract_figures and extract_entities (after the parse) on PolNeAR news texts.

    PYTHONPATH=src python bench/figures_entities_speed.py [N]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from parallax.analyze.entities import extract_entities
from parallax.analyze.figures import extract_figures
from parallax.analyze.nlp import load_nlp
from parallax.evaluate.corpus_layers import shared_dir

TEXTS = shared_dir(Path(__file__).resolve().parents[1]) / "eval" / "polnear" / "train" / "text"


def main() -> int:
    if not TEXTS.is_dir():
        print(f"{TEXTS} not found; nothing to time")
        return 0
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    nlp = load_nlp()
    docs = [nlp(p.read_text(encoding="utf-8")) for p in sorted(TEXTS.glob("*.txt"))[:n]]
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} articles, {chars / len(docs):.0f} characters each on average")
    for name, fn in (("extract_figures", extract_figures), ("extract_entities", extract_entities)):
        start = time.perf_counter()
        found = sum(len(fn(d)) for d in docs)
        ms = (time.perf_counter() - start) * 1000 / len(docs)
        print(f"{name:18} {ms:7.1f} ms/article  {found / len(docs):6.1f} items/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
