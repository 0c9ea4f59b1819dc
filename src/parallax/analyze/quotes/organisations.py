"""Organisations an article names: by their own name, their acronym, a company's name without
its legal form, and the short name the article uses for "the X Movement"."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from parallax.analyze.nlp import doc_tokens
from parallax.analyze.quotes.cues import ents_of
from parallax.analyze.quotes.lexicon import INSTITUTION_HEADS
from parallax.analyze.quotes.names import person_name, singular, speakable

# Words naming a document or message: "the statement said" is its issuer speaking.
DOCUMENT_HEADS = {"statement", "bulletin", "analysis", "assessment", "communique", "communiqué", "release", "notice", "report", "readout",
                  "post", "tweet", "letter", "message", "note", "announcement", "declaration", "memo", "filing"}
# Generic nouns for a business: "the company" is the firm the article names.
COMPANY_HEADS = {"company", "firm", "carrier", "airline", "operator", "corporation", "manufacturer", "maker",
                 "group", "business", "utility"}
# Legal forms written before or after a company name ("PJSC X", "X Ltd"): not part of its name.
LEGAL_FORMS = {"pjsc", "prjsc", "ojsc", "cjsc", "jsc", "llc", "ltd", "ltd.", "inc", "inc.", "plc", "ag", "gmbh",
               "sa", "s.a.", "corp", "corp.", "co.", "nv", "bv", "oao", "zao", "ooo"}


def organisations(doc: Doc) -> dict[str, str]:
    """Organisation names of the article, by their own name and by acronym: a name followed by
    '(ACRONYM)', or whose initials spell an acronym the article uses, maps the acronym to it."""
    names: dict[str, str] = {}
    spans = [e for e in ents_of(doc) if e.label_ == "ORG" and speakable(e)]
    run: list = []
    heads = INSTITUTION_HEADS | COMPANY_HEADS | ORG_HEADS
    for t in [*doc_tokens(doc), None]:   # 'Xland Airlines', 'Yland Power Agency' when the recogniser missed them
        if t is not None and t.pos_ == "PROPN" and t.is_title and "\n" not in t.text_with_ws:
            run.append(t)
            continue
        # the name ends at its last head noun: 'Xland Airlines Corvin 210' is the airline's plane model
        ends = [k for k, w in enumerate(run) if k and singular(w.text) in heads]
        if ends:
            spans.append(doc[run[0].i:run[ends[-1]].i + 1])
        run = [t] if t is not None and t.pos_ == "PROPN" and t.is_title else []
    for ent in spans:
        tokens = [t for t in ent if t.pos_ != "DET" and t.tag_ != "POS"]
        name = company_name(tokens)
        if not name or len(name) < 2:
            continue
        names.setdefault(name, name)
        nxt = doc[ent.end:ent.end + 3]
        if len(nxt) == 3 and nxt[0].text == "(" and nxt[2].text == ")" and nxt[1].text.isupper():
            names[nxt[1].text] = name
    return names


ORG_HEADS = {"agency", "airline", "airway", "institute", "authority", "fund", "network", "society", "association"}


def expand_acronym(orgs: dict[str, str], word: str) -> str | None:
    """'XAA' -> the organisation the article names in full whose initials it abbreviates (in order,
    skipping small words: 'Xland Union Aviation Agency')."""
    word = word.strip(".")
    if orgs.get(word, word) != word:
        return orgs[word]
    if len(word) < 3 or not word.isupper():
        return None
    fits = set()
    for name in orgs.values():
        initials = "".join(w[0] for w in name.split() if w[:1].isupper())
        k = 0
        for c in initials:
            if k < len(word) and c == word[k]:
                k += 1
        if k == len(word) and initials[:1] == word[0] and initials[-1:] == word[-1] and name != word:
            fits.add(name)
    return fits.pop() if len(fits) == 1 else None


def company_name(tokens: list) -> str:
    words = [t for t in tokens if t.lower_ not in LEGAL_FORMS]
    return person_name(words) if words else ""


# The kind of body a name may end with ("the Xland Movement"): the article's bare "Xland" is the same one.
BODY_WORDS = {"movement", "group", "organisation", "organization"}


def short_name(text: str, name: str) -> str:
    """'Xland Movement' -> 'Xland' when the article also calls it plain 'Xland' (not followed by
    the same word): one organisation, named the short way the article itself uses."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in BODY_WORDS or not all(w[:1].isupper() for w in words[:-1]):
        return name
    rest = " ".join(words[:-1])
    bare = re.compile(rf"(?<![\w-]){re.escape(rest)}(?![\w-])(?!\s+(?i:{re.escape(words[-1])})\b)")
    return rest if bare.search(text) else name



def described_organisation(orgs: dict[str, str], words: set[str], owner_forms: set[str]) -> str | None:
    """'the Xland's aviation safety watchdog' -> the one organisation the article names whose name
    holds every descriptive word ('aviation', 'safety') and one form of the owner ('Xland Aviation
    Safety Agency'), before or after the description. Two words at least: a bare 'the agency' is
    left to the other rules."""
    if len(words) < 2:
        return None
    fits = {name for name in orgs.values() if words <= {w.lower() for w in name.split()}
            and (not owner_forms or any(form in name for form in owner_forms))}
    return fits.pop() if len(fits) == 1 else None
