"""Time cluster_quotes on synthetic quotes (no shared data needed): N articles x 5 quotes drawn
from a pool of statements and speakers, so every statement recurs across articles.
    PYTHONPATH=src python bench/quotes_cluster_scale.py [--articles 20000]
"""
from __future__ import annotations

import argparse
import random
import time

from parallax.link.quotes import cluster_quotes
from parallax.model import Analysis, Article, Fact, Quote


def corpus(n_articles: int, seed: int = 0):
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20000)]
    statements = [" ".join(rng.choices(vocab, k=15)) for _ in range(max(n_articles // 4, 10))]
    for a in range(n_articles):
        article = Article(id=f"a{a}", uri="", source_text="", body="", segments=[], zones=[],
                          headline=Fact(None), outlet=Fact(None), published=Fact(f"2025-01-{1 + a % 28:02d}"),
                          byline=Fact(None))
        quotes = [Quote(0, 1, rng.choice(statements), "direct", speaker=f"Speaker S{rng.randint(0, 300)}")
                  for _ in range(5)]
        yield article, Analysis(article.id, quotes=quotes)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=20000)
    args = ap.parse_args()
    items = list(corpus(args.articles))
    t0 = time.perf_counter()
    clusters = cluster_quotes(items)
    seconds = time.perf_counter() - t0
    print(f"{'articles':>9} {'quotes':>8} {'clusters':>9} {'seconds':>8}")
    print(f"{args.articles:9} {5 * args.articles:8} {len(clusters):9} {seconds:8.1f}")


if __name__ == "__main__":
    main()
