"""Score predicted place mentions against gold: recognition F1 with resolution (within 10 km for settlements).

The rules are those of the project's evaluator (geo/evaluate.py), applied to both systems alike:
- a prediction and a gold toponym match when their spans overlap, one-to-one (gold in text order; among
  the unused overlapping predictions a correctly resolved one is preferred);
- resolution is correct when: gold country → the prediction is a country with the same ISO code; gold
  without coordinates (known to be missing from GeoNames) → the prediction is unresolved; same place id;
  otherwise the predicted point lies within the gold row's ``tolerance_km``, by default 10 km for
  settlements and facilities and 100 km for regions, rivers and other areas. A country point is never
  accepted for a non-country.
The strict F1 (``score_corpus``) counts a true positive only for a matched AND correctly resolved
prediction; a matched but wrongly resolved one is both a false positive and a false negative. With
``resolve=False`` it is recognition-only F1 (what ``python -m geo eval`` calls f1). Counts are summed over
all articles (micro-average).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bench.corpus import GoldPlace
from geo.util import metrics
from geo.util.geodesy import distance_km

TOLERANCE_KM = {"settlement": 10.0, "facility": 10.0, "region": 100.0, "river": 100.0, "other": 100.0}


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
        return metrics.precision(self.tp, self.fp, empty=0.0)

    @property
    def recall(self) -> float:
        return metrics.recall(self.tp, self.fn, empty=0.0)

    @property
    def f1(self) -> float:
        return metrics.f1(self.precision, self.recall)

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km (geodesic, ``geo.util.geodesy``; the name is kept for callers)."""
    return distance_km(lat1, lon1, lat2, lon2)


def resolves_to(pred: Prediction, gold: GoldPlace) -> bool:
    """True when ``pred`` points at the gold place (see module docstring)."""
    if gold.kind == "country":
        return pred.kind == "country" and pred.country_code.upper() == gold.country_code.upper()
    if gold.lat is None or gold.lon is None:
        return pred.place_id is None
    if pred.place_id and gold.place_id and pred.place_id == gold.place_id:
        return True
    if pred.kind == "country" or pred.lat is None or pred.lon is None:
        return False
    tolerance = gold.tolerance_km or TOLERANCE_KM.get(gold.kind, 10.0)
    return haversine_km(pred.lat, pred.lon, gold.lat, gold.lon) <= tolerance


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_article(gold: Sequence[GoldPlace], preds: Sequence[Prediction], *, resolve: bool = True) -> Score:
    used: set[int] = set()
    tp = 0
    for g in gold:
        span = (g.start, g.end)
        options = [i for i, p in enumerate(preds) if i not in used and _overlap(span, (p.start, p.end))]
        if not options:
            continue
        good = [i for i in options if resolves_to(preds[i], g)] if resolve else options
        if good:
            used.add(good[0])
            tp += 1
        else:
            used.add(options[0])  # matched the span but resolved wrong: a false positive and a miss
    return Score(tp, len(preds) - tp, len(gold) - tp)


def not_place_hits(spans: Sequence[tuple[int, int]], preds: Sequence[Prediction]) -> int:
    """How many not-place spans (people named like places) a system took as places."""
    return sum(any(_overlap(s, (p.start, p.end)) for p in preds) for s in spans)


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
