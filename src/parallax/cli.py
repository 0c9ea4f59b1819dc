"""The `parallax` command line: every command is a thin shell over `pipeline` and the store."""
from __future__ import annotations

import dataclasses
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
err = Console(stderr=True, soft_wrap=True)

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
         aliases: Annotated[Optional[Path], typer.Option(help="YAML/JSON file of user-declared aliases.")] = None,
         relink_all: Annotated[bool, typer.Option("--all", help="Relink every block, not only those whose "
                                                                "articles changed since the last link.")] = False,
         ) -> None:
    """Cross-corpus results: aliases, quote clusters, figure groups, timeline, framing, duplicates.
    Only the blocks whose articles changed since the last link are relinked (`--all`: every block)."""
    store = open_store(db)
    with progress_bar("Linking blocks") as advance:
        done = pipeline.link(store, aliases, relink_all=relink_all, progress=advance)
    console.print(f"Linked {sum(done.values()):,} blocks.")


@app.command()
def run(paths: PathsArg, db: DbOption = "parallax.db",
        workers: Annotated[int, typer.Option(help="Processes for parsing.")] = 1,
        aliases: Annotated[Optional[Path], typer.Option(help="YAML/JSON file of user-declared aliases.")] = None,
        scheduler: Annotated[Optional[str], typer.Option(
            help="Run on a Dask cluster (tcp://HOST:8786): one task per input shard.")] = None,
        dask_local: Annotated[Optional[int], typer.Option(
            "--dask-local", help="Run as Dask tasks on a local cluster of N processes.")] = None,
        shards: Annotated[Path, typer.Option(
            help="Folder for the Parquet shards of a Dask run (shards already there are reused).")] = Path("shards"),
        ) -> None:
    """Ingest + analyze + link in one go, then print a summary."""
    store = open_store(db)
    if scheduler or dask_local:
        report = _run_dask(paths, store, scheduler, dask_local, shards)
    else:
        with progress_bar("Ingesting and analysing") as advance:
            report = pipeline.run(paths, store, workers=workers, progress=advance)
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


def _run_dask(paths: list[Path], store, scheduler: str | None, local: int | None,
              shards: Path) -> pipeline.IngestReport:
    from parallax.scale.distributed import load_shards, run_dask

    with progress_bar("Dask shards") as advance:
        files = run_dask(paths, shards, scheduler=scheduler, local_workers=local, progress=advance,
                         corpus_dates=store.printed_dates())
    with progress_bar("Loading shards") as advance:
        return load_shards(files, store, progress=advance)


@app.command()
def load(shard_files: Annotated[list[Path], typer.Argument(help="Parquet shards written by a Dask run.")],
         db: DbOption = "parallax.db") -> None:
    """Merge Parquet shards into the store (loading them again adds nothing); run `link` after."""
    from parallax.scale.distributed import load_shards

    files = [f for p in shard_files for f in (sorted(p.glob("*.parquet")) if p.is_dir() else [p])]
    store = open_store(db)
    with progress_bar("Loading shards") as advance:
        report = load_shards(files, store, progress=advance)
    _print_problems(report)
    console.print(f"{report.added} articles added, {report.already_stored} already stored, "
                  f"{len(report.failures)} failed.")


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


class _Lookup:
    """Articles and analyses by id, loaded once each, to show the sources of link results."""

    def __init__(self, store) -> None:
        self.store, self.cache = store, {}

    def get(self, article_id: str):
        if article_id not in self.cache:
            self.cache[article_id] = (self.store.get_article(article_id), self.store.get_analysis(article_id))
        return self.cache[article_id]

    def source(self, ref: tuple[str, int], part: str) -> dict:
        article, analysis = self.get(ref[0])
        item = getattr(analysis, part)[ref[1]]
        return {"article_id": article.id, "outlet": article.outlet.value, "published": article.published.value,
                "item": dataclasses.asdict(item),
                "sentence": article.body[item.sentence_start:item.sentence_end] if item.sentence_end else ""}


def _emit(rows: list[dict], as_json: bool, table: Table, render) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        table.add_row(*render(row))
    console.print(table)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.command()
def figures(db: DbOption = "parallax.db", as_json: JsonOption = False,
            disagreements: Annotated[bool, typer.Option(help="Only groups whose values disagree.")] = False) -> None:
    """Figure groups across outlets; --disagreements shows where the reports differ."""
    store = open_store(db)
    lookup = _Lookup(store)
    rows = [{"measure": g.measure, "unit": g.unit, "disagreement": g.disagreement, "series": g.series,
             "reports": [lookup.source(m, "figures") for m in g.members]}
            for g in store.load_links("figure_group") if g.disagreement or not disagreements]
    table = Table(title="Figure groups" + (" that disagree" if disagreements else ""), show_lines=True)
    for col in ("what", "status", "reports (outlet, date, value: sentence)"):
        table.add_column(col)
    _emit(rows, as_json, table, lambda r: (
        f"{r['measure']} ({r['unit']})",
        "DISAGREE" if r["disagreement"] else "series" if r["series"] else "agree",
        "\n".join(f"[bold]{s['outlet'] or '?'}[/], {s['published'] or '?'}, {s['item']['qualifier']} "
                  f"{s['item']['value']:g}: {s['sentence']}" for s in r["reports"])))


@app.command()
def entities(db: DbOption = "parallax.db", as_json: JsonOption = False) -> None:
    """Canonical people, organisations and places with their spellings across the corpus."""
    rows = [dataclasses.asdict(g) for g in open_store(db).load_links("alias")]
    table = Table(title="Entities and aliases")
    for col in ("canonical", "type", "spellings", "roles", "articles"):
        table.add_column(col)
    _emit(rows, as_json, table, lambda r: (r["canonical"], r["label"], ", ".join(r["spellings"]),
                                           ", ".join(r["roles"]), str(len(r["article_ids"]))))


@app.command()
def framing(db: DbOption = "parallax.db", as_json: JsonOption = False,
            top: Annotated[int, typer.Option(help="How many terms.")] = 30) -> None:
    """Loaded terms and names whose use differs most between outlets."""
    terms = sorted(open_store(db).load_links("framing"), key=lambda t: -t.score)[:top]
    rows = [dataclasses.asdict(t) for t in terms]
    table = Table(title="Framing: terms by outlet")
    for col in ("term", "score", "uses by outlet"):
        table.add_column(col)
    _emit(rows, as_json, table, lambda r: (r["term"], f"{r['score']:.2f}",
                                           ", ".join(f"{o}: {n}" for o, n in r["counts"].items())))


@app.command()
def timeline(db: DbOption = "parallax.db", as_json: JsonOption = False,
             entity: Annotated[Optional[str], typer.Option(help="Only events whose sentence names this.")] = None,
             since: Annotated[Optional[str], typer.Option("--from", help="Earliest date, YYYY[-MM[-DD]].")] = None,
             until: Annotated[Optional[str], typer.Option("--to", help="Latest date, YYYY[-MM[-DD]].")] = None
             ) -> None:
    """Dated events across the corpus, each with the reports that date it."""
    store = open_store(db)
    lookup = _Lookup(store)
    rows = []
    for event in store.load_links("event"):
        day = event.value[:10]
        if (since and day < since) or (until and day[:len(until)] > until):
            continue
        sources = [lookup.source(m, "timexes") for m in event.members]
        if entity and not any(entity.casefold() in s["sentence"].casefold() for s in sources):
            continue
        rows.append({"value": event.value, "summary": event.summary, "conflicting_values": event.conflicting_values,
                     "reports": sources})
    rows.sort(key=lambda r: r["value"])
    table = Table(title="Timeline", show_lines=True)
    for col in ("date", "event", "reported by"):
        table.add_column(col)
    _emit(rows, as_json, table, lambda r: (
        r["value"] + (f"\n[red]also dated {', '.join(r['conflicting_values'])}[/]" if r["conflicting_values"] else ""),
        r["summary"], "\n".join(f"{s['outlet'] or '?'} ({s['published'] or '?'})" for s in r["reports"])))


EVAL_FORMATS = ("dev", "aeb", "brat", "timeml")


@app.command("eval")
def evaluate(gold: Annotated[Path, typer.Option("--gold", help="Gold folder.")],
             format: Annotated[str, typer.Option("--format", help="Gold format: " + ", ".join(EVAL_FORMATS))] = "dev",
             as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
             details: Annotated[bool, typer.Option(help="Also list misses and wrong values.")] = False,
             quotes_model: Annotated[bool, typer.Option(
                 "--quotes-model/--quotes-rules",
                 help="brat: score the trained attribution model (default) or the quote rules.")] = True,
             cache: Annotated[Optional[Path], typer.Option(help="brat: folder to cache spaCy parses in.")] = None) -> None:
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
    if format == "brat":
        kwargs = {"model": quotes_model, "cache_dir": cache}
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


train_app = typer.Typer(no_args_is_help=True, help="Train the models that ship inside the package.")
app.add_typer(train_app, name="train")


@train_app.command("quotes")
def train_quotes(polnear: Annotated[Path, typer.Option("--polnear", help="PolNeAR-style brat folder (text/, attributions/).")],
                 out: Annotated[Optional[Path], typer.Option(help="Model folder (default: the package's).")] = None,
                 cache: Annotated[Optional[Path], typer.Option(help="Folder to cache spaCy parses in.")] = None) -> None:
    """Train the attribution model (cue, source and content CRFs) on PolNeAR training data."""
    from parallax.analyze.quotes.model import MODEL_DIR
    from parallax.analyze.quotes.train import train

    if not polnear.is_dir():
        err.print(f"[red]error:[/] folder {polnear} not found")
        raise typer.Exit(2)
    train(polnear, out or MODEL_DIR, cache, log=err.print)
    console.print(f"model written to {out or MODEL_DIR}")


@app.command()
def serve(db: DbOption = "parallax.db", host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port.")] = 8000) -> None:
    """Web UI and REST API over the store (read-only unless PARALLAX_TOKEN is set)."""
    import os

    import uvicorn

    from parallax.serve import create_app

    token = os.environ.get("PARALLAX_TOKEN") or None
    web = create_app(db, token=token)
    console.print(f"Parallax is serving {db} at [bold]http://{host}:{port}/[/] "
                  f"({'ingest enabled with token' if token else 'read-only'}); API schema at /api/openapi.json")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def report(out: Annotated[Path, typer.Option(help="HTML file to write.")] = Path("briefing.html"),
           db: DbOption = "parallax.db") -> None:
    """Write a self-contained HTML briefing: speakers, timeline, disagreements, outlets, sources."""
    from parallax.serve.report import write_report

    path = write_report(open_store(db), out)
    console.print(f"Briefing written to {path.resolve()}")


if __name__ == "__main__":
    app()
