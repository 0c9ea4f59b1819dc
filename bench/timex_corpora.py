"""Timexes on three corpora side by side, so a rule tuned on one shows its effect on the others:
TempEval-3 TBAQ and MEANTIME (APPLE+BOEING, `parallax eval --format timeml`: relaxed, strict and
value F1) and the stories corpus (`parallax eval`: span F1 and value accuracy, each story scored alone
and their mean = leave-one-story-out, and the whole folder).

    PYTHONPATH=src python bench/timex_corpora.py [--cache DIR] [--only tbaq,meantime,stories] [--errors N] [--halves]
                                                 [--misses]

`--cache DIR` keeps the spaCy parses of the TimeML texts (DocBin), so a rerun after a rule change costs
seconds, not minutes. `--halves` adds each TimeML corpus's odd- and even-numbered files scored apart
(a rule fitted to one half shows as a gain there only). `--misses` prints every TimeML miss in context
(value errors, gold timexes not found, timexes found that gold lacks), with file and DCT, to sort
into families before writing a rule. A corpus missing under ../shared (PARALLAX_SHARED overrides) is reported and skipped.
Which corpus a rule was developed on is said in its commit message; the other columns are its
cross-corpus figure.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import os
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parallax.analyze.nlp import load_nlp
from parallax.analyze.timex import extract_timexes
from parallax.evaluate.timeml import match_one_to_one, overlap_size, parse_tml, same_value, score

SHARED = Path(os.environ.get("PARALLAX_SHARED") or Path(__file__).resolve().parents[1] / ".." / "shared")
TIMEML = {"tbaq": SHARED / "eval" / "tempeval3" / "tbaq", "meantime": SHARED / "eval" / "meantime" / "timeml"}
STORIES = SHARED / "eval" / "stories"


def cached_docs(folder: Path, cache: Path | None) -> dict[str, object]:
    """{text: Doc} for every .tml text of `folder`, parsed once and kept in `cache` when given."""
    from spacy.tokens import DocBin

    nlp = load_nlp()
    texts = [parse_tml(p.read_text(encoding="utf-8"))[0] for p in sorted(folder.glob("*.tml"))]
    key = hashlib.sha1("\0".join(texts).encode()).hexdigest()[:16]
    path = cache / f"{folder.name}-{key}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(texts))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=False, docs=docs).to_disk(path)
    return {doc.text: doc for doc in docs}


def timeml_row(folder: Path, cache: Path | None, files: list[Path] | None = None) -> tuple[dict, list]:
    docs = cached_docs(folder, cache)
    if files is not None:   # a subset: scored from a folder of links to its files
        with tempfile.TemporaryDirectory() as tmp:
            for path in files:
                (Path(tmp) / path.name).symlink_to(path.resolve())
            result = score(Path(tmp), extract=lambda text, dct: extract_timexes(docs[text], dct))
    else:
        result = score(folder, extract=lambda text, dct: extract_timexes(docs[text], dct))
    layers = result["layers"]
    row = {"relaxed": layers["timexes"]["f1"], "strict": layers["timexes.strict"]["f1"],
           "value": layers["timexes.value"]["f1"], "value acc": result["value_accuracy"]}
    return row, result["value_errors"]


def _in_context(text: str, start: int, end: int, width: int = 70) -> str:
    before, after = text[max(0, start - width):start], text[end:end + width]
    return f"{before}[[{text[start:end]}]]{after}".replace("\n", " ")


def timeml_misses(folder: Path, cache: Path | None) -> list[str]:
    """One line per miss, paired as the scorer pairs them: 'value' (both found, values differ),
    'missed' (gold only), 'extra' (ours only)."""
    docs = cached_docs(folder, cache)
    lines = []
    for path in sorted(folder.glob("*.tml")):
        text, dct, gold = parse_tml(path.read_text(encoding="utf-8"))
        pred = extract_timexes(docs[text], dct)
        pairs = match_one_to_one([(g.start, g.end) for g in gold], [(p.start, p.end) for p in pred],
                                 lambda g, p: overlap_size(g, p) / max(g[1] - g[0], p[1] - p[0], 1))
        where = f"{path.name} dct={dct}"
        for gi, pi in pairs:
            if not same_value(gold[gi].value, pred[pi].value):
                lines.append(f"value  {where} gold={gold[gi].value} got={pred[pi].value} :: "
                             + _in_context(text, gold[gi].start, gold[gi].end))
        paired_gold, paired_pred = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
        lines += [f"missed {where} gold={g.value} :: " + _in_context(text, g.start, g.end)
                  for gi, g in enumerate(gold) if gi not in paired_gold]
        lines += [f"extra  {where} got={p.value} :: " + _in_context(text, p.start, p.end)
                  for pi, p in enumerate(pred) if pi not in paired_pred]
    return lines


def stories_rows() -> dict[str, dict]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from stories_cv import fold_scores

    folds = fold_scores(STORIES)
    names = [n for n in folds if n != "all"]
    out = {}
    for name in [*names, "all"]:
        layers = folds[name]
        out[f"stories {name}"] = {"relaxed": layers["timexes"]["f1"], "strict": layers["timexes.exact"]["f1"],
                                  "value acc": layers["timexes.value"]["f1"],
                                  "value": layers["timexes"]["f1"] * layers["timexes.value"]["f1"]}
    out["stories LOSO mean"] = {k: sum(out[f"stories {n}"][k] for n in names) / len(names)
                                for k in ("relaxed", "strict", "value", "value acc")}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=None, help="folder for the parses of the TimeML texts")
    ap.add_argument("--only", default="tbaq,meantime,stories")
    ap.add_argument("--errors", type=int, default=0, help="print the N commonest value errors per TimeML corpus")
    ap.add_argument("--halves", action="store_true", help="also score odd- and even-numbered TimeML files apart")
    ap.add_argument("--misses", action="store_true", help="print every TimeML miss in context, with file and DCT")
    args = ap.parse_args()
    wanted = set(args.only.split(","))
    rows: dict[str, dict] = {}
    errors: dict[str, list] = {}
    for name, folder in TIMEML.items():
        if name not in wanted:
            continue
        if not folder.is_dir():
            print(f"{folder} is absent: {name} skipped")
            continue
        rows[name], errors[name] = timeml_row(folder, args.cache)
        if args.misses:
            print("\n".join(f"{name} {line}" for line in timeml_misses(folder, args.cache)))
        if args.halves:
            files = sorted(folder.glob("*.tml"))
            rows[f"{name} odd"], _ = timeml_row(folder, args.cache, files[0::2])
            rows[f"{name} even"], _ = timeml_row(folder, args.cache, files[1::2])
    if "stories" in wanted:
        if STORIES.is_dir():
            rows.update(stories_rows())
        else:
            print(f"{STORIES} is absent: stories skipped")
    table = Table(title="Timexes across corpora (value = relaxed F1 x value accuracy)")
    for col in ("corpus", "relaxed", "strict", "value", "value acc"):
        table.add_column(col, justify="left" if col == "corpus" else "right")
    for name, row in rows.items():
        table.add_row(name, *(f"{row[c]:.3f}" for c in ("relaxed", "strict", "value", "value acc")))
    Console().print(table)
    for name, errs in errors.items():
        common = collections.Counter((e["text"], e["gold"], e["pred"]) for e in errs).most_common(args.errors)
        for (text, gold, pred), n in common:
            print(f"{name} {n:>3}  {text!r}: gold {gold}, got {pred}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
