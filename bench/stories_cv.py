"""Leave-one-story-out figures on ../shared/eval/stories: every layer of `parallax eval` scored on
each story alone (the held-out story of a fold: rules and models must be tuned on the other three),
their mean over the four folds, and the whole folder, side by side in one table.

    PYTHONPATH=src python bench/stories_cv.py [--gold ../shared/eval/stories] [--layers quotes,figures] [--metric p|r|f1] [--json]

Trained components score their held-out fold only when the caller retrains them without that story;
rule changes are cross-validated by tuning on three stories and reading the fourth column.
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parallax.evaluate.dev import score

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "stories"


def story_of(gold_dir: Path) -> dict[str, str]:
    with open(gold_dir / "stories.tsv", encoding="utf-8") as f:
        return {row["article"]: row["story"] for row in csv.DictReader(f, delimiter="\t")}


def fold_scores(gold_dir: Path) -> dict[str, dict]:
    """{story: layers} for each story scored alone, plus 'all' for the whole folder."""
    stories = story_of(gold_dir)
    out = {name: score(gold_dir, only=lambda a, name=name: stories.get(a) == name)["layers"]
           for name in sorted(set(stories.values()))}
    out["all"] = score(gold_dir)["layers"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--layers", default="", help="comma-separated layer prefixes to show (default: all)")
    ap.add_argument("--metric", choices=("p", "r", "f1"), default="f1", help="which figure to print")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    folds = fold_scores(args.gold)
    names = [n for n in folds if n != "all"]
    prefixes = [p for p in args.layers.split(",") if p]
    layers = sorted({k for v in folds.values() for k in v if not prefixes or any(k.startswith(p) for p in prefixes)})
    rows = {}
    for layer in layers:
        metric = args.metric
        per = [folds[n][layer][metric] for n in names if layer in folds[n] and folds[n][layer]["n_gold"]]
        rows[layer] = {**{n: folds[n].get(layer, {}).get(metric) for n in names},
                       "mean": sum(per) / len(per) if per else None,
                       "all": folds["all"].get(layer, {}).get(metric)}
    if args.json:
        print(json.dumps(rows))
        return
    table = Table(title=f"Leave-one-story-out {args.metric} ({args.gold})")
    for col in ["layer", *names, "mean", "all"]:
        table.add_column(col, justify="left" if col == "layer" else "right")
    for layer, r in rows.items():
        table.add_row(layer, *("—" if r[c] is None else f"{r[c]:.3f}" for c in [*names, "mean", "all"]))
    Console().print(table)


if __name__ == "__main__":
    main()
