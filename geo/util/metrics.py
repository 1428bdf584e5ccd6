"""Precision, recall and F1 from counts (the one copy for evaluation, bench and tests)."""

from __future__ import annotations

from dataclasses import dataclass


def precision(tp: int, fp: int, empty: float = 1.0) -> float:
    """tp / (tp + fp); ``empty`` when nothing was predicted."""
    return tp / (tp + fp) if tp + fp else empty


def recall(tp: int, fn: int, empty: float = 1.0) -> float:
    """tp / (tp + fn); ``empty`` when there was nothing to find."""
    return tp / (tp + fn) if tp + fn else empty


def f1(p: float, r: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PRF:
    """Counts with their precision, recall and F1 (``empty``: the figure for a zero denominator)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    empty: float = 1.0

    @property
    def precision(self) -> float:
        return precision(self.tp, self.fp, self.empty)

    @property
    def recall(self) -> float:
        return recall(self.tp, self.fn, self.empty)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)
