"""Train the page title scorer (`parallax.clean.titles`) on the WCXB page set's gold titles and write
src/parallax/clean/title_model.json, plus one weights file per held-out fold.

    PYTHONPATH=src python bench/train_title_model.py [--gold ../shared/eval/wcxb-dev] [--folds 2] [--fold-dir DIR]

A candidate is right when the benchmark reads it as the gold title (`wcxb.same_title`). The scorer
is a softmax over each page's candidates (log loss of the right ones). Pages split into folds as in
`bench/wcxb_vs_trafilatura.py`; each fold is scored by a model trained on the others, beside the
rules alone (`html.choose_title`) and the best any candidate could do.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from parallax.clean.html import choose_title, page_metadata, repair_mojibake
from parallax.clean.titles import FEATURE_NAMES, WEIGHTS_PATH, candidates
from parallax.evaluate.wcxb import pages, read_html, same_title

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "wcxb-dev"


def fit(pages_xy: list[tuple[np.ndarray, np.ndarray]], l2: float = 1e-2, steps: int = 800, rate: float = 0.5) -> np.ndarray:
    """Softmax over each page's candidates, plain gradient descent; pages with no right candidate skipped."""
    data = [(x, y / y.sum()) for x, y in pages_xy if y.sum() > 0]
    w = np.zeros(len(FEATURE_NAMES))
    for _ in range(steps):
        grad = l2 * w
        for x, target in data:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            grad += x.T @ (p - target) / len(data)
        w -= rate * grad
    return w


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--fold-dir", type=Path, default=None, help="where title_model.foldK.json go")
    args = ap.parse_args()
    if not args.gold.is_dir():
        raise SystemExit(f"{args.gold} not found: the page set lives outside the repository")
    os.environ["PARALLAX_TITLE_MODEL"] = "/nonexistent"   # page_metadata's title by the rules alone
    rows = []
    for i, (pid, truth, path) in enumerate(pages(args.gold)):
        gold = truth.get("ground_truth", {}).get("title")
        if not gold:
            continue
        html, _ = repair_mojibake(read_html(path))
        meta = page_metadata(html, truth.get("url"))
        if not meta.title_inputs:
            continue
        texts, x = candidates(*meta.title_inputs)
        y = np.array([float(same_title(gold, t)) for t in texts])
        rules = same_title(choose_title(*meta.title_inputs[:6]), gold)
        rows.append((i % args.folds, texts, x, y, rules))
    for k in range(args.folds):
        w = fit([(x, y) for f, _t, x, y, _r in rows if f != k])
        test = [r for r in rows if r[0] == k]
        model = np.mean([y[int(np.argmax(x @ w))] if len(y) else 0.0 for _f, _t, x, y, _r in test])
        rules = np.mean([r for *_, r in test])
        reach = np.mean([float(y.sum() > 0) for _f, _t, _x, y, _r in test])
        print(f"fold {k}: {len(test)} pages  title rules {rules:.3f}  scorer {model:.3f}  (any candidate {reach:.3f})")
        if args.fold_dir:
            args.fold_dir.mkdir(parents=True, exist_ok=True)
            save(w, args.fold_dir / f"title_model.fold{k}.json", f"WCXB folds other than {k} of {args.folds}")
    w = fit([(x, y) for _f, _t, x, y, _r in rows])
    save(w, WEIGHTS_PATH, f"WCXB dev ({len(rows)} pages with a gold title)")
    for name, v in zip(FEATURE_NAMES, w):
        print(f"{name:14s} {v:+.3f}")


def save(w: np.ndarray, path: Path, note: str) -> None:
    path.write_text(json.dumps({"features": FEATURE_NAMES, "weights": [round(float(v), 5) for v in w],
                                "trained_on": note}, indent=1) + "\n")


if __name__ == "__main__":
    main()
