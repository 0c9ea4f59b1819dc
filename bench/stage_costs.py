"""Where the time of one `parallax run` goes, stage by stage, on N real articles (one process):
read, clean, spaCy parse, each analysis component, link keys and framing counts, and the store writes.

    PYTHONPATH=src python bench/stage_costs.py [--articles 300]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from scale_support import build_corpus, corpus_words, machine_load


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args()

    from parallax import analyze, link, pipeline
    from parallax.analyze.nlp import load_nlp
    from parallax.clean import OutletMemory, clean_document
    from parallax.model import ReadFailure
    from parallax.sources import read_paths
    from parallax.store import Store

    nlp = load_nlp()
    cost: dict[str, float] = defaultdict(float)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(Path(tmp) / "corpus", args.articles)
        words = corpus_words(corpus)
        store = Store(str(Path(tmp) / "s.db"))
        memory = OutletMemory()
        t = time.perf_counter()
        raws = [r for r in read_paths([corpus]) if not isinstance(r, ReadFailure)]
        cost["read"] += time.perf_counter() - t
        articles = []
        for raw in raws:
            t = time.perf_counter()
            try:
                articles.append(clean_document(raw, memory))
            except Exception:
                pass
            cost["clean"] += time.perf_counter() - t
        t = time.perf_counter()
        store.add_articles(articles)
        cost["store articles"] += time.perf_counter() - t
        t = time.perf_counter()
        docs = list(nlp.pipe((a.body for a in articles), batch_size=32))
        cost["spaCy parse"] += time.perf_counter() - t
        components = {"sentences": lambda a, d: [(s.start_char, s.end_char) for s in d.sents],
                      "entities": lambda a, d: analyze.extract_entities(d),
                      "quotes": lambda a, d: analyze.extract_quotes(d),
                      "timex": lambda a, d: analyze.extract_timexes(d, *analyze.publication_anchor(a)),
                      "figures": lambda a, d: analyze.extract_figures(d)}
        for article, doc in zip(articles, docs):
            for name, fn in components.items():
                t = time.perf_counter()
                fn(article, doc)
                cost[name] += time.perf_counter() - t
        analyses = [analyze.analyze_doc(a, d) for a, d in zip(articles, docs)]
        t = time.perf_counter()   # what analyse adds for link: block keys and framing's counts
        analyses = [link.prepare((a, x)) for a, x in zip(articles, analyses)]
        cost["link keys, counts"] += time.perf_counter() - t
        t = time.perf_counter()
        for i in range(0, len(analyses), 32):
            store.save_analyses(analyses[i:i + 32])
        cost["store analyses"] += time.perf_counter() - t
        t = time.perf_counter()
        pipeline.link(store)
        cost["link (whole corpus)"] += time.perf_counter() - t
    parse = cost["spaCy parse"]
    print(f"{len(articles)} articles, {words:,} words; machine: {machine_load()}")
    print(f"{'stage':22} {'seconds':>8} {'ms/article':>10} {'x parse':>8}")
    for name, seconds in cost.items():
        print(f"{name:22} {seconds:8.2f} {seconds / len(articles) * 1000:10.1f} {seconds / parse:8.2f}")


if __name__ == "__main__":
    main()
