"""Periods of business reporting: quarters, halves, "the year", and the period under discussion
("the year-ago quarter", "the 1988 period"), which takes the quarter named last (`previous`)."""
from __future__ import annotations

import re

from parallax.analyze.timex.grains import grain_value, shift
from parallax.analyze.timex.lexicon import ORDINALS


def the_year(s, anchor, tense, previous):
    """'the year', 'the fiscal year', 'the full year', 'year-end': the year the report is in;
    'the latest fiscal year' is the last one completed."""
    m = re.fullmatch(r"the ((?:(?:current|latest|fiscal|full|entire|whole) )*)year|(year[- ]end|year's end)", s)
    if not m or not anchor:
        return None
    if m[2]:  # the end of a year is that year (TimeML: the year with mod END), the one ahead or behind a past report
        return "DATE", str(anchor.year - (1 if tense == 'past' else 0))
    return "DATE", str(anchor.year - (1 if "latest" in (m[1] or "") else 0))


def year_earlier(s, anchor, tense, previous):
    """'the year-earlier quarter', 'year-ago', 'last year's quarter', 'the period a year ago': the period
    compared with, one year back."""
    if not re.fullmatch(r"(?:(?:comparable|corresponding|same) )?year-(?:earlier|ago)(?: (?:quarter|period))?"
                        r"|last year's (?:quarter|period)"
                        r"|(?:the )?(?:(?:comparable|corresponding|same) )?(?:quarter|period)"
                        r" (?:of )?(?:last year|a year (?:ago|earlier))", s):
        return None
    shifted = year_shifted_quarter("year", -1, previous)
    if shifted:
        return "DATE", shifted
    return ("DATE", str(anchor.year - 1)) if anchor else None


def discourse_quarter(s, anchor, tense, previous):
    """'the quarter' and 'the 1988 period' name the quarter under discussion (`previous`), or that
    quarter of another year."""
    m = re.fullmatch(r"(?:(\d{4}) )?(?:quarter|period)|latest period", s)
    if not m:
        return None
    if previous and re.fullmatch(r"\d{4}-Q\d", previous):
        return "DATE", (m[1] or previous[:4]) + previous[4:]
    if m[1]:
        return "DATE", m[1]
    if s == "latest period" and anchor:  # no quarter named yet: the last one reported on
        return "DATE", grain_value("quarter", shift(anchor, "quarter", -1))
    return None


def year_shifted_quarter(unit: str, years: int, previous: str | None) -> str | None:
    """'a year earlier' right after a quarter compares quarters: the same quarter that many years back."""
    if unit != "year" or not previous or not re.fullmatch(r"\d{4}-Q\d", previous):
        return None
    return f"{int(previous[:4]) + years}{previous[4:]}"


def quarters(s, anchor, tense, previous):
    m = re.fullmatch(r"(?:(this|last|next) year's |(\d{4})'?s? )?(?:the )?(?:(year-ago|year-earlier) )?(?:(\d{4}) )?(?:fiscal )?"
                     r"(first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal )?(quarter|half)"
                     r"(?: of (?:(this|last|next) year|(?:fiscal )?(\d{4})))?", s)
    if not m:
        return None
    n = ORDINALS[m[5]]
    year_word, year = m[1] or m[7], m[2] or m[4] or m[8]
    if year is None:
        if not anchor:
            return None
        current = (anchor.month - 1) // 3 + 1 if m[6] == "quarter" else (anchor.month - 1) // 6 + 1
        base = anchor.year
        if year_word:
            base += {"last": -1, "next": 1}.get(year_word, 0)
        elif tense == "past" and n > current:
            base -= 1
        if m[3]:  # "the year-ago third quarter"
            base -= 1
        year = str(base)
    if m[6] == "half":
        return ("DATE", f"{year}-H{n}") if n <= 2 else None
    return "DATE", f"{year}-Q{n}"


def half_years(s, anchor, tense, previous):
    """'the first two quarters of 1990' is the first half of 1990; 'the last half of 1989' the second,
    'the final quarter of 1989' the fourth quarter."""
    m = re.fullmatch(r"(first|last|second) (?:two|2) quarters of (\d{4})", s)
    if m:
        return "DATE", f"{m[2]}-H{1 if m[1] == 'first' else 2}"
    m = re.fullmatch(r"(?:last|final) (half|quarter) of (\d{4})", s)
    return ("DATE", f"{m[2]}-{'H2' if m[1] == 'half' else 'Q4'}") if m else None


def short_forms(s, anchor, tense, previous):
    """Financial shorthand: '2Q', 'Q3 1989', "3Q'89" -> a quarter; 'FY90', "FY '91" -> the fiscal year's number."""
    m = re.fullmatch(r"fy ?'?(\d{2})", s)
    if m:
        return "DATE", _century(m[1])
    m = re.fullmatch(r"([1-4])q(?: ?'?(\d{2}|\d{4}))?|q([1-4])(?: '?(\d{2}|\d{4}))?", s)
    if not m:
        return None
    n, year = int(m[1] or m[3]), m[2] or m[4]
    if year:
        return "DATE", f"{_century(year) if len(year) == 2 else year}-Q{n}"
    if not anchor:
        return None
    past_quarter = tense == "past" and n > (anchor.month - 1) // 3 + 1  # "2Q" in a report from March: last year's
    return "DATE", f"{anchor.year - past_quarter}-Q{n}"


def _century(two_digits: str) -> str:
    return ("19" if int(two_digits) > 30 else "20") + two_digits
