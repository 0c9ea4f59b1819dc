"""Gradient-boosted decision trees for binary labels, in plain numpy (no new dependency): fitted by
`bench/train_block_model.py`, shipped as JSON, read back with `Forest.from_json`.

Training bins each feature at its quantiles and grows each tree level by level on the log loss's
gradient and hessian (the usual second-order boosting step); prediction walks the stored thresholds.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Forest:
    base: float                 # the starting log-odds
    trees: list[dict]           # each: feature, threshold, left, right (child index, -1 at a leaf), value

    def logit(self, x: np.ndarray) -> np.ndarray:
        out = np.full(len(x), self.base)
        rows = np.arange(len(x))
        for tree in self.trees:
            feature, threshold = np.asarray(tree["feature"]), np.asarray(tree["threshold"])
            left, right, value = np.asarray(tree["left"]), np.asarray(tree["right"]), np.asarray(tree["value"])
            node = np.zeros(len(x), dtype=int)
            while True:
                inner = left[node] >= 0
                if not inner.any():
                    break
                go_left = x[rows, np.where(inner, feature[node], 0)] <= threshold[node]
                node = np.where(inner, np.where(go_left, left[node], right[node]), node)
            out += value[node]
        return out

    def proba(self, x: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-self.logit(x)))

    def to_json(self) -> dict:
        return {"base": round(self.base, 6), "trees": self.trees}

    @classmethod
    def from_json(cls, data: dict) -> Forest:
        return cls(float(data["base"]), list(data["trees"]))


def fit(x: np.ndarray, y: np.ndarray, *, trees: int = 150, depth: int = 4, rate: float = 0.1,
        bins: int = 32, l2: float = 1.0, min_hessian: float = 5.0) -> Forest:
    """Boosted trees on the log loss. Thresholds are feature quantiles (at most `bins` a feature)."""
    n, d = x.shape
    edges = [np.unique(np.quantile(x[:, j], np.linspace(0, 1, bins + 1)[1:])) for j in range(d)]
    xb = np.stack([np.searchsorted(edges[j], x[:, j], side="left") for j in range(d)], axis=1)
    pos = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    base = float(np.log(pos / (1 - pos)))
    logit = np.full(n, base)
    forest = Forest(base, [])
    nbins = bins + 1
    for _ in range(trees):
        p = 1 / (1 + np.exp(-logit))
        g, h = p - y, np.maximum(p * (1 - p), 1e-6)
        tree = {"feature": [0], "threshold": [0.0], "left": [-1], "right": [-1], "value": [0.0]}
        node_of = np.zeros(n, dtype=int)
        frontier = [0]
        for _level in range(depth):
            # every frontier node's best split at once: histograms keyed by (node, bin)
            local = np.full(len(tree["value"]), -1)
            local[frontier] = np.arange(len(frontier))
            li = local[node_of]
            act = li >= 0
            rows, m = li[act], len(frontier)
            ga, ha = g[act], h[act]
            gs, hs = np.bincount(rows, ga, m), np.bincount(rows, ha, m)
            best_gain = np.full(m, 1e-6)
            best = np.full((m, 2), -1)
            for j in range(d):
                key = rows * nbins + xb[act, j]
                gl = np.cumsum(np.bincount(key, ga, m * nbins).reshape(m, nbins), axis=1)[:, :-1]
                hl = np.cumsum(np.bincount(key, ha, m * nbins).reshape(m, nbins), axis=1)[:, :-1]
                hr = hs[:, None] - hl
                ok = (hl >= min_hessian) & (hr >= min_hessian)
                gain = np.where(ok, gl * gl / (hl + l2) + (gs[:, None] - gl) ** 2 / (hr + l2)
                                - (gs * gs / (hs + l2))[:, None], -np.inf)
                s = gain.argmax(axis=1)
                top = gain[np.arange(m), s]
                better = top > best_gain
                best_gain[better] = top[better]
                best[better] = np.stack([np.full(better.sum(), j), s[better]], axis=1)
            nxt = []
            for i, node in enumerate(frontier):
                j, s = best[i]
                if j < 0:
                    continue
                for key, val in (("feature", 0), ("threshold", 0.0), ("left", -1), ("right", -1), ("value", 0.0)):
                    tree[key] += [val, val]
                l_id, r_id = len(tree["value"]) - 2, len(tree["value"]) - 1
                tree["feature"][node], tree["threshold"][node] = int(j), float(edges[j][s])
                tree["left"][node], tree["right"][node] = l_id, r_id
                idx = np.flatnonzero(node_of == node)
                goes_left = xb[idx, j] <= s
                node_of[idx[goes_left]], node_of[idx[~goes_left]] = l_id, r_id
                nxt += [l_id, r_id]
            frontier = nxt
            if not frontier:
                break
        n_nodes = len(tree["value"])
        gsum, hsum = np.bincount(node_of, g, n_nodes), np.bincount(node_of, h, n_nodes)
        value = np.where(np.array(tree["left"]) < 0, -rate * gsum / (hsum + l2), 0.0)
        logit += value[node_of]
        tree["threshold"] = [round(t, 6) for t in tree["threshold"]]
        tree["value"] = [round(float(v), 6) for v in value]
        forest.trees.append(tree)
    return forest


