"""A short descriptive name for an institution speaker, the same however the article phrases it.

"Norway's foreign ministry" -> "Norwegian foreign ministry"; "the Ministry of Defence of X"
-> "X-ian Defence Ministry" (like "X's Defence Ministry"); "the leadership of the rebels in the
Y region" and "the leadership of rebels in Y" -> "Y rebel leadership". When a place says whose
institution it is, the "of"/"in" modifiers move before the head and the place comes first
(an owning country as its adjective). "the Xian army" -> "Xian military"; "authorities in some
regions" -> "local authorities"; "a team of experts assisting X in Y" -> "experts assisting X".
"""
from __future__ import annotations

import re

from parallax.analyze.quotes.lexicon import CAPITALS, DEMONYMS, INSTITUTION_HEADS, country_of

PLACE_LABELS = {"GPE", "LOC"}
# Lowercase words that follow a place name without being part of it ("the Y region").
PLACE_TYPE_WORDS = {"region", "area", "province", "territory", "district", "zone", "enclave", "city", "town"}
LABEL_PREFIX = re.compile(r"^(so-called|self-styled|self-proclaimed)\s+", re.IGNORECASE)


def _adjective(country: str) -> str:
    return DEMONYMS.get(country, [country])[0]


# "local media outlets" are the local media: the word for the vehicle adds nothing to who speaks.
MEDIA_VEHICLE = re.compile(r"\b(media|news) outlets\b", re.IGNORECASE)


# "the Xland-run health ministry": who runs or backs a body describes it, it is not its name.
# The same holds for the place it is in: "the health ministry in the Xland-run territory".
CONTROL_LABEL = re.compile(r"(?:^|(?<=\b(?:in|of) the ))\S+-(run|led|controlled|backed|installed|appointed|funded)\s+(?=\S)",
                           re.IGNORECASE)


# "the Xian army" / "Xland's armed forces": a state's armed forces are one institution, its military.
STATE_ARMY = re.compile(r"^(.+) (army|armed forces)$", re.IGNORECASE)


# "a team of experts", "a large crowd of protesters": the members speak, not the collective.
GATHERINGS = {"team", "group", "panel", "crowd"}


def institution_name(tokens: list) -> str:
    """The normalised name of an institution mention (spaCy tokens of one noun phrase)."""
    tokens = _clause_core(_members(tokens))
    return _state_military(CONTROL_LABEL.sub("", MEDIA_VEHICLE.sub(r"\1", _institution_name(tokens))))


def _members(tokens: list) -> list:
    """'a team of legal experts' -> 'legal experts' (the plural after 'of' names the people)."""
    k = next((k for k, t in enumerate(tokens) if t.lower_ == "of"), None)
    if k is None or k == 0 or tokens[k - 1].lower_ not in GATHERINGS \
            or not all(t.pos_ in ("DET", "ADJ") for t in tokens[:k - 1]):
        return tokens
    rest = tokens[k + 1:]
    head = next((t for t in rest if t.dep_ == "pobj" and t.head.i == tokens[k].i), None)
    return rest if head is not None and head.tag_ == "NNS" else tokens


def _clause_core(tokens: list) -> list:
    """'experts assisting the prosecutors in their investigation' -> 'experts assisting the
    prosecutors': a participle describing the speaker keeps its object, not its adverbials."""
    drop = set()
    for t in tokens:
        if t.pos_ == "VERB" and t.dep_ == "acl" and any(c.dep_ == "dobj" for c in t.children):
            for c in t.children:
                if c.dep_ == "prep" and c.i > t.i:
                    drop.update(x.i for x in c.subtree)
    return [t for t in tokens if t.i not in drop] if drop else tokens


def _state_military(name: str) -> str:
    """'Norwegian army' -> 'Norwegian military' (a state's, not a rebel or regional army)."""
    m = STATE_ARMY.match(name)
    return f"{m.group(1)} military" if m and country_of(m.group(1)) else name


def _institution_name(tokens: list) -> str:
    cut = next((k for k, t in enumerate(tokens) if t.lower_ in ("of", "in") and t.pos_ == "ADP"), None)
    if cut is None or not _bare_head(tokens[:cut]):
        return _pre_modified(tokens)
    chunks = _prepositional_chunks(tokens[cut:])
    places = [(prep, c) for prep, c in chunks or [] if _is_place(c)]
    if not places and _unnamed_localities(tokens[:cut], chunks):
        return f"local {tokens[cut - 1].lower_}"   # 'authorities in some regions': the local authorities
    if len(places) != 1:   # only a place says whose institution it is; other "of" names stay as written
        return _pre_modified(tokens)
    prep, place = places[0]
    words = [_place_name(place, as_adjective=prep == "of")]
    for _prep, chunk in reversed(chunks):   # "Ministry of Health of X": the innermost modifier stands next to the head
        if not _is_place(chunk):
            words.append(_noun_modifier(chunk))
    words.append(_pre_modified(tokens[:cut]))
    return " ".join(w for w in words if w)


COLLECTIVES = {"authorities", "officials"}


def _unnamed_localities(head: list, chunks: list | None) -> bool:
    """'officials in several districts', 'authorities in the affected areas': a collective placed in
    localities the mention does not name speaks as the local one."""
    if not chunks or len(chunks) != 1 or chunks[0][0] != "in" or head[-1].lower_ not in COLLECTIVES:
        return False
    place = chunks[0][1]
    word = place[-1].lower_
    return all(t.pos_ != "PROPN" for t in place) and (word[:-1] if word.endswith("s") else word) in PLACE_TYPE_WORDS


def _bare_head(tokens: list) -> bool:
    """An institution noun with at most a determiner and a label: 'the so-called leadership',
    'the Ministry' (not 'South Dakota's Department', 'the US Embassy': they name their owner)."""
    if not tokens or tokens[-1].lower_ not in INSTITUTION_HEADS:
        return False
    label = LABEL_PREFIX.sub("", _text([t for t in tokens[:-1] if t.pos_ != "DET"]) + " ")
    return not label.strip()


def _prepositional_chunks(tokens: list) -> list[tuple[str, list]] | None:
    """'of the rebels in the Y region' -> [(of, [rebels]), (in, [Y, region])]; None when the phrase holds
    anything but "of"/"in" phrases of nouns and adjectives (a clause, a comma, another preposition)."""
    chunks: list[tuple[str, list]] = []
    for t in tokens:
        if t.lower_ in ("of", "in") and t.pos_ == "ADP":
            chunks.append((t.lower_, []))
        elif t.pos_ == "DET" or t.is_space:
            continue
        elif t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or t.text in ("-", "'s", "’s"):
            chunks[-1][1].append(t)
        else:
            return None
    if not chunks or not all(c for _prep, c in chunks):
        return None
    return chunks


def _is_place(chunk: list) -> bool:
    named = _strip_place_type(chunk)
    if not named or not all(t.pos_ == "PROPN" for t in named):
        return False
    return bool(country_of(_text(named))) or any(t.ent_type_ in PLACE_LABELS for t in named) or len(named) < len(chunk)


def _strip_place_type(chunk: list) -> list:
    named = list(chunk)
    while named and named[-1].lower_ in PLACE_TYPE_WORDS and named[-1].is_lower:
        named.pop()
    return named


def _place_name(chunk: list, as_adjective: bool) -> str:
    """The owner: 'of Norway' -> 'Norwegian'; a location ('in the Y region', 'in Oslo') stays a name."""
    name = _text(_strip_place_type(chunk))
    country = country_of(name) if as_adjective else None
    return _adjective(country) if country else name


def _noun_modifier(chunk: list) -> str:
    """'Defence' -> 'Defence'; 'Foreign Affairs' -> 'Foreign' (as in "Foreign Ministry");
    'the ethnic rebels' -> 'rebel': the place already says whose, so a common noun keeps only
    itself, in the singular as a modifier."""
    if all(t.pos_ == "PROPN" for t in chunk):
        if [t.lower_ for t in chunk] == ["foreign", "affairs"]:
            chunk = chunk[:1]
        return _text(chunk)
    head = chunk[-1]
    return head.lemma_ if head.tag_ in ("NNS", "NNPS") else head.text


def _pre_modified(tokens: list) -> str:
    """'Norway's foreign ministry' -> 'Norwegian foreign ministry'; drops determiners and 'so-called'.
    Another owner keeps its possessive: 'the health ministry's regional department'."""
    parts, verb = [], None
    for k, t in enumerate(tokens):
        verb = verb or (t if t.pos_ == "VERB" and t.dep_ == "acl" else None)
        if t.tag_ == "POS" and parts:
            adjective = k > 0 and country_of(tokens[k - 1].text) and verb is None
            parts[-1] = parts[-1].rstrip() + ("" if adjective else t.text) + t.whitespace_
            continue
        if k == 0 and t.pos_ == "DET":
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        country = country_of(t.text)
        owner = nxt is not None and (nxt.tag_ == "POS" or (t.text in CAPITALS and nxt.is_lower and nxt.pos_ == "NOUN"))
        # 'Oslo officials' -> 'Norwegian officials'; inside a clause ('assisting Norway's police') as written
        word = _adjective(country) if country and owner and verb is None else t.text
        parts.append(word + t.whitespace_)
    return LABEL_PREFIX.sub("", "".join(parts).strip())


def _text(tokens: list) -> str:
    return "".join(t.text + t.whitespace_ for t in tokens).strip()
