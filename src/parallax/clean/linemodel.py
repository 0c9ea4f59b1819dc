"""A logistic-regression line scorer in two passes: P(line is article body | features). The second
pass adds what the first said about the line and its neighbours, so a line of a list or table between
paragraphs borrows their confidence and a lone prose line among menus loses some. Weights ship as
JSON (trained by `bench/train_line_model.py` on the article-extraction-benchmark page texts)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from parallax.clean.lines import FEATURE_NAMES, Line, line_features

WEIGHTS_PATH = Path(__file__).with_name("line_model.json")
CONTEXT_NAMES = ["first_pass_logit", "neighbours_1", "neighbours_2"]   # second-pass inputs after FEATURE_NAMES


@lru_cache(maxsize=1)
def _weights() -> tuple[np.ndarray, np.ndarray]:
    data = json.loads(WEIGHTS_PATH.read_text())
    if data["features"] != FEATURE_NAMES or data.get("context") != CONTEXT_NAMES:
        raise RuntimeError("line_model.json was trained on other features: rerun bench/train_line_model.py")
    return np.array(data["weights"]), np.array(data["second_pass"])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def context(first: np.ndarray) -> np.ndarray:
    """CONTEXT_NAMES for each line, from the first pass's probabilities: its own (as a logit) and the
    mean of its neighbours' within one and two lines."""
    n = len(first)
    cum = np.concatenate([[0.0], np.cumsum(first)])
    cols = [np.log(np.clip(first, 1e-6, 1 - 1e-6) / np.clip(1 - first, 1e-6, 1)) / 5]
    for r in (1, 2):
        lo, hi = np.maximum(np.arange(n) - r, 0), np.minimum(np.arange(n) + r + 1, n)
        cols.append((cum[hi] - cum[lo] - first) / np.maximum(hi - lo - 1, 1))
    return np.column_stack(cols)


def probabilities(x: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    first, second = weights
    return _sigmoid(np.hstack([x, context(_sigmoid(x @ first))]) @ second)


def body_probabilities(lines: list[Line]) -> list[float]:
    if not lines:
        return []
    return [float(p) for p in probabilities(np.array(line_features(lines)), _weights())]


def train(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    """Plain batch gradient descent on the log loss; classes weighted to balance them."""
    w = np.zeros(x.shape[1])
    pos = y.mean()
    sample_w = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos))
    for _ in range(steps):
        p = _sigmoid(x @ w)
        grad = x.T @ ((p - y) * sample_w) / len(y) + l2 * w
        w -= rate * grad
    return w


def train_two_pass(pages: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Both passes from (features, labels) per page. The second pass learns from first-pass
    probabilities of pages the first pass did not see (two halves, each scored by the other's
    weights), as it will meet them on new pages."""
    halves = [pages[0::2], pages[1::2]]
    rows, labels = [], []
    for k in (0, 1):
        first = train(*_stack(halves[k]))
        for x, y in halves[1 - k]:
            rows.append(np.hstack([x, context(_sigmoid(x @ first))]))
            labels.append(y)
    return train(*_stack(pages)), train(np.vstack(rows), np.concatenate(labels))


def _stack(pages: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    return np.vstack([x for x, _ in pages]), np.concatenate([y for _, y in pages]).astype(float)
