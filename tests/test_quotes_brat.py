"""The brat (PolNeAR-style) attribution scorer on a fictional two-sentence article."""
from __future__ import annotations

from pathlib import Path

from parallax.evaluate import brat

TEXT = ('"The dam will hold," the engineer said. Officials said that the road would reopen on Monday.\n')


def ann_for(text: str) -> str:
    def span(tag, n, fragment, start_from=0):
        a = text.index(fragment, start_from)
        return f"T{n}\t{tag} {a} {a + len(fragment)}\t{fragment}"
    lines = [
        span("Content", 1, '"The dam will hold,"'), span("Cue", 2, "said"), span("Source", 3, "the engineer"),
        "E1\tAttribution:T2 Content:T1 Cue:T2 Source:T3",
        span("Content", 4, "that the road would reopen on Monday"), span("Cue", 5, "said", text.index("Officials")),
        span("Source", 6, "Officials"),
        "E2\tAttribution:T5 Content:T4 Cue:T5 Source:T6",
    ]
    return "\n".join(lines) + "\n"


def write_corpus(root: Path, text: str, ann: str) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "story.txt").write_text(text, encoding="utf-8")
    (root / "attributions" / "story_ab12.ann").write_text(ann, encoding="utf-8")
    return root


def test_read_ann_ties_roles_and_split_spans():
    atts = brat.read_ann("T1\tContent 0 4;10 14\tab cd\nT2\tCue 5 9\tsaid\nE1\tAttribution:T2 Content:T1 Cue:T2\n")
    assert len(atts) == 1
    assert atts[0].span("content") == frozenset({(0, 4), (10, 14)})
    assert atts[0].span("source") == frozenset()


def test_score_matches_both_attributions_exactly(tmp_path, nlp):
    gold_dir = write_corpus(tmp_path / "gold", TEXT, ann_for(TEXT))
    layers = brat.score(gold_dir)["layers"]
    for role in ("source", "cue", "content"):
        assert layers[f"attribution.{role}"]["f1"] == 1.0, (role, layers[f"attribution.{role}"])
    assert layers["attribution.content.speech"]["n_gold"] == 2


def test_score_counts_a_missed_attribution(tmp_path, nlp):
    ann = ann_for(TEXT) + "T7\tContent 0 5\t\"The \nT8\tCue 6 9\tdam\nE3\tAttribution:T8 Content:T7 Cue:T8\n"
    layers = brat.score(write_corpus(tmp_path / "gold", TEXT, ann))["layers"]
    assert layers["attribution.content"]["n_gold"] == 3
    assert layers["attribution.content"]["r"] < 1.0
