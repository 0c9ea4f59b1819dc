"""HTML pages: the visible text (one block a line) plus trafilatura's body and metadata and
htmldate's publication date. Body lines are found back in the visible text so offsets stay exact."""
from __future__ import annotations

import datetime as dt
import html as html_lib
import itertools
import logging
import re
from dataclasses import dataclass, field

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
# "</body>" or "</html>": browsers ignore them and render what follows as part of the body; libxml2
# drops what follows, and a page whose template closes them early loses its article
BODY_END_RE = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def reopen_body(html: str) -> str:
    """The page without its </body> and </html> tags, so that content after them is read (the parser
    closes both at the end of the page)."""
    return BODY_END_RE.sub("", html)


@dataclass
class Block:
    """One rendered line of the page and where it sits in the markup (for the block model)."""
    text: str
    link_chars: int                 # characters inside <a> elements
    path: tuple[tuple[str, str], ...]   # (tag, "class id") of the open elements, outermost first
    nodes: tuple[int, ...]          # those elements' numbers in document order (same element, same number)


def visible_text(html: str) -> tuple[str, str | None]:
    """The page's visible text, one block a line (whitespace inside a block collapsed), and <title>."""
    blocks, title = visible_blocks(html)
    return "\n".join(b.text for b in blocks), title


def visible_blocks(html: str) -> tuple[list[Block], str | None]:
    """The page's rendered blocks (one a line of `visible_text`) and <title>."""
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.fromstring(XML_DECLARATION.sub("", reopen_body(html), count=1), parser=parser)
    except (etree.ParserError, ValueError):
        return [], None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise TooDeep("HTML nested too deeply (more than 256 levels): refused rather than read in part")
    title_el = root.find(".//title")
    title = " ".join(title_el.text_content().split()) if title_el is not None else None
    blocks: list[Block] = []
    current: list[tuple[str, bool]] = []   # (text, inside a link)
    stack: list[tuple[str, str]] = []
    nodes: list[int] = []
    links = [0]   # open <a> elements
    counter = itertools.count()

    def flush() -> None:
        text = " ".join("".join(t for t, _ in current).split())
        if text:
            linked = sum(len(t.strip()) for t, in_link in current if in_link)
            blocks.append(Block(text, min(linked, len(text)), tuple(stack), tuple(nodes)))
        current.clear()

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in INVISIBLE_TAGS or not isinstance(el.tag, str):
            if el.tail:
                current.append((el.tail, links[0] > 0))
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        elif tag in ("td", "th"):
            current.append((" ", False))  # table cells stay on their row's line
        stack.append((tag, f"{el.get('class') or ''} {el.get('id') or ''}"))
        nodes.append(next(counter))
        links[0] += tag == "a"
        if el.text:
            current.append((el.text, links[0] > 0))
        for child in el:
            walk(child)
        if block:
            flush()
        links[0] -= tag == "a"
        stack.pop()
        nodes.pop()
        if el.tail:
            current.append((" " + el.tail if block else el.tail, links[0] > 0))

    body = root.find(".//body")
    walk(body if body is not None else root)
    flush()
    return blocks, title


# UTF-8 read as Latin-1: a lead byte (Â-ô) and its continuation bytes shown as characters (U+0080-U+00BF).
_MOJIBAKE_RE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]{1,3}")


def repair_mojibake(html: str) -> tuple[str, int]:
    """The page with its double-encoded UTF-8 ("Investorâ\x80\x99s" -> "Investor’s") decoded, and how many
    sequences were repaired. Only when the page shows it unmistakably: an invisible C1 control
    character (U+0080-U+009F, never in real text) inside such a sequence, or three sequences or more."""
    found = [m for m in _MOJIBAKE_RE.finditer(html) if _redecode(m.group()) is not None]
    if not found or (len(found) < 3 and not any(re.search("[\u0080-\u009f]", m.group()) for m in found)):
        return html, 0
    return _MOJIBAKE_RE.sub(lambda m: _redecode(m.group()) or m.group(), html), len(found)


def _redecode(chunk: str) -> str | None:
    try:
        return chunk.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


@dataclass
class HtmlExtract:
    body: str | None
    title: str | None          # the page's title: H1 reconciled with og:title and <title>, site name removed
    sitename: str | None
    authors: list[tuple[str, str | None]]   # (how, text) author candidates, most trusted first
    date: str | None           # JSON-LD/meta datePublished, else htmldate's original date, YYYY-MM-DD
    date_how: str = ""
    site_names: list[str] = field(default_factory=list)
    instant_days: frozenset[str] = frozenset()   # other days the markup's publication instant falls on
    extractor_author: str | None = None   # trafilatura's, the last resort
    variants: tuple[str, ...] = ()        # the precise and the balanced extraction's bodies (block model)
    time_days: dict[str, str] = field(default_factory=dict)   # a <time>'s printed text -> its datetime's day


def extract(html: str, url: str | None) -> HtmlExtract:
    import htmldate
    import trafilatura

    html = reopen_body(html)

    def run(**mode):
        try:
            return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                               include_tables=True, **mode)
        except Exception:  # trafilatura raises on some malformed pages; the text classifier takes over
            return None

    def size(d) -> int:
        return len(getattr(d, "text", "") or "") if d is not None else 0

    # Precise extraction, unless it kept less than half of what the balanced setting finds (then it
    # cut the article itself): AEB body .967 and WCXB .938, where either setting alone loses on one
    # of them (bench/wcxb_vs_trafilatura.py, parallax eval --format aeb). A page where both find
    # little gets a try favouring recall.
    precise, balanced = run(favor_precision=True), run()
    doc = precise if size(precise) >= 200 and size(precise) >= 0.5 * size(balanced) else balanced
    if size(doc) < 200:
        doc = run(favor_recall=True)
    meta = page_metadata(html, url)
    date, how = meta.published, meta.how
    if not date:   # htmldate reads the URL, headers and visible dates too ("extensive")
        try:
            date, how = htmldate.find_date(html, original_date=True, extensive_search=True, url=url), "html:htmldate"
        except Exception:
            date = None
    get = (lambda k: getattr(doc, k, None)) if doc is not None else (lambda k: None)
    return HtmlExtract(get("text"), meta.title or get("title"), meta.site_name or get("sitename"),
                       meta.authors, date, how if date else "", meta.site_names, meta.instant_days,
                       _plausible_author(get("author")),
                       tuple(getattr(d, "text", "") or "" if d is not None else "" for d in (precise, balanced)),
                       time_days=meta.time_days)


def _plausible_author(name: str | None) -> str | None:
    """trafilatura's author unless it is a date fragment ("Dec", "Updated January")."""
    if not name or re.search(r"(?i)^(?:updated|published|posted)\b|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                             r"[a-z]*\.?$|\d", name):
        return None
    return name


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


# ---- page metadata: title, site name, author, dates from the markup ---------------------------------
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·»•/]{1,2}\s+|\s+::\s+")


@dataclass
class PageMeta:
    title: str | None = None
    site_name: str | None = None
    authors: list[tuple[str, str | None]] = field(default_factory=list)   # (how, text), most trusted first
    published: str | None = None      # YYYY-MM-DD from JSON-LD or meta tags
    how: str = ""                      # where `published` came from
    site_names: list[str] = field(default_factory=list)
    title_inputs: tuple = ()          # (h1s, og:title, JSON-LD headline, <title>, site names, hosts,
                                      #  the body's visible words, the URL slug's words): titles.candidates
    instant_days: frozenset[str] = frozenset()   # other days the `published` instant falls on (instant_days)
    time_days: dict[str, str] = field(default_factory=dict)   # a dated <time>'s printed text -> its day


def _norm(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def _meta(root, *names: str) -> str | None:
    for name in names:
        for el in root.xpath(f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]'):
            content = " ".join(html_lib.unescape(el.get("content") or "").split())
            if content:
                return content
    return None


def _json_ld(root) -> list[dict]:
    import json

    found: list[dict] = []

    def collect(node) -> None:
        if isinstance(node, dict):
            found.append(node)
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if isinstance(node.get(key), (list, dict)):
                    collect(node[key])
        elif isinstance(node, list):
            for item in node:
                collect(item)

    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            collect(json.loads(script.text_content() or ""))
        except ValueError:
            continue
    return found


ARTICLE_TYPES = re.compile(r"(?i)article|posting|report|blog|webpage")


def _ld_article(items: list[dict]) -> dict:
    typed = [i for i in items if ARTICLE_TYPES.search(str(i.get("@type", ""))) and
             (i.get("headline") or i.get("datePublished"))]
    return next((i for i in typed if "webpage" not in str(i.get("@type", "")).lower()), typed[0] if typed else {})


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


_LEADING_DATE_RE = re.compile(r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}"
                              r"|\d{4}-\d\d-\d\d)\s+(?=\S+\s+\S)")


def _is_site(part: str, site_names: list[str], hosts: list[str] = ()) -> bool:
    """The text names the site: one of its names (or a name it begins: "Acme News Health" for
    "Acme News"), or its domain ("example.com", "example"), which must match whole."""
    p = _norm(part)
    if not p:
        return False
    sites = {_norm(s) for s in site_names if s}
    exact = sites | {s.replace(" ", "") for s in sites} | {_norm(h).replace(" ", "") for h in hosts if h}
    return (p in exact or p.replace(" ", "") in exact
            or any((p.startswith(s) or s.startswith(p)) and len(p) > 2 and len(p.split()) <= len(s.split()) + 1
                   for s in sites if len(s) > 3))   # "Acme News Health", not "Acme launches a new ..."


def _opens_with_host(part: str, hosts: list[str], most_words: int = 4) -> bool:
    """A short segment that opens with the domain's name: "Acme App Store" on acme.example (a site
    names its store, blog or newsroom after itself)."""
    words = _norm(part).split()
    labels = {h for h in hosts if h and "." not in h and len(h) > 3}
    return len(words) <= most_words and any("".join(words[:k]) in labels for k in range(1, len(words) + 1))


def strip_site_name(title: str, site_names: list[str], hosts: list[str] = ()) -> str:
    """'Headline - Site Name' / 'Site Name | Headline' / 'Headline (Site Name)' / 'Site Name: Headline'
    -> 'Headline': a title segment naming the site (or the domain) is dropped; with no known site name,
    a short last segment after ' | ' is dropped."""
    bracketed = re.match(r"(.*\S)\s+[(\[]([^()\[\]]+)[)\]]$", title)
    if bracketed and _is_site(bracketed.group(2), site_names, hosts):   # "Headline (Site Name)"
        title = bracketed.group(1)
    labelled = re.match(r"([^:]{2,60}):\s+(\S.*)$", title)
    if labelled and (_is_site(labelled.group(1), site_names, hosts)
                     or _opens_with_host(labelled.group(1), hosts, 2)):
        title = labelled.group(2)   # "Site Name: Headline", "Acme Blog: Headline"
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    seps = TITLE_SEPARATORS.findall(title)

    def is_site(part: str, most_words: int = 4) -> bool:
        return _is_site(part, site_names, hosts) or _opens_with_host(part, hosts, most_words)
    start = next((i for i, part in enumerate(parts) if not is_site(part, 2)), None)
    if start is None:
        return title
    # the site's name goes with whatever follows it (its tagline: "Headline - Acme | Tools for makers")
    end = next((i for i in range(start + 1, len(parts)) if is_site(parts[i])), len(parts))
    if (start, end) == (0, len(parts)) and "|" in seps[-1] and len(parts[-1].split()) <= 4 \
            and len(parts[0].split()) > len(parts[-1].split()):
        end -= 1      # "Headline | Acme": a short tail after a bar is the site
    kept = parts[start]
    for sep, part in zip(seps[start:end - 1], parts[start + 1:end]):
        kept += sep + part
    return kept.strip()


def site_label(host: str) -> str:
    """The name part of a host: "blog.example.co.uk" -> "example" (a subdomain such as "blog" or
    "business" names a section, not the site)."""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "ac", "edu", "gov"):
        labels = labels[:-1]
    return labels[-2] if len(labels) >= 2 else labels[0] if labels else ""


_UPDATE_CLASS = re.compile(r"(?i)modif|updat|edit")


def _time_elements(root) -> tuple[str | None, str | None]:
    """The datetime of a <time> the page marks as its publication (pubdate, a "published"/"entry-date"/
    "post-date" class), and of the first <time> that is not an update stamp."""
    marked, first = None, None
    for el in root.xpath("//body//time[@datetime]"):
        classes = " ".join(filter(None, (el.get("class"), el.getparent().get("class") if el.getparent() is not None else "")))
        if _UPDATE_CLASS.search(classes):
            continue
        first = first or el.get("datetime")
        if marked is None and (el.get("pubdate") is not None or re.search(r"(?i)publish|entry-date|post-date", el.get("class") or "")):
            marked = el.get("datetime")
    return marked, first


def _time_days(root) -> dict[str, str]:
    """The printed text of each <time> in the body -> the day its datetime attribute states: the
    machine-readable value settles what the text leaves open (day or month first) or misprints."""
    found: dict[str, str] = {}
    for el in root.xpath("//body//time[@datetime]"):
        m = _ISO_DAY_RE.match(el.get("datetime") or "")
        text = _text(el.text_content())
        if m and len(text) >= 6:
            found.setdefault(text, m.group(1))
    return found


def _text(text: str | None) -> str:
    """Whitespace collapsed and entities decoded (some pages escape twice: "&amp;#x26;")."""
    return " ".join(html_lib.unescape(text or "").split())


def heading_text(el) -> str:
    """A heading's text, one line per block child ("<h1><div>Kicker</div><span>Headline</span></h1>"
    -> "Kicker\nHeadline"); a <br> is a space (display type broken over lines: "WEEKEND<br>CODING")."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else None   # comments carry no visible text
        if tag in INVISIBLE_TAGS:
            return
        block = node is not el and tag in BLOCK_TAGS and tag != "br"
        parts.append("\n" if block else " " if tag == "br" else "")
        parts.append((node.text or "") if tag else "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        parts.append("\n" if block else "")

    walk(el)
    lines = (_text(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def choose_title(h1s: list[str], og: str, headline: str, page_title: str, site_names: list[str],
                 hosts: list[str] = ()) -> str | None:
    """The page's title: the H1 the metadata titles agree with, else the metadata title with the site
    name removed. An H1 naming the site is its banner, not a headline."""
    stripped = [strip_site_name(t, site_names, hosts) for t in (og, headline, page_title) if t]
    h1s = [" ".join(h.split()) for h in h1s]   # a heading's lines (heading_text) read as one
    # a bar in a heading sets off a tagline or section ("Headline | Top 19 Picks")
    h1s = [h.split(" | ")[0] for h in h1s if not _is_site(h, site_names, hosts)]
    for h in h1s:   # an H1 that opens a "H1: Headline" title is the site's banner, the rest its headline
        if any(_norm(h) == _norm(t) for t in (og, headline) if t):
            continue
        rest = next((t[len(h):] for t in (og, page_title) if t and t.startswith(h)
                     and re.match(r"\s*:\s+\S+\s+\S", t[len(h):])), None)
        if rest:
            return rest.strip(" :|")
    for h in h1s:   # the H1 that the metadata titles agree with
        if any(_norm(h) == _norm(s) or (_norm(h) and _norm(h) in _norm(s)) for s in stripped):
            return h
    if len(h1s) == 1 and len(h1s[0].split()) >= 3:
        words = set(_norm(h1s[0]).split())
        shared = max((len(words & set(_norm(s).split())) / len(words) for s in stripped), default=1.0)
        if shared >= 0.35:   # the page's own heading, when it is about what the meta title says
            return h1s[0]
    return stripped[0] if stripped else h1s[0] if h1s else None


def _visible_words(root) -> str:
    """The body's visible text as lowercase words (`_norm`): where the title candidates show on the page.
    A stack, not recursion: hostile pages nest thousands deep."""
    body = root.find("body")
    parts, stack = [], [body if body is not None else root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item.tag, str) and item.tag not in INVISIBLE_TAGS:   # comments carry no text
            parts.append(item.text or "")
            for child in reversed(item):   # each child, then the text after it
                stack += [child.tail or "", child]
    return _norm(" ".join(parts))


_ISO_DAY_RE = re.compile(r"\s*((?:19|20)\d\d-\d\d-\d\d)")


def instant_days(value: str) -> frozenset[str]:
    """The other days a timestamp with a time and an offset falls on somewhere between UTC-12 and UTC+14:
    a page printing one of them prints the same instant in its own zone, while the benchmark (and the
    markup) date it as written. A midnight stamp is a bare date: none."""
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return frozenset()
    if stamp.tzinfo is None or stamp.time() == dt.time(0):
        return frozenset()
    utc = stamp.astimezone(dt.timezone.utc)
    days = {(utc + dt.timedelta(hours=h)).date().isoformat() for h in range(-12, 15)}
    return frozenset(days - {stamp.date().isoformat()})


def page_metadata(html: str, url: str | None = None) -> PageMeta:
    """Title (H1 reconciled with og:title and <title>, site name removed), site name, author and the
    publication date the markup states (JSON-LD datePublished, then article meta tags)."""
    try:
        root = lxml.html.fromstring(XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return PageMeta()
    ld = _json_ld(root)
    art = _ld_article(ld)
    site = _meta(root, "og:site_name", "application-name", "twitter:site")
    publisher = _names(art.get("publisher"))
    host = ""
    if url and "://" in url:
        from urllib.parse import urlparse
        host = re.sub(r"^(?:www\d?|m|amp|edition|en)\.", "", urlparse(url).hostname or "")
    hosts = [h for h in (host, site_label(host)) if h]
    site_names = [s for s in [site, *publisher] if s]
    site_names += [n.get("name") for n in ld if isinstance(n.get("name"), str)
                   and re.search(r"(?i)organization|website", str(n.get("@type", "")))]
    title_el = root.find(".//title")
    page_title = _text(title_el.text_content()) if title_el is not None else ""
    h1s = [_LEADING_DATE_RE.sub("", heading_text(h)) for h in root.xpath("//body//h1")[:5]]
    headline = art.get("headline") if isinstance(art.get("headline"), str) else None
    from parallax.clean.titles import best_title, slug_words
    title_inputs = ([h for h in h1s if 2 <= len(h) <= 300], _text(_meta(root, "og:title", "twitter:title")),
                    _text(headline), page_title, list(site_names), hosts, _visible_words(root), slug_words(url))
    title = best_title(*title_inputs) or choose_title(*title_inputs[:6])
    site_names += hosts
    from parallax.clean.authors import markup_authors
    authors = markup_authors(root, art, _meta)
    date, how, instant = None, "", frozenset()
    published_time, first_time = _time_elements(root)
    for value, source in ((_meta(root, "article:published_time", "datePublished", "pubdate", "publishdate",
                                 "publish-date", "date", "dc.date", "dc.date.issued", "sailthru.date",
                                 "parsely-pub-date", "og:published_time"), "html:meta"),
                          (published_time, "html:time-published"),
                          (art.get("datePublished"), "html:json-ld"),
                          (first_time, "html:time")):
        m = _ISO_DAY_RE.match(str(value or ""))
        if m:
            date, how, instant = m.group(1), source, instant_days(str(value))
            break
    return PageMeta(title, site or (publisher[0] if publisher else None), authors, date, how, site_names,
                    title_inputs, instant, _time_days(root))
