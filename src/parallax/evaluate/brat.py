"""Score quote attribution against brat standoff gold as in PolNeAR (Source / Cue / Content).

`gold_dir` holds `text/<name>.txt` and `attributions/<name>_<hash>.ann`. An attribution is an
E-line tying Content, Cue and (optionally) Source spans; a span may be split (`start end;start end`).
Predictions: those of the attribution model (the transformer of analyze/quotes/neural.py when
shipped, else the CRFs of analyze/quotes/model.py with the content of the rule quote of the same
cue where there is one), which follows PolNeAR's conventions itself; or
`extract_quotes` on each text alone; quotes sharing a cue form one attribution (a quotation
broken by "he said" is one PolNeAR content with two fragments). PolNeAR content spans keep the
quotation marks and the complementiser "that", so a direct quote's span is widened to its marks
and an indirect one to a preceding "that" before comparing.

Layers: `attribution.{source,cue,content}` (exact fragments), `...overlap` (any character overlap,
one-to-one), and the same over the attributions with a speech cue or quotation marks (`.speech`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parallax.analyze.quotes.corpus import ROLES, Attribution, Spans, read_ann
from parallax.analyze.quotes.marks import QUOTE_CHARS
from parallax.evaluate.metrics import Counts, match_one_to_one

__all__ = ["Attribution", "read_ann", "score", "score_doc", "predicted", "predicted_by_model"]

# Verbs of saying (general English) that make an attribution "speech" for the .speech layers.
SPEECH_CUE = {"say", "tell", "add", "state", "note", "stress", "insist", "warn", "claim", "argue", "indicate",
              "vow", "promise", "urge", "call", "accuse", "announce", "declare", "explain", "write", "report",
              "confirm", "deny", "assert", "reply", "respond", "ask", "tweet", "acknowledge", "admit", "suggest",
              "predict", "pledge", "continue", "recall", "describe", "tout", "charge", "allege", "complain"}


def _is_speech(att: Attribution, doc) -> bool:
    text = doc.text
    content = "".join(text[a:b] for a, b in sorted(att.span("content")))
    if any(m in content[:2] + content[-2:] for m in QUOTE_CHARS):
        return True
    for a, b in att.span("cue"):
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None and any(t.lemma_.lower() in SPEECH_CUE for t in span):
            return True
    return False


def predicted(doc, quotes) -> list[Attribution]:
    """Quotes grouped into attributions by their cue, mapped to PolNeAR span conventions."""
    text = doc.text
    groups: dict[Any, Attribution] = {}
    for n, q in enumerate(quotes):
        key = (q.cue_start, q.cue_end) if q.cue_start is not None else ("nocue", n)
        att = groups.setdefault(key, Attribution())
        start, end = q.start, q.end
        if q.kind == "direct":  # PolNeAR keeps the marks (one, or a doubled '' / ``)
            for _ in range(2):
                if start > 0 and text[start - 1] in QUOTE_CHARS:
                    start -= 1
                if end < len(text) and text[end] in QUOTE_CHARS:
                    end += 1
        that = re.search(r"\bthat[\s,]{1,3}$", text[max(0, start - 8):start], re.IGNORECASE)
        if that:
            start -= len(that.group(0))
        att.roles["content"] = att.span("content") | {(start, end)}
        if q.cue_start is not None:
            att.roles["cue"] = frozenset({(q.cue_start, q.cue_end)})
        if q.speaker_start is not None and q.speaker_mention not in (None, ""):
            att.roles["source"] = frozenset({_polnear_source(doc, q)})
    for att in groups.values():
        if att.span("cue"):
            att.roles["cue"] = frozenset({_polnear_cue(doc, att)})
    return list(groups.values())


def predicted_by_model(doc, model, quotes=()) -> list[Attribution]:
    """The attribution model's output (in PolNeAR span conventions already). Where one of the
    rule `quotes` has a cue overlapping the model's, the rule content replaces the model's: the
    rules' quotation-mark and clause boundaries are more often exact (dev content F1 +0.02;
    their cues and sources are not better than the model's)."""
    rules = [r for r in predicted(doc, quotes) if r.span("cue") and r.span("content")]
    out = []
    for m in model.predict(doc):
        att = Attribution({"cue": frozenset({m.cue})})
        if m.content:
            att.roles["content"] = frozenset(m.content)
        if m.source is not None:
            att.roles["source"] = frozenset({m.source})
        same_cue = next((r for r in rules for a, b in r.span("cue") if a < m.cue[1] and m.cue[0] < b), None)
        if same_cue is not None:
            att.roles["content"] = same_cue.span("content")
        out.append(att)
    return out


def _polnear_cue(doc, att: Attribution) -> tuple[int, int]:
    """PolNeAR cues take the auxiliaries and adverbs before the verb ("has also said") and a
    colon right after it ("said:"). (Widening over everything up to the content, "said on
    Twitter:", matched fewer cues: not done.)"""
    (start, end), = att.span("cue")
    cue = doc.char_span(start, end, alignment_mode="expand")
    if cue is None:
        return start, end
    verb = cue[0]
    k = verb.i - 1
    while k >= 0 and doc[k].head == verb and doc[k].dep_ in ("aux", "auxpass", "neg", "advmod") and k >= verb.sent.start:
        start = doc[k].idx
        k -= 1
    if doc.text[end:end + 1] == ":":  # 'said:' before a quotation
        end += 1
    return start, end


def _polnear_source(doc, q) -> tuple[int, int]:
    """PolNeAR sources keep comma appositions and relative clauses ("Mark Jones, a political
    scientist at Rice University"), which Parallax mentions leave out: widen to the subject's
    subtree, over a closing bracket it opened and over a comma right before the cue."""
    span = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
    if span is None:
        return q.speaker_start, q.speaker_end
    right = span.root.right_edge
    while right.i > span.root.i and (right.is_punct or right.is_space):
        right = doc[right.i - 1]
    end = max(q.speaker_end, right.idx + len(right.text))
    if q.cue_start is not None and q.speaker_end <= q.cue_start < end:
        return q.speaker_start, q.speaker_end
    text = doc.text
    if text[q.speaker_start:end].count("(") > text[q.speaker_start:end].count(")") and text[end:end + 1] == ")":
        end += 1
    if q.cue_start is not None and text[end:end + 1] == "," and text[end + 1:q.cue_start].strip() == "":
        end += 1
    return q.speaker_start, end


def _chars(spans: Spans) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def _count(gold: list[Spans], pred: list[Spans], exact: bool) -> Counts:
    if exact:
        same = lambda g, p: 1.0 if g == p else 0.0  # noqa: E731
    else:
        gc, pc = [_chars(g) for g in gold], [_chars(p) for p in pred]

        def same(gi: int, pi: int) -> float:
            inter = len(gc[gi] & pc[pi])
            return inter / max(len(gc[gi]), len(pc[pi]), 1)
        gold, pred = list(range(len(gold))), list(range(len(pred)))
    n = len(match_one_to_one(gold, pred, same))
    return Counts(n, n, len(gold), len(pred))


def score_doc(doc, gold: list[Attribution], pred: list[Attribution], counts: dict[str, Counts]) -> None:
    """Add one document's counts for every layer to `counts`."""
    for att in gold:
        att.speech = _is_speech(att, doc)
    # for the .speech layers, predictions that hit a non-speech gold attribution (by content, or
    # by cue when they have no content) are set aside
    not_speech = [_chars(g.span("content") or g.span("cue")) for g in gold if not g.speech]
    pred_speech = [p for p in pred
                   if not any(_chars(p.span("content") or p.span("cue")) & c for c in not_speech)]
    for subset, g_atts, p_atts in (("", gold, pred), (".speech", [g for g in gold if g.speech], pred_speech)):
        for role in ROLES:
            g = [a.span(role) for a in g_atts if a.span(role)]
            p = [a.span(role) for a in p_atts if a.span(role)]
            for exact, suffix in ((True, ""), (False, ".overlap")):
                counts.setdefault(f"attribution.{role}{subset}{suffix}", Counts()).add(_count(g, p, exact))


def score(gold_dir: Path, *, progress: Callable[[int], None] | None = None, model: bool = False,
          cache_dir: Path | None = None) -> dict[str, Any]:
    """Score every annotated `text/*.txt` against `attributions/*.ann`: with the attribution
    model (analyze/quotes/model.py) when `model` is true, else with `extract_quotes` mapped to
    PolNeAR roles. `cache_dir` keeps the parses (see corpus.py)."""
    from parallax.analyze.nlp import load_nlp
    from parallax.analyze.quotes import extract_quotes
    from parallax.analyze.quotes.corpus import parsed
    from parallax.analyze.quotes.model import AttributionModel, load_model
    from parallax.analyze.quotes.neural import load_neural, neural_available

    attribution_model = (load_neural() if neural_available() else load_model()) if model else None
    counts: dict[str, Counts] = {}
    articles = 0
    for _, doc, ann in parsed(gold_dir, load_nlp(), cache_dir):
        quotes = extract_quotes(doc)
        # the rule contents improve the CRF's (+0.02 content F1 on dev) but not the transformer's (-0.02)
        rule_contents = quotes if isinstance(attribution_model, AttributionModel) else ()
        pred = predicted(doc, quotes) if attribution_model is None else \
            predicted_by_model(doc, attribution_model, rule_contents)
        score_doc(doc, read_ann(ann), pred, counts)
        articles += 1
        if progress:
            progress(1)
    return {"layers": {name: c.layer() for name, c in sorted(counts.items())}, "articles": articles,
            "system": "model" if attribution_model is not None else "rules"}
