"""extract_timexes() on one parsed Doc: spans, tense-dependent weekdays, offsets (fictional text)."""
import datetime as dt

import pytest

from parallax.analyze.timex import clause_tense, extract_timexes

ANCHOR = dt.date(2021, 3, 17)  # Wednesday


@pytest.fixture(scope="module")
def timexes_of(nlp):
    def run(text, anchor=ANCHOR):
        return [(t.text, t.value) for t in extract_timexes(nlp(text), anchor)]
    return run


def test_spans_leave_out_prepositions_and_keep_modifiers(timexes_of):
    text = ("The mayor of Eastbrook resigned late on Monday after a dispute that began in the early 1990s. "
            "In the morning the council met for over two hours.")
    assert timexes_of(text) == [("late on Monday", "2021-03-15"), ("the early 1990s", "199X"),
                                ("the morning", "2021-03-15TMO"), ("over two hours", "PT2H")]


def test_weekday_direction_follows_tense(timexes_of):
    assert timexes_of("The ferry sank on Sunday.") == [("Sunday", "2021-03-14")]
    assert timexes_of("The ferry will sail on Sunday.") == [("Sunday", "2021-03-21")]
    assert timexes_of("Officials said the ferry would sail on Friday.") == [("Friday", "2021-03-19")]
    assert timexes_of("The minister is expected to visit on Friday.") == [("Friday", "2021-03-19")]


def test_clause_tense(nlp):
    doc = nlp("The bridge reopened on Monday, and the tunnel will reopen on Friday.")
    assert clause_tense(doc, doc.text.index("Monday"), doc.text.index("Monday") + 6) == "past"
    assert clause_tense(doc, doc.text.index("Friday"), doc.text.index("Friday") + 6) == "future"


def test_dates_durations_decades_weeks(timexes_of):
    text = ("The river festival, first held on July 4, 1998, returned last weekend after 12 years. "
            "Organisers said on Oct. 2 that attendance fell in the 1980s and grew this week.")
    assert timexes_of(text) == [("July 4, 1998", "1998-07-04"), ("last weekend", "2021-W10-WE"),
                                ("12 years", "P12Y"), ("Oct. 2", "2020-10-02"), ("the 1980s", "198X"),
                                ("this week", "2021-W11")]


def test_numbers_that_count_things_are_not_years(timexes_of):
    assert timexes_of("About 2000 volunteers and 1500 boats took part in the 2019 regatta.") == [("2019", "2019")]
    assert timexes_of("Few of the 1998 marchers and none of the post-1975 novels were mentioned.") == [
        ("1998", "1998"), ("1975", "1975")]


def test_intervals_and_the_same_year(timexes_of):
    text = "The fair ran on May 20-22, 2019. In the same year, the hall closed for renovation."
    assert timexes_of(text) == [("May 20-22, 2019", "2019-05-20/2019-05-22"), ("the same year", "2019")]


def test_offsets_and_sentences(nlp):
    text = "The vote passed. Counting ended three days ago."
    (timex,) = extract_timexes(nlp(text), ANCHOR)
    assert text[timex.start:timex.end] == "three days ago" and timex.value == "2021-03-14"
    assert text[timex.sentence_start:timex.sentence_end] == "Counting ended three days ago."
    assert timex.anchored and timex.type == "DATE"


def test_anchored_flag_and_zero_confidence_anchor(nlp):
    doc = nlp("The dam opened in 1962 and closed on Monday.")
    assert [(t.text, t.anchored) for t in extract_timexes(doc, ANCHOR, anchor_confidence=0.6)] == \
        [("1962", False), ("Monday", True)]
    assert [t.text for t in extract_timexes(doc, ANCHOR, anchor_confidence=0.0)] == ["1962"]


def test_no_anchor_keeps_absolute_values(timexes_of):
    assert timexes_of("The dam opened in 1962 and closed on Monday.", anchor=None) == [("1962", "1962")]


def test_ages_and_fractions_are_not_durations(timexes_of):
    text = "The 52-year-old keeper, 60 years old, said three-quarters of the nets were torn after 12 years."
    assert timexes_of(text) == [("12 years", "P12Y")]


def test_clauses_that_point_ahead(timexes_of):
    """Prospective constructions send an underspecified date forward even in a past-tense report."""
    assert timexes_of("The ferry could sail as early as Friday.") == [("Friday", "2021-03-19")]
    assert timexes_of("The harbour office has scheduled a hearing Thursday.") == [("Thursday", "2021-03-18")]
    assert timexes_of("The mill is to reopen Monday.") == [("Monday", "2021-03-22")]
    assert timexes_of("The co-op created a new board, effective Feb. 1.", dt.date(2021, 10, 20)) == \
        [("Feb. 1", "2022-02-01")]
    assert timexes_of("The co-op announced an agreement to buy the mill in January.", dt.date(2021, 10, 20)) == \
        [("January", "2022-01")]


def test_a_participle_takes_the_tense_of_its_clause(timexes_of):
    """'with the third departing ...' has no tense of its own: the clause it hangs on decides."""
    text = ("The company said two ferries would leave Eastbrook on Monday, with the third departing each "
            "Friday from Aug. 9.")
    assert timexes_of(text, dt.date(2021, 2, 10)) == [
        ("Monday", "2021-02-15"), ("each Friday", "XXXX-WXX-5"), ("Aug. 9", "2021-08-09")]
    text = "The mills will close, and the harbour is going to start getting hit hard in the spring."
    assert timexes_of(text, dt.date(2021, 2, 10)) == [("the spring", "2021-SP")]


def test_the_week_or_month_being_reported(timexes_of):
    assert timexes_of("The index rose on Friday. For the week, it gained 2%.", dt.date(2021, 3, 22)) == [
        ("Friday", "2021-03-19"), ("the week", "2021-W11")]
    assert timexes_of("The dam should reopen by the end of the month.") == [("the end of the month", "2021-03")]
    assert timexes_of("She spent the week before the vote in Eastbrook.") == []


def test_round_thousands_of_years_count_and_or_so_ago_is_a_date(timexes_of):
    assert timexes_of("The guild kept its recipe for more than two thousand years.") == [
        ("more than two thousand years", "P2000Y")]
    assert timexes_of("The year two thousand came and went.") == [("The year two thousand", "2000")]
    assert timexes_of("A week or so ago, the guild met.") == [("A week or so ago", "2021-W10")]


def test_soon_after_an_event_is_not_a_time(timexes_of):
    assert timexes_of("The ferry sank soon after leaving port.") == []
    assert timexes_of("A trickle of tourists soon became a flood.") == []
    assert timexes_of("The new fares are expected to be applied soon.") == [("soon", "FUTURE_REF")]


def test_a_quarter_told_by_its_closing_day(timexes_of):
    """Three months ended July 31 (May to July) lie mostly in the second calendar quarter."""
    assert timexes_of("The mill lost money in the quarter ended July 31.", dt.date(2021, 10, 4)) == [
        ("the quarter", "2021-Q2"), ("July 31", "2021-07-31")]


def test_clauses_that_look_back(timexes_of):
    assert timexes_of("Divers have been searching the lake since the Oct. 3 storm.", dt.date(2021, 5, 6)) == \
        [("Oct. 3", "2020-10-03")]
    assert timexes_of("A picnic planned for Saturday was cancelled.") == [("Saturday", "2021-03-13")]


def test_as_soon_as_is_a_conjunction(timexes_of):
    assert timexes_of("The ferry will leave as soon as the storm passes.") == []
    assert timexes_of("Repairs must start as soon as possible.") == [("as soon as possible", "FUTURE_REF")]


def test_the_quarter_under_discussion(timexes_of):
    text = ("The cannery earned $3 million in the second quarter, up from $2 million in the year-ago period. "
            "Sales in the quarter rose 4%.")
    assert timexes_of(text) == [("the second quarter", "2020-Q2"), ("the year-ago period", "2019-Q2"),
                                ("the quarter", "2020-Q2")]


def test_the_year_ended_is_twelve_months(timexes_of):
    assert timexes_of("The dairy lost $2 million in the year ended June 30.") == \
        [("the year", "P1Y"), ("June 30", "2020-06-30")]
    assert timexes_of("Sales for the full year rose 3%.") == [("the full year", "2021")]


def test_time_words_used_for_something_else(timexes_of):
    assert timexes_of("Critics called the vote high noon for the council.") == []
    assert timexes_of("A second group of farmers joined the protest.") == []
    assert timexes_of("Thousands joined the annual March for Peace downtown.") == []
    assert timexes_of("The mayor said on the radio show This Week that taxes would rise.") == []
    assert timexes_of("The survey ran in USA Today and in local papers.") == []
    assert timexes_of("Today the council meets.") == [("Today", "2021-03-17")]
    assert timexes_of("Budgets rose above fiscal 2019 levels.") == [("fiscal 2019", "2019")]


def test_a_year_earlier_after_a_stretch_is_a_year(timexes_of):
    text = ("The cannery earned $3 million in the third quarter, up from $2 million a year earlier. "
            "For the nine months, it earned $8 million, up from $6 million a year earlier.")
    assert [v for _, v in timexes_of(text)] == ["2020-Q3", "2019-Q3", "P9M", "2020"]


def test_quarter_as_a_modifier_or_a_fraction(timexes_of):
    assert timexes_of("The quarter-to-quarter comparison was flat.") == []


def test_agreed_to_points_ahead(timexes_of):
    assert timexes_of("The mill agreed to sell its press to a rival in February.", dt.date(2021, 10, 20)) == \
        [("February", "2022-02")]


def test_stretches_of_unstated_length(timexes_of):
    assert timexes_of("Over the years the harbour silted up.") == [("the years", "PXY")]
    assert timexes_of("The dock could reopen within weeks.") == [("weeks", "PXW")]
    assert timexes_of("Growers met for a day-long session.") == [("day-long", "P1D")]
    assert timexes_of("Tourists came in the days before the festival.") == []
    assert timexes_of("Farmers own more than a quarter of the land.") == []


def test_that_quarter_and_over_the_summer(timexes_of):
    text = "The cannery earned $3 million in the second quarter. Costs for that quarter rose. Over the summer, it hired."
    assert timexes_of(text) == [("the second quarter", "2020-Q2"), ("that quarter", "2020-Q2"),
                                ("the summer", "2020-SU")]


def test_a_forecast_quarter_is_not_the_period_compared(timexes_of):
    text = ("Orland Mills earned $5 million in the fourth quarter. It expects a loss in the second quarter. "
            "In the year-ago period, it earned $3 million.")
    assert timexes_of(text)[-1] == ("the year-ago period", "2019-Q4")


def test_the_morning_is_on_the_day_last_mentioned(timexes_of):
    assert timexes_of("Shares fell on Friday. Buyers came back in the morning.") == [
        ("Friday", "2021-03-12"), ("the morning", "2021-03-12TMO")]


def test_a_plan_in_the_past_perfect_lies_behind(timexes_of):
    assert timexes_of("The offer had been due to expire Friday evening.") == [("Friday evening", "2021-03-12TEV")]
    assert timexes_of("The vote had been scheduled for Monday.") == [("Monday", "2021-03-15")]


def test_hour_in_the_morning_is_a_clock_time(timexes_of):
    assert timexes_of("The ferry will leave at 4 in the morning.") == [("4 in the morning", "2021-03-17T04:00")]


def test_a_deadline_set_until_a_day_lies_ahead(timexes_of):
    assert timexes_of("The council extended the offer until Tuesday.") == [("Tuesday", "2021-03-23")]
    assert timexes_of("The bank has given the firm credit through December.") == [("December", "2021-12")]
    assert timexes_of("Until Tuesday, the council had not met.") == [("Tuesday", "2021-03-16")]


def test_a_week_or_a_day_told_by_a_date(timexes_of):
    assert timexes_of("The hearing is set for the week of March 29.") == [("the week of March 29", "2021-W13")]
    assert timexes_of("He left the day before last Tuesday.") == [("the day before last Tuesday", "2021-03-15")]


def test_the_last_half_of_a_year(timexes_of):
    assert timexes_of("Sales will fall in the last half of 2021.") == [("the last half of 2021", "2021-H2")]


def test_a_march_named_in_quotes_is_a_title(timexes_of):
    assert timexes_of('She led the "March of the Mothers" in town.') == []


def test_election_day_and_decades_in_words(timexes_of):
    assert timexes_of("The vote falls on Election Day.", dt.date(2020, 10, 20)) == [("Election Day", "2020-11-03")]
    assert timexes_of("Crime fell through the nineties.") == [("the nineties", "199X")]


def test_the_day_closing_a_period_does_not_replace_it(timexes_of):
    text = "Orland Mills earned $5 million in the third quarter ended Sept. 30. A year earlier it lost $2 million."
    assert timexes_of(text, dt.date(2021, 10, 20))[-1] == ("A year earlier", "2020-Q3")


def test_a_period_after_a_stretch_of_months_is_that_stretch(timexes_of):
    text = ("Orland Mills said third-quarter net rose. In the first nine months, net was $9 million, "
            "compared with $7 million in the 2020 period. The year-ago results included a charge.")
    assert timexes_of(text, dt.date(2021, 10, 20))[-2:] == [("the 2020 period", "2020"), ("year-ago", "2020")]


def test_seasons_after_into_and_of_the_early(timexes_of):
    assert timexes_of("Demand stayed high well into the summer.", dt.date(2021, 10, 20)) == [
        ("the summer", "2021-SU")]
    assert timexes_of("Orders rose from the low levels of the early summer.", dt.date(2021, 10, 20)) == [
        ("the early summer", "2021-SU")]


def test_one_day_before_a_verb_is_someday(timexes_of):
    assert timexes_of("The town will one day be a city.") == [("one day", "FUTURE_REF")]
    assert timexes_of("Experts say the river will one day become a lake.") == [("one day", "FUTURE_REF")]
    assert timexes_of("The strike lasted one day.") == [("one day", "P1D")]


def test_a_day_when_is_a_day_not_a_length(timexes_of):
    assert timexes_of("If there ever came a day when I could not work, I would leave.") == [("a day", "FUTURE_REF")]
    assert timexes_of("There was a day when the mill employed a thousand people.") == [("a day", "PAST_REF")]
    assert timexes_of("The ferry arrived a day late.") == [("a day", "P1D")]


def test_parts_of_a_named_day_clock_times_and_the_day_being_reported(timexes_of):
    text = ("The levee at Marrow Creek gave way on the morning of March 9 and again in the early morning hours "
            "on Tuesday. Pumps stopped at 11:02 local time and restarted at 14:30. Earlier in the day the "
            "mayor had spoken. \u201cAt the moment, we wait,\u201d she said, after days of rain. Crews worked "
            "in the early hours of Monday.")
    assert timexes_of(text) == [
        ("the morning of March 9", "2021-03-09TMO"), ("the early morning hours on Tuesday", "2021-03-16TMO"),
        ("11:02 local time", "2021-03-16T11:02"), ("14:30", "2021-03-16T14:30"),  # the day last named
        ("Earlier in the day", "2021-03-16"), ("the moment", "PRESENT_REF"), ("days", "PXD"),
        ("the early hours of Monday", "2021-03-15")]


def test_a_bare_clock_stamp_and_a_day_month_abbreviation(timexes_of):
    assert timexes_of("Yesterday, 22:40") == [("Yesterday", "2021-03-16")]
    assert timexes_of("The council met on 9th Mar, 2021 in Eastbrook.") == [("9th Mar, 2021", "2021-03-09")]


def test_year_intervals_numeric_dates_and_and_a_half_durations(timexes_of):
    text = ("Eastbrook will receive six ferries from 2027 to 2029. The plan was signed on 7/8/20 and "
            "revised on 25/12/2020. The bridge is almost two and a half years late.")
    assert timexes_of(text) == [("2027 to 2029", "2027/2029"), ("7/8/20", "2020-07-08"),
                                ("25/12/2020", "2020-12-25"), ("almost two and a half years", "P2Y6M")]


def test_decade_words_are_found_without_another_time_word_near(timexes_of):
    # each pattern runs near its own gate word: "the twenties" holds none of the general trigger words
    assert timexes_of("Jazz clubs thrived in the twenties.") == [("the twenties", "192X")]


def test_gated_patterns_find_what_every_pattern_finds():
    """Each pattern runs only near its gate word: the spans are those of running every pattern over
    the whole text (longest first, then the prefixes), on a text that holds every family."""
    from parallax.analyze.timex.patterns import COMPILED, _extend_prefix, find_candidates
    text = ("On Tuesday, March 8, 2022, at 11:28 GMT, the council met for two hours; the early morning hours of "
            "Friday were quiet. Last spring, in the 1990s and the nineties, it grew; now, in recent weeks, it is "
            "nineteen ninety-six again at noon on Christmas Day, three years ago, the year-ago quarter, "
            "the first half of fiscal 1999, tomorrow night, 7/8/07, for the moment, every Monday. On 2022-03-09 "
            "at 4 in the morning, Q3 1989 and FY90 results of the 21st century came out, from 2009 to 2011. "
            "Two to three weeks before Easter, eight trading days after April 24 and 25, it met on the 14th, "
            "the week before last and the day before, and will in the weeks ahead.")
    every = sorted({m.span("t") if "t" in p.groupindex else m.span() for p in COMPILED for m in p.finditer(text)},
                   key=lambda span: (span[0] - span[1], span[0]))
    taken: list[tuple[int, int]] = []
    for start, end in every:
        if end > start and all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    assert find_candidates(text) == [_extend_prefix(text, s, e) for s, e in sorted(taken)]
    assert len(taken) >= 21


def test_gates_read_a_text_whose_lower_case_is_longer():
    """Case-insensitive gates scan a lower-case copy; where lower-casing changes the length ("İ" -> "i̇"),
    they scan the text itself, so offsets stay right."""
    from parallax.analyze.timex.patterns import find_candidates
    text = "İİİ Kervan left İzmir TODAY and reached the coast two days ago."
    found = [text[s:e] for s, e in find_candidates(text)]
    assert found == ["TODAY", "two days ago"]


def test_a_business_half_is_found_with_no_other_time_word_near(timexes_of):
    assert timexes_of("Profits at the mill doubled in the first half, analysts noted.",
                      anchor=dt.date(2023, 9, 1)) == [("the first half", "2023-H1")]


def test_an_age_adjective_is_no_duration_in_any_case(timexes_of):
    assert timexes_of("She starred in The 30-Year-Old Beekeeper and a 30-year-old play.") == []


def test_a_month_day_before_in_the_morning_is_a_day_and_its_part(timexes_of):
    # "3 in the morning" after a month is the day of the month, not 3 a.m.; the part goes on that day
    assert timexes_of("The ferry left Eastbrook on March 3 in the morning.") == [
        ("March 3", "2021-03-03"), ("the morning", "2021-03-03TMO")]
    assert timexes_of("The lighthouse went dark on Feb. 9 in the evening.") == [
        ("Feb. 9", "2021-02-09"), ("the evening", "2021-02-09TEV")]
    assert timexes_of("The ferry left at 4 in the morning.") == [("4 in the morning", "2021-03-17T04:00")]


def test_a_range_of_durations_is_one_timex_valued_at_its_lower_bound(timexes_of):
    assert timexes_of("Repairs to the Eastbrook ferry will take two to three weeks.") == [
        ("two to three weeks", "P2W")]
    assert timexes_of("The harbour will be dredged over the next 12 to 18 months.") == [
        ("the next 12 to 18 months", "P12M")]
    assert timexes_of("Pupils aged 10 to 12 years old joined.") == []


def test_the_weeks_ahead_is_a_stretch_of_future_weeks(timexes_of):
    assert timexes_of("The Eastbrook ferry will run fewer trips in the weeks ahead.") == [("the weeks ahead", "PXW")]
    assert timexes_of("Fares will rise in coming months.") == [("coming months", "PXM")]


def test_centuries_in_words_and_hundreds_and_seasons_of_a_year(timexes_of):
    assert timexes_of("The Eastbrook mill was built in the 1800s and rebuilt in the twentieth century.") == [
        ("the 1800s", "18XX"), ("the twentieth century", "19XX")]
    assert timexes_of("The harbour grew in the 2000s and will shrink in the twenty-first century.") == [
        ("the 2000s", "200X"), ("the twenty-first century", "20XX")]
    assert timexes_of("The ferry sank in the summer of 2019; it floods every winter.") == [
        ("the summer of 2019", "2019-SU"), ("every winter", "XXXX-WI")]


def test_a_clock_time_is_on_the_day_named_right_after_it(timexes_of):
    assert timexes_of("The Eastbrook ferry sank at 3 a.m. local time on Sunday.") == [
        ("3 a.m.", "2021-03-14T03:00"), ("Sunday", "2021-03-14")]
    assert timexes_of("The mayor will speak at noon on Friday, March 19.") == [
        ("noon", "2021-03-19T12:00"), ("Friday, March 19", "2021-03-19")]
    # a day further on in the sentence is not the clock's day
    assert timexes_of("At 9 p.m. the ferry left; on Monday it returned.") == [
        ("9 p.m.", "2021-03-17T21:00"), ("Monday", "2021-03-15")]


def test_the_second_day_of_a_pair_is_a_day_of_the_month_named(timexes_of):
    assert timexes_of("The Eastbrook fair is on April 24 and 25 in the park.") == [
        ("April 24", "2021-04-24"), ("25", "2021-04-25")]
    assert timexes_of("The fair ran March 3 to 5, 2019.") == [("March 3 to 5, 2019", "2019-03-03/2019-03-05")]
    assert timexes_of("The dam broke on March 3 and 5 people died.") == [("March 3", "2021-03-03")]


def test_trading_and_business_days_are_days(timexes_of):
    assert timexes_of("Eastbrook shares recovered eight trading days later.") == [("eight trading days", "P8D")]
    assert timexes_of("Refunds take five business days.") == [("five business days", "P5D")]


def test_weeks_of_a_month_weeks_before_last_and_earlier_in_the_week(timexes_of):
    assert timexes_of("The Eastbrook fair opened in the first week of March.") == [("the first week of March", "2021-W09")]
    assert timexes_of("The ferry sank in the last week of February.") == [("the last week of February", "2021-W08")]
    assert timexes_of("The council met the week before last.") == [("the week before last", "2021-W09")]
    assert timexes_of("The council met earlier in the week.") == [("earlier in the week", "2021-W11")]
    assert timexes_of("The mill closed in the mid-'60s.") == [("the mid-'60s", "196X")]


def test_a_bare_ordinal_day_and_this_past(timexes_of):
    assert timexes_of("In June, the Eastbrook talks began on the 5th and ended on the 9th.") == [
        ("June", "2021-06"), ("the 5th", "2021-06-05"), ("the 9th", "2021-06-09")]
    assert timexes_of("The ferry sank on the 20th.") == [("the 20th", "2021-02-20")]   # still ahead this month: last month's
    assert timexes_of("The mayor works on the 14th floor.") == []
    assert timexes_of("The fair closed this past Sunday.") == [("this past Sunday", "2021-03-14")]
    assert timexes_of("The fair will run between March and May.") == [("March", "2021-03"), ("May", "2021-05")]


def test_the_day_before_said_alone_counts_from_the_day_reported(timexes_of):
    assert timexes_of("The Eastbrook mayor resigned on Monday; he had met the council the day before.") == [
        ("Monday", "2021-03-15"), ("the day before", "2021-03-14")]
    assert timexes_of("The day before the vote, the mayor left.") == []   # a day told by an event
