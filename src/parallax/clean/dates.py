"""Explicit calendar dates in a line ("October 15,2020", "01 November 2020", "2020-10-15", "15.10.2020")
and what kind of date line it is (publication dateline, update stamp, bare date)."""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# Month names of the languages of the outlets covered (nominative and genitive where they differ).
_FOREIGN_MONTHS = {
    "ru": "январь января февраль февраля март марта апрель апреля май мая июнь июня июль июля август августа "
          "сентябрь сентября октябрь октября ноябрь ноября декабрь декабря",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "az": "yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr",
    "hy": "hunvar petrvar mart april mayis hunis hulis ogostos september hoktember noyember dektember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
}
for _lang, _names in _FOREIGN_MONTHS.items():
    _words = _names.split()
    _step = 2 if _lang == "ru" else 1
    for _i, _w in enumerate(_words):
        MONTHS.setdefault(_w, _i // _step + 1)
MONTHS.update({"jänner": 1, "setiembre": 9, "fevr": 2, "sent": 9, "янв": 1, "фев": 2, "мар": 3, "апр": 4,
               "июн": 6, "июл": 7, "авг": 8, "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "дек": 12})
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# Spanish abbreviations ("04-ago-2021", "12 dic 2030"): only after the day, where "ago" cannot be the English word
_DAY_FIRST_ONLY = {"ene": 1, "abr": 4, "ago": 8, "dic": 12}
MONTHS.update(_DAY_FIRST_ONLY)
_MONTH_AFTER_DAY = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun)\.?"
TIME = r"(?:\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?|\d{1,2}\s*[ap]\.?m\.?)"

# 10/15/2020 (month first when the second number cannot be a month; else day first)
_SLASHED = re.compile(rf"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/{_YEAR}\b")
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_PATTERNS = [
    # October 15, 2020 / Oct. 15 2020 / October 15,2020
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s*{_YEAR}\b", re.IGNORECASE),
    # 01 November 2020 / 22 Dec, 2024 / 1st of November 2020
    re.compile(rf"\b{_DAY}\.?(?:\s+(?:of|de))?\s+{_MONTH_AFTER_DAY},?(?:\s+de)?\s*{_YEAR}\b", re.IGNORECASE),
    # 15-Oct-2020 / 04-ago-2021 (a database's day-month-year stamp)
    re.compile(rf"\b{_DAY}-{_MONTH_AFTER_DAY}-{_YEAR}\b", re.IGNORECASE),
    # 2020-10-15 / 2020/10/15
    re.compile(rf"\b{_YEAR}[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"),
    # 15.10.2020 / 15-10-2020 (day first)
    re.compile(rf"\b(?P<day>[0-3]?\d)[.-](?P<month>[01]?\d)[.-]{_YEAR}\b"),
    _SLASHED,
]

UPDATE_RE = re.compile(r"\b(last\s+)?(updated?|modified|edited|revised)\b|\blast update\b"
                       r"|обновлено|güncellenme|aktualisiert|mis à jour|actualizado", re.IGNORECASE)
PUBLISHED_RE = re.compile(r"\b(published|posted|first published|released|issued|created|date)\b"
                          r"|опубликовано|yayınlanma|dərc|veröffentlicht|publié|publicado", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    start: int
    end: int


def find_dates(text: str, month_first: bool = False) -> list[DateMention]:
    """Every explicit full date (day, month and year) in `text`, in order, without overlaps. "03/01/2031"
    reads day first unless `month_first` (a page that also prints "12/17/2031" writes month first)."""
    return list(_find_dates(text, month_first))


def month_first(texts: list[str]) -> bool:
    """Whether a page writes its slashed dates month first: some "12/17/2031" and no "17/12/2031"."""
    found = [(int(m.group("a")), int(m.group("b"))) for t in texts if "/" in t for m in _SLASHED.finditer(t)]
    return any(b > 12 >= a for a, b in found) and not any(a > 12 >= b for a, b in found)


@functools.lru_cache(maxsize=1024)
def _find_dates(text: str, month_first: bool = False) -> tuple[DateMention, ...]:
    # cached: the cleaner asks about one line from several rules (a long junk line cost 43 scans)
    if not _ANY_YEAR.search(text):   # every pattern holds a year: most lines are done in one scan
        return ()
    found: list[DateMention] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < d.end and d.start < m.end() for d in found):
                continue
            date = _to_date(m.groupdict(), month_first)
            if date:
                found.append(DateMention(date, m.start(), m.end()))
    return tuple(sorted(found, key=lambda d: d.start))


def _to_date(g: dict[str, str | None], month_first: bool = False) -> dt.date | None:
    year = int(g["year"])
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        month, day = (a, b) if b > 12 or (month_first and a <= 12) else (b, a)
    else:
        month_text = g["month"].lower().rstrip(".")
        month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
        day = int(g["day"])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_FILLER_RE = re.compile(rf"(?i)\b(?:{WEEKDAY}|{TIME}|at|on|gmt|utc|ist|local time|\|)\b|[,|:\-–—/•·()+]"
                        r"|(?i:\b(?:read|reads|views?|comments?|hits|seen)\s*:?\s*\d[\d,.]*)|\b\d{1,2}:\d\d\b")
# up to three capitalised words before the date are a section label ("World News 25 May 2031")
_LABEL_RE = re.compile(r"^(?:[A-Z][\w&'’.-]*\s+){1,3}$")


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
    if not leftover:
        return "bare"
    before = _FILLER_RE.sub(" ", text[:dates[0].start]).strip()
    after = _FILLER_RE.sub(" ", text[dates[-1].end:]).strip()
    return "bare" if not after and before and _LABEL_RE.match(before + " ") else None


def labelled_dates(text: str) -> list[tuple[str | None, DateMention]]:
    """Each date of a line with the label printed before it ("Updated: A | Created: B" gives
    ("update", A), ("published", B)): publication wins over an update stamp on the same line."""
    out, prev = [], 0
    for d in find_dates(text):
        before = text[prev:d.start]
        label = "update" if UPDATE_RE.search(before) else "published" if PUBLISHED_RE.search(before) else None
        out.append((label, d))
        prev = d.end
    return out


# "BAKU, Azerbaijan, December 25.", "UNITED NATIONS, June 7. /TASS/.", "BEIJING, Oct. 18 (Xinhua) --",
# "Margao, November 28:": a city dateline that prints the day but not the year
CITY_DATELINE_RE = re.compile(
    r"^[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}(?:,\s*[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2})?,\s*"
    rf"(?:{_MONTH}\s+{_DAY}|{_DAY.replace('day', 'day2')}\s+{_MONTH.replace('month', 'month2')})(?![\w,]*\s*(?:19|20)\d\d)\s*[.,:(/–—-]", re.IGNORECASE)


def city_dateline(text: str) -> tuple[int, int] | None:
    """(month, day) of a year-less city dateline opening `text`, or None."""
    m = CITY_DATELINE_RE.match(text)
    if not m or not text[0].isupper():
        return None
    g = m.groupdict()
    month = MONTHS.get((g["month"] or g["month2"]).lower().rstrip("."))
    day = int(g["day"] or g["day2"])
    return (month, day) if month and 1 <= day <= 31 else None
