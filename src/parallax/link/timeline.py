"""The timeline: dated statements and happenings across articles.

Each timex with a calendar value (day, week, month, quarter, year, decade, or an interval of
them) dates the clause it sits in. Clauses are compared on their content words (stopwords out,
crude suffix stemming; rapidfuzz token-set similarity); two reports of the same day from different
articles also merge when they share one lower-case content word (the action, not the actor). Across articles, entries with the same
value (a date as written: "2020-09-27", its morning and "2020-09" are three dates, compatible but
not one) and similar clauses merge into one Event listing every report, by average link
(`_clusters`: a report joins an event when it tells more than half of its reports, or tells one
and shares a word of what happened with each of the others, so a sentence naming two happenings
does not chain them); similar clauses with incompatible values are kept as separate events that
name each other's date in `conflicting_values`.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from parallax.model import Analysis, Article, Event, ItemRef, Timex

MERGE_SIMILARITY = 70      # token-set ratio of content stems to merge two reports of one event
CONFLICT_SIMILARITY = 80   # stricter: only clearly the same happening counts as a date conflict
MIN_SHARED_STEMS = 1       # for merging; a conflict needs two shared content words
EVENT_SHARED = 2           # content stems two reports of one happening share at least (see same_event)
_REPORTING = {"say", "said", "says", "tell", "told", "add", "added", "according", "state", "stated", "report", "reported"}
SUMMARY_CHARS = 140
MAX_POSTING = 64           # a stem in more reports than this is a stock word: it finds no candidates
NAMES_SHARED = EVENT_SHARED + 2   # content stems that make one event even when all are names (no shared action word)
LINK_SAMPLE = 24           # reports a side compared when two events may merge (keeps it linear)
WHOLE_SENTENCE = True

_CALENDAR_VALUE = re.compile(r"\d{3}[\dX](?:-(?:\d\d|W\d\d|Q\d|H\d|SU|FA|WI|SP)(?:-\d\d)?(?:-WE)?)?(?:T\w+)?(?:/.+)?")
_CLAUSE_BREAK = re.compile(r"\s*(?:;|:|\s[—–-]\s|,\s(?=(?:and|but|while|which|who|whereas|although|though|after|before|"
                           r"when|as|since|according)\b))\s*")
_DAY_PARTS = {"MO", "AF", "EV", "NI"}   # TIMEX3 parts of a day: morning, afternoon, evening, night
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_OPENING = "\"'“‘([«"   # quotes and brackets before a word: "“lies" is a lower-case word


@dataclass
class _Entry:
    ref: ItemRef
    value: str
    clause: str
    stems: frozenset[str]
    common: frozenset[str]     # stems of lower-case words: what happened, not who or where
    published: str


def stem(word: str) -> str:
    """A crude English stem so that 'erupted'/'erupts'/'eruption' meet: enough for matching clauses."""
    word = word.lower().strip("'-")
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ion", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + repl
    return word


@lru_cache(maxsize=1 << 16)   # pure; a report is read again by each block it is linked in
def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words; hyphens dropped so 'cease-fire' meets 'ceasefire'."""
    words = (w.lower().replace("-", "") for w in _WORD.findall(text))
    return frozenset(stem(w) for w in words if w not in STOP_WORDS and w not in _REPORTING and len(w) > 2)


def clause_of(sentence: str, start: int, end: int) -> str:
    """The clause of `sentence` holding the span [start, end) (offsets into the sentence)."""
    bounds = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    for left, right in zip(bounds, bounds[1:]):
        if left <= start < right:
            clause = sentence[left:right]
            if len(content_stems(clause)) < 3:  # too short to say what happened: take the sentence
                return sentence.strip()
            return clause.strip(" ,;:—–-")
    return sentence.strip()


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _dated(timex: Timex) -> bool:
    return timex.type in ("DATE", "TIME") and bool(_CALENDAR_VALUE.fullmatch(timex.value))


def compatible(a: str, b: str) -> bool:
    """Same date at different precision: '2020-09-27' lies within '2020-09' and '2020', and its
    morning ('T' + MO) within the day; two different parts of one day (morning, night) do not meet."""
    (a, _, time_a), (b, _, time_b) = a.partition("T"), b.partition("T")
    if time_a in _DAY_PARTS and time_b in _DAY_PARTS and time_a != time_b:
        return False
    if "/" in a or "/" in b:
        return a == b
    short, long = sorted((a.rstrip("X"), b.rstrip("X")), key=len)
    return long.startswith(short)


def _line_of(body: str, at: int, start: int, end: int) -> tuple[int, int]:
    """The part of the sentence [start, end) on the line holding `at`: a line break ends a sentence
    (the parser can run a headline, a dateline and the first paragraph into one)."""
    stop = body.find("\n", at, end)
    return max(start, body.rfind("\n", start, at) + 1), end if stop < 0 else stop


EntryRow = tuple[int, str, str, str, str]   # (timex index, value, clause, content stems, lower-case stems)


def article_entries(item: tuple[Article, Analysis]) -> list[EntryRow]:
    """What the timeline needs of one article, computed once with the analysis (`parallax.link.prepare`):
    for each timex that dates a clause, its value, clause and stems (space-separated, sorted)."""
    article, analysis = item
    rows = []
    for index, timex in enumerate(analysis.timexes):
        if not _dated(timex):
            continue
        first, last = _line_of(article.body, timex.start, timex.sentence_start, timex.sentence_end)
        sentence = article.body[first:last]
        clause = clause_of(sentence, timex.start - first, timex.end - first)
        # the date's own words ("Sunday" vs "Sept. 27") must not decide whether clauses match
        text = (sentence if WHOLE_SENTENCE else clause).replace(timex.text, " ")
        common = content_stems(" ".join(w for w in text.split() if w.lstrip(_OPENING)[:1].islower()))
        rows.append((index, timex.value, clause, " ".join(sorted(content_stems(text))), " ".join(sorted(common))))
    return rows


def entries_of(rows: Iterable[tuple[str, str | None, EntryRow]]) -> list[_Entry]:
    """Entries of (article id, published, entry row) rows, in the order events are built from."""
    entries = [_Entry((aid, index), value, clause, frozenset(stems.split()), frozenset(common.split()),
                      published or "9999")
               for aid, published, (index, value, clause, stems, common) in rows]
    entries.sort(key=lambda e: (e.published, e.ref))
    return entries


def _entries(items: Sequence[tuple[Article, Analysis]]) -> list[_Entry]:
    return entries_of((article.id, article.published.value, row)
                      for article, analysis in items for row in article_entries((article, analysis)))


def same_event(a: frozenset[str], b: frozenset[str]) -> float:
    """How surely two dated sentences tell one happening (0: not): they share EVENT_SHARED content
    stems covering half of the shorter one's, or EVENT_SHARED + 1 covering a third. Its own
    words, not a day alone, make two reports one event; the caller also asks for a shared
    lower-case word (what happened: "clashed"), as names alone ("Port Elm") are no event."""
    shared = len(a & b)
    cover = shared / max(1, min(len(a), len(b)))
    if (shared >= EVENT_SHARED and cover >= 0.5) or (shared > EVENT_SHARED and cover >= 1 / 3):
        return cover
    return 0.0


def _same_day(a: str, b: str) -> bool:
    return a[:10] == b[:10] and bool(re.fullmatch(r"\d{4}-\d\d-\d\d", a[:10]))


def _similar(a: frozenset[str], b: frozenset[str], min_shared: int = MIN_SHARED_STEMS) -> float:
    if len(a & b) < min_shared:
        return 0.0
    return fuzz.token_set_ratio(" ".join(sorted(a)), " ".join(sorted(b)))


def _tells_same(a: _Entry, b: _Entry) -> float:
    """How surely two reports tell one happening at one date (0: not). They share a
    lower-case word (what happened), or NAMES_SHARED content stems: names alone ("Port Elm") are
    no event, but a flight's airline and route, or a person with the full title, at one date are,
    and so is a sentence of names alone ("WESTPORT, Velmora, May 4.", a dateline) whose every
    name the other tells at that date."""
    if a.value != b.value:
        return 0.0
    shared = len(a.stems & b.stems)
    if shared < EVENT_SHARED:   # too few for `same_event`: most pairs stop here
        return 0.0
    only_names = shared == min(len(a.stems), len(b.stems))
    if not a.common & b.common and shared < NAMES_SHARED and not only_names:
        return 0.0
    return same_event(a.stems, b.stems)


def _clusters(entries: list[_Entry]) -> list[list[int]]:
    """Reports of one happening, by average link: pairs of reports of different articles that tell
    one happening (candidates from an index of content stems per date; a stem in more than
    MAX_POSTING reports of a date finds none there; two sentences of one article meet only through
    other reports) are taken strongest first, and two clusters of one date merge when more than half
    of their pairs across articles (up to LINK_SAMPLE reports a side) tell one happening, or when
    every such pair that does not shares a lower-case word (what happened). A pair sharing nothing
    refuses the merge, so that a sentence naming two happenings does not chain them. Nothing is
    compared across dates: a date's clusters depend on its reports alone, so they are stored per date."""
    of_value: dict[tuple[str, str], list[int]] = defaultdict(list)   # reports of one date tell one happening
    for i, e in enumerate(entries):
        for s in e.stems:
            of_value[(e.value, s)].append(i)
    pairs = []
    for i, e in enumerate(entries):
        near = {j for s in e.stems if len(posting := of_value[(e.value, s)]) <= MAX_POSTING for j in posting if j > i}
        pairs += [(-score, i, j) for j in sorted(near) if e.ref[0] != entries[j].ref[0] and (score := _tells_same(e, entries[j]))]
    of = list(range(len(entries)))
    members = [[i] for i in range(len(entries))]
    refused: set[tuple[int, int, int, int]] = set()   # cluster pairs (with their sizes) that did not merge
    for _score, i, j in sorted(pairs):
        a, b = of[i], of[j]
        if a == b or (a, b, len(members[a]), len(members[b])) in refused:
            continue
        cross = [(x, y) for x in members[a][:LINK_SAMPLE] for y in members[b][:LINK_SAMPLE]]
        across = [(x, y) for x, y in cross if entries[x].ref[0] != entries[y].ref[0]] or cross
        told = [bool(_tells_same(entries[x], entries[y])) for x, y in across]
        related = all(t or entries[x].common & entries[y].common for t, (x, y) in zip(told, across))
        if entries[members[a][0]].value != entries[members[b][0]].value or (2 * sum(told) <= len(across) and not related):
            refused.add((a, b, len(members[a]), len(members[b])))
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        for m in members[b]:
            of[m] = a
        members[a] += members[b]
        members[b] = []
    return [sorted(ms) for ms in members if ms]


Conflict = tuple[str, str, int, str]   # a peer event's first report (published, article id, timex index) and date


@dataclass
class Cluster:
    """The reports of one happening at one date (`date_clusters`), as stored per date with the
    events it conflicts with (`conflicts`: their first reports and dates, in that order)."""
    value: str
    first: tuple[str, str, int]   # its first report's (published, article id, timex index): the events' order
    clause: str
    stems: frozenset[str]         # of its first report: what a date conflict is judged on
    members: list[ItemRef]
    conflicts: list[Conflict] = field(default_factory=list)


def date_clusters(entries: list[_Entry]) -> list[Cluster]:
    """The clusters of the entries (of one date or many: clusters never cross dates)."""
    found = []
    for cluster in _clusters(entries):
        first = entries[cluster[0]]
        found.append(Cluster(first.value, (first.published, *first.ref), first.clause, first.stems,
                             [entries[m].ref for m in cluster]))
    return found


def build_timeline(items: Sequence[tuple[Article, Analysis]]) -> list[Event]:
    """One Event per dated happening, merged across reports; conflicting dates cross-referenced."""
    return _events(date_clusters(_entries(items)))


def _events(clusters: Iterable[Cluster], wanted: Callable[[str], bool] | None = None) -> list[Event]:
    """The events of the clusters (`wanted`: only those of the dates it accepts, which are still
    compared with all others for conflicting dates)."""
    events = [event_of(c) for c in with_conflicts(clusters, wanted)]
    events.sort(key=lambda e: (e.value, e.summary))
    return events


def with_conflicts(clusters: Iterable[Cluster], wanted: Callable[[str], bool] | None = None) -> list[Cluster]:
    """The (wanted) clusters, in their order, each with the clusters it conflicts with among all
    of them (`conflict`); candidates share two stems, found by an index of stems."""
    groups = sorted(clusters, key=lambda c: c.first)
    by_stem: dict[str, list[int]] = defaultdict(list)
    for gi, group in enumerate(groups):
        for s in group.stems:
            by_stem[s].append(gi)
    found = []
    for gi, group in enumerate(groups):
        if wanted is not None and not wanted(group.value):
            continue
        shared = Counter(oi for s in group.stems for oi in by_stem[s] if oi != gi)
        peers = [groups[oi] for oi in sorted(oi for oi, n in shared.items() if n >= 2)]
        found.append(replace(group, conflicts=[conflict_of(p) for p in peers if conflict(group, p)]))
    return found


def conflict(a: Cluster, b: Cluster) -> bool:
    """Whether two events tell one happening at incompatible dates (symmetric): reports of more
    than one article whose first reports share two stems and are clearly alike."""
    if compatible(a.value, b.value) or len({m[0] for m in a.members} | {m[0] for m in b.members}) < 2:
        return False  # same date, or two mentions in one article: not a disagreement between reports
    return _similar(a.stems, b.stems, min_shared=2) >= CONFLICT_SIMILARITY


def conflict_of(cluster: Cluster) -> Conflict:
    return (*cluster.first, cluster.value)


def conflict_key(conflict: Sequence) -> str:
    """The stored key (`cluster_key`) of the peer a conflict names."""
    _published, article_id, index, value = conflict
    return f"{value}|{article_id}:{index}"


def conflicting_values(conflicts: Iterable[Sequence]) -> list[str]:
    """The dates of the peers, each once, in their events' order."""
    return [c[3] for c in earliest_conflicts(conflicts)]


def event_of(cluster: Cluster) -> Event:
    return Event(value=cluster.value, summary=shorten(cluster.clause), members=list(cluster.members),
                 conflicting_values=conflicting_values(cluster.conflicts))


# ---- keyed link: the blocks `parallax.link` links one at a time ----------------------------------
# A block is a date (a value as written): its clusters are its events, stored with the events they
# conflict with. Conflicts are looked for in the date's bucket (its month, else its year) and the two
# beside it, so that a conflicting date across a month's end is seen; the relation is symmetric, so a
# new or vanished event updates the few stored peers it conflicts with (`Store.replace_dates`).
def month_of(value: str) -> str:
    """The month a calendar value falls in ("2020-09-27" -> "2020-09"), else its year ("2020",
    "2020-W39", "202X"): reports of one event have compatible values, so they share a bucket."""
    value = value.split("/")[0].split("T")[0]
    return value[:7] if re.fullmatch(r"\d{4}-\d\d", value[:7]) else value[:4]


def _neighbours(bucket: str) -> list[str]:
    """The bucket and the ones before and after it (months, or years): a date conflict between
    reports of one event is most often a day or so apart, across a month's (or year's) end."""
    if re.fullmatch(r"\d{4}-\d\d", bucket):
        months = int(bucket[:4]) * 12 + int(bucket[5:]) - 1
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in (months - 1, months, months + 1)]
    if bucket.isdigit():
        return [f"{int(bucket) + n:04d}" for n in (-1, 0, 1)]
    return [bucket]


def months_of(value: str) -> list[str]:
    """The buckets whose events date `value` is compared with for conflicts."""
    return _neighbours(month_of(value))


def block_keys(item: tuple[Article, Analysis]) -> list[tuple[str, int]]:
    """(date, timex index) of each timex that dates a clause."""
    _article, analysis = item
    return [(t.value, i) for i, t in enumerate(analysis.timexes) if _dated(t)]


def corpus_events(items: Sequence[tuple[Article, Analysis]]) -> list[Event]:
    """Every event of an in-memory corpus, as a store links them: by bucket (`month_of`), each
    bucket's compared with its own and its neighbours' for conflicts, in date order within it."""
    by_month: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in date_clusters(_entries(items)):
        by_month[month_of(cluster.value)].append(cluster)
    return [e for key in sorted(by_month)
            for e in _events([c for m in _neighbours(key) for c in by_month.get(m, [])],
                             lambda value, key=key: month_of(value) == key)]


def cluster_key(cluster: Cluster) -> str:
    """What a stored cluster is known by: its date and first report (its event's stable id)."""
    return conflict_key(conflict_of(cluster))


def earliest_conflicts(conflicts: Iterable[Sequence]) -> list[list]:
    """The first peer of each date, in order: what orders an event's conflicting dates."""
    first: dict[str, list] = {}
    for c in sorted(map(tuple, conflicts)):
        first.setdefault(c[3], list(c))
    return list(first.values())


def cluster_data(cluster: Cluster) -> dict:
    """A cluster as stored (JSON): its peers are rows of their own (`event_conflicts`); it keeps
    what its event shows of them, their dates, each with its first peer (`earliest_conflicts`)."""
    return {"value": cluster.value, "first": list(cluster.first), "clause": cluster.clause,
            "stems": " ".join(sorted(cluster.stems)), "members": [list(m) for m in cluster.members],
            "conflicting": earliest_conflicts(cluster.conflicts)}


def cluster_of(data: dict) -> Cluster:
    """A stored cluster, without its conflicts (what a conflict is judged on)."""
    return Cluster(data["value"], tuple(data["first"]), data["clause"], frozenset(data["stems"].split()),
                   [tuple(m) for m in data["members"]])


def stored_event(data: dict) -> Event:
    """The event of a stored cluster."""
    return replace(event_of(cluster_of(data)), conflicting_values=[c[3] for c in data["conflicting"]])
