"""The `parallax` command line: every command is a thin shell over `pipeline` and the store.

Conventions (those of Datasette, trafilatura and the spaCy CLI): `-h`/`--help` and `--version`;
commands that only read a store refuse a path that does not exist (only ingest, run and load create
one); every user error is one line naming the input and the fix, with a non-zero exit; listings print
a table on a terminal and tab-separated values when piped (`--format table|tsv|csv|json`)."""
from __future__ import annotations

import csv
import dataclasses
import json
import re
import shlex
import socket
import sys
from collections import Counter, defaultdict
from contextlib import contextmanager
from enum import Enum
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from typer.core import TyperArgument, TyperOption

from parallax import pipeline
from parallax.serve import present


_TYPE_NAMES = {"int": "INTEGER", "str": "TEXT", "float": "FLOAT", "path": "PATH", "bool": "BOOLEAN"}


def _plain_metavar(self, ctx) -> str | None:
    """Help shows `--limit INTEGER`, `--format [table|tsv|csv|json]` as click, Datasette and
    trafilatura do, and nothing after a flag (Typer's default prints `<bool>`, `<list[Path]>`)."""
    if isinstance(self, TyperArgument):
        return None    # the argument's name (its metavar) is already shown
    if self.metavar is not None:
        return self.metavar
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    label = _typer_display_type(self, ctx).strip("<>").removesuffix(" range")
    if "|" in label:
        return f"[{label}]"
    return _TYPE_NAMES.get(label.lower(), label.upper())


_typer_display_type = getattr(TyperOption, "display_type", None)
if _typer_display_type is not None:   # Typer >= 0.20 prints `<type>` columns; older ones print click's
    TyperOption.display_type_rich = _plain_metavar
    TyperArgument.display_type_rich = _plain_metavar

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Parallax: turn many outlets' coverage of one story into a sourced record: who said what, "
         "when, reported by whom, which figures, and where the outlets disagree.",
    epilog="Examples:\n\n"
           "  parallax run articles/ --db story.db        # read, analyse and link a folder\n\n"
           "  parallax search '\"peace talks\" OR ceasefire' --db story.db\n\n"
           "  parallax figures --disagreements --db story.db\n\n"
           "  parallax serve --db story.db                # browse at http://127.0.0.1:8000/\n\n"
           "Every command: parallax COMMAND -h. The store is a SQLite file (--db, or $PARALLAX_DB).")
console = Console()
err = Console(stderr=True, soft_wrap=True)

STORE, OUTPUT, FILTERS, RUNNING = "Store", "Output", "Filters", "Processing"
DbOption = Annotated[str, typer.Option("--db", help="SQLite file or postgresql://user@host/db URL.",
                                       envvar="PARALLAX_DB", metavar="PATH|URL", rich_help_panel=STORE)]
PathsArg = Annotated[list[Path], typer.Argument(
    help="Files or folders: .txt (with NAME.meta.json beside it), .html(.gz), .warc(.gz), .jsonl",
    metavar="PATHS...", show_default=False)]
WorkersOption = Annotated[int, typer.Option(min=1, help="Processes for parsing.", rich_help_panel=RUNNING)]
AliasesOption = Annotated[Optional[Path], typer.Option(
    help="YAML or JSON file of aliases you declare (canonical, spellings; pairs to keep separate).",
    metavar="FILE", rich_help_panel=RUNNING)]
EXIT_SOME_FAILED = 3
EXIT_USAGE = 2


class Format(str, Enum):
    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"


FormatOption = Annotated[Optional[Format], typer.Option(
    "--format", "-f", help="table (default on a terminal), tsv (default when piped), csv or json.",
    rich_help_panel=OUTPUT, show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.", rich_help_panel=OUTPUT)]


def _version(value: bool) -> None:
    if value:
        try:
            version = metadata.version("parallax-news")
        except metadata.PackageNotFoundError:
            version = "unknown"
        print(f"parallax {version}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False) -> None:
    """Parallax: a sourced record of many outlets' coverage of one story."""


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line `error: ...` (no markup: user text may hold brackets) and return the exit."""
    err.print(f"[red]error:[/] {escape(message)}")
    return typer.Exit(code)


@contextmanager
def progress_bar(description: str, total: int | None = None):
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


def _db_arg(db: str) -> str:
    return "" if db == "parallax.db" else f" --db {shlex.quote(db)}"


def open_store(db: str, *, create: bool = False):
    """The store at `db`. Only commands that write may create it: a reading command given a path
    that does not exist stops with the fix instead of answering from a new empty store."""
    from parallax.store import Store

    if not create and "://" not in db and not Path(db).expanduser().is_file():
        raise fail(f"no store at {db}: build one with `parallax run FILES{_db_arg(db)}` "
                   f"(or point --db / $PARALLAX_DB at an existing one)")
    try:
        return Store(db)
    except Exception as exc:
        raise fail(f"cannot open the store {db}: {str(exc).splitlines()[0]}") from exc


def _print_problems(report: pipeline.IngestReport) -> None:
    for notice in report.notices:
        err.print(f"[yellow]note:[/] {escape(notice.uri)}: {escape(notice.reason)}")
    for failure in report.failures:
        err.print(f"[red]failed:[/] {escape(failure.uri)} ({failure.stage}): {escape(failure.reason)}")


def _print_updates(report: pipeline.IngestReport, db: str) -> None:
    if not report.updated:
        return
    fields = Counter(f for names in report.updated.values() for f in names)
    what = ", ".join(fields)
    console.print(f"{_n(len(report.updated), 'stored article')} got new metadata ({what}); "
                  f"refresh the results: parallax analyze{_db_arg(db)} && parallax link{_db_arg(db)}",
                  markup=False)


def _check_inputs(paths: list[Path]) -> None:
    missing = [p for p in paths if not p.exists()]
    if len(missing) == len(paths):
        raise fail(f"{', '.join(map(str, missing))}: no such file or folder")


def _do_ingest(paths: list[Path], store, meta: dict[str, str] | None = None) -> pipeline.IngestReport:
    missing = [p for p in paths if not p.exists()]
    with progress_bar("Ingesting") as advance:
        report = pipeline.ingest([p for p in paths if p.exists()], store, progress=advance, meta=meta)
    report.failures[:0] = [pipeline.Problem(str(p), "read", "no such file or folder") for p in missing]
    return report


def _nothing_found(paths: list[Path], report: pipeline.IngestReport) -> typer.Exit | None:
    if report.read == 0 and not report.failures:
        return fail(f"no articles in {', '.join(map(str, paths))}: "
                    "give .txt, .html, .warc or .jsonl files, or folders holding them")
    return None


def _use_outlet_registry(path: Path) -> None:
    """Add the user's outlets (domain -> name, country) to the registry clean/ consults."""
    import os

    from parallax.clean.outlets import ENV_VAR, RegistryError, registry

    os.environ[ENV_VAR] = str(path.resolve())
    try:
        registry()
    except RegistryError as exc:
        raise fail(str(exc)) from exc


def _do_analyze(store, workers: int) -> int:
    with progress_bar("Analysing", total=store.count_pending()) as advance:
        return pipeline.analyze(store, progress=advance, workers=workers)


def _check_aliases(path: Path | None) -> None:
    """Read the aliases file before any work, so a typo costs nothing."""
    if path is None:
        return
    from parallax.link.aliases import load_user_aliases

    if not path.is_file():
        raise fail(f"aliases file {path} not found")
    try:
        load_user_aliases(path)
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise fail(f"aliases file {path} is not valid ({reason}); expected entries like "
                   "'aliases: [{canonical: NAME, spellings: [OTHER]}]'") from exc


def _do_link(store, aliases: Path | None, relink_all: bool = False) -> dict[str, int]:
    with progress_bar("Linking blocks") as advance:
        return pipeline.link(store, aliases, relink_all=relink_all, progress=advance)


@app.command(epilog="Examples:\n\n  parallax ingest articles/ export.jsonl crawl.warc.gz --db story.db\n\n"
                    "  parallax ingest saved-pages/ --outlet 'Harbour Herald' --db story.db")
def ingest(paths: PathsArg, db: DbOption = "parallax.db",
           outlet: Annotated[Optional[str], typer.Option(
               help="The outlet of every input (beats sidecars and guesses).", metavar="NAME",
               rich_help_panel="Metadata")] = None,
           country: Annotated[Optional[str], typer.Option(help="The outlet's country, with --outlet.", metavar="NAME",
                                                          rich_help_panel="Metadata")] = None,
           outlets: Annotated[Optional[Path], typer.Option(
               help="YAML list of {domain, name, country, language} added to the outlet registry.", metavar="FILE",
               rich_help_panel="Metadata")] = None) -> None:
    """Read and clean articles into the store (creating it); the same input twice adds nothing.

    Articles already stored that arrive with better metadata (a JSONL record, a .meta.json file,
    --outlet) are updated, and the command says so."""
    _check_inputs(paths)
    if outlets is not None:
        _use_outlet_registry(outlets)
    meta = {k: v.strip() for k, v in (("outlet", outlet), ("country", country)) if v and v.strip()}
    store = open_store(db, create=True)
    report = _do_ingest(paths, store, meta or None)
    _print_problems(report)
    if exit_ := _nothing_found(paths, report):
        raise exit_
    console.print(f"{_n(report.added, 'article')} added, {report.already_stored:,} already stored, "
                  f"{len(report.failures):,} failed.")
    _print_updates(report, db)
    if report.added or report.updated:
        err.print(f"next: parallax analyze{_db_arg(db)} && parallax link{_db_arg(db)}", markup=False)
    if report.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command(epilog="Examples:\n\n  parallax analyze --workers 4 --db story.db")
def analyze(db: DbOption = "parallax.db", workers: WorkersOption = 1) -> None:
    """Parse every article not analysed yet: entities, quotes, dates, figures."""
    n = _do_analyze(open_store(db), workers)
    console.print(f"{_n(n, 'article')} analysed.")
    if n:
        err.print(f"next: parallax link{_db_arg(db)}", markup=False)


@app.command(epilog="Examples:\n\n  parallax link --aliases aliases.yaml --db story.db\n\n  parallax link --all --db story.db")
def link(db: DbOption = "parallax.db", aliases: AliasesOption = None,
         relink_all: Annotated[bool, typer.Option("--all", help="Relink every block, not only those whose "
                                                                "articles changed since the last link.")] = False,
         scheduler: Annotated[Optional[str], typer.Option(
             help="Link blocks as tasks on a Dask cluster (tcp://HOST:8786); needs a PostgreSQL store.",
             metavar="URL", rich_help_panel=RUNNING)] = None,
         dask_local: Annotated[Optional[int], typer.Option(
             "--dask-local", min=1, help="Link blocks as Dask tasks on a local cluster of N processes "
                                         "(PostgreSQL store).", metavar="N", rich_help_panel=RUNNING)] = None,
         ) -> None:
    """Cross-outlet results: aliases, quote clusters, figure groups, timeline, framing, duplicates.
    Only the blocks whose articles changed since the last link are relinked (`--all`: every block)."""
    _check_aliases(aliases)
    store = open_store(db)
    if scheduler or dask_local:
        if store.dialect != "postgresql":
            raise fail("a distributed link (--scheduler, --dask-local) needs a PostgreSQL store "
                       "(--db postgresql://...): its tasks write from many processes at once")
        from parallax.scale.distributed import link_dask

        with progress_bar("Linking blocks") as advance:
            done = link_dask(store, aliases.resolve() if aliases else None, relink_all=relink_all,
                             scheduler=scheduler, local_workers=dask_local, progress=advance)
    else:
        done = _do_link(store, aliases, relink_all)
    console.print(f"Linked {sum(done.values()):,} blocks.")


@app.command(epilog="Examples:\n\n  parallax run articles/ --db story.db\n\n"
                    "  parallax run big/ --workers 4 --aliases aliases.yaml --db story.db")
def run(paths: PathsArg, db: DbOption = "parallax.db", workers: WorkersOption = 1,
        aliases: AliasesOption = None,
        scheduler: Annotated[Optional[str], typer.Option(
            help="Run on a Dask cluster (tcp://HOST:8786): one task per input shard.", metavar="URL",
            rich_help_panel=RUNNING)] = None,
        dask_local: Annotated[Optional[int], typer.Option(
            "--dask-local", min=1, help="Run as Dask tasks on a local cluster of N processes.", metavar="N",
            rich_help_panel=RUNNING)] = None,
        shards: Annotated[Path, typer.Option(
            help="Folder for the Parquet shards of a Dask run (shards already there are reused).",
            metavar="FOLDER", rich_help_panel=RUNNING)] = Path("shards"),
        ) -> None:
    """Ingest, analyse and link in one go, then print a summary."""
    _check_inputs(paths)
    _check_aliases(aliases)
    store = open_store(db, create=True)
    if scheduler or dask_local:
        report = _run_dask(paths, store, scheduler, dask_local, shards)
    else:
        with progress_bar("Ingesting and analysing") as advance:
            report = pipeline.run(paths, store, workers=workers, progress=advance)
    _print_problems(report)
    if exit_ := _nothing_found(paths, report):
        raise exit_
    _do_link(store, aliases)
    _print_updates(report, db)
    stats = store.stats()
    columns = ["articles", "new", "quotes", "speakers", "figures", "dates", "failures"]
    values = [stats["articles"], report.added, stats["quotes"], stats["speakers"], stats["figures"], stats["timexes"],
              len(report.failures)]
    _emit(_format(None, False), f"Parallax store: {db}", columns, [[f"{n:,}" for n in values]],
          [dict(zip(columns, values))])
    if report.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


def _run_dask(paths: list[Path], store, scheduler: str | None, local: int | None,
              shards: Path) -> pipeline.IngestReport:
    from parallax.scale.distributed import load_shards, run_dask

    with progress_bar("Dask shards") as advance:
        files = run_dask(paths, shards, scheduler=scheduler, local_workers=local, progress=advance)
    with progress_bar("Loading shards") as advance:
        return load_shards(files, store, progress=advance)


@app.command(epilog="Examples:\n\n  parallax load shards/ --db postgresql://me@dbhost/story")
def load(shard_files: Annotated[list[Path], typer.Argument(help="Parquet shards written by a Dask run, or folders.",
                                                           metavar="SHARDS...")],
         db: DbOption = "parallax.db") -> None:
    """Merge Parquet shards into the store (loading them again adds nothing); run `link` after."""
    from parallax.scale.distributed import load_shards

    _check_inputs(shard_files)
    report = pipeline.IngestReport()
    files = []
    for p in shard_files:
        if not p.exists():
            report.failures.append(pipeline.Problem(str(p), "read", "no such file or folder"))
        else:
            files += sorted(p.glob("*.parquet")) if p.is_dir() else [p]
    store = open_store(db, create=True)
    with progress_bar("Loading shards") as advance:
        for f in files:
            try:
                part = load_shards([f], store, progress=advance)
            except Exception as exc:   # not a shard: say which file, load the others
                report.failures.append(pipeline.Problem(str(f), "load", f"not a Parquet shard of a Dask run "
                                                                        f"({' '.join(str(exc).split())[:120]})"))
                continue
            report.added += part.added
            report.already_stored += part.already_stored
            report.failures += part.failures
    _print_problems(report)
    console.print(f"{_n(report.added, 'article')} added, {report.already_stored:,} already stored, "
                  f"{len(report.failures):,} failed.")
    if report.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


# ---- listings --------------------------------------------------------------------------------------

def _format(fmt: Format | None, as_json: bool) -> Format:
    if as_json:
        return Format.json
    if fmt is not None:
        return fmt
    return Format.table if sys.stdout.isatty() else Format.tsv


def _emit(fmt: Format, title: str, columns: list[str], rows: list[list[str]], records: list[dict],
          styled=None, table_columns: list[str] | None = None) -> None:
    """One listing in the chosen format. Cells are plain text, never markup; `styled(row)` may
    return Rich Text cells for the terminal table (e.g. bold search matches), under `table_columns`
    when the terminal shows fewer, fuller columns than TSV/CSV."""
    if fmt == Format.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return
    if fmt == Format.tsv:   # one record a line, tabs and newlines inside cells become spaces
        for row in [columns, *rows]:
            print("\t".join(" ".join(c.split()) for c in row))
        return
    if fmt == Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows([columns, *rows])
        return
    table = Table(title=Text(title), show_lines=any("\n" in c for r in rows for c in r))
    for col in table_columns or columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*(styled(row) if styled else [Text(c) for c in row]))
    console.print(table)


def _link_notice(store, db: str, needs_link: bool = True) -> None:
    """Say when results are missing or older than the articles, with the command that fixes it."""
    state = store.link_state()
    fix_analyze = f"parallax analyze{_db_arg(db)}"
    fix_link = f"parallax link{_db_arg(db)}"
    if state["pending"]:
        fixes = f"{fix_analyze} && {fix_link}" if needs_link else fix_analyze
        err.print(f"note: {_n(state['pending'], 'article')} not analysed yet, so these results leave them "
                  f"out: run {fixes}", markup=False)
    elif needs_link and not state["linked"] and state["analyzed"]:
        err.print(f"note: the corpus has not been linked yet, so there are no results: run {fix_link}",
                  markup=False)
    elif needs_link and state["stale"]:
        err.print(f"note: articles changed since the last link, so these results are out of date: run {fix_link}",
                  markup=False)


def _source_fields(article) -> dict[str, Any]:
    """Where a fact was read: outlet (or file), path or URL, date and how the date was found."""
    return {"article_id": article.id, "outlet": article.outlet.value,
            "source": present.source_label(article.outlet.value, article.uri, article.url),
            "location": present.source_location(article.uri, article.url),
            "published": article.published.value, "published_how": present.how_words(article.published.how),
            "published_inferred": present.is_inferred(article.published.how),
            "published_label": present.published_label(article.published.value, article.published.how)}


def _source_line(s: dict) -> str:
    return f"{s['source']}, {s['published_label']}"


def _n(count: int, word: str) -> str:
    """'1 article', '25,000 articles'."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


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
        return {**_source_fields(article), "item": dataclasses.asdict(item),
                "sentence": article.body[item.sentence_start:item.sentence_end] if item.sentence_end else ""}


Limit = Annotated[int, typer.Option(min=1, help="Results per kind.", rich_help_panel=OUTPUT)]


def _marked_text(snippet: str) -> Text:
    """A search snippet with its [match] marks shown bold (the brackets are data, not Rich markup)."""
    text, pos = Text(), 0
    for start, end in _marks(snippet):
        text.append(snippet[pos:start])
        text.append(snippet[start + 1:end - 1], style="bold yellow")
        pos = end
    text.append(snippet[pos:])
    return text


def _marks(snippet: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\[[^\[\]]{1,100}\]", snippet)]


@app.command(epilog="Query syntax, as in the web search:\n\n"
                    "  ceasefire talks         both words\n\n"
                    "  \"peace talks\"           the phrase\n\n"
                    "  ceasefire OR truce      either word\n\n"
                    "  ceasefire NOT truce     (or -truce) without the word\n\n"
                    "Examples:\n\n  parallax search 'ceasefire OR truce' --format csv > hits.csv")
def search(query: Annotated[str, typer.Argument(help="Words, \"a phrase\", A OR B, NOT C (or -C).",
                                                 metavar="QUERY")],
           db: DbOption = "parallax.db", limit: Limit = 10, fmt: FormatOption = None,
           as_json: JsonOption = False) -> None:
    """Full-text search over articles and quotes; each hit names its source, date and article id."""
    from parallax.store.search import search as run_search

    arts, quotes = run_search(open_store(db), query, limit=limit)
    records = [{"kind": h.kind, "article_id": h.article_id, "outlet": h.outlet,
                "source": present.source_label(h.outlet, h.uri, h.url),
                "location": present.source_location(h.uri, h.url), "published": h.published,
                "published_how": present.how_words(h.published_how),
                ("headline" if h.kind == "article" else "speaker"): h.title, "snippet": h.snippet,
                "link": f"/articles/{h.article_id}"} for h in [*arts, *quotes]]
    fmt = _format(fmt, as_json)
    columns = ["kind", "article", "source", "published", "headline / speaker", "text"]
    rows = [[r["kind"], r["article_id"], r["source"],
             present.published_label(r["published"], h.published_how), h.title, h.snippet]
            for r, h in zip(records, [*arts, *quotes])]

    def styled(row):   # terminal: where (source, date, id) beside what (headline or speaker, the match)
        kind, article_id, source, published, title, snippet = row
        what = Text(f"{kind}: ", style="dim")
        what.append(title, style="bold")
        what.append("\n")
        return [Text(f"{source}\n{published}\n{article_id}"), what + _marked_text(snippet)]

    _emit(fmt, f"Matches for {query}", columns, rows, records, styled, ["source, date, article id", "match"])
    if not records and fmt == Format.table:
        err.print("no matches", markup=False)


@app.command(epilog="Examples:\n\n  parallax export --out story_tables --format csv --db story.db")
def export(out: Annotated[Path, typer.Option(help="Folder to write into.", metavar="FOLDER")] = Path("parallax_export"),
           format: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet", metavar="jsonl|csv|parquet")
                             ] = "jsonl",
           db: DbOption = "parallax.db") -> None:
    """Write articles, quotes, entities, figures, timexes and links, one file per table."""
    from parallax.store.export import FORMATS, export as run_export

    if format not in FORMATS:
        raise fail(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    store = open_store(db)
    try:
        counts = run_export(store, out, format)
    except OSError as exc:
        raise fail(f"cannot write to {out}: {exc.strerror or exc}; choose another --out folder") from exc
    console.print(", ".join(f"{n:,} {name}" for name, n in counts.items()) + f" written to {out}/", markup=False)


@app.command(epilog="Examples:\n\n  parallax figures --disagreements --db story.db\n\n"
                    "  parallax figures --json --db story.db | jq '.[0].reports'")
def figures(db: DbOption = "parallax.db", fmt: FormatOption = None, as_json: JsonOption = False,
            disagreements: Annotated[bool, typer.Option("--disagreements", help="Only groups whose values disagree.",
                                                        rich_help_panel=FILTERS)] = False) -> None:
    """Figure groups across outlets; each report names its outlet or file, date and sentence."""
    store = open_store(db)
    _link_notice(store, db)
    lookup = _Lookup(store)
    records = [{"measure": g.measure, "unit": g.unit, "disagreement": g.disagreement, "series": g.series,
                "reports": [lookup.source(m, "figures") for m in g.members]}
               for g in store.load_links("figure_group") if g.disagreement or not disagreements]
    rows = [[f"{r['measure']} ({r['unit']})", "DISAGREE" if r["disagreement"] else "series" if r["series"] else "agree",
             "\n".join(f"{_source_line(s)}: {s['item']['qualifier']} {s['item']['value']:,g}: {s['sentence']}"
                       for s in r["reports"])] for r in records]
    _emit(_format(fmt, as_json), "Figure groups" + (" that disagree" if disagreements else ""),
          ["what", "status", "reports (source, date: value: sentence)"], rows, records)


ENTITY_TYPES = {"person": {"PERSON"}, "people": {"PERSON"}, "organisation": {"ORG"}, "organization": {"ORG"},
                "place": {"GPE", "LOC", "FAC"}, "places": {"GPE", "LOC", "FAC"}}


@app.command(epilog="Examples:\n\n  parallax entities --type person --min-count 3 --db story.db\n\n"
                    "  parallax entities --name holt --format json --db story.db")
def entities(db: DbOption = "parallax.db", fmt: FormatOption = None, as_json: JsonOption = False,
             type_: Annotated[Optional[str], typer.Option(
                 "--type", help="person, organisation, place, or a label: PERSON, ORG, GPE, LOC, NORP, ...",
                 metavar="TYPE", rich_help_panel=FILTERS)] = None,
             min_count: Annotated[int, typer.Option(min=1, help="Only entities mentioned at least this often.",
                                                    rich_help_panel=FILTERS)] = 1,
             name: Annotated[Optional[str], typer.Option(help="Only names containing this text.", metavar="TEXT",
                                                         rich_help_panel=FILTERS)] = None) -> None:
    """Every person, organisation and place named in the corpus, with its spellings and sources."""
    import sqlalchemy as sa

    from parallax.store.schema import articles as articles_t, entities as entities_t

    store = open_store(db)
    _link_notice(store, db, needs_link=False)
    wanted = ENTITY_TYPES.get((type_ or "").lower(), {(type_ or "").upper()}) if type_ else None
    stats: dict[str, dict] = defaultdict(lambda: {"labels": Counter(), "spellings": Counter(), "articles": set(),
                                                   "outlets": set()})
    query = sa.select(entities_t.c.canonical, entities_t.c.label, entities_t.c.text, entities_t.c.article_id,
                      articles_t.c.outlet).join(articles_t, articles_t.c.id == entities_t.c.article_id)
    with store.engine.connect() as conn:
        for canonical, label, text, article_id, outlet in conn.execute(query):
            s = stats[canonical]
            s["labels"][label] += 1
            s["spellings"][text] += 1
            s["articles"].add(article_id)
            s["outlets"].add(outlet or "")
    aliases = {g.canonical: g for g in store.load_links("alias")}
    records = []
    for canonical, s in stats.items():
        label = s["labels"].most_common(1)[0][0]
        mentions = sum(s["spellings"].values())
        if (wanted and label not in wanted) or mentions < min_count \
                or (name and name.casefold() not in canonical.casefold()):
            continue
        group = aliases.get(canonical)
        records.append({"canonical": canonical, "label": label, "mentions": mentions, "articles": len(s["articles"]),
                        "outlets": len(s["outlets"]), "spellings": [w for w, _ in s["spellings"].most_common()],
                        "roles": list(group.roles) if group else []})
    records.sort(key=lambda r: (-r["mentions"], r["canonical"]))
    rows = [[r["canonical"], r["label"], f"{r['mentions']:,}", f"{r['articles']:,}", f"{r['outlets']:,}",
             ", ".join(r["spellings"]), ", ".join(r["roles"])] for r in records]
    _emit(_format(fmt, as_json), "Entities", ["name", "type", "mentions", "articles", "outlets", "spellings", "roles"],
          rows, records)


@app.command(epilog="Examples:\n\n  parallax framing --top 50 --format csv --db story.db")
def framing(db: DbOption = "parallax.db", fmt: FormatOption = None, as_json: JsonOption = False,
            top: Annotated[int, typer.Option(min=1, help="How many terms.", rich_help_panel=OUTPUT)] = 30) -> None:
    """Words and names whose use differs most between outlets, with uses per outlet."""
    store = open_store(db)
    _link_notice(store, db)
    terms = sorted(store.load_links("framing"), key=lambda t: -t.score)[:top]
    records = [{**dataclasses.asdict(t), "counts": present.outlet_counts(t.counts)} for t in terms]
    rows = [[r["term"], f"{r['score']:.2f}", ", ".join(f"{o}: {n:,}" for o, n in sorted(
        r["counts"].items(), key=lambda x: -x[1]))] for r in records]
    _emit(_format(fmt, as_json), "Framing: terms by outlet", ["term", "score", "uses by outlet (all outlets)"],
          rows, records)


def _date_option(text: str | None, end: bool) -> str | None:
    if text is None:
        return None
    try:
        first, last = present.date_range(text)
    except ValueError as exc:
        raise fail(f"{'--to' if end else '--from'}: {exc}") from exc
    return last if end else first


@app.command(epilog="Dates: 2025, 2025-06, 2025-06-23, June 2025, June-2025 or 23 June 2025.\n\n"
                    "Examples:\n\n  parallax timeline --from 'June 2025' --to 2025-07 --db story.db\n\n"
                    "  parallax timeline --entity Holt --format tsv --db story.db")
def timeline(db: DbOption = "parallax.db", fmt: FormatOption = None, as_json: JsonOption = False,
             entity: Annotated[Optional[str], typer.Option(help="Only events whose sentence names this.",
                                                           metavar="NAME", rich_help_panel=FILTERS)] = None,
             since: Annotated[Optional[str], typer.Option("--from", help="Earliest date (see below).", metavar="DATE",
                                                          rich_help_panel=FILTERS)] = None,
             until: Annotated[Optional[str], typer.Option("--to", help="Latest date (see below).", metavar="DATE",
                                                          rich_help_panel=FILTERS)] = None
             ) -> None:
    """Dated events across the corpus, each with the reports that date it."""
    first, last = _date_option(since, False), _date_option(until, True)
    store = open_store(db)
    _link_notice(store, db)
    lookup = _Lookup(store)
    records = []
    for event in store.load_links("event"):
        bounds = present.value_bounds(event.value)
        if (first or last) and (bounds is None or (first and bounds[1] < first) or (last and bounds[0] > last)):
            continue
        if not present.is_event(event.summary):   # datelines and copyright lines date no event
            continue
        sources = [lookup.source(m, "timexes") for m in event.members]
        if entity and not any(entity.casefold() in s["sentence"].casefold() for s in sources):
            continue
        records.append({"value": event.value, "date": present.human_date(event.value), "summary": event.summary,
                        "conflicting_values": event.conflicting_values,
                        "also_dated": [present.human_date(v) for v in event.conflicting_values],
                        "reports": sources, "_start": bounds[0] if bounds else event.value})
    records.sort(key=lambda r: (r.pop("_start"), r["value"]))
    rows = [[r["date"] + (f"\nalso dated {', '.join(r['also_dated'])}" if r["also_dated"] else ""), r["summary"],
             "\n".join(_source_line(s) for s in r["reports"])] for r in records]
    _emit(_format(fmt, as_json), "Timeline", ["date", "event", "reported by"], rows, records)


EVAL_FORMATS = ("dev", "aeb", "wcxb", "brat", "timeml")


@app.command("eval", epilog="Examples:\n\n  parallax eval --gold ../shared/eval/stories\n\n"
                            "  parallax eval --gold timebank/ --format timeml --json")
def evaluate(gold: Annotated[Path, typer.Option("--gold", help="Gold folder.", metavar="FOLDER")],
             format: Annotated[str, typer.Option("--format", help="Gold format: " + ", ".join(EVAL_FORMATS),
                                                 metavar="|".join(EVAL_FORMATS))] = "dev",
             as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.",
                                                   rich_help_panel=OUTPUT)] = False,
             details: Annotated[bool, typer.Option("--details", help="Also list misses and wrong values.",
                                                   rich_help_panel=OUTPUT)] = False,
             quotes_model: Annotated[bool, typer.Option(
                 "--quotes-model/--quotes-rules",
                 help="brat: score the trained attribution model (default) or the quote rules.")] = True,
             cache: Annotated[Optional[Path], typer.Option(help="brat: folder to cache spaCy parses in.",
                                                           metavar="FOLDER")] = None) -> None:
    """Score the pipeline against gold annotations: P/R/F1 per layer, exact and overlap."""
    import importlib

    if format not in EVAL_FORMATS:
        raise fail(f"unknown format {format!r}; choose one of {', '.join(EVAL_FORMATS)}")
    if not gold.is_dir():
        raise fail(f"gold folder {gold} not found")
    scorer = importlib.import_module(f"parallax.evaluate.{format}")
    kwargs = {"details": True} if details and format == "dev" else {}
    if format == "brat":
        kwargs = {"model": quotes_model, "cache_dir": cache}
    with progress_bar(f"Scoring {format}") as advance:
        result = scorer.score(gold, progress=advance, **kwargs)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    table = Table(title=f"{gold} ({result['articles']:,} documents)")
    for col in ("layer", "P", "R", "F1", "gold", "predicted"):
        table.add_column(col, justify="left" if col == "layer" else "right")
    for name, m in result["layers"].items():
        table.add_row(name, f"{m['p']:.3f}", f"{m['r']:.3f}", f"{m['f1']:.3f}", f"{m['n_gold']:,}", f"{m['n_pred']:,}")
    console.print(table)
    for failure in result.get("failures", []):
        err.print(f"[red]failed:[/] {escape(str(failure))}")
    for row in result.get("details", []):
        console.print(row, markup=False)


train_app = typer.Typer(no_args_is_help=True, help="Train the models that ship inside the package.",
                        context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(train_app, name="train")


@train_app.command("quotes", epilog="Examples:\n\n  parallax train quotes --polnear PolNeAR/train --dev PolNeAR/dev")
def train_quotes(polnear: Annotated[Path, typer.Option("--polnear",
                                                       help="PolNeAR-style brat folder (text/, attributions/).",
                                                       metavar="FOLDER")],
                 dev: Annotated[Optional[Path], typer.Option(help="Dev folder: picks the best epoch and reports its scores.",
                                                             metavar="FOLDER")] = None,
                 out: Annotated[Optional[Path], typer.Option(help="Model folder (default: the package's).",
                                                             metavar="FOLDER")] = None,
                 cache: Annotated[Optional[Path], typer.Option(help="Folder to cache spaCy parses in.",
                                                               metavar="FOLDER")] = None,
                 crf: Annotated[bool, typer.Option("--crf", help="Train the older CRF model instead of the transformer.")] = False) -> None:
    """Train the attribution model on PolNeAR training data: the transformer tagger (needs the
    `[train]` extra: torch, transformers, the packaged encoder), or the CRFs with --crf."""
    from parallax.analyze.quotes.model import MODEL_DIR

    for folder in (polnear, dev):
        if folder is not None and not folder.is_dir():
            raise fail(f"folder {folder} not found")
    if crf:
        from parallax.analyze.quotes.train import train
        train(polnear, out or MODEL_DIR, cache, log=err.print)
    else:
        from parallax.analyze.quotes.neural_train import train as train_neural
        try:
            train_neural(polnear, dev, out or MODEL_DIR, cache_dir=cache, log=err.print)
        except RuntimeError as exc:   # the [train] extra is missing
            raise fail(str(exc)) from exc
    console.print(f"model written to {out or MODEL_DIR}", markup=False)


def _port_free(host: str, port: int) -> str | None:
    """None when `host:port` can be listened on, else the reason."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as uvicorn does
        try:
            s.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


@app.command(epilog="Examples:\n\n  parallax serve --db story.db --port 8001\n\n"
                    "  PARALLAX_TOKEN=secret parallax serve --host 0.0.0.0 --db story.db")
def serve(db: DbOption = "parallax.db",
          host: Annotated[str, typer.Option(help="Interface to listen on.", metavar="HOST")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000) -> None:
    """Web UI and REST API over the store (read-only unless $PARALLAX_TOKEN is set)."""
    import os

    from parallax.serve import create_app
    from parallax.serve.server import serve as run_server

    open_store(db).close()
    if reason := _port_free(host, port):
        raise fail(f"cannot listen on {host}:{port} ({reason}): choose another with --port {port + 1}")
    token = os.environ.get("PARALLAX_TOKEN") or None
    try:
        web = create_app(db, token=token)
    except Exception as exc:
        err.print(f"[red]error:[/] cannot open the store {db!r}: {exc}")
        raise typer.Exit(2) from exc
    console.print(f"Parallax is serving {db} at [bold]http://{host}:{port}/[/] "
                  f"({'ingest enabled with token' if token else 'read-only'}); API schema at /api/openapi.json")
    run_server(web, host, port)


@app.command(epilog="Examples:\n\n  parallax report --out briefing.html --db story.db")
def report(out: Annotated[Path, typer.Option(help="HTML file to write.", metavar="FILE")] = Path("briefing.html"),
           db: DbOption = "parallax.db") -> None:
    """Write a self-contained HTML briefing: speakers, timeline, disagreements, outlets, sources."""
    from parallax.serve.report import write_report

    store = open_store(db)
    _link_notice(store, db)
    try:
        path = write_report(store, out)
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror or exc}; choose another --out file") from exc
    console.print(f"Briefing written to {path.resolve()}", markup=False)


if __name__ == "__main__":
    app()
