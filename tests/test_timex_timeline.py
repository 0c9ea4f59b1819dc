"""build_timeline(): merging reports of one happening across outlets, and keeping date conflicts."""
import dataclasses

from parallax.link.timeline import build_timeline, clause_of, compatible
from parallax.model import Analysis, Timex
from tests.conftest import make_article


def _item(body, outlet, published, dated):
    """An (Article, Analysis) pair whose timexes are the given (text, value) pairs, located in body."""
    article = make_article(body, headline=f"{outlet} report", outlet=outlet, published=published)
    timexes = []
    for text, value in dated:
        start = body.index(text)
        sent_start = body.rfind(". ", 0, start) + 2 if ". " in body[:start] else 0
        sent_end = body.find(".", start) + 1
        timexes.append(Timex(start, start + len(text), text, "DATE", value,
                             sentence_start=sent_start, sentence_end=sent_end))
    return article, Analysis(article_id=article.id, timexes=timexes)


def test_reports_of_one_event_merge_with_all_sources():
    a = _item("Flood waters breached the northern levee of Marlow on Sunday. Residents fled.",
              "Valley Courier", "2024-04-16", [("Sunday", "2024-04-14")])
    b = _item("The northern levee of Marlow was breached by flood waters on April 14.",
              "Harbour Times", "2024-04-17", [("April 14", "2024-04-14")])
    events = build_timeline([a, b])
    assert len(events) == 1
    event = events[0]
    assert event.value == "2024-04-14"
    assert sorted(event.members) == sorted([(a[0].id, 0), (b[0].id, 0)])
    assert "levee" in event.summary and event.conflicting_values == []


def test_conflicting_dates_are_kept_not_hidden():
    a = _item("A truce between the two valley clans was signed in 1987.", "Valley Courier", "2024-04-16",
              [("1987", "1987")])
    b = _item("A truce between the two valley clans was signed in 1989.", "Harbour Times", "2024-04-17",
              [("1989", "1989")])
    events = build_timeline([a, b])
    assert [e.value for e in events] == ["1987", "1989"]
    assert events[0].conflicting_values == ["1989"] and events[1].conflicting_values == ["1987"]


def test_unrelated_events_on_the_same_day_stay_apart():
    a = _item("The Marlow bakery won a national prize on Sunday.", "Valley Courier", "2024-04-16",
              [("Sunday", "2024-04-14")])
    b = _item("Flood waters breached the northern levee on April 14.", "Harbour Times", "2024-04-17",
              [("April 14", "2024-04-14")])
    assert len(build_timeline([a, b])) == 2


def test_durations_and_vague_references_are_not_events():
    a = _item("The strike lasted 12 days and recently ended.", "Valley Courier", "2024-04-16",
              [("12 days", "P12D"), ("recently", "PAST_REF")])
    assert build_timeline([a]) == []


def test_dates_of_different_precision_are_compatible_but_separate_events():
    """An event is one date as written: "April 2024" and "April 14" of one burning are two events
    (the month and the day), neither a date conflict of the other."""
    assert compatible("2024-04", "2024-04-14") and compatible("198X", "1987")
    assert not compatible("1987", "1989")
    a = _item("The old mill at Marlow burned down in April 2024.", "Valley Courier", "2024-05-01",
              [("April 2024", "2024-04")])
    b = _item("The old mill at Marlow burned down on April 14.", "Harbour Times", "2024-05-02",
              [("April 14", "2024-04-14")])
    events = build_timeline([a, b])
    assert [(e.value, len(e.members), e.conflicting_values) for e in events] == \
        [("2024-04", 1, []), ("2024-04-14", 1, [])]


def test_clause_is_the_part_holding_the_date():
    sentence = "The council approved the budget on Monday, but the mayor vetoed it later."
    assert clause_of(sentence, sentence.index("Monday"), sentence.index("Monday") + 6) == \
        "The council approved the budget on Monday"


def test_same_day_reports_sharing_the_action_merge_but_one_articles_statements_do_not():
    a = _item("Rival fishing crews clashed near Port Elm on Sunday.", "Valley Courier", "2024-04-16",
              [("Sunday", "2024-04-14")])
    b = _item("Crews of two fleets clashed on April 14.", "Harbour Times", "2024-04-17",
              [("April 14", "2024-04-14")])
    assert len(build_timeline([a, b])) == 1
    c = _item("Port Elm closed its harbour on Sunday. Port Elm reopened its market on Sunday.",
              "Valley Courier", "2024-04-16", [("Sunday", "2024-04-14")])
    article, analysis = c
    second = analysis.timexes[0].__class__(**{**analysis.timexes[0].__dict__})
    second.start = article.body.rindex("Sunday")
    second.end = second.start + 6
    second.sentence_start = article.body.index("Port Elm reopened")
    second.sentence_end = len(article.body)
    analysis.timexes.append(second)
    assert len(build_timeline([c])) == 2


def test_one_shared_word_on_one_day_is_not_one_event():
    a = _item("Police arrested two fishermen at the harbour on Sunday.", "Valley Courier", "2024-04-16",
              [("Sunday", "2024-04-14")])
    b = _item("The harbour ferry service resumed its crossings on April 14.", "Harbour Times", "2024-04-17",
              [("April 14", "2024-04-14")])
    assert len(build_timeline([a, b])) == 2


def test_a_quoted_word_is_a_lower_case_word_of_what_happened():
    """Two reports share only names and a word in quotes ("“lies”"): the quoted word says what
    happened, so they are one event."""
    a = _item("Velm Front called the charge that it shelled the Orlin Depot “lies” on Friday.",
              "Valley Courier", "2024-04-16", [("Friday", "2024-04-12")])
    b = _item("On Friday, the Velm Front said Orlin Depot claims were lies.",
              "Harbour Times", "2024-04-17", [("Friday", "2024-04-12")])
    (event,) = build_timeline([a, b])
    assert len(event.members) == 2


def test_the_morning_and_the_night_of_one_day_are_different_times():
    """A part of a day lies within the day, but the morning and the night of it do not meet: two
    reports of one strike at those times are a date conflict, not one event."""
    assert compatible("2024-04-14TMO", "2024-04-14") and compatible("2024-04-14TNI", "2024-04")
    assert not compatible("2024-04-14TMO", "2024-04-14TNI")
    a = _item("Rebel gunners shelled the Varn river dam early on Sunday morning, the governor said.",
              "Valley Courier", "2024-04-16", [("early on Sunday morning", "2024-04-14TMO")])
    b = _item("Rebel gunners shelled the Varn river dam on Sunday night, the governor said.",
              "Harbour Times", "2024-04-17", [("Sunday night", "2024-04-14TNI")])
    events = build_timeline([a, b])
    assert len(events) == 2 and events[0].conflicting_values == [events[1].value]


def test_a_date_conflict_across_a_months_end_is_kept_when_linked_by_blocks():
    """Linked block by block (by month), two reports of one burst dated a day apart across a
    month's end still name each other's date, and each event is returned once."""
    from parallax.link import link_corpus
    a = _item("The dam on the Varn river burst on 30 September, flooding the lower valley.",
              "Valley Courier", "2024-10-03", [("30 September", "2024-09-30")])
    b = _item("The dam on the Varn river burst on 1 October, flooding the lower valley.",
              "Harbour Times", "2024-10-03", [("1 October", "2024-10-01")])
    from parallax.evaluate.corpus_layers import stored_links
    expected = [("2024-09-30", ["2024-10-01"]), ("2024-10-01", ["2024-09-30"])]
    assert [(e.value, e.conflicting_values) for e in link_corpus([a, b]).events] == expected
    assert [(e.value, e.conflicting_values) for e in stored_links([a, b]).events] == expected


def test_a_sentence_naming_two_happenings_does_not_chain_them_into_one_event():
    """A report of two happenings of one day matches the reports of each; those two share nothing,
    so they stay two events (a report joins an event only when it tells most of its reports)."""
    a = _item("Rebels shelled the Varn dam and the governor ordered an evacuation of Orlin on Sunday.",
              "Valley Courier", "2024-04-15", [("Sunday", "2024-04-14")])
    b = _item("Rebels shelled the Varn dam on Sunday.", "Harbour Times", "2024-04-16", [("Sunday", "2024-04-14")])
    c = _item("The governor ordered an evacuation of Orlin on April 14.", "Plain Post", "2024-04-16",
              [("April 14", "2024-04-14")])
    events = build_timeline([a, b, c])
    assert len(events) == 2
    assert not any({(b[0].id, 0), (c[0].id, 0)} <= set(e.members) for e in events)
    assert any(len(e.members) == 2 for e in events)


def test_reports_sharing_four_names_on_one_day_are_one_event_two_names_are_not():
    """No lower-case word in common, but the airline and the whole route on one day: one event.
    Two names alone ("Port Elm") are not."""
    a = _item("A Velm Air flight from Orlin to Marlow via Tessa went down on Sunday.",
              "Valley Courier", "2024-04-15", [("Sunday", "2024-04-14")])
    b = _item("The Velm Air plane, bound from Orlin to Marlow via Tessa, crashed on April 14.",
              "Harbour Times", "2024-04-16", [("April 14", "2024-04-14")])
    (event,) = build_timeline([a, b])
    assert len(event.members) == 2
    c = _item("Port Elm mourned its mayor on Sunday.", "Valley Courier", "2024-04-15", [("Sunday", "2024-04-14")])
    d = _item("The Port Elm regatta opened on April 14.", "Harbour Times", "2024-04-16", [("April 14", "2024-04-14")])
    assert len(build_timeline([c, d])) == 2


def test_a_report_joins_an_event_it_tells_when_the_others_share_its_action_word():
    """b tells the happening of a, not enough of c's words to be its match on its own, but it
    shares the action ("shelled") with c: one event of three reports. Reports that share nothing
    stay apart (test above)."""
    a = _item("Rebel gunners shelled the Varn river dam near Orlin on Sunday.", "Valley Courier", "2024-04-15",
              [("Sunday", "2024-04-14")])
    b = _item("The Varn river dam was shelled on April 14, the governor of Tessa province told a crowd of "
              "farmers at the market.", "Harbour Times", "2024-04-16", [("April 14", "2024-04-14")])
    c = _item("Rebel gunners shelled the dam on Sunday, cutting power to Orlin and its mills for a week.",
              "Plain Post", "2024-04-16", [("Sunday", "2024-04-14")])
    (event,) = build_timeline([a, b, c])
    assert len(event.members) == 3


def test_two_sentences_of_one_article_are_not_joined_by_themselves():
    """Each sentence of an article meets the other outlets' reports on its own: the second sentence
    of Valley Courier tells the evacuation Harbour Times tells, though its first sentence (the
    shelling, told again in the second) shares nothing with that report."""
    body = ("Rebel gunners shelled the Varn river dam on Sunday. Rebel gunners shelled the Varn river dam "
            "on Sunday and the governor ordered an evacuation of Orlin.")
    a = _item(body, "Valley Courier", "2024-04-15", [("Sunday", "2024-04-14")])
    article, analysis = a
    second = dataclasses.replace(analysis.timexes[0], start=body.rindex("Sunday"), end=body.rindex("Sunday") + 6,
                                 sentence_start=body.index("Rebel", 1), sentence_end=len(body))
    analysis.timexes.append(second)
    b = _item("The governor ordered an evacuation of Orlin on April 14, officials said.", "Harbour Times",
              "2024-04-16", [("April 14", "2024-04-14")])
    events = build_timeline([a, b])
    assert sorted(sorted(e.members) for e in events) == sorted([[(article.id, 0)],
                                                                sorted([(article.id, 1), (b[0].id, 0)])])


def test_a_dateline_of_names_dates_the_reports_that_name_them():
    """"WESTPORT, Velmora, May 4." has no word of what happened, but every name it has is in the
    other outlet's report of that day: one event. A sentence with words of its own sharing two
    names is not (test above, "Port Elm")."""
    a = _item("WESTPORT, Velmora, May 4.", "Valley Courier", "2024-05-04", [("May 4", "2024-05-04")])
    b = _item("A Velmora Air jet bound for Westport crashed on Saturday.", "Harbour Times", "2024-05-05",
              [("Saturday", "2024-05-04")])
    (event,) = build_timeline([a, b])
    assert len(event.members) == 2


def test_an_event_is_told_by_its_own_line_not_the_headline_run_into_it():
    body = ("Ferry line halts crossings after storm damage\nBRENMORE\n"
            "The ferry line stopped all crossings on Friday after the storm damaged its pier.")
    a = _item(body, "Valley Courier", "2024-04-13", [("Friday", "2024-04-12")])
    a[1].timexes[0] = dataclasses.replace(a[1].timexes[0], sentence_start=0)   # the parser ran the lines together
    b = _item("All crossings of the ferry line were stopped on April 12 after the storm damaged its pier.",
              "Harbour Times", "2024-04-14", [("April 12", "2024-04-12")])
    events = build_timeline([a, b])
    assert len(events) == 1
    assert "halts" not in events[0].summary and "BRENMORE" not in events[0].summary
    assert "pier" in events[0].summary


def test_a_dates_clusters_depend_on_its_reports_alone():
    """Stems are counted per date: reports of another date that make every word of two reports
    common do not stop those two meeting, so a date's clusters can be stored and reused."""
    from parallax.link.timeline import MAX_POSTING, date_clusters, entries_of

    stems = "aground elm ferry port ran"
    ours = [(f"a{n}", "2025-03-02", (0, "2025-03-02", "the ferry ran aground near Port Elm", stems, "aground ferry ran"))
            for n in range(2)]
    others = [(f"b{n}", "2025-03-03", (0, "2025-03-05", "a ferry ran aground off Port Elm", stems, "aground ferry ran"))
              for n in range(MAX_POSTING + 1)]
    alone = date_clusters(entries_of(ours))
    assert [c.members for c in alone] == [[("a0", 0), ("a1", 0)]]
    assert [c for c in date_clusters(entries_of(ours + others)) if c.value == "2025-03-02"] == alone
