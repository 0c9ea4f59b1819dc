"""Body extraction on the article-extraction benchmark (`html/<id>.html.gz`, `ground-truth.json`,
`html-text.json`): 4-gram shingle precision / recall / F1 per page, averaged over pages, for the
HTML input (layer `body.html`) and the page's visible text alone (layer `body.text`)."""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parallax.clean import CleanError, clean_document
from parallax.evaluate.metrics import bag_prf, mean_layer
from parallax.model import RawDocument

TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = TOKEN_RE.findall((text or "").lower())
    return Counter(tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def shingle_prf(gold: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted text's shingles against the gold text's."""
    return bag_prf(shingles(gold, n), shingles(pred, n))


def _body(raw: RawDocument) -> str:
    try:
        return clean_document(raw).body
    except CleanError:
        return ""


def score(gold_dir: Path, *, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    gold_dir = Path(gold_dir)
    truth = json.loads((gold_dir / "ground-truth.json").read_text(encoding="utf-8"))
    texts = json.loads((gold_dir / "html-text.json").read_text(encoding="utf-8"))
    html_rows, text_rows, pages = [], [], []
    for page_id in sorted(truth):
        gold = truth[page_id]["articleBody"]
        url = truth[page_id].get("url")
        path = gold_dir / "html" / f"{page_id}.html.gz"
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        html_body = _body(RawDocument(url or str(path), html.encode(), "text/html", html, meta={"url": url}))
        text = texts.get(page_id, "")
        text_body = _body(RawDocument(f"{path}#text", text.encode(), "text/plain", text))
        html_rows.append(shingle_prf(gold, html_body))
        text_rows.append(shingle_prf(gold, text_body))
        pages.append({"id": page_id, "html_f1": round(html_rows[-1][2], 4), "text_f1": round(text_rows[-1][2], 4)})
        if progress:
            progress(1)
    return {"layers": {"body.html": mean_layer(html_rows), "body.text": mean_layer(text_rows)},
            "articles": len(pages), "tables": {"pages": pages}}
