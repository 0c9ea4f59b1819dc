"""The HTML block model: which rendered lines of a page are its article body.

Each line of the page's visible text (`html.visible_blocks`) is described by its text (the text line
model's features), its place in the markup (block tag, link density, landmark elements and the
class/id words of its ancestors), whether trafilatura's precise and balanced extractions kept it,
and its position relative to the headline and to the extracted body. Boosted trees
(`trees.py`, weights in block_model.json) trained on WCXB pages' gold main content by
`bench/train_block_model.py` score each line; trafilatura's choice is one feature among the others,
so the model learns where to trust it (a caption, a teaser or a byline it kept; a paragraph it cut).
"""
from __future__ import annotations

import json
import math
import os
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from parallax.clean.lines import FEATURE_NAMES as LINE_FEATURES, Line, line_features

WEIGHTS_PATH = Path(__file__).with_name("block_model.json")
THRESHOLD = 0.5   # the weights file states its own (chosen on held-out folds)

# Block tags as the model sees them; any other block element counts as "other".
TAGS = ["p", "h1", "h2", "h3", "h4", "li", "td", "blockquote", "figcaption", "pre", "div"]
LANDMARKS = ["article", "main", "header", "footer", "nav", "aside", "form", "figure", "table", "a", "ul", "ol"]
# General web-page vocabulary in class and id attributes (what the element is for).
CLASS_WORDS = {
    "content": "content article body post entry story text main prose richtext",
    "comment": "comment comments reply replies disqus respond",
    "share": "share sharing social follow",
    "related": "related recommended recommend popular trending more teaser teasers card cards",
    "nav": "nav navbar menu breadcrumb breadcrumbs navigation pagination pager",
    "footer": "footer foot bottom copyright",
    "header": "header masthead topbar",
    "sidebar": "sidebar aside widget rail",
    "ad": "ad ads advert advertisement promo sponsor sponsored banner",
    "caption": "caption credit figure image photo media gallery",
    "meta": "byline author date time meta info published timestamp dateline",
    "tags": "tag tags topic topics category categories",
    "signup": "newsletter subscribe signup subscription paywall cta",
    "hidden": "hidden visually sr screen",
}
_CLASS_SETS = {k: set(v.split()) for k, v in CLASS_WORDS.items()}
_CLASS_TOKEN = re.compile(r"[a-z]+")

FEATURE_NAMES = (
    [n for n in LINE_FEATURES if n != "bias"]
    + ["link_density", "depth", *(f"tag_{t}" for t in TAGS), "tag_heading"]
    + [f"in_{t}" for t in LANDMARKS] + [f"class_{k}" for k in CLASS_WORDS] + [f"own_class_{k}" for k in CLASS_WORDS]
    + ["kept", "kept_precise", "kept_balanced", "kept_prev", "kept_next", "kept_window",
       "in_body_container", "container_share", "before_body", "after_body", "body_distance",
       "title_similarity", "is_title", "before_title", "title_distance", "log_chars", "within_title",
       "prev_links", "next_links", "prev_heading", "next_heading", "path_repeats", "path_repeats_kept",
       "parent_repeats"]
)


def _class_flags(attrs: str) -> set[str]:
    tokens = set(_CLASS_TOKEN.findall(attrs.lower()))
    return {k for k, words in _CLASS_SETS.items() if tokens & words}


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def block_features(lines: list[Line], blocks: list, masks: list[list[bool]], title: str | None,
                   title_line: int | None) -> np.ndarray:
    """One row per line (FEATURE_NAMES). `blocks` are the lines' markup blocks (`html.Block`, same
    order); `masks` are the kept-by-trafilatura masks: chosen, precise, balanced."""
    n = len(lines)
    text_rows = np.array(line_features(lines))[:, 1:]
    kept, precise, balanced = (np.array(m, dtype=float) for m in masks)
    # the body's container: the deepest element that holds 70% of the kept characters
    chars = np.array([len(l.text) for l in lines], dtype=float)
    total = float((chars * kept).sum())
    held: dict[int, float] = {}
    depth_of: dict[int, int] = {}
    for b, c, k in zip(blocks, chars, kept):
        for d, node in enumerate(b.nodes):
            held[node] = held.get(node, 0.0) + c * k
            depth_of[node] = d
    container = max((nd for nd, v in held.items() if total and v >= 0.7 * total), key=lambda nd: depth_of[nd],
                    default=None)
    kept_idx = np.flatnonzero(kept)
    first, last = (int(kept_idx[0]), int(kept_idx[-1])) if len(kept_idx) else (n, -1)
    title_words = _words(title or "")
    # teaser cards and link lists repeat one markup pattern; a body's paragraphs repeat theirs less
    signature = [tuple(b.path) for b in blocks]
    parent = [tuple(b.path[:-1]) for b in blocks]
    same: dict[tuple, list[int]] = {}
    for i, sig in enumerate(signature):
        same.setdefault(sig, []).append(i)
    parent_count: dict[tuple, int] = {}
    for sig in parent:
        parent_count[sig] = parent_count.get(sig, 0) + 1
    density = [b.link_chars / max(len(l.text), 1) for l, b in zip(lines, blocks)]
    heading = [bool(b.path) and b.path[-1][0] in ("h1", "h2", "h3", "h4", "h5", "h6") for b in blocks]
    rows = []
    for i, (line, b) in enumerate(zip(lines, blocks)):
        tags = [t for t, _ in b.path]
        inner = tags[-1] if tags else ""
        own = _class_flags(b.path[-1][1]) if b.path else set()
        anc = set().union(*(_class_flags(a) for _, a in b.path)) if b.path else set()
        words = _words(line.text)
        sim = len(words & title_words) / max(len(words | title_words), 1) if title_words else 0.0
        window = kept[max(0, i - 3): i + 4]
        nearest = np.abs(kept_idx - i).min() if len(kept_idx) else n
        row = [
            b.link_chars / max(len(line.text), 1), min(len(tags), 40) / 40,
            *(float(inner == t or (t == "td" and inner in ("tr", "th"))) for t in TAGS),
            float(inner in ("h1", "h2", "h3", "h4", "h5", "h6")),
            *(float(t in tags) for t in LANDMARKS),
            *(float(k in anc) for k in CLASS_WORDS), *(float(k in own) for k in CLASS_WORDS),
            kept[i], precise[i], balanced[i], kept[i - 1] if i else 0.0, kept[i + 1] if i + 1 < n else 0.0,
            float(window.mean()),
            float(container is not None and container in b.nodes),
            held.get(b.nodes[-1], 0.0) / total if total and b.nodes else 0.0,
            float(i < first), float(i > last), math.log1p(nearest) / 5,
            sim, float(title_line == i), float(title_line is not None and i < title_line),
            math.log1p(abs(i - title_line)) / 5 if title_line is not None else 1.0,
            math.log1p(len(line.text)) / 10,
            float(bool(title_words) and bool(words) and words <= title_words),
            density[i - 1] if i else 0.0, density[i + 1] if i + 1 < n else 0.0,
            float(heading[i - 1]) if i else 0.0, float(heading[i + 1]) if i + 1 < n else 0.0,
            math.log1p(len(same[signature[i]]) - 1) / 5, float(kept[same[signature[i]]].mean()),
            math.log1p(parent_count[parent[i]] - 1) / 5,
        ]
        rows.append(row)
    x = np.hstack([text_rows, np.array(rows, dtype=float)]) if rows else np.zeros((0, len(FEATURE_NAMES)))
    return x


@lru_cache(maxsize=4)
def _forest(path: str):
    from parallax.clean.trees import Forest

    data = json.loads(Path(path).read_text())
    if data["features"] != FEATURE_NAMES:
        raise RuntimeError(f"{path} was trained on other features: rerun bench/train_block_model.py")
    return Forest.from_json(data), float(data.get("threshold", THRESHOLD))


def model_path() -> str:
    """The shipped weights, or PARALLAX_BLOCK_MODEL (held-out fold weights in the bench)."""
    return os.environ.get("PARALLAX_BLOCK_MODEL") or str(WEIGHTS_PATH)


def body_mask(x: np.ndarray) -> list[bool]:
    """Which lines the model calls body."""
    if not len(x):
        return []
    forest, threshold = _forest(model_path())
    return [bool(v) for v in forest.proba(x) >= threshold]

