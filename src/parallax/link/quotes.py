"""Quote clusters: one statement reported by several articles.

Outlets quote one statement differently: whole or in part ("a reckless act" of a longer
quote), directly or as indirect speech, with translation-like variants. Two quotes from
different articles report one statement when
- their speakers are compatible: one unknown, the same surname, or a shared name word that is
  not a mere title or office ("Velm health ministry" / "local health officials");
- and their content stems (function words out, crude suffix stemming) overlap: at least
  MIN_SHARED stems, covering MIN_COVER of the shorter quote's stems (a partial quote is the
  same statement), or a rapidfuzz token-set ratio of MIN_RATIO on the whole wording.
Near-linear: candidates come from an inverted index on content stems; stems in more than
MAX_POSTING quotes (stock words) are not used. A cluster is a maximal group of reports that are
pairwise the same statement (a clique): a report of two statements belongs to the cluster of each.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy
from rapidfuzz import fuzz, process
from spacy.lang.en.stop_words import STOP_WORDS

from parallax.model import Analysis, Article, ItemRef, Quote, QuoteCluster

SHINGLE = 3              # words per shingle
MAX_POSTING = 64         # a stem in more quotes than this is a stock word: no blocking on it
MIN_RATIO = 82.0         # token-set ratio for two wordings of one statement
MIN_SHARED = 2           # content stems two reports of one statement share at least
MIN_COVER = 0.5          # ... covering this share of the shorter report's stems
# words of a speaker's name that say what, not who: they do not make two speakers one
OFFICE_WORDS = {"ministry", "minister", "official", "officials", "president", "spokesman", "spokeswoman",
                "spokesperson", "office", "deputy", "prime", "chief", "head", "local", "source", "sources",
                "secretary", "general", "senior", "authorities", "authority", "government", "agency",
                "department", "foreign", "said", "state", "national", "spokesperson"}
WORD = re.compile(r"\w+", re.UNICODE)
COMPOUND = re.compile(r"\w+(?:[-‐]\w+)*", re.UNICODE)   # a hyphenated compound is one word: "non-binding"
_POSTMODIFIER = re.compile(r",|\s(?:in|of|for|at|from|on|to|with|under|based)\s")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def _shingles(words: list[str]) -> set[str]:
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _speaker_key(speaker: str | None) -> str | None:
    return speaker.casefold().removeprefix("the ").strip() if speaker else None


def _block(speaker: str | None) -> str:
    """Blocking key of a speaker: its head word, the last before a modifier that follows it
    ("Mira Holt" and "Holt" agree, so do "Port Authority" and "Port Authority of Velm"). A head
    written in lower case is a common noun that an institution goes by under several names ("the
    Velmoran army" / "the Velmoran military", "health officials"): those speakers share one block,
    "~", and `compatible` tells them apart by their name words."""
    if not speaker or not speaker.strip():
        return "?"
    words = _POSTMODIFIER.split(speaker.strip(), maxsplit=1)[0].split() or speaker.split()
    head = words[-1]
    return "~" if head[:1].islower() else head.casefold()


@lru_cache(maxsize=65536)
def compatible(a: str | None, b: str | None) -> bool:
    """Same speaker, one unknown, the same surname ('Holt' / 'Mira Holt'), or a shared
    name word that is not an office ('Velm health ministry' / 'local health officials')."""
    a, b = _speaker_key(a), _speaker_key(b)
    if a is None or b is None or a == b:
        return True
    if a.split()[-1] == b.split()[-1] or _acronym_of(a, b) or _acronym_of(b, a):
        return True
    return bool(_name_words(a) & _name_words(b))


def _acronym_of(short: str, name: str) -> bool:
    """'ocaa' of 'ostmark union civil aviation authority': its letters are initials of the name's
    words, in order, the first one included."""
    words = name.split()
    if " " in short or len(short) < 2 or len(words) < len(short) or not short.isalpha():
        return False
    initials = iter(w[0] for w in words)
    return short[0] == words[0][0] and all(c in initials for c in short)


@lru_cache(maxsize=65536)
def _name_words(speaker: str) -> frozenset[str]:
    return frozenset(w for w in _words(speaker) if w not in STOP_WORDS and w not in OFFICE_WORDS and len(w) > 2)


def stem(word: str) -> str:
    """A crude English stem so that 'destroying' / 'destroyed' / 'destroys' meet."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1 << 16)   # pure; a report is read again by each block it is linked in
def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words; a hyphenated compound is one word ("non-binding" is not
    "binding"), written with or without its hyphens ("cease-fire" / "ceasefire")."""
    words = (w.casefold() for w in COMPOUND.findall(text.replace("’", "'")))
    return frozenset(stem(w.replace("-", "").replace("‐", "")) for w in words
                     if w not in STOP_WORDS and (len(w) > 2 or w.isdigit()))


def same_statement(a: frozenset[str], b: frozenset[str], text_a: str = "", text_b: str = "") -> bool:
    shared = len(a & b)
    if shared >= MIN_SHARED and shared >= MIN_COVER * min(len(a), len(b)):
        return True
    return bool(text_a and text_b) and fuzz.token_set_ratio(text_a, text_b) >= MIN_RATIO


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


def _cliques(adjacent: list[set[int]]) -> list[list[int]]:
    """Maximal cliques of a graph of two nodes or more, each sorted (Bron-Kerbosch with a pivot,
    started from each node with its later neighbours as candidates: work stays within neighbourhoods)."""
    out: list[list[int]] = []

    def expand(clique: list[int], candidates: set[int], done: set[int]) -> None:
        if not candidates and not done:
            out.append(sorted(clique))
            return
        pivot = max(candidates | done, key=lambda u: len(adjacent[u] & candidates))
        for v in sorted(candidates - adjacent[pivot]):
            expand(clique + [v], candidates & adjacent[v], done & adjacent[v])
            candidates = candidates - {v}
            done = done | {v}
    for v, near in enumerate(adjacent):
        if near:
            expand([v], {u for u in near if u > v}, {u for u in near if u < v})
    return out


def cluster_quotes(items: Sequence[tuple[Article, Analysis]], *, min_articles: int = 2) -> list[QuoteCluster]:
    """Clusters of quotes that report one statement in at least `min_articles` articles: the maximal
    groups whose reports are pairwise the same statement. Being the same statement is not transitive:
    a quote of two sentences is the same statement as a partial quote of each, and those two are not
    one statement, so a report of two statements is a member of the cluster of each."""
    reports = _Reports()
    for article, analysis in items:
        reports.article(article.id, article.published.value)
        for qi, quote in enumerate(analysis.quotes):
            reports.add((article.id, qi), quote.text, quote.speaker)
    return reports.clusters(min_articles)


class _Reports:
    """The reports a block clusters, numbered in the order they are added (articles in order, each
    one's quotes by index): the numbers decide the order in which clusters are found."""

    def __init__(self) -> None:
        self.refs: list[ItemRef] = []
        self.texts: list[str] = []
        self.speakers: list[str | None] = []
        self.published: dict[str, str] = {}
        self.order: dict[str, int] = {}

    def article(self, article_id: str, published: str | None) -> None:
        self.published[article_id] = published or "9999-99-99"
        self.order.setdefault(article_id, len(self.order))

    def add(self, ref: ItemRef, text: str, speaker: str | None) -> None:
        self.refs.append(ref)
        self.texts.append(text)
        self.speakers.append(speaker)

    def clusters(self, min_articles: int) -> list[QuoteCluster]:
        return _clusters(self.refs, self.texts, self.speakers, self.published, self.order, min_articles)


def _clusters(refs: list[ItemRef], texts: list[str], speakers: list[str | None], published: dict[str, str],
              order: dict[str, int], min_articles: int) -> list[QuoteCluster]:
    stems = [content_stems(t) for t in texts]
    postings: dict[str, list[int]] = defaultdict(list)
    for n, found in enumerate(stems):
        for s in found:
            postings[s].append(n)
    # Same statement, pairwise; two reports in one article may be one statement too. A speaker is one
    # across the reports it is linked by: "DWA" and "local water officials" through "Dastrian Water Authority".
    same: list[tuple[int, int]] = []
    speaker_of = _UnionFind(len(refs))
    usable = {s: members for s, members in postings.items() if len(members) <= MAX_POSTING}
    for i in range(len(refs)):
        shared: Counter = Counter()
        for s in stems[i]:
            members = usable.get(s)
            if members:   # in report order: the later reports are those after i
                shared.update(members[bisect_right(members, i):])
        for j in sorted(j for j, n in shared.items() if n >= MIN_SHARED):
            if same_statement(stems[i], stems[j], texts[i], texts[j]):
                same.append((i, j))
                if compatible(speakers[i], speakers[j]):
                    speaker_of.union(i, j)
    adjacent: list[set[int]] = [set() for _ in refs]
    root = [speaker_of.find(i) for i in range(len(refs))]
    for i, j in same:
        if root[i] == root[j]:
            adjacent[i].add(j)
            adjacent[j].add(i)
    clusters = []
    for members in _cliques(adjacent):
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
    """The wording closest to all the others (a medoid over at most 30 members; the ratios computed
    in one call, each row summed in order as one ratio at a time would be)."""
    sample = texts[:30]
    ratios = process.cdist(sample, sample, scorer=fuzz.token_set_ratio, dtype=numpy.float64).tolist()
    return max(zip(sample, ratios), key=lambda row: (sum(row[1]), len(row[0])))[0]


# ---- keyed link: the blocks `parallax.link` links one at a time ----------------------------------
NEAR_DAYS = 14    # a statement is quoted again within weeks, across a month's or a year's end


def block_keys(item: tuple[Article, Analysis]) -> list[tuple[str, int]]:
    """(block key, quote index): the speaker block and a period of publication, so that a block stays
    small however large the corpus. A named speaker's block spans the year (one person's quotes are
    few, and a statement is quoted again months later); an unknown speaker's ("?") and those of an
    institution's common names ("~") span the month (many speakers share them). A quote published
    within NEAR_DAYS of its period's start or end is also in the neighbouring period's block, so that
    reports of one statement on either side of New Year meet; a block keeps only the clusters that
    begin in its own period (`link_block`), so each cluster is stored once."""
    day = _published(item)
    keys = []
    for i, q in enumerate(item[1].quotes):
        speaker = _block(q.speaker)
        keys += [(f"{speaker}|{period}", i) for period in _periods(day, by_month=speaker in ("?", "~"))]
    return keys


def _published(item: tuple[Article, Analysis]) -> dt.date | None:
    article, analysis = item
    return _day((analysis.published and analysis.published.value) or article.published.value or "")


def _day(published: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published[:10]) if re.fullmatch(r"\d{4}-\d\d-\d\d", published[:10]) \
            else dt.date.fromisoformat(published[:7] + "-01") if re.fullmatch(r"\d{4}-\d\d", published[:7]) else None
    except ValueError:
        return None


def _period(day: dt.date, by_month: bool) -> str:
    return day.isoformat()[:7] if by_month else str(day.year)


def _periods(day: dt.date | None, by_month: bool) -> list[str]:
    """The quote's own period first, then any neighbouring one within NEAR_DAYS."""
    if day is None:
        return ["undated"]
    own = _period(day, by_month)
    near = {_period(day + dt.timedelta(days=d), by_month) for d in (-NEAR_DAYS, NEAR_DAYS)} - {own}
    return [own, *sorted(near)]


def link_block(items: Sequence[tuple[Article, Analysis]], key: str) -> list[QuoteCluster]:
    """The quote clusters of block `key`: quotes of other blocks are blanked (indices kept), and
    a cluster that begins in a neighbouring period (it is that period's block's) is left out."""
    import dataclasses

    own, home = [], {}
    period = key.rsplit("|", 1)[1]
    for article, analysis in items:
        keys = block_keys((article, analysis))
        keep = {i for k, i in keys if k == key}
        blank = [q if i in keep else Quote(q.start, q.start, "", q.kind) for i, q in enumerate(analysis.quotes)]
        own.append((article, dataclasses.replace(analysis, quotes=blank)))
        day = _published((article, analysis))
        home[article.id] = _period(day, by_month=bool(re.fullmatch(r"\d{4}-\d\d", period))) if day else "undated"
    return [c for c in cluster_quotes(own) if min(home[a] for a, _ in c.members) == period]


def link_rows(rows: Iterable[tuple[str, str | None, int, str, str | None]], key: str) -> list[QuoteCluster]:
    """`link_block` from a store's rows of the block's quotes: (article id, published, quote index,
    text, speaker), in article id then index order. The same clusters as from loaded items (the
    quotes of other blocks blank, indices kept), read without building the items."""
    reports = _Reports()
    period = key.rsplit("|", 1)[1]
    by_period = bool(re.fullmatch(r"\d{4}-\d\d", period))
    home: dict[str, str] = {}
    last, length = None, 0
    for aid, published, idx, text, speaker in rows:
        if aid != last:
            last, length = aid, 0
            reports.article(aid, published)
            day = _day(published or "")
            home[aid] = _period(day, by_month=by_period) if day else "undated"
        while length < idx:   # quotes of other blocks, as loaded (blank)
            reports.add((aid, length), "", None)
            length += 1
        speaker_block = _block(speaker)
        own = any(f"{speaker_block}|{p}" == key for p in _periods(day, by_month=speaker_block in ("?", "~")))
        reports.add((aid, idx), text if own else "", speaker if own else None)
        length += 1
    return [c for c in reports.clusters(2) if min(home[a] for a, _ in c.members) == period]
