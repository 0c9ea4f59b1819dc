"""Train the text line model on ../shared/eval/aeb (html-text.json lines labelled by ground-truth.json)
and write src/parallax/clean/line_model.json. Prints 2-fold line accuracy first (pages split by id).

    PYTHONPATH=src python bench/train_line_model.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from parallax.clean.linemodel import CONTEXT_NAMES, WEIGHTS_PATH, probabilities, train_two_pass
from parallax.clean.lines import FEATURE_NAMES, line_features, split_lines

ROOT = Path(__file__).resolve().parents[1]
# ../shared next to the repository (a worktree may sit one level deeper)
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared")
AEB = SHARED / "eval" / "aeb"


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def page_data(page_text: str, body: str) -> tuple[np.ndarray, np.ndarray]:
    lines = split_lines(page_text)
    body_norm = _norm(body)
    labels = [int(len(l.words) >= 3 and _norm(l.text) in body_norm) for l in lines]
    return np.array(line_features(lines)).reshape(len(lines), len(FEATURE_NAMES)), np.array(labels, dtype=float)


def load_pages() -> tuple[dict, dict, list[str], dict]:
    """Gold bodies, text-only inputs, page ids, and (features, labels) per page."""
    if not AEB.exists():
        sys.exit(f"{AEB} not found: the benchmark lives outside the repository")
    truth = json.loads((AEB / "ground-truth.json").read_text())
    texts = json.loads((AEB / "html-text.json").read_text())
    pages = sorted(truth)
    return truth, texts, pages, {pid: page_data(texts[pid], truth[pid]["articleBody"]) for pid in pages}


def main() -> None:
    _truth, _texts, pages, data = load_pages()
    halves = [pages[0::2], pages[1::2]]
    for k in (0, 1):
        weights = train_two_pass([data[p] for p in halves[k]])
        test = [data[p] for p in halves[1 - k]]
        pred = np.concatenate([probabilities(x, weights) for x, _ in test]) > 0.5
        y_te = np.concatenate([y for _, y in test])
        tp = float(((pred == 1) & (y_te == 1)).sum())
        p, r = tp / max(pred.sum(), 1), tp / max(y_te.sum(), 1)
        print(f"fold {k}: lines={len(y_te)} body-line P={p:.3f} R={r:.3f} F1={2*p*r/max(p+r,1e-9):.3f}")
    first, second = train_two_pass([data[p] for p in pages])
    WEIGHTS_PATH.write_text(json.dumps({"features": FEATURE_NAMES, "weights": [round(v, 5) for v in first],
                                        "context": CONTEXT_NAMES, "second_pass": [round(v, 5) for v in second],
                                        "trained_on": "article-extraction-benchmark (90 pages, html-text.json)"},
                                       indent=1) + "\n")
    for name, v in zip(FEATURE_NAMES + CONTEXT_NAMES, second):
        print(f"{name:18s} {v:+.3f}")


if __name__ == "__main__":
    main()
