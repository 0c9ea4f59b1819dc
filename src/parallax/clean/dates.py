"""Explicit calendar dates in a line ("October 15,2020", "01 November 2020", "2020-10-15", "15.10.2020")
and what kind of date line it is (publication dateline, update stamp, bare date)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun)\.?"
TIME = r"(?:\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?|\d{1,2}\s*[ap]\.?m\.?)"

_PATTERNS = [
    # October 15, 2020 / Oct. 15 2020 / October 15,2020
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s*{_YEAR}\b", re.IGNORECASE),
    # 01 November 2020 / 22 Dec, 2024 / 1st of November 2020
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s*{_YEAR}\b", re.IGNORECASE),
    # 2020-10-15 / 2020/10/15
    re.compile(rf"\b{_YEAR}[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"),
    # 15.10.2020 / 15-10-2020 (day first)
    re.compile(rf"\b(?P<day>[0-3]?\d)[.-](?P<month>[01]?\d)[.-]{_YEAR}\b"),
    # 10/15/2020 (month first when the second number cannot be a month; else day first)
    re.compile(rf"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/{_YEAR}\b"),
]

UPDATE_RE = re.compile(r"\b(last\s+)?(updated?|modified|edited|revised)\b|\blast update\b", re.IGNORECASE)
PUBLISHED_RE = re.compile(r"\b(published|posted|first published|released|issued|date)\b", re.IGNORECASE)


@dataclass
class DateMention:
    date: dt.date
    start: int
    end: int


def find_dates(text: str) -> list[DateMention]:
    """Every explicit full date (day, month and year) in `text`, in order, without overlaps."""
    found: list[DateMention] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < d.end and d.start < m.end() for d in found):
                continue
            date = _to_date(m.groupdict())
            if date:
                found.append(DateMention(date, m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _to_date(g: dict[str, str | None]) -> dt.date | None:
    year = int(g["year"])
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        month, day = (a, b) if b > 12 else (b, a)
    else:
        month_text = g["month"].lower().rstrip(".")
        month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
        day = int(g["day"])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_FILLER_RE = re.compile(rf"(?i)\b(?:{WEEKDAY}|{TIME}|at|on|gmt|utc|local time|\|)\b|[,|:\-–—/•·()]")


def date_line_kind(text: str) -> str | None:
    """'update' for an update stamp, 'published' for a labelled dateline, 'bare' for a line that is
    essentially just a date (and time), None when the line is not a date line."""
    dates = find_dates(text)
    if not dates:
        return None
    rest = text
    for d in reversed(dates):
        rest = rest[:d.start] + " " + rest[d.end:]
    if UPDATE_RE.search(rest):
        return "update"
    if PUBLISHED_RE.search(rest):
        return "published"
    leftover = _FILLER_RE.sub(" ", rest).split()
    return "bare" if len(leftover) == 0 else None
