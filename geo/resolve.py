"""Homonym resolution: choose one gazetteer row per recognised name from the article's own context.

Every distinct name (key + designator) of an article is resolved once, by a score over its candidate rows:

- prominence: log population, national capitals, country names, curated supplement rows;
- kind cues: "the Dnipro" / "the Donbas" favour rivers and regions over homonymous towns;
- country prior: the share of the article's evidence for each country (country names mentioned and
  names that only exist in one country);
- region cues: a region named in the article ("in the Kharkiv region") favours candidates in that admin-1;
- spatial coherence: distance to the places already chosen for the article's other names (iterated),
  so "Lyman" next to Izium and Sviatohirsk is the Donetsk-oblast town, not the US ones.

A choice that is a small settlement far from everything else in the article, or in a country the
article gives no evidence for, is refused (``row=None``): a wrong place is worse than none.
Confidence in [0, 1] comes from the margin over the runner-up.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from geo.gazetteer.build import FLAG_CAPITAL, FLAG_SUPPLEMENT, KIND_CODE
from geo.gazetteer.index import Gazetteer
from geo.recognize import Candidate

ROUNDS = 3
MAX_RUNNERS_UP = 4
SMALL_POP = 5000  # below this a settlement needs country or spatial support
FAR_KM = 120.0  # a small settlement farther than this from every other place of the article is refused
_SETTLEMENT, _REGION, _COUNTRY = KIND_CODE["settlement"], KIND_CODE["region"], KIND_CODE["country"]
_RIVER, _OTHER = KIND_CODE["river"], KIND_CODE["other"]


@dataclass(frozen=True)
class Resolution:
    """The chosen row (None: unresolved), its confidence and the ranked runner-ups (row, score)."""

    row: int | None
    confidence: float
    ranked: tuple[tuple[int, float], ...]


def haversine_km(lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: float, lon2: float) -> np.ndarray:
    """Great-circle distance in km (vectorised over the first point)."""
    p1, p2 = np.radians(lat1), math.radians(lat2)
    dlat = p2 - p1
    dlon = math.radians(lon2) - np.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass
class _Group:
    key: tuple[str, str]
    rows: np.ndarray
    cue: bool
    the: bool
    count: int


class _Context:
    """Article-level evidence: country shares, admin-1 cues, anchors for spatial coherence."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.country_weight: dict[int, float] = defaultdict(float)  # string index of the country → weight
        self.admin1: set[int] = set()
        self.anchors: dict[tuple[str, str], tuple[float, float, float]] = {}

    def share(self, cc: np.ndarray) -> np.ndarray:
        total = sum(self.country_weight.values())
        if not total:
            return np.zeros(cc.shape, dtype=float)
        return np.array([self.country_weight.get(int(c), 0.0) / total for c in cc])


def _country_evidence(gaz: Gazetteer, groups: list[_Group], ctx: _Context) -> None:
    for g in groups:
        kinds = np.asarray(gaz.kind)[g.rows]
        ccs = np.asarray(gaz.cc)[g.rows]
        country_rows = g.rows[kinds == _COUNTRY]
        if country_rows.size:
            ctx.country_weight[int(gaz.cc[country_rows[0]])] += 2.0 * g.count
        elif np.unique(ccs).size == 1 and gaz.country_of(int(g.rows[0])):
            ctx.country_weight[int(ccs[0])] += 1.0 * g.count


def _scores(gaz: Gazetteer, g: _Group, ctx: _Context) -> np.ndarray:
    rows = g.rows
    kind = np.asarray(gaz.kind)[rows]
    flags = np.asarray(gaz.flags)[rows]
    pop = np.asarray(gaz.pop)[rows].astype(float)
    s = 0.5 * np.log10(pop + 10.0)
    s += np.where(flags & FLAG_SUPPLEMENT, 1.0, 0.0)
    s += np.where(flags & FLAG_CAPITAL, 1.0, 0.0)
    s += np.where(kind == _COUNTRY, 3.0, 0.0)
    if g.the:
        s += np.where((kind == _RIVER) | (kind == _REGION) | (kind == _OTHER), 2.0, 0.0)
    s += 3.0 * ctx.share(np.asarray(gaz.cc)[rows])
    if ctx.admin1:
        adm = np.asarray(gaz.adm)[rows]
        s += np.where(np.isin(adm, list(ctx.admin1)) & (kind != _REGION), 1.5, 0.0)
    anchors = [a for k, a in ctx.anchors.items() if k != g.key]
    if anchors:
        s -= 1.2 * _spatial_penalty(gaz, rows, kind, anchors)
    return s


def _spatial_penalty(gaz: Gazetteer, rows: np.ndarray, kind: np.ndarray,
                     anchors: list[tuple[float, float, float]]) -> np.ndarray:
    lat = np.asarray(gaz.lat)[rows].astype(float)
    lon = np.asarray(gaz.lon)[rows].astype(float)
    total = np.zeros(rows.shape, dtype=float)
    weight = 0.0
    for alat, alon, w in anchors:
        d = haversine_km(lat, lon, alat, alon)
        d = np.where(kind == _SETTLEMENT, d, np.maximum(d - 100.0, 0.0))
        total += w * np.log10(1.0 + d / 30.0)
        weight += w
    pen = total / weight
    return np.where(kind == _COUNTRY, 0.0, pen)


def _min_anchor_km(gaz: Gazetteer, row: int, key: tuple[str, str], ctx: _Context) -> float | None:
    anchors = [a for k, a in ctx.anchors.items() if k != key]
    if not anchors:
        return None
    return min(float(haversine_km(float(gaz.lat[row]), float(gaz.lon[row]), a[0], a[1])) for a in anchors)


def _plausible(gaz: Gazetteer, row: int, g: _Group, ctx: _Context) -> bool:
    """False for a small settlement without country support or far from every other place."""
    if gaz.kind_of(row) != "settlement" or gaz.is_supplement(row) or int(gaz.pop[row]) >= SMALL_POP:
        return True
    if ctx.country_weight.get(int(gaz.cc[row]), 0.0) <= 1.0 * g.count:
        return False  # the only evidence for this country is the name itself
    near = _min_anchor_km(gaz, row, g.key, ctx)
    return near is None or near <= FAR_KM


def _confidence(scores: np.ndarray, order: np.ndarray, plausible: bool) -> float:
    if len(order) == 1:
        conf = 0.9
    else:
        margin = float(scores[order[0]] - scores[order[1]])
        conf = 1.0 / (1.0 + math.exp(-2.0 * margin))
    return round(conf * (1.0 if plausible else 0.5), 3)


def resolve(candidates: list[Candidate], gazetteer: Gazetteer) -> list[Resolution]:
    """One resolution per candidate (same order); identical names in one article resolve alike."""
    gaz = gazetteer
    by_key: dict[tuple[str, str], _Group] = {}
    for c in candidates:
        k = (c.key, c.designator)
        g = by_key.get(k)
        if g is None:
            by_key[k] = _Group(k, np.asarray(c.rows, dtype=np.int64), c.cue, c.the, 1)
        else:
            g.count += 1
            g.cue = g.cue or c.cue
            g.the = g.the or c.the
    groups = [g for g in by_key.values() if g.rows.size]
    ctx = _Context(gaz)
    _country_evidence(gaz, groups, ctx)
    chosen: dict[tuple[str, str], Resolution] = {}
    for _ in range(ROUNDS):
        for g in groups:
            scores = _scores(gaz, g, ctx)
            order = np.argsort(-scores, kind="stable")
            best = int(g.rows[order[0]])
            ok = _plausible(gaz, best, g, ctx)
            ranked = tuple((int(g.rows[i]), round(float(scores[i]), 3)) for i in order[: MAX_RUNNERS_UP + 1])
            chosen[g.key] = Resolution(best if ok else None, _confidence(scores, order, ok), ranked)
        _update_context(gaz, groups, chosen, ctx)
    return [chosen.get((c.key, c.designator), Resolution(None, 0.0, ())) for c in candidates]


def _update_context(gaz: Gazetteer, groups: list[_Group], chosen: dict[tuple[str, str], Resolution],
                    ctx: _Context) -> None:
    ctx.anchors.clear()
    ctx.admin1.clear()
    for g in groups:
        res = chosen[g.key]
        if res.row is None or res.confidence < 0.5:
            continue
        kind = gaz.kind_of(res.row)
        if kind == "region" and gaz.admin1_of(res.row):
            ctx.admin1.add(int(gaz.adm[res.row]))
        if kind in ("settlement", "region", "river") or (kind == "facility" and gaz.country_of(res.row)):
            weight = res.confidence * (1.0 if kind == "settlement" else 0.5)
            ctx.anchors[g.key] = (float(gaz.lat[res.row]), float(gaz.lon[res.row]), weight)
