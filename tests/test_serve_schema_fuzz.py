"""Property test against the OpenAPI schema: any query the schema allows, or any junk, never gets a 5xx,
and every 2xx answer of a list endpoint has the documented page shape."""
from __future__ import annotations

import string

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings, strategies as st

from parallax.serve import create_app
from parallax.store import Store
from tests import serve_corpus

JUNK = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    store = Store(db)
    serve_corpus.fill(store)
    store.close()
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def _value(schema: dict) -> st.SearchStrategy:
    """Values for one parameter: mostly what its schema says, sometimes anything."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"] or [{"type": "string"}]
    strategies = [JUNK]
    for s in options:
        kind = s.get("type")
        if kind == "integer":
            strategies.append(st.integers(s.get("minimum", -2**40) - 2, s.get("maximum", 2**40) + 2).map(str))
        elif kind == "boolean":
            strategies.append(st.sampled_from(["true", "false", "1", "0", "maybe"]))
        elif s.get("format") == "date":
            strategies.append(st.dates().map(str))
        elif "enum" in s or "pattern" in s:
            strategies.append(st.sampled_from(s.get("enum", ["direct", "quote", "article"])))
        else:
            strategies.append(st.text(string.ascii_letters + " %_\"'*", max_size=20))
    return st.one_of(strategies)


def _requests(schema: dict) -> st.SearchStrategy:
    calls = []
    for path, ops in schema["paths"].items():
        if "get" not in ops:
            continue
        params = ops["get"].get("parameters", [])
        query = st.fixed_dictionaries({}, optional={p["name"]: _value(p["schema"]) for p in params
                                                    if p["in"] == "query"})
        path_args = st.fixed_dictionaries({p["name"]: st.text(string.ascii_letters + string.digits + "-._~",
                                                              min_size=1, max_size=24)
                                           for p in params if p["in"] == "path"})
        calls.append(st.tuples(st.just(path), path_args, query))
    return st.one_of(calls)


def test_no_server_error_for_any_request(client):
    schema = client.get("/api/openapi.json").json()

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_requests(schema))
    def check(call):
        path, path_args, query = call
        url = path.format(**path_args)
        response = client.get(url, params=query)
        assert response.status_code < 500, (url, query, response.text[:300])
        body = response.json()
        if response.status_code == 200 and "items" in body:
            assert isinstance(body["total"], int) and len(body["items"]) <= body["limit"]
        elif response.status_code >= 400:
            assert body["error"] and body["detail"]

    check()


@pytest.mark.parametrize("path", ["/", "/articles", "/speakers", "/timeline", "/disagreements", "/outlets",
                                  "/search"])
@given(value=JUNK)
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_pages_survive_junk_parameters(client, path, value):
    for name in ("offset", "q", "outlet", "name", "kind", "speaker", "s"):
        response = client.get(path, params={name: value})
        assert response.status_code < 500, (path, name, value)
