"""Framing terms on the dev articles: recall (partial overlap) of gold `framing_terms` by
`article_terms`, and the corpus terms whose use differs most between outlets.

    PYTHONPATH=src python bench/framing_dev.py [--verbose]
"""
from __future__ import annotations

import sys
from pathlib import Path

from parallax.analyze.entities import extract_entities
from parallax.analyze.nlp import load_nlp
from parallax.evaluate.corpus_layers import load_gold_corpus, score_framing, shared_dir
from parallax.link.aliases import group_aliases
from parallax.link.framing import article_terms, compare_framing
from parallax.model import Analysis

GOLD = shared_dir(Path(__file__).resolve().parents[1]) / "eval" / "dev" / "gold"


def main() -> int:
    if not GOLD.is_dir():
        print(f"dev gold not found at {GOLD}; nothing to score")
        return 0
    corpus = load_gold_corpus(GOLD)
    nlp = load_nlp()
    items = [(a, Analysis(a.id, entities=extract_entities(nlp(a.body)))) for a, _ in corpus]
    predicted = [article_terms(a, an) for a, an in items]
    result = score_framing([g["framing_terms"] for _, g in corpus], predicted)
    if "--verbose" in sys.argv:
        for (article, gold), terms in zip(corpus, predicted):
            print(f"== {gold['article']} ({article.outlet.value}): {terms}")
        terms = compare_framing(items, group_aliases(items))
        print("\ntop corpus terms (term, score, uses by outlet):")
        for t in terms[:25]:
            print(f"  {t.term:40} {t.score:5.2f} {t.counts}")
    print(f"{'layer':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5} {'R(contained)':>12}")
    print(f"{'framing':8} {result['p']:6.3f} {result['r']:6.3f} {result['f1']:6.3f} "
          f"{result['n_gold']:5d} {result['n_pred']:5d} {result['r_contained']:12.3f}")
    for term in result["missed"]:
        print("  missed", repr(term))
    return 0


if __name__ == "__main__":
    sys.exit(main())
