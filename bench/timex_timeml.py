"""TempEval-3 style scores on ../shared/eval/tempeval3/tbaq, the same as
`parallax eval --format timeml --gold ../shared/eval/tempeval3/tbaq`, plus the commonest value errors.
Run: PYTHONPATH=src python bench/timex_timeml.py [--errors N] [--halves]  (PARALLAX_SHARED overrides ../shared)
--halves also scores the odd- and even-numbered files (sorted names, 1-based) apart: a rule tuned to
one half shows as a gain on that half only.
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
from pathlib import Path

from parallax.evaluate.timeml import score

SHARED = Path(os.environ.get("PARALLAX_SHARED") or Path(__file__).resolve().parents[1] / ".." / "shared")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", type=int, default=0, help="print the N commonest value errors")
    parser.add_argument("--halves", action="store_true", help="also score odd- and even-numbered files apart")
    args = parser.parse_args()
    gold_dir = SHARED / "eval" / "tempeval3" / "tbaq"
    if not gold_dir.is_dir():
        print(f"{gold_dir} is absent: nothing to score")
        return 0
    result = score(gold_dir)
    print(f"{'layer':<18}{'p':>8}{'r':>8}{'f1':>8}{'n_gold':>8}{'n_pred':>8}")
    for name, layer in result["layers"].items():
        print(f"{name:<18}{layer['p']:>8.3f}{layer['r']:>8.3f}{layer['f1']:>8.3f}{layer['n_gold']:>8}{layer['n_pred']:>8}")
    print(f"value accuracy on relaxed matches: {result['value_accuracy']:.3f} ({result['articles']} files)")
    if args.halves:
        _print_halves(gold_dir)
    errors = collections.Counter((e["text"], e["gold"], e["pred"]) for e in result["value_errors"])
    for (text, gold, pred), n in errors.most_common(args.errors):
        print(f"{n:>4}  {text!r}: gold {gold}, got {pred}")
    return 0


def _print_halves(gold_dir: Path) -> None:
    """Value F1 on files 1, 3, 5, ... and 2, 4, 6, ... of the sorted list, each scored on its own."""
    files = sorted(gold_dir.glob("*.tml"))
    for name, half in (("odd", files[0::2]), ("even", files[1::2])):
        with tempfile.TemporaryDirectory() as tmp:
            for path in half:
                (Path(tmp) / path.name).symlink_to(path.resolve())
            layers = score(Path(tmp))["layers"]
        print(f"{name} files ({len(half)}): value f1 {layers['timexes.value']['f1']:.4f}, "
              f"relaxed f1 {layers['timexes']['f1']:.4f}")


if __name__ == "__main__":
    sys.exit(main())
