"""How facts are shown to people, the same way in the CLI, the web UI and the briefing: dates as
people write them, where a fact came from in words (never an internal code), and which source
an article is (its outlet, or else its file or URL)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from spacy.lang.en.stop_words import STOP_WORDS

from parallax.model import web_url

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_MONTH = {m.lower()[:3]: i for i, m in enumerate(MONTHS, 1)}
_ORDINAL = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
_SEASON = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_REF = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}
_PART = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}

def human_number(value: float) -> str:
    """A figure as people write it: 25,000 and 5.61, never 25000.0."""
    return f"{int(value):,}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


# ---- dates as people write them ---------------------------------------------------------------

_VALUE = re.compile(r"^(?P<year>\d{4}|\d{3}X|\d{2}XX|XXXX)(?:-(?P<unit>\d\d|W\d\d|Q\d|H\d|SP|SU|FA|WI))?"
                    r"(?:-(?P<day>\d\d|WE))?(?:T(?P<time>\d\d(?::\d\d)?|MO|AF|EV|NI|DT))?$")


def human_date(value: str | None) -> str:
    """A TIMEX3/ISO value in words: '2025-06-23' -> '23 June 2025', '2023-W42' -> 'week 42 of 2023',
    '2025-06-23TNI' -> 'night of 23 June 2025', '2025-Q3' -> 'third quarter of 2025'. Values it
    cannot read are returned unchanged (never dropped)."""
    if not value:
        return ""
    if value in _REF:
        return _REF[value]
    if "/" in value:
        start, _, end = value.partition("/")
        return f"{human_date(start)} to {human_date(end)}"
    m = _VALUE.match(value)
    if not m:
        return value
    year, unit, day, time = m["year"], m["unit"], m["day"], m["time"]
    if year.endswith("XX") and year != "XXXX":
        year_words = f"the {int(year[:2]) + 1}th century"
    elif year.endswith("X") and year != "XXXX":
        year_words = f"the {year[:3]}0s"
    else:
        year_words = "" if year == "XXXX" else year
    if unit is None:
        words = year_words
    elif unit.startswith("W") and unit not in _SEASON:
        words = f"week {int(unit[1:])}" + (f" of {year_words}" if year_words else "")
        if day == "WE":
            words = "weekend of " + words
    elif unit[0] in "QH":
        part = "quarter" if unit[0] == "Q" else "half"
        words = f"{_ORDINAL.get(unit[1], unit[1])} {part}" + (f" of {year_words}" if year_words else "")
    elif unit in _SEASON:
        words = f"{_SEASON[unit]} {year_words}".strip()
    else:
        month = MONTHS[int(unit) - 1] if 1 <= int(unit) <= 12 else unit
        words = (f"{int(day)} {month}" if day and day.isdigit() else month) + (f" {year_words}" if year_words else "")
    if time in _PART:
        return f"{_PART[time]} of {words}"
    if time:
        return f"{words}, {time}"
    return words


def parse_date_bound(text: str) -> str:
    """A date a person typed, as the YYYY[-MM[-DD]] prefix it stands for: '2025', '2025-06',
    '2025-06-23', 'June 2025', 'June-2025', 'Jun 2025', '23 June 2025', 'June 23, 2025'.
    Raises ValueError naming the accepted forms."""
    t = " ".join(re.split(r"[\s,/_]+|(?<=[A-Za-z])-|-(?=[A-Za-z])", text.strip())).strip()
    try:
        if re.fullmatch(r"\d{4}", t):
            return t
        if re.fullmatch(r"\d{4}-\d\d", t):
            dt.date.fromisoformat(t + "-01")
            return t
        if re.fullmatch(r"\d{4}-\d\d-\d\d", t):
            return dt.date.fromisoformat(t).isoformat()
        words = t.lower().split()
        months = [i for i, w in enumerate(words) if w[:3] in _MONTH and w.isalpha()]
        if len(months) == 1:
            month = _MONTH[words[months[0]][:3]]
            numbers = [w.rstrip(".").removesuffix("st").removesuffix("nd").removesuffix("rd").removesuffix("th")
                       for i, w in enumerate(words) if i != months[0]]
            if all(n.isdigit() for n in numbers):
                years = [n for n in numbers if len(n) == 4]
                days = [n for n in numbers if len(n) <= 2]
                if len(years) == 1 and len(days) <= 1 and len(numbers) == len(years) + len(days):
                    if days:
                        return dt.date(int(years[0]), month, int(days[0])).isoformat()
                    return f"{years[0]}-{month:02d}"
    except ValueError:
        pass
    raise ValueError(f"cannot read the date {text!r}: write 2025, 2025-06, 2025-06-23, June 2025 or 23 June 2025")


def _last_day(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def value_bounds(value: str | None) -> tuple[str, str] | None:
    """The first and last day (ISO) a date value covers: '2025-06' -> ('2025-06-01', '2025-06-30'),
    '2023-W42' -> its Monday and Sunday; None for values without a known year."""
    if not value:
        return None
    if "/" in value:
        a, b = (value_bounds(v) for v in value.split("/", 1))
        return (a[0], b[1]) if a and b else None
    m = _VALUE.match(value)
    if not m or "X" in m["year"][:3]:
        return None
    try:
        if m["year"].endswith("X"):
            first = int(m["year"][:3] + "0")
            return dt.date(first, 1, 1).isoformat(), dt.date(first + 9, 12, 31).isoformat()
        year, unit, day = int(m["year"]), m["unit"], m["day"]
        if unit is None:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        elif unit.startswith("W") and unit not in _SEASON:
            start = dt.date.fromisocalendar(year, int(unit[1:]), 6 if day == "WE" else 1)
            end = start + dt.timedelta(days=1 if day == "WE" else 6)
        elif unit[0] in "QH":
            months = 3 if unit[0] == "Q" else 6
            first = (int(unit[1]) - 1) * months + 1
            start, end = dt.date(year, first, 1), _last_day(year, first + months - 1)
        elif unit in _SEASON:
            first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[unit]
            start = dt.date(year, first, 1)
            end = _last_day(year + 1, 2) if unit == "WI" else _last_day(year, first + 2)
        elif day and day.isdigit():
            start = end = dt.date(year, int(unit), int(day))
        else:
            start, end = dt.date(year, int(unit), 1), _last_day(year, int(unit))
    except ValueError:
        return None
    return start.isoformat(), end.isoformat()


def date_range(text: str) -> tuple[str, str]:
    """The days a typed date covers ('June 2025' -> 2025-06-01 .. 2025-06-30); ValueError if unreadable."""
    bounds = value_bounds(parse_date_bound(text))
    assert bounds is not None
    return bounds


# ---- where a fact came from --------------------------------------------------------------------

_HOW = {
    "printed:dateline": "printed in the dateline",
    "printed:byline": "printed in the byline",
    "printed:footer": "printed at the foot of the page",
    "html:htmldate": "from the page's HTML metadata",
    "html:meta": "from the page's HTML metadata",
    "html:title": "the page's title",
    "html:sitename": "the site name in the page's HTML",
    "jsonl": "from the JSONL record",
    "sidecar": "from the .meta.json file",
    "cli": "given on the command line",
    "url": "from the web address",
    "inferred:fetched": "the date the page was crawled (it prints no publication date)",
    "inferred:latest-date-in-body": "inferred: the latest date the text mentions (no date printed)",
    "text:headline-line": "the first line of the text",
    "text:source-label": "a source label printed in the text",
    "text:copyright": "the copyright line",
}


def how_words(how: str | None) -> str:
    """Provenance in words: 'inferred:weekday-after-events+corpus-dates' -> 'inferred from the dates
    and weekdays the text mentions (no date printed)'."""
    how = how or ""
    if how in _HOW:
        return _HOW[how]
    family = how.split(":", 1)[0]
    if family == "inferred":
        return "inferred from the dates and weekdays the text mentions (no date printed)"
    if family == "printed":
        return "printed on the page"
    if family == "html":
        return "from the page's HTML"
    if family in ("sidecar", "meta"):
        return "from the .meta.json file"
    if family == "text":
        return "found in the text"
    return "" if not how or how == "test" else "from " + how.replace(":", " ").replace("-", " ")


def is_inferred(how: str | None) -> bool:
    return (how or "").startswith("inferred:")


def date_note(how: str | None) -> str:
    """The short mark after a date that is not printed: 'crawled' or 'inferred' ('' when printed)."""
    if how == "inferred:fetched":
        return "crawled, not published"
    return "inferred" if is_inferred(how) else ""


def published_label(value: str | None, how: str | None) -> str:
    """'23 June 2025', '23 June 2025 (inferred)', '23 June 2025 (crawled, not published)' or 'undated'."""
    if not value:
        return "undated"
    note = date_note(how)
    return human_date(value) + (f" ({note})" if note else "")


# ---- which source an article is ------------------------------------------------------------------

def file_label(uri: str | None, url: str | None = None) -> str:
    """A short name for where an article was read from: its web address's host, or its file name
    (with the JSONL line or WARC record it sits in). Only an http(s) URL is shown as one."""
    url = web_url(url)
    if url:
        parts = urlsplit(url)
        return parts.netloc or url
    if not uri:
        return ""
    if uri.startswith(("http://", "https://")):
        return urlsplit(uri).netloc or uri
    path, sep, frag = uri.removeprefix("warc://").removeprefix("file://").partition("#")
    return PurePosixPath(path).name + (f" #{frag}" if sep and len(frag) <= 12 else "")


def source_label(outlet: str | None, uri: str | None = None, url: str | None = None) -> str:
    """The outlet, or else the file or host it came from: never '?' or 'unknown' when we know the file."""
    return outlet or file_label(uri, url) or "unknown outlet"


def source_location(uri: str | None, url: str | None = None) -> str:
    """The full URL or path a reader can open to check the article."""
    return web_url(url) or uri or ""


# ---- what the timeline shows ---------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_DATE_WORDS = ({m.lower() for m in MONTHS} | set(_MONTH) | {"sept"}
               | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_RIGHTS = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)


def is_event(text: str) -> bool:
    """Whether a timeline clause states something that happened. A rights notice ('© 2025 ...') is
    not an event, and neither is a line of names and dates only (a dateline 'CITY, 23 June 2025',
    'Updated 23 June 2025 at 14:00'): an event needs a lower-case content word (a verb or a common
    noun) that is not a date word or a stop word."""
    if _RIGHTS.search(text):
        return False
    for w in _WORD.findall(text):
        low = w.lower()
        if (w[0].islower() and low not in STOP_WORDS and low not in _DATE_WORDS and len(low) > 2):
            return True
    return False


def register(env) -> None:
    """Make these available to Jinja templates as filters."""
    env.filters.update(human_date=human_date, human_number=human_number, how_words=how_words, published_label=published_label,
                       source_label=source_label, file_label=file_label, date_note=date_note)


UNKNOWN_OUTLET = "unknown outlet"


def merged_name_groups(groups: list[dict]) -> list[dict]:
    """Alias groups that share a spelling shown as one name: groups are linked block by block, so
    'Pakistan Air Force' and 'Pakistani Air Force' can each hold 'PAF'. The group found in most
    articles names the merged one; the order of first appearance is kept."""
    merged: list[dict] = []
    owner: dict[str, dict] = {}
    for g in groups:
        names = {g["canonical"], *g["spellings"]}
        into = next((owner[n] for n in names if n in owner), None)
        if into is None:
            into = {**g, "spellings": list(g["spellings"])}
            merged.append(into)
        else:
            if g.get("articles", 0) > into.get("articles", 0):
                into.update(canonical=g["canonical"], label=g["label"], articles=g["articles"])
            into["spellings"] += [n for n in sorted(names) if n not in into["spellings"]]
        for n in names | set(into["spellings"]):
            owner[n] = into
    return merged


def outlet_counts(counts: dict[str, int]) -> dict[str, int]:
    """Per-outlet counts keyed as the outlet columns are: link/ files articles without an outlet
    under '(unknown outlet)', the pages under 'unknown outlet'."""
    return {(UNKNOWN_OUTLET if o == "(unknown outlet)" else o): n for o, n in counts.items()}
