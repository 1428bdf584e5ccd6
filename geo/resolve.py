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
from dataclasses import dataclass, field

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


@dataclass
class _Group:
    """One distinct name of the article with its candidate rows and their fixed features."""

    key: tuple[str, str]
    rows: np.ndarray
    cue: bool
    the: bool
    count: int
    kind: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))
    cc: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint16))
    adm: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint16))
    lat: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lon: np.ndarray = field(default_factory=lambda: np.zeros(0))
    base: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def prepare(self, gaz: Gazetteer) -> None:
        rows = self.rows
        self.kind, self.cc, self.adm = gaz.kind[rows], gaz.cc[rows], gaz.adm[rows]
        self.lat, self.lon = gaz.lat[rows].astype(float), gaz.lon[rows].astype(float)
        flags, pop = gaz.flags[rows], gaz.pop[rows].astype(float)
        base = 0.5 * np.log10(pop + 10.0)
        base += np.where(flags & FLAG_SUPPLEMENT, 1.0, 0.0)
        base += np.where(flags & FLAG_CAPITAL, 1.0, 0.0)
        base += np.where(self.kind == _COUNTRY, 3.0, 0.0)
        if self.the:
            base += np.where((self.kind == _RIVER) | (self.kind == _REGION) | (self.kind == _OTHER), 2.0, 0.0)
        self.base = base


class _Context:
    """Article-level evidence: country shares, admin-1 cues, anchors for spatial coherence."""

    def __init__(self) -> None:
        self.country_weight: dict[int, float] = defaultdict(float)  # string index of the country → weight
        self.admin1: set[int] = set()
        self.anchors: dict[tuple[str, str], tuple[float, float, float]] = {}

    def share(self, cc: np.ndarray) -> np.ndarray:
        total = sum(self.country_weight.values())
        if not total:
            return np.zeros(cc.shape, dtype=float)
        return np.array([self.country_weight.get(int(c), 0.0) / total for c in cc])

    def anchor_arrays(self, exclude: tuple[str, str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        items = [a for k, a in self.anchors.items() if k != exclude]
        if not items:
            empty = np.zeros(0)
            return empty, empty, empty
        arr = np.array(items, dtype=float)
        return arr[:, 0], arr[:, 1], arr[:, 2]


def _country_evidence(groups: list[_Group], ctx: _Context) -> None:
    for g in groups:
        countries = g.cc[g.kind == _COUNTRY]
        if countries.size:
            ctx.country_weight[int(countries[0])] += 2.0 * g.count
        elif np.unique(g.cc).size == 1:
            ctx.country_weight[int(g.cc[0])] += 1.0 * g.count


def _distances(g: _Group, alat: np.ndarray, alon: np.ndarray) -> np.ndarray:
    """Great-circle km, candidates × anchors."""
    p1, p2 = np.radians(g.lat)[:, None], np.radians(alat)[None, :]
    dlon = np.radians(alon)[None, :] - np.radians(g.lon)[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _scores(g: _Group, ctx: _Context) -> tuple[np.ndarray, np.ndarray | None]:
    """Scores of the group's rows and their distance to the nearest anchor (None without anchors)."""
    s = g.base + 3.0 * ctx.share(g.cc)
    if ctx.admin1:
        s = s + np.where(np.isin(g.adm, list(ctx.admin1)) & (g.kind != _REGION), 1.5, 0.0)
    alat, alon, w = ctx.anchor_arrays(g.key)
    if not w.size:
        return s, None
    d = _distances(g, alat, alon)
    nearest = d.min(axis=1)
    d = np.where((g.kind == _SETTLEMENT)[:, None], d, np.maximum(d - 100.0, 0.0))
    pen = (np.log10(1.0 + d / 30.0) * w[None, :]).sum(axis=1) / w.sum()
    return s - 1.2 * np.where(g.kind == _COUNTRY, 0.0, pen), nearest


def _plausible(gaz: Gazetteer, g: _Group, i: int, nearest: np.ndarray | None, ctx: _Context) -> bool:
    """False for a small settlement without country support or far from every other place."""
    row = int(g.rows[i])
    if g.kind[i] != _SETTLEMENT or gaz.is_supplement(row) or int(gaz.pop[row]) >= SMALL_POP:
        return True
    if ctx.country_weight.get(int(g.cc[i]), 0.0) <= 1.0 * g.count:
        return False  # the only evidence for this country is the name itself
    return nearest is None or float(nearest[i]) <= FAR_KM


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
    for g in groups:
        g.prepare(gaz)
    ctx = _Context()
    _country_evidence(groups, ctx)
    chosen: dict[tuple[str, str], Resolution] = {}
    for _ in range(ROUNDS):
        for g in groups:
            scores, nearest = _scores(g, ctx)
            order = np.argsort(-scores, kind="stable")
            ok = _plausible(gaz, g, int(order[0]), nearest, ctx)
            ranked = tuple((int(g.rows[i]), round(float(scores[i]), 3)) for i in order[: MAX_RUNNERS_UP + 1])
            best = int(g.rows[order[0]])
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
