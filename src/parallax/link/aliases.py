"""Canonical people, organisations and places across the corpus, with their spellings.

Spellings (cleaned entity mentions, demonyms left out) are joined when
1. the user declares them one entity (`user_aliases`), never when the user keeps them apart;
2. they normalise alike (`name_key`: diacritics, hyphens, y/i, kh/h, -yev/-ev, ...);
3. they are near-identical transliterations (rapidfuzz ratio >= 90 on the keys, same number of
   words, compared only within blocks of names sharing their first three letters);
4. an article gives one as the alternative of the other: "X (Y)", "X, or Y", "X, also known as Y";
5. one is a short form of the other (`parallax.analyze.entities.is_short_form`): a surname of
   exactly one full name in the corpus, or a name without its acronym or modifier
   ("Danube Group" / "ODC Danube Group", "Dastria" / "Upper Dastria"), but not
   "Velmora" / "South Velmora", "X" / "Republic of X" or "Orlin" / "Oslo-Orlin" (a state or a
   capital of the general lexicon is a name of its own); a surname that several people of the
   corpus bear joins the one that every article using it alone resolves it to (`Entity.canonical`).
6. one is the other without a generic feature word that does not change the entity
   ("Orlin Strip" / "Orlin", "Velm River" / "Velm", "Kessark Movement" / "Kessark"; not "X City"
   or "X Region", which name another place of the same name), or a facility without the
   lower-case words that say its kind ("Velm dam" / "Velm hydroelectric dam"; "Velm power plant
   dam" is the dam);
7. one is the acronym of the other, alone or after the same leading words ("VDC" / "Velmar
   Defence Council", "U.O." / "United Ostmark", "Marlow HPP" / "Marlow hydroelectric power
   plant"), when exactly one name in the corpus fits (one word of the name may be left out of an
   acronym of three letters or more: "OCAA" of "Ostmark Union Civil Aviation Authority"; an acronym
   alone may leave out the leading words, the place the thing is named after: "HPP" of "Marlow
   Hydroelectric Power Plant");
8. a state named by its adjective and a state word is the state ("Ostmarkian Federation" / "Ostmark").
A name in capitals beside the same name in mixed case ("ORLIN" of a dateline) is typography, not a
spelling, and is left out of the group's spellings.
A group is a place (GPE/LOC/FAC) when a third of its mentions are tagged so: a region is not a
PERSON or a WORK_OF_ART because the tagger sometimes says so.
Roles come from titles before a person's name ("Dastrian President") and appositions after it
(", the Dastrian ambassador to Ostmark,").

User alias file (YAML or JSON)::

    aliases:
      - canonical: Republic of Ostmark
        spellings: [Ostmark, Ostmarkian Republic]
        label: GPE            # optional
    separate:                 # pairs that are NOT the same entity, whatever the rules say
      - [Dastria, Upper Dastria]

A bare list at the top level is read as `aliases`.
"""
from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

from rapidfuzz import fuzz

from parallax.analyze.entities import COMPASS, TITLES, is_short_form, name_key
from parallax.analyze.quotes.lexicon import CAPITALS, DEMONYMS
from parallax.model import AliasGroup, Analysis, Article, Entity

ALTERNATIVE_MARKERS = (" (", ", or ", ", also known as ", " also known as ", ", aka ", ", known as ")
DEMONYM_SUFFIXES = ("i", "n", "an", "ian", "is", "ns", "ese", "ish", "s")
FUZZY_MIN = 90
# feature words whose absence leaves the same entity ("Orlin Strip" / "Orlin")
FEATURE_WORDS = {"strip", "river", "movement", "sea", "lake", "mountains", "desert", "island", "islands",
                 "peninsula", "canal", "gulf", "bay", "valley", "plateau", "corridor"}
# "new" in other languages: "Nova Marlow" is another town than "Marlow"
NEW_WORDS = {"nova", "novaya", "novo", "novyi", "novyy", "nowa", "nowy", "nueva", "nuevo", "nouvelle", "neu"}
_NEW_KEYS = {name_key(w) for w in NEW_WORDS}
ACRONYM_SKIP = {"of", "the", "for", "and", "in", "on", "e", "al", "de", "&"}
PLACE_LABELS = ("GPE", "LOC", "FAC")
STATE_WORDS = {"federation", "republic", "kingdom", "emirates", "confederation"}
# the last word of an institution's name that an "of/for ..." complement completes ("Agency for X")
INSTITUTION_WORDS = {"agency", "ministry", "office", "council", "committee", "department", "service", "authority",
                     "bureau", "commission", "institute", "organisation", "organization", "board", "directorate"}
_GLUED_LABEL = re.compile(r"^[A-Z]{2,}[-–—]\s+(?=[A-Z])")        # "WIRENEWS- Velm Post"
_HYPHEN_PARTS = re.compile(r"(?:-[a-z]{1,3})+-[A-Z][\w']+")       # "Jund" + "-e-Orlin"
# a name and the lower-case noun of a facility after it name the facility ("the Velm dam", "Velm power plant");
# the words of its kind may hold another facility noun ("Velm power plant dam": the dam)
FACILITY_NOUNS = ("dam", "plant", "station", "reservoir", "bridge", "airport", "port", "refinery", "canal", "mine")
_FACILITY = re.compile(r"(?: (?!(?:and|or|but|the|an?|of|to|in|on|at|by|for|with|from|near|its|their|is|was|were|are|"
                       r"has|had|have|said|says)\b)[a-z]+){0,3} (?:" + "|".join(FACILITY_NOUNS) + r")\b")
_ACRONYM_AFTER = re.compile(r" \(([A-Za-z.]+)\)")                 # "... Operations (DGMOs)"
_WORD_BEFORE = re.compile(r"([A-Z][\w'-]*) $")
# states and capitals (general English): names of their own though a block holds no mention of them,
# so "Orlin" is no short form of "Oslo-Orlin" (a route) nor "Norway" of "Sweden-Norway" (a
# person's given name aside: "Kervan" of "Oslo Kervan")
_PLACE_KEYS = frozenset(name_key(p) for p in [*DEMONYMS, *CAPITALS])
_COMPLEMENT = re.compile(r" (?:for|of) (?:[A-Z][\w'-]+)(?: (?:and )?[A-Z][\w'-]+)*")


def load_user_aliases(path: Path | str | None) -> tuple[list[dict], list[tuple[str, str]]]:
    if not path:
        return [], []
    text = Path(path).read_text(encoding="utf-8")
    if str(path).endswith(".json"):
        data = json.loads(text)
    else:
        import yaml
        data = yaml.safe_load(text)
    if isinstance(data, list):
        data = {"aliases": data}
    data = data or {}
    groups = [{"canonical": g["canonical"], "spellings": list(g.get("spellings", [])),
               "label": g.get("label")} for g in data.get("aliases", [])]
    separate = [(a, b) for a, b in data.get("separate", [])]
    return groups, separate


class _Union:
    """Union-find over spellings that refuses any merge joining a user's `separate` pair."""

    def __init__(self, separate: list[tuple[str, str]]):
        self.parent: dict[str, str] = {}
        self.separate = separate

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        for x, y in self.separate:
            rx, ry = self.find(x), self.find(y)
            if {rx, ry} == {ra, rb}:
                return
        self.parent[rb] = ra


def group_aliases(items: Sequence[tuple[Article, Analysis]], user_aliases=None) -> list[AliasGroup]:
    totals, articles, quote_roles = _tally(items)
    return _link(totals, user_aliases, lambda _spellings: (articles, quote_roles))


# What a block's groups are made from: (spelling, part, value) -> (count, first), summed over its
# articles (`_counts`), so that a store keeps them summed per block and links a block from its
# spellings. part: label (mentions tagged so), role (a person's title or apposition), surname (a
# full name beside a one-word mention), resolved (the full name an article resolves it to; ""),
# alt (a spelling the article gives as its alternative), named (the tagger's text of a mention).
# `first` (article, event in it) is where a row was first seen: rows are read in that order, as
# the articles were, so that ties (of labels, roles, joins) go the same way however they are summed.
Totals = dict[tuple[str, str, str], tuple[int, Any]]
QUOTED = 1 << 20   # an article's quotes come after its mentions


def _counts(item: tuple[Article, Analysis], mend: Mend | None = None) -> dict[tuple[str, str, str], list[int]]:
    """What one article adds to the totals of the mentions it holds: (count, its first event) per
    row (quotes' roles aside: `_tally`)."""
    article, analysis = item
    out: dict[tuple[str, str, str], list[int]] = {}

    def add(row: tuple[str, str, str], once: bool = False) -> None:
        found = out.setdefault(row, [0, len(out)])
        found[0] = 1 if once else found[0] + 1
    mentions = [e for _i, e in _mentions(analysis, article.body, mend)]
    for e in mentions:
        add((e.text, "label", e.label))
        if e.label == "PERSON":
            for role in _roles(article.body, e.start, e.end):
                add((e.text, "role", role))
    for a, b in zip(mentions, mentions[1:]):
        if _alternative(article.body, a, b):
            add((a.text, "alt", b.text), once=True)
    people = {e.text for e in mentions if e.label == "PERSON" and len(e.text.split()) > 1}
    for e in mentions:          # a surname beside its full name, whatever the tagger called it
        if " " not in e.text:
            for p in sorted(people):
                if name_key(p).split()[-1] == name_key(e.text):
                    add((e.text, "surname", p), once=True)
            full = e.canonical in people and name_key(e.canonical).split()[-1] == name_key(e.text)
            add((e.text, "resolved", e.canonical if full else ""), once=True)
    for e in analysis.entities:
        if e.text:
            add((e.text, "named", ""), once=True)
    return out


def _tally(items: Sequence[tuple[Article, Analysis]]) -> tuple[Totals, dict[str, set[str]], Totals]:
    """The totals of in-memory articles (first seen: (item number, event)), the articles using each
    spelling, and the roles their quotes give speakers: (speaker, role) -> (count, (item, quote))."""
    totals: dict = {}
    articles: dict[str, set[str]] = defaultdict(set)
    quote_roles: dict = {}
    for n, (article, analysis) in enumerate(items):
        for row, (count, event) in _counts((article, analysis)).items():
            totals.setdefault(row, [0, (n, event)])[0] += count
            if row[1] == "label":
                articles[row[0]].add(article.id)
        for i, q in enumerate(analysis.quotes):
            if q.speaker and q.speaker_role:
                quote_roles.setdefault((q.speaker, q.speaker_role), [0, (n, i)])[0] += 1
    return totals, articles, quote_roles


Extras = Callable[[list[str]], tuple[dict[str, set[str]], Totals]]


def _link(totals: Totals, user_aliases, extras: Extras, keep=lambda spellings: True) -> list[AliasGroup]:
    """The alias groups of summed totals; `keep(spellings)` says which groups to keep, and `extras`
    gives their spellings' articles and quote roles."""
    user_groups, separate = load_user_aliases(user_aliases)
    labels: dict[str, Counter] = defaultdict(Counter)
    roles: list[tuple] = []                        # (first seen, spelling, role, count)
    surname_of: dict[str, set[str]] = {}           # a one-word mention -> full names beside it
    resolved: dict[str, set[str | None]] = {}      # ... -> the full names its articles say it is
    uf = _Union(separate)
    for g in user_groups:
        for s in g["spellings"]:
            uf.union(g["canonical"], s)
    for (spelling, part, value), (count, first) in sorted(totals.items(), key=lambda row: row[1][1]):
        if count <= 0:
            continue
        if part == "label":
            labels[spelling][value] += count
        elif part == "role":
            roles.append((first, spelling, value, count))
        elif part in ("surname", "resolved"):
            surname_of.setdefault(spelling, set())
            resolved.setdefault(spelling, set())
            if part == "surname":
                surname_of[spelling].add(value)
            else:
                resolved[spelling].add(value or None)
        elif part == "alt":
            uf.union(spelling, value)
    names = list(labels)
    _join_surnames(uf, surname_of, names, labels)
    _join_resolved_surnames(uf, resolved)
    _join_by_key(uf, names, labels)
    _join_short_forms(uf, names, labels)
    _join_feature_forms(uf, names)
    _join_facility_forms(uf, names)
    _join_acronyms(uf, names, labels)
    _join_state_forms(uf, names, labels)
    return _groups(uf, names, labels, roles, user_groups, keep, extras)


def _label(labels: dict[str, Counter], name: str) -> str:
    return labels[name].most_common(1)[0][0] if labels.get(name) else "ORG"


def _same_kind(labels, a: str, b: str) -> bool:
    return (_label(labels, a) == "PERSON") == (_label(labels, b) == "PERSON")


def _alternative(body: str, a, b) -> bool:
    """"Dastria (Dastriya)", "Upper Dastria, or Nagorny Dastria": b names a's alternative.
    Not the middle of a list ("Velmora, Ostmark, or Dastria")."""
    between = body[a.end:b.start]
    if between not in ALTERNATIVE_MARKERS:
        return False
    if b.text.isupper() and not _is_acronym_of(b.text, a.text):
        return False                                  # "MARLOW (AP)", "Ana Kervel (R-VL)"
    if a.text.isupper() and len(a.text) > 3:
        return False                                  # a dateline: "ORLIN (Northgate)"
    if between == " (":
        return body[b.end:b.end + 1] == ")"
    return not body[max(0, a.start - 2):a.start] == ", "


def _is_acronym_of(acronym: str, name: str) -> bool:
    """"FBI" of "Federal Bureau of Investigation" (initials of the capitalised words)."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", name) if w[0].isupper())
    return acronym.replace(".", "") == initials


def _demonym_pair(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short):] in DEMONYM_SUFFIXES


def _join_by_key(uf: _Union, names: list[str], labels) -> None:
    by_key: dict[str, list[str]] = defaultdict(list)
    for n in names:
        by_key[name_key(n)].append(n)
    for same in by_key.values():
        for other in same[1:]:
            uf.union(same[0], other)
    blocks: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key in by_key:
        if len(key) >= 5:
            blocks[(key[:3], len(key.split()))].append(key)
    for block in blocks.values():
        block.sort(key=len)
        for i, k1 in enumerate(block):
            for k2 in block[i + 1:]:
                if len(k2) - len(k1) > 3:
                    break
                if fuzz.ratio(k1, k2) >= FUZZY_MIN and not _demonym_pair(k1, k2) \
                        and _same_kind(labels, by_key[k1][0], by_key[k2][0]):
                    uf.union(by_key[k1][0], by_key[k2][0])


def _join_short_forms(uf: _Union, names: list[str], labels) -> None:
    """Join short forms to full names sharing their last word (an index, not all pairs)."""
    keys = {n: name_key(n).split() for n in names}
    standalone = {" ".join(k) for k in keys.values()}
    by_tail: dict[tuple[str, ...], list[str]] = defaultdict(list)   # every proper tail of a name
    for n, k in keys.items():
        for i in range(1, len(k)):
            by_tail[tuple(k[i:])].append(n)
    for short in names:
        words = keys[short]
        if not words or (len(words) == 1 and words[0] in COMPASS):
            continue                                  # "North" is no short form of "Far North"
        fulls = [f for f in by_tail.get(tuple(words), [])
                 if is_short_form(words, keys[f], _label(labels, short), _label(labels, f), standalone)
                 and not _NEW_KEYS & set(keys[f][:-len(words)])
                 and (_label(labels, f) == "PERSON" or _PLACE_KEYS.isdisjoint(keys[f][:-len(words)]))]
        if len({uf.find(f) for f in fulls}) != 1:
            continue                                  # "Brenner" of several Brenners, "Press" of many presses
        for f in fulls:
            uf.union(f, short)


def _join_surnames(uf: _Union, surname_of: dict[str, set[str]], names: list[str], labels) -> None:
    """"Kervel" beside "Ana Kervel" in one article is his surname even when tagged a place, as
    long as only one person of the corpus bears it ("Brenner" of two Brenners stays apart)."""
    bearers: dict[str, set[str]] = defaultdict(set)
    for n in names:
        words = name_key(n).split()
        if len(words) > 1 and _label(labels, n) == "PERSON" and not (_NEW_KEYS | COMPASS) & set(words[:-1]):
            bearers[words[-1]].add(n)           # not "Novaya Marlow", a town the tagger took for a person
    for short, fulls in surname_of.items():
        corpus = bearers.get(name_key(short), set())
        if len(fulls) == 1 and fulls <= corpus and len({uf.find(f) for f in corpus}) == 1:
            uf.union(next(iter(fulls)), short)


def _join_resolved_surnames(uf: _Union, resolved: dict[str, set[str | None]]) -> None:
    """"Sharov" of two Sharovs in the corpus is still "Ivo Sharov" when every article that uses it
    alone says so itself (the article's own resolution: `Entity.canonical`, the one full name of
    that surname it mentions before); one article that does not resolve it, or resolves it to
    another, keeps it apart."""
    for short, fulls in resolved.items():
        if len(fulls) == 1 and None not in fulls:
            uf.union(next(iter(fulls)), short)


def _join_feature_forms(uf: _Union, names: list[str]) -> None:
    """"Orlin Strip" / "Orlin": a name and the same name with a trailing feature word."""
    by_key = {name_key(n): n for n in names}
    for n in names:
        words = name_key(n).split()
        if len(words) > 1 and words[-1] in FEATURE_WORDS:
            bare = by_key.get(" ".join(words[:-1]))
            if bare:
                uf.union(n, bare)


def _join_facility_forms(uf: _Union, names: list[str]) -> None:
    """"Velm dam" / "Velm hydroelectric dam": one facility named with or without lower-case words
    that say what kind it is (its name and its facility noun alike)."""
    by_form: dict[tuple[str, str], str] = {}
    for n in names:
        words = n.split()
        if len(words) >= 2 and words[-1].lower() in FACILITY_NOUNS:
            form = (name_key(" ".join(w for w in words[:-1] if not w.islower())), words[-1].lower())
            if form[0]:
                uf.union(by_form.setdefault(form, n), n)


def _initials(words: list[str]) -> str:
    """"Jund-e-Orlin" -> "JO", "Velmar Defence Council" -> "VDC" (function words out)."""
    parts = [p for w in words for p in re.split(r"[-‐]", w) if p]
    return "".join(p[0] for p in parts if p.lower() not in ACRONYM_SKIP).upper()


def _acronym_key(word: str) -> str | None:
    """"U.O." -> "UO", "VDCs" -> "VDC", "JeO" -> "JO"; None for a word that is no acronym. A lower-case
    letter inside an acronym stands for a connective ("JeO" of "Jund-e-Orlin", "LoB" of "Line of
    Bells"), as `_initials` leaves connectives out."""
    bare = word.replace(".", "")
    if bare.endswith("s") and bare[:-1].isupper():
        bare = bare[:-1]
    if not 2 <= len(bare) <= 6 or not bare.isalpha() or sum(c.isupper() for c in bare) < max(2, len(bare) - 1):
        return None
    return "".join(c for c in bare if c.isupper())


def _join_acronyms(uf: _Union, names: list[str], labels) -> None:
    """An acronym, alone or after the same leading words, joins the one name whose remaining
    words have its letters as initials (an index on (leading words, initials), not all pairs); an
    acronym alone may stand for a name's words after its leading ones ("HPP" of "Velm Hydroelectric
    Power Plant") when they fit one name only.
    People are not named by acronyms here ("AI" is no short form of a person's name)."""
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    for n in names:
        words = n.split()
        if _label(labels, n) == "PERSON":
            continue
        for i in range(len(words)):
            if len(_initials(words[i:])) >= 2:      # two words or more, or one hyphen-joined ("Jund-e-Orlin")
                index[(name_key(" ".join(words[:i])), _initials(words[i:]))].add(n)
    tails: dict[str, set[str]] = defaultdict(set)    # initials of a name's words after its leading ones
    for (lead, initials), fulls in index.items():
        if lead and len(initials) >= 3:
            tails[initials] |= fulls
    loose: dict[tuple[str, int], set[str]] = defaultdict(set)   # (first initial, length) -> full names
    for (lead, initials), fulls in index.items():
        if not lead and len(initials) >= 4:
            loose[(initials[0], len(initials))] |= fulls
    for n in names:
        words = n.split()
        key = _acronym_key(words[-1]) if words else None
        if not key:
            continue
        fulls = index.get((name_key(" ".join(words[:-1])), key), set()) - {n}
        if not fulls and len(words) == 1 and len(key) >= 3:
            # the leading words left out, the place a kind of thing is named after ("HPP" of "Velm
            # Hydroelectric Power Plant"), else one word of the name left out of the acronym ("OCAA" of
            # "Ostmark Union Civil Aviation Authority")
            fulls = tails.get(key, set()) - {n} or \
                {f for f in loose.get((key[0], len(key) + 1), ()) if _subsequence(key, _initials(f.split()))}
        if len({uf.find(f) for f in fulls}) == 1:
            uf.union(next(iter(fulls)), n)


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


def _join_state_forms(uf: _Union, names: list[str], labels) -> None:
    """"Ostmarkian Federation" / "Ostmark": a state named by its adjective and a state word."""
    by_key = {name_key(n): n for n in names if _label(labels, n) in PLACE_LABELS}
    for n in names:
        words = name_key(n).split()
        if len(words) == 2 and words[1] in STATE_WORDS:
            for short_key, short in by_key.items():
                if " " not in short_key and _demonym_pair(short_key, words[0]):
                    uf.union(n, short)
                    break


def _roles(body: str, start: int, end: int) -> list[str]:
    found = []
    before = re.search(r"((?:[A-Z][\w’'-]*\s){1,4})$", body[max(0, start - 60):start])
    if before:
        words = before.group(1).split()
        while words and words[0].lower() not in TITLES and not words[0].endswith(("an", "i", "ese", "ish")):
            words = words[1:]
        if words and any(w.lower() in TITLES for w in words):
            found.append(" ".join(words))
    after = re.match(r", ((?:the|a|an) [^,.;\n]{3,60}?),", body[end:end + 80])
    if after:
        found.append(after.group(1))
    return found


def _capitals_of(spelling: str, spellings: list[str]) -> bool:
    """"ORLIN" beside "Orlin": a dateline's or headline's capitals are typography, not a spelling."""
    return spelling.isupper() and sum(c.isalpha() for c in spelling) > 3 \
        and any(o != spelling and o.upper() == spelling for o in spellings)


def _groups(uf: _Union, names, labels, role_rows, user_groups, keep, extras: Extras) -> list[AliasGroup]:
    members: dict[str, list[str]] = defaultdict(list)
    # sorted: set order follows PYTHONHASHSEED, and the first of tied spellings becomes the canonical name
    for n in sorted(set(names) | {s for g in user_groups for s in [g["canonical"], *g["spellings"]]},
                    key=lambda s: (s.isupper(), s)):
        members[uf.find(n)].append(n)
    user_canonical = {uf.find(g["canonical"]): g for g in user_groups}
    found = []
    for root, spellings in members.items():
        spellings = [s for s in spellings if not _capitals_of(s, spellings)]
        if len(spellings) >= 2 and keep(spellings):
            found.append((root, spellings))
    articles, quote_roles = extras(sorted({s for _root, spellings in found for s in spellings}))
    roles: dict[str, Counter] = defaultdict(Counter)
    quoted = [((at[0], QUOTED + at[1]), speaker, role, count) for (speaker, role), (count, at) in quote_roles.items()]
    for _first, spelling, role, count in sorted(role_rows + quoted, key=lambda row: row[0]):
        roles[spelling][role] += count
    groups = []
    for root, spellings in found:
        label_votes = sum((labels[s] for s in spellings if s in labels), Counter())
        user = user_canonical.get(root)
        label = (user or {}).get("label") or (label_votes.most_common(1)[0][0] if label_votes else "ORG")
        places = Counter({k: v for k, v in label_votes.items() if k in PLACE_LABELS})
        if places and sum(places.values()) * 3 >= sum(label_votes.values()):
            label = places.most_common(1)[0][0]       # a place the tagger sometimes takes for a person
        elif any(_label(labels, s) == "PERSON" and len(s.split()) > 1 for s in spellings if s in labels):
            label = "PERSON"                          # a full personal name outweighs NER noise
        if user:
            canonical = user["canonical"]
        elif label == "PERSON":
            canonical = max(spellings, key=lambda s: (len(s.split()), sum(labels[s].values())))
        else:
            canonical = max(spellings, key=lambda s: (sum(labels[s].values()), len(s)))
        groups.append(AliasGroup(
            canonical=canonical, label=label, spellings=sorted(spellings),
            roles=[r for r, _ in sum((roles[s] for s in spellings), Counter()).most_common()],
            article_ids=sorted({a for s in spellings for a in articles.get(s, ())}),
            user_declared=user is not None))
    return sorted(groups, key=lambda g: (-len(g.article_ids), g.canonical))


# ---- keyed link: the blocks `parallax.link` links one at a time ----------------------------------
Mend = Callable[[Entity, str], Entity]   # `mend_span`, or one that remembers its answers


def _mentions(analysis: Analysis, body: str, mend: Mend | None = None) -> list[tuple[int, Entity]]:
    """(index, entity) of the mentions that take part in alias groups, their spans mended
    (`mend_span`, or `mend`); demonyms and initials out."""
    mend = mend or mend_span
    out, mended = [], (0, -1)                       # the last span that mending made longer
    for i, tagged in enumerate(analysis.entities):
        if tagged.start == tagged.end == 0 and not tagged.text and not body.startswith("-"):
            mended = mended if mended[0] <= 0 <= mended[1] else (0, -1)   # a store's placeholder: as
            continue                                                         # mend_span would leave it
        e = mend(tagged, body)
        if mended[0] <= e.start and e.end <= mended[1]:
            continue                               # inside the span mended before it ("Water Safety")
        mended = (e.start, e.end) if e.end > tagged.end else (0, -1)
        if e.label != "NORP" and _letters(e.text, 2):
            out.append((i, e))
    return out


def _letters(text: str, n: int) -> bool:
    """Whether `text` holds at least `n` letters (read up to the n-th: run per mention of every block)."""
    for c in text:
        n -= c.isalpha()
        if n <= 0:
            return True
    return n <= 0


def mend_span(e: Entity, body: str) -> Entity:
    """A tagger's span mended from the text around it: a source label glued on with a dash
    ("WIRENEWS- Velm Post") is cut off; hyphen-joined parts of one name ("Jund" + "-e-Orlin") and an
    institution's "of/for" complement ("Federal Office" + " for Water Safety") are joined. A name
    joined from a nationality's word is a name, no longer a nationality. A name with the lower-case
    noun of a facility after it ("Velm" + " hydroelectric dam") names the facility. A name followed
    by its acronym in brackets begins at the word the acronym's first letter stands for ("Chiefs" +
    " Staff Council (CSC)")."""
    start, end, label = e.start, e.end, e.label
    if body[start:end] != e.text:
        return e                                   # spans that are not the body's (hand-made tests)
    glued = _GLUED_LABEL.search(e.text)
    if glued:
        start += glued.end()
    start = _acronym_start(body, start, end)
    joined = _HYPHEN_PARTS.match(body, end)
    facility = _FACILITY.match(body, end) if label != "NORP" and e.text[-1:].isalpha() else None
    if joined:
        end, label = joined.end(), "ORG" if label == "NORP" else label
    elif label == "ORG" and e.text.split()[-1].lower() in INSTITUTION_WORDS:
        complement = _COMPLEMENT.match(body, end)
        end = complement.end() if complement else end
    elif facility:
        end, label = facility.end(), "FAC"
    if (start, end, label) == (e.start, e.end, e.label):
        return e
    return Entity(start, end, body[start:end], label, e.canonical)


def _acronym_start(body: str, start: int, end: int) -> int:
    """Where a name begins whose acronym follows it in brackets: capitalised words just before the
    tagger's span whose initials the acronym begins with ("Chiefs" of "Staff Council (CSC)")."""
    after = _ACRONYM_AFTER.match(body, end)
    key = _acronym_key(after.group(1)) if after else None
    have = _initials(body[start:end].split())
    if not key or not have or len(key) <= len(have) or not key.endswith(have):
        return start
    missing = key[:-len(have)]
    at = start
    while missing:
        word = _WORD_BEFORE.search(body, max(0, at - 40), at)
        if not word or word.group(1)[0] != missing[-1]:
            return start
        at, missing = word.start(), missing[:-1]
    return at


@lru_cache(maxsize=1 << 16)   # pure; a block is keyed again each time it is linked
def alias_key(name: str) -> str:
    """The block of a spelling: the first three letters of its last normalised word, a trailing
    feature or state word left out. Short forms share their full name's last word ("Brenner" /
    "Tomas Brenner", "Danube Group" / "ODC Danube Group"), feature and state forms their bare name
    ("Velm River" / "Velm", "Ostmarkian Republic" / "Ostmark") and transliterations mostly its start."""
    words = name_key(name).split()
    while len(words) > 1 and (words[-1] in FEATURE_WORDS or words[-1] in STATE_WORDS):
        words = words[:-1]
    return words[-1][:3] if words else "?"


@lru_cache(maxsize=1 << 16)   # pure; a block is keyed again each time it is linked
def acronym_keys(name: str, label: str) -> tuple[str, ...]:
    """The acronym blocks of a spelling ("=" + leading words + "|" + initials): an acronym, alone or
    after leading words ("NSC", "Velm HPP"), and every name it may stand for meet there, as
    `_join_acronyms` joins them: a name by the initials of each of its tails ("Velm hydroelectric
    power plant": "velm|HPP", "|VHPP") and, from four initials, by those with one word left out."""
    words = name.split()
    if not words:
        return ()
    acronym = _acronym_key(words[-1])
    if acronym:       # after leading words, it also meets the acronym alone ("Velm HPP" / "HPP")
        alone = [f"=|{acronym}"] if len(words) > 1 and len(acronym) >= 3 else []
        return (f"={name_key(' '.join(words[:-1]))}|{acronym}", *alone)
    if label == "PERSON":
        return ()
    keys = [f"={name_key(' '.join(words[:i]))}|{_initials(words[i:])}" for i in range(len(words))
            if len(_initials(words[i:])) >= 2]
    keys += [f"=|{_initials(words[i:])}" for i in range(1, len(words)) if len(_initials(words[i:])) >= 3]
    full = _initials(words)
    if len(full) >= 4:
        keys += [f"=|{full[:i] + full[i + 1:]}" for i in range(len(full))]
    return tuple(sorted(set(keys)))


def _acronym_block(key: str) -> bool:
    return key.startswith("=")


def block_keys(item: tuple[Article, Analysis], mend: Mend | None = None) -> list[tuple[str, int]]:
    """(block key, entity index) of each mention; a mention given as another's alternative
    ("Velm Press Office (VPO)") is linked in that one's block."""
    article, analysis = item
    mentions = _mentions(analysis, article.body, mend)
    keys = {i: alias_key(e.text) for i, e in mentions}
    for (i, a), (j, b) in zip(mentions, mentions[1:]):
        if _alternative(article.body, a, b):
            keys[j] = keys[i]
    acronyms = {(k, i) for i, e in mentions for k in acronym_keys(e.text, e.label)}
    return sorted({(k, i) for i, k in keys.items()} | acronyms)


def user_blocks(user_aliases) -> list[set[str]]:
    """Blocks that a user-declared group joins: they are linked together."""
    groups, _separate = load_user_aliases(user_aliases)
    return [{alias_key(s) for s in [g["canonical"], *g["spellings"]]} for g in groups]


def _own(item: tuple[Article, Analysis], keys: set[str], mend: Mend | None = None) -> tuple[Article, Analysis]:
    """The article with only its mentions of blocks `keys`."""
    article, analysis = item
    keep = {i for k, i in block_keys(item, mend) if k in keys}
    return article, dataclasses.replace(analysis, entities=[e for i, e in enumerate(analysis.entities) if i in keep])


def _keep(keys: set[str], totals: Totals):
    """Which groups a block keeps: those a mention of the block names (not a user group alone); an
    acronym block only the acronym's groups (the others are in name blocks)."""
    named = {spelling for (spelling, part, _v), (count, _first) in totals.items() if part == "named" and count > 0}
    acronyms = all(_acronym_block(k) for k in keys)
    return lambda spellings: bool(named & set(spellings)) and \
        (not acronyms or any(_acronym_key(s.split()[-1]) for s in spellings))


def link_block(items: Sequence[tuple[Article, Analysis]], keys, user_aliases=None) -> list[AliasGroup]:
    """The alias groups of the blocks `keys` (a set joined by user groups, or one key): mentions of
    other blocks are left out; user groups that no mention of these blocks names are left out."""
    keys = {keys} if isinstance(keys, str) else set(keys)
    totals, articles, quote_roles = _tally([_own(item, keys) for item in items])
    return _link(totals, user_aliases, lambda _spellings: (articles, quote_roles), _keep(keys, totals))


def link_totals(totals: Totals, key: str, user_aliases, extras: Extras) -> list[AliasGroup]:
    """The alias groups of block `key` from its stored totals (`block_counts` summed over its
    articles); `extras(spellings)` reads the articles and quote roles of the spellings grouped."""
    return _link(totals, user_aliases, extras, _keep({key}, totals))


_BLANK = Entity(0, 0, "", "", "")   # another block's mention, as a store loads a block


def _blanked(entities: list[Entity], held: set[int]) -> list[Entity]:
    """The mentions `held`, in order, each run of other mentions before one of them a single blank,
    as a store loads a block (those after the last held left out). One blank reads as a run of
    them (`_mentions` treats each blank alike, and a second one as the first left it), so a block
    is read in the time of its own mentions, not of every mention before its last one."""
    out, last = [], -1
    for i in sorted(held):
        if i > last + 1:
            out.append(_BLANK)
        out.append(entities[i])
        last = i
    return out


def block_counts(item: tuple[Article, Analysis]) -> list[tuple[str, str, str, str, int, int]]:
    """(block key, spelling, part, value, count, first event): what the article adds to the totals
    of each of its blocks (`Totals`), counted as linking the block from loaded articles counts it:
    the mentions of other blocks blank, those after its last mention left out."""
    article, analysis = item
    mended: dict[int, Entity] = {}   # by id: each mention is mended once, not again for every block

    def mend(e: Entity, body: str) -> Entity:
        if id(e) not in mended:
            mended[id(e)] = mend_span(e, body)
        return mended[id(e)]
    by_key: dict[str, set[int]] = defaultdict(set)
    for key, i in block_keys(item, mend):
        by_key[key].add(i)
    rows = []
    for key, held in sorted(by_key.items()):
        blanked = dataclasses.replace(analysis, entities=_blanked(analysis.entities, held))
        rows += [(key, *row, count, event) for row, (count, event) in
                 sorted(_counts(_own((article, blanked), {key}, mend), mend).items())]
    return rows
