"""Figures about the same quantity across articles, and where their values disagree.

Figures are blocked by (measure, unit): "killed"/"people" never meets "destroyed"/"houses", so no
all-pairs comparison across the corpus. Inside a block:
- figures tied to a past period (years in their sentence: "1994", "the early 1990s") are chained
  by overlapping year intervals; their values should agree whatever the report date;
- figures with no period are "as of publication": chained by report dates less than
  `CURRENT_WINDOW_DAYS` apart. A toll counts up to its report day, so reports more than
  `REPORT_DAYS` apart count different spans, other quantities, unless they repeat a value (the
  final toll re-reported weeks later); such a group is a `series`. Within a day, a toll raised
  the next day is a series, not a disagreement; a lower value the next day, or different values
  on the same day, is.
  They are compared only between articles that name a common place (one story).
Measures are read from the figure's sentence as well as its parse ("put the toll at 700" after
"400 people died" counts the dead; "casualties", "martyred", "survived", "on board"), and
person units fold together ("people", "casualties", "fatalities"). Articles without a printed date
are placed at the latest day their text names; a report date whose year was guessed (from "Dec. 28")
takes the year nearest the printed report dates. A count whose unit is not written after it ("14
settlements flooded and up to 80 at risk") counts what the previous count of its sentence names.
Names the corpus mostly tags as nationalities ("X-ian drones" once mistagged a place) place
nothing. Inside one story, the sentence decides further:
a toll tied to a span of time ("in the nine-day siege") or to a day far from the others'
(the attack of Oct. 7 vs the blast of Oct. 17) is another quantity, and so is one whose sentence
names only other places (a strike on one town vs the country's toll).
Two values agree when their qualifier intervals overlap: exact 25,000 = [25000, 25000],
over 20,000 = [20000, inf), nearly 100 = [80, 100], about 20 = [17, 23], up to 40 = [0, 40].
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Iterator, Sequence

from parallax.analyze.entities import name_key
from parallax.analyze.figure_context import MEASURES
from parallax.model import Analysis, Article, Figure, FigureGroup, ItemRef

CURRENT_WINDOW_DAYS = 45   # running tolls are re-reported within weeks
REPORT_DAYS = 1            # running tolls reported this close (time zones, next-day papers) count one span
ANCHOR_GAP_DAYS = 2        # a toll's own day ("killed on Tuesday") vs another's: more apart is another event
PAIRWISE_MAX = 300         # a group up to this size is checked pair by pair (one quantity of one story)
ANCHOR_CHARS = 80          # a timex this close to the figure in its sentence anchors it

# General-English words that say what a count of people or things measures, by measure. Checked
# on the unit first, then on the sentence, nearest to the figure first.
MEASURE_WORDS = {
    "killed": r"kill\w*|died|dies|dead|deaths?|death toll|toll|fatalit\w*|casualt\w*|martyr\w*|lives|perish\w*",
    "injured": r"injur\w*|wound\w*|hurt",
    "displaced": r"displac\w*|evacu\w*|fled|flee\w*|homeless|refugees?|leave their homes",
    "missing": r"missing",
    "survived": r"surviv\w*",
    "aboard": r"on board|aboard|carrying|passengers?",
    "flooded": r"flood\w*|under water|underwater|inundat\w*",
    "at risk": r"at risk|threat\w*|endanger\w*",
}
_MEASURE_RE = re.compile("|".join(f"(?P<m{i}>\\b(?:{w})\\b)" for i, w in enumerate(MEASURE_WORDS.values())),
                         re.IGNORECASE)
_MEASURE_NAMES = list(MEASURE_WORDS)
_PART_OF = re.compile(r"\b(?:including|among them|among whom|of whom|of which|of them)\s+(?:some\s+|about\s+|at least\s+)?$",
                      re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:that|which|who|whom|whose)\b", re.IGNORECASE)
PERSON_UNITS = {"people", "person", "persons", "casualty", "casualties", "fatality", "fatalities", "death",
                "deaths", "lives", "life", "victim", "victims", "individual", "individuals", "men", "dead"}


@dataclass
class _Member:
    ref: ItemRef
    fig: Figure
    published: dt.date | None
    outlet: str | None
    places: frozenset[str] = frozenset()
    anchor: str = ""                               # the timex value its sentence ties it to
    sentence_places: frozenset[str] = frozenset()
    guessed: bool = False                          # its report date's year is inferred, not printed

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


def group_figures(items: Sequence[tuple[Article, Analysis]],
                  only: dict[ItemRef, tuple[str, str]] | None = None) -> list[FigureGroup]:
    """Groups of figures about one quantity; `only`: the figures to group, with their block
    (measure, unit) already known (a block's figures, `link_block`)."""
    blocks: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    nationalities = _nationalities(items)
    for article, analysis in items:
        published = _as_of(article, analysis)
        guessed = _guessed(article, analysis)
        places = frozenset(k for e in analysis.entities if e.label in ("GPE", "LOC")
                           and (k := name_key(e.canonical)) not in nationalities)
        for i, fig in enumerate(analysis.figures):
            key = figure_key(analysis.figures, i, article.body) if only is None else only.get((article.id, i))
            if key:
                blocks[key].append(_Member((article.id, i), fig, published, article.outlet.value, places,
                                           _anchor(fig, analysis, article.body), _sentence_places(fig, analysis, nationalities),
                                           guessed))
    groups = []
    for (measure, unit), members in blocks.items():
        dated = [m for m in members if m.fig.period]
        current = [m for m in members if not m.fig.period and m.published]
        undated = [m for m in members if not m.fig.period and not m.published]
        for cluster in _chain(dated, key=lambda m: m.years, gap=0):
            groups += [_group(measure, unit, c, running=False) for c in _by_subject(cluster)]
        _mend_guessed_years(current)
        chains = _chain(current, key=lambda m: (m.published.toordinal(),) * 2, gap=CURRENT_WINDOW_DAYS)
        chains = chains or [[]]
        named = [{p for o in c for p in o.places} for c in chains]
        for m in undated:          # no date at all: the window whose articles name most of its places, else the largest
            best = max(range(len(chains)), key=lambda i: (len(m.places & named[i]), len(chains[i])))
            chains[best].append(m)
        for cluster in chains:
            for story in _by_place(cluster):
                for event in _by_anchor(story):
                    for part in _by_sentence_place(event):
                        for c in _by_subject(part):
                            days = _by_report_day(c)
                            groups += [_group(measure, unit, d, running=True, recounted=len(days) > 1) for d in days]
    return [g for g in groups if len({ref[0] for ref in g.members}) > 1]


def figure_key(figures: Sequence[Figure], i: int, body: str) -> tuple[str, str] | None:
    """The (measure, unit) block of figure `i`, read from its sentence as well as its parse."""
    fig = figures[i]
    sentence = body[fig.sentence_start:fig.sentence_end]
    return _block_key(_with_elided_unit(fig, figures, body), sentence, fig.start - fig.sentence_start)


def _block_key(fig: Figure, sentence: str = "", at: int = 0) -> tuple[str, str] | None:
    """Figures are compared only inside their block: one measure and one kind of unit
    ("killed", "people"). The measure is the parse's when it names one, else read from the unit,
    else from the sentence's words nearest the figure (`at`: its offset in `sentence`). Counts that say
    too little about what they count ("22 have", "sits at 10%") are not grouped."""
    if _PART_OF.search(sentence[max(0, at - 30):at]):
        return None                                   # "including five": a part of another count
    measure = fig.measure if fig.measure in MEASURES else _measure_in(fig.unit, 0) or _measure_in(sentence, at)
    if measure not in MEASURES and measure not in MEASURE_WORDS:
        return None
    words = fig.unit.lower().split()
    unit = "people" if not words or fig.unit.lower() in PERSON_UNITS else words[0].rstrip("s")
    return measure, unit


def _with_elided_unit(fig: Figure, figures: Sequence[Figure], body: str) -> Figure:
    """A count whose unit is not written after it ("14 settlements were flooded and up to 80 are at
    risk") counts what the sentence's previous count names."""
    def written(f: Figure) -> bool:       # the unit's word (singular or plural) within two words after
        stem = re.escape(f.unit.split()[0].lower().rstrip("s"))
        return bool(re.match(rf"\W*(?:\w+\W+){{0,2}}{stem}", body[f.end:f.end + 40], re.I))
    if not fig.unit or written(fig):
        return fig
    before = [f for f in figures if f.sentence_start == fig.sentence_start and f.end <= fig.start and f.unit
              and written(f)]
    return replace(fig, unit=before[-1].unit) if before else fig


def _measure_in(text: str, at: int) -> str:
    """The measure word nearest to offset `at`; one across a clause break (", ", " and ") counts as
    farther, and a toll that the count completes ("the death toll has risen to 16") comes first."""
    hits = []
    for m in _MEASURE_RE.finditer(text):
        between = text[m.end():at] if m.end() <= at else text[at:m.start()]
        distance = len(between) + (100 if re.search(r",\s|;|\band\b|\bwhile\b", between) else 0)
        if m.end() <= at and m.group().lower().endswith("toll"):
            distance = -1
        hits.append((distance, m.lastgroup))
    return _MEASURE_NAMES[int(min(hits)[1][1:])] if hits else ""


def _as_of(article: Article, analysis: Analysis) -> dt.date | None:
    return _date(article.published.value) or _date(analysis.published.value if analysis.published else None) \
        or _latest_day(analysis)


def _guessed(article: Article, analysis: Analysis) -> bool:
    """The report date's year is a guess: inferred from a day written without one ("Dec. 28")."""
    fact = article.published if article.published.value else analysis.published
    return bool(fact and fact.value and fact.how.startswith("inferred") and not re.search(r"\b\d{4}\b", fact.evidence))


def _mend_guessed_years(current: list[_Member]) -> None:
    """A report date inferred from a day written without its year ("Dec. 28") keeps its day and
    month; its year is the one, within a year of the guess, nearest to the printed report dates."""
    printed = sorted({m.published.toordinal() for m in current if not m.guessed})
    if not printed:
        return
    for m in current:
        if m.guessed:
            options = [d for y in (-1, 0, 1) if (d := _with_year(m.published, m.published.year + y))]
            m.published = min(options, key=lambda d: min(abs(d.toordinal() - p) for p in printed))


def _with_year(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:                 # 29 February
        return None


def _latest_day(analysis: Analysis) -> dt.date | None:
    """The latest day an article's text names: where an undated report stands."""
    days = [d for t in analysis.timexes if re.fullmatch(r"\d{4}-\d\d-\d\d", t.value) and (d := _date(t.value))]
    return max(days) if days else None


def _anchor(fig: Figure, analysis: Analysis, body: str = "") -> str:
    """The timex of the figure's sentence nearest to it (within ANCHOR_CHARS): a day ("killed on
    Tuesday") or a span ("in the nine-day siege") the count belongs to. A span before the
    count with a relative clause between ("three days' mourning over a strike that killed
    hundreds") belongs to another noun."""
    best, best_gap = "", ANCHOR_CHARS + 1
    for t in analysis.timexes:
        if t.start >= fig.sentence_start and t.end <= fig.sentence_end and t.value[:1] in "P0123456789":
            gap = t.start - fig.end if t.start >= fig.end else fig.start - t.end
            if t.value.startswith("P") and t.end <= fig.start and _RELATIVE.search(body[t.end:fig.start]):
                continue
            if gap < best_gap and (t.value.startswith("P") or re.match(r"\d{4}-\d\d-\d\d", t.value)):
                best, best_gap = t.value[:10], gap
    return best


def _sentence_places(fig: Figure, analysis: Analysis, nationalities: frozenset[str] = frozenset()) -> frozenset[str]:
    """Places the figure's sentence names, less words the corpus mostly tags as nationalities
    ("Velmoran drones" once tagged a place says whose drones, not where the toll was)."""
    return frozenset(k for e in analysis.entities if e.label in ("GPE", "LOC", "FAC")
                     and e.start >= fig.sentence_start and e.end <= fig.sentence_end
                     and (k := name_key(e.canonical)) not in nationalities)


def _nationalities(items: Sequence[tuple[Article, Analysis]]) -> frozenset[str]:
    """Names tagged NORP (a nationality) more often than a place across the corpus."""
    votes: dict[str, int] = defaultdict(int)
    for _, analysis in items:
        for e in analysis.entities:
            if e.label in ("NORP", "GPE", "LOC", "FAC"):
                votes[name_key(e.text)] += 1 if e.label == "NORP" else -1
    return frozenset(k for k, v in votes.items() if v > 0)


def _by_anchor(cluster: list[_Member]) -> list[list[_Member]]:
    """Counts tied to a span of time ("P11D") form their own part; counts tied to days chain by
    day (ANCHOR_GAP_DAYS); unanchored counts join the largest part."""
    spans: dict[str, list[_Member]] = defaultdict(list)
    days, loose = [], []
    for m in cluster:
        if m.anchor.startswith("P"):
            spans[m.anchor].append(m)
        elif m.anchor and _date(m.anchor):
            days.append(m)
        else:
            loose.append(m)
    dated = _chain(days, key=lambda m: (_date(m.anchor).toordinal(),) * 2, gap=ANCHOR_GAP_DAYS)
    parts = dated + list(spans.values())
    if not parts:
        return [loose]
    for m in loose:               # a toll without a day of its own is as of its report: the nearest day
        near = [(abs(_date(p[0].anchor).toordinal() - m.published.toordinal()), -len(p), i)
                for i, p in enumerate(dated)] if m.published else []
        (dated[min(near)[2]] if near else max(parts, key=len)).append(m)
    return parts


def _by_sentence_place(cluster: list[_Member]) -> list[list[_Member]]:
    """Counts whose sentences name places apart ("a strike on one town" vs "the country's toll")
    are different quantities; a sentence naming no place joins the largest part."""
    named = [m for m in cluster if m.sentence_places]
    if len({m.sentence_places for m in named}) <= 1:
        return [cluster]
    return _union_by(cluster, lambda m: m.sentence_places)


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
    return _union_by(cluster, lambda m: m.places)


def _union_by(cluster: list[_Member], keys) -> list[list[_Member]]:
    """Members joined when `keys(member)` share an element; members with no keys join the largest part."""
    parent = list(range(len(cluster)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    first_with: dict[str, int] = {}
    for i, m in enumerate(cluster):
        for place in keys(m):
            j = first_with.setdefault(place, i)
            parent[find(i)] = find(j)
    stories: dict[int, list[_Member]] = defaultdict(list)
    placeless = []
    for i, m in enumerate(cluster):
        (stories[find(i)] if keys(m) else placeless).append(m)
    if not stories:
        return [placeless]
    largest = max(stories.values(), key=len)
    largest.extend(placeless)
    return list(stories.values())


def _by_subject(cluster: list[_Member]) -> list[list[_Member]]:
    """Keep "Velmorans killed" and "Dastrians killed" apart; unstated subjects join a lone
    stated one, or form their own group when several subjects are stated."""
    subjects = {m.fig.subject for m in cluster if m.fig.subject}
    if len(subjects) <= 1:
        return [cluster]
    parts: dict[str, list[_Member]] = defaultdict(list)
    for m in cluster:
        parts[m.fig.subject].append(m)
    return list(parts.values())


def _by_report_day(cluster: list[_Member]) -> list[list[_Member]]:
    """A toll "as of publication" counts up to its report day: reports more than REPORT_DAYS apart
    count different spans (the first day's toll vs the week's) and are other quantities, unless
    they repeat one value (the final toll re-reported weeks later). Undated reports join the largest."""
    days = _chain([m for m in cluster if m.published], key=lambda m: (m.published.toordinal(),) * 2, gap=REPORT_DAYS)
    wave = {id(m): n for n, day in enumerate(days) for m in day}
    return _union_by(cluster, lambda m: {f"day {wave[id(m)]}", f"value {m.fig.value:g}"} if m.published else set())


def _group(measure: str, unit: str, members: list[_Member], running: bool, recounted: bool = False) -> FigureGroup:
    members = sorted(members, key=lambda m: (m.published or dt.date.min, m.fig.value))
    if len(members) > PAIRWISE_MAX:               # linear checks on article hulls instead of pairs
        disagreement, series = _running_checks(members) if running else (_conflicting(_article_hulls(members)), False)
    else:
        disagreement = next(_conflicts(members, running), None) is not None
        series = running and any(_raised(a, b) for a, b in zip(members, members[1:]))
    return FigureGroup(measure=_describe(measure, unit, members, running), unit=unit,
                       members=[m.ref for m in members], disagreement=disagreement, series=series or recounted)


def _raised(a: _Member, b: _Member) -> bool:
    """b, reported on a later day than a, raises the toll's lower bound."""
    return bool(a.published and b.published and a.published < b.published
                and interval(b.fig)[0] > interval(a.fig)[0])


def _conflicts(members: list[_Member], running: bool) -> Iterator[tuple[_Member, _Member]]:
    """Pairs of reports from different articles whose values cannot both hold. In a running toll a
    later, higher report continues the series; a lower one, one of the same day, or one of
    unknown date disagrees. Groups are small (one quantity of one story), so pairs are checked."""
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a.ref[0] == b.ref[0] or agree(a.fig, b.fig):
                continue
            if running and (_raised(a, b) or _raised(b, a)):
                continue
            yield a, b


def disagreeing_pairs(group: FigureGroup, items: Sequence[tuple[Article, Analysis]]) -> list[tuple[ItemRef, ItemRef]]:
    """The member pairs of a group whose values disagree (who said which value against whom)."""
    by_id = {article.id: (article, analysis) for article, analysis in items}
    members = []
    for ref in group.members:
        article, analysis = by_id[ref[0]]
        members.append(_Member(ref, analysis.figures[ref[1]], _as_of(article, analysis), article.outlet.value,
                               guessed=_guessed(article, analysis)))
    running = "as reported" in group.measure or not any(m.fig.period for m in members)
    if running:
        _mend_guessed_years([m for m in members if m.published])   # as when the group was formed
    members.sort(key=lambda m: (m.published or dt.date.min, m.fig.value))
    return [(a.ref, b.ref) for a, b in _conflicts(members, running)]


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
    undated = [m for m in members if not m.published]
    for m in members:
        if m.published:
            by_day[m.published].append(m)
    # a report of unknown date may stand anywhere in the series: it disagrees only with every order
    disagreement = bool(undated) and any(_conflicting([u, h]) for u in _article_hulls(undated)
                                         for h in _article_hulls(members) if u != h) \
        and _conflicting(_article_hulls(members))
    series = False
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
        if not dates:
            return text
        return f"{text} (as reported {dates[0]} to {dates[-1]})" if dates[0] != dates[-1] else f"{text} (as reported {dates[0]})"
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
    """(block key, figure index) of each figure that is grouped: its (measure, unit) block as the
    sentence says it (`figure_key`), cut by time so that a block stays small however large the
    corpus: "P" for figures tied to a past period (compared whatever the report date), "undated"
    for articles that name no day at all (they meet each other only), else months of publication.
    A running toll is re-reported within weeks, often across a month's end, so block "m" holds the
    reports of months m-1, m and m+1: each figure sits in three blocks, and a block keeps only the
    groups whose earliest report is of its own month m (`link_block`). A toll reported over two
    months is whole, and every group is kept by one block, at three times the linear cost."""
    article, analysis = item
    as_of = _as_of(article, analysis)         # as grouped: an undated article stands at its latest day
    buckets = [_month(_shift_month(as_of, n)) for n in (-1, 0, 1)] if as_of else ["undated"]
    keys = []
    for i, fig in enumerate(analysis.figures):
        block = figure_key(analysis.figures, i, article.body)
        if block:
            keys += [(f"{block[0]}|{block[1]}|{bucket}", i) for bucket in (["P"] if fig.period else buckets)]
    return keys


def _month(day: dt.date) -> str:
    return day.isoformat()[:7]


def _shift_month(day: dt.date, n: int) -> dt.date:
    """The first day of the month `n` months after `day`'s."""
    months = day.year * 12 + day.month - 1 + n
    return dt.date(months // 12, months % 12 + 1, 1)


def link_block(items: Sequence[tuple[Article, Analysis]], key: str) -> list[FigureGroup]:
    """The figure groups of block `key`, given the articles holding its figures. Read from a store,
    an article holds only the block's figures (the others blank, `text` ""): those are its members
    whatever their neighbours would say (a count's unit may come from a figure of another block).
    A month block ("2024-03": reports of February to April) keeps the groups whose earliest report
    is of March: a group that begins in February is the February block's."""
    measure, unit, bucket = key.rsplit("|", 2)
    members: dict[ItemRef, tuple[str, str]] = {}
    month_of: dict[str, str] = {}
    for article, analysis in items:
        if any(not f.text for f in analysis.figures):
            keep = {i for i, f in enumerate(analysis.figures) if f.text}
        else:
            keep = {i for k, i in block_keys((article, analysis)) if k == key}
        members.update({(article.id, i): (measure, unit) for i in keep})
        as_of = _as_of(article, analysis)
        month_of[article.id] = _month(as_of) if as_of else ""
    groups = [g for g in group_figures(items, members) if all(tuple(m) in members for m in g.members)]
    if not re.fullmatch(r"\d{4}-\d\d", bucket):
        return groups
    return [g for g in groups if min((m for ref in g.members if (m := month_of[ref[0]])), default=bucket) == bucket]
