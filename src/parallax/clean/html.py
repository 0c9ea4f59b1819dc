"""HTML pages: the visible text (one block a line) plus trafilatura's body and metadata and
htmldate's publication date. Body lines are found back in the visible text so offsets stay exact."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from parallax.clean.lines import Line

# Elements that start a new line in the rendered page.
BLOCK_TAGS = frozenset("""
address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure footer
form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody tfoot thead tr ul
title option button label
""".split())
INVISIBLE_TAGS = frozenset("script style noscript template head svg iframe object embed canvas".split())

for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class TooDeep(ValueError):
    """libxml2 stops reading below 256 nested elements: the rest of the page would be lost silently."""


# lxml refuses a str that declares its encoding ("<?xml ... encoding=...?>", common in XHTML)
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def visible_text(html: str) -> tuple[str, str | None]:
    """The page's visible text, one block a line (whitespace inside a block collapsed), and <title>."""
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.fromstring(XML_DECLARATION.sub("", html, count=1), parser=parser)
    except (etree.ParserError, ValueError):
        return "", None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise TooDeep("HTML nested too deeply (more than 256 levels): refused rather than read in part")
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
        elif tag.lower() in ("td", "th"):
            current.append(" ")  # table cells stay on their row's line
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

    doc = None
    # precise first (measured best on the benchmark); a page where that finds little gets a second try
    for mode in ({"favor_precision": True}, {"favor_recall": True}):
        try:
            doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                              include_tables=True, **mode)
        except Exception:  # trafilatura raises on some malformed pages; the text classifier takes over
            doc = None
        if doc is not None and len(getattr(doc, "text", "") or "") >= 200:
            break
    try:
        date = htmldate.find_date(html, original_date=True, extensive_search=False, url=url)
    except Exception:
        date = None
    get = (lambda k: getattr(doc, k, None)) if doc is not None else (lambda k: None)
    return HtmlExtract(get("text"), get("title"), get("sitename"), get("author"), date)


TOKEN_RE = re.compile(r"\w+")


def _tokens(text: str) -> str:
    return " ".join(TOKEN_RE.findall(text.casefold()))


def body_line_mask(lines: list[Line], body: str) -> list[bool]:
    """Which visible lines are part of the extracted body, compared as word sequences (the extractor
    joins table cells, splits paragraphs and drops some inline link texts its own way). Each stretch
    of the body is claimed by one visible line at most, so a teaser repeating the body does not count."""
    body_lines = [t for t in (_tokens(b) for b in body.split("\n")) if t]
    text = " " + " \x01 ".join(body_lines) + " "   # \x01 marks the body's line breaks
    claimed = bytearray(len(text))

    def claim(words: str, across_lines: bool) -> bool:
        glue = r" (?:\x01 )?" if across_lines else " "
        pattern = " " + glue.join(re.escape(w) for w in words.split()) + " "
        for m in re.finditer(pattern, text):
            if not any(claimed[m.start() + 1:m.end() - 1]):
                claimed[m.start() + 1:m.end() - 1] = b"\x01" * (m.end() - m.start() - 2)
                return True
        return False

    tokens = [_tokens(l.text) for l in lines]
    whole = set(body_lines)
    mask = [bool(t) and (t in whole or t.count(" ") >= 3) and claim(t, False) for t in tokens]
    for i, t in enumerate(tokens):   # paragraphs the extractor printed over several lines
        if not mask[i] and t.count(" ") >= 3:
            mask[i] = claim(t, True)
    covered = " " + " ".join(t for t, m in zip(tokens, mask) if m) + " "
    missing = [set(b.split()) for b in body_lines if b.count(" ") >= 7 and f" {b} " not in covered]
    for i, t in enumerate(tokens):   # a line the extractor shortened by dropping a link text
        words = set(t.split())
        if not mask[i] and len(words) >= 8 and any(len(words & m) >= 0.8 * max(len(words), len(m))
                                                   for m in missing):
            mask[i] = True
    return mask
