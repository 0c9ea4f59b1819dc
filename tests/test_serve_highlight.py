"""Reader layout: spans cut at offsets, nested quote > inner spans, every anchor kept."""
from __future__ import annotations

from parallax.serve.highlight import Span, layout

BODY = 'Ana Bel said "we will stay until May" on Friday.\nA second line with 40 boats.'


def _flat(paragraphs):
    return ["".join(n.text if not n.children else "".join(c.text for c in n.children) for n in p)
            for p in paragraphs]


def test_layout_keeps_the_text_and_nests_spans():
    q = BODY.index("we will")
    outer = [Span(q, q + len("we will stay until May"), "quote", "q0")]
    inner = [Span(0, 7, "speaker", None, "/speakers/Ana%20Bel"), Span(BODY.index("May"), BODY.index("May") + 3,
                                                                        "date", "t0"),
             Span(BODY.index("40"), BODY.index("40") + 2, "figure", "f0")]
    paragraphs = layout(BODY, outer, inner)
    assert _flat(paragraphs) == BODY.split("\n")
    quote = next(n for n in paragraphs[0] if n.span and n.span.kind == "quote")
    assert quote.anchor == "q0" and [c.text for c in quote.children if c.span] == ["May"]
    assert paragraphs[1][1].span.kind == "figure" and paragraphs[1][1].anchor == "f0"


def test_overlapping_quotes_keep_an_anchor_and_crossing_spans_stay_plain():
    a, b = BODY.index("said"), BODY.index("will")
    outer = [Span(a, b + 4, "quote", "q0"), Span(b, BODY.index("May") + 3, "quote", "q1")]
    crossing = Span(BODY.index("will"), BODY.index("until") + 5, "date", "t0")  # leaves quote q0
    paragraphs = layout(BODY, outer, [crossing])
    anchors = [n.anchor for n in paragraphs[0]] + [c.anchor for n in paragraphs[0] for c in n.children]
    assert "q0" in anchors and "q1" in anchors and "t0" not in anchors
    assert _flat(paragraphs)[0] == BODY.split("\n")[0]


def test_spans_out_of_range_are_ignored():
    paragraphs = layout(BODY, [Span(-5, 3, "quote", "q0"), Span(10, 10_000, "quote", "q1")],
                        [Span(5, 2, "date", "t0")])
    assert _flat(paragraphs) == BODY.split("\n")
