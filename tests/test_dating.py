"""Publication dates inferred from the dated events of an undated body (analyze/dating.py)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from parallax import model
from parallax.analyze import analyze_doc
from parallax.analyze import printed_dates
from parallax.analyze.dating import (choose_year, corpus_dates, gather_evidence, infer_publication, needs_inference,
                                     own_story_dates)
from parallax.pipeline import analyse_batch
from parallax.store import Store
from tests.conftest import make_article

UNDATED = ("The council of Norvel met on March 3 to discuss the bridge. Its chair resigned in 2019. "
           "Late on Thursday the mayor said the works would resume, and on Friday crews returned.")


def printed(*days: str) -> Counter[dt.date]:
    return Counter(dt.date.fromisoformat(d) for d in days)


def test_weekday_events_are_the_freshest_and_the_day_after_the_latest_is_taken(nlp):
    fact = infer_publication(nlp(UNDATED), printed("2025-03-10", "2025-04-01"))
    # March 3 2025 is a Monday; Thursday and Friday of that week; published the day after Friday
    assert fact.value == "2025-03-08"
    assert fact.how.startswith("inferred:weekday-after-events")
    assert 0 < fact.confidence < 0.5 and "March 3" in fact.evidence


def test_past_years_bound_the_corpus_years_from_below(nlp):
    corpus = printed(*["2017-05-01"] * 9, "2021-06-01", "2021-07-01")
    assert choose_year(gather_evidence(nlp(UNDATED)), corpus) == (2021, "corpus-dates")
    assert choose_year(gather_evidence(nlp(UNDATED))) == (2019, "latest-year-in-body")


def test_the_year_that_puts_the_latest_event_just_before_printed_dates_wins(nlp):
    # a corpus running from November to the next autumn: "December 10" is the first year's
    corpus = printed("2030-11-20", "2030-12-14", *["2031-02-01", "2031-05-01", "2031-08-01"] * 3)
    doc = nlp("The board resigned on December 10 after the vote, its spokesman said.")
    assert choose_year(gather_evidence(doc), corpus) == (2030, "corpus-dates")
    doc = nlp("The board resigned on April 28 after the vote, its spokesman said.")
    assert choose_year(gather_evidence(doc), corpus) == (2031, "corpus-dates")


def test_a_year_beyond_every_printed_one_does_not_override_the_corpus(nlp):
    doc = nlp("The plant closed on March 2. Its owners said the site is to be cleared by 2040.")
    assert choose_year(gather_evidence(doc), printed("2026-03-05", "2026-04-01"))[0] == 2026


def test_a_weekday_printed_with_its_date_pins_the_year(nlp):
    doc = nlp("The committee voted on Tuesday, March 4, after a long debate that began in 2020.")
    year, how = choose_year(gather_evidence(doc))
    assert (year, how) == (2025, "weekday-date")   # the first March 4 after 2020 that fell on a Tuesday


def test_future_dates_are_not_evidence_of_the_past(nlp):
    doc = nlp("The minister arrived on May 2, 2024. The summit will open on May 20, 2024.")
    fact = infer_publication(doc)
    assert fact.value == "2024-05-03"


def test_nothing_dated_gives_no_date(nlp):
    assert infer_publication(nlp("The talks went on for hours. Nobody said when they would end.")).value is None
    assert infer_publication(nlp("Officials met on Tuesday.")).value is None   # a weekday alone has no year


def test_only_undated_articles_or_clean_guesses_are_inferred():
    assert needs_inference(model.Fact(None))
    assert needs_inference(model.Fact("2024-01-01", "inferred:latest-date-in-body", 0.35))
    assert not needs_inference(model.Fact("2024-01-01", "printed:dateline", 1.0))
    assert not needs_inference(model.Fact("2024-01-01", "inferred:fetched", 0.3))


def test_relative_dates_resolve_against_the_inferred_date(nlp):
    article = make_article(UNDATED, published=None)
    article.published = model.Fact(None)
    analysis = analyze_doc(article, nlp(article.body), printed("2025-03-12"))
    assert analysis.published is not None and article.published.value == "2025-03-08"
    values = {t.text: t.value for t in analysis.timexes}
    assert values["Late on Thursday"].startswith("2025-03-06") and values["Friday"] == "2025-03-07"


def test_a_batch_lends_its_printed_years_and_the_store_keeps_the_inferred_date(tmp_path):
    dated = make_article("The river rose on June 2, 2025, officials said.", headline="Flood", published="2025-06-03")
    undated = make_article(UNDATED, headline="Bridge", published=None)
    undated.published = model.Fact(None)
    store = Store(str(tmp_path / "t.db"))
    store.add_articles([dated, undated])
    store.save_analyses(a for a in analyse_batch([dated, undated]) if isinstance(a, model.Analysis))
    by_id = {a.id: a for a, _ in store.iter_analyzed()}
    assert by_id[undated.id].published.value == "2025-03-08"
    assert by_id[undated.id].published.how.startswith("inferred:")
    assert by_id[dated.id].published == dated.published


def test_the_store_lends_its_printed_dates_to_later_undated_articles(tmp_path):
    from parallax.pipeline import analyze
    store = Store(str(tmp_path / "t.db"))
    earlier = [make_article(f"Crews inspected the dam on March {d}, 2025.", headline=f"Dam {d}",
                            published=f"2025-03-{d + 1:02d}") for d in (5, 9)]
    store.add_articles(earlier)
    analyze(store)
    undated = make_article(UNDATED, headline="Bridge", published=None)
    undated.published = model.Fact(None)
    store.add_articles([undated])
    assert store.printed_dates() == printed("2025-03-06", "2025-03-10")
    analyze(store)   # alone in its batch: the year comes from the store
    assert store.get_article(undated.id).published.value == "2025-03-08"
    assert store.printed_dates() == printed("2025-03-06", "2025-03-10")   # inferred dates lend nothing


def test_weekdays_alone_are_placed_near_the_printed_days_of_the_news_cycle(nlp):
    doc = nlp("Crews in Norvel said the bridge collapsed on Saturday. The mayor spoke late on Saturday.")
    corpus = printed("2025-05-07", "2025-05-08", "2025-05-10")   # 2025-05-10 is a Saturday
    fact = infer_publication(doc, corpus)
    assert fact.value == "2025-05-10" and fact.how.startswith("inferred:weekday") and fact.confidence < 0.3
    assert infer_publication(nlp("The talks went on for hours today."), printed("2025-05-07", "2025-05-07",
                                                                              "2025-05-10")).value == "2025-05-07"
    # a corpus spread over several stories lends no day
    assert infer_publication(doc, printed("2023-06-07", "2024-12-25", "2025-05-10")).value is None


def test_a_wire_dateline_dates_the_report_and_weekdays_after_an_older_event_join_the_news_cycle(nlp):
    doc = nlp("NORVEL CITY, June 7. /Wire/. The envoy of Eastland told the council on Tuesday that the dam "
              "was breached.")
    assert infer_publication(doc, printed("2023-06-09")).value == "2023-06-07"
    doc = nlp("Crews reached the bridge on Saturday, days after the flood of April 22 destroyed it. "
              "The mayor spoke on Sunday.")
    fact = infer_publication(doc, printed("2025-05-08", "2025-05-10"))
    assert fact.value == "2025-05-11"   # Saturday 10 and Sunday 11 May, not the week after April 22


def test_month_days_that_run_over_new_year_put_january_in_the_next_year(nlp):
    doc = nlp("The jet crashed near Orvale on Dec. 25. Investigators arrived on Dec. 28, and the regulator "
              "issued its alert on Jan. 9.")
    assert infer_publication(doc, printed("2024-12-26", "2024-12-27")).value == "2025-01-10"


def test_an_undated_report_in_a_mixed_folder_borrows_the_days_of_its_own_story(nlp):
    # two stories in one folder, neither a majority of the printed days: the names pick the story
    bridge = "The Norvel bridge collapsed into the Orsk river, the mayor of Norvel said."
    quake = "A quake struck Tallin province, and rescuers in Tallin searched the rubble."
    corpus = corpus_dates(["2025-05-10", "2025-05-09", "2023-06-07", "2023-06-07"], [bridge, bridge, quake, quake])
    corpus_plain = printed("2025-05-10", "2025-05-09", "2023-06-07", "2023-06-07")
    doc = nlp("Divers searched the Orsk river near Norvel on Saturday after the bridge fell.")
    assert infer_publication(doc, corpus_plain).value is None   # no names: no story, no day
    fact = infer_publication(doc, corpus)
    assert fact.value == "2025-05-10" and fact.how.startswith("inferred:weekday")
    doc = nlp("Rescuers in Tallin pulled two people from the rubble on Tuesday.")
    assert infer_publication(doc, corpus).value == "2023-06-07"   # 2023-06-06 was a Tuesday: the next day
    assert own_story_dates("Nothing in common here.", corpus) is corpus


def test_a_story_of_few_reports_beats_one_that_prints_most_days_by_pooling_names(nlp):
    # five reports of one story each share one name with the body; two reports of the body's own
    # story share its place names: the likest reports pick the story, not the pooled names or the
    # busiest news cycle
    own = "The Norvel council closed the Orsk bridge."
    other = [f"A quake struck Tallin, said the envoy of {place}." for place in
             ("Eastland", "Brennic", "Vantor", "Quillam", "Darrow")]
    corpus = corpus_dates(["2025-05-09", "2025-05-10", *[f"2023-06-0{d}" for d in range(1, 6)]], [own, own, *other])
    body = "Engineers from Eastland, Brennic and Vantor inspected the Orsk bridge in Norvel on Saturday."
    assert own_story_dates(body, corpus) == printed("2025-05-09", "2025-05-10")
    assert infer_publication(nlp(body), corpus).value == "2025-05-10"


def test_printed_dates_keep_the_names_of_dated_reports_and_add_the_store_days():
    dated = make_article(body="The Norvel council met.", published="2025-05-10")
    undated = make_article(body="Tallin voted.", published=None)
    dates = printed_dates([dated, undated], also=printed("2025-05-10", "2024-01-01"))
    assert dates == printed("2025-05-10", "2024-01-01")
    assert [(key, d.isoformat(), sorted(n)) for key, (d, n) in dates.reports.items()] == [
        (dated.id, "2025-05-10", ["norvel", "the"])]


def test_the_store_lends_the_names_of_its_dated_reports_and_a_batch_does_not_count_one_twice(tmp_path):
    dated = make_article(body="The Norvel council met.", published="2025-05-10")
    store = Store(str(tmp_path / "t.db"))
    store.add_articles([dated])
    stored = store.printed_dates()
    assert stored == printed("2025-05-10") and list(stored.reports) == [dated.id]
    merged = printed_dates([dated], also=stored)
    assert merged == printed("2025-05-10") and list(merged.reports) == [dated.id]


def two_stories(folder) -> list:
    """An undated report first, then the dated reports of its story and of another story."""
    files = {"a.txt": "Divers search the Orsk\n\nDivers searched the Orsk river near Norvel on Saturday after "
                      "the bridge fell. The mayor thanked them.\n",
             "b.txt": "Bridge falls in Norvel\nMay 10, 2025\n\nThe Norvel bridge collapsed into the Orsk river, "
                      "the mayor of Norvel said.\n",
             **{f"{name}.txt": f"Quake in Tallin\nJune 7, 2023\n\nA quake struck Tallin province, and rescuers "
                               f"in Tallin searched the rubble ({name}).\n" for name in ("c", "d")}}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def undated_day(store: Store) -> str | None:
    return next(a.published.value for a, _ in store.iter_analyzed() if a.uri.endswith("a.txt"))


def test_run_dates_an_undated_report_from_its_story_printed_later_in_the_stream_as_analyze_does(tmp_path):
    from parallax.pipeline import analyze, ingest, run
    paths = two_stories(tmp_path)
    streamed = Store(str(tmp_path / "run.db"))
    run(paths, streamed, batch_size=1)   # the undated report is the first batch
    two_steps = Store(str(tmp_path / "two.db"))
    ingest(paths, two_steps)
    analyze(two_steps)
    assert undated_day(streamed) == undated_day(two_steps) == "2025-05-10"


def test_a_dask_shard_leaves_undated_reports_to_be_dated_from_the_whole_store_on_loading(tmp_path):
    from parallax.scale.distributed import load_shards, process_shard
    shards = [process_shard([str(path)], str(tmp_path)) for path in two_stories(tmp_path)]   # one file a shard
    store = Store(str(tmp_path / "dask.db"))
    load_shards(shards, store)
    assert undated_day(store) == "2025-05-10" and store.count_pending() == 0


def test_analyze_reads_the_store_dates_once_and_only_for_batches_with_an_undated_article(tmp_path, monkeypatch):
    from parallax.pipeline import analyze
    store = Store(str(tmp_path / "t.db"))
    store.add_articles([make_article(f"Crews inspected the dam on March {d}, 2025.", headline=f"Dam {d}",
                                     published=f"2025-03-{d + 1:02d}") for d in (5, 9)])
    reads = []
    real = store.printed_dates
    monkeypatch.setattr(store, "printed_dates", lambda: reads.append(1) or real())
    analyze(store, batch_size=1)
    assert reads == []   # dated articles need no corpus context
    undated = [make_article(UNDATED, headline=f"Bridge {n}", published=None) for n in range(2)]
    for article in undated:
        article.published = model.Fact(None)
    store.add_articles(undated)
    analyze(store, batch_size=1)
    assert reads == [1] and store.get_article(undated[1].id).published.value == "2025-03-08"


def test_analyze_hands_a_worker_the_days_of_an_undated_reports_story_not_every_reports_names(tmp_path, monkeypatch):
    from parallax import pipeline
    paths = two_stories(tmp_path)
    store = Store(str(tmp_path / "t.db"))
    pipeline.ingest(paths, store)
    handed = []
    real = pipeline._analyse_item
    monkeypatch.setattr(pipeline, "_analyse_item", lambda item: handed.append(item[1]) or real(item))
    pipeline.analyze(store, batch_size=1)
    undated = next(a.id for a, _ in store.iter_analyzed() if a.uri.endswith("a.txt"))
    (days,) = [days for days in handed if days]   # one batch with an undated report: its story's days alone
    assert days == {undated: printed("2025-05-10")} and type(days[undated]) is Counter
    assert undated_day(store) == "2025-05-10"
