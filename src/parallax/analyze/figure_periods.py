"""The period a figure refers to: years, decades and year ranges in its sentence or paragraph.
Used by `parallax.analyze.figures`."""
from __future__ import annotations

import re

from parallax.analyze.nlp import doc_text
from parallax.model import Figure

_YEAR = re.compile(r"\b(?:(early|mid|late)[- ])?((?:1[89]|20)\d\d)(s?)(?:\s*[-–]\s*((?:1[89]|20)\d\d))?\b",
                   re.IGNORECASE)


def years_in(text: str) -> list[tuple[int, int, int, int]]:
    """(char offset, char end, first year, last year) of each year, decade or year range."""
    found = []
    for m in _YEAR.finditer(text):
        part, year, decade, until = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        if until:
            first, last = year, int(until)
        elif decade:
            first, last = year, year + 9
            if part:
                first, last = {"early": (year, year + 4), "mid": (year + 3, year + 7),
                               "late": (year + 5, year + 9)}[part.lower()]
        else:
            first = last = year
        found.append((m.start(), m.end(), first, last))
    return found


def assign_periods(doc, figures: list[Figure], predicates: dict[int, object], text: str | None = None) -> None:
    """A figure's period: years inside its own predicate's phrase ("killed in a 2016 war");
    else years of its sentence that sit in no other figure's predicate phrase ("A cease-fire in
    1994 ..., but not before 25,000 people were killed"); else the last year earlier in its
    paragraph (same line). `text`: doc.text, if at hand (spaCy rebuilds it token by token)."""
    text = doc_text(doc) if text is None else text
    for fig in figures:
        sentence = text[fig.sentence_start:fig.sentence_end]
        here = [(s + fig.sentence_start, e + fig.sentence_start, a, b) for s, e, a, b in years_in(sentence)]
        siblings = [f for f in figures if f.sentence_start == fig.sentence_start]
        owner = {y: [f for f in siblings if _inside(y, predicates.get(id(f)))] for y in here}
        mine = [y for y in here if fig in owner[y]] or [y for y in here if not owner[y]]
        if not here:
            line_start = text.rfind("\n", 0, fig.sentence_start) + 1
            mine = years_in(text[line_start:fig.sentence_start])[-1:]
        if mine:
            first = min(y[2] for y in mine)
            last = max(y[3] for y in mine)
            fig.period = str(first) if first == last else f"{first}/{last}"
            fig.what = f"{fig.what} ({fig.period.replace('/', '-')})".strip()


def _inside(year, pred) -> bool:
    if pred is None:
        return False
    start, end = pred.left_edge.idx, pred.right_edge.idx + len(pred.right_edge.text)
    return start <= year[0] and year[1] <= end
