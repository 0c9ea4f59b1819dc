"""Link time as the corpus grows: the stories corpus (../shared/eval/stories/articles) analysed once,
then linked at 1x, 4x and 16x its size (copies under new ids, so every statement, figure and name
recurs across many more articles). Each scale is linked as `parallax link` does it: into a fresh
SQLite store, block by block (`pipeline.link`; loading the store is not timed). Prints seconds per
kind of link and in all; linear growth means the 16x column is about 16 times the 1x one, not 256
times.

    PYTHONPATH=src python bench/link_growth.py [--articles ../shared/eval/stories/articles] [--scales 1,4,16]
"""
from __future__ import annotations

import argparse
import dataclasses
import tempfile
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

from parallax import pipeline
from parallax.link import KINDS, prepare
from parallax.store import Store

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "stories" / "articles"
LINKERS = [k.name for k in KINDS]


def analysed(folder: Path):
    from parallax.analyze import analyze_doc, load_nlp, printed_dates
    from parallax.clean import OutletMemory, clean_document
    from parallax.model import ReadFailure
    from parallax.sources import read_paths

    memory, articles = OutletMemory(), []
    for raw in read_paths(sorted(folder.glob("*.txt"))):
        if not isinstance(raw, ReadFailure):
            articles.append(clean_document(raw, memory))
    nlp, dates = load_nlp(), printed_dates(articles)
    return [(a, analyze_doc(a, nlp(a.body), dates)) for a in track(articles, description="analysing")]


def scaled(items, k: int):
    """k copies of the corpus under new article ids."""
    out = []
    for copy in range(k):
        for article, analysis in items:
            new_id = f"{article.id}-{copy}" if copy else article.id
            out.append((dataclasses.replace(article, id=new_id), dataclasses.replace(analysis, article_id=new_id)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=DEFAULT)
    ap.add_argument("--scales", default="1,4,16")
    args = ap.parse_args()
    if not args.articles.is_dir():
        raise SystemExit(f"{args.articles}: no such folder (the stories corpus lives in ../shared)")
    items = analysed(args.articles)
    scales = [int(s) for s in args.scales.split(",")]
    seconds = {}
    for k in scales:
        corpus = scaled(items, k)
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(str(Path(tmp) / "growth.db"))
            store.add_articles([a for a, _ in corpus])
            store.save_analyses([prepare((a, dataclasses.replace(an))) for a, an in corpus])
            per_kind: dict[str, float] = {}
            pipeline.link(store, seconds=per_kind)
            store.close()
        seconds.update({(k, name): per_kind.get(name, 0.0) for name in LINKERS})
    table = Table(title=f"Link seconds, {len(items):,} articles x scale")
    table.add_column("linker")
    for k in scales:
        table.add_column(f"{k}x ({k * len(items):,})", justify="right")
    table.add_column(f"{scales[-1]}x / {scales[0]}x", justify="right")
    for name in [*LINKERS, "all"]:
        row = [sum(seconds[(k, n)] for n in LINKERS) if name == "all" else seconds[(k, name)] for k in scales]
        table.add_row(name, *(f"{s:,.2f}" for s in row), f"{row[-1] / max(row[0], 1e-9):,.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
