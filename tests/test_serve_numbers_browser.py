"""The disagreements page in Chromium: numbers as people write them, each date conflict once.

Debian's Chromium driven by Playwright (never `playwright install`) against uvicorn on 127.0.0.1."""
from __future__ import annotations

import re

import pytest

from parallax import model
from parallax.serve import create_app
from parallax.store import Store
from tests import serve_corpus
from tests.test_serve_browser import CHROMIUM, launch, running

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Chromium is missing: apt-get install -y chromium (never playwright install)")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    arts, analyses, links = serve_corpus.build()
    for analysis, value in zip(analyses, (25_000, 30_000, 1.8)):
        analysis.figures[0].value = value
    ids = [a.id for a in arts]
    links.events += [model.Event("2025-03-05", "Guard sent", [(ids[2], 0)], conflicting_values=["2025-03-04"]),
                     model.Event("2025-03", "Funds approved in March", [(ids[1], 1)],
                                 conflicting_values=["2025-03-04"])]
    db = str(tmp_path_factory.mktemp("numbers") / "ui.db")
    store = Store(db)
    store.add_articles(arts)
    store.save_analyses(analyses)
    store.save_links(links)
    store.close()
    with running(create_app(db)) as base:
        yield base


def test_disagreements_show_numbers_as_written_and_each_date_conflict_once(base):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        assert page.goto(base + "/disagreements").status == 200
        values = page.locator("section.group td.num").all_inner_texts()
        assert {" ".join(v.split()) for v in values} == {"about 25,000", "over 30,000", "nearly 1.8"}
        main = page.inner_text("main")
        assert not re.search(r"\d\.0\b|\d{5}", main), main
        labels = page.locator("svg.values text.label").all_text_contents()
        assert {"about 25,000", "over 30,000"} <= set(labels), labels   # the chart writes values the same way
        assert page.locator("svg.values").first.bounding_box()["height"] > 20
        conflict = page.locator("ul.conflicts li").first.inner_text()
        assert "25,000" in conflict and "30,000" in conflict and "the fire service" in conflict
        differing = page.locator("h2:has-text('Dates that differ') + ul li").all_inner_texts()
        assert len(differing) == 1 and "4 March 2025 vs 5 March 2025" in differing[0]   # dates in words
        browser.close()
