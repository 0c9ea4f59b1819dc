"""The `parallax` command line: every command is a thin shell over `pipeline` and the store."""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from parallax import pipeline

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="Parallax: a sourced record of many outlets' coverage of one story.")
console = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file or postgresql://user@host/db URL.",
                                       envvar="PARALLAX_DB")]
PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders: .txt, .html(.gz), .warc(.gz), .jsonl")]
EXIT_SOME_FAILED = 3


@contextmanager
def progress_bar(description: str, total: int | None = None):
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


def open_store(db: str):
    from parallax.store import Store

    try:
        return Store(db)
    except Exception as exc:
        err.print(f"[red]error:[/] cannot open the store {db!r}: {exc}")
        raise typer.Exit(2) from exc


def _print_problems(report: pipeline.IngestReport) -> None:
    for notice in report.notices:
        err.print(f"[yellow]note:[/] {notice.uri}: {notice.reason}")
    for failure in report.failures:
        err.print(f"[red]failed:[/] {failure.uri} ({failure.stage}): {failure.reason}")


def _do_ingest(paths: list[Path], store) -> pipeline.IngestReport:
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        err.print(f"[red]failed:[/] {p}: no such file or folder")
    with progress_bar("Ingesting") as advance:
        report = pipeline.ingest([p for p in paths if p.exists()], store, progress=advance)
    report.failures[:0] = [pipeline.Problem(str(p), "read", "no such file or folder") for p in missing]
    return report


def _do_analyze(store, workers: int) -> int:
    with progress_bar("Analysing", total=store.count_pending()) as advance:
        return pipeline.analyze(store, progress=advance, workers=workers)


@app.command()
def ingest(paths: PathsArg, db: DbOption = "parallax.db") -> None:
    """Read and clean articles into the store (the same input twice adds nothing)."""
    store = open_store(db)
    report = _do_ingest(paths, store)
    _print_problems(report)
    console.print(f"{report.added} articles added, {report.already_stored} already stored, "
                  f"{len(report.failures)} failed.")
    if report.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
def analyze(db: DbOption = "parallax.db",
            workers: Annotated[int, typer.Option(help="Processes for parsing.")] = 1) -> None:
    """Parse every article not analysed yet: entities, quotes, dates, figures."""
    n = _do_analyze(open_store(db), workers)
    console.print(f"{n} articles analysed.")


@app.command()
def link(db: DbOption = "parallax.db",
         aliases: Annotated[Optional[Path], typer.Option(help="YAML/JSON file of user-declared aliases.")] = None
         ) -> None:
    """Cross-corpus results: aliases, quote clusters, figure groups, timeline, framing, duplicates."""
    store = open_store(db)
    with console.status("Linking the corpus"):
        pipeline.link(store, aliases)
    console.print("Linked.")


@app.command()
def run(paths: PathsArg, db: DbOption = "parallax.db",
        workers: Annotated[int, typer.Option(help="Processes for parsing.")] = 1,
        aliases: Annotated[Optional[Path], typer.Option(help="YAML/JSON file of user-declared aliases.")] = None
        ) -> None:
    """Ingest + analyze + link in one go, then print a summary."""
    store = open_store(db)
    report = _do_ingest(paths, store)
    _do_analyze(store, workers)
    with console.status("Linking the corpus"):
        pipeline.link(store, aliases)
    _print_problems(report)
    stats = store.stats()
    table = Table(title=f"Parallax store: {db}")
    for col in ("articles", "new", "quotes", "speakers", "figures", "dates", "failures"):
        table.add_column(col, justify="right")
    table.add_row(*map(str, (stats["articles"], report.added, stats["quotes"], stats["speakers"],
                             stats["figures"], stats["timexes"], len(report.failures))))
    console.print(table)
    if report.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
def search(query: str, db: DbOption = "parallax.db",
           limit: Annotated[int, typer.Option(help="Results per kind.")] = 10) -> None:
    """Full-text search over articles and quotes."""
    from parallax.store.search import search as run_search

    arts, quotes = run_search(open_store(db), query, limit=limit)
    table = Table(title=f"Articles matching {query!r}")
    for col in ("article", "outlet", "published", "headline / snippet"):
        table.add_column(col)
    for h in arts:
        table.add_row(h.article_id[:12], h.outlet or "", h.published or "", f"[bold]{h.title}[/]\n{h.snippet}")
    console.print(table)
    table = Table(title=f"Quotes matching {query!r}")
    for col in ("article", "outlet", "speaker", "quote"):
        table.add_column(col)
    for h in quotes:
        table.add_row(h.article_id[:12], h.outlet or "", h.title, h.snippet)
    console.print(table)


@app.command()
def export(out: Annotated[Path, typer.Option(help="Folder to write into.")] = Path("parallax_export"),
           format: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet")] = "jsonl",
           db: DbOption = "parallax.db") -> None:
    """Write articles, quotes, entities, figures, timexes and links, one file per table."""
    from parallax.store.export import FORMATS, export as run_export

    if format not in FORMATS:
        err.print(f"[red]error:[/] unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    counts = run_export(open_store(db), out, format)
    console.print(", ".join(f"{n} {name}" for name, n in counts.items()) + f" written to {out}/")


EVAL_FORMATS = ("dev",)


@app.command("eval")
def evaluate(gold: Annotated[Path, typer.Option("--gold", help="Gold folder.")],
             format: Annotated[str, typer.Option("--format", help="Gold format: " + ", ".join(EVAL_FORMATS))] = "dev",
             as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
             details: Annotated[bool, typer.Option(help="Also list misses and wrong values.")] = False) -> None:
    """Score the pipeline against gold annotations: P/R/F1 per layer, exact and overlap."""
    import importlib

    if format not in EVAL_FORMATS:
        err.print(f"[red]error:[/] unknown format {format!r}; choose one of {', '.join(EVAL_FORMATS)}")
        raise typer.Exit(2)
    if not gold.is_dir():
        err.print(f"[red]error:[/] gold folder {gold} not found")
        raise typer.Exit(2)
    scorer = importlib.import_module(f"parallax.evaluate.{format}")
    kwargs = {"details": True} if details and format == "dev" else {}
    with progress_bar(f"Scoring {format}") as advance:
        result = scorer.score(gold, progress=advance, **kwargs)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    table = Table(title=f"{gold} ({result['articles']} documents)")
    for col in ("layer", "P", "R", "F1", "gold", "predicted"):
        table.add_column(col, justify="left" if col == "layer" else "right")
    for name, m in result["layers"].items():
        table.add_row(name, f"{m['p']:.3f}", f"{m['r']:.3f}", f"{m['f1']:.3f}", str(m["n_gold"]), str(m["n_pred"]))
    console.print(table)
    for failure in result.get("failures", []):
        err.print(f"[red]failed:[/] {failure}")
    for row in result.get("details", []):
        console.print(row)


if __name__ == "__main__":
    app()
