"""Reading numerals and their hedges: "43,218", "a million", "twenty-five", "hundreds", "nearly".

General English only; used by `parallax.analyze.figures`.
"""
from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "dozen": 12, "lakh": 100_000, "crore": 10_000_000}
# Scales money is written with right after the digits: "£45m", "$1.2bn", "$300k".
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
                "b": 1_000_000_000, "tn": 1_000_000_000_000}
# Vague plural numerals take their smallest literal reading ("hundreds" = at least 2 x 100).
VAGUE = {"dozens": 24, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
         "billions": 2_000_000_000}

# Hedge words before a numeral -> qualifier. Longest phrases first.
HEDGES: list[tuple[tuple[str, ...], str]] = [
    (("more", "than"), "over"), (("upwards", "of"), "over"), (("in", "excess", "of"), "over"),
    (("at", "least"), "at least"), (("no", "fewer", "than"), "at least"),
    (("no", "less", "than"), "at least"), (("up", "to"), "up to"), (("as", "many", "as"), "up to"),
    (("fewer", "than"), "up to"), (("less", "than"), "up to"), (("close", "to"), "nearly"),
    (("just", "under"), "nearly"), (("an", "estimated"), "about"),
    (("over",), "over"), (("above",), "over"), (("nearly",), "nearly"), (("almost",), "nearly"),
    (("some",), "about"), (("about",), "about"), (("around",), "about"), (("roughly",), "about"),
    (("approximately",), "about"), (("estimated",), "about"), (("under",), "up to"),
    (("well", "over"), "over"), (("just", "over"), "over"), (("well", "above"), "over"),
    (("in", "the", "region", "of"), "about"), (("an", "approximate"), "about"), (("almost", "exactly"), "about"),
    (("below",), "up to"), (("up", "to", "about"), "up to"),
]

HEDGES.sort(key=lambda hedge: -len(hedge[0]))   # "well over" before "over"

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_DIGITS_SCALED = re.compile(r"^(\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)(k|m|mn|mln|bn|b|tn)$")
# "point-75", "point-five": the decimal part of a numeral said in words ("two-point-75")
_POINT = re.compile(r"^point(?:-([a-z0-9-]+))?$")


def is_numeral_word(word: str) -> bool:
    w = word.lower().rstrip("-") if len(word) > 1 else word.lower()   # "five-" in "five- to six-percent"
    return (bool(_DIGITS.match(w)) or bool(_DIGITS_SCALED.match(w)) or w in UNITS or w in SCALES or w in VAGUE
            or all(part in UNITS for part in w.split("-")))


def decimal_words(words: list[str]) -> float | None:
    """The decimal part of "point-75", "point five", "point seven five": 0.75, 0.5, 0.75."""
    digits = []
    for w in "-".join(words).split("-"):
        if not w:
            continue
        if w.isdigit():
            digits.append(w)
        elif w in UNITS and UNITS[w] < 10:
            digits.append(str(UNITS[w]))
        else:
            return None
    return float("0." + "".join(digits)) if digits else None


def parse_numeral(words: list[str]) -> tuple[float, bool] | None:
    """Value of a numeral written as words and/or digits; (value, vague). None if unreadable.

    ["a", "million"] -> 1e6; ["one", "million"] -> 1e6; ["43,218"] -> 43218;
    ["hundreds"] -> (200, vague); ["tens", "of", "thousands"] -> (20000, vague).
    """
    words = [w.lower().rstrip("-") if len(w) > 1 else w.lower() for w in words if w.lower() not in ("and", "of", "-")]
    if not words:
        return None
    point = next((i for i, w in enumerate(words) if _POINT.match(w)), None)
    if point is not None and point > 0:   # "two-point-75", "two point five"
        whole = parse_numeral(words[:point])
        tail = [_POINT.match(words[point])[1] or ""] + words[point + 1:]
        fraction = decimal_words(tail)
        return (whole[0] + fraction, whole[1]) if whole and fraction is not None else None
    if words[0] == "half" and len(words) > 1:
        rest = parse_numeral(words[1:])
        return (rest[0] / 2, rest[1]) if rest else None
    if words[0] == "tens" and len(words) > 1 and words[1] in VAGUE:
        return 10 * VAGUE[words[1]], True
    if words[-1] in VAGUE:
        base = VAGUE[words[-1]]
        if len(words) == 1:
            return base, True
        head = parse_numeral(words[:-1])           # "hundreds of thousands"
        return (head[0] * base / 2, True) if head else None
    total, current = 0.0, 0.0
    for w in words:
        if w in ("a", "an"):
            current = current or 1
        elif _DIGITS.match(w):
            current += float(w.replace(",", ""))
        elif m := _DIGITS_SCALED.match(w):
            current += float(m[1].replace(",", "")) * SHORT_SCALES[m[2]]
        elif w in SHORT_SCALES and current:
            current *= SHORT_SCALES[w]
        elif w in UNITS:
            current += UNITS[w]
        elif all(p in UNITS for p in w.split("-")):      # "twenty-five"
            current += sum(UNITS[p] for p in w.split("-"))
        elif w in SCALES:
            scale = SCALES[w]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current, False


def comma_groups(text: str) -> list[str]:
    """"43,218" -> ["43", "218"]; used to read garbled lists that fused two counts."""
    return text.split(",") if re.fullmatch(r"\d{1,3}(,\d{3})+", text) else [text]


def hedge_before(words: list[str]) -> tuple[str, int] | None:
    """Qualifier of the hedge that ends right before a numeral, and how many words it spans."""
    lowered = [w.lower() for w in words]
    for phrase, qualifier in HEDGES:
        if len(lowered) >= len(phrase) and tuple(lowered[-len(phrase):]) == phrase:
            return qualifier, len(phrase)
    return None
