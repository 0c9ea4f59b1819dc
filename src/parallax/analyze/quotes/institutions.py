"""A short descriptive name for an institution speaker, the same however the article phrases it.

"Azerbaijan's foreign ministry" -> "Azerbaijani foreign ministry"; "the Ministry of Defence of X"
-> "X-ian Defence Ministry" (like "X's Defence Ministry"); "the leadership of the rebels in the
Y region" and "the leadership of rebels in Y" -> "Y rebel leadership". Prepositional modifiers
("of", "in") move before the head; a place (country as its adjective) comes first.
"""
from __future__ import annotations

import re

from parallax.analyze.quotes.lexicon import (ADJECTIVE_TO_COUNTRY, CAPITALS, COUNTRY_ALIASES, DEMONYMS,
                                             INSTITUTION_HEADS)

PLACE_LABELS = {"GPE", "LOC"}
# Lowercase words that follow a place name without being part of it ("the Y region").
PLACE_TYPE_WORDS = {"region", "area", "province", "territory", "district", "zone", "enclave", "city", "town"}
LABEL_PREFIX = re.compile(r"^(so-called|self-styled|self-proclaimed)\s+", re.IGNORECASE)


def _country(word: str) -> str | None:
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    if word in DEMONYMS:
        return word
    return COUNTRY_ALIASES.get(word) or CAPITALS.get(word) or ADJECTIVE_TO_COUNTRY.get(word.lower())


def _adjective(country: str) -> str:
    return DEMONYMS.get(country, [country])[0]


def institution_name(tokens: list) -> str:
    """The normalised name of an institution mention (spaCy tokens of one noun phrase)."""
    cut = next((k for k, t in enumerate(tokens) if t.lower_ in ("of", "in") and t.pos_ == "ADP"), None)
    if cut is None or cut == 0 or tokens[cut - 1].lower_ not in INSTITUTION_HEADS:
        return _pre_modified(tokens)
    chunks = _prepositional_chunks(tokens[cut:])
    if chunks is None:
        return _pre_modified(tokens)
    places = [c for c in chunks if _is_place(c)]
    nouns = [c for c in chunks if not _is_place(c)]
    words = [_place_name(c) for c in places[:1]]
    for chunk in reversed(nouns):   # "Ministry of Health of X": the innermost modifier stands next to the head
        words.append(_noun_modifier(chunk, bare=bool(places)))
    words.append(_pre_modified(tokens[:cut]))
    return " ".join(w for w in words if w)


def _prepositional_chunks(tokens: list) -> list[list] | None:
    """'of the rebels in the Y region' -> [[rebels], [Y, region]]; None when the phrase holds anything
    but "of"/"in" phrases of nouns and adjectives (a clause, a comma, another preposition)."""
    chunks: list[list] = []
    for t in tokens:
        if t.lower_ in ("of", "in") and t.pos_ == "ADP":
            chunks.append([])
        elif t.pos_ == "DET" or t.is_space:
            continue
        elif t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or t.text in ("-", "'s", "’s"):
            chunks[-1].append(t)
        else:
            return None
    if not chunks or not all(chunks):
        return None
    return chunks


def _is_place(chunk: list) -> bool:
    named = _strip_place_type(chunk)
    if not named or not all(t.pos_ == "PROPN" for t in named):
        return False
    return bool(_country(_text(named))) or any(t.ent_type_ in PLACE_LABELS for t in named) or len(named) < len(chunk)


def _strip_place_type(chunk: list) -> list:
    named = list(chunk)
    while named and named[-1].lower_ in PLACE_TYPE_WORDS and named[-1].is_lower:
        named.pop()
    return named


def _place_name(chunk: list) -> str:
    name = _text(_strip_place_type(chunk))
    country = _country(name)
    return _adjective(country) if country else name


def _noun_modifier(chunk: list, bare: bool) -> str:
    """'Defence' -> 'Defence'; 'the rebels' -> 'rebel'; with a place already naming the
    institution only the noun itself ('the ethnic rebels in Y' -> 'rebel')."""
    if all(t.pos_ == "PROPN" for t in chunk):
        return _text(chunk)
    head = chunk[-1]
    noun = head.lemma_ if head.tag_ in ("NNS", "NNPS") else head.text
    if bare:
        return noun
    return " ".join([_text(chunk[:-1]), noun]).strip()


def _pre_modified(tokens: list) -> str:
    """'Azerbaijan's foreign ministry' -> 'Azerbaijani foreign ministry'; drops determiners and 'so-called'."""
    parts = []
    for k, t in enumerate(tokens):
        if t.tag_ == "POS" and parts:
            parts[-1] = parts[-1].rstrip() + t.whitespace_
            continue
        if k == 0 and t.pos_ == "DET":
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        country = _country(t.text)
        word = _adjective(country) if country and nxt is not None and nxt.tag_ == "POS" else t.text
        parts.append(word + t.whitespace_)
    return LABEL_PREFIX.sub("", "".join(parts).strip())


def _text(tokens: list) -> str:
    return "".join(t.text + t.whitespace_ for t in tokens).strip()
