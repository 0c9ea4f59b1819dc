"""normalise(): every TIMEX3 value format, on sentences written for these tests (no spaCy)."""
import datetime as dt

import pytest

from parallax.analyze.timex import normalise

WED = dt.date(2021, 3, 17)  # a Wednesday in ISO week 11


@pytest.mark.parametrize("text,tense,expected", [
    # calendar dates, months, years, decades, centuries
    ("March 3, 2019", "past", ("DATE", "2019-03-03", None)),
    ("Feb. 9", "past", ("DATE", "2021-02-09", None)),
    ("9 February 2018", "past", ("DATE", "2018-02-09", None)),
    ("Tuesday, Feb. 9", "past", ("DATE", "2021-02-09", None)),
    ("June 2016", "past", ("DATE", "2016-06", None)),
    ("January", "past", ("DATE", "2021-01", None)),
    ("November", "past", ("DATE", "2020-11", None)),      # past tense: the last November
    ("November", "future", ("DATE", "2021-11", None)),
    ("June this year", "past", ("DATE", "2021-06", None)),
    ("1987", "past", ("DATE", "1987", None)),
    ("the 1970s", "past", ("DATE", "197X", None)),
    ("the early 1970s", "past", ("DATE", "197X", "EARLY")),
    ("the mid-1980s", "past", ("DATE", "198X", "MID")),
    ("the 19th century", "past", ("DATE", "18XX", None)),
    # weekdays follow the tense of the clause
    ("Sunday", "past", ("DATE", "2021-03-14", None)),
    ("Sunday", "future", ("DATE", "2021-03-21", None)),
    ("Wednesday", "past", ("DATE", "2021-03-17", None)),
    ("late on Monday", "past", ("DATE", "2021-03-15", "LATE")),
    ("early Friday", "future", ("DATE", "2021-03-19", "EARLY")),
    ("Friday", "present", ("DATE", "2021-03-19", None)),     # the present tense: the nearest Friday
    ("Monday", "present", ("DATE", "2021-03-15", None)),
    ("last Friday", "past", ("DATE", "2021-03-12", None)),
    ("next Monday", "past", ("DATE", "2021-03-22", None)),
    # deictic days, parts of day
    ("today", "past", ("DATE", "2021-03-17", None)),
    ("Earlier today", "past", ("DATE", "2021-03-17", "EARLY")),
    ("yesterday", "past", ("DATE", "2021-03-16", None)),
    ("tomorrow", "future", ("DATE", "2021-03-18", None)),
    ("tonight", "future", ("TIME", "2021-03-17TNI", None)),
    ("overnight", "past", ("TIME", "2021-03-16TNI", None)),
    ("the morning", "past", ("TIME", "2021-03-17TMO", None)),
    ("Monday evening", "past", ("TIME", "2021-03-15TEV", None)),
    ("yesterday afternoon", "past", ("TIME", "2021-03-16TAF", None)),
    ("9:30 a.m.", "past", ("TIME", "2021-03-17T09:30", None)),
    ("4 p.m. Monday", "past", ("TIME", "2021-03-15T16:00", None)),
    # weeks, weekends, months, years relative to the anchor
    ("this week", "past", ("DATE", "2021-W11", None)),
    ("last week", "past", ("DATE", "2021-W10", None)),
    ("next week", "future", ("DATE", "2021-W12", None)),
    ("last weekend", "past", ("DATE", "2021-W10-WE", None)),
    ("last month", "past", ("DATE", "2021-02", None)),
    ("next year", "future", ("DATE", "2022", None)),
    ("four years ago", "past", ("DATE", "2017", None)),
    ("two weeks ago", "past", ("DATE", "2021-W09", None)),
    ("three months ago", "past", ("DATE", "2020-12", None)),
    ("the same year", "past", ("DATE", "2016", None)),     # previous date mentioned: 2016-06
    ("the third quarter", "past", ("DATE", "2020-Q3", None)),
    ("last summer", "past", ("DATE", "2020-SU", None)),
    # durations
    ("19 years", "past", ("DURATION", "P19Y", None)),
    ("five days", "past", ("DURATION", "P5D", None)),
    ("over three weeks", "past", ("DURATION", "P3W", "MORE_THAN")),
    ("nearly four decades", "past", ("DURATION", "P4DE", "LESS_THAN")),
    ("decades-long", "past", ("DURATION", "PXDE", None)),
    ("many months", "past", ("DURATION", "PXM", None)),
    ("several years", "past", ("DURATION", "PXY", None)),
    ("a week", "past", ("DURATION", "P1W", None)),
    ("two-day", "past", ("DURATION", "P2D", None)),
    ("12-year-long", "past", ("DURATION", "P12Y", None)),
    ("six hours", "past", ("DURATION", "PT6H", None)),
    ("years", "past", ("DURATION", "PXY", None)),
    # vague references and sets
    ("recently", "past", ("DATE", "PAST_REF", None)),
    ("the past", "past", ("DATE", "PAST_REF", None)),
    ("now", "present", ("DATE", "PRESENT_REF", None)),
    ("so far", "present", ("DATE", "PRESENT_REF", None)),
    ("the future", "future", ("DATE", "FUTURE_REF", None)),
    ("daily", "present", ("SET", "P1D", None)),
    ("every year", "present", ("SET", "P1Y", None)),
    # years said in words
    ("nineteen eighty-four", "past", ("DATE", "1984", None)),
    ("the year two thousand", "past", ("DATE", "2000", None)),
    # intervals
    ("October 4-6", "past", ("DATE", "2020-10-04/2020-10-06", None)),
    ("2008-2012", "past", ("DATE", "2008/2012", None)),
])
def test_normalise_formats(text, tense, expected):
    assert normalise(text, WED, tense, previous="2016-06") == expected


def test_leading_preposition_is_ignored():
    assert normalise("on Sunday", WED, "past") == normalise("Sunday", WED, "past")
    assert normalise("in the 1970s", WED)[1] == "197X"


def test_month_day_across_new_year():
    early_january = dt.date(2022, 1, 4)
    assert normalise("Dec. 28", early_january, "past")[1] == "2021-12-28"
    assert normalise("Jan. 20", dt.date(2021, 12, 29), "future")[1] == "2022-01-20"


def test_without_anchor_absolute_values_survive_and_relative_ones_do_not():
    assert normalise("March 3, 2019", None) == ("DATE", "2019-03-03", None)
    assert normalise("Feb. 9", None)[1] == "XXXX-02-09"
    assert normalise("P", None) is None
    assert normalise("last week", None) is None
    assert normalise("19 years", None)[1] == "P19Y"


def test_not_time_expressions():
    for text in ("the bridge", "seven", "a few", ""):
        assert normalise(text, WED) is None


@pytest.mark.parametrize("text,expected", [
    ("2 1/2 years", "P2Y6M"),
    ("5 1/2 hours", "PT5H30M"),
    ("a minute and a half", "PT1M30S"),
    ("three days and a half", "P3DT12H"),
])
def test_half_units(text, expected):
    assert normalise(text, WED) == ("DURATION", expected, None)


@pytest.mark.parametrize("text,expected", [
    ("every Thursday", "XXXX-WXX-4"),
    ("each Sunday", "XXXX-WXX-7"),
    ("Mondays", "XXXX-WXX-1"),
    ("Tuesday nights", "XXXX-WXX-2TNI"),
    ("each July", "XXXX-07"),
])
def test_recurring_weekdays_and_months(text, expected):
    assert normalise(text, WED, "present") == ("SET", expected, None)


def test_decades_ago_count_years():
    assert normalise("a decade ago", WED)[1] == "2011"
    assert normalise("two decades ago", WED)[1] == "2001"


def test_years_before_1000_keep_four_digits():
    early = dt.date(1991, 6, 4)
    assert normalise("a thousand years ago", early)[1] == "0991"
    assert normalise("ten centuries ago", early)[1] == "0991"
    assert normalise("a thousand years ago", WED)[1] == "1021"


def test_last_month_day_points_back():
    assert normalise("last Oct. 23", WED, "future")[1] == "2020-10-23"
    assert normalise("last March 20", WED, "past")[1] == "2020-03-20"


def test_following_and_previous_count_from_the_date_mentioned():
    assert normalise("the following year", WED, "past", previous="1995")[1] == "1996"
    assert normalise("The following month", WED, "past", previous="1989-03")[1] == "1989-04"
    assert normalise("the previous day", WED, "past", previous="2019-05-01")[1] == "2019-04-30"
    assert normalise("the following Monday", WED, "past", previous="2019-05-01")[1] == "2019-05-06"
    assert normalise("the following year", WED, "past")[1] == "2022"     # nothing mentioned: from the anchor
    assert normalise("the next day", WED, "past", previous="2019-05-01")[1] == "2019-05-02"
    assert normalise("the next morning", WED, "past", previous="2019-05-01")[1] == "2019-05-02TMO"
    assert normalise("that same day", WED, "past", previous="2019-05-01")[1] == "2019-05-01"
    assert normalise("next week", WED, "past", previous="2019-05-01")[1] == "2021-W12"   # no article: from the report


def test_overnight_before_the_day_reported_on():
    """A past-tense report about Monday: 'overnight' is the night before Monday, not before the report."""
    assert normalise("overnight", WED, "past", previous="2021-03-15")[1] == "2021-03-14TNI"
    assert normalise("overnight", WED, "past", previous="2020-11-02")[1] == "2021-03-16TNI"  # a day long past
    assert normalise("overnight", WED, "future", previous="2021-03-15")[1] == "2021-03-17TNI"


def test_periods_under_discussion():
    """'the quarter', 'the 2019 period', 'the year-ago quarter' take the quarter being discussed."""
    assert normalise("the quarter", WED, "past", previous="2020-Q4")[1] == "2020-Q4"
    assert normalise("the 2019 period", WED, "past", previous="2020-Q4")[1] == "2019-Q4"
    assert normalise("the 2019 period", WED, "past")[1] == "2019"
    assert normalise("the comparable year-ago quarter", WED, "past", previous="2020-Q4")[1] == "2019-Q4"
    assert normalise("last year's quarter", WED, "past", previous="2020-Q4")[1] == "2019-Q4"
    assert normalise("the corresponding period last year", WED, "past", previous="2020-Q4")[1] == "2019-Q4"


@pytest.mark.parametrize("text,expected", [
    ("at least 72 hours", ("DURATION", "PT72H", "MORE_THAN")),
    ("at least 20 more years", ("DURATION", "P20Y", "MORE_THAN")),
    ("two more weeks", ("DURATION", "P2W", None)),
    ("an additional year", ("DURATION", "P1Y", None)),
    ("the next couple of years", ("DURATION", "P2Y", None)),
    ("recent months", ("DURATION", "PXM", None)),
    ("several quarters", ("DURATION", "PXQ", None)),
    # a stretch of an unstated number of units ahead, as "recent months" is one behind
    ("coming quarters", ("DURATION", "PXQ", None)),
    ("the weeks ahead", ("DURATION", "PXW", None)),
    ("the years to come", ("DURATION", "PXY", None)),
])
def test_counted_stretches(text, expected):
    assert normalise(text, WED) == expected


def test_the_year_and_its_end():
    assert normalise("the fiscal year", WED)[1] == "2021"
    assert normalise("the full year", WED)[1] == "2021"
    assert normalise("the latest fiscal year", WED)[1] == "2020"
    # the end of a year is the year itself, as "the end of the year" is (TimeML: mod END)
    assert normalise("year-end", WED, "future")[1] == "2021"
    assert normalise("year's end", WED, "past")[1] == "2020"
    assert normalise("the end of the year", WED, "future")[1] == normalise("year end", WED, "future")[1] == "2021"
    assert normalise("the latest period", WED, "past")[1] == "2020-Q4"


def test_halves_and_year_back_stretches():
    assert normalise("the first two quarters of 2022", WED)[1] == "2022-H1"
    assert normalise("the year-earlier nine months", WED) == ("DURATION", "P9M", None)


def test_middle_of_the_day():
    assert normalise("mid-afternoon yesterday", WED) == ("TIME", "2021-03-16TAF", "MID")
    assert normalise("midmorning", WED, "past", previous="2021-03-15") == ("TIME", "2021-03-15TMO", "MID")
    assert normalise("midday", WED) == ("TIME", "2021-03-17T12:00", None)


@pytest.mark.parametrize("text,tense,expected", [
    ("2Q", "past", "2020-Q2"),        # anchor in Q1: the second quarter already reported is last year's
    ("2Q", "future", "2021-Q2"),
    ("Q3 1989", "past", "1989-Q3"),
    ("3Q'89", "past", "1989-Q3"),
    ("FY91", "past", "1991"),
    ("FY 2019", "past", "2019"),
])
def test_financial_shorthand(text, tense, expected):
    assert normalise(text, WED, tense)[1] == expected


@pytest.mark.parametrize("text,expected", [
    ("the week of March 1", ("DATE", "2021-W09", None)),
    ("the day after Jan. 31", ("DATE", "2021-02-01", None)),
    ("the final quarter of 2019", ("DATE", "2019-Q4", None)),
    ("the last half of 1989", ("DATE", "1989-H2", None)),
    ("8 in the evening", ("TIME", "2021-03-17T20:00", None)),
])
def test_told_by_a_date_halves_and_hours(text, expected):
    assert normalise(text, WED, "past") == expected


def test_past_decade_is_the_ten_years_up_to_now():
    # like "the past two decades" (P2DE), not the calendar decade before this one
    assert normalise("the past decade", WED)[:2] == ("DURATION", "P1DE")
    assert normalise("the last decade", WED)[:2] == ("DATE", "201X")
    assert normalise("the past two decades", WED)[:2] == ("DURATION", "P2DE")
    assert normalise("this decade", WED)[:2] == ("DATE", "202X")


def test_easter_and_the_days_around_it():
    assert normalise("Easter", WED, "future")[1] == "2021-04-04"
    assert normalise("Good Friday", WED, "future")[1] == "2021-04-02"
    assert normalise("Easter Monday", dt.date(2019, 5, 1), "past")[1] == "2019-04-22"
    assert normalise("Easter week", dt.date(2000, 4, 17), "past")[1] == "2000-W16"   # Holy Week ends on Easter Sunday
    assert normalise("Easter", dt.date(2021, 1, 10), "past")[1] == "2020-04-12"      # looking back: last year's


def test_two_digit_decades_and_the_same_day_of_a_month():
    assert normalise("the '80s", WED)[1] == "198X"
    assert normalise("the '20s", WED)[1] == "202X"                 # begun by 2021: the 2020s
    assert normalise("the '20s", dt.date(1989, 5, 2))[1] == "192X"
    # "that same day" after a month names a day of it, unsaid which; a bare "that day" does not
    assert normalise("that same day", WED, "past", previous="2020-10")[1] == "2020-10-XX"
    assert normalise("that day", WED, "past", previous="2020-10") is None
    assert normalise("that same day", WED, "past", previous="2020-10-23TNI")[1] == "2020-10-23"


def test_past_years_is_the_vague_past():
    assert normalise("past years", WED) == ("DATE", "PAST_REF", None)
