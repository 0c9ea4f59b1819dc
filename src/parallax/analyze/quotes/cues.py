"""Speech cues on the dependency parse: which verbs report speech, and their subject and complement."""
from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from parallax.analyze.nlp import doc_ents

# Verbs of communication (lemmas). A verb here reports speech when it has a clause, an
# infinitive or (for a few) an object-plus-complement; a bare noun-phrase object is not speech.
SPEECH_LEMMAS = {
    "say", "tell", "add", "state", "note", "stress", "insist", "warn", "claim", "argue", "indicate",
    "vow", "promise", "urge", "accuse", "announce", "declare", "explain", "write", "report",
    "confirm", "deny", "assert", "contend", "maintain", "emphasize", "emphasise", "underline",
    "reiterate", "complain", "predict", "acknowledge", "admit", "suggest", "pledge", "threaten",
    "reply", "respond", "tweet", "caution", "allege", "recall", "remark", "observe", "concede",
    "boast", "lament", "proclaim", "repeat", "signal", "disclose", "reveal", "assure",
    "underscore", "highlight", "point", "ask", "demand", "comment", "answer", "continue", "conclude",
    "testify", "inform", "notify", "estimate", "swear", "guarantee", "affirm", "mention", "quip",
    "shout", "joke", "retort", "counter", "charge", "vow", "hint", "speculate", "acknowledge", "advise",
}
# Lemmas that introduce a direct quotation but rarely an indirect one.
DIRECT_ONLY = {"continue", "answer", "reply", "respond", "comment", "remark", "joke", "quip",
               "shout", "retort", "counter", "conclude", "demand", "observe", "write", "tweet"}
# Verbs taking "object + to-infinitive" as reported content (urged X to Y).
OBJECT_INFINITIVE = {"urge", "ask", "call", "tell", "warn", "implore", "encourage", "press", "beg", "advise"}
# Verbs with a particle or preposition that belongs to the cue ("called on", "pointed out").
CUE_PARTICLES = {"call": {"on", "for", "upon"}, "point": {"out"}}
# Non-speech readings to refuse even when the lemma matches.
NOT_SPEECH_OBJECTS = {"point"}

# Verbs that report a characterisation: 'described X as Y', 'called X Y', 'blamed X for Y'.
# They are cues only with that object-plus-complement shape ('called a meeting' is not speech).
CHARACTERISE = {"describe", "brand", "label", "dub", "term", "condemn", "denounce", "characterize",
                "characterise", "call", "blame"}

# A light verb and a noun that names a speech act: 'renewed its recommendation for X to Y'.
LIGHT_VERBS = {"issue", "make", "send", "renew", "repeat", "reiterate", "voice", "submit", "deliver", "lodge",
               "extend"}
SPEECH_ACT_NOUNS = {"recommendation", "request", "call", "demand", "appeal", "plea", "warning", "advice",
                    "order", "instruction", "ultimatum", "assurance", "pledge", "promise"}
CLAUSE_DEPS = {"ccomp", "parataxis"}
# 'said A while the army attributed it to B': a contrasting clause whose verb says or assigns a cause
# gives another party's account, not the speaker's words.
CONTRAST_MARKS = {"while", "whereas", "whilst"}
ATTRIBUTING = {"attribute", "blame", "credit", "ascribe"}
# Messages a participle cue may describe: 'issued a statement saying ...'.
MESSAGE_NOUNS = {"statement", "alert", "notice", "warning", "advisory", "directive", "communique", "release",
                 "message", "letter", "post", "bulletin", "note", "circular"}
QUOTE_MARKS = {'"', "“", "”", "«", "»", "„", "'", "‘"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PRONOUNS = {"he", "she", "they", "we", "i", "it", "you"}


class Bounds(NamedTuple):
    start: int
    end: int


def sent_span(token: Token) -> Bounds:
    """Token bounds of the sentence holding `token` (spaCy's Token.sent walks every sentence)."""
    doc = token.doc
    table = doc.user_data.get("_parallax_sent_bounds")
    if table is None or len(table) != len(doc):
        table = [None] * len(doc)
        for sent in doc.sents:
            b = Bounds(sent.start, sent.end)
            for i in range(sent.start, sent.end):
                table[i] = b
        doc.user_data["_parallax_sent_bounds"] = table
    return table[token.i]


ents_of = doc_ents   # the name the quote modules know it by


def ents_within(doc, start: int, end: int) -> list:
    """`doc[start:end].ents` from the cached entities (spaCy's Span.ents walks Doc.ents each time),
    with spaCy's rule: entities from `start` on, up to the first that runs past `end`."""
    found = []
    for ent in ents_of(doc):
        if ent.start >= start:
            if ent.end > end:
                break
            found.append(ent)
    return found


def is_cue(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return False
    lemma = token.lemma_.lower()
    if lemma == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
    if lemma == "call" and any(c.lower_ in ("on", "upon", "for") and c.dep_ in ("prep", "prt") for c in token.children):
        return True
    if lemma in CHARACTERISE:
        return characterisation(token) is not None
    if lemma == "make":
        return made_clear(token) is not None
    if lemma == "express":
        return expressed_that(token) is not None
    return lemma in SPEECH_LEMMAS or speech_act_clause(token) is not None


def speech_act_clause(token: Token) -> Token | None:
    """'renewed its recommendation for airlines to avoid X', 'sent a request to begin talks', 'issued
    a warning that Y': a light verb whose object names a speech act; the verb of the clause that
    says what was asked or said."""
    if token.lemma_.lower() not in LIGHT_VERBS:
        return None
    for obj in (c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_ACT_NOUNS):
        for c in obj.children:
            if c.i > obj.i and c.pos_ in ("VERB", "AUX") and c.dep_ in ("acl", "advcl", "ccomp", "relcl") \
                    and any(m.dep_ in ("aux", "mark") and m.lower_ in ("to", "that", "for") for m in c.children):
                return c
    return None


def expressed_that(token: Token) -> Token | None:
    """'expressed confidence / hope / concern that X': the verb of X, the 'that' clause of the object."""
    for obj in (c for c in token.children if c.dep_ == "dobj"):
        for c in obj.children:
            if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                return c
    return None


def made_clear(token: Token) -> Token | None:
    """'made (it) clear that X': the verb of X, a finite clause with 'that' under 'made' or 'clear'."""
    clear = next((c for c in token.children if c.lower_ == "clear" and c.i > token.i), None)
    if clear is None:
        return None
    for c in [*clear.children, *token.children]:
        if c.i > clear.i and c.dep_ in ("ccomp", "advcl") and any(m.dep_ == "mark" and m.lower_ == "that"
                                                                  for m in c.children):
            return c
    return None


def characterisation(token: Token) -> tuple[int, int] | None:
    """Token range of 'X as Y' / 'X Y' / 'X for Y' after 'described' / 'called' / 'blamed'."""
    lemma = token.lemma_.lower()
    kids = [c for c in token.children if c.i > token.i]
    obj = next((c for c in kids if c.dep_ in ("dobj", "dative")), None)
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if lemma in ("condemn", "denounce") and obj is not None and nxt is not None and nxt.text in QUOTE_MARKS:
        return obj.left_edge.i, obj.right_edge.i   # 'condemned “these barbaric attacks”': the words are quoted
    wanted = ("for",) if lemma == "blame" else ("as",)
    pp = [c for c in kids if c.dep_ == "prep" and c.lower_ in wanted]
    if obj is not None:
        pp += [c for c in obj.children if c.dep_ == "prep" and c.lower_ in wanted and c.i > obj.i]
        if not pp:   # 'described the claims that it was to blame as “lies”': the parser hangs 'as' deeper
            pp += [c for c in obj.subtree if c.dep_ == "prep" and c.lower_ in wanted and c.i > obj.i
                   and c.i + 1 < len(token.doc) and token.doc[c.i + 1].text in QUOTE_MARKS]
    if lemma == "call" and obj is not None:
        pp += [c for c in kids if c.dep_ in ("oprd", "xcomp", "ccomp", "attr") and c.i > obj.i]
        if not pp and obj.dep_ == "dobj":   # 'called the attack “an outrageous act”': a second object
            pp = [c for c in [*kids, *obj.children] if c.dep_ in ("dobj", "npadvmod", "appos") and c.i > obj.i]
    things = [c for c in kids if c.dep_ in ("oprd", "dobj")]
    if lemma == "call" and obj is None and len(things) >= 2 and things[-1].dep_ == "oprd":
        return things[0].left_edge.i, things[-1].right_edge.i   # 'called [the blowing up of X] [an outrage]'
    if lemma == "call" and obj is None:
        inner = [c for c in kids if c.dep_ in ("ccomp", "oprd") and any(g.dep_ == "nsubj" for g in c.children)
                 and not any(g.pos_ in ("VERB", "AUX") for g in c.subtree)]   # 'called [X Y]' as a small clause
        if inner:
            return inner[0].left_edge.i, inner[0].right_edge.i
    if not pp or (obj is None and lemma != "describe"):
        return None
    parts = [p for p in pp] + ([obj] if obj is not None else [])
    return min(p.left_edge.i for p in parts), max(p.right_edge.i for p in parts)


def _with_elaboration(token: Token, end: int) -> int:
    """'called X an outrageous act, once again demonstrating Y': a participle clause right after the
    characterisation says what the thing characterised does, and belongs to it (a participle cue,
    ', adding ...', reports more speech and stays apart). The end of the characterisation with it."""
    doc = token.doc
    for c in token.children:
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.left_edge.i == end + 2 and doc[end + 1].text == "," \
                and not is_cue(c):
            return c.right_edge.i
    return end


def cue_span(token: Token) -> tuple[int, int]:
    """Character span of the cue: the verb plus a cue particle ("called on", "pointed out"), or up
    to the noun of a speech act ("renewed its recommendation")."""
    end = token.idx + len(token.text)
    for child in token.children:
        if child.i == token.i + 1 and child.lower_ in CUE_PARTICLES.get(token.lemma_.lower(), ()):
            end = child.idx + len(child.text)
    act = speech_act_clause(token)
    if act is not None:
        end = act.head.idx + len(act.head.text)
    return token.idx, end


def has_marked_clause(token: Token) -> bool:
    """A clause complement opened by 'that' / 'if' / 'whether' ('wrote that ...', 'asked whether ...')."""
    return any(c.dep_ == "ccomp" and c.i > token.i and
               any(m.dep_ == "mark" and m.lower_ in ("that", "if", "whether") for m in c.children)
               for c in token.children)


# A clause opened by one of these names a topic or asks a question ('explained how the dam is run');
# only a question cue reports it as what was said. 'what'/'who' also open free relatives inside a
# reported clause ('said what the army did amounted to a crime'), so they count only before an infinitive.
WH_ADVERBS = {"how", "why", "where", "when", "whether"}
WH_PRONOUNS = {"what", "which", "who", "whom", "whose"}
QUESTION_CUES = {"ask", "wonder", "inquire", "enquire", "question"}


def embedded_question(cue: Token, first: Token) -> bool:
    """The complement beginning at `first` is a wh-clause of the cue ('tells the loader how many images
    to expect', 'highlighted how little was tested'), not a clause of its own that the wh-word sits in
    ('said when the war ends they will rebuild', where a verb stands between the two)."""
    if cue.lemma_.lower() in QUESTION_CUES or first.lower_ not in WH_ADVERBS | WH_PRONOUNS:
        return False
    token = first
    for _ in range(8):   # spaCy makes a new Token object on each access: compare indices
        if token.head.i == cue.i:
            return first.lower_ in WH_ADVERBS or any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        token = token.head
        if token.head.i == token.i or (token.pos_ in ("VERB", "AUX") and token.head.i != cue.i):
            return False
    return False


def is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def is_passive(token: Token) -> bool:
    """'was told', and the reduced passive 'when asked to comment': the one asked is not speaking."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
        return True
    return token.tag_ == "VBN" and token.dep_ in ("advcl", "acl") \
        and not any(c.dep_ in ("aux", "nsubj", "expl") for c in token.children)


def subject_of(token: Token) -> Token | None:
    """The subject of the cue; for non-finite cues ("adding", "saying") the governing clause's subject."""
    seen = 0
    # "X said A should be respected, urging against B": the participle hangs under the reported
    # clause, but its subject is the reporter's.
    if token.tag_ == "VBG" and token.dep_ == "advcl" and token.head.dep_ == "ccomp" and is_cue(token.head.head):
        token = token.head.head
    # "X said that A was done and stressed that B": a conjunct cue with no subject and its own "that"
    # clause, parsed under the reported clause, is the reporter's second verb.
    if token.dep_ == "conj" and token.head.dep_ == "ccomp" and is_cue(token.head.head) \
            and not any(c.dep_ in SUBJECT_DEPS for c in token.children) \
            and (any(c.dep_ == "ccomp" and any(m.dep_ == "mark" for m in c.children) for c in token.children)
                 or made_clear(token) is not None):
        token = token.head.head
    first = token
    while token is not None and seen < 6:
        seen += 1
        if token is not first and token.i > first.i and is_cue(token) and _inverted_subject(first) is not None:
            return _inverted_subject(first)   # '"...," said Ana Berg, Agency X reports': Berg, not the agency
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
                    return token.head
                return child
        if token.dep_ == "acl" and token.head.lower_ in MESSAGE_NOUNS and token.head.head is not token.head:
            token = token.head.head   # 'X issued an alert advising ...': the issuer of the message
            continue
        if token.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl", "dep") and token.head is not token:
            token = token.head
            continue
        if token.dep_ == "relcl":
            return token.head
        return _according_apposition(token) or _subject_across_line(token)
    return None


def line_start_of(doc, i: int) -> int:
    """The first token of the line (paragraph) holding token `i`."""
    while i > 0 and "\n" not in doc[i - 1].text:
        i -= 1
    return i


def _subject_across_line(verb: Token) -> Token | None:
    """Two paragraphs parsed as one sentence: the subject that opens the verb's line ('Berg, in a
    statement, said ...') hangs on a verb of the line before; a line break ends a sentence."""
    doc = verb.doc
    line_start = line_start_of(doc, verb.i)
    if line_start == 0:
        return None
    return next((t for t in doc[line_start:verb.i] if t.dep_ in SUBJECT_DEPS and t.head.i < line_start), None)


def _according_apposition(verb: Token) -> Token | None:
    """'According to the Courier, Ana Berg, speaking ..., said ...': the parser hangs the subject on
    the source as its apposition and leaves the verb without one."""
    sent = sent_span(verb)
    for c in verb.doc[sent.start:verb.i]:   # the parser may hang 'According to' on a clause in between
        if c.dep_ == "prep" and c.lower_ == "according" and (c.head == verb or c.head.head == verb):
            return next((t for t in c.subtree if t.dep_ == "appos" and t.ent_type_ == "PERSON"), None)
    return None


def _inverted_subject(cue: Token) -> Token | None:
    """'said President Ana Berg': the proper noun right after a finite cue that has no subject."""
    doc = cue.doc
    if cue.tag_ not in ("VBD", "VBZ", "VBP") or cue.i + 1 >= len(doc):
        return None
    tok = doc[cue.i + 1]
    if tok.pos_ != "PROPN" and tok.dep_ != "det":
        return None
    while tok.head is not tok and tok.head.i > tok.i and tok.head.pos_ in ("PROPN", "NOUN") \
            and tok.dep_ in ("compound", "det", "amod", "flat"):
        tok = tok.head
    return tok if tok.pos_ in ("PROPN", "NOUN") and tok.i > cue.i else None


def mention_span(head: Token) -> tuple[int, int]:
    """The subject noun phrase with titles and pre-modifiers, without comma appositions or relative clauses."""
    doc = head.doc
    # an apposition is cut only when set off ('Ana Berg, the mayor,'); 'President Ana Berg' is one name
    cut = {t.i for c in head.children if c.dep_ in ("relcl", "appos", "acl") and
           (c.dep_ != "appos" or c.i < head.i or doc[c.left_edge.i - 1].text in (",", "(", "—", "–", "-"))
           for t in c.subtree}
    end_i = head.i
    for t in doc[head.i + 1:head.right_edge.i + 1]:
        if t.i in cut or t.text in (",", "(", "—", "–"):
            break
        end_i = t.i
    # Keep only the coherent run up to the head: drop a leading conjunction or punctuation.
    start_i = head.left_edge.i
    while start_i < head.i and (doc[start_i].is_punct or doc[start_i].is_space
                                or doc[start_i].dep_ in ("cc", "prep", "advmod", "npadvmod")):
        start_i += 1
    start_tok, end_tok = doc[start_i], doc[end_i]
    return start_tok.idx, end_tok.idx + len(end_tok.text)


def _trim(doc, start_i: int, end_i: int) -> tuple[int, int] | None:
    """Token range [start_i, end_i] without a leading 'that'/punctuation or trailing punctuation."""
    while start_i <= end_i and (doc[start_i].is_punct and doc[start_i].text not in '"“‘\'«'
                                or (doc[start_i].lower_ == "that" and doc[start_i].dep_ == "mark")
                                or doc[start_i].is_space):
        start_i += 1
    colon = next((k for k in range(start_i, min(start_i + 4, end_i)) if doc[k].text == ":"), None)
    if colon is not None and colon > start_i and all(t.text[:1].isupper() for t in doc[start_i:colon]):
        start_i = colon + 1   # 'Oslo: ...', 'NEW YORK: ...': a dateline before the reported words
    while end_i >= start_i and ((doc[end_i].is_punct and doc[end_i].text not in '"”’\'»)]')
                                or doc[end_i].is_space or _unopened_bracket(doc, start_i, end_i)):
        end_i -= 1
    if end_i < start_i:
        return None
    return doc[start_i].idx, doc[end_i].idx + len(doc[end_i].text)


# Nouns naming an act or decision ("dissolution", "agreement", "withdrawal"): 'announced' + such
# a noun states the announced decision.
DEVERBAL_SUFFIXES = ("tion", "sion", "ment", "al", "ure", "ance", "ence")
FINITE_TAGS = {"VBZ", "VBD", "VBP", "MD"}
CLAUSE_TAKING = {"say", "claim", "argue", "insist", "warn", "note", "add", "state", "write", "stress", "tell"}


def _object_start(token: Token, obj: Token) -> int:
    """Where the object phrase starts: its left edge, or earlier when the parser left modifiers
    of it hanging on the verb ('accused Azerbaijani[dep] forces')."""
    start = obj.left_edge.i
    while start - 1 > token.i and token.doc[start - 1].head == token and \
            token.doc[start - 1].dep_ in ("dep", "amod", "compound", "det", "nmod"):
        start -= 1
    return start


def _names_an_act(obj: Token) -> bool:
    """'its withdrawal', 'public mourning', 'three days of mourning': an object that names the act
    announced (a noun made from a verb, itself or through 'of'), not a topic or a thing; an '-ing'
    noun names the act only without an article ('mourning', not 'a new building')."""
    heads = [obj, *(p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                    if p.dep_ == "pobj")]
    return any(h.pos_ == "NOUN" and (h.lower_.endswith(DEVERBAL_SUFFIXES) or h.lower_.endswith("ing")
                                     and not any(c.dep_ == "det" for c in h.children)) for h in heads)


def _misparsed_clause(token: Token, objects: list[Token]) -> tuple[int, int] | None:
    """Clauses the parser got wrong: 'says the increase ... makes X likely' (clause read as an
    object with a relative clause), 'said following a vote that he had ...' (the 'that' clause
    hung on the adjunct). Only when nothing but adjuncts stands between the cue and the clause."""
    doc = token.doc
    if token.lemma_.lower() not in CLAUSE_TAKING:
        return None
    for obj in objects:
        if obj.i > token.i and token.lemma_.lower() != "tell" and \
                any(t.tag_ in FINITE_TAGS and t.dep_ == "relcl" and not any(c.dep_ == "nsubj" and c.lower_ in
                    ("who", "which", "that") for c in t.children) for t in obj.subtree):
            return _trim(doc, obj.left_edge.i, obj.right_edge.i)
    for t in doc[token.i + 1:sent_span(token).end]:
        if t.lower_ == "that" and t.dep_ == "mark" and t.head.pos_ in ("VERB", "AUX") and t.head.i > t.i:
            between = doc[token.i + 1:t.i]
            if any(_clause_verb(b) for b in between) or len(between) > 8:
                return None
            return _trim(doc, t.i, t.head.right_edge.i)
        if _clause_verb(t) or t.dep_ in ("dobj", "ccomp", "xcomp"):
            return None
    return None


def _clause_verb(t: Token) -> bool:
    """A verb heading a clause of its own, not an adjunct ('following') nor a participle describing
    a noun ('in a statement released on Monday')."""
    return t.pos_ in ("VERB", "AUX") and t.dep_ != "prep" and not (t.dep_ == "acl" and t.tag_ == "VBN")


def _unopened_bracket(doc, start_i: int, end_i: int) -> bool:
    """A closing bracket at the end of a content span whose opening bracket lies outside it."""
    close = doc[end_i].text
    if close not in (")", "]"):
        return False
    opening = "(" if close == ")" else "["
    return not any(doc[k].text == opening for k in range(start_i, end_i))


def complement(token: Token) -> tuple[int, int] | None:
    """Character span of the reported content governed by a cue verb, or None."""
    doc = token.doc
    lemma = token.lemma_.lower()
    children = list(token.children)
    if lemma in CHARACTERISE and characterisation(token) is not None:
        start, end = characterisation(token)
        return _trim(doc, start, _with_elaboration(token, end))
    clause_of = made_clear(token) if lemma == "make" else expressed_that(token) if lemma == "express" else None
    clause_of = clause_of or speech_act_clause(token)
    if clause_of is not None:   # 'for airlines to avoid X': what was asked starts after 'for'
        left = clause_of.left_edge.i
        return _trim(doc, left + (doc[left].lower_ == "for" and doc[left].dep_ == "mark"), clause_of.right_edge.i)
    relayed = relay(token)
    clause = [c for c in children if c.dep_ == "ccomp" and (relayed is None or c.i != relayed.i)]
    infinitive = [c for c in children if c.dep_ == "xcomp" and any(t.lower_ == "to" for t in c.children)]
    if lemma in OBJECT_INFINITIVE or lemma == "call":
        infinitive += [c for c in children if c.dep_ == "advcl" and c.i > token.i
                       and any(t.lower_ == "to" and t.dep_ == "aux" for t in c.children)]
    objects = [c for c in children if c.dep_ in ("dobj", "dative")]
    preps = [c for c in children if c.dep_ == "prep"]
    after = [c for c in clause if c.i > token.i]
    if after:
        left, right = min(c.left_edge.i for c in after), max(c.right_edge.i for c in after)
        subject = _subject_read_as_object(token, after[0], objects)
        if subject is not None:
            left = min(left, _object_start(token, subject))
        return _trim(doc, left, _before_participle_cue(after[-1], right))
    if clause:  # clause before the cue: "..., X warned"
        c = clause[0]
        return _trim(doc, c.left_edge.i, min(c.right_edge.i, _subject_left(token) - 1))
    if lemma in ("announce", "declare") and objects and _names_an_act(objects[0]):
        return _trim(doc, objects[0].left_edge.i, objects[0].right_edge.i)  # announced its withdrawal from X
    misparsed = _misparsed_clause(token, objects)
    if misparsed is not None:
        return misparsed
    if lemma == "accuse":  # accused X of Y -> "X of Y"; the parser may hang "of" on X
        of = [t for t in (*preps, *(c for o in objects for c in o.children)) if t.dep_ == "prep" and t.lower_ == "of"]
        if objects and of:
            return _trim(doc, _object_start(token, objects[0]), max(p.right_edge.i for p in of))
        return None
    if lemma in OBJECT_INFINITIVE or lemma == "call":
        on = next((p for p in preps if p.lower_ in ("on", "upon")), None)
        target = objects[0] if objects else None
        if target is None and on is not None:
            target = next((c for c in on.children if c.dep_ == "pobj"), None)
        if target is not None:
            inf = infinitive or [c for c in target.subtree if c.dep_ in ("xcomp", "acl", "relcl")
                                 and any(t.lower_ == "to" for t in c.children)]
            if inf:
                return _trim(doc, _object_start(token, target), max(inf[-1].right_edge.i, target.right_edge.i))
        against = next((p for p in preps if p.lower_ == "against"), None)
        if lemma == "urge" and against is not None:
            return _trim(doc, against.i, against.right_edge.i)
        if lemma == "call":
            return None
    if infinitive and lemma not in ("tell",):
        inf = infinitive[0]
        return _trim(doc, inf.left_edge.i, inf.right_edge.i)
    return None


def _subject_read_as_object(token: Token, clause: Token, objects: list[Token]) -> Token | None:
    """'said the jet, which crashed on Monday, was hit by a missile': the parser made the clause's
    subject the cue's object and left the finite clause without one. The object, when it stands
    between the cue and a finite clause that has no subject."""
    finite = clause.tag_ in FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS
                                                 for c in clause.children)
    if not finite or any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("expl", "csubj") for c in clause.children):
        return None
    return next((o for o in objects if token.i < o.i < clause.i and o.dep_ == "dobj"), None)


def _before_participle_cue(clause: Token, right: int) -> int:
    """End of a reported clause, before a ', urging ...' / ', adding ...' / '... but said ...'
    that reports more speech, or a '... while the army blamed Y' that gives another party's account
    (the parser often hangs them inside the clause)."""
    doc = clause.doc
    for t in clause.subtree:
        if t.i <= clause.i:
            continue
        own_subject = any(c.dep_ in SUBJECT_DEPS for c in t.children)   # 'and X should admit': still content
        if own_subject and t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS
                                                     for c in t.children) \
                and (is_cue(t) or t.lemma_.lower() in ATTRIBUTING):
            return min(right, t.left_edge.i - 1)
        if not is_cue(t):
            continue
        if (t.tag_ == "VBG" and doc[t.left_edge.i - 1].text == ",") or (t.dep_ == "conj" and not own_subject):
            end = t.left_edge.i - 1
            while end > clause.i and (doc[end].is_punct or doc[end].dep_ == "cc" or doc[end].is_space):
                end -= 1
            return min(right, end)
    return right


def _subject_left(token: Token) -> int:
    subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
    return subject.left_edge.i if subject is not None and subject.i < token.i else token.i


def fronted_clause(token: Token) -> tuple[int, int] | None:
    """'Violence could harm supplies, Suleymanov warned': the parser often makes the cue a
    child of the fronted clause's verb; the content is that clause up to the comma."""
    head = token.head
    if token.dep_ not in ("parataxis", "ccomp", "advcl") or head.i >= token.i or head is token:
        return None
    if not ends_sentence(token):  # 'A, he said, B': see interrupting_attribution
        return None
    subject_left = _subject_left(token)
    before = token.doc[head.left_edge.i:subject_left]
    if not before or before[-1].text not in (",", "—") and before[-2:-1].text not in (",",):
        return None
    return _trim(token.doc, head.left_edge.i, subject_left - 1)


def as_clause(token: Token) -> tuple[int, int] | None:
    """'As the minister noted, the talks will resume.': the cue sits in an 'as' clause before the
    main clause, which holds what was said."""
    head = token.head
    if token.dep_ != "advcl" or head.i <= token.i or not any(c.dep_ == "mark" and c.lower_ == "as"
                                                              for c in token.children):
        return None
    comma = next((t.i for t in token.doc[token.right_edge.i:token.right_edge.i + 2] if t.text == ","), None)
    if comma is None or comma >= head.right_edge.i:
        return None
    return _trim(token.doc, comma + 1, head.right_edge.i)


NOMINAL_POS = {"PROPN", "NOUN", "DET", "ADJ", "ADP", "PUNCT", "NUM", "CCONJ", "PART", "PRON", "SPACE"}


ADJUNCT_DEPS = {"npadvmod", "advmod", "prep", "pobj", "det", "amod", "compound", "nummod", "punct", "cc"}


def _closes_sentence(token: Token) -> bool:
    return all(t.is_punct or t.is_space or t.head == token or t.head.head == token
               for t in token.doc[token.i + 1:sent_span(token).end])


def relay(token: Token) -> Token | None:
    """', Agency X reports.' closing a sentence whose cue is `token`: the medium relaying it (the
    parser hangs it under the cue, or the cue under it)."""
    doc = token.doc
    if token.lemma_.lower() in DIRECT_ONLY:
        return None
    candidates = [c for c in token.children if c.i > token.i and c.dep_ in ("ccomp", "parataxis", "conj")]
    if token.dep_ in ("parataxis", "ccomp") and token.head.i > token.i:
        candidates.append(token.head)
    for c in candidates:
        subject = next((s for s in c.children if s.dep_ == "nsubj" and s.i < c.i), None)
        if subject is None or not is_cue(c) or doc[subject.left_edge.i - 1].text != "," \
                or subject.pos_ != "PROPN" or subject.ent_type_ in ("PERSON", "GPE", "NORP") \
                or subject.left_edge.i <= token.i or not _closes_sentence(c):
            continue
        return c
    return None


def relay_comma(token: Token) -> int | None:
    """Index of the comma that opens the relay of `token`'s sentence."""
    relayed = relay(token)
    if relayed is None:
        return None
    subject = next(s for s in relayed.children if s.dep_ == "nsubj" and s.i < relayed.i)
    return subject.left_edge.i - 1


def is_relay(token: Token) -> bool:
    for c in [token.head, *token.children]:
        if c is not token and c.i < token.i and is_cue(c):
            relayed = relay(c)
            if relayed is not None and relayed.i == token.i:
                return True
    return False


def ends_sentence(token: Token) -> bool:
    """Nothing but time/place adjuncts of the cue follow it in its sentence ('warned this week.'),
    or only a relay (', Agency X reports.')."""
    comma = relay_comma(token)
    for t in token.doc[token.i + 1:sent_span(token).end]:
        if t.is_punct and t.text in ".?!" or t.i == comma:
            return True
        if t.is_space or t.text in "”\"'’":
            continue
        if t.dep_ not in ADJUNCT_DEPS or t.pos_ in ("VERB", "AUX") or t.text == ",":
            return False
    return True


def clause_before_subject(token: Token, subject: Token) -> tuple[int, int] | None:
    """'Ending the occupation was self-defence, he said.': a cue closing its sentence, with its
    subject right after a comma; the content is the sentence up to that comma."""
    doc = token.doc
    if subject.i > token.i or not ends_sentence(token) or takes_object(token):
        return None
    left = subject.left_edge.i
    if left == 0 or doc[left - 1].text not in (",", "—"):
        return None
    start = sent_span(token).start
    if left - 1 - start < 3:
        return None
    return _trim(doc, start, left - 2)


def _attribution_edges(token: Token, subject: Token) -> tuple[int, int]:
    """First and last token index of 'subject + cue (+ adjuncts)' or 'cue + subject'."""
    left = min(subject.left_edge.i, token.i)
    right = max(token.i, subject.right_edge.i if subject.i > token.i else token.i)
    doc = token.doc
    while right + 1 < sent_span(token).end and doc[right + 1].head == token and doc[right + 1].dep_ in ADJUNCT_DEPS \
            and doc[right + 1].text not in (",", ".", ":", ";"):
        right = doc[right + 1].right_edge.i
    return left, right


def takes_object(token: Token) -> bool:
    """'called for X', 'asked about X', 'charged X': the cue has its own object, so the text
    around it is not what it reports."""
    if token.lemma_.lower() in OBJECT_INFINITIVE | {"call", "accuse", "charge"}:
        return True
    return any(c.dep_ in ("dobj", "dative", "xcomp", "attr", "oprd") or
               (c.dep_ in ("prep", "prt") and c.lower_ in ("for", "about", "of", "out")) for c in token.children)


def interrupting_attribution(token: Token, subject: Token) -> list[tuple[int, int]]:
    """'A new manager, he said, could set a new tone.' / '..., said the chief executive.':
    the content is the sentence around (or before) an attribution set off by commas."""
    doc = token.doc
    if takes_object(token):
        return []
    left, right = _attribution_edges(token, subject)
    sent = sent_span(token)
    if left - 1 <= sent.start or doc[left - 1].text not in (",", "—"):
        return []
    before = _trim(doc, sent.start, left - 2)
    if before is None or left - 1 - sent.start < 1:
        return []
    nxt = doc[right + 1] if right + 1 < sent.end else None
    if nxt is None or nxt.text in (".", "!", "?") or nxt.is_space:
        return [before] if subject.i > token.i else []
    if nxt.text not in (",", "—"):
        return []
    after = _trim(doc, right + 2, sent.end - 1)
    if after is None or sent.end - right < 4:
        return []
    return [before, after]


def inverted_object(token: Token) -> tuple[tuple[int, int], Token] | None:
    """'The dam failed on Monday, reported local media.': a cue right after the comma that closes a
    clause, with no subject of its own, parsed with the speaker as its object; the object ends the
    sentence. The clause before the comma is the content, the object the speaker."""
    doc = token.doc
    if token.i == 0 or doc[token.i - 1].text != "," or any(c.dep_ in SUBJECT_DEPS for c in token.children):
        return None
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    end = obj.right_edge.i + 1 if obj is not None else -1
    if obj is None or end >= len(doc) or doc[end].text not in ".!?" or obj.pos_ not in ("NOUN", "PROPN"):
        return None
    sent = sent_span(token)
    if not any(doc[j].pos_ in ("VERB", "AUX") for j in range(sent.start, token.i - 1)):
        return None
    span = _trim(doc, sent.start, token.i - 2)
    return (span, obj) if span else None


def trailing_attribution(token: Token) -> tuple[tuple[int, int], Token] | None:
    """'Violence could harm supplies, Elin Suleymanov, the ambassador, warned.' when the parser
    missed the subject: the noun phrase after the last clause comma is the speaker, the clause
    before it the content. Only for a cue that ends its sentence."""
    doc = token.doc
    if not ends_sentence(token):
        return None
    commas, k = [], token.i - 1
    while k >= 0 and token.i - k <= 15 and doc[k].pos_ in NOMINAL_POS and doc[k].text not in ".?!:;":
        if doc[k].text == ",":
            commas.append(k)
        k -= 1
    if not commas:
        return None
    first = None
    for c in reversed(commas):  # leftmost comma with a noun phrase (not a clause) before the cue
        if any(doc[j].pos_ in ("VERB", "AUX") for j in range(sent_span(doc[c]).start, c)):
            first = c
            break
    if first is None:
        return None
    chunk_end = next((c for c in sorted(commas) if c > first), token.i)
    heads = [doc[j] for j in range(first + 1, chunk_end) if doc[j].pos_ in ("PROPN", "NOUN", "PRON")]
    if not heads:
        return None
    span = _trim(doc, sent_span(doc[first]).start, first - 1)
    return (span, heads[-1]) if span else None
