"""Figure groups across the dev articles: which quantities outlets report and where they disagree.

    PYTHONPATH=src python bench/figure_groups_dev.py [--all]
"""
from __future__ import annotations

import sys
from pathlib import Path

from parallax.analyze.figures import extract_figures
from parallax.analyze.nlp import load_nlp
from parallax.evaluate.corpus_layers import load_gold_corpus, shared_dir
from parallax.link.figures import group_figures, group_rows
from parallax.model import Analysis

GOLD = shared_dir(Path(__file__).resolve().parents[1]) / "eval" / "dev" / "gold"


def main() -> int:
    if not GOLD.is_dir():
        print(f"dev gold not found at {GOLD}; nothing to show")
        return 0
    nlp = load_nlp()
    items = [(article, Analysis(article.id, figures=extract_figures(nlp(article.body))))
             for article, _ in load_gold_corpus(GOLD)]
    groups = group_figures(items)
    print(f"{len(groups)} groups, {sum(g.disagreement for g in groups)} disagreements, "
          f"{sum(g.series for g in groups)} series")
    for g in groups:
        if not (g.disagreement or "--all" in sys.argv):
            continue
        flag = "DISAGREEMENT" if g.disagreement else ("series" if g.series else "agree")
        print(f"\n[{flag}] {g.measure} [{g.unit}]")
        for row in group_rows(g, items):
            print(f"  {row['outlet'][:28]:28} {row['published']}  {row['qualifier']:8} {row['value']:>10g}"
                  f"  | {row['sentence'][:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
