"""Parallax quotes vs textacy's `direct_quotations`, side by side, on PolNeAR dev and the dev articles.

textacy is a bench-only dependency (`pip install -e .[bench]`); it runs on the same spaCy Doc
and needs no download. Its triples (speaker tokens, cue tokens, quoted span) are mapped to the
same Quote fields, so both systems go through the same scorers. textacy does not resolve
speakers: its "speaker" is the mention text. On PolNeAR a third column scores Parallax's attribution
model (what `parallax eval --format brat` scores); the dev rows have no model column, since the
pipeline's quotes come from the rules.
    PYTHONPATH=src python bench/quotes_vs_textacy.py [--polnear-articles N]
"""
from __future__ import annotations

import argparse
import sys
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quotes_dev_check import SHARED as DEV_DIR, dev_scores  # noqa: E402

from parallax.analyze.nlp import load_nlp  # noqa: E402
from parallax.analyze.quotes import extract_quotes  # noqa: E402
from parallax.analyze.quotes.corpus import parsed  # noqa: E402
from parallax.analyze.quotes.model import load_model  # noqa: E402
from parallax.evaluate import brat  # noqa: E402
from parallax.evaluate.metrics import Counts  # noqa: E402
from parallax.model import Quote  # noqa: E402

POLNEAR = DEV_DIR.parent / "polnear" / "dev"


def textacy_quotes(doc) -> list[Quote]:
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy bails out on an odd number of quotation marks
        triples = []
    for triple in triples:
        content = triple.content
        start, end = content.start_char + 1, content.end_char - 1   # inside the marks
        q = Quote(start, end, doc.text[start:end], "direct")
        if triple.cue:
            q.cue_start, q.cue_end = triple.cue[0].idx, triple.cue[-1].idx + len(triple.cue[-1].text)
            q.cue = doc.text[q.cue_start:q.cue_end]
        if triple.speaker:
            q.speaker_start = min(t.idx for t in triple.speaker)
            q.speaker_end = max(t.idx + len(t.text) for t in triple.speaker)
            q.speaker_mention = q.speaker = doc.text[q.speaker_start:q.speaker_end]
        out.append(q)
    return out


def polnear_scores(systems: dict, limit: int | None) -> dict[str, dict]:
    """brat layers per system (doc -> PolNeAR attributions); each text is parsed once for all."""
    counts: dict[str, dict[str, Counts]] = {name: {} for name in systems}
    for _, doc, ann in islice(parsed(POLNEAR, load_nlp()), limit):
        for name, extract in systems.items():   # fresh gold per system: scoring marks it
            brat.score_doc(doc, brat.read_ann(ann), extract(doc), counts[name])
    return {name: {k: c.layer() for k, c in layers.items()} for name, layers in counts.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear-articles", type=int, default=None)
    args = ap.parse_args()
    if not POLNEAR.is_dir() or not DEV_DIR.is_dir():
        sys.exit(f"shared data absent: {POLNEAR} / {DEV_DIR}")
    try:
        import textacy  # noqa: F401
    except ImportError:
        sys.exit("textacy is not installed: pip install -e '.[bench]'")
    rows = []
    model = load_model()
    pn = polnear_scores({
        "rules": lambda doc: brat.predicted(doc, extract_quotes(doc)),
        "model": lambda doc: brat.predicted_by_model(doc, model, extract_quotes(doc)),
        "textacy": lambda doc: brat.predicted(doc, textacy_quotes(doc)),
    }, args.polnear_articles)
    for layer in sorted(pn["rules"]):
        for m in ("p", "r", "f1"):
            rows.append((f"polnear {layer} {m}", pn["rules"][layer][m], pn["model"][layer][m],
                         pn["textacy"][layer][m]))
    dv = {name: dev_scores(fn) for name, fn in (("parallax", extract_quotes), ("textacy", textacy_quotes))}
    for key in ("all.p", "all.r", "all.f1", "direct.p", "direct.r", "direct.f1", "speaker_acc", "cue_acc"):
        rows.append((f"dev quotes {key}", dv["parallax"][key], None, dv["textacy"][key]))
    print(f"{'figure':52} {'rules':>7} {'model':>7} {'textacy':>8}")
    for name, rules, learnt, other in rows:
        print(f"{name:52} {rules:7.3f} {'-' if learnt is None else f'{learnt:.3f}':>7} {other:8.3f}")


if __name__ == "__main__":
    main()
