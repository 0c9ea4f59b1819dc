"""Score the clean stage on ../shared/eval/dev: boilerplate lines, headline, outlet, published,
byline and credits per article, then totals.

    PYTHONPATH=src python bench/clean_dev.py [-v]
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from parallax.clean import OutletMemory, clean_document
from parallax.evaluate.dev import DevScorer
from parallax.model import Analysis, RawDocument

CLEAN_LAYERS = ("boilerplate", "headline", "outlet", "published", "published.inferred")

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared")
DEV = SHARED / "eval" / "dev"


def _norm(name: str | None) -> str:
    name = (name or "").casefold().strip()
    return name[4:] if name.startswith("the ") else name


def main(verbose: bool) -> None:
    if not DEV.exists():
        sys.exit(f"{DEV} not found: the dev set lives outside the repository")
    memory = OutletMemory()
    scorer = DevScorer()   # the same scorer as `parallax eval --format dev`, clean layers only
    tp = n_gold = n_pred = 0
    totals = {k: [0, 0] for k in ("headline", "outlet", "published", "inferred<=3d", "byline", "credits")}
    print(f"{'article':28s} {'bp P':>5s} {'bp R':>5s} head outlet published byline credits")
    for path in sorted((DEV / "articles").glob("*.txt")):
        gold = json.loads((DEV / "gold" / (path.stem + ".json")).read_text())
        text = path.read_text(encoding="utf-8")
        art = clean_document(RawDocument(str(path), text.encode(), "text/plain", text), memory)
        scorer.add({k: gold[k] for k in ("article", "headline", "outlet", "outlet_text_forms", "published",
                                         "published_inferred", "boilerplate_lines")}, text, art, Analysis(art.id))
        pred_bp = [text[z.start:z.end] for z in art.zones if z.label == "boilerplate"]
        gold_bp = list(gold["boilerplate_lines"])
        matched = sum(min(pred_bp.count(t), gold_bp.count(t)) for t in set(gold_bp))
        tp, n_gold, n_pred = tp + matched, n_gold + len(gold_bp), n_pred + len(pred_bp)
        checks = {
            "headline": art.headline.value == gold["headline"],
            "byline": art.byline.value == gold["byline"],
            "credits": sorted(art.credits) == sorted(gold["credits"]),
        }
        if gold["outlet"]:
            forms = {_norm(f) for f in [gold["outlet"], *gold["outlet_text_forms"]]}
            checks["outlet"] = _norm(art.outlet.value) in forms
        if gold["published"]:
            checks["published"] = art.published.value == gold["published"] and art.published.how.startswith("printed")
        elif gold["published_inferred"] and art.published.value:
            days = abs((dt.date.fromisoformat(art.published.value) - dt.date.fromisoformat(gold["published_inferred"])).days)
            checks["inferred<=3d"] = days <= 3 and art.published.how.startswith("inferred")
        elif gold["published_inferred"]:
            checks["inferred<=3d"] = False
        for k, ok in checks.items():
            totals[k][0] += ok
            totals[k][1] += 1
        p = matched / len(pred_bp) if pred_bp else 1.0
        r = matched / len(gold_bp) if gold_bp else 1.0
        mark = lambda k: "-" if k not in checks else ("ok" if checks[k] else "NO")
        pub = "published" if "published" in checks else "inferred<=3d"
        print(f"{path.name:28s} {p:5.2f} {r:5.2f} {mark('headline'):>4s} {mark('outlet'):>6s} {mark(pub):>9s} "
              f"{mark('byline'):>6s} {mark('credits'):>7s}")
        if verbose:
            print(f"   headline={art.headline.value!r}\n   outlet={art.outlet}\n   published={art.published}"
                  f"\n   byline={art.byline.value!r} credits={art.credits} language={art.language}")
            for t in sorted(set(pred_bp) ^ set(gold_bp)):
                print(f"   {'FP' if t in pred_bp else 'FN'}: {t[:100]!r}")
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    print(f"\nboilerplate lines: P={p:.3f} R={r:.3f} F1={2 * p * r / max(p + r, 1e-9):.3f} "
          f"(gold {n_gold}, predicted {n_pred})")
    for k, (ok, n) in totals.items():
        print(f"{k:14s} {ok}/{n}" + (f" = {ok / n:.2f}" if n else ""))
    print("\nparallax.evaluate.dev scorer, clean layers:")
    for name, m in scorer.layers().items():
        if name in CLEAN_LAYERS:
            print(f"{name:20s} P={m['p']:.3f} R={m['r']:.3f} F1={m['f1']:.3f} gold={m['n_gold']} pred={m['n_pred']}")


if __name__ == "__main__":
    main("-v" in sys.argv)
