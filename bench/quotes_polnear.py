"""PolNeAR attribution scores (same as `parallax eval --format brat`): of the attribution model,
or with --rules of extract_quotes.

    PYTHONPATH=src python bench/quotes_polnear.py [GOLD_DIR] [--rules] [--cache DIR]
    (GOLD_DIR defaults to ../shared/eval/polnear/dev)
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from parallax.evaluate import brat

SHARED = Path(os.environ.get("PARALLAX_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", type=Path, default=SHARED / "eval" / "polnear" / "dev")
    ap.add_argument("--rules", action="store_true", help="score extract_quotes instead of the model")
    ap.add_argument("--cache", type=Path, help="folder to cache spaCy parses in")
    args = ap.parse_args()
    if not args.gold.is_dir():
        sys.exit(f"{args.gold} is absent")
    result = brat.score(args.gold, model=not args.rules, cache_dir=args.cache)
    print(f"{result['articles']} articles ({result['system']}): {args.gold}")
    print(f"{'layer':40} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
    for name, v in result["layers"].items():
        print(f"{name:40} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} {v['n_gold']:6} {v['n_pred']:6}")


if __name__ == "__main__":
    main()
