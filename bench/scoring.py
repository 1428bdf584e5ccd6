"""Score predicted place mentions against gold: recognition F1 with resolution within 10 km.

A prediction is a true positive when its span equals a gold span exactly (same start and end offsets in the
stored text) AND it resolves to the gold place:
- gold country: the prediction is a country with the same ISO code;
- otherwise: the same place id, or both have coordinates within ``TOLERANCE_KM`` of each other and the
  prediction is not a country (a country point near a city does not count as that city).
Every other prediction is a false positive (including recognised-but-wrongly-resolved and unresolved ones),
and every gold span without a true positive is a false negative. Counts are summed over all articles
(micro-average). ``recognition`` scores spans alone, ignoring resolution.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bench.corpus import GoldPlace

TOLERANCE_KM = 10.0


@dataclass(frozen=True)
class Prediction:
    """One predicted mention with what it was resolved to (empty fields when unresolved)."""

    start: int
    end: int
    place_id: str | None
    kind: str = ""
    lat: float | None = None
    lon: float | None = None
    country_code: str = ""


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def resolves_to(pred: Prediction, gold: GoldPlace) -> bool:
    """True when ``pred`` points at the gold place (see module docstring)."""
    if gold.kind == "country":
        return pred.kind == "country" and pred.country_code.upper() == gold.country_code.upper()
    if pred.place_id and gold.place_id and pred.place_id == gold.place_id:
        return True
    if pred.kind == "country" or None in (pred.lat, pred.lon, gold.lat, gold.lon):
        return False
    return haversine_km(pred.lat, pred.lon, gold.lat, gold.lon) <= TOLERANCE_KM  # type: ignore[arg-type]


def score_article(gold: Sequence[GoldPlace], preds: Sequence[Prediction], *, resolve: bool = True) -> Score:
    by_span = {(g.start, g.end): g for g in gold}
    tp = 0
    matched: set[tuple[int, int]] = set()
    for pred in preds:
        g = by_span.get((pred.start, pred.end))
        if g is None or (g.start, g.end) in matched:
            continue
        if not resolve or resolves_to(pred, g):
            tp += 1
            matched.add((g.start, g.end))
    return Score(tp, len(preds) - tp, len(by_span) - tp)


def score_corpus(
    gold: Mapping[str, Sequence[GoldPlace]],
    preds: Mapping[str, Sequence[Prediction]],
    *,
    resolve: bool = True,
    articles: Iterable[str] | None = None,
) -> Score:
    """Micro-averaged score over ``articles`` (default: every article with gold)."""
    total = Score(0, 0, 0)
    for article_id in articles if articles is not None else gold:
        total = total + score_article(gold.get(article_id, ()), preds.get(article_id, ()), resolve=resolve)
    return total
