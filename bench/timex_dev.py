"""Timex check on the dev gold (../shared/eval/dev), independent of the cleaner.

The gold zoning is used to blank the headline and boilerplate lines (same length, so offsets
stay those of the article file); the rest is parsed once and `extract_timexes` is anchored to the
gold `published_inferred`. Prints relaxed/exact extraction P/R/F1 and value accuracy on the gold
spans found, then every miss.  Run: PYTHONPATH=src python bench/timex_dev.py  (PARALLAX_SHARED=/path/to/shared to override)
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from parallax.analyze.nlp import load_nlp
from parallax.analyze.timex import extract_timexes
from parallax.evaluate.dev import _gold_items
from parallax.evaluate.metrics import Counts, match_one_to_one, overlap_size, span_counts

SHARED = Path(os.environ.get("PARALLAX_SHARED") or Path(__file__).resolve().parents[1] / ".." / "shared")
DEV = SHARED / "eval" / "dev"


def blank_non_body(source: str, gold: dict) -> str:
    skip = set(gold.get("boilerplate_lines", [])) | {gold.get("headline")}
    return "\n".join(" " * len(line) if line in skip else line for line in source.split("\n"))


def main() -> int:
    if not DEV.is_dir():
        print(f"{DEV} is absent: nothing to check")
        return 0
    nlp = load_nlp()
    relaxed, exact = Counts(), Counts()
    right = matched = 0
    misses = []
    for gold_path in sorted((DEV / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = (DEV / "articles" / gold["article"]).read_text(encoding="utf-8")
        anchor = dt.date.fromisoformat(gold["published_inferred"]) if gold.get("published_inferred") else None
        pred = extract_timexes(nlp(blank_non_body(source, gold)), anchor)
        gold_t = _gold_items(source, gold["timexes"])
        gold_spans, pred_spans = [g["span"] for g in gold_t], [(p.start, p.end) for p in pred]
        relaxed.add(span_counts(gold_spans, pred_spans, exact=False))
        exact.add(span_counts(gold_spans, pred_spans, exact=True))
        pairs = match_one_to_one(gold_spans, pred_spans, lambda g, p: overlap_size(g, p) / max(g[1] - g[0], p[1] - p[0]))
        found = {gi for gi, _ in pairs}
        for gi, pi in pairs:
            matched += 1
            right += pred[pi].value == gold_t[gi]["value"]
            if pred[pi].value != gold_t[gi]["value"]:
                misses.append(f"VALUE  {gold['article'][:3]} {gold_t[gi]['text']!r}: gold {gold_t[gi]['value']} got {pred[pi].value} ({pred[pi].text!r})")
        misses += [f"MISSED {gold['article'][:3]} {g['text']!r} {g['value']}" for i, g in enumerate(gold_t) if i not in found]
        used = {pi for _, pi in pairs}
        misses += [f"EXTRA  {gold['article'][:3]} {p.text!r} {p.value}" for i, p in enumerate(pred) if i not in used]
    print(f"{'layer':<16}{'p':>8}{'r':>8}{'f1':>8}{'n_gold':>8}{'n_pred':>8}")
    for name, counts in (("timexes", relaxed), ("timexes.exact", exact)):
        layer = counts.layer()
        print(f"{name:<16}{layer['p']:>8.3f}{layer['r']:>8.3f}{layer['f1']:>8.3f}{layer['n_gold']:>8}{layer['n_pred']:>8}")
    print(f"value accuracy on gold spans found: {right}/{matched} = {right / max(matched, 1):.3f}")
    print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
