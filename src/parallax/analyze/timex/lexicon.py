"""General English time vocabulary: month and weekday names, number words, units, hedges."""
from __future__ import annotations

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

UNITS_WORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
              "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS_WORD = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
             "eighty": 80, "ninety": 90}
VAGUE_COUNT = {"a few", "few", "several", "many", "some", "a couple of", "a couple", "couple of",
               "a number of", "dozens of", "hundreds of", "numerous"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
ORDINAL_WORDS = {word: n for n, word in enumerate(
    ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
     "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
     "twentieth"), start=1)}

# unit word -> (ISO letter, is time-of-day unit)
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False),
}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
                "tonight": "NI", "midday": "MI", "noon": "MI"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

# hedges before a quantity or date: they widen the span, not the value
HEDGE_MODS = {
    "over": "MORE_THAN", "more than": "MORE_THAN", "at least": "MORE_THAN", "upwards of": "MORE_THAN",
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN", "under": "LESS_THAN",
    "up to": "LESS_THAN", "fewer than": "LESS_THAN", "at most": "LESS_THAN", "just under": "LESS_THAN",
    "about": "APPROX", "around": "APPROX", "some": "APPROX", "approximately": "APPROX",
    "roughly": "APPROX", "nearly a": "LESS_THAN", "just over": "MORE_THAN",
}
POSITION_MODS = {"early": "EARLY", "earlier": "EARLY", "beginning": "EARLY", "start": "EARLY",
                 "late": "LATE", "later": "LATE", "end": "LATE", "mid": "MID", "middle": "MID"}

PRESENT_REF = {"now", "currently", "current", "nowadays", "presently", "at present", "so far", "to date",
               "at the moment", "the moment", "these days", "right now", "thus far", "the present", "present"}
PAST_REF = {"recently", "lately", "the past", "past", "formerly", "once", "recent"}
FUTURE_REF = {"soon", "the future", "future", "the near future", "the near term", "the long term",
              "eventually", "shortly", "in the future", "as soon as possible"}
SET_WORDS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
             "nightly": "P1D", "hourly": "PT1H", "quarterly": "P3M"}
