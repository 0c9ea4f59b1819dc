from __future__ import annotations

import sqlite3

import pytest

from parallax import model
from parallax.store import Store
from parallax.store.export import export
from parallax.store.search import search
from tests.conftest import make_article


def _analysis(article: model.Article) -> model.Analysis:
    body = article.body
    q_start = body.index("We")
    q_end = body.index(",", q_start)
    return model.Analysis(
        article_id=article.id, sentences=[(0, len(body))],
        entities=[model.Entity(body.index("Mira"), body.index("Mira") + 9, "Mira Holt", "PERSON", "Mira Holt")],
        quotes=[model.Quote(q_start, q_end, body[q_start:q_end], "direct", cue="said", speaker="Mira Holt")],
        timexes=[model.Timex(body.index("Monday"), body.index("Monday") + 6, "Monday", "DATE", "2025-01-13")],
        figures=[model.Figure(body.index("40"), body.index("40") + 2, "40", 40.0, "exact", "houses",
                              measure="destroyed")],
    )


@pytest.fixture()
def store(tmp_path):
    s = Store(str(tmp_path / "t.db"))
    yield s
    s.close()


ARTICLE = make_article('"We will rebuild every street," mayor Mira Holt said on Monday after 40 houses burned.')


def test_articles_are_stored_once(store):
    assert [a.id for a in store.add_articles([ARTICLE, ARTICLE])] == [ARTICLE.id]
    assert store.add_articles([ARTICLE]) == []
    back = store.get_article(ARTICLE.id)
    assert back == ARTICLE
    assert store.count_pending() == 1


def test_analysis_round_trip_and_replacement(store):
    store.add_articles([ARTICLE])
    analysis = _analysis(ARTICLE)
    store.save_analyses([analysis])
    store.save_analyses([analysis])  # re-analysis replaces, never duplicates
    assert store.get_analysis(ARTICLE.id) == analysis
    assert store.count_pending() == 0
    assert store.stats()["quotes"] == 1
    [(article, got)] = list(store.iter_analyzed())
    assert article.id == ARTICLE.id and got == analysis


def test_search_finds_articles_and_quotes_and_ignores_query_syntax(store):
    store.add_articles([ARTICLE])
    store.save_analyses([_analysis(ARTICLE)])
    arts, quotes = search(store, "rebuild")
    assert [h.article_id for h in arts] == [ARTICLE.id]
    assert quotes and quotes[0].title == "Mira Holt"
    assert search(store, 'houses" OR NEAR(') == search(store, "houses OR NEAR")  # no FTS syntax errors
    assert search(store, "   ") == ([], [])


def test_links_replace_previous_results_and_tag_members(store):
    store.add_articles([ARTICLE])
    store.save_analyses([_analysis(ARTICLE)])
    group = model.FigureGroup("houses destroyed", "houses", [(ARTICLE.id, 0)], disagreement=True)
    store.save_links(model.LinkResult(figure_groups=[group]))
    store.save_links(model.LinkResult(figure_groups=[group]))
    assert store.load_links("figure_group") == [group]
    with sqlite3.connect(store.engine.url.database) as conn:
        (gid,) = conn.execute("select id from groups").fetchone()
        assert conn.execute("select group_id from figures").fetchall() == [(gid,)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_writes_every_table(store, tmp_path, fmt):
    store.add_articles([ARTICLE])
    store.save_analyses([_analysis(ARTICLE)])
    counts = export(store, tmp_path / "out", fmt)
    assert counts["articles"] == 1 and counts["quotes"] == 1 and counts["figures"] == 1
    assert (tmp_path / "out" / f"quotes.{fmt}").stat().st_size > 0


def test_migrations_are_idempotent(tmp_path):
    path = str(tmp_path / "m.db")
    Store(path).close()
    Store(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone()[0] == "0015_framing_totals_clustered"
