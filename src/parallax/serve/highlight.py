"""Lay out an article body as paragraphs of highlighted spans for the reader.

Two layers: outer spans (quotes, or one linked sentence) and inner spans (speakers, dates, figures,
entities). Within a layer spans never overlap (the first and longest wins); an inner span must lie
wholly inside one outer span or outside all of them, else it is left plain. The template escapes
every piece of text; this module only cuts the body at offsets.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Span:
    start: int
    end: int
    kind: str                 # quote | sentence | speaker | date | figure | entity
    anchor: str | None = None # element id, e.g. q3 (the target of /articles/<id>#q3)
    href: str | None = None
    title: str = ""


@dataclass
class Node:
    text: str
    span: Span | None = None
    anchor: str | None = None           # set on the piece where the span starts
    children: list["Node"] = field(default_factory=list)


def _non_overlapping(spans: list[Span], length: int) -> list[Span]:
    chosen, last_end = [], -1
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if 0 <= span.start < span.end <= length and span.start >= last_end:
            chosen.append(span)
            last_end = span.end
    return chosen


def _paragraphs(body: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in body.split("\n"):
        if line.strip():
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _inner_nodes(body: str, start: int, end: int, inner: list[Span]) -> list[Node]:
    nodes, pos = [], start
    for span in inner:
        if span.kind == "anchor":  # zero-width: keeps the link target of an outer span that lost an overlap
            if start <= span.start < end or (span.start == end == start):
                at = max(span.start, pos)
                if at > pos:
                    nodes.append(Node(body[pos:at]))
                    pos = at
                nodes.append(Node("", span, span.anchor))
            continue
        if span.start >= start and span.end <= end:
            if span.start > pos:
                nodes.append(Node(body[pos:span.start]))
            nodes.append(Node(body[span.start:span.end], span, span.anchor))
            pos = span.end
    if end > pos:
        nodes.append(Node(body[pos:end]))
    return nodes


def layout(body: str, outer: list[Span], inner: list[Span]) -> list[list[Node]]:
    """Paragraphs of nodes; an outer node holds inner nodes as children."""
    chosen = _non_overlapping(outer, len(body))
    lost = [Span(o.start, o.start, "anchor", o.anchor) for o in outer
            if o not in chosen and o.anchor and 0 <= o.start < len(body)]
    outer = chosen
    inner = [s for s in _non_overlapping(inner, len(body))
             if all(s.end <= o.start or s.start >= o.end or (o.start <= s.start and s.end <= o.end) for o in outer)
             and "\n" not in body[s.start:s.end]]
    inner = sorted(inner + lost, key=lambda s: (s.start, s.end))
    paragraphs = []
    for ps, pe in _paragraphs(body):
        nodes, pos = [], ps
        for o in outer:
            qs, qe = max(o.start, ps), min(o.end, pe)
            if qs >= qe:
                continue
            nodes += _inner_nodes(body, pos, qs, inner)
            anchor = o.anchor if o.start >= ps else None
            nodes.append(Node(body[qs:qe], o, anchor, _inner_nodes(body, qs, qe, inner)))
            pos = qe
        nodes += _inner_nodes(body, pos, pe, inner)
        paragraphs.append(nodes)
    return paragraphs
