"""Quick check of extract_quotes on the dev articles (body lines only, using the gold zones).

Prints direct/indirect/mixed overlap P/R/F1 and speaker/cue accuracy on matched quotes, and with
--misses the unmatched gold and predicted quotes. Run from the repo root:
    PYTHONPATH=src python bench/quotes_dev_check.py [--misses]
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from parallax.analyze.nlp import load_nlp
from parallax.analyze.quotes import extract_quotes

SHARED = Path(os.environ.get("PARALLAX_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared")) / "eval" / "dev"


def body_text(source: str, gold: dict) -> str:
    """The article text with headline and boilerplate lines blanked (same offsets)."""
    drop = list(gold["boilerplate_lines"]) + [gold["headline"]]
    lines = source.split("\n")
    for i, line in enumerate(lines):
        if line in drop:
            drop.remove(line)
            lines[i] = " " * len(line)
    return "\n".join(lines)


def locate(source: str, q: dict, taken: set[int]) -> tuple[int, int]:
    """The gold quote's offsets: the first occurrence after its sentence start not taken yet."""
    anchor = -1
    while True:
        anchor = source.find(q["sentence_start"], anchor + 1)
        pos = source.find(q["text"], max(anchor, 0))
        if anchor < 0 or pos not in taken:
            break
    taken.add(pos)
    return pos, pos + len(q["text"])


def dev_scores(extract, show: bool = False) -> dict[str, float]:
    """Scores of `extract(doc) -> list[Quote]` on the dev articles (body lines only)."""
    nlp = load_nlp()
    tally = {k: [0, 0, 0] for k in ("all", "direct", "indirect", "mixed")}  # tp, gold, pred
    spk, cue, exact, matched = 0, 0, 0, 0
    for path in sorted((SHARED / "gold").glob("*.json")):
        gold = json.loads(path.read_text())
        source = (SHARED / "articles" / gold["article"]).read_text()
        doc = nlp(body_text(source, gold))
        pred = extract(doc)
        taken: set[int] = set()
        gspans = [locate(source, q, taken) for q in gold["quotes"]]
        used = set()
        for kind in tally:
            tally[kind][1] += sum(1 for q in gold["quotes"] if kind == "all" or q["kind"] == kind)
            tally[kind][2] += sum(1 for q in pred if kind == "all" or q.kind == kind)
        for q, (a, b) in zip(gold["quotes"], gspans):
            best = max(((min(b, p.end) - max(a, p.start), pi) for pi, p in enumerate(pred) if pi not in used),
                       default=(0, -1))
            if best[0] <= 0:
                if show:
                    print(f"MISS  {gold['article'][:3]} {q['kind'][:3]} [{q['cue']}] {q['speaker_mention']}: {q['text'][:90]}")
                continue
            p = pred[best[1]]
            used.add(best[1])
            matched += 1
            tally["all"][0] += 1
            if p.kind == q["kind"]:
                tally[q["kind"]][0] += 1
            exact += (p.start, p.end) == (a, b)
            ok = (p.speaker or "").casefold().removeprefix("the ") == (q["speaker"] or "").casefold().removeprefix("the ")
            spk += ok
            cue += (p.cue or "") == q["cue"]
            if show and (not ok or (p.start, p.end) != (a, b) or p.kind != q["kind"]):
                print(f"DIFF  {gold['article'][:3]} gold={q['kind'][:3]}/{q['speaker']}/{q['speaker_mention']}/{q['cue']}"
                      f"  pred={p.kind[:3]}/{p.speaker}/{p.speaker_mention}/{p.cue}\n      G: {q['text'][:100]}\n      P: {p.text[:100]}")
        if show:
            for pi, p in enumerate(pred):
                if pi not in used:
                    print(f"EXTRA {gold['article'][:3]} {p.kind[:3]} [{p.cue}] {p.speaker_mention}->{p.speaker}: {p.text[:90]}")
    out: dict[str, float] = {}
    for kind, (tp, g, pr) in tally.items():
        p, r = (tp / pr if pr else 0), (tp / g if g else 0)
        out.update({f"{kind}.p": p, f"{kind}.r": r, f"{kind}.f1": 2 * p * r / (p + r) if p + r else 0,
                    f"{kind}.n_gold": g, f"{kind}.n_pred": pr})
    n = max(matched, 1)
    out.update({"matched": matched, "exact_span": exact / n, "speaker_acc": spk / n, "cue_acc": cue / n})
    return out


def main() -> None:
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} is absent")
    s = dev_scores(extract_quotes, show="--misses" in sys.argv)
    print(f"{'layer':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for kind in ("all", "direct", "indirect", "mixed"):
        print(f"{kind:10} {s[kind + '.p']:6.3f} {s[kind + '.r']:6.3f} {s[kind + '.f1']:6.3f} "
              f"{s[kind + '.n_gold']:5} {s[kind + '.n_pred']:5}")
    print(f"matched {s['matched']}: exact span {s['exact_span']:.3f}  speaker acc {s['speaker_acc']:.3f}"
          f"  cue acc {s['cue_acc']:.3f}")


if __name__ == "__main__":
    main()
