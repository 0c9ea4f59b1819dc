"""Regular expressions that find candidate timex spans in text (values come from normalise.py).

Month and weekday names must be capitalised (so "may", "march" and "fall" as verbs are not
dates). Leading prepositions are never part of a span; determiners and modifiers are.
"""
from __future__ import annotations

import re

_NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                r"sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|a dozen|a hundred|a thousand)"
                r"(?: hundred| thousand)?")
NUM = (r"(?:(?:\d{1,3}(?: 1/2|\.\d)?|" + _NUMBER_WORD + r"|a few|few|several|many|some|a couple of|"
       r"a couple|couple of|dozens of|hundreds of|a number of)(?: more| additional| extra)?"
       r"|an?(?: additional| extra)?)")
HALF = r"(?: and a half)?"
UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weekends?|weeks?|months?|quarters?|years?|decades?|centur(?:y|ies))"
UNIT_SG = r"(?:day|night|weekend|week|month|quarter|year|decade|century)"
HEDGE = (r"(?:just over|just under|more than|less than|fewer than|at least|at most|up to|upwards of|over|nearly|"
         r"almost|about|around|approximately|roughly|some|under)")
PART = r"(?:morning|afternoon|evening|night)"

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|Jun\.|Jul\.)")
MONTH_ANY = MONTH[:-1] + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY = r"(?:[0-3]?\d(?:st|nd|rd|th)?)"
YEAR = r"(?:1[5-9]\d\d|20\d\d|21\d\d)"

# "the nineteenth century", "the twenty-first century"
_ORDINAL_WORD = (r"(?i:(?:twenty[- ])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|"
                 r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)")
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNIT_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
# "nineteen ninety-six", "two thousand one": years said in words (broadcast transcripts)
# a round "two thousand" before a unit counts ("two thousand years", "nineteen hundred people")
SPOKEN_YEAR = (rf"(?i:(?:seventeen|eighteen|nineteen) (?:{_TENS}(?:[- ]{_UNIT_WORDS})?|{_TEENS})"
               rf"|two thousand(?: and)? (?:{_UNIT_WORDS}|{_TEENS})"
               r"|(?:(?:seventeen|eighteen|nineteen) hundred|two thousand)(?! (?:years|decades|centuries|months|weeks|days|hours|people|more|of)\b))")

# "4 in the morning" is a clock time, "March 3 in the morning" a day and its part: no month before the number
_NOT_A_MONTH_DAY = "".join(
    rf"(?<!(?i:{word}) )" for word in
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     r"jan\.", r"feb\.", r"mar\.", r"apr\.", r"jun\.", r"jul\.", r"aug\.", r"sep\.", r"sept\.", r"oct\.", r"nov\.",
     r"dec\."))

# Case-sensitive pieces first; (?i:...) for the common words.
_PATTERNS = [
    # calendar dates and ranges
    ("MONTH", rf"(?:{WEEKDAY},? )?{MONTH_ANY} {DAY}(?: ?(?:-|–) ?{DAY})?(?:,? {YEAR})?(?!\d)"),
    ("MONTH", rf"(?:{WEEKDAY},? )?(?:(?i:the) )?{DAY}(?: ?(?:-|–) ?{DAY})?(?: (?i:of))? {MONTH_ANY}(?![\w])(?:,? {YEAR})?"),
    # the second day of "April 24 and 25": a day of the month just named (a hyphen makes one interval instead)
    # (a year after it makes the pair one interval: "March 3 to 5, 2019")
    ("MONTH", rf"{MONTH_ANY} {DAY} (?i:and|to|through) {DAY},? {YEAR}(?!\d)"),
    ("MONTH", rf"{MONTH_ANY} {DAY} (?i:and|or|to|through|until|till) (?P<t>{DAY})"
        rf"(?=[,.;:\)]|\s*$|\s+(?:in|at|on|and|or|when|with|for|before|after|as|the|a|an|of|to|from|by|this|next|last)\b)"),
    ("MONTH", rf"{MONTH}(?: (?i:of))?,? {YEAR}"),
    ("MONTH", rf"{MONTH} (?i:this|last|next) (?i:year)"),
    ("MONTH", rf"(?i:last|next|this|past|coming) {MONTH}(?: {DAY}(?!\d))?"),
    ("MONTH", r"(?:January|February|March|April|June|July|August|September|October|November|December)"),
    ("MONTH", r"(?:in|In|since|Since|until|Until|by|By|of|early|late|mid|from|From|last|this|next) (?P<t>May)"),
    ("MONTH", rf"{MONTH} (?:and|to|through|until|or) (?P<t>May)\b"),   # "between March and May"
    # "on the 14th": a day of the month being reported on (not "the 14th floor")
    ("ORDINAL_DAY", r"(?i:on|since|until|by|from|before|after) (?P<t>the [0-3]?\d(?:st|nd|rd|th))"
        r"(?=[,.;:\)]|\s*$|\s+(?:(?i:and|or|when|with|in|at|to|as|before|after|but|while|of (?:this|last|next) month))\b)"),
    ("ISO_DAY", r"\b\d{4}-\d{2}-\d{2}\b"),
    # weekdays and parts of the day
    ("WEEKDAY", rf"(?:(?i:last|next|this|this past|that|past|coming|(?:the )?(?:previous|following)) )?{WEEKDAY}(?: (?i:{PART}))?"),
    ("MONTH_OR_WEEKDAY", rf"(?i:each|every) {WEEKDAY}(?: (?i:{PART}))?|{WEEKDAY}s(?: (?i:{PART})s?)?|{WEEKDAY} (?i:{PART})s|(?i:each|every) {MONTH}"),
    ("DEICTIC_DAY", rf"(?i:the day (?:before yesterday|after tomorrow)|today|yesterday|tomorrow|tonight|overnight)(?: (?i:{PART}))?"),
    ("UNIT", rf"(?i:the (?:weekend|(?:latest |current |fiscal |same )?quarter))(?!-)"),
    ("YEAR", rf"(?i:(?:the )?(?:first|last|second) (?:two|2) quarters of {YEAR})"),
    ("YEAR", rf"(?i:(?:the )?(?:last|final) (?:half|quarter) of {YEAR})"),
    # a week or a day told by a date: "the week of March 6", "the day before last Tuesday"
    ("MONTH", rf"(?i:the week of) (?:{MONTH_ANY} {DAY}(?:,? {YEAR})?(?!\d)|{DAY} {MONTH})"),
    ("MONTH_OR_WEEKDAY", rf"(?i:(?:the )?day (?:before|after)) (?:(?i:last|next|this) )?(?:{WEEKDAY}|{MONTH_ANY} {DAY}(?!\d))"),
    # "the day before" said alone: the day before the one reported on ("the day before the vote" is an event's)
    ("BEFORE_LAST", r"(?i:the (?:day|night) (?:before|after))(?=[,.;:\)]|\s*$|\s+(?i:and|but|while)\b)"),
    ("HOLIDAY", r"(?:Christmas|New Year's) (?:Day|Eve)|Christmas|Thanksgiving(?: Day)?|Election Day"
        r"|Good Friday|Easter(?: (?:Sunday|Monday|[Ww]eek|[Ww]eekend))?|Holy Week"),
    # decades in words: "the nineties", "the early seventies"
    ("DECADE_WORD", r"(?i:the (?:early |late |mid[- ])?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"),
    ("PART", rf"(?i:this|that|yesterday|tomorrow|last|the (?:next|following|previous)) (?i:{PART})"),
    # "the morning of June 8", "the early morning hours on Tuesday", "the early hours of Wednesday"
    ("MONTH_OR_WEEKDAY", rf"(?i:the )?(?i:(?:early|late) )?(?:(?i:{PART})(?: (?i:hours))?|(?i:(?:early|small|wee) hours)) (?i:of|on) "
        rf"(?:{WEEKDAY}(?: (?i:{PART}))?(?!,? {MONTH_ANY})|(?:{WEEKDAY},? )?(?:{MONTH_ANY} {DAY}(?!\d)|{DAY} {MONTH_ANY}(?![\w]))(?:,? {YEAR})?)"),
    # the day being reported: "earlier in the day", "later that day", "throughout the day"
    ("UNIT", r"(?i:(?:earlier|later) (?:in )?(?:the|that) (?:day|week|month|year))(?![-'\u2019])"),
    # "the week before last": two weeks back
    ("BEFORE_LAST", r"(?i:the (?:week|weekend|month|year) before last)"),
    # "the first week of March", "the last week of February 2020"
    ("MONTH", rf"(?i:(?:the )?(?:first|second|third|fourth|last|final) week of) {MONTH_ANY}(?![\w])(?:,? {YEAR})?"),
    ("UNIT", r"(?i:throughout|during|all) (?P<t>(?i:the day))\b(?!-| of| before| after| when)"),
    # the week or month being reported: "for the week, the index fell", "by the end of the month"
    ("UNIT", r"(?i:for|during|throughout|(?:end|beginning|start|middle) of) (?P<t>(?i:the (?:week|month)))\b"
        r"(?![-'\u2019]| of| before| after| when| that| ahead| to come| in which)"),
    ("PART", rf"(?i:in|during) (?P<t>(?i:the) (?i:{PART}))"),
    ("PART", rf"(?i:mid[- ]?(?:morning|afternoon))(?: (?i:today|yesterday|tomorrow))?"),
    # years, decades, centuries, intervals of years
    ("YEAR", rf"(?:(?i:fiscal) )?{YEAR}(?:(?:-|–)(?:{YEAR}|\d\d))?(?![\d,.]\d)"),
    # "from 2009 to 2011", "between 2014 and 2016": one interval of years
    ("YEAR", rf"(?i:from|between) (?P<t>{YEAR} (?i:to|and|through|until) {YEAR})(?![\d,.]\d)"),
    # numeric dates: "7/8/07", "25/12/2024"
    ("SLASH_DATE", r"\b[0-3]?\d/[0-3]?\d/(?:\d{4}|\d\d)\b(?!/)"),
    ("SHORTHAND", rf"[1-4]Q(?: ?(?:{YEAR}|'\d\d))?|Q[1-4](?: (?:{YEAR}|'\d\d))?|FY ?(?:{YEAR}|'?\d\d)(?!\d)"),  # financial shorthand
    ("DECADE", rf"(?:(?i:the) )?(?:(?i:early|late|mid)[- ]?)?(?:1[5-9]\d|20\d)0s|(?i:the) (?:(?i:early|late|mid)[- ]?)?'?\d0s"),
    ("CENTURY", r"(?i:the )?(?:\d{1,2}(?i:st|nd|rd|th)|" + _ORDINAL_WORD + r") (?i:century)"),
    ("SPOKEN_YEAR", rf"(?:{MONTH} |(?i:the year |(?:the )?(?:spring|summer|autumn|fall|winter) of ))?{SPOKEN_YEAR}"),
    # relative references
    ("UNIT", rf"(?i:(?:the )?(?:last|this|this past|next|past|previous|coming|current|following|same|latest) {UNIT_SG}\b)"),
    ("UNIT", rf"(?i:that (?:same )?(?:day|week|month|quarter|year|weekend))"),
    ("UNIT", r"(?i:the (?:(?:current|latest|fiscal|full|entire|whole) )*year)(?![-'\u2019])|(?i:year[- ]end|year's end)"),
    ("UNIT", r"(?i:(?:the )?(?:comparable |corresponding |same )?year-(?:earlier|ago)(?: (?:quarter|period))?)"),
    ("UNIT", rf"(?i:(?:the )?year-(?:earlier|ago) {NUM} {UNIT})"),
    ("PERIOD", rf"(?i:the) {YEAR} (?i:quarter|period)|(?i:the latest period)"),
    ("UNIT", r"(?i:last year's (?:quarter|period)|the (?:comparable |corresponding |same )?(?:quarter|period) (?:of )?"
        r"(?:last year|a year (?:ago|earlier)))"),
    ("UNIT", rf"(?i:(?:{HEDGE} )?{NUM}[- ]{UNIT} (?:or so )?(?:ago|earlier|from now|back))"),
    ("PERIOD", rf"(?i:(?:(?:this|last|next) year's |{YEAR}'s )?(?:the )?(?:year-ago |year-earlier )?(?:{YEAR} )?(?:fiscal )?(?:first|second|third|fourth)[- ]"
        rf"(?:fiscal )?(?:quarter|half)(?: of (?:(?:this|last|next) year|(?:fiscal )?{YEAR}))?)"),
    ("SEASON", rf"(?i:(?:last|this|next|past|coming) (?:spring|summer|fall|autumn|winter))"),
    ("SEASON", rf"(?i:(?:spring|summer|autumn|winter)) {YEAR}"),
    ("SEASON", rf"(?i:(?:the )?(?:(?:early|late) )?(?:spring|summer|autumn|fall|winter) of) {YEAR}"),   # "the summer of 2019"
    ("SEASON", r"(?i:(?:every|each) (?:spring|summer|autumn|fall|winter))"),
    ("SEASON", r"(?i:in|during|over|through|into|since|until|by) (?P<t>(?i:the (?:spring|summer|autumn|winter|fall)))"),
    ("SEASON", r"(?i:of) (?P<t>(?i:the (?:early|late) (?:spring|summer|autumn|winter|fall)))"),  # "the levels of the early summer"
    # deictic adverbials
    ("DEICTIC", r"(?i:right now|now|currently|nowadays|presently|at present|so far|to date|thus far|these days|"
        r"recently|lately|the past|(?<!as )soon|as soon as possible|the future|the near future|the near term|the long term|"
        r"the present)\b(?!-)"),
    ("UNIT", rf"(?i:(?:recent|coming|(?:the )?past) (?:days|weeks|months|quarters|years|decades))"),
    ("AHEAD", r"(?i:the (?:days|weeks|months|quarters|years|decades) (?:ahead|to come))"),   # "in the weeks ahead"
    ("MOMENT", r"(?i:at|for) (?P<t>(?i:the moment))\b"),
    # sets
    ("UNIT", rf"(?i:daily|weekly|monthly|annually|yearly|nightly|hourly|every (?:{NUM} )?{UNIT}|each {UNIT_SG})\b"),
    # durations
    ("UNIT", rf"(?i:(?:(?:the )?(?:past|last|next|first|coming|previous|full|entire|whole) |{HEDGE} )?{NUM}[- ]{UNIT}{HALF}(?:[- ]long)?(?![- ]old\b|-year)(?<!-quarters)(?<!-quarter))"),
    ("UNIT", rf"(?i:(?:{HEDGE} )?{NUM} and a half {UNIT})"),  # "two and a half years"
    ("TRADING", rf"(?i:(?:(?:the )?(?:past|last|next|first|previous) |{HEDGE} )?{NUM} (?:trading|business|working) days?)"),
    ("RANGE_OF_UNITS", rf"(?i:(?:(?:the )?(?:past|last|next|first|coming) |{HEDGE} )?{NUM} (?:to|or) {NUM}[- ]{UNIT}(?![- ]old\b))"),  # "two to three weeks"
    ("UNIT", rf"(?i:(?:the )?(?:past|last|next|first|coming|previous) {NUM}[- ]{UNIT})"),
    ("UNIT", rf"(?=[dycmwhDYCMWH])(?i:(?:decade|year|centur(?:y|ie)|month|week|day|hour)s?[- ]long)"),
    ("UNIT", rf"(?i:for|in|over|within) (?P<t>(?i:decades|years|centuries|months|weeks|days|hours))\b(?! of)"),
    ("UNIT", r"(?i:follow(?:ed|ing|s)?|after|end(?:ed|ing|s)?|amid|with) (?P<t>(?i:decades|years|months|weeks|days))(?= of )"),
    # "over the years", "in the early years": a stretch of unstated length, not the days before an event
    ("UNIT", rf"(?i:over|in|through|during) (?P<t>(?i:the (?:early |later? )?(?:years|decades)))\b(?! of| before| after| since| to come)"),
    # clock times
    ("IN_THE", r"(?=\d)" + _NOT_A_MONTH_DAY + r"(?i:\d{1,2}(?::\d\d)?(?: o'clock)? in the (?:morning|afternoon|evening))"),
    # a 24-hour clock after a preposition ("at 11:28"; a bare "22:40" is a teaser's time stamp)
    ("CLOCK_24", r"(?i:at|by|around|about|before|after|until|till|from|to|since) "
        r"(?P<t>(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:]|\s?(?i:a\.?m|p\.?m))(?: (?i:local time|GMT|UTC|[A-Z]{2,4}T))?)"),
    ("CLOCK", rf"(?:\b\d{{1,2}}(?:[:.]\d{{2}})? ?(?i:a\.m\.|p\.m\.|am|pm)(?![a-z])|(?i:noon|midnight|midday))"
        rf"(?: [A-Z]{{2,4}}T)?(?:,? (?:{WEEKDAY}|(?i:today|yesterday|tomorrow)|{MONTH_ANY} {DAY}))?"),
]

_POSITION_PREFIX = re.compile(
    r"(?i:(?:the )?(?:very )?(?:early|late|mid|earlier|later)(?:-| on | in | )|(?:the )?(?:beginning|start|end|middle) of )$")
_HEDGE_PREFIX = re.compile(rf"(?i:{HEDGE}) $")

_ADJECTIVE_WITH_THE = re.compile(
    r"(?i:the) (?!(?i:early|late|mid|twenty-)|[\w ]*(?i:year-ago|year-earlier) (?i:quarter|period))[\w ]*\w-\w")
_ARTICLE_BEFORE_LONG = re.compile(r"(?i:an?) \w+-long$")
_COUNTED = re.compile(rf"(?i:\d{1,3}(?![\d,])|{_NUMBER_WORD}\b|an? )")

_WRAP = r"(?<![\w'])(?:{})(?![\w])"
COMPILED = [re.compile(_WRAP.format(p)) for _, p in _PATTERNS]
_GATE_NAMES = [gate for gate, _ in _PATTERNS]


def _case_free(src: str) -> bool:
    """Every letter of the pattern sits in a (?i:...) group (escapes and group names aside)."""
    i, groups = 0, []
    while i < len(src):
        if src[i] == "\\":
            i += 2
            continue
        if src.startswith("(?P<", i):
            i = src.index(">", i) + 1
            groups.append(False)
            continue
        if src[i] == "(":
            groups.append(src.startswith("(?i:", i))
        elif src[i] == ")":
            groups.pop()
        elif src[i].isalpha() and not any(groups):
            return False
        i += 1
    return True


def _lower_case_form(src: str) -> str:
    """The pattern for lower-case text: (?i:...) groups plain, their letters lower-cased (not escapes)."""
    return re.sub(r"\\.|\(\?P<\w+>|[A-Z]", lambda m: m[0] if len(m[0]) > 1 else m[0].lower(),
                  src.replace("(?i:", "(?:"))


# A pattern with no case-sensitive letter runs case-sensitively on the text's lower-case copy: the
# same matches, several times faster than (?i:...) on the text.
LOWER_FORMS = [re.compile(_WRAP.format(_lower_case_form(p))) if _case_free(p) else None for _, p in _PATTERNS]

# A pattern runs only in the windows around its gate, a word every match of it holds: most text holds
# a number or a unit word but no month, weekday or season near it, so most patterns skip most text.
# Gate words are found with str.find (far faster than a regex alternation); those in lower case on the
# text's lower-case copy; CLOCK also opens at every digit. UNIT: a unit word (counts, "ago", sets).
_MONTH_GATE = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAY_GATE = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CASED_GATES = {
    "MONTH": _MONTH_GATE,
    "WEEKDAY": _WEEKDAY_GATE,
    "MONTH_OR_WEEKDAY": _MONTH_GATE + _WEEKDAY_GATE,
    "HOLIDAY": ("Christmas", "New Year", "Thanksgiving", "Election", "Easter", "Good Friday", "Holy Week"),
    "SHORTHAND": ("Q", "FY"),   # 2Q, Q3, FY90
    "DECADE": ("0s",),
}
# gates read by a regex on the text: every match of their patterns holds one
_REGEX_GATES = {
    "YEAR": re.compile(r"1[5-9]\d\d|2[01]\d\d"),
    "ISO_DAY": re.compile(r"\d{4}-\d\d-\d\d"),
    "SLASH_DATE": re.compile(r"\d/\d"),
    "CLOCK_24": re.compile(r"\d:[0-5]\d"),
    "ORDINAL_DAY": re.compile(r"the [0-3]?\d(?:st|nd|rd|th)\b"),
    "RANGE_OF_UNITS": re.compile(r" (?:[Tt][Oo]|[Oo][Rr]) [\w. -]{1,24}?(?:[Ss]ec|[Mm]in|[Hh]our|[Dd]ay|[Nn]ight|[Ww]eek|"
                                 r"[Mm]onth|[Qq]uarter|[Yy]ear|[Dd]ecade|[Cc]entur)"),   # "two to three weeks"
}
_LOWER_GATES = {
    "CLOCK": ("noon", "midnight", "midday"),
    "CENTURY": ("century",),
    "IN_THE": (" in the ",),   # "4 in the morning"
    "SPOKEN_YEAR": ("seventeen", "eighteen", "nineteen", "two thousand"),
    "DEICTIC_DAY": ("today", "yesterday", "tomorrow", "tonight", "overnight"),
    "PART": ("morning", "afternoon", "evening", "night"),
    "SEASON": ("spring", "summer", "autumn", "fall", "winter"),
    "DECADE_WORD": ("ties",),
    "DEICTIC": ("now", "current", "present", "so far", "to date", "thus far", "these days", "recent", "lately",
                "past", "soon", "future", "near term", "long term"),
    "MOMENT": ("moment",),
    "BEFORE_LAST": ("day before", "day after", "night before", "night after", "before last"),
    "AHEAD": ("ahead", "to come"),
    "TRADING": ("trading day", "business day", "working day"),
    "UNIT": ("second", "minute", "hour", "day", "dai", "night", "week", "month", "quarter", "year", "decade",
             "centur", "annual"),
    "PERIOD": ("quarter", "half", "period"),   # the periods of business reporting
}
_WITH_DIGITS = {"CLOCK"}
_DIGIT = re.compile(r"\d")
# for a text whose lower-case copy is longer ("İ" -> "i̇"): the lower-case gates as case-insensitive regexes
_GATES_ANY_CASE = {name: re.compile("|".join([re.escape(w) for w in words] + [r"\d"] * (name in _WITH_DIGITS)),
                                    re.IGNORECASE) for name, words in _LOWER_GATES.items()}
_WINDOW = 48
_PERIOD_WINDOW = 64   # the longest business period around its gate word ("this year's year-ago fiscal first quarter")


def _gate_hits(text: str, words: tuple[str, ...], digits: bool) -> list[tuple[int, int]]:
    hits = [m.span() for m in _DIGIT.finditer(text)] if digits else []
    for word in words:
        i = text.find(word)
        while i >= 0:
            hits.append((i, i + len(word)))
            i = text.find(word, i + 1)
    hits.sort()
    return hits


def _gate_windows(gate: str, text: str, lower: str | None) -> list[tuple[int, int]]:
    width = _PERIOD_WINDOW if gate == "PERIOD" else _WINDOW
    if gate in _REGEX_GATES:
        hits = [m.span() for m in _REGEX_GATES[gate].finditer(text)]
    elif gate in _CASED_GATES:
        hits = _gate_hits(text, _CASED_GATES[gate], False)
    elif lower is None:
        hits = [m.span() for m in _GATES_ANY_CASE[gate].finditer(text)]
    else:
        hits = _gate_hits(lower, _LOWER_GATES[gate], gate in _WITH_DIGITS)
    return _windows(hits, len(text), width)


def _windows(hits: list[tuple[int, int]], length: int, width: int) -> list[tuple[int, int]]:
    """The stretches within `width` characters of a hit (sorted by start), overlapping ones merged."""
    windows: list[tuple[int, int]] = []
    for start, end in hits:
        lo, hi = max(0, start - width), min(length, end + width)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def find_candidates(text: str) -> list[tuple[int, int]]:
    """Non-overlapping candidate spans, longest first, extended over early/late/mid modifiers."""
    found: list[tuple[int, int]] = []
    lower = text.lower()
    if len(lower) != len(text):   # a letter whose lower case is longer ("İ"): offsets would shift
        lower = None
    windows: dict[str, list[tuple[int, int]]] = {}
    for pattern, lower_form, gate in zip(COMPILED, LOWER_FORMS, _GATE_NAMES):
        if gate not in windows:
            windows[gate] = _gate_windows(gate, text, lower)
        scanned = text
        if lower_form is not None and lower is not None:
            pattern, scanned = lower_form, lower
        for lo, hi in windows[gate]:
            for m in pattern.finditer(scanned, lo, hi):
                span = m.span("t") if "t" in pattern.groupindex else m.span()
                if span[1] > span[0]:
                    found.append(span)
    found.sort(key=lambda span: (span[0] - span[1], span[0]))
    taken: list[tuple[int, int]] = []
    for start, end in found:
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    taken.sort()
    return [_extend_prefix(text, start, end) for start, end in taken]


def _extend_prefix(text: str, start: int, end: int) -> tuple[int, int]:
    if _ADJECTIVE_WITH_THE.match(text, start, end):  # "the six-year war": the belongs to the noun
        start += 4
    elif _ARTICLE_BEFORE_LONG.match(text, start, end):  # "a day-long meeting": so does the article
        start = text.index(" ", start) + 1
    window = text[max(0, start - 24):start]
    m = _POSITION_PREFIX.search(window)
    if m is None and _COUNTED.match(text, start, end):  # hedges only before a count: "over two weeks"
        m = _HEDGE_PREFIX.search(window)
    if m:
        begin = start - (len(window) - m.start())
        if begin == 0 or not text[begin - 1].isalnum():  # only a whole-word prefix
            return begin, end
    return start, end
