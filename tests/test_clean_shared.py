"""The clean stage on the shared dev articles and the article-extraction benchmark (read from
../shared, never copied; skipped when it is absent), and the shingle metric itself."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.clean import OutletMemory, clean_document
from parallax.evaluate.aeb import score, shingle_prf
from parallax.model import RawDocument

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared")
DEV, AEB = SHARED / "eval" / "dev", SHARED / "eval" / "aeb"


def test_shingle_prf():
    gold = "one two three four five six"
    assert shingle_prf(gold, gold) == (1.0, 1.0, 1.0)
    p, r, f = shingle_prf(gold, "One, two three four! five")          # tokens, lowercased
    assert (p, r) == (1.0, 2 / 3) and abs(f - 0.8) < 1e-9
    assert shingle_prf(gold, "") == (0.0, 0.0, 0.0)


@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/dev not found (kept outside the repository)")
def test_dev_boilerplate_headline_and_printed_dates():
    memory = OutletMemory()
    tp = n_gold = n_pred = 0
    for path in sorted((DEV / "articles").glob("*.txt")):
        gold = json.loads((DEV / "gold" / f"{path.stem}.json").read_text())
        text = path.read_text(encoding="utf-8")
        art = clean_document(RawDocument(str(path), text.encode(), "text/plain", text), memory)
        pred = [text[z.start:z.end] for z in art.zones if z.label == "boilerplate"]
        tp += sum(min(pred.count(t), gold["boilerplate_lines"].count(t)) for t in set(pred))
        n_gold, n_pred = n_gold + len(gold["boilerplate_lines"]), n_pred + len(pred)
        assert art.headline.value == gold["headline"]
        if gold["published"]:
            assert art.published.value == gold["published"] and art.published.how.startswith("printed")
        else:
            assert not art.published.how.startswith("printed")
        assert art.byline.value == gold["byline"]
        for i in range(0, len(art.body), 7):
            if art.body[i] != "\n":
                assert art.source_text[art.to_source(i)] == art.body[i]
    p, r = tp / n_pred, tp / n_gold
    assert 2 * p * r / (p + r) >= 0.97


@pytest.mark.skipif(not AEB.exists(), reason="../shared/eval/aeb not found (kept outside the repository)")
def test_aeb_body_extraction():
    result = score(AEB)
    assert result["articles"] == 90
    assert result["layers"]["body.html"]["f1"] >= 0.96
    assert result["layers"]["body.text"]["f1"] >= 0.90
