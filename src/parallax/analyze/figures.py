"""Numeric claims ("25,000 people were killed") read off the one spaCy parse of an article body.

For each cardinal quantity: the span (hedge + numeral + percent sign, no noun), value, qualifier,
unit (plural head noun; `people` for persons and unstated nouns; `percent`), measure (killed,
injured, displaced, ... from the governing verb or noun), subject (whose: "Azerbaijani",
"(both sides)"), the period it refers to (years in its sentence or paragraph), a canonical `what`
and the source it is `cited` to ("according to ..."). Dates, durations, ordinals, numbers in
names, anaphoric counts ("the two countries") and non-quantities ("one of the") are skipped.
"""
from __future__ import annotations

import bisect
import re

from spacy.attrs import LOWER

from parallax.analyze.figure_context import (LEMMA_TO_MEASURE, MEASURES, TOLL_NOUNS, cited_source,
                                             measure_lemma, measure_of, predicate, subject_of, topic_of)
from parallax.analyze.figure_periods import assign_periods
from parallax.analyze.nlp import doc_ents, doc_text
from parallax.analyze.numerals import (UNITS, VAGUE, comma_groups, hedge_before, is_numeral_word,
                                       parse_numeral)
from parallax.model import Figure

# units of length, area, mass and volume: "a 25-mile strip" measures something ("a 30-year war" is a timex)
MEASURE_UNITS = {"mile", "kilometre", "kilometer", "km", "metre", "meter", "foot", "feet", "inch", "yard", "acre",
                 "hectare", "tonne", "ton", "kilogram", "kg", "pound", "litre", "liter", "gallon", "barrel"}
_CODE = re.compile(r"[A-Z][A-Z0-9]*")   # the letters of a designation ("J2", "MH", "F")
PEOPLE_NOUNS = {"people", "person", "life", "individual", "human", "soul", "resident", "inhabitant"}
TIME_NOUNS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century",
              "night", "morning", "evening", "time", "season", "term"}
# Adjectives that classify what is counted ("civilian facilities"), unlike evaluative ones.
CLASSIFIERS = {"civilian", "military", "residential", "public", "private", "medical", "religious",
               "educational", "administrative", "armed", "nuclear", "foreign", "local", "internal"}
ANAPHORIC = {"the", "these", "those", "all", "both", "its", "their", "our", "his", "her", "my",
             "your", "each", "every", "such", "whose"}
NAME_LABELS = {"PERSON", "ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT", "GPE", "LOC"}
PERCENT_WORDS = {"%", "percent", "pct"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
          "sept", "oct", "nov", "dec"}
CURRENCIES = {"$": "dollars", "US$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees",
              "Rs": "rupees", "Rs.": "rupees", "INR": "rupees", "USD": "dollars", "EUR": "euros", "GBP": "pounds"}
# shares of a share: "0.4 percentage points", "25 basis points", "25 bps" (kept in the span, like "percent")
POINT_UNITS = {("percentage", "point"): "percentage points", ("percentage", "points"): "percentage points",
               ("basis", "point"): "basis points", ("basis", "points"): "basis points",
               ("bps",): "basis points", ("bp",): "basis points"}
POINT_OPENERS = {words[0] for words in POINT_UNITS}
RANGE_WORDS = {"to", "-", "–", "and"}
SHARE_UNITS = {"percent", "percentage points", "basis points"}
TENS = {w for w, v in UNITS.items() if v >= 20}



def extract_figures(doc) -> list[Figure]:
    figures: list[Figure] = []
    predicates: dict[int, object] = {}
    sentences = _Sentences(doc)
    groups = list(_numeral_groups(doc))
    skip = -1
    for n, tokens in enumerate(groups):
        if n == skip:
            continue
        upper = _range_upper(doc, tokens, groups[n + 1] if n + 1 < len(groups) else None)
        skip = n + 1 if upper is not None else -1
        for fig, pred in _read_figure(doc, tokens, figures, sentences, upper):
            figures.append(fig)
            predicates[id(fig)] = pred
    assign_periods(doc, figures, predicates, sentences.text)
    return figures


# ---- finding numerals ---------------------------------------------------------------------

def _is_numeral(tok) -> bool:
    if tok.lower_ in VAGUE or tok.lower_ in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
        return True
    if tok.text.endswith("-") and len(tok.text) > 1:   # "five- to six-percent", not "a 16-point margin"
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to" and is_numeral_word(tok.text)
    return (tok.tag_ == "CD" or tok.like_num) and tok.tag_ not in ("JJ", "RB") and is_numeral_word(tok.text)


def _continues(doc, j: int) -> int:
    """How many tokens at j continue the numeral before them: a decimal said in words ("two-point-75",
    "two point five"), a scale written short after money ("£45m"), crore and lakh ("Rs 500 crore")."""
    tok = doc[j]
    low = tok.lower_
    if low == "-" and j + 1 < len(doc) and doc[j + 1].lower_.startswith("point"):
        rest = _continues(doc, j + 1)                 # "two-point-75", not "a 16-point margin"
        return 1 + rest if rest else 0
    if low == "-" and j + 1 < len(doc) and doc[j + 1].lower_ in ("hundred", "thousand", "million", "billion"):
        return 1                                      # "six-million"
    if low == "point" and j + 1 < len(doc) and (doc[j + 1].like_num or doc[j + 1].lower_ in UNITS):
        k = j + 1
        while k < len(doc) and (doc[k].like_num or doc[k].lower_ in UNITS) and len(doc[k].text) <= 6:
            k += 1
        return k - j
    if low.startswith("point-") and parse_numeral(["one", low]) is not None:
        return 1
    if low in ("m", "mn", "mln", "bn", "b", "tn", "k") and doc[j - 1].text[:1].isdigit() \
            and any(t.text in CURRENCIES for t in doc[max(0, j - 3):j]):
        return 1
    return 1 if low in ("crore", "lakh", "crores", "lakhs") else 0


def _range_upper(doc, lower, following):
    """The upper numeral of a range that starts at `lower`: "7 per cent to 7.5 per cent", "50-60",
    "between 50 and 60", "five- to six-percent". None when `following` does not close a range."""
    if following is None or following.start - lower.end > 4:
        return None
    between = [t.lower_ for t in doc[lower.end:following.start]]
    if between and between[0] in ("per", "percent", "%", "pct") and between[-1] in RANGE_WORDS:
        between = between[-1:] if between[:-1] in (["per", "cent"], ["percent"], ["%"], ["pct"]) else between
    if lower[-1].text.endswith("-") and between == ["to"]:
        between = ["-"]
    if between not in (["to"], ["-"], ["–"], ["and"]):
        return None
    if between == ["and"] and not (lower.start > 0 and doc[lower.start - 1].lower_ == "between"):
        return None                                   # "50 soldiers and 60 civilians" are two figures
    if lower.start > 0 and doc[lower.start - 1].lower_ == "from":
        return None                                   # "rose from 5 to 7 percent": two values, a change
    low, high = parse_numeral([t.text for t in lower]), parse_numeral([t.text for t in following])
    if low is None or high is None or not low[0] < high[0]:
        return None                                   # "4-4" is a score, "1994-97" years
    return following


# lower-case word (as its spaCy hash) -> whether it may start a numeral; shared by all docs
_MAY_BE_NUMERAL: dict[int, bool] = {}


def _may_be_numeral(word: str) -> bool:
    """A cheap superset of `_is_numeral` on the word alone (`is_numeral_word` holds the vague numerals
    and scales too), and "tens" of "tens of thousands"."""
    return word == "tens" or is_numeral_word(word)


def _numeral_starts(doc) -> list[int]:
    """Indices of the tokens that may open a numeral, read off the doc's arrays: most tokens are
    words, and making a Token object for each costs more than the rest of the stage."""
    strings, known = doc.vocab.strings, _MAY_BE_NUMERAL
    starts = []
    for i, key in enumerate(doc.to_array(LOWER).tolist()):
        maybe = known.get(key)
        if maybe is None:
            if len(known) > 500_000:   # a long-running process meets new words without end
                known.clear()
            maybe = known[key] = _may_be_numeral(strings[key])
        if maybe:
            starts.append(i)
    return starts


def _numeral_groups(doc):
    """Runs of numeral tokens: "one million", "a million", "tens of thousands", "43,218"."""
    i = 0
    for k in _numeral_starts(doc):
        if k < i:
            continue
        i, tok = k, doc[k]
        if not _is_numeral(tok) and not (tok.lower_ == "tens" and i + 2 < len(doc)
                                         and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in VAGUE):
            continue
        j = i + 1
        while j < len(doc):
            if (extra := _continues(doc, j)):
                j += extra
            elif _is_numeral(doc[j]) or (doc[j].lower_ == "of" and doc[j - 1].lower_ in VAGUE.keys() | {"tens"}
                                       and j + 1 < len(doc) and doc[j + 1].lower_ in VAGUE):
                j += 1
            elif doc[j].text == "-" and j + 1 < len(doc) and doc[j - 1].lower_ in TENS \
                    and doc[j + 1].lower_ in UNITS:
                j += 2                                # "twenty - five" split by the tokenizer
            else:
                break
        start = i
        if i > 0 and doc[i - 1].lower_ in ("a", "an") and doc[i].lower_ in ("hundred", "thousand", "million",
                                                                             "billion", "trillion", "dozen"):
            start = i - 1
            if start > 0 and doc[start - 1].lower_ == "half":
                start -= 1                            # "half a million"
        yield doc[start:j]
        i = j


# ---- one figure ---------------------------------------------------------------------------

class _Sentences:
    """The doc's text and sentences, computed once (`Doc.text` and `Token.sent` rebuild them)."""

    def __init__(self, doc):
        self.text = doc_text(doc)
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    def of(self, tok):
        return self.spans[bisect.bisect_right(self.starts, tok.i) - 1]


def _read_figure(doc, span, earlier: list[Figure], sentences: _Sentences, upper=None) -> list[tuple[Figure, object]]:
    """The figure(s) a numeral states, each with its governing predicate token. With `upper`, the span
    opens a range: one figure, the lower bound, qualifier "at least", the upper bound in `high`."""
    words = [t.text for t in span]
    parsed = parse_numeral(words)
    if parsed is None or _excluded(doc, span, upper is not None) or (upper is not None and _excluded(doc, upper, True)):
        return []
    value, vague = parsed
    high = parse_numeral([t.text for t in upper])[0] if upper is not None else None
    root = _root(span)
    end_tok = (upper if upper is not None else span).end
    if end_tok + 1 < len(doc) and doc[end_tok].text == "-" and doc[end_tok + 1].lower_ in PERCENT_WORDS:
        end_tok += 1                                  # "six-percent"
    noun = None
    unit = "people"
    points = next((words for words in POINT_UNITS
                   if tuple(t.lower_ for t in doc[end_tok:end_tok + len(words)]) == words), None) \
        if end_tok < len(doc) and doc[end_tok].lower_ in POINT_OPENERS else None
    if points:
        unit, noun = POINT_UNITS[points], doc[end_tok + len(points) - 1]
        end_tok += len(points)
    elif end_tok < len(doc) and doc[end_tok].lower_ in PERCENT_WORDS:
        unit, noun = "percent", doc[end_tok]
        end_tok += 1
    elif end_tok + 1 < len(doc) and doc[end_tok].lower_ == "per" and doc[end_tok + 1].lower_ == "cent":
        unit, noun = "percent", doc[end_tok + 1]
        end_tok += 2
    elif end_tok + 1 < len(doc) and doc[end_tok].text in ("-", "–") and doc[end_tok + 1].lower_ in MEASURE_UNITS:
        noun = doc[end_tok + 1]                       # "a 40-mile strip": miles, the span stays the number
        unit = _plural(noun.lower_)
    else:
        noun = _counted_noun(root)
        if noun is not None:
            if noun.lemma_.lower() in TIME_NOUNS or _is_anaphoric(noun, span):
                return []
            unit = _unit(noun, span, earlier)

    start_tok, qualifier = span.start, ("at least" if vague or upper is not None else "exact")
    if start_tok > 0 and doc[start_tok - 1].text in CURRENCIES:
        start_tok -= 1                                # "$40,000": the sign is part of the figure
        unit = CURRENCIES[doc[start_tok].text]
    if upper is not None and start_tok > 0 and doc[start_tok - 1].lower_ == "between":
        start_tok -= 1                                # "between 50 and 60": one range
    unit = _per_unit(doc, end_tok, noun, unit)
    hedge = hedge_before([t.text for t in doc[max(0, start_tok - 3):start_tok]])
    if hedge:
        qualifier, n = hedge
        start_tok -= n
    if start_tok > 0 and doc[start_tok - 1].lower_ in ANAPHORIC - {"all", "both"} and not hedge \
            and upper is None:                        # "the five- to six-percent range" is not anaphoric
        return []

    anchor = noun if noun is not None and unit != "percent" else (noun or root)
    if noun is not None and noun.head.head == root:
        anchor = root                                # "hundreds of people were killed"
    pred = predicate(anchor)
    measure, toll = measure_of(pred, anchor)
    state = _state_word(doc, span, end_tok, noun)
    if state:
        measure = state                               # "5 dead", "40 wounded soldiers"
    casualty = measure in MEASURES and (noun is None or noun.dep_ not in ("pobj", "npadvmod", "attr"))
    if span.text.lower() == "one" and not casualty and not _one_is_count(noun, root, doc, span):
        return []                                     # "we only have one condition", "by one estimate"
    subject = subject_of(noun, pred) if unit != "percent" else ""
    sent = sentences.of(span[0])
    sent_start, sent_end = _sentence_bounds(sentences.text, sent, span[0])
    base = dict(start=doc[start_tok].idx, end=doc[end_tok - 1].idx + len(doc[end_tok - 1].text), high=high,
                qualifier=qualifier, cited=cited_source(sent, pred, sentences.text), sentence_start=sent_start,
                sentence_end=sent_end, text=doc[start_tok:end_tok].text)

    parts = comma_groups(span.text) if len(span) == 1 else [span.text]
    right_after_toll = toll is not None and toll[2].i in (span.start - 1, span.start - 2)
    if right_after_toll and len(parts) == 2 and measure in MEASURES and toll[0] != measure:
        # A garbled list fused two counts ("has reached 43,218 people are injured"): the first
        # group answers the toll's measure, the second the numeral's own predicate.
        first_unit = _unit(toll[1], span, earlier)
        return [
            (_make(base, float(parts[0]), first_unit, toll[0], subject_of(toll[1], None), noun, pred), pred),
            (_make(base, float(parts[1]), unit, measure, subject, noun, pred), pred),
        ]
    if right_after_toll and measure in ("", measure_lemma(pred) if pred is not None else ""):
        measure = toll[0]
        if noun is None:
            unit, subject = _unit(toll[1], span, earlier), subject_of(toll[1], None)
    return [(_make(base, value, unit, measure, subject, noun, pred, root), pred)]


def _per_unit(doc, end_tok: int, noun, unit: str) -> str:
    """A rate: "$1.80 a litre", "1.80 dollars per litre", "1,000 people a day" -> "dollars per litre"."""
    after = (noun.i + 1) if noun is not None and noun.i >= end_tok else end_tok
    if unit in ("percent", "percentage points", "basis points") or after + 1 >= len(doc):
        return unit
    per, what = doc[after], doc[after + 1]
    if per.lower_ in ("per", "a", "an", "each") and what.pos_ == "NOUN" and what.tag_ == "NN" and (
            per.lower_ == "per" or what.dep_ in ("npadvmod", "pobj", "dobj") or what.head.i < what.i):
        return f"{unit} per {what.lemma_.lower()}"
    return unit


def _make(base: dict, value: float, unit: str, measure: str, subject: str, noun, pred, numeral=None) -> Figure:
    fig = Figure(value=value, unit=unit, measure=measure, subject=subject, **base)
    fig.what = _what(fig, noun, pred, numeral)
    return fig


def _root(span):
    return next((t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t), span[-1])


def _excluded(doc, span, in_range: bool = False) -> bool:
    """Dates, years, clock times, ordinals, numbers inside names, compound adjectives ("30-year")."""
    root = _root(span)
    first = root
    while first.dep_ == "conj" and first.head != first:
        first = first.head                            # "between 50 and 60 people"
    year_like = bool(re.fullmatch(r"(1[0-9]|20)\d\d", span.text))
    counts_things = first.dep_ == "nummod" and first.head.tag_ == "NNS" and first.head.lemma_ not in TIME_NOUNS
    if year_like and (span.start == 0 or doc[span.start - 1].lower_ in ("in", "since", "of", "by", "until")):
        return True                                   # "in 2013 fellow doctors ..."
    for tok in span:
        if tok.ent_type_ in ("DATE", "TIME", "ORDINAL") and not (counts_things and tok.ent_type_ == "DATE"):
            return True                               # (the NER calls "between 50 and 60 people" a date)
        if tok.ent_type_ in NAME_LABELS and tok.ent_iob_ != "" and _entity_has_words(tok):
            return True
    if year_like and not counts_things:
        return True                                   # a year, whatever the NER says
    nxt = doc[span.end] if span.end < len(doc) else None
    measure_after = span.end + 1 < len(doc) and doc[span.end + 1].lower_ in MEASURE_UNITS
    if nxt is not None and (nxt.text in ("-", "–") and not in_range and not measure_after or nxt.text.startswith(":")):
        return True                                   # "30-year-long", "one-day", "4:25" (not "a 25-mile strip")
    if nxt is not None and nxt.lower_ == "of" and span.text.lower() == "one":
        return True                                   # "one of the most dangerous"
    prev = doc[span.start - 1] if span.start > 0 else None
    if any(t is not None and t.text[:1].isupper() and t.lower_.rstrip(".") in MONTHS for t in (nxt, prev)):
        return True                                   # "04 March 2025", "Sept. 27" (not "40 may have died")
    if prev is not None and prev.pos_ == "PROPN" and (prev.ent_type_ == "DATE" or (
            span[0].text[:1].isdigit() and not prev.is_sent_start)):
        return True                                   # "July 17", "Fortune 500", "Resolution 242"
    if prev is not None and prev.text in ("-", "–") and span.start > 1 and _is_numeral(doc[span.start - 2]) \
            and not in_range:
        return True                                   # a score or range written "4-4"
    if prev is not None and prev.text in ("#", "No", "No."):
        return True
    if prev is not None and prev.text in ("-", "–") and span.start > 1 and not prev.whitespace_ \
            and not doc[span.start - 2].whitespace_ and _CODE.fullmatch(doc[span.start - 2].text):
        return True                                   # a code: "flight J2-8243", "F-16"
    after_in = nxt is not None and nxt.lower_ == "in" and span.end + 1 < len(doc) and _is_numeral(doc[span.end + 1])
    before_in = prev is not None and prev.lower_ == "in" and span.start > 1 and _is_numeral(doc[span.start - 2])
    if after_in or before_in:
        return True                                   # ratios: "one in five", "4 in 10"
    return False


def _entity_has_words(tok) -> bool:
    ent = next((e for e in doc_ents(tok.doc) if e.start <= tok.i < e.end), None)
    return ent is not None and any(not _is_numeral(t) and t.lower_ not in ("a", "an") for t in ent)


def _counted_noun(root):
    if root.lower_ in VAGUE or root.lower_ in ("hundred", "thousand", "million", "dozen"):
        of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            return next((c for c in of.children if c.dep_ == "pobj"), None)
    if root.dep_ in ("nummod", "quantmod", "compound") and root.head.pos_ in ("NOUN", "PROPN") \
            and root.head.i > root.i:
        noun = root.head
        while noun.dep_ == "compound" and noun.head.i > noun.i and noun.head.pos_ == "NOUN":
            noun = noun.head                         # "Four ceasefire attempts"
        return noun
    return None


def _is_anaphoric(noun, span) -> bool:
    """"the two countries", "all four documents", "both sides": counts of things already named."""
    for child in noun.children:
        if child.i < span.start and (child.dep_ in ("det", "predet", "poss")) and \
                (child.lower_ in ANAPHORIC or child.dep_ == "poss"):
            return True
    return noun.lower_ in ("sides",) and any(c.lower_ == "both" for c in noun.children)


def _one_is_count(noun, root, doc, span) -> bool:
    """A bare "one" counts only beside other counts ("16 combatants and one civilian")."""
    if noun is None:
        return False
    def has_num(n):
        return any(c.dep_ == "nummod" and c.i not in range(span.start, span.end) for c in n.children)
    siblings = [c for c in noun.children if c.dep_ == "conj"]
    if noun.dep_ == "conj":
        siblings.append(noun.head)
    return any(has_num(s) for s in siblings)


def _state_word(doc, span, end_tok: int, noun) -> str:
    """A measure stated right on the count: "5 dead", "12 injured", "40 wounded soldiers"."""
    candidates = [c for c in noun.children if c.dep_ == "amod"] if noun is not None else []   # "people dead"
    if noun is None and end_tok < len(doc):
        candidates.append(doc[end_tok])
    for tok in candidates:
        lemma = measure_lemma(tok)
        if lemma in LEMMA_TO_MEASURE:
            return LEMMA_TO_MEASURE[lemma]
    return ""


def _unit(noun, span, earlier: list[Figure]) -> str:
    lemma = noun.lemma_.lower()
    if lemma in PEOPLE_NOUNS or lemma in TOLL_NOUNS or noun.tag_ == "NNPS" or noun.ent_type_ == "NORP" or \
            (noun.pos_ == "PROPN" and noun.text.endswith("s")):
        return "people"
    if lemma in ("other", "more"):
        same_sentence = [f for f in earlier if f.sentence_start <= span[0].idx < f.sentence_end]
        return same_sentence[-1].unit if same_sentence else "people"
    mods = [c for c in noun.children if c.i < noun.i and c.i >= span.end and (
        (c.dep_ == "compound" and c.pos_ == "NOUN") or (c.dep_ == "amod" and c.lower_ in CLASSIFIERS))]
    head = noun.lower_ if noun.tag_ in ("NNS", "NNPS") else _plural(lemma)
    return " ".join([m.lower_ for m in mods] + [head])


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _what(fig: Figure, noun, pred, numeral=None) -> str:
    """"Azerbaijani civilians killed", "share of Azerbaijan's territory taken", "resolutions adopted"."""
    measure = fig.measure
    if measure not in MEASURES and pred is not None and measure == pred.lemma_.lower():
        measure = pred.lower_ if pred.tag_ in ("VBN", "VBD") else ""   # a plain verb, as written
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None) if noun else None
    if fig.unit == "percent" and of is not None:
        words = ["share", noun.doc[of.i:of.right_edge.i + 1].text, measure]
    elif fig.unit in SHARE_UNITS:
        topic, direction = topic_of(pred, numeral)    # "inflation", "unemployment fall", "key rate rise"
        words = [topic, direction] if topic else ["share" if fig.unit == "percent" else fig.unit, measure]
    else:
        subject = fig.subject.replace("(both sides)", "").strip()
        unit = "" if fig.unit == "people" else fig.unit
        words = [subject, unit, measure, "(both sides)" if "(both sides)" in fig.subject else ""]
    return " ".join(w for w in words if w)


def _sentence_bounds(text: str, sent, tok) -> tuple[int, int]:
    """The parser's sentence, cut at line breaks (a line break always ends a sentence)."""
    start = max(sent.start_char, text.rfind("\n", 0, tok.idx) + 1)
    nl = text.find("\n", tok.idx)
    end = min(sent.end_char, nl if nl != -1 else len(text))
    return start, end
