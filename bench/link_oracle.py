"""The link layers with gold input: each article's gold quotes, figures and dates (and its gold body,
outlet and publication date) go to the linkers in place of what the pipeline extracted, so what is
left to miss is the linkers' own doing. Entities and sentences come from the tagger. Linked as
`parallax link` links a store (`stored_links`) and scored as `parallax eval` scores, per story and
on the whole folder; compare with `bench/stories_cv.py --layers links` for the cost of extraction.

    PYTHONPATH=src python bench/link_oracle.py [--gold ../shared/eval/stories] [--show links.timeline]

`--show LAYER` also prints, per story, the gold pairs the linker missed and the pairs it made that
are not gold (each item's text, its gold `what` / value / speaker and its sentence), to find the
families of errors.
"""
from __future__ import annotations

import argparse
import bisect
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parallax.evaluate.corpus_layers import _LinkGold, _sentence_at, link_layer_scores, load_gold_corpus, stored_links
from parallax.evaluate.dev import _gold_items, stories_of
from parallax.model import Analysis, Article, Figure, Quote, Timex

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "stories"


def to_body(article: Article, offset: int) -> int | None:
    """The body offset of a source offset; None outside the body (a headline, boilerplate)."""
    sources = [s[1] for s in article.segments]
    i = bisect.bisect_right(sources, offset) - 1
    if i < 0:
        return None
    body_start, source_start, length = article.segments[i]
    return body_start + offset - source_start if offset <= source_start + length else None


def sentence_of(sentences: list[tuple[int, int]], start: int) -> tuple[int, int]:
    return next(((s, e) for s, e in sentences if s <= start < e), (start, start))


def gold_analysis(article: Article, gold: dict, sentences: list[tuple[int, int]]) -> Analysis:
    """The gold quotes, figures and dates of an article as the analysis would give them."""
    def located(layer: str, key: str | None = None):
        for item in _gold_items(article.source_text, gold.get(layer, []), key=key):
            start, end = to_body(article, item["span"][0]), to_body(article, item["span"][1])
            if start is not None and end is not None:
                yield item, start, end, sentence_of(sentences, start)
    quotes = [Quote(s, e, g["text"], g.get("kind") or "direct", speaker=g.get("speaker"), sentence_end=se)
              for g, s, e, (_ss, se) in located("quotes")]
    figures = [Figure(s, e, g["text"], float(g["value"]), g.get("qualifier") or "exact", g.get("unit") or "",
                      sentence_start=ss, sentence_end=se) for g, s, e, (ss, se) in located("figures", "value")]
    timexes = [Timex(s, e, g["text"], "DURATION" if str(g["value"]).startswith("P") else "DATE", str(g["value"]),
                     sentence_start=ss, sentence_end=se) for g, s, e, (ss, se) in located("timexes")]
    return Analysis(article.id, sentences=sentences, quotes=quotes, figures=figures, timexes=timexes)


def oracle_items(gold_dir: Path) -> tuple[list[tuple[Article, Analysis]], list[dict]]:
    from parallax.analyze import load_nlp
    from parallax.analyze.entities import extract_entities

    nlp = load_nlp()
    items, golds = [], []
    for article, gold in load_gold_corpus(gold_dir / "gold"):
        doc = nlp(article.body)
        analysis = gold_analysis(article, gold, [(s.start_char, s.end_char) for s in doc.sents])
        analysis.entities = extract_entities(doc)
        items.append((article, analysis))
        golds.append(gold)
    return items, golds


GOLD_LAYER = {"links.figure_groups": "figures", "links.disagreements": "figures",
              "links.quote_clusters": "quotes", "links.timeline": "timexes"}


def show_errors(layer: str, scores: dict, items: list, golds: list[dict], story: dict[str, str]) -> None:
    """The missed and the spurious pairs of one layer, each item with its gold label and sentence."""
    lg = _LinkGold(items, golds, story)
    sources = {g["article"]: a.source_text for (a, _), g in zip(items, golds)}

    def line(ref) -> str:
        if ref[0].startswith("?"):
            return f"{ref[0][1:]}#{ref[1]} (no gold item)"
        item = lg.gold_item(tuple(ref), GOLD_LAYER[layer])
        s, e = _sentence_at(sources[ref[0]], item["span"][0])
        label = item.get("what") or item.get("speaker") or item.get("value")
        return f"{ref[0]}#{ref[1]} [{item['text']}] <{label}> {sources[ref[0]][s:e][:200]}"
    for kind in ("missed", "spurious"):
        print(f"  {kind} ({len(scores[kind])})")
        for a, b in scores[kind]:
            print(f"    - {line(a)}\n      {line(b)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--show", choices=sorted(GOLD_LAYER), help="print this layer's missed and spurious pairs")
    args = ap.parse_args()
    items, golds = oracle_items(args.gold)
    story = stories_of(args.gold)
    names = sorted(set(story.values()))
    folds = {}
    for name in [*names, "all"]:
        keep = [i for i, g in enumerate(golds) if name == "all" or story.get(g["article"]) == name]
        part, part_golds = [items[i] for i in keep], [golds[i] for i in keep]
        folds[name] = link_layer_scores(part, part_golds, story, stored_links(part))
        if args.show and name != "all":
            print(f"{name}: {args.show} F1 {folds[name][args.show]['f1']:.3f}")
            show_errors(args.show, folds[name][args.show], part, part_golds, story)
    table = Table(title=f"Link F1 with gold input ({args.gold})")
    for col in ["layer", *names, "mean", "all"]:
        table.add_column(col, justify="left" if col == "layer" else "right")
    for layer in sorted(folds["all"]):
        per = [folds[n][layer]["f1"] for n in names if folds[n][layer]["n_gold"]]
        cells = [f"{folds[n][layer]['f1']:.3f}" if folds[n][layer]["n_gold"] else "—" for n in names]
        table.add_row(layer, *cells, f"{sum(per) / len(per):.3f}" if per else "—", f"{folds['all'][layer]['f1']:.3f}")
    Console().print(table)


if __name__ == "__main__":
    main()
