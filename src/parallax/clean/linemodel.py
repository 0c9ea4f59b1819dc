"""A logistic-regression line scorer: P(line is article body | features). Weights ship as JSON
(trained by `bench/train_line_model.py` on the article-extraction-benchmark page texts)."""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from parallax.clean.lines import FEATURE_NAMES, Line, line_features

WEIGHTS_PATH = Path(__file__).with_name("line_model.json")


@lru_cache(maxsize=1)
def _weights() -> np.ndarray:
    data = json.loads(WEIGHTS_PATH.read_text())
    if data["features"] != FEATURE_NAMES:
        raise RuntimeError("line_model.json was trained on other features: rerun bench/train_line_model.py")
    return np.array(data["weights"])


def body_probabilities(lines: list[Line]) -> list[float]:
    if not lines:
        return []
    x = np.array(line_features(lines))
    return [1 / (1 + math.exp(-z)) for z in x @ _weights()]


def train(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    """Plain batch gradient descent on the log loss; classes weighted to balance them."""
    w = np.zeros(x.shape[1])
    pos = y.mean()
    sample_w = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ ((p - y) * sample_w) / len(y) + l2 * w
        w -= rate * grad
    return w
