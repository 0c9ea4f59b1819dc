"""Train the HTML block model (`parallax.clean.blocks`) on the WCXB page set and write
src/parallax/clean/block_model.json, plus one weights file per held-out fold.

    PYTHONPATH=src python bench/train_block_model.py [--gold ../shared/eval/wcxb-dev] [--folds 2] [--cache FILE]

Each page's visible lines are labelled by the gold main content (the same word-sequence matching
that finds trafilatura's body among the lines). Pages are split into folds as in
`bench/wcxb_vs_trafilatura.py` (page i goes to fold i mod K); for each fold a model trained on the
other folds is scored on it (body word-bag F1, mean over pages, beside trafilatura's lines alone) and
saved as block_model.foldK.json, so that bench can score the whole pipeline held out:

    PARALLAX_BLOCK_MODEL_DIR=<dir> PYTHONPATH=src python bench/wcxb_vs_trafilatura.py --folds 2
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from parallax.clean import _find_line
from parallax.clean import html as html_input
from parallax.clean.blocks import FEATURE_NAMES, THRESHOLD, WEIGHTS_PATH, block_features
from parallax.clean.classify import BODY, classify_lines
from parallax.clean.lines import split_lines
from parallax.clean.trees import fit
from parallax.evaluate.wcxb import pages, read_html, word_f1

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "wcxb-dev"
MIN_BODY_CHARS = 200


def page_rows(html: str, url: str | None, gold_body: str) -> dict | None:
    html, _ = html_input.repair_mojibake(html)
    blocks, page_title = html_input.visible_blocks(html)
    lines = split_lines("\n".join(b.text for b in blocks))
    if not lines or len(lines) != len(blocks):
        return None
    found = html_input.extract(html, url)
    empty = [False] * len(lines)
    masks = [html_input.body_line_mask(lines, body) if body else empty
             for body in (found.body or "", *(found.variants or ("", "")))]
    title_line = _find_line(lines, found.title or page_title)
    x = block_features(lines, blocks, masks, found.title or page_title, title_line)
    # the pipeline's body today: trafilatura's lines, or the text classifier's when it found too little
    base = masks[0]
    if not found.body or len(found.body) < MIN_BODY_CHARS or sum(len(l.text) for l, m in zip(lines, base) if m) < MIN_BODY_CHARS:
        base = [lab == BODY for lab in classify_lines(lines).labels]
    else:
        base = [m and i != title_line for i, m in enumerate(base)]
    return {"x": x, "y": np.array(html_input.body_line_mask(lines, gold_body), dtype=float),
            "texts": [l.text for l in lines], "title_line": title_line, "base": base, "gold": gold_body,
            "inputs": (blocks, masks, found.title or page_title)}


def refresh(page: dict) -> None:
    """Features again from the stored blocks and masks (no extraction rerun)."""
    blocks, masks, title = page["inputs"]
    lines = split_lines("\n".join(page["texts"]))
    page["x"] = block_features(lines, blocks, masks, title, page["title_line"])


def load(gold: Path, cache: Path | None) -> dict[str, dict]:
    if cache and cache.exists():
        data = pickle.loads(cache.read_bytes())
        if data.get("features") != FEATURE_NAMES:
            for page in data["pages"].values():
                refresh(page)
            cache.write_bytes(pickle.dumps({"features": FEATURE_NAMES, "pages": data["pages"]}))
        return data["pages"]
    out = {}
    t0 = time.time()
    for n, (pid, truth, path) in enumerate(pages(gold)):
        rows = page_rows(read_html(path), truth.get("url"), truth.get("ground_truth", {}).get("main_content") or "")
        if rows is not None:
            out[pid] = rows
        if n % 50 == 0:
            print(f"  {n} pages, {time.time() - t0:.0f} s", file=sys.stderr)
    if cache:
        cache.write_bytes(pickle.dumps({"features": FEATURE_NAMES, "pages": out}))
    return out


def body_f1(page: dict, mask) -> float:
    body = "\n".join(t for i, (t, m) in enumerate(zip(page["texts"], mask)) if m and i != page["title_line"])
    return word_f1(page["gold"], body)[2]


def train(data: dict[str, dict], ids: list[str], **kw):
    x = np.vstack([data[p]["x"] for p in ids])
    y = np.concatenate([data[p]["y"] for p in ids])
    return fit(x, y, **kw)


def save(forest, path: Path, note: str, threshold: float) -> None:
    path.write_text(json.dumps({"features": FEATURE_NAMES, "threshold": threshold, "trained_on": note,
                                **forest.to_json()}, separators=(",", ":")) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the page features (rebuilt when stale)")
    ap.add_argument("--fold-dir", type=Path, default=None, help="where block_model.foldK.json go")
    ap.add_argument("--trees", type=int, default=150)
    ap.add_argument("--depth", type=int, default=3)
    args = ap.parse_args()
    if not args.gold.is_dir():
        raise SystemExit(f"{args.gold} not found: the page set lives outside the repository")
    data = load(args.gold, args.cache)
    ids = [pid for pid, _t, _p in pages(args.gold)]
    fold_of = {pid: i % args.folds for i, pid in enumerate(ids)}
    kw = {"trees": args.trees, "depth": args.depth}
    means = []
    for k in range(args.folds):
        train_ids = [p for p in data if fold_of[p] != k]
        test_ids = [p for p in data if fold_of[p] == k]
        forest = train(data, train_ids, **kw)
        base = np.mean([body_f1(data[p], data[p]["base"]) for p in test_ids])
        oracle = np.mean([body_f1(data[p], data[p]["y"] > 0) for p in test_ids])
        model = np.mean([body_f1(data[p], forest.proba(data[p]["x"]) >= THRESHOLD) for p in test_ids])
        means.append((base, model, oracle))
        print(f"fold {k}: {len(test_ids)} pages  body F1 trafilatura lines {base:.4f}  block model {model:.4f}"
              f"  (gold lines {oracle:.4f})")
        if args.fold_dir:
            args.fold_dir.mkdir(parents=True, exist_ok=True)
            save(forest, args.fold_dir / f"block_model.fold{k}.json", f"WCXB folds other than {k} of {args.folds}",
                 THRESHOLD)
    b, m, o = np.mean(means, axis=0)
    print(f"mean:   body F1 trafilatura lines {b:.4f}  block model {m:.4f}  (gold lines {o:.4f})")
    forest = train(data, list(data), **kw)
    save(forest, WEIGHTS_PATH, f"WCXB dev ({len(data)} pages), {args.trees} trees of depth {args.depth}", THRESHOLD)
    print(f"wrote {WEIGHTS_PATH} ({WEIGHTS_PATH.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
