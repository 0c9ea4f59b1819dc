"""One canonical speaker per person across the corpus, with the role most often given.

Each article resolves its own speakers ("Berg" -> "Ana Berg" when it names her in full); an
article that only ever says "Berg" keeps "Berg". Across the corpus a short name joins a full one
when the alias groups put them in one group, or when exactly one full speaker name ends with it
(a spelling one letter apart counts: transliterations); a name of several words joins the one
longer name that ends with it ("health ministry" -> "Xland health ministry"). The full name kept is the one the quotes
use most (then the longest), so a speaker keeps the written form the articles give.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from parallax.model import AliasGroup


def _one_letter_apart(a: str, b: str) -> bool:
    return len(a) == len(b) >= 5 and a[0] == b[0] and sum(x != y for x, y in zip(a, b)) == 1


def _is_short_name(name: str) -> bool:
    """A lone capitalised word: a surname or single name, not a phrase or an acronym."""
    return len(name.split()) == 1 and name[:1].isupper() and not name.isupper()


def canonical_speakers(quotes: Iterable[tuple],
                       aliases: Iterable[AliasGroup] = ()) -> dict[str, tuple[str, str | None]]:
    """{speaker as written: (canonical speaker, most frequent role)} for (speaker, role) of every quote,
    or (speaker, role, count) for `count` quotes (a store's grouped counts). Full names are indexed by
    their last word, so the work follows the number of distinct speakers, not its square."""
    uses: Counter = Counter()
    roles: dict[str, Counter] = defaultdict(Counter)
    weighted = [(q[0], q[1], q[2] if len(q) > 2 else 1) for q in quotes if q[0]]
    for speaker, _role, n in weighted:
        uses[speaker] += n
    group_of: dict[str, int] = {}
    groups_per_spelling: Counter = Counter()
    for k, group in enumerate(aliases):
        for spelling in {group.canonical, *group.spellings}:
            group_of[spelling] = k
            groups_per_spelling[spelling] += 1
    group_of = {s: k for s, k in group_of.items() if groups_per_spelling[s] == 1}   # ambiguous: no group
    full = [s for s in uses if len(s.split()) >= 2]
    is_full = set(full)
    by_group: dict[int, list[str]] = defaultdict(list)
    by_shape: dict[tuple[int, str], list[str]] = defaultdict(list)   # last word's length and first letter
    for f in full:
        if f in group_of:
            by_group[group_of[f]].append(f)
        last = f.split()[-1]
        by_shape[(len(last), last[:1])].append(f)

    def preferred(names: list[str]) -> str:
        return max(names, key=lambda n: (uses[n], len(n), n))

    by_ending: dict[str, list[str]] = defaultdict(list)   # 'health ministry' -> ['Xland health ministry']
    for f in full:
        words = f.split()
        for k in range(1, len(words) - 1):
            by_ending[" ".join(words[k:]).casefold()].append(f)

    target: dict[str, str] = {}
    for speaker in uses:
        longer = by_ending.get(speaker.casefold(), []) if speaker in is_full else []
        if len(longer) == 1:   # 'health ministry' where the corpus names only one: 'Xland health ministry'
            target[speaker] = longer[0]
        if speaker in is_full or not _is_short_name(speaker):
            continue
        grouped = by_group.get(group_of[speaker], []) if speaker in group_of else []
        ending = [f for f in by_shape.get((len(speaker), speaker[:1]), [])
                  if f.split()[-1] == speaker or _one_letter_apart(f.split()[-1], speaker)]
        candidates = grouped or ending
        people = {group_of.get(f, f) for f in candidates}
        if candidates and len(people) == 1:   # only one person it can be
            target[speaker] = preferred(candidates)
    # one name written in two cases ('Xian Foreign Ministry', 'Xian foreign ministry'): the form most used
    by_case: dict[str, list[str]] = defaultdict(list)
    for speaker in uses:
        by_case[speaker.casefold()].append(speaker)
    for forms in by_case.values():
        best = preferred(forms)
        for form in forms:
            if form != best:
                target[form] = target.get(best, best)
    # full names the alias groups join (spelling variants): the form most used
    for names in by_group.values():
        best = preferred(names)
        for n in names:
            if n != best:
                target[n] = best
    for speaker, role, n in weighted:
        if role:
            roles[target.get(speaker, speaker)][role] += n
    out = {}
    for speaker in uses:
        canonical = target.get(speaker, speaker)
        common = roles[canonical].most_common(1)
        out[speaker] = (canonical, common[0][0] if common else None)
    return out
