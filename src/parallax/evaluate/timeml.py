"""Scores timex extraction and normalisation on TimeML `.tml` files, the way TempEval-3 does.

Text = the TEXT element with its tags stripped (entities unescaped); offsets are computed on it.
The DCT (TIMEX3 with functionInDocument="CREATION_TIME") anchors relative expressions.
Layers: `timexes` (relaxed: any overlap), `timexes.strict` (exact offsets) and `timexes.value`
(relaxed F1 x share of relaxed matches whose value is right: TempEval-3 "value F1");
`timexes.value.literal` is the same with values compared character for character, as TempEval-3's
own scorer does, so the effect of `same_value`'s notation equivalences stays visible.

TimeBank and the dev guideline differ in places (TimeBank leaves out "Earlier" in "Earlier
Friday", writes decades as "197" and weeks as "2000-W7"). Extraction follows the dev guideline
everywhere; the only TimeML-specific step is `same_value`, which treats equivalent notations of the
same value as equal. Span differences only show in the strict layer. Nothing is special-cased per
document.

Where TimeBank (TBAQ), MEANTIME and the dev guideline disagree, the guideline is followed, at a cost
on the corpus that differs: a part of a named day is kept ("Friday night" -> 1998-10-23TNI, "the
morning of June 8" -> TMO; TimeBank values the day); an interval of years is one timex ("from 2009
to 2011" -> 2009/2011; TimeBank tags the two years apart, MEANTIME one duration P2Y: tagging the ends
apart, as TimeML and TIDES do, lifts TBAQ value F1 by .003 and costs MEANTIME .004); deictic
adverbials are tagged ("now", "so far", "currently", "the moment"; TimeBank tags them unevenly) and
adjectives on non-temporal nouns are not ("current market conditions", "recent declines", "future
demand"); "decades-long" is PXDE. Clock times keep the TIMEX3 clock ("11:28" -> ...T11:28; the
stories gold writes the part of day, the guideline's table having no clock slot) and hours stay
hours ("the past 48 hours" -> PT48H; the stories gold converts to P2D). "N years ago" is a year, as the
guideline says (MEANTIME tags "two years" in "begun two years ago" as P2Y); durations of stored content
stay timexes ("75 hours of video"; MEANTIME leaves them out); "the past decade" is the ten years up to
the report, P1DE (TBAQ and MEANTIME each value it once as P10Y and once as the calendar decade, so
"the last decade" keeps the calendar reading). The remaining MEANTIME misses are its own conventions
("Christmas" as PXD, "later this year" as a quarter, ISO weeks one off). On TBAQ the value errors left
are mostly TimeBank's: a field left open where the text fixes it ("last week" -> 1989-WXX, "the quarter"
-> 1989-QX, "1968" -> 1968-XX; about 45), parts of named days (about 20) and durations where the text
names a date ("almost two years ago" -> P2Y); the rest mostly disagree with the DCT or with each other
("recent years" is PAST_REF three times and PXY twice, "a year ago" a day, a month, a quarter or a
year; "year-end" Dec 31 twice, "year end" the year twice, where we value both as the year, as
"the end of the year"). Scoring those TimeBank's way would lift TBAQ value F1 by about .04; we do not.
`bench/timex_corpora.py` prints the three corpora side by side.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parallax.evaluate.metrics import Counts, match_one_to_one, overlap_size

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


def parse_tml(raw: str) -> tuple[str, dt.date | None, list[GoldTimex]]:
    """(plain text of TEXT, DCT, gold timexes with offsets into that text)."""
    dct = None
    m = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if m:
        value = dict(_ATTR.findall(m.group(0))).get("value", "")
        try:
            dct = dt.date.fromisoformat(value[:10])
        except ValueError:
            dct = None
    body_match = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    body = body_match.group(1) if body_match else ""
    parts: list[str] = []
    length = 0
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[pos:tag.start()])
        parts.append(piece)
        length += len(piece)
        pos = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append(GoldTimex(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    for g in gold:
        g.text = text[g.start:g.end]
    return text, dct, gold


def same_value(gold: str, pred: str) -> bool:
    """Equal TIMEX3 values, allowing TimeBank's notations for the same thing: unpadded weeks
    ("2000-W7" = "2000-W07"), bare decades/centuries ("197" = "197X"), decades, centuries and millennia
    in TimeBank's letters or as years ("P2DE" = "P2E" = "P20Y", "PXC" = "PXCE", "P2L" = "P2000Y"),
    quarters as months ("P1Q" = "P3M"), decimal years as months ("P2.5Y" = "P2Y6M") and whole hours
    ("T17" = "T17:00"). A value with open fields
    ("1968-XX") is not the bare year: it says the month is unknown, not that the year is meant."""
    return _canonical(gold) == _canonical(pred)


def _canonical(value: str) -> str:
    value = re.sub(r"-W0(\d)\b", r"-W\1", value)
    value = re.sub(r"^P([\dX]+)(?:DE|E)$", r"P\1DE", value)   # TimeBank's decade, century, millennium
    value = re.sub(r"^P([\dX]+)(?:CE|C)$", r"P\1CE", value)   # letters E, C, L: ISO-TimeML's DE, CE, ML
    value = re.sub(r"^P([\dX]+)(?:ML|L)$", r"P\1ML", value)
    years = {"DE": 10, "CE": 100, "ML": 1000}
    value = re.sub(r"^P(\d+)(DE|CE|ML)$", lambda m: f"P{int(m[1]) * years[m[2]]}Y", value)
    value = re.sub(r"^P(\d+)Q$", lambda m: f"P{int(m[1]) * 3}M", value)
    value = re.sub(r"^P(\d+)\.(\d+)Y$", _decimal_years, value)
    value = re.sub(r"T(\d\d)$", r"T\1:00", value)
    return re.sub(r"^(\d{2,3})X+$", r"\1", value)


def _decimal_years(m: re.Match) -> str:
    """ISO 8601's decimal fraction of years as years and whole months ("P2.5Y" -> "P2Y6M")."""
    months = float("0." + m[2]) * 12
    return f"P{m[1]}Y{round(months)}M" if abs(months - round(months)) < 1e-9 else m[0]


def score(gold_dir: Path, *, progress: Callable[[int], None] | None = None,
          extract: Callable[[str, dt.date | None], list[Any]] | None = None) -> dict:
    """TempEval-3 style P/R/F1 for every .tml file under `gold_dir`."""
    if extract is None:
        extract = _pipeline_extract()
    relaxed, strict = Counts(), Counts()
    matched = right = literal = 0
    errors: list[dict[str, str]] = []
    files = sorted(Path(gold_dir).glob("*.tml"))
    for path in files:
        text, dct, gold = parse_tml(path.read_text(encoding="utf-8"))
        pred = extract(text, dct)
        gold_spans = [(g.start, g.end) for g in gold]
        pred_spans = [(p.start, p.end) for p in pred]
        n = len(match_one_to_one(gold_spans, pred_spans, lambda g, p: 1.0 if g == p else 0.0))
        strict.add(Counts(n, n, len(gold), len(pred)))
        pairs = match_one_to_one(gold_spans, pred_spans,
                                 lambda g, p: overlap_size(g, p) / max(g[1] - g[0], p[1] - p[0], 1))
        relaxed.add(Counts(len(pairs), len(pairs), len(gold), len(pred)))
        for gi, pi in pairs:
            matched += 1
            literal += gold[gi].value == pred[pi].value
            if same_value(gold[gi].value, pred[pi].value):
                right += 1
            else:
                errors.append({"file": path.name, "text": gold[gi].text, "gold": gold[gi].value,
                               "pred": pred[pi].value, "pred_text": pred[pi].text})
        if progress:
            progress(1)
    relaxed_layer = relaxed.layer()
    accuracy = right / matched if matched else 0.0

    def scaled(share: float) -> dict:   # TempEval-3: relaxed extraction x share of right values
        return {"p": round(relaxed_layer["p"] * share, 4), "r": round(relaxed_layer["r"] * share, 4),
                "f1": round(relaxed_layer["f1"] * share, 4), "n_gold": relaxed.n_gold, "n_pred": relaxed.n_pred}
    return {"layers": {"timexes": relaxed_layer, "timexes.strict": strict.layer(), "timexes.value": scaled(accuracy),
                       "timexes.value.literal": scaled(literal / matched if matched else 0.0)},
            "articles": len(files), "value_accuracy": round(accuracy, 4), "value_errors": errors}


def _pipeline_extract() -> Callable[[str, dt.date | None], list[Any]]:
    from parallax.analyze.nlp import load_nlp
    from parallax.analyze.timex import extract_timexes

    nlp = load_nlp()
    return lambda text, dct: extract_timexes(nlp(text), dct)
