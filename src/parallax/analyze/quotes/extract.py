"""Quotes of one article: direct (quotation marks), indirect (speech verb + clause) and mixed.

Direct quotes come from the marks (see marks.py); each quoted segment gets the attribution
after it (`"...," he said`), before it (`He said: "..."`) or, for a continuation segment, the
attribution of the segment it continues. Indirect and mixed quotes come from speech verbs on
the dependency parse (see cues.py). Speakers are resolved last, in text order (speakers.py).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from parallax.analyze.nlp import doc_text, doc_tokens
from parallax.analyze.quotes import cues
from parallax.analyze.quotes.marks import Segment, find_segments
from parallax.analyze.quotes.organisations import DOCUMENT_HEADS
from parallax.analyze.quotes.speaker_heads import can_speak
from parallax.analyze.quotes.speakers import SpeakerIndex, resolve
from parallax.model import Quote

STANDALONE_BEFORE = set(":,;.?!—–-([")
VENUE_NOUNS = {"interview", "remarks", "statement", "speech", "address", "conference", "briefing", "post",
               "tweet", "message", "broadcast", "letter", "op-ed", "article", "column", "session", "meeting",
               "appearance", "comments", "podcast", "show", "program", "programme", "video", "note"}


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    cue: Token | None = None
    subject: Token | None = None
    parent: "Candidate | None" = None      # the segment whose attribution a continuation takes
    confidence: float = 0.9


class _Text:
    """Character helpers over the Doc."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.tokens = doc_tokens(doc)
        self.starts = [t.idx for t in self.tokens]

    def token_at(self, char: int) -> Token:
        i = max(bisect.bisect_right(self.starts, char) - 1, 0)
        return self.tokens[i]

    def tokens_between(self, a: int, b: int) -> list[Token]:
        i = bisect.bisect_left(self.starts, a)
        j = bisect.bisect_left(self.starts, b)
        return self.tokens[i:j]

    def paragraph_start(self, char: int) -> int:
        return self.text.rfind("\n", 0, char) + 1

    def paragraph_end(self, char: int) -> int:
        end = self.text.find("\n", char)
        return len(self.text) if end < 0 else end

    def sentence_start(self, char: int, floor: int) -> int:
        """Start of the sentence holding `char`, by punctuation (never before `floor`)."""
        k = char - 1
        while k > floor:
            if self.text[k] in ".?!" and self.text[k + 1:k + 2].isspace():
                return k + 2
            k -= 1
        return floor


def _prev_char(t: _Text, seg: Segment) -> str:
    k = seg.open_at - 1
    while k >= 0 and t.text[k] in " \t\u00a0":
        k -= 1
    return "\n" if k < 0 else t.text[k]


def _is_standalone(t: _Text, seg: Segment) -> bool:
    """A quotation standing on its own (not a phrase embedded in the narrator's clause)."""
    inner = t.text[seg.start:seg.end]
    prev = _prev_char(t, seg)
    if prev in "\"”’'" and t.text[:seg.open_at].rstrip()[-2:-1] in (".", "?", "!"):
        prev = "."   # 'was "unprecedented." "While ...': after a quotation closing a sentence
    if prev in "\n.?!:" and (len(inner.split()) > 1 or inner.rstrip()[-1:] in ",.?!"):
        return True   # opens a paragraph or a sentence, or follows a colon
    if len(inner.split()) < (3 if seg.single else 2) and not inner.rstrip().endswith((".", "?", "!")):
        return False  # a one-word term inside a clause: a label, not a quotation
    if prev in STANDALONE_BEFORE:
        return True
    before = t.token_at(seg.open_at - 1)
    return cues.is_cue(before)


def _attribution_after(t: _Text, seg: Segment, limit: int) -> Token | None:
    """`"...," he said` / `"...," said X`: a cue in the first words after the closing mark."""
    toks = [x for x in t.tokens_between(seg.outer_end, limit) if not x.is_space]
    for k, tok in enumerate(toks[:10]):
        if tok.text in ".?!" or (tok.text == "," and k > 0 and not any(cues.is_cue(x) for x in toks[:k])
                                 and k > 3):
            break
        if cues.is_cue(tok):
            return tok
    return None


def _attribution_before(t: _Text, seg: Segment, floor: int) -> Token | None:
    """`He said: "..."` / `..., saying, "..."`: the last cue between the sentence start and the mark."""
    start = t.sentence_start(seg.open_at, floor)
    toks = [x for x in t.tokens_between(start, seg.open_at) if not x.is_space]
    for tok in reversed(toks):
        if cues.is_cue(tok):
            return tok
    return None


def _attribution_in_previous_paragraph(t: _Text, p_start: int) -> Token | None:
    """'The minister said:' closing the paragraph before a quotation paragraph."""
    prev_end = t.text.rstrip()[:p_start].rstrip()
    if not prev_end.endswith(":"):
        return None
    colon = len(prev_end) - 1
    start = t.sentence_start(colon, t.paragraph_start(colon))
    for tok in reversed(t.tokens_between(start, colon)):
        if cues.is_cue(tok):
            return tok
    return None


def _document_lead(lead: list[Token], cue: Token) -> bool:
    """'An analysis indicates that “A,” a spokeswoman said.': the clause before the quotation is a
    document's finding that the speaker after it reports; the whole sentence up to her is her words."""
    verbs = [x for x in lead if cues.is_cue(x)]
    if len(verbs) != 1 or cues.is_relay(cue) or any(x.lower_ != "that" for x in lead[lead.index(verbs[0]) + 1:]):
        return False
    subject = cues.subject_of(verbs[0])
    return subject is not None and subject.lemma_.lower() in DOCUMENT_HEADS and cues.subject_of(cue) is not None


def _direct_candidates(t: _Text, segments: list[Segment]) -> tuple[list[Candidate], list[Segment]]:
    """Direct quotes (and mixed quotes fronted by a quoted clause) and the embedded segments left over."""
    found: list[Candidate] = []
    embedded: list[Segment] = []
    by_cue: dict[int, Candidate] = {}
    last: Candidate | None = None
    pending: list[Candidate] = []   # run-on paragraphs waiting for the attribution that closes them
    for n, seg in enumerate(segments):
        nxt = segments[n + 1].open_at if n + 1 < len(segments) else len(t.text)
        p_start, p_end = t.paragraph_start(seg.open_at), t.paragraph_end(seg.open_at)
        limit = min(nxt, p_end)
        prev_end = segments[n - 1].outer_end if n > 0 and segments[n - 1].outer_end > p_start else p_start
        if not _is_standalone(t, seg):
            inner = t.text[seg.start:seg.end].rstrip()
            start = t.sentence_start(seg.open_at, prev_end)
            cue = _attribution_after(t, seg, limit) if inner.endswith(",") else None
            lead = [x for x in t.tokens_between(start, seg.open_at) if not x.is_space]
            if cue is not None and (any(cues.is_cue(x) for x in lead) or len(lead) > 3 or cues.is_passive(cue)) \
                    and not _document_lead(lead, cue):
                cue = None  # the quote is not the start of the reported clause
            if cue is not None:  # If "the government agrees, fighting will end," he added.
                cand = Candidate(start, seg.outer_end, "mixed", cue, cues.subject_of(cue))
                found.append(cand)
                by_cue[cue.i] = cand
                last = cand
            else:
                embedded.append(seg)
            continue
        inner = t.text[seg.start:seg.end].rstrip()
        cue = None
        after_first = not inner.endswith(".") or seg.close_at is None
        for where in (("after", "before") if after_first else ("before", "after")):
            if seg.close_at is None and where == "after":
                continue
            cue = _attribution_after(t, seg, limit) if where == "after" else _attribution_before(t, seg, prev_end)
            if cue is not None:
                break
        if cue is None and seg.open_at == p_start:
            cue = _attribution_in_previous_paragraph(t, p_start)
        clause = _clause_ending_in(t, cue, seg) if cue is not None and cue.idx < seg.open_at else None
        if clause is not None:   # 'X said that A, “B.”': the quotation closes the reported clause
            cand = Candidate(clause, seg.outer_end, "mixed", cue, cues.subject_of(cue))
            found.append(cand)
            by_cue[cue.i] = cand
            last = cand
            continue
        cand = Candidate(seg.start, seg.end, "direct")
        signer = (_dash_signature(t, seg) or _juxtaposed_subject(t, seg)) \
            if cue is None and seg.close_at is not None else None
        if signer is not None:
            cand.subject = signer
            found.append(cand)
            last = cand
            continue
        if cue is not None and cue.i in by_cue:
            cand.parent = by_cue[cue.i]
        elif cue is not None:
            cand.cue, cand.subject = cue, cues.subject_of(cue)
            by_cue[cue.i] = cand
        elif seg.close_at is None:
            pending.append(cand)
            continue
        elif last is not None and _continues(t, last, seg, segments[n - 1] if n else None):
            cand.parent = last
            cand.confidence = 0.8
        elif _whole_paragraph(t, seg):
            cand.confidence = 0.6   # a paragraph all in quotation marks is a quotation, even unattributed
        else:
            pending = []
            continue
        for earlier in pending:
            earlier.parent = cand
            found.append(earlier)
        pending = []
        found.append(cand)
        last = cand
    return found, embedded


def _clause_ending_in(t: _Text, cue: Token, seg: Segment) -> int | None:
    """Start of the cue's reported clause when the quotation is the end of that clause, after a
    comma ('said that rockets had landed in Gaza, “endangering lives.”'), not a sentence of its own."""
    if t.text[:seg.open_at].rstrip()[-1:] != ",":
        return None
    first = t.token_at(seg.start)
    clause = next((c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i), None)
    if clause is None or not (clause.left_edge.i <= first.i <= clause.right_edge.i):
        return None
    span = cues.complement(cue)
    return span[0] if span is not None and span[0] < seg.open_at else None


def _whole_paragraph(t: _Text, seg: Segment) -> bool:
    """The quotation is the whole paragraph, a sentence or more of eight words or more."""
    p_start, p_end = t.paragraph_start(seg.open_at), t.paragraph_end(seg.open_at)
    inner = t.text[seg.start:seg.end].strip()
    return seg.open_at == p_start and seg.close_at is not None and not t.text[seg.outer_end:p_end].strip() \
        and len(inner.split()) >= 8 and inner.endswith((".", "?", "!"))


def _continues(t: _Text, last: Candidate, seg: Segment, prev_seg: Segment | None) -> bool:
    """Is `seg` the continuation of the quote `last` (same paragraph, next paragraph, run-on)?"""
    if prev_seg is not None and prev_seg.close_at is None:
        return True
    gap = t.text[last.end:seg.open_at]
    return gap.count("\n") <= 2 and len(gap) < 400 and t.paragraph_start(seg.open_at) == seg.open_at \
        or t.paragraph_start(seg.open_at) == t.paragraph_start(last.start)


def _inside(a: int, b: int, segs) -> bool:
    return any(s.open_at <= a and b <= s.outer_end for s in segs)


def _indirect_candidates(t: _Text, direct: list[Candidate], embedded: list[Segment],
                         all_segments: list[Segment]) -> list[Candidate]:
    used_cues = {c.cue.i for c in direct if c.cue is not None}
    quoted = [s for s in all_segments if not s.single and len(t.text[s.start:s.end].split()) > 3]
    direct_spans = [(c.start - 1, c.end + 1) for c in direct]
    found = []
    mixed_spans = [(c.start, c.end) for c in direct if c.kind == "mixed"]
    for tok in t.tokens:
        if tok.i in used_cues or not cues.is_cue(tok) or cues.is_relay(tok):
            continue
        if any(a <= tok.idx < b for a, b in mixed_spans):
            continue  # speech reported inside a mixed quotation is part of what its speaker says
        if tok.lemma_.lower() in cues.DIRECT_ONLY and not cues.has_marked_clause(tok) \
                and not _closes_its_report(tok):
            continue  # 'wrote that ...', '..., she concluded.' report speech; 'wrote a book' does not
        if cues.is_negated(tok) or cues.is_passive(tok) or _inside(tok.idx, tok.idx + 1, quoted):
            continue
        if tok.dep_ == "relcl" and not any(c.dep_ == "nsubj" and c.lower_ in ("who", "that", "which")
                                           for c in tok.children):
            continue  # 'the company he charged': an object relative, not a report
        subject = cues.subject_of(tok)
        span = cues.complement(tok) or cues.fronted_clause(tok) or cues.as_clause(tok)
        inverted = cues.inverted_object(tok) if tok.dep_ == "conj" else None
        if inverted is not None:   # '..., reported local media.'
            span, subject = inverted
        spans = [span] if span else []
        if subject is not None and span is None and _borrowed_subject(tok, subject):
            subject = None   # 'X happened, Minister Ana Berg confirmed.': the cue's own subject was missed
        if subject is None and (span is None or span[1] <= tok.idx):
            fronted = cues.trailing_attribution(tok)
            if fronted is not None:
                spans, subject = [fronted[0]], fronted[1]
        elif span is None:
            span = cues.clause_before_subject(tok, subject)
            spans = [span] if span else cues.interrupting_attribution(tok, subject)
        if not spans or subject is None or not can_speak(subject):
            continue
        if cues.embedded_question(tok, t.token_at(spans[0][0])):
            continue
        parent = None
        for span in spans:
            cand = _indirect(t, tok, subject, span, direct_spans, embedded, all_segments,
                             min_words=1 if len(spans) > 1 else 2)
            if cand is None:
                break
            cand.parent = parent
            found.append(cand)
            parent = parent or cand
    # speech nested in another report ("he said Aliyev told him ...") is not annotated; but a
    # trailing relay ("..., the minister said, Agency X reports.") gives the words to the person quoted
    relays = {id(o) for o in found for c in found
              if o is not c and o.start <= c.cue.idx < o.end and o.cue.idx >= o.end}
    return [c for c in found if id(c) not in relays and
            not any(o is not c and id(o) not in relays and o.start <= c.cue.idx < o.end for o in found)]


def _closes_its_report(cue: Token) -> bool:
    """'The dam failed because of poor upkeep, the inquiry concluded.': the reported clause stands
    before a cue that ends the sentence."""
    if not cues.ends_sentence(cue):
        return False
    return cues.fronted_clause(cue) is not None or any(c.dep_ == "ccomp" and c.i < cue.i for c in cue.children)


def _borrowed_subject(cue: Token, subject: Token) -> bool:
    """The subject comes from the clause the cue was (wrongly) hung under: a sentence-final cue
    after a comma-set noun phrase ('Talks resumed, the minister confirmed.')."""
    if cue.dep_ != "advcl" or subject.head == cue or subject.i > cue.i:
        return False
    fronted = cues.trailing_attribution(cue)
    return fronted is not None and fronted[1].i > subject.i


def _indirect(t: _Text, tok: Token, subject: Token, span: tuple[int, int], direct_spans, embedded,
              all_segments, min_words: int = 2) -> Candidate | None:
    """An indirect or mixed quote for one content span of a cue (None when it is not one)."""
    start, end = _close_marks(_in_paragraph(t, span, tok.idx), all_segments)
    if t.text[start - 1:start] == "(" and t.text[end:end + 1] == ")":
        return None   # '“Ave” (Hail), media reported': a gloss in brackets is not what was reported
    if any(a < end and start < b for a, b in direct_spans) or len(t.text[start:end].split()) < min_words:
        return None
    inner = [s for s in embedded if start <= s.open_at and s.outer_end <= end]
    kind = "mixed" if any(not _is_label(t.text[s.start:s.end]) for s in inner) else "indirect"
    whole = _whole_quotation(t, start, end, all_segments)
    if whole is not None:   # the reported words are one quotation: '“...,” the official told AFP'
        start, end, kind = whole.start, whole.end, "direct"
    return Candidate(start, end, kind, tok, subject, confidence=0.8)


def _whole_quotation(t: _Text, start: int, end: int, segments: list[Segment]) -> Segment | None:
    """The quotation a content span consists of, marks and edge spaces or punctuation aside."""
    text = t.text
    while start < end and text[start].isspace():
        start += 1
    for s in segments:
        if s.close_at is None or s.single or not (s.open_at <= start <= s.start):
            continue
        rest = text[end:s.outer_end] if end <= s.outer_end else text[s.outer_end:end]
        if rest.strip(" ,.;:!?\"”’'") == "":
            return s
    return None


def _is_label(inner: str) -> bool:
    """A quoted name ("Republic of Nova Terra") is a label, not a partial quote: every longer word
    is capitalised."""
    words = [w for w in re.findall(r"[^\W\d_]+", inner) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words) and len(words) >= 2


def _in_paragraph(t: _Text, span: tuple[int, int], cue_at: int) -> tuple[int, int]:
    """Reported content never crosses a line break (sentences may, when the parser misses one)."""
    start, end = span
    p_start, p_end = t.paragraph_start(cue_at), t.paragraph_end(cue_at)
    return max(start, p_start), min(end, p_end)


def _close_marks(span: tuple[int, int], segments: list[Segment]) -> tuple[int, int]:
    """Extend a content span to the closing mark of a quotation it opens (the parser attaches
    closing marks to the root, so a clause subtree stops short of them)."""
    start, end = span
    for s in segments:
        if start <= s.open_at < end < s.outer_end and s.close_at is not None:  # closed in its paragraph
            end = s.outer_end
    return start, end


def _venue(cue: Token) -> str | None:
    """Addressee or venue: 'told The Jerusalem Post', 'in an interview with NTV', 'in televised remarks'."""
    for child in cue.children:
        if cue.lemma_.lower() == "tell" and child.dep_ in ("dobj", "dative") and child.pos_ in ("PROPN", "NOUN"):
            return _phrase(child)
    for child in cue.children:
        if child.dep_ != "prep" or child.lower_ not in ("in", "during", "at", "on", "to"):
            continue
        if child.lower_ in cues.CUE_PARTICLES.get(cue.lemma_.lower(), ()):  # 'called on X' is the cue
            continue
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ in ("DATE", "TIME"):
            continue
        if child.lower_ in ("to", "on") and pobj.pos_ == "PROPN":  # 'said on CNN', 'wrote to Reuters'
            return _phrase(pobj)
        if pobj.lemma_.lower() not in VENUE_NOUNS and pobj.lower_ not in VENUE_NOUNS:
            continue
        for prep in pobj.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "on"):
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ == "PROPN":
                    return _phrase(obj)
        return _phrase(pobj)
    return None


def _phrase(head: Token) -> str:
    """A noun phrase without leading determiners, comma appositions or trailing dates
    ('a statement published on his website late on Tuesday' -> 'statement published on his website')."""
    doc = head.doc
    left, right = head.left_edge.i, head.i
    while left < head.i and doc[left].pos_ == "DET" and not (head.pos_ == "PROPN" and doc[left].is_title):
        left += 1
    for t in doc[head.i + 1:head.right_edge.i + 1]:
        if t.text in (",", "(", "—", "–") or t.ent_type_ in ("DATE", "TIME"):
            break
        right = t.i
    while right > head.i and (doc[right].dep_ in ("prep", "advmod", "cc") or doc[right].is_punct):
        right -= 1
    return doc[left:right + 1].text


def _subject_fallback(cue: Token) -> Token | None:
    """When the parse gives no subject: a name or pronoun right next to the cue ('said Macron')."""
    doc = cue.doc
    for k in (cue.i + 1, cue.i - 1):
        if 0 <= k < len(doc) and (doc[k].pos_ in ("PROPN", "PRON") and doc[k].lower_ not in ("it", "that")):
            tok = doc[k]
            while tok.head is not tok and tok.dep_ in ("compound", "flat") and tok.head.pos_ == "PROPN":
                tok = tok.head
            return tok
    return None


def extract_quotes(doc: Doc) -> list[Quote]:
    """All attributed statements in the article parsed as `doc` (offsets into its text)."""
    t = _Text(doc)
    segments = find_segments(t.text)
    direct, embedded = _direct_candidates(t, segments)
    indirect = _indirect_candidates(t, direct, embedded, segments)
    covered = [(c.start, c.end) for c in indirect]
    direct = [c for c in direct
              if c.kind == "direct" or not any(a <= c.start < b for a, b in covered)]
    cands = sorted(direct + indirect, key=lambda c: c.start)
    index = SpeakerIndex(doc, quoted=[(c.start, c.end) for c in cands])
    previous: list[tuple[int, str]] = []
    made: dict[int, Quote] = {}
    for cand in cands:  # attributed quotes first, in text order (pronouns look back at them)
        if cand.parent is None:
            made[id(cand)] = _make_quote(doc, cand, index, previous)
    quotes = []
    for cand in cands:
        root = cand
        while root.parent is not None:
            root = root.parent
        q = made.get(id(cand))
        if q is None:  # a continuation takes the attribution of the segment it continues
            if id(root) not in made:  # its parent was dropped (covered by an indirect quote)
                made[id(root)] = _make_quote(doc, root, index, previous)
            base = made[id(root)]
            q = Quote(cand.start, cand.end, t.text[cand.start:cand.end], cand.kind, base.cue, base.cue_start,
                      base.cue_end, base.speaker_mention, base.speaker_start, base.speaker_end, base.speaker,
                      base.speaker_role, base.addressee, confidence=round(cand.confidence * 0.95, 3))
        bounds = cues.sent_span(t.token_at(cand.start))
        q.sentence_start, q.sentence_end = doc[bounds.start].idx, doc[bounds.end - 1].idx + len(doc[bounds.end - 1])
        quotes.append(q)
    # 'it' speaks only for an organisation or a state: 'It is important to note that ...', 'It (the
    # website) tells them that ...' report nothing when no such antecedent is found
    return [q for q in quotes if not (q.speaker is None and (q.speaker_mention or "").lower() == "it")]


def _make_quote(doc: Doc, cand: Candidate, index: SpeakerIndex, previous: list[tuple[int, str]]) -> Quote:
    """The quote of an attributed candidate; its resolved speaker is added to `previous`
    (token index of the mention, speaker) for the pronouns that follow."""
    text = doc_text(doc)
    q = Quote(cand.start, cand.end, text[cand.start:cand.end], cand.kind, confidence=cand.confidence)
    if cand.cue is None and cand.subject is None:
        if previous:   # an unattributed quoted paragraph: the speaker the article is quoting
            q.speaker = previous[-1][1]
        return q
    if cand.cue is not None:
        q.cue_start, q.cue_end = cues.cue_span(cand.cue)
        q.cue = text[q.cue_start:q.cue_end]
    subject = cand.subject or _subject_fallback(cand.cue)
    if subject is not None:
        q.speaker_start, q.speaker_end = cues.mention_span(subject)
        q.speaker_mention = text[q.speaker_start:q.speaker_end]
        span = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
        named = _named_apposition(subject)
        if named is not None and span.start <= subject.i < span.end and subject.ent_type_ != "PERSON":
            span = named   # 'the deputy governor, Mira Tolen, said': the description names her
        q.speaker, q.speaker_role = resolve(index, doc, span.start, span.end, previous)
        if q.speaker:
            previous.append((span.start, q.speaker))
    q.addressee = _venue(cand.cue) if cand.cue is not None else None
    return q


def _named_apposition(subject: Token):
    """The person named in an apposition of a descriptive subject ('the mayor, Ana Berg,')."""
    for c in subject.children:
        if c.dep_ == "appos" and c.i > subject.i:
            ent = next((e for e in cues.ents_of(subject.doc) if e.label_ == "PERSON" and e.start <= c.i < e.end), None)
            if ent is not None:
                return ent
    return None


DASH_NAME = re.compile(r"[ \t]*[—–-][ \t]*(\S[^\n]{1,60})$")


def _juxtaposed_subject(t: _Text, seg: Segment) -> Token | None:
    """'“We will rebuild.” Mayor Ana Berg toured the flooded streets ...': a paragraph that opens
    with a whole quoted sentence and goes on with a named person as the next sentence's subject
    gives her the words, with no speech verb (a lead's attribution by juxtaposition)."""
    inner = t.text[seg.start:seg.end].rstrip()
    if seg.open_at != t.paragraph_start(seg.open_at) or not inner.endswith((".", "!", "?")):
        return None
    after = [x for x in t.tokens_between(seg.outer_end, t.paragraph_end(seg.outer_end)) if not x.is_space]
    for x in after[:8]:
        if x.is_punct or x.text in cues.QUOTE_MARKS:
            return None
        if x.dep_ in cues.SUBJECT_DEPS:
            return x if x.ent_type_ == "PERSON" and x.head.dep_ == "ROOT" else None
    return None


def _dash_signature(t: _Text, seg: Segment) -> Token | None:
    """'“...” — Ana Berg': a name after a dash closing the line signs the quotation."""
    line_end = t.paragraph_end(seg.outer_end)
    m = DASH_NAME.match(t.text[seg.outer_end:line_end])
    if not m:
        return None
    toks = [x for x in t.tokens_between(seg.outer_end + m.start(1), line_end) if not x.is_space]
    names = [x for x in toks if x.pos_ == "PROPN" or x.text in (",", ".")]
    proper = [x for x in toks if x.pos_ == "PROPN" and x.is_title]
    if not toks or len(names) != len(toks) or not (any(x.ent_type_ == "PERSON" for x in toks) or len(proper) >= 2):
        return None
    last = [x for x in toks if x.pos_ == "PROPN"]
    return last[-1] if last else None
