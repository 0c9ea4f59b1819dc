"""The TimeML reader and the TempEval-3 style scorer, on a TimeML document written for this test."""
import datetime as dt

import pytest

from parallax.evaluate.timeml import parse_tml, same_value, score

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2001-05-09" temporalFunction="false" functionInDocument="CREATION_TIME">20010509</TIMEX3></DCT>
<TEXT>
The canal &amp; its locks <EVENT eid="e1">reopened</EVENT> <TIMEX3 tid="t1" type="DATE" value="2001-05-07">Monday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3Y">three years</TIMEX3> of repairs begun in <TIMEX3 tid="t3" type="DATE" value="1998">1998</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_parse_tml_offsets_dct_and_entities():
    text, dct, gold = parse_tml(TML)
    assert dct == dt.date(2001, 5, 9)
    assert "The canal & its locks reopened Monday" in text
    assert [(g.text, g.value) for g in gold] == [("Monday", "2001-05-07"), ("three years", "P3Y"), ("1998", "1998")]
    assert all(text[g.start:g.end] == g.text for g in gold)


def test_equivalent_value_notations():
    assert same_value("2000-W7", "2000-W07") and same_value("197", "197X") and same_value("P20Y", "P2DE")
    assert same_value("P1Q", "P3M") and same_value("1989-11-06T17", "1989-11-06T17:00")
    assert same_value("P2.5Y", "P2Y6M") and same_value("P1.25Y", "P1Y3M") and not same_value("P2.5Y", "P2Y")
    assert not same_value("2000-W7", "2000-W08") and not same_value("1968-XX", "1968")
    # TimeBank's one-letter decade, century and millennium units are ISO-TimeML's DE, CE and ML
    assert same_value("P1E", "P1DE") and same_value("PXC", "PXCE") and same_value("P2L", "P2000Y")
    assert not same_value("PXE", "PXCE") and not same_value("P1D", "P1DE") and not same_value("P3C", "P3DE")


@pytest.fixture()
def gold_dir(tmp_path):
    (tmp_path / "TEST0001.tml").write_text(TML, encoding="utf-8")
    return tmp_path


def test_score_strict_relaxed_and_value(gold_dir):
    def extract(text, dct):
        from parallax.model import Timex
        spans = [("Monday", "2001-05-07"), ("three years of", "P3Y"), ("repairs", "P1D")]
        return [Timex(text.index(t), text.index(t) + len(t), t, "DATE", v) for t, v in spans]

    layers = score(gold_dir, extract=extract)["layers"]
    assert layers["timexes.strict"]["p"] == pytest.approx(1 / 3, abs=1e-3)
    assert layers["timexes"]["r"] == pytest.approx(2 / 3, abs=1e-3)      # Monday + overlap on three years
    assert layers["timexes"]["p"] == pytest.approx(2 / 3, abs=1e-3)
    assert layers["timexes.value"]["f1"] == pytest.approx(layers["timexes"]["f1"], abs=1e-3)  # both values right


def test_pipeline_finds_most_timexes_of_a_tempeval3_file(shared, nlp):
    """Wiring check on one real file; the corpus figure comes from `parallax eval --format timeml`."""
    from parallax.analyze.timex import extract_timexes

    files = sorted((shared / "eval" / "tempeval3" / "tbaq").glob("*.tml"))
    if not files:
        pytest.skip("no TimeML files")
    text, dct, gold = parse_tml(files[0].read_text(encoding="utf-8"))
    pred = extract_timexes(nlp(text), dct)
    found = [g for g in gold if any(p.start < g.end and g.start < p.end for p in pred)]
    assert len(found) >= 0.7 * len(gold)


def test_literal_value_layer_does_not_accept_equivalent_notations(tmp_path):
    tml = TML.replace('value="1998">1998', 'value="199">the 1990s')
    (tmp_path / "TEST0002.tml").write_text(tml, encoding="utf-8")

    def extract(text, dct):
        from parallax.model import Timex
        spans = [("Monday", "2001-05-07"), ("three years", "P36M"), ("the 1990s", "199X")]
        return [Timex(text.index(t), text.index(t) + len(t), t, "DATE", v) for t, v in spans]

    layers = score(tmp_path, extract=extract)["layers"]
    assert layers["timexes.value"]["f1"] == pytest.approx(2 / 3, abs=1e-3)           # "199X" = TimeBank's "199"
    assert layers["timexes.value.literal"]["f1"] == pytest.approx(1 / 3, abs=1e-3)   # only Monday verbatim
