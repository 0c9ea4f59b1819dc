"""Page extraction on a WCXB-style page set (`html/<id>.html.gz`, `ground-truth/<id>.json` with
`ground_truth.main_content`, `title`, `author`, `publish_date`).

Layers: `body`, the benchmark's word-bag F1 (lower-cased word tokens as multisets), mean over pages;
`title`, `author` and `published`, accuracy over the pages whose gold has a value. Titles compare
after case, whitespace, quote and dash normalisation; an author is right when the predicted and gold
names have the same words or one holds all of the other's name words (gold "Jane Roe, MD" and
"Jane Roe"); a date is right when its YYYY-MM-DD equals the gold's.

`score(..., extract=f)` scores any extractor `f(html, url) -> PageFields`, so a bench can print
trafilatura/htmldate alone beside the pipeline on the same pages.
"""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parallax.evaluate.metrics import accuracy_layer, bag_prf, mean_layer

WORD_RE = re.compile(r"\w+", re.UNICODE)
# credentials and joiners that follow or join author names, not name words
_AUTHOR_NOISE = {"by", "and", "md", "phd", "ms", "rd", "mph", "mba", "jr", "sr", "dr", "prof", "staff", "writer",
                 "reporter", "editor", "contributor", "the"}


@dataclass
class PageFields:
    body: str = ""
    title: str | None = None
    author: str | None = None
    published: str | None = None


def word_f1(gold: str, pred: str) -> tuple[float, float, float]:
    """The benchmark's word-bag precision, recall and F1."""
    return bag_prf(Counter(WORD_RE.findall((gold or "").lower())), Counter(WORD_RE.findall((pred or "").lower())))


def norm_title(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[‘’´`]", "'", re.sub(r"[“”«»„]", '"', text))
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    return " ".join(text.split()).strip(" .:;,|")


def same_title(gold: str | None, pred: str | None) -> bool:
    """The same title, read as words: punctuation aside ("Japan- A Guide" is "Japan: A Guide", "How Much
    is It?" is "How Much is It") and "&" read as "and"."""
    def words(text: str | None) -> list[str]:
        return WORD_RE.findall(norm_title(text).replace("&", " and "))
    return bool(gold and pred) and (norm_title(gold) == norm_title(pred) or words(gold) == words(pred) != [])


def same_author(gold: str | None, pred: str | None) -> bool:
    def words(s: str | None) -> set[str]:
        return {w for w in WORD_RE.findall(unicodedata.normalize("NFKC", s or "").casefold())
                if w not in _AUTHOR_NOISE and not w.isdigit()}
    g, p = words(gold), words(pred)
    if not g or not p:
        return False
    return g == p or (min(len(g), len(p)) >= 2 and (g <= p or p <= g))


def pipeline_fields(html: str, url: str | None) -> PageFields:
    from parallax.clean import CleanError, clean_document
    from parallax.model import RawDocument

    try:
        a = clean_document(RawDocument(url or "page.html", html.encode(), "text/html", html,
                                       meta={"url": url} if url else {}))
    except CleanError:
        return PageFields()
    return PageFields(a.body, a.headline.value, a.byline.value, a.published.value)


def pages(gold_dir: Path) -> list[tuple[str, dict, Path]]:
    gold_dir = Path(gold_dir)
    found = []
    for truth_path in sorted((gold_dir / "ground-truth").glob("*.json")):
        page_id = truth_path.stem
        html_path = gold_dir / "html" / f"{page_id}.html.gz"
        if html_path.exists():
            found.append((page_id, json.loads(truth_path.read_text(encoding="utf-8")), html_path))
    if not found:
        raise FileNotFoundError(f"no ground-truth/<id>.json with html/<id>.html.gz in {gold_dir}")
    return found


def read_html(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def score(gold_dir: Path, *, progress: Callable[[int], None] | None = None,
          extract: Callable[[str, str | None], PageFields] = pipeline_fields,
          only: Callable[[str], bool] | None = None) -> dict[str, Any]:
    body_rows: list[tuple[float, float, float]] = []
    acc = {k: [0, 0, 0] for k in ("title", "author", "published")}   # correct, gold, predicted
    rows = []
    for page_id, truth, html_path in pages(gold_dir):
        if only is not None and not only(page_id):
            continue
        gt = truth.get("ground_truth", {})
        got = extract(read_html(html_path), truth.get("url"))
        body_rows.append(word_f1(gt.get("main_content") or "", got.body))
        row = {"id": page_id, "body_f1": round(body_rows[-1][2], 4)}
        checks = {"title": (gt.get("title"), got.title, same_title),
                  "author": (gt.get("author"), got.author, same_author),
                  "published": (gt.get("publish_date"), got.published,
                                lambda g, p: str(g)[:10] == str(p or "")[:10])}
        for layer, (g, p, same) in checks.items():
            if not g:
                continue
            right = same(g, p)
            acc[layer][0] += right
            acc[layer][1] += 1
            acc[layer][2] += bool(p)
            row[layer] = {"gold": g, "pred": p, "ok": right}
        rows.append(row)
        if progress:
            progress(1)
    layers = {"body": mean_layer(body_rows)}
    for layer, (correct, total, predicted) in acc.items():
        layers[layer] = accuracy_layer(correct, total, predicted)
    return {"layers": layers, "articles": len(body_rows), "tables": {"pages": rows}}
