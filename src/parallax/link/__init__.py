"""link stage: cross-corpus results, linked block by block.

Each linker says which blocks an article's items are linked in (`block_keys(item)`) and links one
block (`link_block(items, key)`). The keys are computed with the analysis (`prepare`) and stored
with it; `parallax link` then relinks only the blocks whose items changed (`pipeline.link`).
`link_corpus` links every block of an in-memory corpus: the same result as linking the blocks of
a store, used where there is no store (eval, tests).
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parallax.link import aliases, duplicates, figures, framing, quotes, timeline
from parallax.model import (AliasGroup, Analysis, Article, Event, FigureGroup, FramingTerm, ItemRef, LinkResult,
                            QuoteCluster)

Item = tuple[Article, Analysis]


@dataclass(frozen=True)
class Kind:
    """One kind of link result: its linker and what a block needs loaded from the store."""
    name: str            # stored kind
    attr: str            # LinkResult attribute
    module: Any
    parts: tuple[str, ...]   # Analysis parts the linker reads; the first is the one keyed
    body: bool = False       # whether it reads the article body
    min_articles: int = 1    # a block with fewer articles yields nothing
    place_names: bool = False   # reads only places and nationalities among the entities (figures)
    role_quotes: bool = False   # reads only the quotes that give their speaker's role (aliases)


# In linking order: framing reads the alias groups.
KINDS = (
    Kind("alias", "aliases", aliases, ("entities", "quotes"), body=True, role_quotes=True),
    Kind("quote_cluster", "quote_clusters", quotes, ("quotes",), min_articles=2),
    Kind("figure_group", "figure_groups", figures, ("figures", "entities", "timexes"), body=True, min_articles=2,
         place_names=True),
    Kind("event", "events", timeline, ("timexes",), min_articles=0),   # a date's events (a vanished date's go)
    Kind("duplicate", "duplicates", duplicates, (), body=True, min_articles=2),
    Kind("framing", "framing", framing, ()),
)
BY_NAME = {k.name: k for k in KINDS}
MODEL = {"alias": AliasGroup, "quote_cluster": QuoteCluster, "figure_group": FigureGroup, "event": Event,
         "framing": FramingTerm}


def prepare(item: Item) -> Analysis:
    """Attach to the analysis what link needs of it: its block keys, framing's and the alias blocks'
    counts, the timeline's entries."""
    article, analysis = item
    analysis.link_keys = [(k.name, key, idx) for k in KINDS for key, idx in k.module.block_keys(item)]
    analysis.framing = framing.article_counts(item)
    analysis.alias_counts = aliases.block_counts(item)
    analysis.event_entries = timeline.article_entries(item)
    return analysis


@dataclass
class Group:
    """One result as stored: `stable_id` is what its id is kept by across relinks."""
    kind: str
    key: str
    stable_id: str
    members: list[ItemRef]
    data: dict
    name: str | None = None
    label: str | None = None
    flag: bool = False
    score: float = 0.0


def _fields(result: Any) -> dict:
    """A result's fields (flat values and lists: no deep copy as `asdict` makes; stored as JSON)."""
    return dict(vars(result))


def describe(kind: str, key: str, result: Any) -> Group:
    """The stored form of a linker's result. The stable id is the block key and the group's earliest
    member (its first report, or the first of its names), so it does not change when later reports join."""
    if kind == "alias":
        return Group(kind, key, f"{key}|{min(result.spellings)}", [(a, -1) for a in result.article_ids],
                     _fields(result), result.canonical, result.label, result.user_declared)
    if kind == "quote_cluster":
        return Group(kind, key, f"{key}|{result.first[0]}:{result.first[1]}", result.members, _fields(result),
                     result.speaker)
    if kind in ("figure_group", "event"):
        first = result.members[0]
        name = result.measure if kind == "figure_group" else result.value
        flag = result.disagreement if kind == "figure_group" else bool(result.conflicting_values)
        return Group(kind, key, f"{key}|{first[0]}:{first[1]}", result.members, _fields(result), name, flag=flag)
    if kind == "duplicate":
        a, b, similarity = result
        return Group(kind, key, f"{a}|{b}", [(a, -1), (b, -1)], {"a": a, "b": b, "similarity": similarity},
                     score=similarity)
    if kind == "framing":
        return Group(kind, key, result.term, [tuple(e) for e in result.evidence], _fields(result), result.term,
                     result.kind, score=result.score)
    raise ValueError(f"unknown link kind {kind!r}")


def describe_block(kind: str, key: str, results: Iterable[Any]) -> list[Group]:
    """The stored forms of one block's results. Groups that share a stable id (overlapping quote
    clusters that begin at one report) are told apart by their members, whatever their order."""
    found = [describe(kind, key, r) for r in results]
    shared = Counter(g.stable_id for g in found)
    for g in found:
        if shared[g.stable_id] > 1:
            g.stable_id += "|" + ",".join(f"{a}:{i}" for a, i in sorted(map(tuple, g.members)))
    seen: Counter[str] = Counter()
    for g in found:   # the same members twice (one result from two blocks of a whole-corpus save)
        seen[g.stable_id] += 1
        if seen[g.stable_id] > 1:
            g.stable_id = f"{g.stable_id}#{seen[g.stable_id]}"
    return found


def alias_units(keys: Iterable[str], user_aliases: Path | None) -> list[tuple[str, set[str]]]:
    """Alias blocks linked together: those a user-declared group joins form one unit, stored under
    its first key; every other block is a unit by itself."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x
    for k in keys:
        find(k)
    for joined in aliases.user_blocks(user_aliases):
        first, *rest = sorted(joined)
        for other in rest:
            a, b = find(first), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    units: dict[str, set[str]] = defaultdict(set)
    for k in list(parent):
        units[find(k)].add(k)
    return sorted((min(unit), unit) for unit in units.values())


def link_block(kind: str, key: str, items: Sequence[Item], *, unit: set[str] | None = None,
               user_aliases: Path | None = None) -> list[Any]:
    """The results of one block (an alias block with the blocks a user group joins to it: `unit`)."""
    module = BY_NAME[kind].module
    if kind == "alias":
        return module.link_block(items, unit or {key}, user_aliases)
    return module.link_block(items, key)


def user_aliases_fingerprint(user_aliases: Path | None) -> str:
    return hashlib.sha256(Path(user_aliases).read_bytes()).hexdigest() if user_aliases else ""


def link_corpus(items: Sequence[Item], user_aliases: Path | None = None) -> LinkResult:
    """Every block of an in-memory corpus, linked as a store's blocks are."""
    items = list(items)
    blocks: dict[tuple[str, str], set[int]] = defaultdict(set)
    linked = [k for k in KINDS[:-1] if k.name != "event"]   # events: with their conflicts across dates (below)
    for n, item in enumerate(items):
        for k in linked:
            for key, _idx in k.module.block_keys(item):
                blocks[(k.name, key)].add(n)
    result = LinkResult(events=timeline.corpus_events(items))
    for k in linked:
        keys = sorted(key for kind, key in blocks if kind == k.name)
        if k.name == "alias":
            units = alias_units(keys, user_aliases)
        else:
            units = [(key, {key}) for key in keys]
        for key, unit in units:
            members = sorted(set().union(*(blocks[(k.name, u)] for u in unit)))
            found = link_block(k.name, key, [items[n] for n in members], unit=unit, user_aliases=user_aliases)
            getattr(result, k.attr).extend(found)
    counts = [(article.id, article.outlet.value, framing.article_counts((article, analysis)))
              for article, analysis in sorted(items, key=lambda x: x[0].id)]
    result.framing = framing.link_block(lambda: iter(counts), result.aliases)
    return result

