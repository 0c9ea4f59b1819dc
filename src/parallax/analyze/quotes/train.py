"""Train the attribution model (model.py) on a PolNeAR-style brat corpus.

    parallax train quotes --polnear ../shared/eval/polnear/train [--out DIR] [--cache /tmp/polnear-cache]

Gold spans become token labels: a token takes a role when its characters overlap the gold span.
The cue CRF learns from every sentence, the role CRF from every gold cue's window. (Adding the
windows of rule-detected speech verbs that are not gold cues, labelled all-O, to teach the role
CRF to reject false cues scored a little lower on dev: not done.)
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path

from parallax.analyze.quotes.corpus import parsed, read_ann
from parallax.analyze.quotes.features import DocInfo, cue_features, role_features, window
from parallax.analyze.quotes.model import CUE_FILE, MODEL_DIR, ROLE_FILE

# L1 keeps the model small (most lexical features get weight 0); L2 smooths the rest.
CRF_PARAMS = {"c1": 1.0, "c2": 1.0, "max_iterations": 150, "feature.possible_transitions": True}


def _tokens_in(starts: list[int], ends: list[int], span: tuple[int, int]) -> list[int]:
    a, b = span
    i = max(bisect.bisect_right(starts, a) - 1, 0)
    out = []
    while i < len(starts) and starts[i] < b:
        if ends[i] > a:
            out.append(i)
        i += 1
    return out


def _label(labels: list[str], tokens: list[int], tag: str, offset: int = 0) -> None:
    prev = None
    for i in sorted(tokens):
        k = i - offset
        if 0 <= k < len(labels):
            labels[k] = f"I-{tag}" if prev == i - 1 else f"B-{tag}"
        prev = i


def examples(doc, attributions) -> tuple[list, list]:
    """(cue sequences, role sequences) of one document: lists of (features, labels)."""
    info = DocInfo(doc)
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t.text) for t in doc]
    cue_labels = ["O"] * len(doc)
    role_seqs = []
    for att in attributions:
        cue = sorted(i for span in att.span("cue") for i in _tokens_in(starts, ends, span)
                     if not doc[i].is_space)
        if not cue:
            continue
        _label(cue_labels, cue, "CUE")
        lo, hi = window(info, cue)
        labels = ["O"] * (hi - lo)
        for span in att.span("content"):  # a non-breaking space inside a span is part of it
            _label(labels, _tokens_in(starts, ends, span), "C", lo)
        for span in att.span("source"):
            _label(labels, _tokens_in(starts, ends, span), "S", lo)
        role_seqs.append((role_features(info, cue, lo, hi), labels))
    cue_seqs = [(cue_features(info, a, b), cue_labels[a:b]) for a, b in info.sents]
    return cue_seqs, role_seqs


def train(polnear_dir: Path, out_dir: Path = MODEL_DIR, cache_dir: Path | None = None,
          log: Callable[[str], None] = print, params: dict | None = None,
          models: tuple[str, ...] = (CUE_FILE, ROLE_FILE)) -> dict:
    """Train both CRFs on `polnear_dir` and write them to `out_dir`; returns counts."""
    import pycrfsuite

    from parallax.analyze.nlp import load_nlp

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    trainers = {name: pycrfsuite.Trainer(verbose=False) for name in models}
    for trainer in trainers.values():
        trainer.set_params({**CRF_PARAMS, **(params or {})})
    counts = {"documents": 0, "cue_sequences": 0, "role_sequences": 0}
    for name, doc, ann in parsed(polnear_dir, load_nlp(), cache_dir):
        cue_seqs, role_seqs = examples(doc, read_ann(ann))
        for file, seqs in ((CUE_FILE, cue_seqs), (ROLE_FILE, role_seqs)):
            for feats, labels in seqs if file in trainers else ():
                trainers[file].append(feats, labels)
        counts["documents"] += 1
        counts["cue_sequences"] += len(cue_seqs)
        counts["role_sequences"] += len(role_seqs)
    log(f"{counts['documents']} documents, {counts['cue_sequences']} sentences, {counts['role_sequences']} cue windows")
    for file, trainer in trainers.items():
        log(f"training {file} ...")
        trainer.train(str(out_dir / file))
    return counts
