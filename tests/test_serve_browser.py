"""The web UI in a real browser: Debian's Chromium driven by Playwright against uvicorn on 127.0.0.1.

Screenshots (laptop 1366x768, phone 390x844) go to screenshots/ (git-ignored) for a human look.
"""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import uvicorn

from parallax.serve import create_app
from parallax.store import Store
from tests import serve_corpus

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
TOKEN = "browser-test-token"
SIZES = {"laptop": (1366, 768), "phone": (390, 844)}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Chromium is missing: apt-get install -y chromium (never playwright install)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(web_app):
    """`web_app` served by uvicorn on a free port in a thread; yields its base URL."""
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


def launch(playwright):
    """Debian's Chromium, headless, with no background traffic."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("browser") / "ui.db")
    store = Store(db)
    arts, _analyses, _links = serve_corpus.fill(store)
    store.close()
    with running(create_app(db, token=TOKEN)) as base:
        yield base, arts


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.errors.append("dialog: " + d.message), d.dismiss()))
    yield pg
    context.close()


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_every_page_renders_real_data(server, browser):
    base, arts = server
    pages = {
        "overview": ("/", "Mira Holt"),
        "articles": ("/articles", "Brenmoor counts the damage"),
        "reader": (f"/articles/{arts[0].id}", "every family will be housed by Friday"),
        "speakers": ("/speakers", "Teo Varga"),
        "speaker": ("/speakers/" + quote("Mira Holt"), "first"),
        "timeline": ("/timeline", "Holt promises housing"),
        "disagreements": ("/disagreements", "over 450"),
        "outlets": ("/outlets", "Brenmore"),
        "search": ("/search?q=flooded", "houses were"),
        "api-docs": ("/api-docs", "GET /api/quotes"),
        "entity": ("/entities/Brenmoor", "Brenmore"),
    }
    for size, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        pg = context.new_page()
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for name, (path, expected) in pages.items():
            response = pg.goto(base + path)
            assert response.status == 200, path
            assert expected in pg.inner_text("main"), (path, expected)
            # nothing sticks out sideways at this width (tables scroll inside their own box)
            overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (size, path, overflow)
            _shoot(pg, f"{size}-{name}")
        assert errors == [], errors  # no script error, no CSP violation
        context.close()


def test_search_box_finds_a_quote_and_facets_filter(server, page):
    base, _arts = server
    page.goto(base + "/")
    page.fill("header input[name=q]", "national guard")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=national+guard")
    hits = page.locator("ol.hits li.hit")
    assert hits.count() == 2
    page.click(".facets a:text('quote')")
    assert page.locator("ol.hits li.hit").count() == 1
    assert "Teo Varga" in page.inner_text("ol.hits")


def test_click_from_a_quote_reaches_its_article_highlighted(server, page):
    base, arts = server
    page.goto(base + "/speakers/" + quote("Mira Holt"))
    first = page.locator("li.first a.src")
    first.click()
    page.wait_for_url(f"**/articles/{arts[0].id}#q0")
    target = page.locator("#q0")
    assert target.inner_text() == "every family will be housed by Friday"
    assert page.evaluate("document.querySelector(':target').id") == "q0"
    outline = page.evaluate("getComputedStyle(document.querySelector('#q0')).outlineStyle")
    assert outline == "solid"  # the :target highlight is on
    assert target.is_visible()


def test_search_hit_on_a_quote_opens_the_highlighted_quote(server, page):
    base, arts = server
    page.goto(base + "/search?q=national+guard&kind=quote")
    page.click("a.hit-link")
    page.wait_for_url(f"**/articles/{arts[2].id}#q0")
    assert page.evaluate("document.querySelector(':target').textContent") == \
        "the national guard had been sent on Tuesday"


def test_reader_links_every_highlight(server, page):
    base, arts = server
    page.goto(f"{base}/articles/{arts[1].id}")
    assert page.locator(".body a.hl-figure").first.get_attribute("href").startswith("/disagreements#g")
    assert page.locator(".body a.hl-date").first.get_attribute("href").startswith("/timeline#e")
    assert page.locator(".body a.hl-speaker").first.get_attribute("href") == "/speakers/Mira%20Holt"
    page.goto(f"{base}/articles/{arts[2].id}")
    page.click(".body a.hl-entity")  # a name leads to its entity page, and a mention back to the sentence
    page.wait_for_url("**/entities/Brenmoor")
    page.click("ol.hits a")
    page.wait_for_url(f"**/articles/{arts[2].id}#e1")
    assert page.evaluate("document.querySelector(':target').textContent") == "Brenmore"
    page.goto(f"{base}/articles/{arts[1].id}")
    page.click(".legend button.hl-figure")  # the vendored script toggles a highlight layer
    assert "off-figure" in page.get_attribute(".reader .body", "class")


def test_ingested_script_does_not_run(server, page):
    base, _arts = server
    doc = {"headline": "Fictional gala <script>window.pwned=1</script>",
           "body": "The gala opened.\n<script>window.pwned=1;document.title='pwned'</script>"
                   "<img src=x onerror=\"window.pwned=1\"><svg onload=\"window.pwned=1\"></svg>",
           "outlet": "Test <i>Herald</i>", "published": "2025-02-02"}
    response = httpx.post(base + "/api/ingest", json={"documents": [doc]},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    article_id = response.json()["ids"][0]
    for path in (f"/articles/{article_id}", "/articles", "/", "/search?q=gala"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.pwned === undefined"), path
        assert page.title() != "pwned"
        assert page.locator("main script, main img, main svg[onload]").count() == 0, path
    page.goto(base + f"/articles/{article_id}")
    assert "<script>window.pwned=1;" in page.inner_text(".reader .body")  # shown as text
    assert page.errors == []


def test_briefing_opens_offline_and_prints(server, browser, tmp_path):
    from parallax.serve.report import write_report

    base, _arts = server
    db = tmp_path / "report.db"
    store = Store(str(db))
    serve_corpus.fill(store)
    out = write_report(store, tmp_path / "briefing.html")
    store.close()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, offline=True)
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(out.as_uri())
    assert "Where the figures disagree" in pg.inner_text("main")
    assert pg.evaluate("document.title") == "Parallax briefing"
    assert requests == [out.as_uri()]  # nothing else is fetched
    _shoot(pg, "laptop-briefing")
    pdf = pg.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    context.close()
