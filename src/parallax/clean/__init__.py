"""clean stage: body text and metadata of one document, with exact offsets back to its text.

`clean_document(raw, memory)` -> `Article`. Text input goes through the line classifier
(`classify.py`); HTML goes through trafilatura + htmldate, whose body lines the block model
(`blocks.py`, learned on WCXB pages) confirms or corrects, and falls back to the classifier on
the page's visible text when they find no body.
"""
from __future__ import annotations

import re
from itertools import islice

from parallax.clean import html as html_input
from parallax.clean.authors import choose_author, site_authors
from parallax.clean.blocks import block_features, body_mask
from parallax.clean.classify import (BODY, BOILERPLATE, HEADLINE, Classified, classify_lines,
                                     end_at_repeated_stamps)
from parallax.clean.dates import find_dates
from parallax.clean.lines import Line, split_lines
from parallax.clean.memory import OutletMemory
from parallax.clean.metadata import (find_byline, find_credits, find_outlet, find_published, guess_language,
                                     outlet_country, outlet_from_url, plausible_author, visible_bylines)
from parallax.model import Article, Fact, RawDocument, Zone, article_id

__all__ = ["CleanError", "OutletMemory", "clean_document", "clean_text", "clean_html"]

MIN_BODY_CHARS = 200   # an HTML extraction shorter than this is treated as failed
# Size limits (characters): cleaning time grows linearly (~3 s per million characters of text), and
# no news article comes near them; larger inputs are refused with a reason, never truncated.
MAX_TEXT_CHARS = 2_000_000      # plain text, and the visible text of an HTML page
MAX_HTML_CHARS = 5_000_000      # the HTML markup (also below libxml2's 10 MB text-node limit)
# lxml's time grows with the square of a tag's attribute count (10,000 attributes: ~4 s), inside one
# C call no time limit can interrupt: so the page is refused when one tag has more than
# MAX_TAG_ATTRIBUTES, or when its tags' squared counts add up past MAX_ATTRIBUTE_WORK (~0.1 s a parse,
# and a page is parsed a few times). Attributes are counted as an HTML tokenizer reads them: valueless
# ones too, and a quoted value may hold ">" or "<". Real pages stay far below both limits (534 shared
# pages: at most 313 attributes in a tag, 261,436 squared in all).
MAX_TAG_ATTRIBUTES = 1_000
MAX_ATTRIBUTE_WORK = 2_000_000
_ATTR = r"""[^\s/>][^\s/>=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?"""
_TAG = re.compile(rf"<[A-Za-z][^\s/>]*(?:[\s/]+{_ATTR})*")   # a start tag up to its ">" (never fails)
_ATTRIBUTE = re.compile(rf"[\s/]+{_ATTR}")
MIN_COUNTED_TAG = 64   # characters: a shorter tag holds too few attributes to matter


class CleanError(Exception):
    """The document holds no article (empty, or no body found)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def clean_document(raw: RawDocument, memory: OutletMemory | None = None) -> Article:
    text = raw.text or raw.data.decode("utf-8", errors="replace")
    if not text.strip():
        raise CleanError("empty document")
    url = raw.meta.get("url") or (raw.uri if raw.uri.startswith(("http://", "https://")) else None)
    looks_html = text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))
    if "html" in (raw.content_type or "").lower() or looks_html:
        article = clean_html(text, uri=raw.uri, url=url, meta=raw.meta, memory=memory)
    else:
        article = clean_text(text, uri=raw.uri, url=url, meta=raw.meta, memory=memory)
    article.fetched_at = raw.fetched_at
    if not article.published.value and raw.fetched_at:
        # nothing printed or mentioned: the page existed when it was fetched (an upper bound)
        article.published = Fact(raw.fetched_at[:10], "inferred:fetched", 0.3, raw.fetched_at)
    return article


def clean_text(text: str, *, uri: str = "", url: str | None = None, meta: dict | None = None,
               memory: OutletMemory | None = None) -> Article:
    meta = meta or {}
    _check_size(text, MAX_TEXT_CHARS, "text")
    lines = split_lines(text)
    if not lines:
        raise CleanError("empty document")
    memory_key = meta.get("outlet") or outlet_from_url(url)
    # A line another page of the same outlet printed is site furniture; when the outlet is unknown,
    # pages of many sites share one pool, so ask for two earlier pages (syndicated copies share lines).
    needed = 1 if memory_key else 2
    seen = (lambda t: int(memory.seen(memory_key, t) >= needed)) if memory is not None else None
    result = classify_lines(lines, seen)
    if BODY not in result.labels:
        raise CleanError("no article body found")
    article = _assemble(text, lines, result, uri=uri, url=url, meta=meta)
    if memory is not None:
        memory.remember(memory_key, [l.text for l in lines])
    return article


def _check_tags(html: str) -> None:
    work = 0
    for tag in _TAG.finditer(html):
        if tag.end() - tag.start() < MIN_COUNTED_TAG:
            continue
        count = sum(1 for _ in islice(_ATTRIBUTE.finditer(html, tag.start(), tag.end()), MAX_TAG_ATTRIBUTES + 1))
        work += count * count
        if count > MAX_TAG_ATTRIBUTES:
            raise CleanError(f"HTML tag at character {tag.start():,} has over {MAX_TAG_ATTRIBUTES:,} attributes; "
                             f"refusing a page built to stall the parser")
        if work > MAX_ATTRIBUTE_WORK:
            raise CleanError(f"HTML tags up to character {tag.end():,} hold too many attributes (sum of squared "
                             f"counts over {MAX_ATTRIBUTE_WORK:,}); refusing a page built to stall the parser")


def clean_html(html: str, *, uri: str = "", url: str | None = None, meta: dict | None = None,
               memory: OutletMemory | None = None) -> Article:
    meta = meta or {}
    _check_size(html, MAX_HTML_CHARS, "HTML page")
    _check_tags(html)
    html, repaired = html_input.repair_mojibake(html)
    try:
        blocks, page_title = html_input.visible_blocks(html)
    except html_input.TooDeep as exc:
        raise CleanError(str(exc)) from None
    source = "\n".join(b.text for b in blocks)
    if not source.strip():
        raise CleanError("no visible text in the HTML page")
    _check_size(source, MAX_TEXT_CHARS, "visible text of the HTML page")
    found = html_input.extract(html, url)
    lines = split_lines(source)
    result = classify_lines(lines)        # used for credits and bylines, and as the fallback
    how = "text-classifier"
    if found.body and len(found.body) >= MIN_BODY_CHARS:
        mask = html_input.body_line_mask(lines, found.body)
        if sum(len(l.text) for l, m in zip(lines, mask) if m) >= MIN_BODY_CHARS:
            how = "trafilatura"
            title = found.title or page_title
            headline = _find_line(lines, title)
            mask = _block_model_mask(lines, blocks, found, mask, title, headline) or mask
            labels = [HEADLINE if i == headline else BODY if m else BOILERPLATE
                      for i, (l, m) in enumerate(zip(lines, mask))]
            result = Classified(labels, result.kinds, headline)
    if BODY not in result.labels:
        raise CleanError("no article body found")
    article = _assemble(source, lines, result, uri=uri, url=url, meta=meta, html=found, page_title=page_title)
    if how != "trafilatura":
        article.warnings.append("HTML extraction found no body; used the text line classifier")
    if repaired:
        article.warnings.append(f"repaired {repaired} double-encoded UTF-8 sequences (text read as Latin-1)")
    return article


def _block_model_mask(lines: list[Line], blocks: list, found: html_input.HtmlExtract, kept: list[bool],
                      title: str | None, headline: int | None) -> list[bool] | None:
    """The block model's body lines (trafilatura's lines are among its features), or None when it
    keeps too little to be a body (the extraction's lines stand)."""
    if len(blocks) != len(lines):
        return None
    # the chosen body is usually one of the two variants: its lines are `kept` already
    masks = [kept, *(kept if v == found.body else html_input.body_line_mask(lines, v) if v else [False] * len(lines)
                     for v in found.variants)]
    if len(masks) != 3:
        return None
    chosen = _end_at_comment_stamps(lines, body_mask(block_features(lines, blocks, masks, title, headline)))
    if sum(len(l.text) for i, (l, m) in enumerate(zip(lines, chosen)) if m and i != headline) < MIN_BODY_CHARS:
        return None
    return chosen


def _end_at_comment_stamps(lines: list[Line], chosen: list[bool]) -> list[bool]:
    """The chosen lines up to a comment thread or a dated story list that follows the article (the
    text classifier's repeated-stamp rule over the stretch from the first to the last chosen line)."""
    kept = [i for i, m in enumerate(chosen) if m]
    if not kept:
        return chosen
    end = end_at_repeated_stamps(lines, (kept[0], kept[-1] + 1))[1]
    return [m and i < end for i, m in enumerate(chosen)]


def _check_size(text: str, limit: int, what: str) -> None:
    if len(text) > limit:
        raise CleanError(f"document too large: {what} has {len(text):,} characters (limit {limit:,})")


def _find_line(lines: list[Line], title: str | None) -> int | None:
    if not title:
        return None
    norm = " ".join(title.split()).casefold()
    for i, line in enumerate(lines):
        if line.text.casefold() == norm:
            return i
    return None


def _assemble(source: str, lines: list[Line], result: Classified, *, uri: str, url: str | None, meta: dict,
              html: html_input.HtmlExtract | None = None, page_title: str | None = None) -> Article:
    body_parts, segments, pos = [], [], 0
    for line, label in zip(lines, result.labels):
        if label != BODY:
            continue
        start = line.start + (len(source[line.start:line.end]) - len(source[line.start:line.end].lstrip()))
        if body_parts:
            pos += 1  # the "\n" joining body lines
        segments.append((pos, start, len(line.text)))
        body_parts.append(line.text)
        pos += len(line.text)
    body = "\n".join(body_parts)
    zones = [Zone(l.start, l.end, lab) for l, lab in zip(lines, result.labels)]
    headline = _headline_fact(lines, result, meta, html, page_title)
    outlet = find_outlet(lines, result.labels, meta, url, html.sitename if html else None, result.kinds)
    published = find_published(lines, result.labels, result.kinds, result.headline, meta,
                               html.date if html else None, html.date_how if html else "",
                               html.instant_days if html else frozenset(),
                               time_days=html.time_days if html else None, url=url)
    byline = find_byline(lines, result.kinds, meta)
    if html is not None and not meta.get("author"):
        byline = _html_byline(lines, html, byline)
    return Article(
        id=article_id(source), uri=uri, source_text=source, body=body, segments=segments, zones=zones,
        headline=headline, outlet=outlet, published=published, byline=byline,
        credits=find_credits(lines, result.kinds, result.labels, outlet),
        language=str(meta.get("language") or guess_language(body)), url=url,
        outlet_country=outlet_country(outlet, meta, url),
    )


def _html_byline(lines: list[Line], html: html_input.HtmlExtract, printed: Fact) -> Fact:
    """The markup's author, the printed byline, an author box, trafilatura's guess: a person's name
    first (authors.choose_author)."""
    candidates = [*html.authors, (printed.how, printed.value), *visible_bylines(lines),
                  ("html:trafilatura", html.extractor_author)]
    name, how = choose_author([(h, n) for h, n in candidates if plausible_author(n)], html.site_names)
    if not name:   # nobody named: the copyright holder or the site itself, with less confidence
        name, how = choose_author(site_authors(html.sitename, [l.text for l in lines]), [])
        if not name:
            return Fact(None, "", 0.0)
    evidence = printed.evidence if printed.value == name else ""
    return Fact(name, how, 1.0 if how.startswith("printed") else 0.5 if how in ("html:copyright", "html:site-name")
                else 0.9, evidence)


def _headline_fact(lines: list[Line], result: Classified, meta: dict, html: html_input.HtmlExtract | None,
                   page_title: str | None) -> Fact:
    if meta.get("title"):   # the title the scraper recorded beats our guess
        return Fact(" ".join(str(meta["title"]).split()), str(meta.get("meta_source") or "jsonl"))
    if result.headline is not None:
        return Fact(lines[result.headline].text, "text:headline-line" if html is None else "html:title",
                    1.0, lines[result.headline].text)
    if html and (html.title or page_title):
        return Fact(html.title or page_title, "html:title", 0.8)
    return Fact(None, "", 0.0)
