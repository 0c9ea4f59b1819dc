"""WCXB page set: the pipeline beside trafilatura and htmldate alone, same pages, same scorer
(`parallax.evaluate.wcxb`): body word-bag F1 (mean over pages), title, author, published accuracy.

    PYTHONPATH=src python bench/wcxb_vs_trafilatura.py [--gold ../shared/eval/wcxb-dev] [--folds 2]

With --folds K the pages are split by id (page i goes to fold i mod K) and each fold is printed
alone with the mean over folds: the held-out figure for anything trained on the other folds.
With --fold-models DIR, fold K is read with DIR/block_model.foldK.json and DIR/title_model.foldK.json
(the block model and title scorer trained without fold K by bench/train_block_model.py and
bench/train_title_model.py with --fold-dir DIR) instead of the shipped weights.
"""
from __future__ import annotations

import argparse
import logging
import os
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parallax.evaluate.wcxb import PageFields, pages, pipeline_fields, score

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "wcxb-dev"


def trafilatura_alone(html: str, url: str | None) -> PageFields:
    import htmldate
    import trafilatura

    for name in ("trafilatura", "htmldate"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception:
        doc = None
    try:
        date = htmldate.find_date(html, original_date=True, url=url)
    except Exception:
        date = None
    get = (lambda k: getattr(doc, k, None)) if doc is not None else (lambda k: None)
    return PageFields(get("text") or "", get("title"), get("author"), date)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--folds", type=int, default=1)
    ap.add_argument("--only", choices=["parallax", "trafilatura"], default=None)
    ap.add_argument("--fold-models", type=Path, default=None, help="held-out block model weights per fold")
    args = ap.parse_args()
    if not args.gold.is_dir():
        raise SystemExit(f"{args.gold} not found: the page set lives outside the repository")
    ids = [pid for pid, _t, _p in pages(args.gold)]
    fold_of = {pid: i % args.folds for i, pid in enumerate(ids)}
    systems = {"parallax": pipeline_fields, "trafilatura/htmldate": trafilatura_alone}
    if args.only:
        systems = {k: v for k, v in systems.items() if k.startswith(args.only)}
    table = Table(title=f"{args.gold} ({len(ids):,} pages, {args.folds} fold(s) by id)")
    table.add_column("system")
    table.add_column("fold", justify="right")
    for layer in ("body", "title", "author", "published", "seconds"):
        table.add_column(layer, justify="right")
    for name, extract in systems.items():
        per_fold = []
        for k in range(args.folds):
            t0 = time.time()
            if args.fold_models:
                os.environ["PARALLAX_BLOCK_MODEL"] = str(args.fold_models / f"block_model.fold{k}.json")
                os.environ["PARALLAX_TITLE_MODEL"] = str(args.fold_models / f"title_model.fold{k}.json")
            layers = score(args.gold, extract=extract, only=lambda pid, k=k: fold_of[pid] == k)["layers"]
            per_fold.append({l: layers[l]["f1"] for l in ("body", "title", "author", "published")})
            table.add_row(name, str(k), *(f"{per_fold[-1][l]:.3f}" for l in ("body", "title", "author", "published")),
                          f"{time.time() - t0:.0f}")
        if args.folds > 1:
            table.add_row(name, "mean", *(f"{sum(f[l] for f in per_fold) / len(per_fold):.3f}"
                                          for l in ("body", "title", "author", "published")), "")
    Console().print(table)


if __name__ == "__main__":
    main()
