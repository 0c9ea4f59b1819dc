"""Normalise the text of a temporal expression to a TIMEX3 (type, value, mod), anchored to a date.

Pure Python and spaCy-free so it can be tested on strings. `tense` ("past" | "present" | "future")
decides the direction of underspecified references ("Sunday", "Sept. 27", "the third quarter").
`previous` is the value of the last date mentioned before, for "the same year" / "that day".
Calendar arithmetic lives in grains.py, the periods of business reporting in periods.py.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from parallax.analyze.timex.grains import GRAIN, fmt_day, fmt_year, grain_value, previous_day, safe_date, shift
from parallax.analyze.timex.lexicon import (
    FUTURE_REF, HEDGE_MODS, MONTHS, ORDINAL_WORDS, PARTS_OF_DAY, PAST_REF, POSITION_MODS, PRESENT_REF,
    SEASONS, SET_WORDS, TENS_WORD, UNITS, UNITS_WORD, VAGUE_COUNT, WEEKDAYS,
)
from parallax.analyze.timex.periods import (
    discourse_quarter, half_years, quarters, short_forms, the_year, year_earlier, year_shifted_quarter,
)

Result = tuple[str, str, str | None]

_LEADING_PREPOSITIONS = ("on ", "in ", "since ", "from ", "for ", "during ", "at ", "by ", "until ",
                         "till ", "before ", "after ", "of ", "within ", "throughout ")
_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(\d{4})"
_WEEKDAY_RE = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_UNIT_RE = r"(second|minute|hour|day|night|weekend|week|month|quarter|year|decade|century|centurie)s?"


def _clean(text: str) -> str:
    low = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    low = re.sub(r"\s+", " ", low).strip(" ,.;:")
    return low


def parse_number(text: str) -> int | None:
    """'28' / 'twenty-eight' / 'a' / 'one' -> int; vague counts -> None."""
    text = text.strip().replace(",", "")
    if text.isdigit():
        return int(text)
    if text in ("a", "an", "one", "a single", "single"):
        return 1
    if text in UNITS_WORD:
        return UNITS_WORD[text]
    parts = re.split(r"[- ]", text)
    if parts[0] in TENS_WORD:
        rest = parts[1] if len(parts) > 1 else ""
        if not rest:
            return TENS_WORD[parts[0]]
        if rest in UNITS_WORD and UNITS_WORD[rest] < 10:
            return TENS_WORD[parts[0]] + UNITS_WORD[rest]
    if text in ("a couple of", "a couple", "couple of", "a pair of"):
        return 2
    if text in ("a dozen", "dozen"):
        return 12
    if text in ("a hundred", "one hundred", "hundred"):
        return 100
    m = re.fullmatch(r"(.+) (hundred|thousand)", text)
    if m and (n := parse_number(m[1])) is not None:  # "two thousand", "a thousand"
        return n * (100 if m[2] == "hundred" else 1000)
    return None


def _weekday_date(weekday: int, anchor: dt.date, tense: str, relation: str = "") -> dt.date:
    """The weekday nearest the anchor in the direction the tense (or last/next) points; the present
    tense points nowhere ("meets Monday" is a schedule, "Smith on Thursday:" a report), so the nearest one."""
    ahead = (weekday - anchor.weekday()) % 7
    if tense == "present" and not relation and ahead > 3:
        return anchor - dt.timedelta(days=7 - ahead)
    if relation == "next" or (tense in ("future", "present") and relation != "last"):
        return anchor + dt.timedelta(days=ahead or (7 if relation == "next" else 0))
    delta = (anchor.weekday() - weekday) % 7
    if relation == "last" and delta == 0:
        delta = 7
    return anchor - dt.timedelta(days=delta)


def _month_day_year(month: int, day: int, anchor: dt.date, tense: str) -> int:
    """Year of a 'Sept. 27' without year: the anchor's, unless the tense points across New Year."""
    try:
        candidate = dt.date(anchor.year, month, day)
    except ValueError:
        return anchor.year
    return anchor.year + _year_step(tense, (candidate - anchor).days / 30.5)


def _year_step(tense: str, months_ahead: float) -> int:
    """-1, 0 or +1 year: a past report looks back, a future one ahead, else the nearer year."""
    if tense == "past":
        return -1 if months_ahead > 3 else 0
    if tense == "future":
        return 1 if months_ahead < -3 else 0
    return -1 if months_ahead > 6 else 1 if months_ahead < -6 else 0


def _month_year(month: int, anchor: dt.date, tense: str) -> int:
    return anchor.year + _year_step(tense, month - anchor.month)


def _strip_modifiers(low: str) -> tuple[str, str | None]:
    """Remove hedges and early/late/mid, returning the head text and the mod."""
    mod = None
    changed = True
    while changed:
        changed = False
        for hedge in sorted(HEDGE_MODS, key=len, reverse=True):
            if low.startswith(hedge + " "):
                low, mod, changed = low[len(hedge) + 1:], HEDGE_MODS[hedge], True
                break
        for prep in _LEADING_PREPOSITIONS:  # after the hedges: "at least" is not "at" + "least"
            if low.startswith(prep):
                low, changed = low[len(prep):], True
        m = re.match(r"(?:the )?(very )?(early|earlier|late|later|mid|middle|beginning|start|end)"
                     r"(?:-| of | on | in | |(?<=mid)(?=morning|afternoon))", low)
        if m and not re.match(r"(?:the )?(?:early|late|later|earlier) ?$", low):
            rest = low[m.end():]
            if rest:
                low, mod, changed = rest, POSITION_MODS[m.group(2)], True
    return low, mod


@lru_cache(maxsize=4096)   # an undated article's timexes are read twice (its date, then its timexes)
def _head(text: str) -> tuple[str, str | None] | None:
    """The cleaned text without its modifiers, and the mod; None for an empty text."""
    low = _clean(text)
    return _strip_modifiers(low) if low else None


def normalise(text: str, anchor: dt.date | None, tense: str = "past",
              previous: str | None = None) -> Result | None:
    """(type, value, mod) for a timex text, or None when it is not a time expression we can read."""
    head = _head(text)
    if head is None:
        return None
    core, mod = head
    try:
        result = _normalise_core(core, anchor, tense, previous)
        if result is None and core.startswith("the "):
            result = _normalise_core(core[4:], anchor, tense, previous)
    except (OverflowError, ValueError):   # the value falls outside years 1-9999 (anchor at the calendar edge)
        return None
    if result is None:
        return None
    kind, value = result
    return kind, value, mod


_SPOKEN_YEAR = re.compile(r"(seventeen|eighteen|nineteen) ([a-z]+(?:[- ][a-z]+)?)|two thousand(?:(?: and)? ([a-z]+))?")


def _spoken_years_to_digits(s: str) -> str:
    """'nineteen ninety-six' -> '1996', 'the year two thousand' -> 'the year 2000'."""
    def digits(m: re.Match) -> str:
        if m[1]:
            rest = 0 if m[2] == "hundred" else parse_number(m[2])
            return m[0] if rest is None or rest > 99 else str(UNITS_WORD[m[1]] * 100 + rest)
        rest = parse_number(m[3]) if m[3] else 0
        return m[0] if rest is None or rest > 99 else str(2000 + rest)
    return _SPOKEN_YEAR.sub(digits, s)


def _normalise_core(s: str, anchor: dt.date | None, tense: str, previous: str | None) -> tuple[str, str] | None:
    if "ing day" in s or "business day" in s:   # "eight trading days" lasts eight days
        s = re.sub(r" (?:trading|business|working) (?=days?$)", " ", s)
    if s.startswith("this past "):   # "this past Sunday" is "past Sunday"
        s = s[5:]
    s = _spoken_years_to_digits(s) if "een " in s or "thousand" in s else s
    for rule in _RULES:
        out = rule(s, anchor, tense, previous)
        if out is not None:
            return out
    return None


# ---- rules: each takes the cleaned core text and returns (type, value) or None -----------------

def _absolute_dates(s, anchor, tense, previous):
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        value = safe_date(int(m[1]), int(m[2]), int(m[3]))
        return ("DATE", value) if value else None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", s)
    if m:
        year = int(m[3]) + (1900 if len(m[3]) == 2 and int(m[3]) > 30 else 2000 if len(m[3]) == 2 else 0)
        month, day = int(m[1]), int(m[2])
        if month > 12 >= day:  # "25/12/2024": day first, as most of the world writes it
            month, day = day, month
        value = safe_date(year, month, day)
        return ("DATE", value) if value else None
    s = re.sub(r"^" + _WEEKDAY_RE + r",? ", "", s)  # "Tuesday, Sept. 27" -> "sept. 27"
    relation = re.match(r"(last|past|next|coming) (?=\D)", s)
    if relation:  # "last Oct. 23" is the one before the anchor, "next March 3" the one after
        s, relation = s[relation.end():], "last" if relation[1] in ("last", "past") else "next"
    m = (re.fullmatch(_MONTH_RE + r" " + _DAY_RE + r"(?:,? " + _YEAR_RE + r")?", s)
         or re.fullmatch(r"(?:the )?" + _DAY_RE.replace("(\\d", "(?P<d>\\d") + r"(?: of)? " + _MONTH_RE + r",?(?: " + _YEAR_RE + r")?", s))
    if m:
        if "d" in m.groupdict():
            day, month_word, year = m["d"], m[2], m[3]
        else:
            month_word, day, year = m[1], m[2], m[3]
        month, day = MONTHS[month_word[:4].rstrip(".") if month_word.startswith("sept") else month_word[:3]], int(day)
        if year:
            value = safe_date(int(year), month, day)
        elif anchor and relation:
            value = _month_day_across(month, day, anchor, relation)
        elif anchor:
            value = safe_date(_month_day_year(month, day, anchor, tense), month, day)
        else:
            value = f"XXXX-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
        return ("DATE", value) if value else None
    # ranges: "September 19-20", "19-20 September", with optional year -> interval
    m = re.fullmatch(_MONTH_RE + r" " + _DAY_RE + r" ?(?:-|to|and|through) ?" + _DAY_RE + r"(?:,? " + _YEAR_RE + r")?", s)
    if m:
        return _day_range(m[1], m[2], m[3], m[4], anchor, tense)
    m = re.fullmatch(_DAY_RE + r" ?(?:-|to|and) ?" + _DAY_RE + r" " + _MONTH_RE + r"(?:,? " + _YEAR_RE + r")?", s)
    if m:
        return _day_range(m[3], m[1], m[2], m[4], anchor, tense)
    return None


_BARE_DAY = re.compile(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)?")


def _day_of_the_month_named(s, anchor, tense, previous):
    """A bare day number ("25" in "April 24 and 25", "on the 14th"): that day of the month just named,
    else of the report's month (or the month before, for a past day still ahead of the report)."""
    m = _BARE_DAY.fullmatch(s) if s[:1].isdigit() or s[4:5].isdigit() else None
    if not m:
        return None
    if previous and re.match(r"\d{4}-\d\d", previous):
        value = safe_date(int(previous[:4]), int(previous[5:7]), int(m[1]))
    elif anchor and s.startswith("the "):
        month = anchor.replace(day=1)
        if tense == "past" and int(m[1]) > anchor.day:
            month = (month - dt.timedelta(days=1)).replace(day=1)
        elif tense == "future" and int(m[1]) < anchor.day:
            month = (month + dt.timedelta(days=31)).replace(day=1)
        value = safe_date(month.year, month.month, int(m[1]))
    else:
        return None
    return ("DATE", value) if value else None


def _told_by_a_date(s, anchor, tense, previous):
    """'the week of March 6': the ISO week holding that day; 'the day before last Tuesday': one day off it."""
    m = re.fullmatch(r"(?:the )?(week of|day before|day after) (.+)", s)
    if not m:
        return None
    day = _normalise_core(m[2], anchor, tense, previous)
    if day is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", day[1]):
        return None
    date = dt.date.fromisoformat(day[1])
    if m[1] == "week of":
        return "DATE", grain_value("week", date)
    return "DATE", fmt_day(date + dt.timedelta(days=-1 if m[1] == "day before" else 1))


def _week_of_a_month(s, anchor, tense, previous):
    """'the first week of March': the ISO week holding its 1st (8th, 15th, 22nd); 'the last week': its last day."""
    m = re.fullmatch(r"(?:the )?(first|second|third|fourth|last|final) week of (.+)", s) if " week of " in s else None
    month = _normalise_core(m[2], anchor, tense, previous) if m else None
    if month is None or not re.fullmatch(r"\d{4}-\d\d", month[1]):
        return None
    year, number = int(month[1][:4]), int(month[1][5:])
    if m[1] in ("last", "final"):
        day = dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)
    else:
        day = dt.date(year, number, 1 + 7 * (ORDINAL_WORDS[m[1]] - 1))
    return "DATE", grain_value("week", day)


def _month_day_across(month: int, day: int, anchor: dt.date, relation: str) -> str | None:
    """'last Oct. 23': the latest such day before the anchor; 'next Oct. 23': the first one after it."""
    this_year = safe_date(anchor.year, month, day)
    if this_year is None:
        return None
    if relation == "last":
        return this_year if this_year < anchor.isoformat() else safe_date(anchor.year - 1, month, day)
    return this_year if this_year > anchor.isoformat() else safe_date(anchor.year + 1, month, day)


def _day_range(month_word: str, first: str, last: str, year_text: str | None, anchor, tense: str):
    """An interval of two days of one month; the year is printed or resolved from the first day."""
    month = _month_number(month_word)
    year = int(year_text) if year_text else (_month_day_year(month, int(first), anchor, tense) if anchor else None)
    if year is None:
        return None
    a, b = safe_date(year, month, int(first)), safe_date(year, month, int(last))
    return ("DATE", f"{a}/{b}") if a and b else None


def _month_number(word: str) -> int:
    word = word.rstrip(".")
    return MONTHS.get(word, MONTHS.get(word[:3], 0))


def _months(s, anchor, tense, previous):
    m = re.fullmatch(_MONTH_RE + r",?(?: of)? " + _YEAR_RE, s)
    if m:
        return "DATE", f"{m[2]}-{_month_number(m[1]):02d}"
    m = re.fullmatch(r"(?:(last|this|next|past|coming) )?" + _MONTH_RE + r"(?: (this|last|next) year)?", s)
    if not m:
        return None
    month = _month_number(m[2])
    if not anchor:
        return "DATE", f"XXXX-{month:02d}"
    relation = m[1] or m[3]
    if relation == "this" or (relation is None and m[3] is None):
        year = _month_year(month, anchor, tense) if relation is None else anchor.year
    elif relation in ("last", "past"):
        year = anchor.year - 1 if (m[3] == "last" or month >= anchor.month) else anchor.year
    else:
        year = anchor.year + 1 if (m[3] == "next" or month <= anchor.month) else anchor.year
    return "DATE", f"{year}-{month:02d}"


def _years(s, anchor, tense, previous):
    m = re.fullmatch(r"(?:fiscal |fy ?|the year )?" + _YEAR_RE, s)
    if m and 1000 <= int(m[1]) <= 2199:
        return "DATE", m[1]
    m = re.fullmatch(r"(\d{4}) ?(?:-|to|and|through) ?(\d{2}|\d{4})", s)
    if m:
        end = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
        if int(end) > int(m[1]):
            return "DATE", f"{m[1]}/{end}"
    m = re.fullmatch(r"(1\d)00s", s)
    if m:  # "the 1800s": the century of the 1800s ("the 2000s" stays the decade 2000-09)
        return "DATE", m[1] + "XX"
    m = re.fullmatch(r"(\d{3})0'?s|'?(\d)0'?s", s)
    if m and m[1]:
        return "DATE", m[1] + "X"
    if m:  # "the '80s": the last such decade begun by the report's year
        start = (anchor.year // 100 * 100 if anchor else 1900) + 10 * int(m[2])
        return "DATE", str(start - 100 if anchor and start > anchor.year else start)[:3] + "X"
    m = re.fullmatch(r"(twen|thir|for|fif|six|seven|eigh|nine)ties", s)
    if m:  # "the nineties": a decade of the 1900s
        return "DATE", f"19{['twen', 'thir', 'for', 'fif', 'six', 'seven', 'eigh', 'nine'].index(m[1]) + 2}X"
    m = re.fullmatch(r"(\d{2})00s", s)
    if m:
        return "DATE", m[1] + "XX"
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th) century", s)
    if m:
        return "DATE", f"{int(m[1]) - 1:02d}XX"
    m = re.fullmatch(r"(twenty[- ])?(\w+) century", s)
    if m and m[2] in ORDINAL_WORDS:  # "the nineteenth century" = the 1800s
        return "DATE", f"{ORDINAL_WORDS[m[2]] + (20 if m[1] else 0) - 1:02d}XX"
    return None


def _part_of_a_day(s, anchor, tense, previous):
    """'the morning of June 8', 'morning hours on Tuesday': that day's part; 'the (small) hours of
    Wednesday': after midnight, so the day itself."""
    m = re.fullmatch(r"(?:the )?(?:(morning|afternoon|evening|night)(?: hours)?|(?:small |wee )?hours) (?:of|on) (.+)", s)
    if not m:
        return None
    day = _normalise_core(m[2], anchor, tense, previous)
    if day is None or not re.match(r"(?:\d{4}|XXXX)-\d\d-\d\d", day[1]):
        return None
    if m[1] is None:  # "the early hours of Thursday (morning)": the day as named
        return day
    return ("TIME", f"{day[1][:10]}T{PARTS_OF_DAY[m[1]]}") if len(day[1]) == 10 else None


def _deictic_days(s, anchor, tense, previous):
    if s == "the day" and anchor:  # "earlier in the day", "throughout the day": the day being reported
        return "DATE", fmt_day(previous_day(previous) or anchor)
    s = re.sub(r"^(morning|afternoon|evening|night) (today|yesterday|tomorrow)$", r"\2 \1", s)
    if re.fullmatch(r"(?:the )?(?:morning|afternoon|evening|night)", s) and anchor:
        # "by mid-afternoon", "in the evening": on the day being reported
        day = previous_day(previous) or anchor
        return "TIME", f"{fmt_day(day)}T{PARTS_OF_DAY[s.removeprefix('the ')]}"
    m = re.fullmatch(r"the (day|night) (before|after)", s)
    if m and anchor:  # "had met the day before": the day before the one reported on
        day = (previous_day(previous) or anchor) + dt.timedelta(days=-1 if m[2] == "before" else 1)
        return ("DATE", fmt_day(day)) if m[1] == "day" else ("TIME", f"{fmt_day(day)}TNI")
    m = re.fullmatch(r"the (next|following|previous) (morning|afternoon|evening|night)", s)
    if m and anchor:  # "the next morning": the day after the one reported on
        day = (previous_day(previous) or anchor) + dt.timedelta(days=-1 if m[1] == "previous" else 1)
        return "TIME", f"{fmt_day(day)}T{PARTS_OF_DAY[m[2]]}"
    m = re.fullmatch(r"(today|yesterday|tomorrow|tonight|the day before yesterday|the day after tomorrow|overnight)"
                     r"(?:'s)?(?: (morning|afternoon|evening|night))?", s)
    if not m:
        m2 = re.fullmatch(r"(this|that|the|last|tomorrow|yesterday) (morning|afternoon|evening|night)", s)
        if not m2:
            return None
        if not anchor:
            return None
        offset = {"yesterday": -1, "tomorrow": 1, "last": -1 if m2[2] != "night" or tense == "past" else 0}.get(m2[1], 0)
        if m2[1] == "last" and m2[2] != "night":
            offset = -1
        day = anchor + dt.timedelta(days=offset)
        return "TIME", f"{fmt_day(day)}T{PARTS_OF_DAY[m2[2]]}"
    if not anchor:
        return None
    word = m[1]
    offset = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}.get(word, 0)
    if word == "overnight" and tense == "past":
        offset = -1
    day = anchor + dt.timedelta(days=offset)
    named = previous_day(previous)
    if word == "overnight" and tense == "past" and named and 0 < (anchor - named).days <= 7:
        day = named - dt.timedelta(days=1)  # "Friday ... overnight losses": the night before the day reported on
    if word in ("tonight", "overnight"):
        return "TIME", f"{fmt_day(day)}TNI"
    if m[2]:
        return "TIME", f"{fmt_day(day)}T{PARTS_OF_DAY[m[2]]}"
    return "DATE", fmt_day(day)


def _weekdays(s, anchor, tense, previous):
    m = re.fullmatch(r"(?:(last|next|this|that|past|coming|previous|following) )?" + _WEEKDAY_RE
                     + r"(?:'s)?(?: (morning|afternoon|evening|night))?"
                     r"(?:,? " + _MONTH_RE + r" " + _DAY_RE + r"(?:,? " + _YEAR_RE + r")?)?", s)
    if not m:
        return None
    if m[4]:
        dated = _absolute_dates(f"{m[4]} {m[5]}" + (f", {m[6]}" if m[6] else ""), anchor, tense, previous)
        if dated is None:
            return None
        day_value = dated[1]
    elif m[1] in ("previous", "following") and previous_day(previous):
        direction = "last" if m[1] == "previous" else "next"
        day_value = fmt_day(_weekday_date(WEEKDAYS[m[2]], previous_day(previous), tense, direction))
    elif anchor:
        relation = {"past": "last", "coming": "next", "previous": "last", "following": "next"}.get(m[1], m[1] or "")
        day_value = fmt_day(_weekday_date(WEEKDAYS[m[2]], anchor, tense, relation if relation in ("last", "next") else ""))
    else:
        return None
    if m[3]:
        return "TIME", f"{day_value}T{PARTS_OF_DAY[m[3]]}"
    return "DATE", day_value


def _relative_units(s, anchor, tense, previous):
    s = re.sub(r"^that same ", "the same ", s)
    m = re.fullmatch(r"the (week|weekend|month|year) before last", s)
    if m and anchor:
        return "DATE", grain_value(m[1], shift(anchor, m[1], -2))
    m = re.fullmatch(r"(?:the )?(last|this|next|past|previous|coming|current|following|same|that|latest)"
                     r" (day|night|weekend|week|month|quarter|year|decade|century)", s)
    if m:
        relation, unit = m[1].replace("the ", ""), m[2]
        if relation in ("same", "that"):
            return _same_as_previous(unit, previous, open_ok=relation == "same")
        if unit == "decade" and relation == "past":
            # "over the past decade": the ten years up to now, like "the past two decades"; "the last
            # decade" stays the calendar decade before this one (TBAQ and MEANTIME value it both ways)
            return "DURATION", "P1DE"
        # "the following year" counts from the date just mentioned; so does "the next day" (with its
        # article it is anaphoric, where "next week" points from the report)
        anaphoric = relation in ("following", "previous") or (relation == "next" and s.startswith("the ")
                                                                and unit in ("day", "night"))
        start = _previous_start(previous, unit) if anaphoric else None
        if start:
            return "DATE", grain_value(unit, shift(start, unit, -1 if relation == "previous" else 1))
        if not anchor:
            return None
        if relation == "latest" and unit == "quarter":
            return "DATE", grain_value("quarter", shift(anchor, "quarter", -1))
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(relation, 0)
        if unit == "weekend" and relation == "this" and tense == "past" and anchor.weekday() < 5:
            step = -1
        return "DATE", grain_value(unit, shift(anchor, unit, step))
    m = re.fullmatch(r"(weekend|week|month|quarter|year)", s)
    if m and anchor and m[1] in ("weekend", "quarter"):
        # "the weekend" / "the quarter": the last one before a past-tense report, else the current one
        step = -1 if tense == "past" and (m[1] == "quarter" or anchor.weekday() < 5) else 0
        return "DATE", grain_value(m[1], shift(anchor, m[1], step))
    if m and anchor and m[1] in ("week", "month"):  # "for the week": the one holding the day reported on
        return "DATE", grain_value(m[1], previous_day(previous) or anchor)
    return None


def _previous_start(previous: str | None, unit: str) -> dt.date | None:
    """A day inside the date last mentioned, if that date is at least as fine as `unit`
    ("the following month" after "March 1989" -> a day of March 1989)."""
    if not previous or not previous[:4].isdigit():
        return None
    if unit == "year" and re.fullmatch(r"\d{4}(?:-.*)?", previous):
        return dt.date(int(previous[:4]), 1, 1)
    if unit == "month" and re.match(r"\d{4}-\d\d(?:$|-)", previous):
        return dt.date(int(previous[:4]), int(previous[5:7]), 1)
    if unit == "quarter" and (q := re.fullmatch(r"(\d{4})-Q(\d)", previous)):
        return dt.date(int(q[1]), 3 * int(q[2]) - 2, 1)
    if unit in ("day", "night", "week", "weekend"):
        return previous_day(previous)
    return None


def _same_as_previous(unit: str, previous: str | None, open_ok: bool = False):
    if not previous or previous.startswith("P") or previous.endswith("_REF"):
        return None
    if unit == "quarter":  # "that quarter": the one just named
        return ("DATE", previous) if re.fullmatch(r"\d{4}-Q\d", previous) else None
    lengths = {"year": 4, "month": 7, "day": 10, "night": 10}
    if unit not in lengths or not re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d.*)?)?", previous):
        return None
    if len(previous) < lengths[unit] and not open_ok:
        return None   # "that day" after a year: the day of some event, not of a date
    # "that same day" after "in October 1998": a day of that month, which one unsaid (1998-10-XX)
    value = previous[:lengths[unit]]
    return "DATE", value + "-XX" * ((lengths[unit] - len(value)) // 3)


def _ago(s, anchor, tense, previous):
    m = re.fullmatch(r"(.+?)[ -]" + _UNIT_RE + r"(?: or so)? (ago|earlier|later|before|after|from now|hence|back)", s)
    if not m:
        return None
    unit = m[2].replace("centurie", "century")
    if unit not in GRAIN:
        return None
    n = parse_number(m[1])
    if not anchor:
        return None
    if n is None:
        return ("DATE", "PAST_REF") if m[3] in ("ago", "earlier", "before", "back") else ("DATE", "FUTURE_REF")
    sign = -1 if m[3] in ("ago", "earlier", "before", "back") else 1
    quarter = year_shifted_quarter(unit, sign * n, previous)
    if unit in ("decade", "century"):  # "a decade ago" counts ten years back: a year, not the 1980s
        return "DATE", fmt_year(shift(anchor, unit, sign * n).year)
    return "DATE", quarter or grain_value(unit, shift(anchor, unit, sign * n))


def _seasons(s, anchor, tense, previous):
    m = re.fullmatch(r"(?:(last|this|next|past|coming) )?(spring|summer|fall|autumn|winter)(?: (?:of )?(\d{4}))?", s)
    if not m:
        return None
    code = SEASONS[m[2]]
    if m[3]:
        return "DATE", f"{m[3]}-{code}"
    if not anchor:
        return None
    year = anchor.year + {"last": -1, "past": -1, "next": 1, "coming": 1}.get(m[1] or "", 0)
    season_start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    if m[1] is None and tense == "past" and season_start > anchor.month:
        year -= 1
    if m[1] in ("last", "past") and season_start < anchor.month and code != "WI":
        year += 1
    return "DATE", f"{year}-{code}"


def _durations(s, anchor, tense, previous):
    if re.fullmatch(r"(?:the )?(?:past|last|previous) (?:few|several|many|some) \w+", s):
        return "DATE", "PAST_REF"  # "the past several quarters": a vague stretch before now
    s = re.sub(r"^(?:the )?year-(?:earlier|ago) (?=\S+ )", "", s)  # "the year-earlier nine months" lasts nine months
    stripped = re.sub(r"^(?:the )?(?:past|last|next|first|coming|previous|following|latest|full|entire|whole) ", "", s)
    if stripped != s and re.fullmatch(_UNIT_RE, stripped) and not stripped.endswith("s"):
        return None  # "last week" is a date, resolved elsewhere or not at all
    s = re.sub(r" (?:more|additional|extra)(?= )", "", stripped)  # "two more weeks" lasts two weeks
    s = re.sub(r"^an? (?:additional|extra) ", "a ", s)
    m = re.fullmatch(r"(.+?)(?: 1/2|½| and a half)[ -]" + _UNIT_RE + "|(.+?)[ -]" + _UNIT_RE + " and a half", s)
    if m:  # "2 1/2 years", "two and a half years", "a minute and a half": the half goes into the next smaller unit
        n = parse_number(m[1] or m[3])
        unit = (m[2] or m[4]).replace("centurie", "century")
        value = _half_duration(unit, n) if n is not None else None
        return ("DURATION", value) if value else None
    m = re.fullmatch(r"(.+?)[ -]" + _UNIT_RE + r"(?:[- ]long|[- ]old)?", s)
    if m:
        unit = m[2].replace("centurie", "century")
        count = m[1]
        low_high = re.fullmatch(r"(.+?) (?:to|or) (.+)", count)
        if low_high and parse_number(low_high[2]) is not None:
            count = low_high[1]  # "two to three weeks": the lower bound, as a range of figures keeps it
        n = parse_number(count)
        if n is None and count not in VAGUE_COUNT and count not in ("past", "recent", "the past", "last"):
            return None
        return "DURATION", _duration_value(unit, "X" if n is None else str(n))
    m = re.fullmatch(_UNIT_RE + r"(?:[- ]long)?", s)
    if m:
        unit = m[1].replace("centurie", "century")
        plural = s.startswith(m[1] + "s") or s.startswith("centuries")
        if plural or s.endswith("long"):
            return "DURATION", _duration_value(unit, "X" if plural else "1")
        if unit in ("day", "week", "month", "year", "decade", "century", "hour", "minute"):
            return "DURATION", _duration_value(unit, "1")
    m = re.fullmatch(r"half an? (hour|day|year|century)|an? (hour|day|year) and a half", s)
    if m:
        unit = m[1] or m[2]
        value = {"hour": "PT30M", "day": "PT12H", "year": "P6M", "century": "P5DE"}[unit] if m[1] else None
        if value is None:
            value = {"hour": "PT90M", "day": "PT36H", "year": "P18M"}[unit]
        return "DURATION", value
    return None


# unit -> (ISO letter, its half in the next smaller unit, is a clock unit)
_HALVES = {"year": ("Y", "6M", False), "month": ("M", "15D", False), "day": ("D", "T12H", False),
           "hour": ("H", "30M", True), "minute": ("M", "30S", True)}


def _half_duration(unit: str, n: int) -> str | None:
    """n and a half units: 'P2Y6M', 'PT5H30M', 'P3DT12H'; weeks, decades and centuries in days/years."""
    if unit == "week":
        return f"P{7 * n + 3}DT12H"
    if unit in ("decade", "century"):
        years = {"decade": 10, "century": 100}[unit]
        return f"P{years * n + years // 2}Y"
    if unit not in _HALVES:
        return None
    letter, half, clock = _HALVES[unit]
    return f"PT{n}{letter}{half}" if clock else f"P{n}{letter}{half}"


def _duration_value(unit: str, n: str) -> str:
    if unit == "quarter":
        return f"P{int(n) * 3}M" if n.isdigit() else "PXQ"  # an unknown count of quarters, not of months
    letter, clock = UNITS[unit]
    if unit == "night":
        letter = "D"
    return f"PT{n}{letter}" if clock else f"P{n}{letter}"


def _refs(s, anchor, tense, previous):
    if s in PRESENT_REF:
        return "DATE", "PRESENT_REF"
    if s in PAST_REF:
        return "DATE", "PAST_REF"
    if s in FUTURE_REF:
        return "DATE", "FUTURE_REF"
    m = (re.fullmatch(r"(?:recent|coming|upcoming|future) (day|week|month|quarter|year|decade)s", s)
         or re.fullmatch(r"(?:the )?(day|week|month|quarter|year|decade)s (?:ahead|to come)", s))
    if m:  # "in recent months", "in the weeks ahead": a stretch of an unstated number of months up to or from now
        return "DURATION", _duration_value(m[1], "X")
    if re.fullmatch(r"(?:past|last|previous|earlier) (?:days|weeks|months|years|decades)", s):
        return "DATE", "PAST_REF"
    if re.fullmatch(r"next (?:days|weeks|months|quarters|years|decades)", s):
        return "DATE", "FUTURE_REF"
    return None


def _sets(s, anchor, tense, previous):
    if s in SET_WORDS:
        return "SET", SET_WORDS[s]
    m = re.fullmatch(r"(?:every|each|per) (?:(.+?) )?" + _UNIT_RE, s)
    if m:
        n = parse_number(m[1]) if m[1] else 1
        if n is None:
            return None
        return "SET", _duration_value(m[2].replace("centurie", "century"), str(n))
    # "every Thursday", "Tuesday nights", "Mondays": a weekday that recurs
    m = (re.fullmatch(r"(?:every|each) " + _WEEKDAY_RE + r"(?: (morning|afternoon|evening|night)s?)?", s)
         or re.fullmatch(_WEEKDAY_RE + r"s(?: (morning|afternoon|evening|night)s?)?", s)
         or re.fullmatch(_WEEKDAY_RE + r" (morning|afternoon|evening|night)s", s))
    if m:
        return "SET", f"XXXX-WXX-{WEEKDAYS[m[1]] + 1}" + (f"T{PARTS_OF_DAY[m[2]]}" if m[2] else "")
    m = re.fullmatch(r"(?:every|each) (spring|summer|fall|autumn|winter)", s)
    if m:
        return "SET", f"XXXX-{SEASONS[m[1]]}"
    m = re.fullmatch(r"(?:every|each) " + _MONTH_RE, s)
    if m:
        return "SET", f"XXXX-{_month_number(m[1]):02d}"
    return None


def _clock(s, anchor, tense, previous):
    m = re.fullmatch(r"(\d{1,2}(?::\d\d)?)(?: o'clock)? in the (morning|afternoon|evening)", s)
    if m:  # "4 in the morning" is 4 a.m., "8 in the evening" 8 p.m.
        s = f"{m[1]} {'a.m.' if m[2] == 'morning' else 'p.m.'}"
    m = re.fullmatch(r"(?:(\d{1,2})(?:[:.](\d{2}))? ?(a\.?m\.?|p\.?m\.?)?|(noon|midnight|midday))"
                     r"(?: (?:gmt|utc|local time|[a-z]{2,4}t))?(?:,? (.+))?", s)
    if not m or (m[4] is None and m[2] is None and m[3] is None):
        return None
    if m[4]:
        hour, minute = (24 if m[4] == "midnight" else 12), 0
    else:
        hour, minute = int(m[1]), int(m[2] or 0)
        if m[3] and m[3].startswith("p") and hour < 12:
            hour += 12
        if m[3] and m[3].startswith("a") and hour == 12:
            hour = 0
    if hour > 24 or minute > 59:
        return None
    if m[5]:
        day = _normalise_core(m[5], anchor, tense, previous)
        if day is None or not re.fullmatch(r"\d{4}-\d\d-\d\d|XXXX-\d\d-\d\d", day[1]):
            return None
        day_value = day[1]
    elif previous and re.fullmatch(r"\d{4}-\d\d-\d\d", previous[:10]):
        day_value = previous[:10]  # "at 10 p.m." is on the day last mentioned
    elif anchor:
        day_value = fmt_day(anchor)
    else:
        return None
    utc = "Z" if re.search(r" (?:gmt|utc)\b", s) else ""
    return "TIME", f"{day_value}T{hour:02d}:{minute:02d}{utc}"


def _thanksgiving(year: int) -> dt.date:
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def _easter(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * leap) // 433
    month = (h + leap - 7 * m + 90) // 25
    return dt.date(year, month, (h + leap - 7 * m + 33 * month + 19) % 32)


# days from Easter Sunday; the weeks are the ISO week ending on it (Holy Week) and its weekend
_EASTER_DAYS = {"easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1}


def _holidays(s, anchor, tense, previous):
    """Fixed-date holidays of general English, resolved like a month-day without a year."""
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31)}
    if s in fixed and anchor:
        month, day = fixed[s]
        return "DATE", fmt_day(dt.date(_month_day_year(month, day, anchor, tense), month, day))
    if (s in _EASTER_DAYS or s in ("easter week", "holy week", "easter weekend")) and anchor:
        easter = _easter(anchor.year)
        if tense == "past" and easter > anchor + dt.timedelta(days=7):
            easter = _easter(anchor.year - 1)
        elif tense == "future" and easter < anchor - dt.timedelta(days=7):
            easter = _easter(anchor.year + 1)
        if s in _EASTER_DAYS:
            return "DATE", fmt_day(easter + dt.timedelta(days=_EASTER_DAYS[s]))
        return "DATE", grain_value("weekend" if s.endswith("weekend") else "week", easter)
    if s in ("thanksgiving", "thanksgiving day") and anchor:
        year = _month_day_year(11, 25, anchor, tense)
        return "DATE", fmt_day(_thanksgiving(year))
    if s == "election day" and anchor:  # US: the Tuesday after the first Monday of November
        year = _month_day_year(11, 5, anchor, tense)
        first_monday = dt.date(year, 11, 1) + dt.timedelta(days=(0 - dt.date(year, 11, 1).weekday()) % 7)
        return "DATE", fmt_day(first_monday + dt.timedelta(days=1))
    return None


# Tried in order; the first rule that reads the text wins.
_RULES = [_holidays, _day_of_the_month_named, _week_of_a_month, _told_by_a_date, _part_of_a_day, _absolute_dates, _months, _years, _deictic_days, _weekdays, discourse_quarter,
          the_year, _relative_units, year_earlier, _ago, quarters, half_years, short_forms, _seasons, _refs, _sets,
          _durations, _clock]
