"""Every fact traces to its source, in a real browser (Debian's Chromium through Playwright): a store
built by `parallax run` from a mixed folder (text files, one with a .meta.json sidecar, saved HTML, a
WARC page that prints no date, a JSONL export) shows each article's outlet or file and its date in
the article list, the reader, search, the disagreements page and the briefing.

Screenshots go to screenshots/sources-*.png (git-ignored) for a human look."""
from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from parallax import model
from parallax.cli import app
from parallax.serve import create_app
from parallax.store import Store
from tests import mixed_corpus, serve_corpus
from tests.test_serve_browser import CHROMIUM, SHOTS, launch, running

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Chromium is missing: apt-get install -y chromium (never playwright install)")
DATE = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                  r"December) \d{4}\b")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The mixed folder, run through the whole pipeline from the command line."""
    root = tmp_path_factory.mktemp("mixed")
    folder = mixed_corpus.write(root / "in")
    mixed_corpus.write_jsonl(folder / "export.jsonl")
    db = str(root / "mixed.db")
    result = CliRunner().invoke(app, ["run", str(folder), "--db", db])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    with running(create_app(db)) as base:
        yield base, db


@pytest.fixture(scope="module")
def page(browser_):
    context = browser_.new_context(viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="module")
def browser_():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sources-{name}.png"), full_page=True)


def test_article_list_and_reader_show_outlet_or_file_and_date(mixed, page):
    base, db = mixed
    page.goto(base + "/articles")
    _shoot(page, "articles")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 5
    for i in range(rows.count()):
        published, source, _headline = (rows.nth(i).locator("td").nth(k).inner_text() for k in range(3))
        assert DATE.search(published), published
        assert source.strip() and source.strip() != "unknown outlet", source
    listing = page.inner_text("main")
    assert "dock-news.example" in listing and "(crawled, not published)" in listing   # the WARC page
    assert "Lowland Gazette" in listing and "Brenmouth Post" in listing
    store = Store(db)
    warc = next(a for a in _articles(store) if ".warc" in a.uri)
    page.goto(f"{base}/articles/{warc.id}")
    _shoot(page, "reader")
    box = page.inner_text("dl.provenance")
    assert "https://dock-news.example/vote" in box and "crawled" in box and warc.id in box
    text_file = next(a for a in _articles(store) if a.uri.endswith("quill-harbour.txt"))
    page.goto(f"{base}/articles/{text_file.id[:12]}")          # the short id the CLI used to print
    assert page.url.endswith(f"/articles/{text_file.id}")
    meta = page.inner_text("p.meta")
    assert ("quill-harbour.txt" in meta or "Harbour Herald" in meta) and DATE.search(meta), meta
    assert "quill-harbour.txt" in page.inner_text("dl.provenance")
    assert "inferred:" not in page.inner_text("main") and "printed:" not in page.inner_text("main")


def _articles(store: Store) -> list[model.Article]:
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("select id from articles")]
    return [store.get_article(i) for i in ids]


def test_search_hits_name_their_source_and_date(mixed, page):
    base, _db = mixed
    page.goto(base + "/search?q=ceasefire")
    _shoot(page, "search")
    hits = page.locator("ol.hits li.hit")
    assert hits.count() >= 4
    for i in range(hits.count()):
        src = hits.nth(i).locator("a.src").inner_text()
        assert DATE.search(src) and not src.startswith("unknown outlet"), src


def test_disagreements_name_each_report_by_outlet_or_file(tmp_path, page):
    db = str(tmp_path / "d.db")
    store = Store(db)
    arts, analyses, links = serve_corpus.build()
    arts[2].outlet, arts[2].uri = model.Fact(None), "/data/in/coast-notes.txt"
    store.add_articles(arts)
    store.save_analyses(analyses)
    store.save_links(links)
    store.close()
    with running(create_app(db)) as base:
        page.goto(base + "/disagreements")
        _shoot(page, "disagreements")
        sources = [page.locator("a.src").nth(i).inner_text() for i in range(page.locator("a.src").count())]
        assert "coast-notes.txt · 5 March 2025" in sources, sources
        assert all(DATE.search(s) for s in sources), sources
        assert "unknown outlet" not in page.inner_text("main")


def test_outlet_comparison_reaches_every_outlet(tmp_path, page):
    db = str(tmp_path / "o.db")
    store = Store(db)
    serve_corpus.fill(store)
    extra = [serve_corpus.make_article(f"Volunteers from town {i} cleared mud from the streets on Tuesday.",
                                       headline=f"Clean-up {i}", outlet=f"Outlet Number {i:02d}")
             for i in range(10)]
    store.add_articles(extra)
    store.close()
    with running(create_app(db)) as base:
        page.goto(base + "/outlets")
        _shoot(page, "outlets")
        header = page.inner_text("table.compare thead")
        for i in range(10):
            assert f"Outlet Number {i:02d}" in header
        assert "Northern Courier" in header and "Coast Daily" in header


def test_api_docs_render_code_not_backticks(mixed, page):
    base, _db = mixed
    page.goto(base + "/api-docs")
    assert "`" not in page.inner_text("main")
    assert page.locator("main code").count() > 0


def test_briefing_names_every_source_with_file_or_url_and_date(mixed, browser_, tmp_path):
    from parallax.serve.report import write_report

    _base, db = mixed
    store = Store(db)
    out = write_report(store, tmp_path / "briefing.html")
    store.close()
    context = browser_.new_context(viewport={"width": 1366, "height": 768}, offline=True)
    pg = context.new_page()
    pg.goto(out.as_uri())
    _shoot(pg, "briefing")
    refs = [pg.locator("ol.sources li").nth(i).inner_text() for i in range(pg.locator("ol.sources li").count())]
    assert refs
    for ref in refs:
        assert not ref.startswith("unknown outlet"), ref
        assert DATE.search(ref), ref
        assert "http" in ref or "/" in ref, ref                 # a URL or a path to check it
    context.close()
