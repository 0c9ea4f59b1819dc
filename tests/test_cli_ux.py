"""The command line as a new user meets it: nothing misleads, every fact names its source, every
mistake is one line with the fix and a non-zero exit. Fictional corpora only."""
from __future__ import annotations

import json
import re
import socket
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax import model
from parallax.link import prepare
from parallax.cli import app
from parallax.store import Store
from tests import mixed_corpus, serve_corpus

runner = CliRunner()
FILE_URI = "/data/in/coast-notes.txt"


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def _build(with_links: bool = True):
    """serve_corpus with its third article known only by its file (no outlet, no URL), plus events
    that show the timeline's date forms and lines that are no events."""
    arts, analyses, links = serve_corpus.build()
    arts[2].outlet = model.Fact(None)
    arts[2].uri = FILE_URI
    ids = [a.id for a in arts]
    links.events += [
        model.Event("2025-06-23TNI", "the river broke its banks at Brenmoor", [(ids[0], 0)]),
        model.Event("2023-W42", "the council first warned of floods", [(ids[1], 0)]),
        model.Event("2025-03-05", "© 2025 Coast Daily. All rights reserved.", [(ids[2], 0)]),
        model.Event("2025-03-05", "BRENMOOR, 5 March 2025 (Coast Daily) -", [(ids[2], 0)]),
    ]
    return arts, analyses, (links if with_links else None)


@pytest.fixture()
def db(tmp_path) -> str:
    path = str(tmp_path / "story.db")
    store = Store(path)
    arts, analyses, links = _build()
    store.add_articles(arts)
    store.save_analyses(analyses)
    store.save_links(links)
    store.close()
    return path


# ---- search ------------------------------------------------------------------------------------

def test_search_shows_the_matched_word_and_full_ids(db):
    arts, _, _ = serve_corpus.build()
    result = invoke("search", "flooded", "--db", db, "--format", "table")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "flooded" in text.replace("[", "").replace("]", "").replace("│", " ")
    tsv = invoke("search", "flooded", "--db", db)
    assert tsv.exit_code == 0
    assert "[flooded]" in tsv.output              # the match mark survives, as plain text
    assert arts[0].id in tsv.output              # the full id that /articles/<id> resolves


def test_search_json_names_source_and_date(db):
    result = invoke("search", "flooded", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits and {"article_id", "source", "location", "published", "snippet", "link"} <= hits[0].keys()
    assert any(h["source"] == "coast-notes.txt" and h["location"] == FILE_URI for h in hits)


def test_search_understands_phrases_or_and_not(db):
    def articles(query):
        result = invoke("search", query, "--db", db, "--json")
        assert result.exit_code == 0, result.output
        return {h["article_id"] for h in json.loads(result.output) if h["kind"] == "article"}

    arts, _, _ = serve_corpus.build()
    a, b, c = (x.id for x in arts)
    assert articles("rain OR guard") == {a, c}
    assert articles("flooded NOT rain") == {b, c}
    assert articles("flooded -rain") == {b, c}
    assert articles('"300 houses were flooded"') == {a, c}
    assert articles('"flooded houses"') == set()


# ---- a store that does not exist ------------------------------------------------------------------

@pytest.mark.parametrize("command", [["search", "x"], ["figures"], ["entities"], ["framing"], ["timeline"],
                                     ["export"], ["report"], ["analyze"], ["link"], ["serve"]])
def test_reading_commands_refuse_a_store_that_does_not_exist(tmp_path, command, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)   # never serve from a test
    missing = tmp_path / "mistyped.db"
    result = invoke(*command, "--db", missing)
    assert result.exit_code == 2
    assert "no store at" in result.output and "parallax run" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not missing.exists()


# ---- every fact names its source -----------------------------------------------------------------

def test_figures_name_the_file_and_the_date_of_each_report(db):
    result = invoke("figures", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)[0]["reports"]
    by_source = {r["source"]: r for r in reports}
    assert "coast-notes.txt" in by_source and by_source["coast-notes.txt"]["location"] == FILE_URI
    assert by_source["Northern Courier"]["published_label"] == "3 March 2025"
    table = invoke("figures", "--db", db, "--format", "tsv")
    assert "coast-notes.txt, 5 March 2025" in table.output and "?" not in table.output


def test_inferred_dates_are_said_in_words(tmp_path):
    path = str(tmp_path / "s.db")
    store = Store(path)
    arts, analyses, links = _build()
    arts[1].published = model.Fact("2025-03-04", "inferred:weekday-after-events+corpus-dates", 0.5)
    store.add_articles(arts)
    store.save_analyses(analyses)
    store.save_links(links)
    result = invoke("figures", "--db", path, "--json")
    text = result.output
    assert "inferred:" not in text and "weekday-after" not in text
    reports = {r["article_id"]: r for r in json.loads(text)[0]["reports"]}
    assert reports[arts[1].id]["published_label"] == "4 March 2025 (inferred)"
    assert "inferred from the dates" in reports[arts[1].id]["published_how"]


def test_later_metadata_updates_stored_articles_and_says_so(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dockers-back.txt").write_text(mixed_corpus.TEXT_B, encoding="utf-8")
    path = str(tmp_path / "s.db")
    first = invoke("ingest", folder, "--db", path)
    assert first.exit_code == 0, first.output
    again = invoke("ingest", mixed_corpus.write_jsonl(tmp_path / "export.jsonl"), "--db", path)
    assert again.exit_code == 0, again.output
    assert "1 stored article got new metadata" in again.output and "outlet" in again.output
    assert "parallax analyze" in again.output
    with sqlite3.connect(path) as conn:
        row = conn.execute("select outlet, url, published from articles where uri like '%dockers-back.txt'").fetchone()
    assert row == ("Brenmouth Post", "https://brenmouth-post.example/dockers-back", "2025-06-23")
    third = invoke("ingest", tmp_path / "export.jsonl", "--db", path)
    assert "new metadata" not in third.output      # nothing new the second time


def test_a_warc_page_without_a_date_shows_its_crawl_date_as_such(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(mixed_corpus.warc_gz("https://dock-news.example/vote", mixed_corpus.HTML_WARC))
    path = str(tmp_path / "s.db")
    assert invoke("ingest", warc, "--db", path).exit_code == 0
    hits = json.loads(invoke("search", "ceasefire", "--db", path, "--json").output)
    assert hits and hits[0]["source"] == "dock-news.example"
    assert "crawled" in hits[0]["published_how"]
    tsv = invoke("search", "ceasefire", "--db", path).output
    assert "1 July 2025 (crawled, not published)" in tsv


# ---- stale or missing link results ---------------------------------------------------------------

def test_missing_or_stale_links_are_announced_with_the_fix(tmp_path):
    path = str(tmp_path / "s.db")
    store = Store(path)
    arts, analyses, links = _build()
    store.add_articles(arts)
    store.save_analyses(analyses)
    for command in ("figures", "timeline", "framing"):
        result = invoke(command, "--db", path)
        assert result.exit_code == 0
        assert "not been linked" in result.output and "parallax link --db" in result.output
    store.save_links(links)
    assert "note:" not in invoke("figures", "--db", path).output
    extra = serve_corpus.make_article("The dam held on Thursday, engineers said.", headline="Dam holds")
    store.add_articles([extra])
    result = invoke("timeline", "--db", path)
    assert "not analysed yet" in result.output and "parallax analyze --db" in result.output
    store.save_analyses([prepare((extra, model.Analysis(extra.id, [(0, 10)])))])   # as analyze writes it
    result = invoke("figures", "--db", path)
    assert "out of date" in result.output and "parallax link --db" in result.output


# ---- comparisons ---------------------------------------------------------------------------------

def test_entities_lists_every_entity_with_filters(db):
    rows = json.loads(invoke("entities", "--db", db, "--json").output)
    names = {r["canonical"] for r in rows}
    assert {"Mira Holt", "Teo Varga", "regional council", "Brenmoor"} <= names   # not only alias groups
    people = json.loads(invoke("entities", "--db", db, "--json", "--type", "person").output)
    assert {r["canonical"] for r in people} == {"Mira Holt", "Teo Varga"}
    frequent = json.loads(invoke("entities", "--db", db, "--json", "--min-count", "2").output)
    assert {r["canonical"] for r in frequent} == {"Mira Holt", "Teo Varga"}
    named = json.loads(invoke("entities", "--db", db, "--json", "--name", "holt").output)
    assert [r["canonical"] for r in named] == ["Mira Holt"]


def test_framing_terms_are_content_words_not_function_words():
    from parallax.link.framing import compare_framing
    from tests.conftest import make_article

    lantern = ("Because the side gates shut, crews say they waited. "
               "Because of the side road, the crews say the villagers waited. ")
    ferry = "Rescue crews reached the stranded villagers by boat. The crews reached the villagers after the flood. "
    items = []
    for outlet, text in (("Weekly Lantern", lantern), ("Evening Ferry", ferry)):
        for i in range(12):
            art = make_article(text * 3 + f"Report {i}.", headline=f"{outlet} {i}", outlet=outlet)
            items.append((art, model.Analysis(art.id, [(0, len(art.body))])))
    terms = {t.term for t in compare_framing(items, alias_groups=[])}
    assert {"rescue", "stranded", "gate"} <= terms                  # content words that differ
    assert not terms & {"because", "side", "say", "crew say"}       # never function words


# ---- the timeline --------------------------------------------------------------------------------

def test_timeline_shows_dates_in_words_and_only_events(db):
    result = invoke("timeline", "--db", db, "--format", "tsv")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "night of 23 June 2025" in out and "week 42 of 2023" in out and "3 March 2025" in out
    assert "TNI" not in out and "2023-W42" not in out
    assert "All rights reserved" not in out and "BRENMOOR, 5 March" not in out


@pytest.mark.parametrize("given", ["June-2025", "June 2025", "Jun 2025"])
def test_timeline_from_accepts_the_dates_people_write(db, given):
    rows = json.loads(invoke("timeline", "--db", db, "--json", "--from", given, "--to", given).output)
    assert [r["value"] for r in rows] == ["2025-06-23TNI"]


def test_timeline_refuses_a_date_it_cannot_read(db):
    result = invoke("timeline", "--db", db, "--from", "soonish")
    assert result.exit_code == 2 and "cannot read the date 'soonish'" in result.output


def test_api_takes_the_same_date_forms(db):
    from fastapi.testclient import TestClient

    from parallax.serve import create_app

    client = TestClient(create_app(db))
    month = client.get("/api/articles", params={"date_from": "2025-03", "date_to": "March 2025"})
    assert month.status_code == 200 and month.json()["total"] == 3
    day = client.get("/api/articles", params={"date_from": "4 March 2025", "date_to": "2025-03-04"})
    assert day.json()["total"] == 1
    assert client.get("/api/articles", params={"date_from": "soonish"}).status_code == 422


# ---- one-line errors -----------------------------------------------------------------------------

def _one_error_line(result, *words: str) -> None:
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [l for l in result.output.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    for word in words:
        assert word in lines[0]


def test_a_missing_or_malformed_aliases_file_is_one_line_before_any_work(db, tmp_path):
    _one_error_line(invoke("link", "--db", db, "--aliases", tmp_path / "nosuch.yaml"), "nosuch.yaml", "not found")
    bad = tmp_path / "bad.yaml"
    bad.write_text("aliases: [canonical: {\n", encoding="utf-8")
    _one_error_line(invoke("link", "--db", db, "--aliases", bad), "bad.yaml", "not valid")
    inputs = mixed_corpus.write(tmp_path / "in")
    fresh = tmp_path / "fresh.db"
    _one_error_line(invoke("run", inputs, "--db", fresh, "--aliases", tmp_path / "nosuch.yaml"), "nosuch.yaml")
    assert not fresh.exists()          # nothing was ingested before the check


def test_load_export_and_serve_errors_are_one_line(db, tmp_path, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: print("served"))   # never serve from a test
    _one_error_line(invoke("load", tmp_path / "nosuch.parquet", "--db", db), "nosuch.parquet")
    not_parquet = tmp_path / "notes.parquet"
    not_parquet.write_text("not a shard", encoding="utf-8")
    result = invoke("load", not_parquet, "--db", db)
    assert result.exit_code == 3 and "notes.parquet" in result.output and "Traceback" not in result.output
    _one_error_line(invoke("export", "--out", "/proc/nope", "--db", db), "/proc/nope")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke("serve", "--db", db, "--port", port)
    _one_error_line(result, str(port), "--port")
    assert "http://" not in result.output


# ---- conventions ---------------------------------------------------------------------------------

def test_version_and_short_help():
    version = invoke("--version")
    assert version.exit_code == 0 and version.output.startswith("parallax ")
    short = invoke("-h")
    assert short.exit_code == 0 and "Usage" in short.output and "Examples" in short.output
    assert invoke("search", "-h").exit_code == 0


@pytest.mark.parametrize("command", ["ingest", "analyze", "link", "run", "load", "search", "export", "figures",
                                     "entities", "framing", "timeline", "eval", "serve", "report"])
def test_help_reads_like_click_tools(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "<bool>" not in result.output and "<list" not in result.output and "<str>" not in result.output
    assert "Examples" in result.output


@pytest.mark.parametrize("args", [["search", "x", "--limit", "-1"], ["framing", "--top", "0"],
                                  ["analyze", "--workers", "0"], ["search", "x", "--limit", "0"]])
def test_numbers_are_validated(db, args):
    result = invoke(*args, "--db", db)
    assert result.exit_code == 2


def test_flags_are_plain_flags_everywhere(db):
    for command in (["search", "flooded"], ["figures"], ["entities"], ["framing"], ["timeline"]):
        result = invoke(*command, "--db", db, "--json")
        assert result.exit_code == 0 and isinstance(json.loads(result.output), list)
    for command in ("figures", "eval"):
        help_text = invoke(command, "--help").output
        assert "--no-disagreements" not in help_text and "--no-details" not in help_text


def test_a_missing_input_is_reported_once_and_an_empty_folder_is_an_error(tmp_path):
    result = invoke("ingest", tmp_path / "nosuch", "--db", tmp_path / "s.db")
    assert result.exit_code != 0 and result.output.count("nosuch") == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("ingest", empty, "--db", tmp_path / "s.db")
    assert result.exit_code == 2 and "no articles in" in result.output


@pytest.mark.parametrize("command", [["search", "flooded"], ["figures"], ["entities"], ["framing"], ["timeline"]])
def test_listings_are_plain_when_piped_and_take_every_format(db, command):
    piped = invoke(*command, "--db", db)
    assert piped.exit_code == 0
    assert not set("┏━│└") & set(piped.output)
    header = piped.output.splitlines()[0]
    assert "\t" in header
    as_csv = invoke(*command, "--db", db, "--format", "csv")
    assert as_csv.exit_code == 0 and "," in as_csv.output.splitlines()[0]
    table = invoke(*command, "--db", db, "--format", "table")
    assert table.exit_code == 0 and "┃" in table.output
    assert isinstance(json.loads(invoke(*command, "--db", db, "--format", "json").output), list)


def test_web_pages_built_from_links_say_when_links_are_missing(tmp_path):
    from fastapi.testclient import TestClient

    from parallax.serve import create_app

    path = str(tmp_path / "s.db")
    store = Store(path)
    arts, analyses, links = _build()
    store.add_articles(arts)
    store.save_analyses(analyses)
    client = TestClient(create_app(path))
    for page in ("/timeline", "/disagreements", "/outlets"):
        assert "run `parallax link`" in client.get(page).text, page
    store.save_links(links)
    assert "parallax link" not in client.get("/timeline").text


def test_outlet_comparison_counts_articles_without_outlet_in_their_column(tmp_path):
    from fastapi.testclient import TestClient

    from parallax.serve import create_app

    path = str(tmp_path / "s.db")
    store = Store(path)
    arts, analyses, links = _build()
    links.framing.append(model.FramingTerm("floodwall", {"(unknown outlet)": 3}, [(arts[2].id, 0)], score=2.5))
    store.add_articles(arts)
    store.save_analyses(analyses)
    store.save_links(links)
    html = TestClient(create_app(path)).get("/outlets").text
    row = re.search(r"<tr><td>floodwall</td>(.*?)</tr>", html, re.S)[1]
    assert '<td class="num used">3</td>' in row


def test_web_search_and_cli_search_share_the_query_syntax(db):
    from fastapi.testclient import TestClient

    from parallax.serve import create_app

    arts, _, _ = serve_corpus.build()
    client = TestClient(create_app(db))
    api = client.get("/api/search", params={"q": "rain OR guard", "kind": "article"}).json()
    web_ids = {h["source"]["article_id"] for h in api["items"]}
    cli_ids = {h["article_id"] for h in json.loads(invoke("search", "rain OR guard", "--db", db, "--json").output)
               if h["kind"] == "article"}
    assert web_ids == cli_ids == {arts[0].id, arts[2].id}
    assert "A OR B" in client.get("/search", params={"q": "rain"}).text


def test_run_summary_is_plain_when_piped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "quill-harbour.txt").write_text(mixed_corpus.TEXT_A, encoding="utf-8")
    result = invoke("run", folder, "--db", tmp_path / "s.db")
    assert result.exit_code == 0, result.output
    assert "articles\tnew\tquotes" in result.stdout and not set("┏━│└") & set(result.stdout)   # bars go to stderr


def test_outlet_given_later_updates_stored_articles_and_says_so(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dockers-back.txt").write_text(mixed_corpus.TEXT_B, encoding="utf-8")
    path = str(tmp_path / "s.db")
    assert invoke("ingest", folder, "--db", path).exit_code == 0
    again = invoke("ingest", folder, "--db", path, "--outlet", "Quay Courier")
    assert again.exit_code == 0, again.output
    assert "1 stored article got new metadata (outlet)" in again.output
    with sqlite3.connect(path) as conn:
        assert conn.execute("select outlet from articles").fetchone() == ("Quay Courier",)
