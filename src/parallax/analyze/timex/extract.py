"""Find timexes in a parsed Doc and normalise them in the tense of their clause."""
from __future__ import annotations

import bisect
import datetime as dt
import re

from parallax.analyze.nlp import doc_text
from parallax.analyze.timex.grains import grain_value
from parallax.analyze.timex.lexicon import MONTHS
from parallax.analyze.timex.normalise import normalise
from parallax.analyze.timex.patterns import find_candidates
from parallax.model import Timex

# modals put a dated clause after the report: "would travel Thursday", "might come as soon as Tuesday"
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "might", "may", "should", "must"}
_PLANNING = {"plan", "schedule"}
_FUTURE_GOVERNORS = {"expect", "plan", "schedule", "due", "intend", "aim", "set", "hope", "prepare", "go", "agree",
                     "promise", "pledge", "vow", "decide", "want", "seek", "propose", "threaten", "vote"}
# nouns of intent whose "to ..." clause lies ahead: "an agreement to buy the bank in January"
_INTENT_NOUNS = {"agreement", "plan", "deal", "offer", "proposal", "decision", "bid", "pact", "commitment",
                 "promise", "intention", "pledge", "vow", "move", "effort", "attempt", "program", "programme"}
# verbs that set a deadline: the date after "until"/"through" lies ahead of the moment it was set
_DEADLINE_VERBS = {"extend", "postpone", "give", "grant", "delay", "defer", "adjourn", "suspend", "allow", "prolong"}
_DEADLINE_BEFORE = re.compile(r"(?i)\b(?:until|till|through|to)\s+$")
_PERIOD_CLOSED_BY = re.compile(r"(?i)\b(?:quarter|half|year|months|weeks|period)\s+(?:ended|ending|through)\s+$")
_MODAL_BEFORE = re.compile(r"(?i)\b(?:will|would|shall|may|might|could|can)\s+$")
_NOT_YEAR_AFTER = {"%", "percent", "per", "km", "kilometers", "kilometres", "metres", "meters", "miles"}
_SOON_AFTER = re.compile(r"(?i)\s+(?:after|afterwards?|thereafter)\b")
_CLOSED_ON = re.compile(r"\s+(?:ended|ending)\s+([A-Z][a-z]{2,8})\.? (\d{1,2})\b(?:,? (\d{4}))?")
_BARE_QUARTER = re.compile(r"(?i)(?:the )?(?:latest |current )?quarter")
_YEAR_BEFORE_NOUNS = re.compile(r"(?i)(?:\bthe |\b(?:pre|post|mid)-)$")
_YEAR_ONLY = re.compile(r"(?:fiscal )?\d{4}")
_PERIOD_WORDS = re.compile(r"(?i)quarter|period|year-ago|year-earlier")
_YEAR_BACK = re.compile(r"(?i)\byear (?:ago|earlier)$")
_FRACTION_OF = re.compile(r" of (?:the|a|an|its|their|his|her|all)\b")
_YEAR_ENDED = re.compile(r"\s+(?:ended|ending)\b")
_TITLE_LIKE = {"this week", "this morning", "today", "tonight", "next week", "the week"}
_SOME_DAY = re.compile(r"(?i)(?:a|one) day")
_WHEN_AFTER = re.compile(r"\s+when\b")
_HYPOTHETICAL = re.compile(r"(?i)\b(?:if|will|would|shall|might|could)\b")
# a clock time with no day of its own takes the day named right after it: "at 3 p.m. (local time) on Friday"
_CLOCK_ONLY = re.compile(r"(?i)(?:\d{1,2}(?:[:.]\d\d)?(?: ?[ap]\.?m\.?)?|noon|midnight|midday)(?: [A-Z]{2,4}T| GMT| UTC)?")
_CLOCK_TO_DAY = re.compile(r"(?i)(?: \(?(?:local time|[a-z]{2,4}t|gmt|utc)\)?)?,? (?:on )?(?:the )?$")
_NAMED_QUARTER = re.compile(r"(?i)(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal )?quarter")


def doc_candidates(doc, text: str) -> list[tuple[int, int]]:
    """`find_candidates(text)` of the Doc's text, found once per Doc: dating an undated article and
    extracting its timexes both read them. The list is shared: callers must not change it."""
    cached = doc.user_data.get("_parallax_timex_candidates")
    if cached is None or cached[0] != text:
        cached = (text, find_candidates(text))
        doc.user_data["_parallax_timex_candidates"] = cached
    return cached[1]


def doc_clause_tense(doc, start: int, end: int, text: str) -> str:
    """`clause_tense`, remembered per Doc and span (dating and extraction ask it of the same spans)."""
    tenses = doc.user_data.setdefault("_parallax_tenses", {})
    key = (len(doc), start, end)
    if key not in tenses:
        tenses[key] = clause_tense(doc, start, end, text)
    return tenses[key]


def clause_tense(doc, start: int, end: int, text: str | None = None) -> str:
    """'past' | 'present' | 'future' from the verb that governs the span (`text` = doc.text, if at hand)."""
    text = doc_text(doc) if text is None else text
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "past"
    if text[max(0, start - 13):start].lower().endswith(("as soon as ", "as early as ")):
        return "future"
    if text[max(0, start - 6):start].lower().endswith("since "):
        return "past"
    if text.startswith("'s", end) or text.startswith("\u2019s", end):
        return "past"  # "Tuesday's declaration": a possessive date names something that happened
    verb = span.root
    for _ in range(6):  # climb to the governing verb
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
        if verb.lower_ == "effective":
            return "future"  # "effective Feb. 1": a change announced to take hold on that date
    if verb.lemma_ in _DEADLINE_VERBS and _DEADLINE_BEFORE.search(text, max(0, start - 30), start):
        return "future"  # "extended the offer until Tuesday": a deadline set ahead of the report
    return _verb_tense(verb)


def _verb_tense(verb, depth: int = 0) -> str:
    children = list(verb.children)
    auxiliaries = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & _FUTURE_AUX and "have" not in auxiliaries:  # "may have been" looks back
        return "future"
    if verb.lemma_ in _PLANNING and (verb.tag_ in ("VBZ", "VBP", "VB", "VBG") or (
            verb.tag_ == "VBN" and any(c.tag_ in ("VBZ", "VBP") for c in children))):
        return "future"  # "plans/has scheduled/is scheduled ... Thursday": ahead of the report
    # a bare verb or a participle without a finite auxiliary has no tense of its own: it takes its
    # governor's ("would leave Monday, with the third departing from August 6", "expected to be
    # applied soon", "is going to start getting beaten up in the spring"); a past participle's own
    # clause ("the ruling, announced Friday") lies behind, whatever its governor's tense
    finite = any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in children)
    tenseless = verb.tag_ == "VB" or not finite and (
        (verb.tag_ == "VBG" and verb.dep_ in ("xcomp", "advcl", "conj", "acl", "pcomp"))
        or (verb.tag_ == "VBN" and (verb.dep_ == "xcomp" or any(c.lower_ == "to" for c in children))))
    if tenseless:
        # "is expected to meet on Friday", "plans to travel next week"
        head = verb.head
        # "had been scheduled/due to expire Friday": a plan made before a past moment, not one ahead of the report
        clause = list(head.children) + (list(head.head.children) if head.dep_ == "acomp" else [])
        planned_before = any(c.lower_ == "had" and c.dep_ == "aux" for c in clause)
        if any(c.lower_ == "to" for c in children) and not planned_before and (
                head.lemma_ in _FUTURE_GOVERNORS or (head.lemma_ == "be" and verb.dep_ == "xcomp")
                or (verb.dep_ == "acl" and head.lemma_ in _INTENT_NOUNS)):
            return "future"  # "is to resume", "an agreement to buy ... in January"
        if verb.dep_ == "pcomp" and head.dep_ == "prep":  # "with the third departing ...": over the preposition
            head = head.head
        if head.i != verb.i and head.pos_ in ("VERB", "AUX") and depth < 4:
            return _verb_tense(head, depth + 1)
    if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") and c.lemma_ == "be" for c in children):
        return "future"  # present progressive with a date: "are meeting on Friday" (not "have been meeting")
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return "past"


def _looks_like_count(doc, text: str, start: int, end: int) -> bool:
    """A bare four-digit number that counts something ("2000 troops", "$1995", "1,994")."""
    if not _YEAR_ONLY.fullmatch(text[start:end]) or text[start:end].lower().startswith("fiscal"):
        return False
    if text[max(0, start - 1):start] in ("$", "£", "€", "#", ".", ",") and text[max(0, start - 2):start - 1].isdigit():
        return True
    if text[max(0, start - 1):start] in ("$", "£", "€", "#"):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.lower_ in _NOT_YEAR_AFTER:
        return True
    if following is not None and following.tag_ == "NNS":
        # "2000 volunteers" counts, but "the 1992 protests" and "post-1959 politics" are dated by a year
        return not _YEAR_BEFORE_NOUNS.search(text, max(0, start - 6), start)
    return span[0].ent_type_ in ("MONEY", "PERCENT", "QUANTITY")


def _is_not_time(doc, text: str, start: int, end: int) -> bool:
    """Time words used for something else: "high noon", "a quarter of the market" (a fraction), "a second
    attempt" (an ordinal), "the March for Life" (a march), "This Week" or "USA Today" (titles)."""
    surface = text[start:end]
    before = text[max(0, start - 12):start].lower()
    if surface.lower() == "noon" and before.endswith("high "):
        return True
    if surface.lower().endswith("a quarter") and _FRACTION_OF.match(text, end):
        return True  # "more than a quarter of the market": a fraction
    if surface.lower() == "a second" and end < len(text):
        span = doc.char_span(start, end, alignment_mode="expand")
        following = doc[span.end] if span is not None and span.end < len(doc) else None
        return following is not None and following.pos_ in ("NOUN", "ADJ", "PROPN")
    if surface == "March" and re.match(r" (?:for|of the|on)\b", text[end:end + 8]) and \
            re.search(r"(?:\bthe|\ba|annual) [`'\"\u2018\u201c]*$", before):
        return True
    if surface.lower() in _TITLE_LIKE and all(w[:1].isupper() for w in surface.split()):
        preceding = text[:start].rstrip()
        if len(surface.split()) > 1:  # "This Week" capitalised mid-sentence: a name
            return preceding[-1:] not in ("", ".", "\n", "?", "!")
        word_before = preceding.split()[-1] if preceding.split() else ""
        return word_before[:1].isupper() and preceding[-1:].isalpha()  # "VOA Today", "USA Today"
    return False


def _quarter_closed_on(text: str, end: int, anchor: dt.date | None) -> str | None:
    """The calendar quarter holding most of the three months closed by the date after `end`
    ("quarter ended July 31" -> May to July -> Q2), in the last such year up to the report."""
    m = _CLOSED_ON.match(text, end)
    month = MONTHS.get(m[1].lower()) if m else None
    if month is None or anchor is None:
        return None
    for year in (int(m[3]),) if m[3] else (anchor.year, anchor.year - 1):
        try:
            closing = dt.date(year, month, int(m[2]))
        except ValueError:
            return None
        if m[3] or closing <= anchor:
            return grain_value("quarter", closing - dt.timedelta(days=45))
    return None


def _before_a_verb(doc, start: int, end: int) -> bool:
    """The span sits right before a verb, in the place of an adverb ("will one day become")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.end < len(doc) and doc[span.end].pos_ in ("VERB", "AUX")


def _ended(quarter: str, anchor: dt.date | None) -> bool:
    """A quarter over by the report's date ("2021-Q1" < "2021-Q2"); without a date, any quarter."""
    return anchor is None or quarter < grain_value("quarter", anchor)


def extract_timexes(doc, anchor: dt.date | None, anchor_confidence: float = 1.0) -> list[Timex]:
    """Every temporal expression in `doc`, with TIMEX3 values anchored to `anchor` (publication date).

    A timex whose value depends on the anchor has `anchored=True`: it is as sure as the anchor, i.e.
    `Article.published.confidence`. An anchor with no confidence at all resolves nothing relative.
    """
    if anchor_confidence <= 0:
        anchor = None
    text = doc_text(doc)
    sentenced = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents] if sentenced else []
    sentence_starts = [start for start, _ in sentences]
    out: list[Timex] = []
    previous: str | None = None
    quarter: str | None = None  # the last quarter named: "the year-ago period" compares with it
    stretch = False  # "the first nine months" under discussion: "the 1988 period" is those months of 1988
    for start, end in doc_candidates(doc, text):
        surface = text[start:end]
        if _looks_like_count(doc, text, start, end) or _is_not_time(doc, text, start, end):
            continue
        tense = doc_clause_tense(doc, start, end, text)
        if surface.lower() == "soon" and (tense == "past" or _SOON_AFTER.match(text, end)):
            continue  # "soon after the vote", "that soon became a flood": shortly after an event, not the report
        reference = quarter if quarter and _PERIOD_WORDS.search(surface) else previous
        after_stretch = stretch or (out and out[-1].type == "DURATION")
        if after_stretch and (_YEAR_BACK.search(surface) or _PERIOD_WORDS.search(surface)):
            # "for the nine months ... a year earlier", "... in the 1988 period": that stretch, not a quarter
            reference = None
        result = normalise(surface, anchor, tense, reference)
        if result is None:
            continue
        kind, value, mod = result
        if surface.lower() == "one day" and _before_a_verb(doc, start, end):
            ahead = tense == "future" or _MODAL_BEFORE.search(text, max(0, start - 12), start)
            kind, value = "DATE", "FUTURE_REF" if ahead else "PAST_REF"  # "will one day be": someday
        elif _SOME_DAY.fullmatch(surface) and _WHEN_AFTER.match(text, end):
            # "if there ever came a day when ...": a day picked out by what happens on it, not a length
            ahead = tense == "future" or _HYPOTHETICAL.search(text, max(0, start - 40), start)
            kind, value, mod = "DATE", "FUTURE_REF" if ahead else "PAST_REF", None
        named_quarter = reference and re.fullmatch(r"\d{4}-Q\d", reference)
        closed = _BARE_QUARTER.fullmatch(surface) and not named_quarter and _quarter_closed_on(text, end, anchor)
        if closed:
            value = closed  # "the quarter ended July 31" (none named before): May to July, mostly the second
        if _YEAR_ENDED.match(text, end) and re.fullmatch(r"(?i)the (?:fiscal )?year", surface):
            kind, value = "DURATION", "P1Y"  # "the year ended March 31": a twelve-month period, not a calendar year
        anchored = kind in ("DATE", "TIME") and not re.search(r"\d{4}", surface) and not value.endswith("_REF")
        sent_start, sent_end = sentences[max(bisect.bisect_right(sentence_starts, start) - 1, 0)] if sentences \
            else (start, end)
        out.append(Timex(
            start=start, end=end, text=surface, type=kind, value=value, mod=mod, anchored=anchored,
            sentence_start=sent_start, sentence_end=sent_end,
        ))
        # a quarter inferred from an earlier one ("a year earlier") must not become the next reference
        inferred_quarter = re.fullmatch(r"\d{4}-Q\d", value) and "quarter" not in surface.lower()
        # the day closing a period ("the quarter ended Sept. 30") is part of its name, not the new topic
        closing_day = _PERIOD_CLOSED_BY.search(text, max(0, start - 40), start)
        if kind in ("DATE", "TIME") and value[:4].isdigit() and not inferred_quarter and not closing_day:
            previous = value
        if kind == "DURATION" and re.fullmatch(r"P\d+M", value):
            stretch = True
        elif _NAMED_QUARTER.search(surface):
            stretch = False
        if re.fullmatch(r"\d{4}-Q\d", value) and _NAMED_QUARTER.search(surface) and _ended(value, anchor):
            quarter = value  # a quarter not yet over ("expects a loss in the fourth quarter") has no results to compare
    _clock_on_the_day_after(text, out)
    return out


def _clock_on_the_day_after(text: str, timexes: list[Timex]) -> None:
    """'3 p.m. on Friday': the clock time is on the day named right after it, not on the one before."""
    for clock, day in zip(timexes, timexes[1:]):
        if clock.type == "TIME" and _CLOCK_ONLY.fullmatch(clock.text) and re.match(r"\d{4}-\d\d-\d\d", day.value) \
                and _CLOCK_TO_DAY.fullmatch(text, clock.end, day.start) and clock.value[10:11] == "T":
            clock.value = day.value[:10] + clock.value[10:]
