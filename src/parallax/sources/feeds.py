"""RSS 2.0 / RSS 1.0 (RDF) / Atom: the links of a feed's items, nothing else."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

FEED_ROOTS = {"rss", "feed", "RDF"}
ITEM_TAGS = {"item", "entry"}
DEFAULT_MAX_ITEMS = 1000


class FeedError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def looks_like_feed(data: bytes) -> bool:
    """True when the start of `data` is an RSS, RDF or Atom document."""
    head = data[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse_feed(data: bytes, base_url: str | None = None, *, max_items: int = DEFAULT_MAX_ITEMS) -> list[str]:
    """The http(s) links of the feed's items, in feed order, without repeats; raises FeedError."""
    if b"<!ENTITY" in data.upper():
        # Entity definitions are how XML bombs and external-file tricks work; feeds never need them.
        raise FeedError("feed declares XML entities; refused")
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, RecursionError) as exc:
        raise FeedError(f"not a valid feed: {exc}") from None
    if _local(root.tag) not in FEED_ROOTS:
        raise FeedError(f"not an RSS or Atom feed (root element <{_local(root.tag)}>)")
    links: list[str] = []
    for element in root.iter():
        if _local(element.tag) in ITEM_TAGS:
            link = _item_link(element)
            url = urljoin(base_url or "", link.strip()) if link else ""
            if urlsplit(url).scheme in ("http", "https") and url not in links:
                links.append(url)
                if len(links) >= max_items:
                    break
    return links


def _item_link(item: ET.Element) -> str | None:
    """RSS: <link>url</link>; Atom: <link href="url"/> with rel="alternate" or no rel."""
    for child in item:
        if _local(child.tag) != "link":
            continue
        href = child.get("href")
        if href is not None:
            if child.get("rel", "alternate") == "alternate":
                return href
        elif child.text and child.text.strip():
            return child.text
    return None


def _local(tag: object) -> str:
    """Element name without its namespace ("{http://www.w3.org/2005/Atom}entry" -> "entry")."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
