"""Figure extraction on the dev gold: precision/recall/F1 on value + overlapping span.

    PYTHONPATH=src python bench/figures_dev.py [--verbose]
"""
from __future__ import annotations

import sys
from pathlib import Path

from parallax.analyze.figures import extract_figures
from parallax.analyze.nlp import load_nlp
from parallax.evaluate.corpus_layers import load_gold_corpus, score_figures

from parallax.evaluate.corpus_layers import shared_dir

GOLD = shared_dir(Path(__file__).resolve().parents[1]) / "eval" / "dev" / "gold"


def main() -> int:
    if not GOLD.is_dir():
        print(f"dev gold not found at {GOLD}; nothing to score")
        return 0
    nlp = load_nlp()
    rows = []
    for article, gold in load_gold_corpus(GOLD):
        figures = extract_figures(nlp(article.body))
        rows.append((article, gold, figures))
        if "--verbose" in sys.argv:
            print(f"== {gold['article']} ({article.outlet.value}, {article.published.value})")
            for f in figures:
                print(f"   {f.text!r:18} {f.value:>10g} {f.qualifier:8} {f.unit:18} "
                      f"{f.measure:10} what={f.what!r} period={f.period!r} cited={f.cited!r}")
    result = score_figures(rows)
    print(f"{'layer':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    print(f"{'figures':8} {result['p']:6.3f} {result['r']:6.3f} {result['f1']:6.3f} "
          f"{result['n_gold']:5d} {result['n_pred']:5d}")
    for item in result["missed"]:
        print("  missed  ", item)
    for item in result["spurious"]:
        print("  spurious", item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
