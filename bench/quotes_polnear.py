"""PolNeAR attribution scores of extract_quotes (same as `parallax eval --format brat`).

    PYTHONPATH=src python bench/quotes_polnear.py [GOLD_DIR]    (default ../shared/eval/polnear/dev)
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from parallax.evaluate import brat

SHARED = Path(os.environ.get("PARALLAX_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))


def main() -> None:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "eval" / "polnear" / "dev"
    if not gold.is_dir():
        sys.exit(f"{gold} is absent")
    result = brat.score(gold)
    print(f"{result['articles']} articles: {gold}")
    print(f"{'layer':40} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
    for name, v in result["layers"].items():
        print(f"{name:40} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} {v['n_gold']:6} {v['n_pred']:6}")


if __name__ == "__main__":
    main()
