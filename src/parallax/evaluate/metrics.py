"""Precision / recall / F1 and span matching shared by every scorer."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Span = tuple[int, int]


@dataclass
class Counts:
    tp_gold: int = 0      # gold items matched (recall numerator)
    tp_pred: int = 0      # predicted items matched (precision numerator)
    n_gold: int = 0
    n_pred: int = 0

    def add(self, other: "Counts") -> None:
        self.tp_gold += other.tp_gold
        self.tp_pred += other.tp_pred
        self.n_gold += other.n_gold
        self.n_pred += other.n_pred

    def layer(self) -> dict[str, Any]:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "n_gold": self.n_gold, "n_pred": self.n_pred}


def bag_prf(gold: Counter, pred: Counter) -> tuple[float, float, float]:
    """Precision, recall and F1 of one bag (word or shingle counts) against another; two empty bags agree."""
    if not gold and not pred:
        return 1.0, 1.0, 1.0
    tp = sum((gold & pred).values())
    precision = tp / sum(pred.values()) if pred else 0.0
    recall = tp / sum(gold.values()) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def mean_layer(rows: Sequence[tuple[float, float, float]]) -> dict[str, Any]:
    """A layer of per-page (P, R, F1) averaged over the pages (the page-set benchmarks' figure)."""
    n = len(rows)
    mean = [round(sum(r[k] for r in rows) / n, 4) if n else 0.0 for k in range(3)]
    return {"p": mean[0], "r": mean[1], "f1": mean[2], "n_gold": n, "n_pred": n}


def accuracy_layer(correct: int, total: int, n_pred: int | None = None) -> dict[str, Any]:
    """A layer where every gold item gets exactly one answer: p = r = f1 = accuracy."""
    acc = round(correct / total, 4) if total else 0.0
    return {"p": acc, "r": acc, "f1": acc, "n_gold": total, "n_pred": total if n_pred is None else n_pred}


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def overlap_size(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_one_to_one(gold: Sequence[Any], pred: Sequence[Any],
                     same: Callable[[Any, Any], float]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: pairs with the highest positive `same` score first."""
    scored = sorted(((same(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
                    key=lambda t: -t[0])
    used_g, used_p, pairs = set(), set(), []
    for score, gi, pi in scored:
        if score <= 0 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def span_counts(gold: Sequence[Span], pred: Sequence[Span], *, exact: bool) -> Counts:
    """Counts for span sets: exact boundaries, or any overlap (one-to-one)."""
    if exact:
        same = lambda g, p: 1.0 if g == p else 0.0  # noqa: E731
    else:
        same = lambda g, p: overlap_size(g, p) / max(g[1] - g[0], p[1] - p[0], 1)  # noqa: E731
    n = len(match_one_to_one(gold, pred, same))
    return Counts(n, n, len(gold), len(pred))
