"""Infer a publication date the page does not print, from the dated events its body reports.

Evidence, each in the tense of its clause: full dates ("July 17, 2020"), month-days without a year
("July 17"), years ("a 2016 war") and weekdays ("late on Tuesday"). News style names the days of
the last week by weekday and older ones by date, so the weekday events are taken as the freshest:
publication is the day after the latest weekday event on or after the latest dated past event (or
the day after that dated event when no weekday is named). The year comes from the text (a weekday
printed with its date pins it; otherwise past-tense years bound it from below) and, when the text
leaves it open, from the publication dates the other articles of the same corpus print; in a folder
that mixes several stories, from those of the reports that share the body's names (`own_story_dates`).
The result is always marked `inferred:` and carries a low confidence; it is never shown as printed.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from parallax.analyze.nlp import doc_text
from parallax.analyze.timex.extract import doc_candidates, doc_clause_tense
from parallax.analyze.timex.lexicon import WEEKDAYS
from parallax.analyze.timex.normalise import normalise
from parallax.model import Fact

_WEEKDAY = re.compile(r"\b(?:(last|next|this|coming|past) )?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_FULL = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MONTH_DAY = re.compile(r"XXXX-(\d\d)-(\d\d)")
_YEARISH = re.compile(r"(\d{4})(?:-\d\d)?(?:-\d\d)?")
# a line opening with a place name in capitals and a comma, then the date: a wire dateline
_DATELINE_PLACE = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z .'\u2019-]{2,},[ \t]*$")
LATEST_DATE_GUESS = "inferred:latest-date-in-body"   # clean's guess without a parse
MAX_WEEKDAY_SPREAD = 6    # weekday events of one report lie within a week
CORPUS_WINDOW_DAYS = 30   # a report appears within weeks of its latest event
NEWS_LAG_DAYS = 4         # ... and within days of the weekday events it names
STORY_VOTES = 2           # a story is as like a body as its two likest reports: one alike could be chance


_NAME = re.compile(r"\b[A-Z][A-Za-z'\u2019-]{2,}")
_CALENDAR_NAMES = {*WEEKDAYS, "january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december"}


class CorpusDates(Counter):
    """Printed publication dates (a Counter of days) that also keep, per dated report (by its key,
    the article id, so a batch and its store do not count a report twice), the names its body uses.
    A folder may mix several stories: an undated report then borrows the days of the reports that
    share its names (its own story), not the busiest days of the whole folder."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reports: dict[object, tuple[dt.date, frozenset[str]]] = {}

    def add_report(self, day: dt.date, body: str, key: object = None) -> None:
        self[day] += 1
        self.reports[len(self.reports) if key is None else key] = (day, names_in(body))


def names_in(text: str) -> frozenset[str]:
    """Capitalised words of a body (people, places, bodies), calendar words left out."""
    return frozenset(w for w in (m.lower() for m in _NAME.findall(text)) if w not in _CALENDAR_NAMES)


def own_story_dates(body: str, corpus: Counter[dt.date] | None) -> Counter[dt.date] | None:
    """The printed days of the news cycle (reports within CORPUS_WINDOW_DAYS) whose reports are most
    like `body`: its own story, even where another story prints most of the corpus's days. A report's
    likeness is the weight of the names it shares with the body (rarer names weigh more); a cycle
    counts its STORY_VOTES likest reports, so a cycle of many reports does not win by pooling their
    names. The likest cycle wins outright: a mixed corpus dates nothing, so a near miss is worth
    taking. A corpus without per-report names, no shared name or a tie: the corpus as given."""
    reports = list(getattr(corpus, "reports", {}).values())
    if not reports:
        return corpus
    names = names_in(body)
    spread = Counter(name for _, report_names in reports for name in report_names)
    weight = {name: math.log(len(reports) / n) for name, n in spread.items()}
    cycles: list[tuple[list[dt.date], list[float]]] = []
    for day, report_names in sorted(reports, key=lambda report: report[0]):
        likeness = sum(weight[n] for n in names & report_names)
        if cycles and (day - cycles[-1][0][0]).days <= CORPUS_WINDOW_DAYS:
            cycles[-1][0].append(day)
            cycles[-1][1].append(likeness)
        else:
            cycles.append(([day], [likeness]))
    scored = sorted(((sum(sorted(likeness)[-STORY_VOTES:]), days) for days, likeness in cycles),
                    key=lambda pair: pair[0], reverse=True)
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if scored[0][0] <= runner_up:   # no name shared, or a tie: do not guess a story
        return corpus
    first = scored[0][1][0]   # the cycle's days, the store's included, not only those of named reports
    return Counter({day: n for day, n in corpus.items() if 0 <= (day - first).days <= CORPUS_WINDOW_DAYS})


@dataclass
class Evidence:
    """What the body says about when it was written."""
    past_dates: list[tuple[dt.date, str]] = field(default_factory=list)
    future_dates: list[dt.date] = field(default_factory=list)
    month_days: list[tuple[int, int, str]] = field(default_factory=list)     # past-tense (month, day, text)
    years: list[int] = field(default_factory=list)                           # years a non-future clause names
    weekdays: list[tuple[int, str]] = field(default_factory=list)            # past-tense (weekday, text)
    pinned: list[tuple[int, int, int]] = field(default_factory=list)         # (weekday, month, day) printed together
    dateline: tuple[int, int] | None = None   # "UNITED NATIONS, June 7. /TASS/.": the day the report was filed


def gather_evidence(doc) -> Evidence:
    """Dated mentions of the parsed body, without any anchor date."""
    text, ev = doc_text(doc), Evidence()
    for start, end in doc_candidates(doc, text):
        surface = text[start:end]
        tense = doc_clause_tense(doc, start, end, text)
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
            if ev.dateline is None and _DATELINE_PLACE.search(text, max(0, start - 40), start):
                ev.dateline = (month, day_of_month)
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
            latest = max(events)[0]
            printed_soon_after = sum(n for day, n in corpus_dates.items()
                                     if 0 <= (day - latest).days <= CORPUS_WINDOW_DAYS)
            return printed_soon_after, years[year], -year
        return max(candidates, key=fit), "corpus-dates"
    if floor is not None:
        return floor, "latest-year-in-body"
    return None, ""


def _dated_in(ev: Evidence, year: int) -> list[tuple[dt.date, str]]:
    """The body's past dated events placed in `year` (month-days take that year)."""
    dated = [(d, s) for d, s in ev.past_dates if d.year == year]
    months = {m for m, _, _ in ev.month_days}
    # "Dec. 25 ... Dec. 28 ... Jan. 9": one story's days that run over New Year; January is the next year's
    over_new_year = any(m >= 11 for m in months) and any(m <= 2 for m in months)
    placed = [(year + (over_new_year and m <= 2), m, d, s) for m, d, s in ev.month_days]
    return dated + [(dt.date(y, m, d), s) for y, m, d, s in placed if _valid(y, m, d)]


def infer_publication(doc, corpus_dates: Counter[dt.date] | None = None, *, from_corpus: bool = True) -> Fact:
    """An `inferred:` publication date for a body whose page prints none, or an empty Fact.
    `from_corpus`: with no dated event, fall back on the corpus's busiest printed day (not when the
    clean stage already guessed a date from the body)."""
    corpus_dates = own_story_dates(doc_text(doc), corpus_dates)
    ev = gather_evidence(doc)
    year, year_how = choose_year(ev, corpus_dates)
    if ev.dateline and year is not None and _valid(year, *ev.dateline):
        day = dt.date(year, *ev.dateline)
        return Fact(day.isoformat(), f"inferred:dateline+{year_how}", 0.5, f"{day:%B} {day.day}")
    dated = _dated_in(ev, year) if year is not None else []
    if not dated:
        return _from_corpus(ev, corpus_dates) if from_corpus else Fact(None)
    latest, evidence = max(dated)
    published, how = latest + dt.timedelta(days=1), "events"
    if ev.weekdays:
        days = [latest + dt.timedelta(days=(w - latest.weekday()) % 7) for w, _ in ev.weekdays]
        if max(days) - min(days) <= dt.timedelta(days=MAX_WEEKDAY_SPREAD):
            newest = max(range(len(days)), key=days.__getitem__)
            published, how = days[newest] + dt.timedelta(days=1), "weekday-after-events"
            evidence += " / " + ev.weekdays[newest][1]
    cycle = _news_cycle(corpus_dates or Counter())
    if ev.weekdays and cycle and NEWS_LAG_DAYS < (cycle[0] - published).days <= CORPUS_WINDOW_DAYS:
        # a dated event of the weeks before ("after the Oct. 7 attack") is background; the weekdays
        # are the news of the cycle's week
        near = _from_corpus(ev, corpus_dates, after=latest)
        if near.value:
            return near
    later = [d for d in ev.future_dates if d >= latest]
    if later and published > min(later):
        published = min(later)
    confidence = 0.3 if year_how == "corpus-dates" else 0.4
    return Fact(published.isoformat(), f"inferred:{how}+{year_how}", confidence, evidence)


def _from_corpus(ev: Evidence, corpus_dates: Counter[dt.date] | None, after: dt.date | None = None) -> Fact:
    """A body that dates no event by the calendar. Its corpus (the coverage of one story) printed the
    other reports on nearby days, so the body is dated on, or the day after, an occurrence of its
    past weekdays, where it lies nearest a printed date with its weekdays just before it (and after
    the dated event `after`, if any);
    with no weekday, on the busiest printed day. Only a corpus that is one story's news cycle (most
    printed dates within a month) lends its days; a mixed one could place the body in any story."""
    printed = _news_cycle(corpus_dates or Counter())
    if not printed:
        return Fact(None)
    if not ev.weekdays:
        busiest = max(printed, key=lambda day: (corpus_dates[day], -day.toordinal()))
        return Fact(busiest.isoformat(), "inferred:corpus-busiest-day", 0.2, busiest.isoformat())

    def nearest(day: dt.date) -> int:
        return min(abs((day - d).days) for d in printed)

    def spread(day: dt.date) -> int:   # how far back the body's weekdays reach from `day`
        return max((day.weekday() - w) % 7 for w, _ in ev.weekdays)

    def fresh(day: dt.date) -> bool:
        return after is None or day - dt.timedelta(days=spread(day)) > after

    candidates = {occurrence + dt.timedelta(days=extra)
                  for d in printed for w, _ in ev.weekdays
                  for occurrence in (d - dt.timedelta(days=(d.weekday() - w) % 7 + k) for k in (0, 7, -7))
                  for extra in (0, 1)}
    candidates = [day for day in candidates if fresh(day)]
    if not candidates:
        return Fact(None)
    published = min(candidates, key=lambda day: (nearest(day) + spread(day), -day.toordinal()))
    evidence = ", ".join(text for _, text in ev.weekdays[:3])
    return Fact(published.isoformat(), "inferred:weekday-near-corpus-days", 0.2, evidence)


def _news_cycle(corpus_dates: Counter[dt.date]) -> list[dt.date]:
    """The printed days of the busiest CORPUS_WINDOW_DAYS stretch, if it holds most printed dates."""
    days = sorted(corpus_dates)
    total = sum(corpus_dates.values())
    best: list[dt.date] = []
    for i, first in enumerate(days):
        window = [d for d in days[i:] if (d - first).days <= CORPUS_WINDOW_DAYS]
        if sum(corpus_dates[d] for d in window) > sum(corpus_dates[d] for d in best):
            best = window
    return best if 2 * sum(corpus_dates[d] for d in best) > total else []


def needs_inference(published: Fact) -> bool:
    """No date, or only the clean stage's guess from the latest full date in the body."""
    return not published.value or published.how == LATEST_DATE_GUESS


def corpus_dates(published_values: Iterable[str | None], bodies: Iterable[str] | None = None,
                 keys: Iterable[object] | None = None) -> CorpusDates:
    """How often each day is printed as a publication date among a corpus's articles; with the
    articles' `bodies` (in the same order), also the names each dated report uses, by `keys`."""
    dates = CorpusDates()
    texts = iter(bodies) if bodies is not None else None
    ids = iter(keys) if keys is not None else None
    for value in published_values:
        body = next(texts) if texts is not None else None
        key = next(ids) if ids is not None else None
        try:
            day = dt.date.fromisoformat((value or "")[:10])
        except ValueError:
            continue
        if body is None:
            dates[day] += 1
        else:
            dates.add_report(day, body, key)
    return dates
