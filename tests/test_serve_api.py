"""REST API over a small fictional store: lists, filters, pagination, details, errors."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from parallax.serve import create_app
from parallax.store import Store
from tests import serve_corpus


PG = os.environ.get("PARALLAX_TEST_PG")  # e.g. postgresql://postgres@127.0.0.1:55432/scratch (emptied!)


def _empty_postgres(url: str) -> str:
    from parallax.store import database_url

    engine = sa.create_engine(database_url(url))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus(request, tmp_path_factory):
    if request.param == "postgresql" and not PG:
        pytest.skip("set PARALLAX_TEST_PG to a scratch PostgreSQL database to run the API tests on it too")
    db = _empty_postgres(PG) if request.param == "postgresql" else str(tmp_path_factory.mktemp("serve") / "api.db")
    store = Store(db)
    arts, analyses, links = serve_corpus.fill(store)
    store.close()
    return db, arts


@pytest.fixture(scope="module")
def client(corpus):
    with TestClient(create_app(corpus[0])) as c:
        yield c


def test_stats_count_the_corpus(client):
    stats = client.get("/api/stats").json()
    assert (stats["articles"], stats["quotes"], stats["speakers"], stats["outlets"]) == (3, 4, 2, 3)
    assert stats["disagreements"] == 1 and stats["quote_clusters"] == 1
    assert stats["first_published"] == "2025-03-03" and stats["last_published"] == "2025-03-05"


def test_articles_page_and_filter(client):
    page = client.get("/api/articles", params={"limit": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert [a["published"] for a in page["items"]] == ["2025-03-05", "2025-03-04"]
    rest = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert len(rest["items"]) == 1 and rest["items"][0]["outlet"] == "Northern Courier"
    only = client.get("/api/articles", params={"outlet": "Valley Post"}).json()
    assert only["total"] == 1 and only["items"][0]["headline"] == "Brenmoor counts the damage"
    dated = client.get("/api/articles", params={"date_from": "2025-03-04", "date_to": "2025-03-04"}).json()
    assert [a["outlet"] for a in dated["items"]] == ["Valley Post"]


def test_article_detail_offsets_point_into_the_body(client, corpus):
    article = client.get(f"/api/articles/{corpus[1][0].id}").json()
    body = article["body"]
    for part in ("quotes", "figures", "timexes", "entities"):
        assert article[part], part
        for item in article[part]:
            assert body[item["start"]:item["end"]] == item["text"]
    cluster = client.get("/api/quote-clusters").json()["items"][0]["id"]
    group = client.get("/api/figure-groups").json()["items"][0]["id"]
    assert article["quotes"][0]["cluster_id"] == cluster and article["figures"][0]["group_id"] == group


def test_quotes_filter_by_speaker_outlet_date_and_text(client):
    by_speaker = client.get("/api/quotes", params={"speaker": "Teo Varga"}).json()
    assert by_speaker["total"] == 2 and {q["speaker"] for q in by_speaker["items"]} == {"Teo Varga"}
    assert client.get("/api/quotes", params={"outlet": "Coast Daily"}).json()["total"] == 1
    assert client.get("/api/quotes", params={"date_to": "2025-03-03"}).json()["total"] == 2
    found = client.get("/api/quotes", params={"text": "national guard"}).json()
    assert found["total"] == 1 and found["items"][0]["kind"] == "indirect"
    quote = found["items"][0]
    assert quote["text"] in quote["sentence"]
    assert quote["source"]["link"] == f"/articles/{quote['source']['article_id']}#q{quote['idx']}"
    assert client.get("/api/quotes", params={"text": "100%_"}).json()["total"] == 0  # LIKE wildcards escaped


def test_quote_cluster_marks_the_first_report(client, corpus):
    cluster = client.get("/api/quote-clusters").json()["items"][0]
    assert cluster["speaker"] == "Mira Holt" and cluster["outlets"] == 2
    firsts = [m["quote"]["source"]["article_id"] for m in cluster["members"] if m["first"]]
    assert firsts == [corpus[1][0].id]


def test_speakers_entities_aliases(client):
    speakers = client.get("/api/speakers").json()["items"]
    assert {s["name"]: s["outlets"] for s in speakers} == {"Mira Holt": 2, "Teo Varga": 2}
    entities = client.get("/api/entities", params={"label": "GPE"}).json()
    assert entities["items"] == [{"canonical": "Brenmoor", "label": "GPE", "mentions": 1, "articles": 1}]
    aliases = client.get("/api/aliases", params={"label": "GPE"}).json()["items"]
    assert aliases[0]["spellings"] == ["Brenmoor", "Brenmore"]


def test_figures_and_disagreements(client):
    group = client.get("/api/figure-groups", params={"disagreement": True}).json()["items"][0]
    assert group["disagreement"] and (group["low"], group["high"]) == (300, 450)
    assert sorted(m["source"]["outlet"] for m in group["members"]) == ["Coast Daily", "Northern Courier",
                                                                      "Valley Post"]
    assert client.get("/api/figure-groups", params={"disagreement": False}).json()["total"] == 0
    assert client.get("/api/figures", params={"group_id": group["id"], "outlet": "Valley Post"}).json()["items"][0][
        "text"] == "over 450"


def test_timeline_framing_duplicates(client):
    events = client.get("/api/timeline").json()
    assert [e["value"] for e in events["items"]] == ["2025-03-03", "2025-03-04"]
    assert events["items"][1]["conflicting_values"] == ["2025-03-05"]
    assert {m["text"] for m in events["items"][0]["members"]} == {"Monday"}
    assert client.get("/api/timeline", params={"date_from": "2025-03-04"}).json()["total"] == 1
    term = client.get("/api/framing").json()["items"][0]
    assert term["evidence"][0]["sentence"].startswith("Minister Teo Varga called")
    assert client.get("/api/duplicates").json()["items"][0]["similarity"] == 0.42


def test_search_with_facets(client):
    result = client.get("/api/search", params={"q": "housed Friday"}).json()
    kinds = {f["value"]: f["count"] for f in result["facets"]["kind"]}
    assert kinds == {"article": 2, "quote": 2}
    quotes_only = client.get("/api/search", params={"q": "housed Friday", "kind": "quote",
                                                    "outlet": "Valley Post"}).json()
    assert quotes_only["total"] == 1 and quotes_only["items"][0]["speaker"] == "Mira Holt"
    assert client.get("/api/search", params={"q": '" OR * NEAR('}).status_code == 200  # no FTS syntax


@pytest.mark.parametrize("path,status,kind", [
    ("/api/articles/does-not-exist", 404, "not_found"),
    ("/api/quotes?limit=0", 422, "invalid_request"),
    ("/api/quotes?limit=201", 422, "invalid_request"),
    ("/api/quotes?date_from=yesterday", 422, "invalid_request"),
    ("/api/search", 422, "invalid_request"),
    ("/api/nothing-here", 404, "not_found"),
])
def test_errors_are_json_with_a_message(client, path, status, kind):
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["error"] == kind and response.json()["detail"]


def test_openapi_documents_every_list_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/articles", "/api/quotes", "/api/speakers", "/api/entities", "/api/aliases", "/api/figures",
                 "/api/figure-groups", "/api/timeline", "/api/framing", "/api/search", "/api/stats"):
        assert path in schema["paths"], path
        assert "200" in schema["paths"][path]["get"]["responses"]
