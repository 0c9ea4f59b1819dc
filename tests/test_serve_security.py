"""Server security: read-only by default, token for ingest, size limit, headers, escaped article text."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from parallax.serve import create_app
from parallax.serve.app import MAX_BODY_BYTES
from parallax.store import Store
from tests import serve_corpus

TOKEN = "test-token-123"
DOC = {"headline": "Storm <b>hits</b>", "body": "A fictional storm hit the coast.\n<script>alert(1)</script>",
       "outlet": "Test Herald", "published": "2025-02-01"}


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "sec.db")
    store = Store(path)
    serve_corpus.fill(store)
    store.close()
    return path


def test_ingest_is_disabled_without_a_token(db):
    with TestClient(create_app(db)) as client:
        response = client.post("/api/ingest", json={"documents": [DOC]})
        assert response.status_code == 403 and "PARALLAX_TOKEN" in response.json()["detail"]
        assert client.get("/api/stats").json()["articles"] == 3


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_ingest_refuses_a_missing_or_wrong_token(db, header):
    with TestClient(create_app(db, token=TOKEN)) as client:
        headers = {"Authorization": header} if header else {}
        response = client.post("/api/ingest", json={"documents": [DOC]}, headers=headers)
        assert response.status_code == 401 and response.json()["error"] == "unauthorized"
        assert client.get("/api/stats").json()["articles"] == 3


def test_ingest_with_the_token_adds_once(db):
    with TestClient(create_app(db, token=TOKEN)) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert client.get("/api/stats").json()["articles"] == 3
        first = client.post("/api/ingest", json={"documents": [DOC, DOC]}, headers=auth).json()
        assert first["added"] == 1 and first["already_stored"] == 1
        again = client.post("/api/ingest", json={"documents": [DOC]}, headers=auth).json()
        assert again["added"] == 0
        article = client.get(f"/api/articles/{first['ids'][0]}").json()
        assert article["body"] == DOC["body"] and article["analyzed"] is False
        assert client.get("/api/stats").json()["articles"] == 4  # no stale cached answer


def test_request_body_over_the_limit_is_refused(db):
    with TestClient(create_app(db, token=TOKEN)) as client:
        big = b"x" * (MAX_BODY_BYTES + 1)
        response = client.post("/api/ingest", content=big, headers={"Authorization": f"Bearer {TOKEN}",
                                                                     "Content-Type": "application/json"})
        assert response.status_code == 413 and response.json()["error"] == "payload_too_large"

        def chunks():  # no Content-Length: the limit applies while the body streams in
            for _ in range(MAX_BODY_BYTES // 65536 + 2):
                yield b"x" * 65536
        response = client.post("/api/ingest", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}",
                                                                         "Content-Type": "application/json"})
        assert response.status_code == 413


def test_invalid_ingest_document_is_a_422(db):
    with TestClient(create_app(db, token=TOKEN)) as client:
        response = client.post("/api/ingest", json={"documents": [{"body": ""}]},
                               headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 422


def test_security_headers_on_pages_and_api(db):
    with TestClient(create_app(db)) as client:
        for path in ("/", "/api/stats", "/api/articles/missing", "/static/parallax.css"):
            headers = client.get(path).headers
            csp = headers["content-security-policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"


def test_article_text_is_escaped_in_every_page(db):
    with TestClient(create_app(db)) as client:
        hostile_id = client.get("/api/articles", params={"outlet": "Coast Daily"}).json()["items"][0]["id"]
        pages = [f"/articles/{hostile_id}", "/", "/articles", "/search?q=storm", "/disagreements", "/timeline",
                 "/speakers/Teo%20Varga"]
        for path in pages:
            html = client.get(path).text
            assert serve_corpus.HOSTILE not in html, path
            assert "<script>document.title" not in html and "onerror=\"document" not in html, path
        assert "&lt;script&gt;document.title" in client.get(f"/articles/{hostile_id}").text


def test_writes_other_than_ingest_are_not_routes(db):
    with TestClient(create_app(db, token=TOKEN)) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert client.delete("/api/articles/x", headers=auth).status_code == 405
        assert client.post("/api/quotes", json={}, headers=auth).status_code == 405
