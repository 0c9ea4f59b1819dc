"""Alias groups across the dev articles, scored for recall against the gold `alias_groups`.

    PYTHONPATH=src python bench/aliases_dev.py [--verbose]
"""
from __future__ import annotations

import sys
from pathlib import Path

from parallax.analyze.entities import extract_entities
from parallax.analyze.nlp import load_nlp
from parallax.evaluate.corpus_layers import load_gold_corpus, score_aliases, shared_dir
from parallax.link.aliases import group_aliases
from parallax.model import Analysis

GOLD = shared_dir(Path(__file__).resolve().parents[1]) / "eval" / "dev" / "gold"


def main() -> int:
    if not GOLD.is_dir():
        print(f"dev gold not found at {GOLD}; nothing to score")
        return 0
    nlp = load_nlp()
    corpus = load_gold_corpus(GOLD)
    items = [(a, Analysis(a.id, entities=extract_entities(nlp(a.body)))) for a, _ in corpus]
    groups = group_aliases(items)
    if "--verbose" in sys.argv:
        for g in groups:
            print(f"  {g.label:6} {g.canonical!r:32} {g.spellings} roles={g.roles[:3]}")
    result = score_aliases([gold["alias_groups"] for _, gold in corpus], groups)
    print(f"{'layer':8} {'R':>6} {'gold':>5} {'groups':>6}")
    print(f"{'aliases':8} {result['r']:6.3f} {result['n_gold']:5d} {result['n_pred']:6d}")
    for group in result["missed"]:
        print("  missed", group)
    return 0


if __name__ == "__main__":
    sys.exit(main())
