"""The page title chosen among its candidates by a learned scorer.

A page states its title several times: H1 headings, og:title, the JSON-LD headline, <title>; each
may carry the site name, a tagline or a section after a separator. Every statement, with the site
name removed, and its first and last separated segments (an H1's first and last lines, where a kicker
sits over the headline) are candidates; a logistic scorer (weights in title_model.json, trained on
WCXB pages' gold titles by `bench/train_title_model.py`) rates each from where it was found, how many
statements agree with it, its shape, and how it sits on the page: whether the visible text shows it
apart from the H1s (a hero line, a second heading), how much of it the URL's slug names, and how much
of it the text under the H1 repeats. The best one is the title.
"""
from __future__ import annotations

import json
import math
import os
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS_PATH = Path(__file__).with_name("title_model.json")
SOURCES = ["h1", "og", "ld", "title"]
FEATURE_NAMES = [
    "bias", *(f"from_{s}" for s in SOURCES), "first_h1", "agree", "contained", "whole", "first_segment",
    "last_segment", "raw", "names_site", "log_words", "upper", "separators", "brackets", "h1_count",
    "question", "digits", "max_overlap", "longest", "meta_agree", "h1_agree", "h1_and_meta", "meta_disagree_h1",
    "ends_period", "many_words", "all_caps", "shown_apart", "slug_share", "slug_cover", "slug_best", "after_h1",
]
# words too common to tie a candidate to a slug or to the text under the heading
FILLER = frozenset("a an the of for to and in on with is are how what your you my our".split())
AFTER_H1_CHARS = 1500   # the opening of the text under the H1: its first paragraphs


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def slug_words(url: str | None) -> str:
    """The words of a URL's last path segment ("/blog/how-to-fix-a-door.html" -> "how to fix a door")."""
    from urllib.parse import urlparse

    segments = [s for s in urlparse(url or "").path.split("/") if s]
    return _norm(re.sub(r"\.\w+$", "", segments[-1]).replace("_", " ")) if segments else ""


def candidates(h1s: list[str], og: str, headline: str, page_title: str, site_names: list[str],
               hosts: list[str], body_text: str = "", slug: str = "") -> tuple[list[str], np.ndarray]:
    """The title candidates and one feature row each (FEATURE_NAMES). `body_text` is the page body's
    visible text (`_norm`ed), `slug` the URL's (`slug_words`)."""
    from parallax.clean.html import TITLE_SEPARATORS, _is_site, strip_site_name

    h1_lines = [h.split("\n") for h in h1s]   # html.heading_text: one line per block child
    h1s = [" ".join(h.split()) for h in h1s]
    # an H1 that opens a "H1: Headline" title is the site's banner, the rest a headline (not where
    # og:title or the headline is the H1 itself: "How to Fix a Door : 9 Steps - Site")
    banners = {h: t[len(h):].strip(" :") for h in h1s for t in (og, page_title)
               if t and t.startswith(h) and re.match(r"\s*:\s+\S+\s+\S", t[len(h):])
               and not any(_norm(h) == _norm(m) for m in (og, headline) if m)}
    site_names = [*site_names, *banners]
    statements = [("h1", h) for h in h1s[:3]] + [(s, t) for s, t in (("og", og), ("ld", headline), ("title", page_title)) if t]
    found: dict[str, dict] = {}

    def add(text: str, source: str, kind: str, h1_rank: int | None) -> None:
        text = text.strip(" |-–—:·»•/")
        key = _norm(text)
        if not key or len(text) > 300:
            return
        c = found.setdefault(key, {"text": text, "sources": set(), "kinds": set(), "h1_rank": None})
        c["sources"].add(source)
        c["kinds"].add(kind)
        if h1_rank is not None and (c["h1_rank"] is None or h1_rank < c["h1_rank"]):
            c["h1_rank"] = h1_rank

    for rest in banners.values():
        add(rest, "title", "whole", None)
    h1_rank = 0
    for source, text in statements:
        rank = h1_rank if source == "h1" else None
        h1_rank += source == "h1"
        stripped = strip_site_name(text, site_names, hosts)
        add(text, source, "raw" if stripped != text else "whole", rank)
        add(stripped, source, "whole", rank)
        parts = [p for p in TITLE_SEPARATORS.split(stripped) if p.strip()]
        if source == "h1" and len(h1_lines[rank]) > 1:   # a kicker line over the headline, or the reverse
            parts = h1_lines[rank]
        if len(parts) > 1:
            add(parts[0], source, "first", rank)
            add(parts[-1], source, "last", rank)
    stated = {_norm(strip_site_name(t, site_names, hosts)) for _, t in statements}
    by_source = {s: [_norm(strip_site_name(t, site_names, hosts)) for src, t in statements if src == s] for s in SOURCES}
    texts, rows = [], []
    longest = max((len(k) for k in found), default=1)
    body = f" {body_text} "
    h1_keys = [_norm(h) for h in h1s]
    apart = body   # the visible text less the H1s: what else the page shows
    for h in filter(None, h1_keys):
        apart = apart.replace(f" {h} ", " | ")
    at = body.find(f" {h1_keys[0]} ") if h1_keys and h1_keys[0] else -1
    under_h1 = set(body[at + len(h1_keys[0]) + 1 if at >= 0 else 0:][:AFTER_H1_CHARS].split())
    slug_set = set(slug.split())
    slug_shares = []
    for key, c in found.items():
        words = key.split()
        letters = [ch for ch in c["text"] if ch.isalpha()]
        others = [set(s.split()) for s in stated if s != key]
        overlap = max((len(set(words) & o) / len(set(words) | o) for o in others if o), default=0.0)
        content = set(words) - FILLER or set(words)
        slug_shares.append(len(content & slug_set) / len(content))
        rows.append([
            1.0, *(float(s in c["sources"]) for s in SOURCES), float(c["h1_rank"] == 0),
            sum(key in by_source[s] for s in SOURCES) / 4,
            sum(any(key in t for t in by_source[s]) for s in SOURCES) / 4,
            float("whole" in c["kinds"]), float("first" in c["kinds"]), float("last" in c["kinds"]),
            float(c["kinds"] == {"raw"}), float(_is_site(c["text"], site_names, hosts)),
            math.log1p(len(words)) / 3, sum(ch.isupper() for ch in letters) / max(len(letters), 1),
            float(bool(TITLE_SEPARATORS.search(c["text"]))), float(bool(re.search(r"[\[\(]", c["text"]))),
            min(len(h1s), 5) / 5, float(c["text"].endswith("?")), float(bool(re.search(r"\d", c["text"]))),
            overlap, len(key) / longest,
            sum(key in by_source[s] for s in SOURCES[1:]) / 3, float(key in by_source["h1"]),
            float(key in by_source["h1"] and any(key in by_source[s] for s in SOURCES[1:])),
            float(bool(by_source["h1"]) and not any(h in by_source[s] for h in by_source["h1"] for s in SOURCES[1:])),
            float(c["text"].endswith(".")), float(len(words) > 15),
            float(sum(ch.isupper() for ch in letters) > 0.8 * max(len(letters), 1)),
            float(f" {key} " in apart and key not in h1_keys), slug_shares[-1],
            len(content & slug_set) / max(len(slug_set), 1), 0.0,   # slug_best: set below
            len(content & under_h1) / len(content),
        ])
        texts.append(c["text"])
    top = max(slug_shares, default=0.0)
    for row, share in zip(rows, slug_shares):   # the candidate the slug names best
        row[FEATURE_NAMES.index("slug_best")] = float(share > 0 and share == top)
    return texts, np.array(rows, dtype=float).reshape(len(rows), len(FEATURE_NAMES))


@lru_cache(maxsize=4)
def _weights(path: str) -> np.ndarray | None:
    if not Path(path).exists():
        return None
    data = json.loads(Path(path).read_text())
    if data["features"] != FEATURE_NAMES:
        raise RuntimeError(f"{path} was trained on other features: rerun bench/train_title_model.py")
    return np.array(data["weights"])


def best_title(h1s: list[str], og: str, headline: str, page_title: str, site_names: list[str],
               hosts: list[str], body_text: str = "", slug: str = "") -> str | None:
    """The highest-scoring candidate, or None with no candidate or no weights."""
    w = _weights(os.environ.get("PARALLAX_TITLE_MODEL") or str(WEIGHTS_PATH))
    texts, x = candidates(h1s, og, headline, page_title, site_names, hosts, body_text, slug)
    if w is None or not texts:
        return None
    return texts[int(np.argmax(x @ w))]
