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


# ---- keyed link: the blocks `parallax.link` links one at a time ----------------------------------
# The LSH bands are the blocks: two articles are compared when one band of their MinHash signatures
# is equal, exactly as MinHashLSH does; a pair is kept by the first band the two share.
MAX_BLOCK = 1000     # articles of one band compared pairwise (boilerplate-only pages can share one)


def _signature(article: Article) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch(list(_shingles(article.body)))
    return mh


_HASHRANGES: list[tuple[int, int]] = []


def _bands(mh: MinHash) -> list[str]:
    import hashlib

    if not _HASHRANGES:   # the bands MinHashLSH chooses for THRESHOLD (choosing them is slow: once)
        _HASHRANGES.extend(MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges)
    return [f"{b}:" + hashlib.blake2b(mh.hashvalues[start:end].tobytes(), digest_size=8).hexdigest()
            for b, (start, end) in enumerate(_HASHRANGES)]


def block_keys(item: tuple[Article, Analysis]) -> list[tuple[str, int]]:
    """(band key, 0): one key per LSH band of the article's signature."""
    return [(band, 0) for band in _bands(_signature(item[0]))]


def link_block(items: Sequence[tuple[Article, Analysis]], key: str,
               threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """Near-duplicate pairs (a, b, similarity) found in band `key` (and in no earlier band)."""
    signed = sorted(((article.id, _signature(article)) for article, _ in items), key=lambda x: x[0])[:MAX_BLOCK]
    bands = {aid: _bands(mh) for aid, mh in signed}
    band = int(key.split(":")[0])
    pairs = []
    for n, (a, mh_a) in enumerate(signed):
        for b, mh_b in signed[n + 1:]:
            first = next(i for i, (x, y) in enumerate(zip(bands[a], bands[b])) if x == y or i == band)
            if first == band and bands[a][band] == bands[b][band]:
                similarity = mh_a.jaccard(mh_b)
                if similarity >= threshold:
                    pairs.append((a, b, round(similarity, 3)))
    return pairs
