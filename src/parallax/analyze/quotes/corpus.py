"""PolNeAR-style brat corpora for training and scoring the attribution model.

A corpus directory holds `text/<name>.txt` and `attributions/<name>[_<annotator>].ann`. Parsing
hundreds of articles takes minutes, so the parsed Docs can be cached (one DocBin per corpus,
keyed by the texts and the spaCy pipeline) and loaded again in seconds.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin

Spans = frozenset[tuple[int, int]]
ROLES = ("source", "cue", "content")


@dataclass
class Attribution:
    roles: dict[str, Spans] = field(default_factory=dict)
    speech: bool = False

    def span(self, role: str) -> Spans:
        return self.roles.get(role, frozenset())


def _spans(field_: str) -> Spans:
    """'12 30;35 40' -> {(12, 30), (35, 40)}."""
    out = []
    for part in field_.split(";"):
        a, b = part.split()[-2:]
        out.append((int(a), int(b)))
    return frozenset(out)


def read_ann(text: str) -> list[Attribution]:
    """Attributions of one .ann file (E-lines), with their Source/Cue/Content spans."""
    spans: dict[str, tuple[str, Spans]] = {}
    relations = []
    for line in text.splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            kind, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (kind, _spans(offsets))
        elif line.startswith("E") and len(cols) >= 2:
            relations.append(cols[1].split())
    out = []
    for args in relations:
        att = Attribution()
        for arg in args[1:]:
            role, _, ref = arg.partition(":")
            role = re.sub(r"\d+$", "", role).lower()
            if role in ROLES and ref in spans:
                att.roles[role] = att.span(role) | spans[ref][1]
        if att.span("content") or att.span("cue"):
            out.append(att)
    return out


def pairs(gold_dir: Path) -> list[tuple[str, Path, Path]]:
    """(name, text path, ann path) of every text that has an annotation file, sorted by name."""
    gold_dir = Path(gold_dir)
    texts = sorted((gold_dir / "text").glob("*.txt"))
    if not texts:
        raise FileNotFoundError(f"no text/*.txt in {gold_dir}")
    anns = {p.stem.rsplit("_", 1)[0]: p for p in (gold_dir / "attributions").glob("*.ann")}
    anns.update({p.stem: p for p in (gold_dir / "attributions").glob("*.ann")})
    return [(p.stem, p, anns[p.stem]) for p in texts if p.stem in anns]


def _cache_key(nlp, texts: list[str]) -> str:
    h = hashlib.sha1()
    h.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{','.join(nlp.pipe_names)}".encode())
    for text in texts:
        h.update(hashlib.sha1(text.encode("utf-8")).digest())
    return h.hexdigest()[:16]


def parsed(gold_dir: Path, nlp, cache_dir: Path | None = None) -> Iterator[tuple[str, Doc, str]]:
    """(name, Doc, .ann text) for every annotated text; parses are cached under `cache_dir`."""
    items = pairs(gold_dir)
    texts = [p.read_text(encoding="utf-8") for _, p, _ in items]
    anns = [a.read_text(encoding="utf-8") for _, _, a in items]
    cache = Path(cache_dir) / f"{Path(gold_dir).name}-{_cache_key(nlp, texts)}.spacy" if cache_dir else None
    docs: Iterable[Doc]
    if cache is not None and cache.exists():
        docs = DocBin().from_disk(cache).get_docs(nlp.vocab)
    elif cache is not None:
        docs = list(nlp.pipe(texts, batch_size=8))
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    else:   # parsed as they are asked for: a caller taking the first few parses only those
        docs = nlp.pipe(texts, batch_size=8)
    for (name, _, _), doc, ann in zip(items, docs, anns):
        yield name, doc, ann
