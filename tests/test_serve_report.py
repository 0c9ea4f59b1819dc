"""The briefing: one self-contained HTML file (no external resource), escaped, with sources, printable."""
from __future__ import annotations

import re

from parallax.serve.report import write_report
from parallax.store import Store
from tests import serve_corpus


def test_briefing_is_self_contained_and_sourced(tmp_path):
    store = Store(str(tmp_path / "r.db"))
    arts, _analyses, _links = serve_corpus.fill(store)
    html = write_report(store, tmp_path / "briefing.html").read_text(encoding="utf-8")
    store.close()
    # nothing to fetch: no src attribute, no stylesheet link, no remote URL in href or CSS
    assert not re.search(r"<[^>]*\ssrc=|<link\b|@import|url\(", html)
    assert not re.search(r'href="(?!#)', html)
    assert "@media print" in html
    # article text is escaped, never markup
    assert "<script" not in html and "&lt;script&gt;document.title" in html
    # speakers with the first report of a clustered statement, the disputed figure, the sources
    assert "Mira Holt" in html and re.search(r"<b>first:</b> Northern Courier, <span[^>]*>3 March 2025<", html)
    assert "flooded (houses): 300.0 to 450.0" in html
    sources = re.findall(r'<li id="src-(\d+)">', html)
    assert sorted(map(int, sources)) == [1, 2, 3]
    for n in re.findall(r'href="#src-(\d+)"', html):
        assert n in sources
    assert all(a.id in html for a in arts)


def test_an_inferred_publication_date_is_marked_wherever_it_is_shown(tmp_path):
    import sqlalchemy as sa
    from fastapi.testclient import TestClient

    from parallax.serve import create_app
    from parallax.store.schema import articles

    db = str(tmp_path / "r.db")
    store = Store(db)
    arts, _analyses, _links = serve_corpus.fill(store)
    with store.engine.begin() as conn:   # the third page printed no date: ours is inferred
        conn.execute(sa.update(articles).where(articles.c.id == arts[2].id)
                     .values(published_how="inferred:events+corpus-dates"))
    html = write_report(store, tmp_path / "briefing.html").read_text(encoding="utf-8")
    store.close()
    assert "Coast Daily, <span" in html and "5 March 2025 (inferred)" in html
    assert "3 March 2025 (inferred)" not in html and "4 March 2025 (inferred)" not in html
    with TestClient(create_app(db)) as client:
        listing = client.get("/articles").text
        assert listing.count("(inferred)") == 1 and "5 March 2025 (inferred)" in listing
        refs = [r["source"] for r in client.get("/api/quotes").json()["items"]]
        assert {(r["published"], r["published_inferred"]) for r in refs} >= {("2025-03-05", True), ("2025-03-03", False)}
