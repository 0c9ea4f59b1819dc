"""Regression tests for the second hardening round (issue 20): each reproduces one attack, scaled down."""
from __future__ import annotations

import asyncio
import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from parallax import model, pipeline
from parallax.clean import CleanError, clean_html
from parallax.serve import create_app
from parallax.serve.app import ResponseCache
from parallax.sources import read_paths
from parallax.sources.urls import FetchError, fetch_url
from parallax.store import Store
from tests import serve_corpus
from tests.conftest import ROOT, make_article
from tests.test_scale_pipeline import new_pg_database

TOKEN = "test-token-456"
PROSE = "<p>" + "The council met on Monday and agreed a new budget for the harbour. " * 8 + "</p>"


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "h.db")
    store = Store(path)
    serve_corpus.fill(store)
    store.close()
    return path


def _middleware(app, kind):
    layer = app.middleware_stack
    while layer is not None and not isinstance(layer, kind):
        layer = getattr(layer, "app", None)
    return layer


# 1 ---- pathological markup is refused before lxml sees it ------------------------------------------
@pytest.mark.parametrize("tags", [
    ["<div " + " ".join(f"a{i}" for i in range(3000)) + ">"],               # valueless attributes
    ["<div " + " ".join(f'a{i}=">"' for i in range(3000)) + ">"],           # quoted ">" in every value
    ["<div " + " ".join(f"a{i}" for i in range(990)) + ">"] * 40,           # many tags just under the cap
])
def test_markup_with_many_attributes_of_any_form_is_refused_before_parsing(tags):
    page = "<html><body>" + "".join(t + "x</div>" for t in tags) + PROSE + "</body></html>"
    started = time.monotonic()
    with pytest.raises(CleanError, match="attributes"):
        clean_html(page)
    assert time.monotonic() - started < 1.5


def test_ordinary_markup_still_cleans():
    page = ("<html><head><title>Harbour budget</title></head><body><nav class='menu' id='top' data-x='1'>"
            "Home</nav><h1>Harbour budget</h1>" + PROSE + "</body></html>")
    assert "harbour" in clean_html(page).body


# 2 ---- slowloris: header and body deadlines, a cap on connections -----------------------------------
@pytest.fixture()
def live_server(db):
    import uvicorn

    from parallax.serve.server import Limits, uvicorn_options

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    limits = Limits(header_timeout=1.0, body_timeout=1.0, idle_timeout=1, max_connections=30)
    server = uvicorn.Server(uvicorn.Config(create_app(db), **uvicorn_options("127.0.0.1", port, limits)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)


def _closed_within(sock: socket.socket, seconds: float, trickle: bytes = b"X-A: b\r\n") -> float | None:
    """Keep sending a header line every 0.2 s; the time the server took to close, or None."""
    started = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - started < seconds:
        try:
            sock.sendall(trickle)
            if sock.recv(1024) == b"":
                return time.monotonic() - started
        except socket.timeout:
            continue
        except OSError:
            return time.monotonic() - started
    return None


def test_slow_clients_are_cut_off_and_others_still_answered(live_server):
    import httpx

    slow = [socket.create_connection(("127.0.0.1", live_server)) for _ in range(60)]   # twice the cap
    try:
        for s in slow[-20:]:
            s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n")
        assert httpx.get(f"http://127.0.0.1:{live_server}/api/stats", timeout=5).status_code == 200
        took = _closed_within(slow[-1], 4.0)
        assert took is not None and took < 2.5                # headers never finished: closed at the deadline
        body = socket.create_connection(("127.0.0.1", live_server))
        body.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
                     b"Content-Length: 1000\r\n\r\n{")
        assert _closed_within(body, 4.0, trickle=b" ") is not None   # a body that never ends is cut off too
    finally:
        for s in slow:
            s.close()


# 3 ---- writes are authenticated before the body is read -------------------------------------------
def _asgi_post(app, headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """POST /api/ingest straight through ASGI; (status, how many times the body was asked for)."""
    asked, sent = [], []

    async def receive():
        asked.append(1)
        return {"type": "http.request", "body": b"{not json", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/ingest", "raw_path": b"/api/ingest", "root_path": "",
             "query_string": b"", "headers": [(b"content-type", b"application/json"), (b"content-length", b"9"),
                                              *headers], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], len(asked)


def test_ingest_refuses_before_reading_the_body(db):
    assert _asgi_post(create_app(db), []) == (403, 0)                                  # writing disabled
    assert _asgi_post(create_app(db, token=TOKEN), [(b"authorization", b"Bearer wrong")]) == (401, 0)
    status, asked = _asgi_post(create_app(db, token=TOKEN), [(b"authorization", f"Bearer {TOKEN}".encode())])
    assert status == 422 and asked == 1                                                 # then it is read
    with TestClient(create_app(db)) as client:
        assert client.post("/api/ingest", content=b"{not json",
                           headers={"content-type": "application/json"}).status_code == 403


# 4 ---- one deadline over the whole fetch ---------------------------------------------------------
@pytest.fixture()
def trickle_server():
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    shape = {}

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.recv(4096)
                    if shape["kind"] == "chunks":
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
                    for _ in range(80):       # one byte every 0.1 s: 8 s in all
                        if stop.is_set():
                            return
                        conn.sendall(b"H" if shape["kind"] == "status" else b"0")
                        time.sleep(0.1)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], shape
    stop.set()
    thread.join(5)
    listener.close()


@pytest.mark.parametrize("kind", ["status", "chunks"])
def test_fetch_deadline_covers_status_line_headers_and_chunk_sizes(trickle_server, kind):
    port, shape = trickle_server
    shape["kind"] = kind
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(f"http://127.0.0.1:{port}/page", timeout=1, allow_loopback=True)
    assert time.monotonic() - started < 2.5


# 5 ---- blank lines: bounded per input and reported -----------------------------------------------
def test_a_gzip_of_newlines_is_cut_short_and_reported(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "blank.jsonl.gz").write_bytes(gzip.compress(b"\n" * (4 << 20)))
    story = "The council met on Monday and agreed a new budget for the harbour, officials said. " * 3
    (inputs / "few.jsonl").write_text(json.dumps({"text": story}) + "\n\n\n" +
                                        json.dumps({"text": "On Tuesday: " + story}) + "\n\n")
    store = Store(str(tmp_path / "b.db"))
    started = time.process_time()   # CPU, not wall time: a loaded machine must not fail the bound
    report = pipeline.ingest([inputs], store, clean_time_limit=None)
    assert time.process_time() - started < 3
    [failure] = report.failures
    assert failure.uri.startswith(str(inputs / "blank.jsonl.gz")) and "blank lines" in failure.reason
    assert [n.reason for n in report.notices] == ["3 blank lines skipped"]
    assert report.added == 2


# 6 ---- NUL characters and oversized integers on both stores --------------------------------------
@pytest.fixture(scope="module")
def pg_db():
    """A fresh PostgreSQL database for this module."""
    with new_pg_database("parallax_harden") as url:
        yield url


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_nul_is_cleaned_and_big_integers_refused_on_both_stores(kind, tmp_path, request):
    db = request.getfixturevalue("pg_db") if kind == "postgresql" else str(tmp_path / "nul.db")
    line = {"text": "The harbour\u0000 reopened on Monday after the storm, officials said.",
            "title": "Harbour\u0000 reopens", "outlet": "Test\u0000 Herald"}
    (tmp_path / "nul.jsonl").write_text(json.dumps(line) + "\n")
    store = Store(db)
    report = pipeline.ingest([tmp_path / "nul.jsonl"], store, clean_time_limit=None)
    assert report.added == 1 and not report.failures
    with store.engine.connect() as conn:
        body, warnings = conn.execute(sa.select(sa.text("body, warnings")).select_from(sa.text("articles"))).one()
    assert "\x00" not in body and "\ufffd" in body
    assert any("NUL" in w for w in (warnings if isinstance(warnings, list) else json.loads(warnings)))
    store.close()
    with TestClient(create_app(db, token=TOKEN)) as client:
        for path in ("/api/quotes?speaker=%00", "/api/articles?outlet=a%00b", "/api/articles/%00",
                     "/search?q=%00", "/api/search?q=x%00"):
            assert client.get(path).status_code == 400, path
        for path in ("/api/quotes?cluster_id=99999999999", "/api/figures?group_id=2147483648",
                     "/api/quotes?cluster_id=" + "9" * 40):
            assert client.get(path).status_code == 422, path
        article = client.get("/api/articles").json()["items"][0]["id"]
        assert client.get(f"/articles/{article}?quote={2**40}").status_code == 422
        posted = client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                             json={"documents": [{"body": "A body with a \u0000 inside.", "headline": "N\u0000"}]})
        assert posted.status_code == 200 and posted.json()["added"] == 1


# 7 ---- dates at the calendar's edges -------------------------------------------------------------
def test_dates_are_range_checked_and_safe_at_the_calendar_edges(tmp_path):
    line = {"text": "The harbour reopened on Monday after the storm, officials said.", "published": "0001-01-01"}
    (tmp_path / "old.jsonl").write_text(json.dumps(line) + "\n")
    path = str(tmp_path / "d.db")
    store = Store(path)
    pipeline.ingest([tmp_path / "old.jsonl"], store, clean_time_limit=None)
    [article] = [store.get_article(i) for i in store.engine.connect().execute(sa.text("select id from articles")).scalars()]
    assert article.published.value is None and any("publication date" in w for w in article.warnings)
    serve_corpus.fill(store)   # a store written before the check may still hold such a date
    with store.engine.begin() as conn:
        conn.execute(sa.text("update articles set published = '0001-01-01'"))
    from parallax.serve.report import render_report

    assert "Parallax briefing" in render_report(store)
    store.close()
    with TestClient(create_app(path)) as client:
        assert client.get("/timeline").status_code == 200
        assert client.get("/api/timeline").status_code == 200


# 8 ---- the cache key changes with every write ----------------------------------------------------
def test_a_relink_with_as_many_links_is_not_served_stale(db):
    app = create_app(db)
    with TestClient(app) as client:
        app.state.cache.ttl = 0        # check the store on every request (the server checks every 2 s)
        before = client.get("/api/figure-groups").json()["items"][0]["disagreement"]
        store = Store(db)
        _, _, links = serve_corpus.build()
        links.figure_groups[0].disagreement = not before   # same number of rows, other content
        store.save_links(links)
        store.close()
        assert client.get("/api/figure-groups").json()["items"][0]["disagreement"] is (not before)
    store = Store(db)
    generation = store.generation()
    store.save_links(links)
    assert store.generation() == generation + 1
    store.close()


# 9 ---- link does not depend on PYTHONHASHSEED ----------------------------------------------------
LINK_SCRIPT = """
import json, sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
from parallax import pipeline
from parallax.store import Store
from tests.test_hardening import tied_corpus
store = Store(sys.argv[1])
arts, analyses = tied_corpus()
store.add_articles(arts)
store.save_analyses(analyses)
pipeline.link(store)
with store.engine.connect() as conn:
    rows = conn.exec_driver_sql("select kind, key, stable_id, name, label, data from groups order by id").all()
print(json.dumps([list(r) for r in rows]))
"""


def tied_corpus() -> tuple[list[model.Article], list[model.Analysis]]:
    """Articles whose entities are spelled several ways exactly as often: only tie-breaking decides."""
    spellings = [("NEW DELHI", "New Delhi", "New DELHI"), ("PORT VALMER", "Port Valmer", "port Valmer"),
                 ("KESTRAN UNION", "Kestran Union", "Kestran UNION"), ("ODRA BAY", "Odra Bay", "Odra BAY")]
    arts, analyses = [], []
    for i, group in enumerate(zip(*spellings)):
        body = " and ".join(group) + " were named in the report."
        article = make_article(body, headline=f"Report {i}", outlet=f"Outlet {i}")
        entities, pos = [], 0
        for name in group:
            start = body.index(name, pos)
            pos = start + len(name)
            entities.append(model.Entity(start, pos, name, "GPE" if i % 2 else "LOC", name))
        arts.append(article)
        analyses.append(model.Analysis(article.id, [(0, len(body))], entities=entities))
    return arts, analyses


def test_link_is_the_same_under_two_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", LINK_SCRIPT, str(tmp_path / f"s{seed}.db"),
                               str(Path(model.__file__).parents[1]), str(ROOT)],   # the parallax under test
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(json.loads(done.stdout))
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]


# 10 ---- only http(s) URLs are stored or rendered as links -----------------------------------------
def test_a_javascript_url_is_neither_stored_nor_linked(tmp_path):
    line = {"text": "The harbour reopened on Monday after the storm, officials said.",
            "url": "javascript:alert(document.domain)//"}
    (tmp_path / "js.jsonl").write_text(json.dumps(line) + "\n")
    path = str(tmp_path / "u.db")
    store = Store(path)
    pipeline.ingest([tmp_path / "js.jsonl"], store, clean_time_limit=None)
    with store.engine.begin() as conn:
        assert conn.execute(sa.text("select url from articles")).scalar() is None
        conn.execute(sa.text("update articles set url = 'javascript:alert(1)'"))   # an older store
        article_id = conn.execute(sa.text("select id from articles")).scalar()
    store.close()
    with TestClient(create_app(path)) as client:
        page = client.get(f"/articles/{article_id}").text
    assert "javascript:" not in page


# 11 ---- junk parameters share a cache entry; caches are bounded -----------------------------------
def test_junk_parameters_do_not_grow_the_caches(db):
    app = create_app(db)
    with TestClient(app) as client:
        for i in range(80):
            assert client.get(f"/api/stats?junk{i}={i}").status_code == 200
            assert client.get("/api/speakers", params={"name": f"nobody {i}", "x": i}).status_code == 200
        cache = _middleware(app, ResponseCache)
        assert len([k for k in cache.entries if k[0] == "/api/stats"]) == 1
        assert len(app.state.cache._cache) <= app.state.cache.max_entries < 80
        cache.max_total = 3000
        for offset in range(20):
            client.get("/api/articles", params={"offset": offset})
        assert cache.size <= 3000 and cache.size == sum(len(body) for _, body in cache.entries.values())


# ---- also: HEAD like GET; serve refuses a mistyped store path --------------------------------------
def test_head_is_answered_like_get(db):
    with TestClient(create_app(db)) as client:
        for path in ("/api/stats", "/", "/api/articles"):
            head, get = client.head(path), client.get(path)
            assert head.status_code == 200 and head.content == b"", path
            assert head.headers["content-type"] == get.headers["content-type"]


def test_serve_refuses_a_store_that_does_not_exist(tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from parallax import cli

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("must not serve"))
    missing = tmp_path / "mistyped.db"
    result = CliRunner().invoke(cli.app, ["serve", "--db", str(missing)])
    assert result.exit_code == 2 and "no store" in result.output and not missing.exists()
