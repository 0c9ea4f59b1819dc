"""Head nouns of speakers: the classes of things that can say something ('official', 'study').

A reported clause needs a subject that can speak: a person, organisation or state, a pronoun
standing for one, or a common noun of a speaking class. The class is learned, not listed by hand:
speaker_heads.txt holds the lower-case lemmas heading two or more source spans of the PolNeAR training
attributions (political news, 900+ articles, none of them in the stories or dev sets), rebuilt by
    PYTHONPATH=src python -m parallax.analyze.quotes.speaker_heads ../shared/eval/polnear/train
"""
from __future__ import annotations

import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from parallax.analyze.nlp import doc_tokens
from parallax.analyze.quotes.cues import MESSAGE_NOUNS
from parallax.analyze.quotes.lexicon import INSTITUTION_HEADS, TITLE_WORDS
from parallax.analyze.quotes.organisations import COMPANY_HEADS, DOCUMENT_HEADS, ORG_HEADS

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")
HEADS_FILE = Path(__file__).with_name("speaker_heads.txt")


@lru_cache(maxsize=1)
def speaker_heads() -> frozenset[str]:
    """The learned heads, with the code's own lexicons of titles, institutions and documents."""
    learned = HEADS_FILE.read_text(encoding="utf-8").split()
    return frozenset(learned) | TITLE_WORDS | INSTITUTION_HEADS | COMPANY_HEADS | ORG_HEADS | DOCUMENT_HEADS \
        | MESSAGE_NOUNS


def build(polnear_train: Path, min_count: int = 2) -> list[str]:
    """Lemmas of the common nouns heading PolNeAR source spans, seen at least `min_count` times."""
    from parallax.analyze.nlp import load_nlp
    from parallax.analyze.quotes.corpus import pairs, read_ann
    sources = []
    for _name, text_path, ann_path in pairs(polnear_train):
        text = text_path.read_text(encoding="utf-8")
        for att in read_ann(ann_path.read_text(encoding="utf-8")):
            sources += [text[a:b] for a, b in att.span("source") if b - a < 120]
    counts: Counter[str] = Counter()
    for doc in load_nlp().pipe(sources, batch_size=256):
        root = doc[:].root
        if root.pos_ == "NOUN" and root.is_alpha and root.is_lower:   # a lower-case noun: no mis-tagged name
            counts[root.lemma_.lower()] += 1
    return sorted(w for w, n in counts.items() if n >= min_count)


def can_speak(subject) -> bool:
    """Whether the subject token of a cue can be the one who says something: a name (or an entity
    the recogniser found), a pronoun other than the reader's 'you' or the 'us' of "let's", or a common noun of a speaking
    class ('officials', 'the study', '32% of voters'). 'Your car company' is the reader's, not a source;
    'That said, ...' refers to a thought."""
    if subject.lower_ in ("you", "yourself", "'s", "’s", "us", "that", "this") \
            or any(c.lower_ == "your" for c in subject.children):
        return False   # the reader, 'let's say ...' (a supposition) or a demonstrative: not a report
    if subject.pos_ in ("PRON", "PROPN") or subject.ent_type_ in ENTITY_TYPES:
        return True
    described = any(c.dep_ == "amod" for c in subject.children)
    for c in subject.children:   # 'Xland Rail spokesperson'; 'Xland's safety watchdog': a body named by nouns
        if c.dep_ != "poss" and (c.pos_ == "PROPN" and c.text[:1].isupper() or c.ent_type_ in ENTITY_TYPES) \
                or c.dep_ == "poss" and c.ent_type_ in ("ORG", "GPE", "NORP") and not described:
            return True   # what an owner makes, described by adjectives, does not speak ('Acme's new crane')
    if subject.is_title and any(t.text == subject.text and not t.is_sent_start for t in doc_tokens(subject.doc)):
        return True   # written capitalised inside a sentence: a name the tagger took for a noun
    lemma = "percent" if subject.text == "%" else subject.lemma_.lower()
    if subject.like_num or subject.vocab[lemma].like_num:
        return True   # 'Hundreds said', '9 in 10 adults say': a count of people
    return lemma in speaker_heads() or agent_noun(lemma)


AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent")


def agent_noun(lemma: str) -> bool:
    """A noun formed to name who does something ('auditor', 'researcher', 'respondent'): the learned
    class cannot hold every trade; '-ment' names an act or a thing ('document', 'moment')."""
    return len(lemma) > 5 and lemma.endswith(AGENT_SUFFIXES) and not lemma.endswith("ment")


if __name__ == "__main__":
    HEADS_FILE.write_text("\n".join(build(Path(sys.argv[1]))) + "\n", encoding="utf-8")
