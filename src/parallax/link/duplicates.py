"""Near-duplicate and syndicated articles: MinHash over word 5-gram shingles, LSH to find
candidate pairs in near-linear time, then the Jaccard estimate to confirm."""
from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from parallax.model import Analysis, Article

THRESHOLD = 0.8
NUM_PERM = 64


def _shingles(text: str, n: int = 5) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + n]).encode() for i in range(max(len(words) - n + 1, 1))}


def find_duplicates(items: Sequence[tuple[Article, Analysis]],
                    threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    pairs = []
    for article, _analysis in items:
        mh = MinHash(num_perm=NUM_PERM, seed=1)
        mh.update_batch(list(_shingles(article.body)))
        for other in lsh.query(mh):
            similarity = mh.jaccard(hashes[other])
            if similarity >= threshold:
                pairs.append((min(other, article.id), max(other, article.id), round(similarity, 3)))
        if article.id not in hashes:
            lsh.insert(article.id, mh)
            hashes[article.id] = mh
    return sorted(pairs)
