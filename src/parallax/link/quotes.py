"""Quote clusters: one statement reported by several articles.

Near-linear: quotes are blocked by (speaker surname, word-trigram shingle); a quote with an
unknown speaker is blocked under "?" and compared with every speaker's quotes sharing a shingle.
Blocks bigger than MAX_POSTING (stock phrases) are not used. Pairs that pass a rapidfuzz
token-set ratio are joined with union-find.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from parallax.model import Analysis, Article, ItemRef, Quote, QuoteCluster

SHINGLE = 3              # words per shingle
MAX_POSTING = 200        # a shingle in more quotes than this is a stock phrase: no blocking on it
MIN_RATIO = 82.0         # token-set ratio for two wordings of one statement
WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def _shingles(words: list[str]) -> set[str]:
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _speaker_key(speaker: str | None) -> str | None:
    return speaker.casefold().removeprefix("the ").strip() if speaker else None


def _block(speaker: str | None) -> str:
    """Blocking key of a speaker: the surname / last word ('Ilham Aliyev' and 'Aliyev' agree)."""
    key = _speaker_key(speaker)
    return key.split()[-1] if key else "?"


def compatible(a: str | None, b: str | None) -> bool:
    """Same speaker, one unknown, or the same surname ('Aliyev' / 'Ilham Aliyev')."""
    a, b = _speaker_key(a), _speaker_key(b)
    if a is None or b is None or a == b:
        return True
    return a.split()[-1] == b.split()[-1]


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def cluster_quotes(items: Sequence[tuple[Article, Analysis]], *, min_articles: int = 2) -> list[QuoteCluster]:
    """Clusters of quotes that report one statement in at least `min_articles` articles."""
    refs: list[ItemRef] = []
    texts: list[str] = []
    speakers: list[str | None] = []
    published: dict[str, str] = {}
    order: dict[str, int] = {}
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    shingle_blocks: dict[str, set[str]] = defaultdict(set)  # shingle -> speaker blocks using it
    for article, analysis in items:
        published[article.id] = article.published.value or "9999-99-99"
        order.setdefault(article.id, len(order))
        for qi, quote in enumerate(analysis.quotes):
            n = len(refs)
            refs.append((article.id, qi))
            texts.append(quote.text)
            speakers.append(quote.speaker)
            block = _block(quote.speaker)
            for shingle in _shingles(_words(quote.text)):
                postings[(block, shingle)].append(n)
                shingle_blocks[shingle].add(block)
    uf = _UnionFind(len(refs))
    for i in range(len(refs)):
        candidates: set[int] = set()
        block = _block(speakers[i])
        for shingle in _shingles(_words(texts[i])):
            # a known speaker meets its own block and unknown speakers; an unknown one meets all
            blocks = {block, "?"} if block != "?" else shingle_blocks.get(shingle, set())
            for key in ((b, shingle) for b in blocks):
                members = postings.get(key, ())
                if len(members) <= MAX_POSTING:
                    candidates.update(j for j in members if j > i)
        for j in sorted(candidates):
            if refs[i][0] == refs[j][0] or uf.find(i) == uf.find(j):
                continue
            if compatible(speakers[i], speakers[j]) and fuzz.token_set_ratio(texts[i], texts[j]) >= MIN_RATIO:
                uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for n in range(len(refs)):
        groups[uf.find(n)].append(n)
    clusters = []
    for members in groups.values():
        if len({refs[m][0] for m in members}) < min_articles:
            continue
        first = min(members, key=lambda m: (published[refs[m][0]], order[refs[m][0]], refs[m][1]))
        named = Counter(s for s in (speakers[m] for m in members) if s)
        speaker = max(named, key=lambda s: (named[s], len(s))) if named else None
        clusters.append(QuoteCluster(speaker=speaker, members=[refs[m] for m in members], first=refs[first],
                                     text=_representative([texts[m] for m in members])))
    clusters.sort(key=lambda c: -len(c.members))
    return clusters


def _representative(texts: list[str]) -> str:
    """The wording closest to all the others (a medoid over at most 30 members)."""
    sample = texts[:30]
    return max(sample, key=lambda t: (sum(fuzz.token_set_ratio(t, o) for o in sample), len(t)))


# ---- keyed link: the blocks `parallax.link` links one at a time ----------------------------------
def block_keys(item: tuple[Article, Analysis]) -> list[tuple[str, int]]:
    """(block key, quote index): the speaker block (surname, "?" when unknown) and the month of
    publication, so that a block stays small however large the corpus. An unknown speaker's quote
    is compared with the other unknown speakers' quotes of its month only (bounded, where the whole
    corpus would otherwise be its block)."""
    article, analysis = item
    published = (analysis.published or article.published).value or ""
    month = published[:7] if re.fullmatch(r"\d{4}-\d\d", published[:7]) else "undated"
    return [(f"{_block(q.speaker)}|{month}", i) for i, q in enumerate(analysis.quotes)]


def link_block(items: Sequence[tuple[Article, Analysis]], key: str) -> list[QuoteCluster]:
    """The quote clusters of block `key`: quotes of other blocks are blanked (indices kept)."""
    import dataclasses

    own = []
    for article, analysis in items:
        keep = {i for k, i in block_keys((article, analysis)) if k == key}
        blank = [q if i in keep else Quote(q.start, q.start, "", q.kind) for i, q in enumerate(analysis.quotes)]
        own.append((article, dataclasses.replace(analysis, quotes=blank)))
    return cluster_quotes(own)
