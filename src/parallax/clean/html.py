"""HTML pages: the visible text (one block a line) plus trafilatura's body and metadata and
htmldate's publication date. Body lines are found back in the visible text so offsets stay exact."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import lxml.html
from lxml import etree

from parallax.clean.lines import Line

# Elements that start a new line in the rendered page.
BLOCK_TAGS = frozenset("""
address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure footer
form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul
title option button label
""".split())
INVISIBLE_TAGS = frozenset("script style noscript template head svg iframe object embed canvas".split())

for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def visible_text(html: str) -> tuple[str, str | None]:
    """The page's visible text, one block a line (whitespace inside a block collapsed), and <title>."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return "", None
    title_el = root.find(".//title")
    title = " ".join(title_el.text_content().split()) if title_el is not None else None
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            blocks.append(text)
        current.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in INVISIBLE_TAGS or not isinstance(el.tag, str):
            if el.tail:
                current.append(el.tail)
            return
        block = tag.lower() in BLOCK_TAGS
        if block:
            flush()
        if el.text:
            current.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            current.append(" " + el.tail if block else el.tail)

    body = root.find(".//body")
    walk(body if body is not None else root)
    flush()
    return "\n".join(blocks), title


@dataclass
class HtmlExtract:
    body: str | None
    title: str | None
    sitename: str | None
    author: str | None
    date: str | None           # htmldate's original publication date, YYYY-MM-DD


def extract(html: str, url: str | None) -> HtmlExtract:
    import htmldate
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_recall=True)
    except Exception:  # trafilatura raises on some malformed pages; the text classifier takes over
        doc = None
    try:
        date = htmldate.find_date(html, original_date=True, extensive_search=False, url=url)
    except Exception:
        date = None
    get = (lambda k: getattr(doc, k, None)) if doc is not None else (lambda k: None)
    return HtmlExtract(get("text"), get("title"), get("sitename"), get("author"), date)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def body_line_mask(lines: list[Line], body: str) -> list[bool]:
    """Which visible lines are part of the extracted body: a line that is one of the body's lines,
    or a longer line found inside the body text (blocks split differently)."""
    body_lines = {_norm(b) for b in body.split("\n") if b.strip()}
    body_norm = _norm(body)
    return [_norm(l.text) in body_lines or (len(l.text) >= 25 and _norm(l.text) in body_norm) for l in lines]
