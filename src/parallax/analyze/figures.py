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

from parallax.analyze.numerals import (UNITS, VAGUE, comma_groups, hedge_before, is_numeral_word,
                                       parse_numeral)
from parallax.model import Figure

# Governing verbs/nouns -> neutral canonical measure.
MEASURES = {
    "killed": {"kill", "die", "death", "dead", "perish", "slay", "fatality", "toll", "massacre",
               "execute", "murder"},
    "injured": {"injure", "wound", "hurt", "injury", "wounding", "maim"},
    "displaced": {"displace", "expel", "flee", "evacuate", "uproot", "displacement", "refugee",
                  "deport", "evict"},
    "missing": {"miss", "missing", "disappear"},
    "destroyed": {"destroy", "demolish", "raze", "burn", "destruction", "flatten"},
    "damaged": {"damage"},
    "taken": {"capture", "seize", "take", "liberate", "retake", "recapture", "occupy", "free",
              "conquer", "regain", "reclaim"},
    "detained": {"arrest", "detain", "imprison", "jail"},
    "abducted": {"abduct", "kidnap"},
}
LEMMA_TO_MEASURE = {lemma: m for m, lemmas in MEASURES.items() for lemma in lemmas}
PEOPLE_NOUNS = {"people", "person", "life", "individual", "human", "soul", "resident", "inhabitant"}
TIME_NOUNS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century",
              "night", "morning", "evening", "time", "season", "term"}
TOLL_NOUNS = {"number", "toll", "tally", "count", "total"}
TOLL_VERBS = {"reach", "rise", "climb", "stand", "hit", "exceed", "top", "surpass", "increase", "grow"}
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
REPORTING_VERBS = {"say", "report", "announce", "tell", "state", "add", "claim", "estimate", "confirm",
                   "put", "count", "record", "document", "publish"}
CURRENCIES = {"$": "dollars", "US$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees"}
TENS = {w for w, v in UNITS.items() if v >= 20}

_YEAR = re.compile(r"\b(?:(early|mid|late)[- ])?((?:1[89]|20)\d\d)(s?)(?:\s*[-–]\s*((?:1[89]|20)\d\d))?\b",
                   re.IGNORECASE)


def extract_figures(doc) -> list[Figure]:
    figures: list[Figure] = []
    predicates: dict[int, object] = {}
    sentences = _Sentences(doc)
    for tokens in _numeral_groups(doc):
        for fig, pred in _read_figure(doc, tokens, figures, sentences):
            figures.append(fig)
            predicates[id(fig)] = pred
    _assign_periods(doc, figures, predicates)
    return figures


# ---- finding numerals ---------------------------------------------------------------------

def _is_numeral(tok) -> bool:
    if tok.lower_ in VAGUE or tok.lower_ in ("hundred", "thousand", "million", "billion", "dozen"):
        return True
    return (tok.tag_ == "CD" or tok.like_num) and tok.tag_ not in ("JJ", "RB") and is_numeral_word(tok.text)


def _numeral_groups(doc):
    """Runs of numeral tokens: "one million", "a million", "tens of thousands", "43,218"."""
    i = 0
    while i < len(doc):
        tok = doc[i]
        if not _is_numeral(tok) and not (tok.lower_ == "tens" and i + 2 < len(doc)
                                         and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in VAGUE):
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            if _is_numeral(doc[j]) or (doc[j].lower_ == "of" and doc[j - 1].lower_ in VAGUE.keys() | {"tens"}
                                       and j + 1 < len(doc) and doc[j + 1].lower_ in VAGUE):
                j += 1
            elif doc[j].text == "-" and j + 1 < len(doc) and doc[j - 1].lower_ in TENS \
                    and doc[j + 1].lower_ in UNITS:
                j += 2                                # "twenty - five" split by the tokenizer
            else:
                break
        start = i
        if i > 0 and doc[i - 1].lower_ in ("a", "an") and doc[i].lower_ in ("hundred", "thousand", "million",
                                                                             "billion", "dozen"):
            start = i - 1
            if start > 0 and doc[start - 1].lower_ == "half":
                start -= 1                            # "half a million"
        yield doc[start:j]
        i = j


# ---- one figure ---------------------------------------------------------------------------

class _Sentences:
    """The doc's text and sentences, computed once (`Doc.text` and `Token.sent` rebuild them)."""

    def __init__(self, doc):
        self.text = doc.text
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    def of(self, tok):
        return self.spans[bisect.bisect_right(self.starts, tok.i) - 1]


def _read_figure(doc, span, earlier: list[Figure], sentences: _Sentences) -> list[tuple[Figure, object]]:
    """The figure(s) a numeral states, each with its governing predicate token."""
    words = [t.text for t in span]
    parsed = parse_numeral(words)
    if parsed is None or _excluded(doc, span):
        return []
    value, vague = parsed
    root = _root(span)
    end_tok = span.end
    noun = None
    unit = "people"
    if end_tok < len(doc) and doc[end_tok].lower_ in PERCENT_WORDS:
        unit, noun = "percent", doc[end_tok]
        end_tok += 1
    elif end_tok + 1 < len(doc) and doc[end_tok].lower_ == "per" and doc[end_tok + 1].lower_ == "cent":
        unit, noun = "percent", doc[end_tok + 1]
        end_tok += 2
    else:
        noun = _counted_noun(root)
        if noun is not None:
            if noun.lemma_.lower() in TIME_NOUNS or _is_anaphoric(noun, span):
                return []
            unit = _unit(noun, span, earlier)

    start_tok, qualifier = span.start, ("at least" if vague else "exact")
    if start_tok > 0 and doc[start_tok - 1].text in CURRENCIES:
        start_tok -= 1                                # "$40,000": the sign is part of the figure
        unit = CURRENCIES[doc[start_tok].text]
    hedge = hedge_before([t.text for t in doc[max(0, start_tok - 3):start_tok]])
    if hedge:
        qualifier, n = hedge
        start_tok -= n
    if start_tok > 0 and doc[start_tok - 1].lower_ in ANAPHORIC - {"all", "both"} and not hedge:
        return []

    anchor = noun if noun is not None and unit != "percent" else (noun or root)
    if noun is not None and noun.head.head == root:
        anchor = root                                # "hundreds of people were killed"
    pred = _predicate(anchor)
    measure, toll = _measure(pred, anchor)
    state = _state_word(doc, span, end_tok, noun)
    if state:
        measure = state                               # "5 dead", "40 wounded soldiers"
    casualty = measure in MEASURES and (noun is None or noun.dep_ not in ("pobj", "npadvmod", "attr"))
    if span.text.lower() == "one" and not casualty and not _one_is_count(noun, root, doc, span):
        return []                                     # "we only have one condition", "by one estimate"
    subject = _subject(noun, pred) if unit != "percent" else ""
    sent = sentences.of(span[0])
    sent_start, sent_end = _sentence_bounds(sentences.text, sent, span[0])
    base = dict(start=doc[start_tok].idx, end=doc[end_tok - 1].idx + len(doc[end_tok - 1].text),
                qualifier=qualifier, cited=_cited(sent, pred), sentence_start=sent_start,
                sentence_end=sent_end, text=doc[start_tok:end_tok].text)

    parts = comma_groups(span.text) if len(span) == 1 else [span.text]
    right_after_toll = toll is not None and toll[2].i in (span.start - 1, span.start - 2)
    if right_after_toll and len(parts) == 2 and measure in MEASURES and toll[0] != measure:
        # A garbled list fused two counts ("has reached 43,218 people are injured"): the first
        # group answers the toll's measure, the second the numeral's own predicate.
        first_unit = _unit(toll[1], span, earlier)
        return [
            (_make(base, float(parts[0]), first_unit, toll[0], _subject(toll[1], None), noun), pred),
            (_make(base, float(parts[1]), unit, measure, subject, noun), pred),
        ]
    if right_after_toll and measure in ("", _measure_lemma(pred) if pred is not None else ""):
        measure = toll[0]
        if noun is None:
            unit, subject = _unit(toll[1], span, earlier), _subject(toll[1], None)
    return [(_make(base, value, unit, measure, subject, noun), pred)]


def _make(base: dict, value: float, unit: str, measure: str, subject: str, noun) -> Figure:
    fig = Figure(value=value, unit=unit, measure=measure, subject=subject, **base)
    fig.what = _what(fig, noun)
    return fig


def _root(span):
    return next((t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t), span[-1])


def _excluded(doc, span) -> bool:
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
    if nxt is not None and (nxt.text in ("-", "–") or nxt.text.startswith(":")):
        return True                                   # "30-year-long", "one-day", "4:25"
    if nxt is not None and nxt.lower_ == "of" and span.text.lower() == "one":
        return True                                   # "one of the most dangerous"
    prev = doc[span.start - 1] if span.start > 0 else None
    if any(t is not None and t.text[:1].isupper() and t.lower_.rstrip(".") in MONTHS for t in (nxt, prev)):
        return True                                   # "04 March 2025", "Sept. 27" (not "40 may have died")
    if prev is not None and prev.pos_ == "PROPN" and (prev.ent_type_ == "DATE" or (
            span[0].text[:1].isdigit() and not prev.is_sent_start)):
        return True                                   # "July 17", "Fortune 500", "Resolution 242"
    if prev is not None and prev.text in ("-", "–") and span.start > 1 and _is_numeral(doc[span.start - 2]):
        return True                                   # a score or range written "4-4"
    if prev is not None and prev.text in ("#", "No", "No."):
        return True
    after_in = nxt is not None and nxt.lower_ == "in" and span.end + 1 < len(doc) and _is_numeral(doc[span.end + 1])
    before_in = prev is not None and prev.lower_ == "in" and span.start > 1 and _is_numeral(doc[span.start - 2])
    if after_in or before_in:
        return True                                   # ratios: "one in five", "4 in 10"
    return False


def _entity_has_words(tok) -> bool:
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
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
        lemma = _measure_lemma(tok)
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


# ---- what is counted ----------------------------------------------------------------------

def _predicate(anchor):
    """The verb or event noun a counted noun hangs from: "were killed", "the deaths of"."""
    for child in anchor.children:                   # "700 soldiers wounded in ..."
        if child.dep_ in ("acl", "relcl") and _measure_lemma(child) in LEMMA_TO_MEASURE:
            return child
    node = anchor
    for _ in range(5):
        while node.dep_ == "conj" and node.head != node:
            node = node.head
        head = node.head
        if head == node:
            return node if node.pos_ in ("VERB", "AUX") else None
        if node.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            return head.head                        # "the deaths of 16 combatants"
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.pos_ == "NOUN" and _measure_lemma(head) in LEMMA_TO_MEASURE:
            return head
        node = head
    return None


def _measure(pred, anchor) -> tuple[str, tuple[str, object] | None]:
    """(canonical measure, toll); toll = (measure, counted noun, verb) of "the number of X killed has reached"."""
    if pred is None:
        return "", None
    lemma = _measure_lemma(pred)
    toll = _toll(pred)
    if toll is None and pred.dep_ in ("ccomp", "conj"):
        toll = _toll(pred.head)                      # "... has reached 43,218 people are injured"
    if lemma in LEMMA_TO_MEASURE:
        return LEMMA_TO_MEASURE[lemma], toll
    if lemma in ("claim", "lose", "cost", "take") and anchor.lemma_.lower() == "life":
        return "killed", toll
    for child in pred.children:                      # "confirmed to have died", "went missing"
        if child.dep_ in ("xcomp", "acomp", "oprd") and child.lemma_.lower() in LEMMA_TO_MEASURE:
            return LEMMA_TO_MEASURE[child.lemma_.lower()], toll
        if child.dep_ == "acomp":
            return child.lower_, toll                # "become uninhabitable"
    return lemma, toll


def _measure_lemma(tok) -> str:
    """Lemma, with "-ing" nominalisations mapped to their verb ("the killing of" -> kill)."""
    lemma = tok.lemma_.lower()
    if lemma not in LEMMA_TO_MEASURE and lemma.endswith("ing"):
        for stem in (lemma[:-3], lemma[:-3] + "e", lemma[:-4]):
            if stem in LEMMA_TO_MEASURE:
                return stem
    return lemma


def _toll(verb):
    """"The number of Azerbaijani civilians killed has reached ..." -> ("killed", civilians)."""
    if verb.lemma_.lower() not in TOLL_VERBS:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lemma_.lower() not in TOLL_NOUNS:
        return None
    if subj.lemma_.lower() == "toll":
        return "killed", subj, verb
    of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if counted is None:
        return None
    for t in counted.subtree:
        if t.lemma_.lower() in LEMMA_TO_MEASURE:
            return LEMMA_TO_MEASURE[t.lemma_.lower()], counted, verb
    return None


def _subject(noun, pred) -> str:
    """Whose count: a nationality modifier or noun, or "(both sides)"."""
    parts = []
    if noun is not None:
        for c in noun.children:
            if c.dep_ in ("amod", "compound") and c.i < noun.i and (c.ent_type_ == "NORP" or (
                    c.text[:1].isupper() and c.pos_ in ("ADJ", "PROPN") and c.text.endswith(("an", "i", "ese", "ish")))):
                parts.append(c.text)
        if noun.tag_ == "NNPS" or (noun.pos_ == "PROPN" and noun.text.endswith("s")):
            parts.append(noun.text)
    scope = list(noun.subtree) if noun is not None else []
    if pred is not None:
        scope += [t for c in pred.children if c.dep_ == "prep" for t in c.subtree]
    if any(t.lower_ == "both" and t.head.lemma_ == "side" for t in scope):
        parts.append("(both sides)")
    return " ".join(parts)


def _what(fig: Figure, noun) -> str:
    if fig.unit == "percent":
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None) if noun else None
        obj = " ".join(t.text for t in of.subtree) if of is not None else ""
        words = ["share", obj, fig.measure]
    else:
        subject = fig.subject.replace("(both sides)", "").strip()
        unit = "" if fig.unit == "people" else fig.unit
        words = [subject, unit, fig.measure, "(both sides)" if "(both sides)" in fig.subject else ""]
    return " ".join(w for w in words if w)


def _cited(sent, pred=None) -> str | None:
    """The source a figure is attributed to: "according to X", else the non-pronoun subject of a
    reporting verb governing the figure ("..., the health ministry said")."""
    doc = sent.doc
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                return doc[obj.left_edge.i:obj.right_edge.i + 1].text
    node = pred
    while node is not None:
        if node.lemma_.lower() in REPORTING_VERBS:
            subj = next((c for c in node.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
            if subj is not None:
                return doc[subj.left_edge.i:subj.right_edge.i + 1].text
        node = node.head if node.head != node else None
    return None


# ---- sentences and periods ----------------------------------------------------------------

def _sentence_bounds(text: str, sent, tok) -> tuple[int, int]:
    """The parser's sentence, cut at line breaks (a line break always ends a sentence)."""
    start = max(sent.start_char, text.rfind("\n", 0, tok.idx) + 1)
    nl = text.find("\n", tok.idx)
    end = min(sent.end_char, nl if nl != -1 else len(text))
    return start, end


def _years(text: str) -> list[tuple[int, int, int, int]]:
    """(char offset, char end, first year, last year) of each year, decade or year range."""
    found = []
    for m in _YEAR.finditer(text):
        part, year, decade, until = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        if until:
            first, last = year, int(until)
        elif decade:
            first, last = year, year + 9
            if part:
                first, last = {"early": (year, year + 4), "mid": (year + 3, year + 7),
                               "late": (year + 5, year + 9)}[part.lower()]
        else:
            first = last = year
        found.append((m.start(), m.end(), first, last))
    return found


def _assign_periods(doc, figures: list[Figure], predicates: dict[int, object]) -> None:
    """A figure's period: years inside its own predicate's phrase ("killed in a 2016 war");
    else years of its sentence that sit in no other figure's predicate phrase ("A cease-fire in
    1994 ..., but not before 25,000 people were killed"); else the last year earlier in its
    paragraph (same line)."""
    text = doc.text
    for fig in figures:
        sentence = text[fig.sentence_start:fig.sentence_end]
        here = [(s + fig.sentence_start, e + fig.sentence_start, a, b) for s, e, a, b in _years(sentence)]
        siblings = [f for f in figures if f.sentence_start == fig.sentence_start]
        owner = {y: [f for f in siblings if _inside(y, predicates.get(id(f)))] for y in here}
        mine = [y for y in here if fig in owner[y]] or [y for y in here if not owner[y]]
        if not here:
            line_start = text.rfind("\n", 0, fig.sentence_start) + 1
            mine = _years(text[line_start:fig.sentence_start])[-1:]
        if mine:
            first = min(y[2] for y in mine)
            last = max(y[3] for y in mine)
            fig.period = str(first) if first == last else f"{first}/{last}"
            fig.what = f"{fig.what} ({fig.period.replace('/', '-')})".strip()


def _inside(year, pred) -> bool:
    if pred is None:
        return False
    start, end = pred.left_edge.idx, pred.right_edge.idx + len(pred.right_edge.text)
    return start <= year[0] and year[1] <= end
