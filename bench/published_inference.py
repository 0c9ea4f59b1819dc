"""How good is the `published` date when a text prints none? PolNeAR file names carry the
publication date (`outlet_YYYY-MM-DD_slug.txt`) and its texts rarely print one, so run `clean_text`
on every text and compare, separately for printed and inferred dates.

    PYTHONPATH=src python bench/published_inference.py
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from collections import defaultdict
from pathlib import Path

from parallax.clean import CleanError, clean_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared")
POLNEAR = SHARED / "eval" / "polnear"


def main() -> None:
    if not POLNEAR.exists():
        sys.exit(f"{POLNEAR} not found: the corpus lives outside the repository")
    errors: dict[str, list[int]] = defaultdict(list)
    total = 0
    for path in sorted(POLNEAR.glob("*/text/*.txt")):
        m = re.search(r"_(\d{4}-\d\d-\d\d)_", path.name)
        if not m:
            continue
        total += 1
        gold = dt.date.fromisoformat(m.group(1))
        try:
            fact = clean_text(path.read_text(encoding="utf-8")).published
        except CleanError:
            continue
        if fact.value:
            errors[fact.how.split(":")[0]].append(abs((dt.date.fromisoformat(fact.value) - gold).days))
    print(f"texts {total}")
    print(f"{'how':10s} {'n':>5s} {'exact':>6s} {'<=3d':>6s} {'median days':>12s}")
    for how, errs in sorted(errors.items()):
        errs.sort()
        print(f"{how:10s} {len(errs):5d} {sum(e == 0 for e in errs) / len(errs):6.2f} "
              f"{sum(e <= 3 for e in errs) / len(errs):6.2f} {errs[len(errs) // 2]:12d}")
    print(f"{'none':10s} {total - sum(len(e) for e in errors.values()):5d}")


if __name__ == "__main__":
    main()
