"""Named-entity mentions from the one spaCy parse, cleaned, with a within-article canonical name.

Cleaning: no leading "the", no possessive "'s", no titles ("President", "Foreign Minister"),
no trailing words the NER swallowed ("OSCE Minsk Group-co-chaired"), and a name with an
alternative in brackets ("Karabakh (Garabagh)") becomes two mentions.
Canonical: a short name resolves to the longest full name of the same entity in the article
("Aliyev" -> "Ilham Aliyev", "Minsk Group" -> "OSCE Minsk Group"); spelling variants that
normalise alike (`name_key`) share one canonical.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from parallax.analyze.nlp import doc_ents, doc_tokens
from parallax.model import Entity

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
# General-English titles and offices that precede a name.
TITLES = {
    "president", "vice", "prime", "minister", "foreign", "defense", "defence", "interior", "deputy",
    "ambassador", "envoy", "general", "gen", "gen.", "colonel", "col.", "major", "captain", "lieutenant",
    "commander", "chief", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "lady",
    "king", "queen", "prince", "princess", "sheikh", "emir", "sultan", "pope", "chancellor", "secretary",
    "senator", "sen.", "rep.", "representative", "governor", "mayor", "spokesman", "spokeswoman",
    "spokesperson", "speaker", "leader", "premier", "state", "top", "diplomat", "official", "judge",
    "justice", "prosecutor", "archbishop", "bishop", "patriarch", "rabbi", "imam", "ayatollah", "former",
    "acting", "interim", "late", "self-proclaimed", "self-styled", "then",
}
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
           "new", "old", "little", "great"}
TYPE_WORDS = {"group", "ministry", "council", "committee", "office", "army", "party", "union", "republic",
              "state", "states", "government", "court", "bank", "agency", "service", "forces", "front",
              "movement", "organization", "organisation", "commission", "assembly", "parliament",
              "congress", "company", "university", "institute", "department", "region", "province",
              "district", "city", "county", "kingdom", "federation", "nations", "community", "charter"}
TITLED_LABELS = {"PERSON", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}   # NER junk that may hide a person
CONNECTORS = {"of", "and", "the", "for", "de", "del", "la", "al", "el", "von", "van", "bin", "on", "&"}
_POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Spelling-insensitive key: no diacritics or hyphens, and common transliteration variants
    folded (y/i, kh/h, -yev/-ev, doubled letters): "Nagorny Karabakh" ~ "nagorni karabah"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[-‐–—_./']+", " ", text)
    text = text.replace("kh", "h").replace("dzh", "j").replace("zh", "j").replace("ck", "k")
    text = text.replace("yev", "ev").replace("y", "i").replace("w", "v").replace("ou", "u")
    text = re.sub(r"(.)\1", r"\1", text)
    return " ".join(text.split())


def extract_entities(doc) -> list[Entity]:
    mentions: list[Entity] = []
    for ent in doc_ents(doc):
        if ent.label_ in NAME_LABELS:
            mentions.extend(_clean(ent))
            mentions.extend(_bracketed_alternative(doc, ent))
    mentions.extend(_unlabelled_names(doc, mentions))
    mentions.sort(key=lambda m: m.start)
    _resolve_canonical(mentions)
    return mentions


def _unlabelled_names(doc, found: list[Entity]) -> list[Entity]:
    """Runs of proper nouns the NER missed ("Residents of Dastria"), labelled MISC."""
    covered = {i for e in doc_ents(doc) for i in range(e.start, e.end)}
    covered |= {t.i for m in found for t in doc.char_span(m.start, m.end, alignment_mode="expand") or []}
    names, run = [], []
    for tok in [*doc_tokens(doc), None]:
        if tok is not None and tok.tag_ in ("NNP", "NNPS") and tok.i not in covered \
                and tok.text[:1].isupper() and tok.lower_ not in TITLES:
            run.append(tok)
            continue
        if run and not (run[0].is_sent_start and len(run) == 1):
            names.extend(_finish(run, "MISC"))
        run = []
    return names


def _bracketed_alternative(doc, ent) -> list[Entity]:
    """"Ostmark" in "the Republic of Upper Dastria (Ostmark)" when the NER missed it."""
    i = ent.end
    if i + 2 >= len(doc) or doc[i].text != "(":
        return []
    j = i + 1
    while j < len(doc) and j - i <= 4 and doc[j].text != ")":
        j += 1
    inner = doc[i + 1:j]
    if j >= len(doc) or doc[j].text != ")" or not len(inner) or any(t.ent_type_ for t in inner) \
            or not all(t.text[:1].isupper() or t.text == "-" for t in inner):
        return []
    return [Entity(start=inner.start_char, end=inner.end_char, text=inner.text, label=ent.label_,
                   canonical=inner.text)]


def _clean(ent) -> list[Entity]:
    tokens = list(ent)
    # Cut at a line break and at an opening bracket: "Karabakh (Garabagh" is two names.
    for i, tok in enumerate(tokens):
        if "\n" in tok.text or tok.text in ("(", "[", ";") or (
                tok.text == "," and i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper()):
            head, tail = tokens[:i], tokens[i + 1:]
            return _finish(head, ent.label_) + (_finish(tail, ent.label_) if tok.text != "\n" else [])
    return _finish(tokens, ent.label_)


def _finish(tokens, label: str) -> list[Entity]:
    # Keep the last run of name words: "Statements by Turkish President X" -> "Turkish President X".
    last_break = max((i for i, t in enumerate(tokens) if _breaks_name(t)), default=-1)
    tokens = tokens[last_break + 1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].text in ("'s", "’s")
                      or tokens[-1].is_lower):
        tokens = tokens[:-1]
    titled = label in TITLED_LABELS
    while tokens and (tokens[0].lower_ in ("the", "a", "an", "'s", "’s") or tokens[0].is_punct
                      or (titled and tokens[0].lower_ in TITLES)
                      or (titled and _is_demonym(tokens[0]) and len(tokens) > 1 and tokens[1].lower_ in TITLES)):
        tokens = tokens[1:]
    if not tokens or not any(t.text[:1].isupper() for t in tokens):
        return []
    doc = tokens[0].doc
    start = tokens[0].idx
    text = _POSSESSIVE.sub("", doc[tokens[0].i:tokens[-1].i + 1].text)   # not Doc.text: it rebuilds the text
    return [Entity(start=start, end=start + len(text), text=text, label=label, canonical=text)]


def _breaks_name(tok) -> bool:
    """A word that cannot sit inside a name: lowercase, not a connector, not a hyphen piece."""
    if tok.text in ("-", "–", "’s", "'s") or tok.is_punct:
        return False
    return tok.is_lower and tok.lower_ not in CONNECTORS and not tok.nbor(-1).text == "-" \
        if tok.i > 0 else tok.is_lower and tok.lower_ not in CONNECTORS


def _is_demonym(tok) -> bool:
    return tok.ent_type_ == "NORP" or tok.lower_.endswith(("ian", "an", "i", "ese", "ish"))


def _resolve_canonical(mentions: list[Entity]) -> None:
    """A short name takes the longest name in the article it is a tail of ("Aliyev" of
    "Ilham Aliyev"; "Minsk Group" of "OSCE Minsk Group"), preferring names seen earlier;
    names with the same `name_key` share the first spelling seen."""
    keys = [name_key(m.text) for m in mentions]
    words = [k.split() for k in keys]
    first_spelling: dict[str, str] = {}
    by_last: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        first_spelling.setdefault(keys[i], m.text)
        if words[i]:
            by_last.setdefault(words[i][-1], []).append(i)
    standalone = set(first_spelling)
    for i, m in enumerate(mentions):
        best = first_spelling[keys[i]]
        candidates = [j for j in by_last.get(words[i][-1], []) if words[i]
                      and is_short_form(words[i], words[j], m.label, mentions[j].label, standalone)]
        if candidates:
            earlier = [j for j in candidates if mentions[j].start < m.start] or candidates
            chosen = max(earlier, key=lambda j: (len(words[j]), -mentions[j].start))
            best = first_spelling[keys[chosen]]
        m.canonical = best


def is_short_form(short: list[str], full: list[str], short_label: str, full_label: str,
                  standalone: set[str]) -> bool:
    """Is `short` (name_key words) a short form of `full`? A surname of a person, or a place or
    organisation name without a modifier or acronym ("Minsk Group" of "OSCE Minsk Group",
    "Karabakh" of "Upper Karabakh"), but not "Sudan" of "South Sudan", "Group" of "Minsk Group",
    "Azerbaijan" of "Armenia-Azerbaijan" (whose other part is a name of its own) or anything of
    "Republic of X"."""
    if len(full) <= len(short) or full[-len(short):] != short or "of" in full:
        return False
    if "NORP" in (short_label, full_label):
        return False
    if full_label == "PERSON":
        return len(short) == 1 and short_label not in ("GPE", "LOC")
    prefix = full[:-len(short)]
    return (short_label != "PERSON" and not (len(short) == 1 and short[0] in _TYPE_KEYS)
            and not any(w in _COMPASS_KEYS or w in standalone for w in prefix))


_TYPE_KEYS = {name_key(w) for w in TYPE_WORDS}
_COMPASS_KEYS = {name_key(w) for w in COMPASS}
