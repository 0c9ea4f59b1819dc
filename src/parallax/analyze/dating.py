"""Infer a publication date the page does not print, from the dated events its body reports.

Evidence, each in the tense of its clause: full dates ("July 17, 2020"), month-days without a year
("July 17"), years ("a 2016 war") and weekdays ("late on Tuesday"). News style names the days of
the last week by weekday and older ones by date, so the weekday events are taken as the freshest:
publication is the day after the latest weekday event on or after the latest dated past event (or
the day after that dated event when no weekday is named). The year comes from the text (a weekday
printed with its date pins it; otherwise past-tense years bound it from below) and, when the text
leaves it open, from the publication dates the other articles of the same corpus print.
A year-less city dateline opening the body ("CITY, June 7.") is the publication day itself. When the
corpus's printed dates cluster (one story), its centre anchors the rest: dated events more than a
week before it are background, and weekdays ("on Wednesday") then name days of the week around it;
a body with no usable evidence at all takes the centre itself (the weakest guess).
The result is always marked `inferred:` and carries a low confidence; it is never shown as printed.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from parallax.analyze.timex.extract import clause_tense
from parallax.analyze.timex.lexicon import WEEKDAYS
from parallax.analyze.timex.normalise import normalise
from parallax.analyze.timex.patterns import find_candidates
from parallax.clean.dates import city_dateline
from parallax.model import Fact

_WEEKDAY = re.compile(r"\b(?:(last|next|this|coming|past) )?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_FULL = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MONTH_DAY = re.compile(r"XXXX-(\d\d)-(\d\d)")
_YEARISH = re.compile(r"(\d{4})(?:-\d\d)?(?:-\d\d)?")
LATEST_DATE_GUESS = "inferred:latest-date-in-body"   # clean's guess without a parse
MAX_WEEKDAY_SPREAD = 6    # weekday events of one report lie within a week
CORPUS_WINDOW_DAYS = 30   # a report appears within weeks of its latest event
BACKGROUND_DAYS = 7       # a dated event this long before the corpus centre is background
NEW_YEAR_MONTHS = {11, 12, 1, 2}
MIN_CLUSTER = 3           # printed dates needed before a corpus shows a centre


@dataclass
class Evidence:
    """What the body says about when it was written."""
    past_dates: list[tuple[dt.date, str]] = field(default_factory=list)
    future_dates: list[dt.date] = field(default_factory=list)
    month_days: list[tuple[int, int, str]] = field(default_factory=list)     # past-tense (month, day, text)
    years: list[int] = field(default_factory=list)                           # years a non-future clause names
    weekdays: list[tuple[int, str]] = field(default_factory=list)            # past-tense (weekday, text)
    pinned: list[tuple[int, int, int]] = field(default_factory=list)         # (weekday, month, day) printed together


def gather_evidence(doc) -> Evidence:
    """Dated mentions of the parsed body, without any anchor date."""
    text, ev = doc.text, Evidence()
    for start, end in find_candidates(text):
        surface = text[start:end]
        tense = clause_tense(doc, start, end, text)
        weekday = _WEEKDAY.search(surface)
        result = normalise(surface, None, tense)
        value = result[1] if result else ""
        if (m := _FULL.match(value)) and _valid(*map(int, m.groups())):
            day = dt.date(*map(int, m.groups()))
            if tense == "future":
                ev.future_dates.append(day)
            else:
                ev.past_dates.append((day, surface))
            if weekday:
                ev.pinned.append((WEEKDAYS[weekday[2].lower()], day.month, day.day))
        elif m := _MONTH_DAY.match(value):
            month, day_of_month = int(m[1]), int(m[2])
            if weekday:
                ev.pinned.append((WEEKDAYS[weekday[2].lower()], month, day_of_month))
            if tense != "future":
                ev.month_days.append((month, day_of_month, surface))
        elif weekday and tense == "past" and (weekday[1] or "").lower() not in ("next", "coming"):
            ev.weekdays.append((WEEKDAYS[weekday[2].lower()], surface))
        if tense != "future" and (y := _YEARISH.fullmatch(value)) and 1800 < int(y[1]) < 2200:
            ev.years.append(int(y[1]))
    return ev


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def choose_year(ev: Evidence, corpus_dates: Counter[dt.date] | None = None) -> tuple[int | None, str]:
    """The publication year and where it came from. `corpus_dates`: the publication dates the other
    articles of the corpus print; the year that puts the body's latest event just before many of them
    wins, so a "December 10" in a corpus running from November to September lands in the right year."""
    corpus_dates = corpus_dates or Counter()
    years = Counter()
    for day, count in corpus_dates.items():
        years[day.year] += count
    floor = max(ev.years, default=None)
    # a year beyond every printed one is more likely a misread plan ("by 2030") than a floor
    candidates = [y for y in years if floor is None or y >= floor] or list(years)
    for weekday, month, day in ev.pinned:   # "Tuesday, March 8": only some years fit
        pool = candidates or ([floor + k for k in range(0, 12)] if floor else [])
        fitting = [y for y in pool if _valid(y, month, day) and dt.date(y, month, day).weekday() == weekday]
        if fitting:
            hinted = [y for y in fitting if y in years]
            return (hinted[0] if hinted else min(fitting)), "weekday-date"
    if candidates:
        def fit(year: int) -> tuple[int, int, int]:
            events = _dated_in(ev, year)
            if not events:
                return 0, years[year], -year
            earliest, latest = min(events)[0], max(events)[0]
            # printed while the reported events ran or soon after the latest
            printed_soon_after = sum(n for day, n in corpus_dates.items()
                                     if earliest <= day and (day - latest).days <= CORPUS_WINDOW_DAYS)
            return printed_soon_after, years[year], -year
        return max(candidates, key=fit), "corpus-dates"
    if floor is not None:
        return floor, "latest-year-in-body"
    return None, ""


def _dated_in(ev: Evidence, year: int) -> list[tuple[dt.date, str]]:
    """The body's past dated events placed in `year` (month-days take that year)."""
    dated = [(d, s) for d, s in ev.past_dates if d.year == year]
    months = {m for m, _, _ in ev.month_days}
    # "Dec. 28" and "Jan. 9" in one report, and nothing between spring and autumn: it spans New Year
    wraps = months <= NEW_YEAR_MONTHS and months & {11, 12} and months & {1, 2}
    for m, d, s in ev.month_days:
        y = year + 1 if wraps and m <= 2 else year
        if _valid(y, m, d):
            dated.append((dt.date(y, m, d), s))
    return dated


def corpus_center(corpus_dates: Counter[dt.date] | None) -> dt.date | None:
    """The median printed date of a corpus whose dates cluster (at least MIN_CLUSTER dates, half of
    them or more within a week of it, as for the coverage of one story), else None."""
    days = sorted((corpus_dates or Counter()).elements())
    if len(days) < MIN_CLUSTER:
        return None
    center = days[(len(days) - 1) // 2]
    near = sum(abs((d - center).days) <= BACKGROUND_DAYS for d in days)
    return center if 2 * near >= len(days) else None


def weekday_near(weekdays: list[tuple[int, str]], center: dt.date) -> tuple[dt.date, str]:
    """The day of the newest weekday the body names (the one the others precede most closely), placed
    in the week around `center`: a report names the days of its own week by weekday."""
    names = {w for w, _ in weekdays}
    newest = min(names, key=lambda p: (max((p - w) % 7 for w in names), p))
    offset = (newest - center.weekday() + 3) % 7 - 3
    return center + dt.timedelta(days=offset), next(text for w, text in weekdays if w == newest)


def _opening_dateline(text: str) -> tuple[int, int] | None:
    """(month, day) of a year-less city dateline on one of the body's first lines."""
    for line in [l for l in text.split("\n") if l.strip()][:3]:
        if md := city_dateline(line.strip()):
            return md
    return None


def infer_publication(doc, corpus_dates: Counter[dt.date] | None = None) -> Fact:
    """An `inferred:` publication date for a body whose page prints none, or an empty Fact."""
    ev = gather_evidence(doc)
    year, year_how = choose_year(ev, corpus_dates)
    center = corpus_center(corpus_dates)
    if year is not None and (md := _opening_dateline(doc.text)) and _valid(year, *md):
        return Fact(dt.date(year, *md).isoformat(), f"inferred:city-dateline+{year_how}", 0.6, doc.text[:80])
    dated = _dated_in(ev, year) if year is not None else []
    if center is not None and (not dated or (center - max(dated)[0]).days > BACKGROUND_DAYS):
        if ev.weekdays:
            day, evidence = weekday_near(ev.weekdays, center)
            return Fact(day.isoformat(), "inferred:weekday+corpus-centre", 0.25, evidence)
        return Fact(center.isoformat(), "inferred:corpus-centre", 0.1, "")
    if not dated:
        return Fact(None)
    latest, evidence = max(dated)
    if not dt.date.min + dt.timedelta(days=7) <= latest <= dt.date.max - dt.timedelta(days=7):
        return Fact(None)   # at the calendar's edge: the day after could not even be written
    published, how = latest + dt.timedelta(days=1), "events"
    if ev.weekdays:
        days = [latest + dt.timedelta(days=(w - latest.weekday()) % 7) for w, _ in ev.weekdays]
        if max(days) - min(days) <= dt.timedelta(days=MAX_WEEKDAY_SPREAD):
            newest = max(range(len(days)), key=days.__getitem__)
            published, how = days[newest] + dt.timedelta(days=1), "weekday-after-events"
            evidence += " / " + ev.weekdays[newest][1]
    later = [d for d in ev.future_dates if d >= latest]
    if later and published > min(later):
        published = min(later)
    confidence = 0.3 if year_how == "corpus-dates" else 0.4
    return Fact(published.isoformat(), f"inferred:{how}+{year_how}", confidence, evidence)


def needs_inference(published: Fact) -> bool:
    """No date, or only the clean stage's guess from the latest full date in the body."""
    return not published.value or published.how == LATEST_DATE_GUESS


def corpus_dates(published_values: Iterable[str | None]) -> Counter[dt.date]:
    """How often each day is printed as a publication date among a corpus's articles."""
    dates: Counter[dt.date] = Counter()
    for value in published_values:
        try:
            dates[dt.date.fromisoformat((value or "")[:10])] += 1
        except ValueError:
            continue
    return dates
