"""Keyed link: block by block, incremental == full relink, ids that survive relinks, kill -9 safety."""
from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from parallax import model, pipeline
from parallax.link import BY_NAME, link_corpus, prepare
from parallax.store import Store
from parallax.store.schema import group_members, groups, link_dirty, quotes
from tests.conftest import ROOT, make_article
from tests.test_scale_pipeline import pg_url  # noqa: F401  (fixture)

STATEMENT = "the bridge at Velmora will reopen to traffic before the first snow falls"


def _report(n: int, day: str, outlet: str, value: float, speaker: str | None = "Mira Holt") -> tuple:
    """A fictional report: one quote, one toll, one dated clause."""
    body = (f'{speaker or "An official"} said "{STATEMENT}". At least {value:g} people were killed '
            f"in Velmora on {day}, the council said. Report {n}.")
    article = make_article(body, headline=f"Velmora report {n}", outlet=outlet, published=day)
    q0 = body.index(STATEMENT)
    f0 = body.index("At least")
    t0 = body.index(day)
    sentence2 = (f0, body.index(" Report"))
    analysis = model.Analysis(
        article.id, sentences=[(0, f0 - 1), sentence2],
        entities=[model.Entity(body.index("Velmora", f0), body.index("Velmora", f0) + 7, "Velmora", "GPE", "Velmora")],
        quotes=[model.Quote(q0, q0 + len(STATEMENT), STATEMENT, "direct", speaker=speaker, sentence_end=f0 - 1)],
        figures=[model.Figure(f0, f0 + 9 + len(f"{value:g}"), f"At least {value:g}", value, "at least", "people",
                              "people", "killed", sentence_start=sentence2[0], sentence_end=sentence2[1])],
        timexes=[model.Timex(t0, t0 + len(day), day, "DATE", day, sentence_start=sentence2[0],
                             sentence_end=sentence2[1])])
    return article, analysis


def _add(store: Store, items) -> None:
    store.add_articles([a for a, _ in items])
    store.save_analyses([prepare(item) for item in items])


def _result(store: Store) -> dict:
    """Every group with its members, by kind and stable id (ids left out)."""
    with store.engine.connect() as conn:
        members: dict[int, list] = {}
        for gid, aid, idx in conn.execute(sa.select(group_members.c.group_id, group_members.c.article_id,
                                                    group_members.c.idx)):
            members.setdefault(gid, []).append((aid, idx))
        return {(r.kind, r.stable_id): (r.key, r.data, sorted(members.get(r.id, [])))
                for r in conn.execute(sa.select(groups))}


def _ids(store: Store) -> dict:
    with store.engine.connect() as conn:
        return {(k, s): i for i, k, s in conn.execute(sa.select(groups.c.id, groups.c.kind, groups.c.stable_id))}


REPORTS = [_report(1, "2025-03-02", "Harbor Ledger", 12), _report(2, "2025-03-03", "Northgate Wire", 14),
           _report(3, "2025-03-04", "Dastria Today", 11), _report(4, "2025-03-05", "Harbor Ledger", 20)]


@pytest.fixture(params=["sqlite", "postgresql"])
def make_store(request, tmp_path):
    made = []

    def make(name: str) -> Store:
        if request.param == "sqlite":
            store = Store(str(tmp_path / f"{name}.db"))
        else:
            url = request.getfixturevalue("pg_url")
            engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
            with engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
            store = Store(url)
        made.append(store)
        return store
    yield make
    for store in made:
        store.close()


def test_group_ids_survive_relinks_and_new_reports(make_store):
    store = make_store("ids")
    _add(store, REPORTS[:2])
    pipeline.link(store)
    cluster = store.load_links("quote_cluster")
    assert len(cluster) == 1 and len(cluster[0].members) == 2
    before = _ids(store)
    (cid,) = [i for (kind, _s), i in before.items() if kind == "quote_cluster"]
    pipeline.link(store, relink_all=True)
    assert _ids(store) == before                       # a full relink keeps every id
    _add(store, REPORTS[2:])
    relinked = pipeline.link(store)
    assert relinked["quote_cluster"] == 1 and relinked["alias"] == 1   # only the blocks the reports touch
    assert [i for (kind, _s), i in _ids(store).items() if kind == "quote_cluster"] == [cid]
    with store.engine.connect() as conn:
        assert set(conn.execute(sa.select(quotes.c.cluster_id)).scalars()) == {cid}
    (group,) = [g for g in store.load_links("figure_group")]
    assert len(group.members) == 4 and store.load_links("quote_cluster")[0].first == (REPORTS[0][0].id, 0)


def test_incremental_equals_full_relink_and_in_memory_link(make_store):
    one_go, step = make_store("one_go"), make_store("step")
    _add(one_go, REPORTS)
    pipeline.link(one_go)
    for report in REPORTS:                    # one article per link
        _add(step, [report])
        pipeline.link(step)
    assert _result(step) == _result(one_go)
    pipeline.link(step, relink_all=True)
    assert _result(step) == _result(one_go)
    memory = link_corpus(REPORTS)
    assert sorted(map(tuple, memory.quote_clusters[0].members)) == \
        sorted(map(tuple, step.load_links("quote_cluster")[0].members))


def test_reanalysis_relinks_the_blocks_it_leaves(tmp_path):
    store = Store(str(tmp_path / "re.db"))
    _add(store, REPORTS[:2])
    pipeline.link(store)
    article, analysis = REPORTS[1]
    moved = model.Analysis(analysis.article_id, analysis.sentences, analysis.entities,
                           [model.Quote(q.start, q.end, q.text, q.kind, speaker="Teo Varga") for q in analysis.quotes],
                           analysis.timexes, analysis.figures)
    store.save_analyses([prepare((article, moved))])   # the speaker changes: the old block loses a member
    pipeline.link(store)
    assert store.load_links("quote_cluster") == []


def test_events_are_linked_from_the_stored_entries_and_follow_reanalysis(tmp_path):
    """An event block is linked from the entries written with the analysis, not from the bodies
    (blanked here), and a report analysed again with another date leaves its old block."""
    store = Store(str(tmp_path / "ev.db"))
    _add(store, REPORTS)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE articles SET body = ''"))
    pipeline.link(store)
    assert store.load_links("event") == link_corpus(REPORTS).events
    article, analysis = REPORTS[3]
    later = [model.Timex(t.start, t.end, t.text, t.type, "2025-06-05", sentence_start=t.sentence_start,
                         sentence_end=t.sentence_end) for t in analysis.timexes]
    moved = model.Analysis(analysis.article_id, analysis.sentences, analysis.entities, analysis.quotes, later,
                           analysis.figures)
    store.save_analyses([prepare((article, moved))])
    pipeline.link(store)
    again = link_corpus([*REPORTS[:3], (article, moved)]).events
    assert sorted(e.value for e in store.load_links("event")) == sorted(e.value for e in again)
    assert "2025-06-05" in {e.value for e in again}


def test_events_relink_only_the_dates_that_change(tmp_path):
    """A new report reclusters its date only; the stored events it conflicts with (the same happening
    at other dates) gain its date in place, and lose it when the report moves away."""
    store = Store(str(tmp_path / "dates.db"))
    _add(store, REPORTS[:3])
    pipeline.link(store)
    stored = "SELECT rowid, key FROM event_clusters ORDER BY rowid"
    with store.engine.connect() as conn:
        before = conn.execute(sa.text(stored)).all()
    _add(store, REPORTS[3:])
    assert pipeline.link(store)["event"] == 1    # its date only
    with store.engine.connect() as conn:
        assert conn.execute(sa.text(stored)).all()[:len(before)] == before
    events = store.load_links("event")
    assert events == link_corpus(REPORTS).events
    assert all("2025-03-05" in e.conflicting_values for e in events if e.value != "2025-03-05")
    article, analysis = REPORTS[3]
    elsewhere = [model.Timex(t.start, t.end, t.text, t.type, "2025-09-05", sentence_start=t.sentence_start,
                             sentence_end=t.sentence_end) for t in analysis.timexes]
    moved = dataclasses.replace(analysis, timexes=elsewhere)
    store.save_analyses([prepare((article, moved))])
    pipeline.link(store)
    assert not any("2025-03-05" in e.conflicting_values for e in store.load_links("event"))
    assert sorted(map(_event, store.load_links("event"))) == \
        sorted(map(_event, link_corpus([*REPORTS[:3], (article, moved)]).events))


def test_a_vanished_event_leaves_a_peer_that_changes_in_the_same_link(tmp_path):
    """One link: a report moves away from its date (its event goes) while a new report joins the
    event of another date that listed it as a conflict; that event forgets the date."""
    store = Store(str(tmp_path / "peers.db"))
    extra = [_report(5, "2025-03-02", "Coast Wire", 13), _report(6, "2025-03-02", "Valley Post", 12)]
    _add(store, [*REPORTS, extra[0]])
    pipeline.link(store)
    assert "2025-03-03" in {v for e in store.load_links("event") if e.value == "2025-03-02" for v in e.conflicting_values}
    article, analysis = REPORTS[1]
    elsewhere = [model.Timex(t.start, t.end, t.text, t.type, "2025-09-05", sentence_start=t.sentence_start,
                             sentence_end=t.sentence_end) for t in analysis.timexes]
    moved = (article, dataclasses.replace(analysis, timexes=elsewhere))
    store.save_analyses([prepare(moved)])
    _add(store, extra[1:])
    pipeline.link(store)
    assert sorted(map(_event, store.load_links("event"))) == \
        sorted(map(_event, link_corpus([REPORTS[0], moved, *REPORTS[2:], *extra]).events))
    with store.engine.connect() as conn:   # each conflict stored both ways, between stored clusters only
        pairs = set(conn.execute(sa.text("SELECT cluster, peer FROM event_conflicts")).all())
        keys = set(conn.execute(sa.text("SELECT key FROM event_clusters")).scalars())
    assert pairs and pairs == {(b, a) for a, b in pairs} and {k for pair in pairs for k in pair} <= keys


def _event(e: model.Event) -> tuple:
    return e.value, e.summary, tuple(map(tuple, e.members)), tuple(e.conflicting_values)


def test_framing_uses_the_users_alias_file(tmp_path):
    """A pair the user keeps apart is not one alias group, so framing does not compare its spellings."""
    items = []
    for n, (outlet, name) in enumerate([("Harbor Ledger", "Upper Velmora"), ("Northgate Wire", "Velmora")] * 2):
        body = f"Troops entered {name} on Monday. Residents of {name} fled."
        article = make_article(body, headline=f"Report {n}", outlet=outlet)
        ents = [model.Entity(i, i + len(name), name, "GPE", name) for i in (body.index(name), body.rindex(name))]
        items.append((article, model.Analysis(article.id, entities=ents)))
    store = Store(str(tmp_path / "f.db"))
    _add(store, items)
    pipeline.link(store)
    assert {t.term for t in store.load_links("framing") if t.kind == "name"} == {"Upper Velmora", "Velmora"}
    separate = tmp_path / "aliases.yaml"
    separate.write_text("separate:\n  - [Velmora, Upper Velmora]\n", encoding="utf-8")
    pipeline.link(store, separate)    # a new alias file relinks the alias blocks, then framing
    assert store.load_links("alias") == []
    assert [t for t in store.load_links("framing") if t.kind == "name"] == []


def test_framing_totals_follow_reanalysis_and_equal_a_sum_from_scratch(tmp_path):
    """The store sums framing counts as analyses are saved: after one article is analysed again (its
    words, then its outlet change) the totals equal those summed anew from the articles as they are."""
    from parallax.link import framing

    def narrated(n: int, outlet: str, words: str) -> tuple:
        body = f"The so-called council met in Velmora on Monday. Separatist forces {words} the old mill. Report {n}."
        article = make_article(body, headline=f"Velmora council {n}", outlet=outlet)
        return article, model.Analysis(article.id, sentences=[(0, body.index(" Separatist")),
                                                              (body.index("Separatist"), len(body))])

    items = [narrated(n, outlet, "shelled") for n, outlet in enumerate(["Harbor Ledger", "Harbor Ledger",
                                                                       "Northgate Wire", None])]
    store = Store(str(tmp_path / "t.db"))
    _add(store, items)
    first = min((x for x in items if x[0].outlet.value == "Harbor Ledger"), key=lambda x: x[0].id)   # its first uses
    changed = (first[0], model.Analysis(first[1].article_id, first[1].sentences))
    changed[0].body = changed[0].body.replace("shelled", "seized")
    store.save_analyses([prepare(changed)])    # its words change: its first uses go to the next article
    items = [changed if a.id == first[0].id else (a, an) for a, an in items]

    def from_scratch() -> dict:
        totals: dict = {}
        for article, analysis in items:
            framing.add_totals(totals, framing.article_totals(article.id, article.outlet.value,
                                                              framing.article_counts((article, analysis))))
        return framing.candidates(totals)

    def stored() -> dict:
        found = store.framing_candidates()
        return {**found, "terms": list(found["terms"])}
    assert stored() == from_scratch()
    with store.engine.begin() as conn:   # as `update_metadata` does before the article is analysed again
        conn.execute(sa.text("UPDATE articles SET outlet = 'Valley Post' WHERE id = :i"), {"i": first[0].id})
    store.save_analyses([prepare(changed)])
    changed[0].outlet = model.Fact("Valley Post")
    assert stored() == from_scratch()
    with store.engine.begin() as conn:   # a store analysed before the totals were kept: link sums them
        conn.execute(sa.text("DELETE FROM framing_totals"))
        conn.execute(sa.text("INSERT INTO link_state (name, value) VALUES ('framing_totals', 'rebuild')"))
    pipeline.link(store)
    assert stored() == from_scratch()
    assert sorted(t.term for t in store.load_links("framing")) == \
        sorted(t.term for t in framing.link_block(lambda: ((a.id, a.outlet.value, framing.article_counts((a, an)))
                                                           for a, an in items), store.load_links("alias")))


def test_dask_link_on_postgresql_equals_a_local_link(pg_url, tmp_path):
    """Blocks linked by Dask tasks (a LocalCluster of 2 processes writing into PostgreSQL) give the
    results of a local link, and a later incremental Dask link keeps their ids."""
    from parallax.scale.distributed import link_dask

    reports = REPORTS + [_report(5, "2025-04-01", "Valley Post", 30, speaker="Teo Varga"),
                         _report(6, "2025-04-02", "Coast Wire", 31, speaker="Teo Varga")]
    local = Store(str(tmp_path / "local.db"))
    _add(local, reports)
    pipeline.link(local)
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    store = Store(pg_url)
    _add(store, reports[:4])
    link_dask(store, local_workers=2, blocks_per_task=1)
    ids = _ids(store)
    _add(store, reports[4:])
    done = link_dask(store, local_workers=2, blocks_per_task=1)
    assert done["quote_cluster"] == 1   # only the block of the new speaker's quote
    assert _result(store) == _result(local)
    assert {k: i for k, i in _ids(store).items() if k in ids} == ids
    store.close()


# ---- the stories corpus (real texts from ../shared) -----------------------------------------------
@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    folder = ROOT.parent / "shared" / "eval" / "stories" / "articles"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    store = Store(str(tmp_path_factory.mktemp("stories") / "stories.db"))
    pipeline.run([folder], store)
    items = list(store.iter_analyzed())
    store.close()
    return items


def test_stories_incremental_equals_full_relink(stories, tmp_path):
    full, step = Store(str(tmp_path / "full.db")), Store(str(tmp_path / "step.db"))
    _add(full, stories)
    pipeline.link(full)
    ordered = sorted(stories, key=lambda x: (x[0].published.value or "", x[0].id))
    for part in (ordered[:20], ordered[20:35], ordered[35:]):
        _add(step, part)
        pipeline.link(step)
    assert _result(step) == _result(full)
    ids = _ids(step)
    pipeline.link(step, relink_all=True)
    assert _result(step) == _result(full) and _ids(step) == ids
    memory = link_corpus(stories)
    assert sorted(tuple(sorted(g.spellings)) for g in memory.aliases) == \
        sorted(tuple(sorted(g.spellings)) for g in full.load_links("alias"))
    assert sorted(e.value for e in memory.events) == sorted(e.value for e in full.load_links("event"))


def test_quote_blocks_link_from_their_rows_as_from_the_loaded_articles(stories, tmp_path):
    """A store links a quote block from its quote rows: the same clusters, in the same order, as the
    block's articles loaded (other blocks' quotes blank) and linked, the latest few of a block too."""
    from parallax.link import quotes
    from parallax.store.schema import link_keys

    store = Store(str(tmp_path / "q.db"))
    _add(store, stories)
    with store.engine.connect() as conn:
        keys = sorted(conn.execute(sa.select(link_keys.c.key).where(link_keys.c.kind == "quote_cluster")
                                   .distinct()).scalars())
    kind, clustered = BY_NAME["quote_cluster"], 0
    for key in keys:
        for limit in (None, 3):
            ids = store.block_article_ids("quote_cluster", [key], limit=limit)
            loaded = store.load_items(ids, kind.parts, kind.body, block=("quotes", "quote_cluster", [key]))
            found = quotes.link_rows(store.block_quotes([key], ids), key)
            assert found == quotes.link_block(loaded, key)
            clustered += len(found)
    assert clustered, "no block of the stories holds a cluster: nothing was compared"
    store.close()


def _consistent(db: str) -> None:
    """Members point at groups, items at one of the groups listing them (a quote of two statements is
    in two clusters)."""
    with Store(db).engine.connect() as conn:
        ids = set(conn.execute(sa.select(groups.c.id)).scalars())
        assert set(conn.execute(sa.select(group_members.c.group_id)).scalars()) <= ids
        tagged = {(a, i, c) for a, i, c in conn.execute(sa.select(quotes.c.article_id, quotes.c.idx, quotes.c.cluster_id)
                                                        .where(quotes.c.cluster_id.is_not(None)))}
        listed = {(a, i, g) for g, a, i in conn.execute(sa.select(
            group_members.c.group_id, group_members.c.article_id, group_members.c.idx)
            .where(group_members.c.kind == "quote_cluster"))}
        assert tagged <= listed and {(a, i) for a, i, _ in tagged} == {(a, i) for a, i, _ in listed}


def test_kill_nine_during_link_then_link_completes(stories, tmp_path):
    reference = Store(str(tmp_path / "ref.db"))
    _add(reference, stories)
    pipeline.link(reference)
    db = str(tmp_path / "killed.db")
    store = Store(db)
    _add(store, stories)
    store.close()
    killed_mid_link = 0
    for delay in (1.5, 3.0, 4.5):
        proc = subprocess.Popen([sys.executable, "-m", "parallax.cli", "link", "--all", "--db", db], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _consistent(db)
        with Store(db).engine.connect() as conn:
            killed_mid_link += conn.execute(sa.select(sa.func.count()).select_from(link_dirty)).scalar_one() > 0
    assert killed_mid_link, "every link finished before it was killed: nothing was tested"
    store = Store(db)
    pipeline.link(store)
    _consistent(db)
    assert _result(store) == _result(reference)


def test_dask_shards_carry_keys_counts_and_inferred_dates():
    import dataclasses
    import json

    from parallax.scale.distributed import analysis_from_dict

    article, analysis = REPORTS[0]
    prepared = prepare((article, dataclasses.replace(analysis, published=model.Fact("2025-03-02", "inferred:events"))))
    back = analysis_from_dict(json.loads(json.dumps(dataclasses.asdict(prepared))))
    assert back == prepared


def test_distributed_link_of_a_sqlite_store_is_refused_clearly(tmp_path):
    from typer.testing import CliRunner

    from parallax.cli import app

    db = str(tmp_path / "s.db")
    _add(Store(db), REPORTS[:2])
    result = CliRunner().invoke(app, ["link", "--dask-local", "2", "--db", db])
    assert result.exit_code != 0 and "needs a PostgreSQL store" in result.output
    assert Store(db).load_links("quote_cluster") == []   # nothing linked, nothing half-written


def _people(n: int, tags: tuple[str, str], speaker_role: str | None) -> tuple:
    """A fictional report naming one person twice, tagged as `tags` say, with an alternative spelling."""
    body = f"Envoy Ilan Varrick (Ilan Varik) met Varrick in Dastria on day {n}. Report {n}."
    article = make_article(body, headline=f"Varrick report {n}", outlet="Harbor Ledger")
    first, second = body.index("Ilan Varrick"), body.index("Varrick in")
    ents = [model.Entity(first, first + 12, "Ilan Varrick", tags[0], "Ilan Varrick"),
            model.Entity(body.index("Ilan Varik"), body.index("Ilan Varik") + 10, "Ilan Varik", "PERSON", "Ilan Varik"),
            model.Entity(second, second + 7, "Varrick", tags[1], "Ilan Varrick"),
            model.Entity(body.index("Dastria"), body.index("Dastria") + 7, "Dastria", "GPE", "Dastria")]
    quotes = [model.Quote(0, 5, "Envoy", "direct", speaker="Ilan Varrick", speaker_role=speaker_role)]
    return article, model.Analysis(article.id, sentences=[(0, len(body))], entities=ents, quotes=quotes)


def test_alias_totals_follow_reanalysis_and_link_as_the_loaded_articles_do(tmp_path):
    """A store links an alias block from its spellings' totals: after an article (the block's first)
    is analysed again, the totals equal those summed anew, and each block's groups (labels and roles
    whose votes tie included) equal those of the block's articles loaded and linked."""
    from parallax.link import aliases

    items = [_people(1, ("PERSON", "GPE"), "envoy"), _people(2, ("GPE", "PERSON"), "minister"),
             _people(3, ("ORG", "PERSON"), None)]
    store = Store(str(tmp_path / "a.db"))
    _add(store, items)
    pipeline.link(store)
    first = min(items, key=lambda x: x[0].id)
    changed = (first[0], model.Analysis(first[1].article_id, first[1].sentences, first[1].entities[1:3]))
    store.save_analyses([prepare(changed)])
    pipeline.link(store)
    items = sorted([changed if a.id == first[0].id else (a, an) for a, an in items], key=lambda x: x[0].id)
    scratch: dict = {}
    for article, analysis in items:
        for key, spelling, part, value, count, event in aliases.block_counts((article, analysis)):
            row = scratch.setdefault(key, {}).setdefault((spelling, part, value), [0, (article.id, event)])
            row[0] += count
    keys = sorted(scratch)
    assert {k: {r: list(v) for r, v in store.alias_block(k).items()} for k in keys} == \
        {k: {r: [n, tuple(f)] for r, (n, f) in rows.items()} for k, rows in scratch.items()}
    kind = BY_NAME["alias"]
    for key in keys:
        loaded = store.load_items(store.block_article_ids("alias", [key]), kind.parts, kind.body,
                                  block=("entities", "alias", [key]), where=store.part_filters(kind))
        assert aliases.link_totals(store.alias_block(key), key, None, lambda s, k=key: store.alias_extras(k, s)) \
            == aliases.link_block(loaded, {key})
    assert any(g.roles for g in store.load_links("alias"))



def test_a_store_before_alias_totals_is_keyed_again_by_the_next_link(tmp_path):
    from alembic import command
    from alembic.config import Config

    from parallax.store.db import MIGRATIONS

    db = str(tmp_path / "old.db")
    store = Store(db)
    _add(store, [_people(1, ("PERSON", "PERSON"), "envoy"), _people(2, ("PERSON", "GPE"), None)])
    pipeline.link(store)
    before = _result(store)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008_framing_totals")
    store.close()
    store = Store(db)   # upgraded: its articles wait to be keyed again
    assert store.link_state()["analyzed"] == 2 and len(list(store.unkeyed())) == 2
    pipeline.link(store)
    assert _result(store) == before and store.alias_block("var")


def test_a_store_of_month_events_keeps_its_event_ids(make_store):
    """Events built by month (before 0014, groups keyed by month) keep every id and their data; the
    dates of a month still waiting for its events are relinked by the next link."""
    from alembic import command
    from alembic.config import Config

    from parallax.store.db import MIGRATIONS

    store = make_store("months")
    _add(store, REPORTS)
    pipeline.link(store)
    before, ids = _result(store), _ids(store)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0013_framing_words")
        assert set(conn.execute(sa.text("SELECT key FROM groups WHERE kind = 'event'")).scalars()) == {"2025-03"}
        conn.execute(sa.text("INSERT INTO link_dirty (kind, key, marked) VALUES ('event_month', '2025-03', 'm')"))
    store.close()
    store = Store(store.url)
    assert _result(store) == before and _ids(store) == ids
    with store.engine.connect() as conn:
        assert sorted(conn.execute(sa.select(link_dirty.c.kind, link_dirty.c.key)).all()) == \
            [("event", a.published.value) for a, _ in REPORTS]
    assert pipeline.link(store)["event"] == 4
    assert _result(store) == before and _ids(store) == ids
    store.close()


def test_tied_label_votes_go_to_the_first_article_from_a_store_too():
    """Two ORG votes, two MISC: the group takes the label its first article (by id) gives, when the
    store links the block from its totals as when the articles are linked in memory."""
    from parallax.evaluate.corpus_layers import stored_links
    from parallax.link.aliases import group_aliases

    def item(label: str, n: int) -> tuple:
        body = f"The Velmar Defence Council (VDC) met in Orlin on day {n}."
        article = make_article(body, headline=f"Council report {n}")
        names = ("Velmar Defence Council", "VDC")
        return article, model.Analysis(article.id, entities=[
            model.Entity(body.index(t), body.index(t) + len(t), t, label, t) for t in names])
    later = item("MISC", 0)
    first = next(x for n in range(1, 50) if (x := item("ORG", n))[0].id < later[0].id)
    for groups in (stored_links([later, first]).aliases, group_aliases([first, later])):
        found = [g for g in groups if "VDC" in g.spellings]   # in the name and the acronym block
        assert found and all(set(g.spellings) == {"VDC", "Velmar Defence Council"} and g.label == "ORG" for g in found)
