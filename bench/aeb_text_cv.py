"""Honest text-only figure: the shipped line model is trained on all 90 aeb pages, so `parallax eval
--format aeb` scores body.text on its own training data. This trains on one half of the pages and
scores `clean_text` on the other half (both ways), with the 4-gram shingle F1 of evaluate.aeb.

    PYTHONPATH=src python bench/aeb_text_cv.py
"""
from __future__ import annotations

import sys

import parallax.clean.linemodel as linemodel
from parallax.clean import CleanError, clean_text
from parallax.evaluate.aeb import shingle_prf

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from train_line_model import load_pages  # noqa: E402


def main() -> None:
    truth, texts, pages, data = load_pages()
    halves = [pages[0::2], pages[1::2]]
    rows, per_half = [], []
    for k in (0, 1):
        w = linemodel.train_two_pass([data[pid] for pid in halves[k]])
        linemodel._weights = lambda w=w: w      # score the held-out half with this fold's weights
        for pid in halves[1 - k]:
            try:
                body = clean_text(texts[pid]).body
            except CleanError:
                body = ""
            rows.append(shingle_prf(truth[pid]["articleBody"], body))
            if "-v" in sys.argv:
                print(f"{pid[:8]} P={rows[-1][0]:.3f} R={rows[-1][1]:.3f} F1={rows[-1][2]:.3f}")
        per_half.append(sum(row[2] for row in rows[-len(halves[1 - k]):]) / len(halves[1 - k]))
    p, r, f = (sum(row[i] for row in rows) / len(rows) for i in range(3))
    print(f"body.text 2-fold (held-out pages): P={p:.4f} R={r:.4f} F1={f:.4f} pages={len(rows)}"
          f"  (pages 1::2 held out {per_half[0]:.4f}, pages 0::2 held out {per_half[1]:.4f})")


if __name__ == "__main__":
    main()
