"""The sample corpus run through the whole pipeline, then served: real analyses, every page renders."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    try:
        from parallax import pipeline
        from parallax.analyze import analyze_articles  # noqa: F401
        from parallax.link import link_corpus  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the analysis stages are not on this branch yet: {exc}")
    from parallax.serve import create_app
    from parallax.store import Store

    db = str(tmp_path_factory.mktemp("sample") / "sample.db")
    store = Store(db)
    pipeline.ingest([SAMPLE], store)
    pipeline.analyze(store)
    pipeline.link(store)
    store.close()
    with TestClient(create_app(db)) as c:
        yield c


def test_sample_corpus_is_served_with_its_annotations(client):
    stats = client.get("/api/stats").json()
    assert stats["articles"] >= 4 and stats["analyzed"] == stats["articles"]
    assert stats["quotes"] > 0 and stats["timexes"] > 0
    for item in client.get("/api/articles", params={"limit": 50}).json()["items"]:
        article = client.get(f"/api/articles/{item['id']}").json()
        for part in ("quotes", "figures", "timexes", "entities"):
            for span in article[part]:
                assert article["body"][span["start"]:span["end"]] == span["text"], (part, span)
        page = client.get(f"/articles/{item['id']}")
        assert page.status_code == 200
        for quote in article["quotes"]:
            assert f'id="q{quote["idx"]}"' in page.text, quote


@pytest.mark.parametrize("path", ["/", "/articles", "/speakers", "/timeline", "/disagreements", "/outlets",
                                  "/search?q=said"])
def test_sample_pages_render(client, path):
    assert client.get(path).status_code == 200
