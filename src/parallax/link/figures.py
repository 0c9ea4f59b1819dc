"""Figures about the same quantity across articles, and where their values disagree.

Figures are blocked by (measure, unit): "killed"/"people" never meets "destroyed"/"houses", so no
all-pairs comparison across the corpus. Inside a block:
- figures tied to a past period (years in their sentence: "1994", "the early 1990s") are chained
  by overlapping year intervals; their values should agree whatever the report date;
- figures with no period are "as of publication": chained by report dates less than
  `CURRENT_WINDOW_DAYS` apart. A running toll that grows with the report date is a `series`,
  not a disagreement; a lower value reported later, or different values on the same day, is.
  They are compared only between articles that name a common place (one story).
Two values agree when their qualifier intervals overlap: exact 25,000 = [25000, 25000],
over 20,000 = [20000, inf), nearly 100 = [80, 100], about 20 = [17, 23], up to 40 = [0, 40].
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from parallax.analyze.entities import name_key
from parallax.analyze.figure_context import MEASURES
from parallax.model import Analysis, Article, Figure, FigureGroup, ItemRef

CURRENT_WINDOW_DAYS = 45   # running tolls are re-reported within weeks


@dataclass
class _Member:
    ref: ItemRef
    fig: Figure
    published: dt.date | None
    outlet: str | None
    places: frozenset[str] = frozenset()

    @property
    def years(self) -> tuple[int, int]:
        first, _, last = self.fig.period.partition("/")
        return int(first), int(last or first)


def interval(fig: Figure) -> tuple[float, float]:
    """The values a figure allows, given its qualifier."""
    v = fig.value
    return {
        "over": (v, math.inf), "at least": (v, math.inf), "nearly": (0.8 * v, v),
        "about": (0.85 * v, 1.15 * v), "up to": (0.0, v),
    }.get(fig.qualifier, (v, v))


def agree(a: Figure, b: Figure) -> bool:
    lo_a, hi_a = interval(a)
    lo_b, hi_b = interval(b)
    return lo_a <= hi_b and lo_b <= hi_a


def group_figures(items: Sequence[tuple[Article, Analysis]]) -> list[FigureGroup]:
    blocks: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    for article, analysis in items:
        published = _date(article.published.value)
        places = frozenset(name_key(e.canonical) for e in analysis.entities if e.label in ("GPE", "LOC"))
        for i, fig in enumerate(analysis.figures):
            key = _block_key(fig)
            if key:
                blocks[key].append(_Member((article.id, i), fig, published, article.outlet.value, places))
    groups = []
    for (measure, unit), members in blocks.items():
        dated = [m for m in members if m.fig.period]
        current = [m for m in members if not m.fig.period and m.published]
        for cluster in _chain(dated, key=lambda m: m.years, gap=0):
            groups += [_group(measure, unit, c, running=False) for c in _by_subject(cluster)]
        for cluster in _chain(current, key=lambda m: (m.published.toordinal(),) * 2, gap=CURRENT_WINDOW_DAYS):
            for story in _by_place(cluster):
                groups += [_group(measure, unit, c, running=True) for c in _by_subject(story)]
    return [g for g in groups if len({ref[0] for ref in g.members}) > 1]


def _block_key(fig: Figure) -> tuple[str, str] | None:
    """Figures are compared only inside their block: one canonical measure and one unit
    ("killed", "people"). Counts under a plain verb ("22 have", "sits at 10%") say too little about
    what they count to be compared across articles, so they are not grouped."""
    return (fig.measure, fig.unit) if fig.measure in MEASURES else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _chain(members: list[_Member], key, gap: int) -> list[list[_Member]]:
    """Single-link clusters of intervals (a sorted sweep): members whose key intervals lie within
    `gap` of the running cluster's end."""
    clusters: list[list[_Member]] = []
    end = -math.inf
    for m in sorted(members, key=key):
        first, last = key(m)
        if clusters and first <= end + gap:
            clusters[-1].append(m)
            end = max(end, last)
        else:
            clusters.append([m])
            end = last
    return clusters


def _by_place(cluster: list[_Member]) -> list[list[_Member]]:
    """Tolls "as of publication" compare only within one story: articles that name a common
    place. Articles naming no place join the largest story."""
    parent = list(range(len(cluster)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    first_with: dict[str, int] = {}
    for i, m in enumerate(cluster):
        for place in m.places:
            j = first_with.setdefault(place, i)
            parent[find(i)] = find(j)
    stories: dict[int, list[_Member]] = defaultdict(list)
    placeless = []
    for i, m in enumerate(cluster):
        (stories[find(i)] if m.places else placeless).append(m)
    if not stories:
        return [placeless]
    largest = max(stories.values(), key=len)
    largest.extend(placeless)
    return list(stories.values())


def _by_subject(cluster: list[_Member]) -> list[list[_Member]]:
    """Keep "Azerbaijanis killed" and "Armenians killed" apart; unstated subjects join a lone
    stated one, or form their own group when several subjects are stated."""
    subjects = {m.fig.subject for m in cluster if m.fig.subject}
    if len(subjects) <= 1:
        return [cluster]
    parts: dict[str, list[_Member]] = defaultdict(list)
    for m in cluster:
        parts[m.fig.subject].append(m)
    return list(parts.values())


def _group(measure: str, unit: str, members: list[_Member], running: bool) -> FigureGroup:
    """Linear-time checks (no pairs): each article's claims are merged into one interval; 1-D
    intervals all overlap exactly when the largest lower bound is below the smallest upper bound."""
    members = sorted(members, key=lambda m: (m.published or dt.date.min, m.fig.value))
    if running:
        disagreement, series = _running_checks(members)
    else:
        disagreement, series = _conflicting(_article_hulls(members)), False
    return FigureGroup(measure=_describe(measure, unit, members, running), unit=unit,
                       members=[m.ref for m in members], disagreement=disagreement, series=series)


def _article_hulls(members: list[_Member]) -> list[tuple[float, float]]:
    hulls: dict[str, tuple[float, float]] = {}
    for m in members:
        lo, hi = interval(m.fig)
        old = hulls.get(m.ref[0], (lo, hi))
        hulls[m.ref[0]] = (min(old[0], lo), max(old[1], hi))
    return list(hulls.values())


def _conflicting(hulls: list[tuple[float, float]]) -> bool:
    return len(hulls) > 1 and max(lo for lo, _ in hulls) > min(hi for _, hi in hulls)


def _running_checks(members: list[_Member]) -> tuple[bool, bool]:
    """A running toll disagrees when reports of one day conflict or a later report is lower than
    an earlier one allows; it is a series when a later report raises the lower bound."""
    by_day: dict[dt.date, list[_Member]] = defaultdict(list)
    for m in members:
        by_day[m.published].append(m)
    disagreement = series = False
    max_lo_before, min_lo_before = -math.inf, math.inf
    for day in sorted(by_day):
        hulls = _article_hulls(by_day[day])
        disagreement = disagreement or _conflicting(hulls)
        if min(hi for _, hi in hulls) < max_lo_before:
            disagreement = True                        # reported lower than an earlier report allows
        if max(lo for lo, _ in hulls) > min_lo_before:
            series = True
        max_lo_before = max(max_lo_before, *(lo for lo, _ in hulls))
        min_lo_before = min(min_lo_before, *(lo for lo, _ in hulls))
    return disagreement, series


def _describe(measure: str, unit: str, members: list[_Member], running: bool) -> str:
    subjects = {m.fig.subject for m in members}
    words = [subjects.pop() if len(subjects) == 1 else "", "" if unit in ("people", "percent") else unit, measure]
    text = " ".join(w for w in words if w)
    if running:
        dates = sorted(m.published.isoformat() for m in members if m.published)
        return f"{text} (as reported {dates[0]} to {dates[-1]})"
    first = min(m.years[0] for m in members)
    last = max(m.years[1] for m in members)
    return f"{text} ({first}-{last})" if first != last else f"{text} ({first})"


def group_rows(group: FigureGroup, items: Sequence[tuple[Article, Analysis]]) -> list[dict]:
    """One row per member, for display: outlet, date, value, qualifier, text and sentence."""
    by_id = {article.id: (article, analysis) for article, analysis in items}
    rows = []
    for article_id, index in group.members:
        article, analysis = by_id[article_id]
        fig = analysis.figures[index]
        rows.append({"outlet": article.outlet.value, "published": article.published.value,
                     "value": fig.value, "qualifier": fig.qualifier, "text": fig.text,
                     "what": fig.what, "cited": fig.cited,
                     "sentence": article.body[fig.sentence_start:fig.sentence_end]})
    return rows


# ---- keyed link: the blocks `parallax.link` links one at a time ----------------------------------
def block_keys(item: tuple[Article, Analysis]) -> list[tuple[str, int]]:
    """(block key, figure index) of each figure that is grouped: its (measure, unit) block, cut by
    time so that a block stays small however large the corpus: "P" for figures tied to a past
    period (compared whatever the report date), else the month of publication (running tolls are
    re-reported within weeks; a chain across a month's end is cut there)."""
    article, analysis = item
    published = (analysis.published or article.published).value
    month = published[:7] if _date(published) else None
    keys = []
    for i, fig in enumerate(analysis.figures):
        block = _block_key(fig)
        bucket = "P" if fig.period else month
        if block and bucket:
            keys.append((f"{block[0]}|{block[1]}|{bucket}", i))
    return keys


def link_block(items: Sequence[tuple[Article, Analysis]], key: str) -> list[FigureGroup]:
    """The figure groups of block `key`, given the articles holding its figures."""
    in_block = {(article.id, i) for article, analysis in items
                for k, i in block_keys((article, analysis)) if k == key}
    return [g for g in group_figures(items) if all(tuple(m) in in_block for m in g.members)]
