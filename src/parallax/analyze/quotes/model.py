"""Attribution model trained on PolNeAR: cue, source and content spans of every attribution
(said / told / according to / believes / wants ...), with PolNeAR's span conventions.

Two CRFs (python-crfsuite) over the spaCy parse: `cue.crfsuite` tags cue tokens sentence by
sentence (B-CUE / I-CUE / O); `role.crfsuite` then tags, for each cue, the tokens of its
sentence and the neighbouring ones as source (B-S / I-S) or content (B-C / I-C).
Features: features.py; training: train.py (`parallax train quotes --polnear DIR`). The weights
ship in `model/` and load offline.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from parallax.analyze.quotes.features import DocInfo, cue_features, role_features, window

MODEL_DIR = Path(__file__).with_name("model")
CUE_FILE, ROLE_FILE = "cue.crfsuite", "role.crfsuite"

Span = tuple[int, int]


@dataclass
class ModelAttribution:
    """Character spans of one attribution; content may be split ('"A," he said, "B."')."""
    cue: Span
    content: list[Span]
    source: Span | None = None


def runs(labels: list[str], tag: str) -> list[list[int]]:
    """Positions of the B-/I- runs of `tag` in a BIO label sequence (an I- without B- opens one)."""
    out: list[list[int]] = []
    prev = "O"
    for k, label in enumerate(labels):
        if label == f"B-{tag}" or (label == f"I-{tag}" and prev not in (f"B-{tag}", f"I-{tag}")):
            out.append([k])
        elif label == f"I-{tag}":
            out[-1].append(k)
        prev = label
    return out


def _char_span(doc: Doc, tokens: list[int]) -> Span | None:
    toks = [doc[i] for i in tokens if not doc[i].is_space]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


class AttributionModel:
    def __init__(self, folder: Path = MODEL_DIR):
        import pycrfsuite

        self.cue_tagger = pycrfsuite.Tagger()
        self.cue_tagger.open(str(Path(folder) / CUE_FILE))
        self.role_tagger = pycrfsuite.Tagger()
        self.role_tagger.open(str(Path(folder) / ROLE_FILE))

    def cues(self, info: DocInfo) -> list[list[int]]:
        """Token indices of every predicted cue."""
        found = []
        for start, end in info.sents:
            labels = self.cue_tagger.tag(cue_features(info, start, end))
            found += [[start + k for k in run] for run in runs(labels, "CUE")]
        return [c for c in found if any(not info.doc[i].is_space for i in c)]

    def roles(self, info: DocInfo, cue: list[int]) -> ModelAttribution:
        doc = info.doc
        lo, hi = window(info, cue)
        labels = self.role_tagger.tag(role_features(info, cue, lo, hi))
        for k in range(1, len(labels) - 1):  # a space token inside a span belongs to it
            if labels[k] == "O" and doc[lo + k].is_space and labels[k - 1][1:] == labels[k + 1][1:] != "":
                labels[k] = "I" + labels[k - 1][1:]
        content = [s for run in runs(labels, "C") if (s := _char_span(doc, [lo + k for k in run]))]
        sources = [[lo + k for k in run] for run in runs(labels, "S")]
        # one source per cue: the run nearest to it
        sources.sort(key=lambda r: min(abs(r[0] - cue[0]), abs(r[-1] - cue[-1])))
        source = _char_span(doc, sources[0]) if sources else None
        return ModelAttribution(_char_span(doc, cue), content, source)

    def predict(self, doc: Doc) -> list[ModelAttribution]:
        """Every attribution of the document; one whose content was not found keeps its cue
        (and source) with an empty `content`."""
        info = DocInfo(doc)
        return [self.roles(info, cue) for cue in self.cues(info)]


def model_available(folder: Path = MODEL_DIR) -> bool:
    return (Path(folder) / CUE_FILE).exists() and (Path(folder) / ROLE_FILE).exists()


@lru_cache(maxsize=1)
def load_model() -> AttributionModel:
    """The shipped model, loaded once per process."""
    if not model_available():
        raise RuntimeError(f"attribution model files missing in {MODEL_DIR}; run `parallax train quotes`")
    return AttributionModel()
