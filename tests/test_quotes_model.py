"""The PolNeAR-trained attribution model: loading the shipped weights, span output on fictional
sentences, BIO decoding, and a training round trip on a tiny fictional corpus."""
from __future__ import annotations

from parallax.analyze.quotes import model as attribution_model
from parallax.analyze.quotes.model import AttributionModel, load_model, model_available, runs
from parallax.analyze.quotes.train import train
from parallax.evaluate import brat
from tests.test_quotes_brat import TEXT, ann_for, write_corpus


def spans(doc, att):
    text = doc.text
    return (text[slice(*att.cue)], text[slice(*att.source)] if att.source else None,
            [text[a:b] for a, b in att.content])


def test_runs_decodes_bio_fragments():
    labels = ["O", "B-C", "I-C", "O", "B-S", "I-C", "B-C", "I-C"]
    assert runs(labels, "C") == [[1, 2], [5], [6, 7]]
    assert runs(labels, "S") == [[4]]


def test_shipped_model_loads():
    assert model_available()
    assert load_model() is load_model()


def test_indirect_attribution_spans(nlp):
    doc = nlp("The harbour master said that the ferry would resume service in the spring.\n")
    (att,) = load_model().predict(doc)
    cue, source, content = spans(doc, att)
    assert cue == "said"
    assert source == "The harbour master"
    assert content == ["that the ferry would resume service in the spring"]


def test_direct_quote_keeps_its_marks(nlp):
    doc = nlp('"We are not going to close the library," the mayor said on Tuesday.\n')
    (att,) = load_model().predict(doc)
    cue, source, content = spans(doc, att)
    assert cue == "said"
    assert source == "the mayor"
    assert content == ['"We are not going to close the library,"']


def test_according_to_is_one_cue(nlp):
    doc = nlp("According to the county auditor, the budget gap has doubled since last year.\n")
    atts = load_model().predict(doc)
    assert [spans(doc, a)[0] for a in atts] == ["According to"]
    assert spans(doc, atts[0])[1] == "the county auditor"


def test_no_attribution_in_plain_narration(nlp):
    doc = nlp("The river rose two metres overnight and the bridge was closed.\n")
    assert load_model().predict(doc) == []


def test_training_round_trip_on_a_tiny_corpus(tmp_path, nlp):
    gold = write_corpus(tmp_path / "gold", TEXT, ann_for(TEXT))
    counts = train(gold, tmp_path / "model", log=lambda _: None, params={"max_iterations": 50, "c1": 0.0, "c2": 0.01})  # no shrinking on 2 sentences
    assert counts["documents"] == 1 and counts["role_sequences"] >= 2
    doc = nlp(TEXT)
    predicted = [spans(doc, att) for att in AttributionModel(tmp_path / "model").predict(doc)]
    assert predicted == [("said", "the engineer", ['"The dam will hold,"']),
                         ("said", "Officials", ["that the road would reopen on Monday"])]


def test_brat_score_with_the_model(tmp_path, nlp, monkeypatch):
    gold = write_corpus(tmp_path / "gold", TEXT, ann_for(TEXT))
    result = brat.score(gold, model=True)
    assert result["system"] == "model"
    assert result["layers"]["attribution.cue"]["f1"] == 1.0
    assert result["layers"]["attribution.content"]["f1"] == 1.0
    assert attribution_model.load_model() is load_model()


def test_cli_eval_brat_scores_model_or_rules(tmp_path, nlp):
    import json

    from typer.testing import CliRunner

    from parallax.cli import app

    gold = write_corpus(tmp_path / "gold", TEXT, ann_for(TEXT))
    for flag, system in (("--quotes-model", "model"), ("--quotes-rules", "rules")):
        result = CliRunner().invoke(app, ["eval", "--format", "brat", "--gold", str(gold), "--json", flag])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["system"] == system
    missing = CliRunner().invoke(app, ["train", "quotes", "--polnear", str(tmp_path / "absent")])
    assert missing.exit_code == 2
