"""Homonym resolution: choose one gazetteer row per recognised name from the article's own context.

Every distinct name (key + designator) of an article is resolved once, by a score over its candidate rows:

- prominence: log population, national capitals, country names, curated supplement rows;
- kind cues: "the Dnipro" / "the Donbas" favour rivers and regions over homonymous towns;
- country prior: the share of the article's evidence for each country (country names mentioned and
  names that only exist in one country);
- region cues: a region named in the article ("in the Kharkiv region") favours candidates in that admin-1;
- spatial coherence: distance to the places already chosen for the article's other names (iterated until
  the choices stop changing, at most ``ROUNDS`` times),
  so "Lyman" next to Izium and Sviatohirsk is the Donetsk-oblast town, not the US ones.

A choice that is a small settlement far from everything else in the article, or in a country the
article gives no evidence for, is refused (``row=None``): a wrong place is worse than none.
Confidence in [0, 1] comes from the margin over the runner-up.

Speed: the candidate rows of all names of an article are scored together in one set of array operations
per round (no per-name numpy calls on tiny arrays); choosing the best row per name is plain Python.
"""

from __future__ import annotations

import math
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
_RIVER, _OTHER, _FACILITY = KIND_CODE["river"], KIND_CODE["other"], KIND_CODE["facility"]


@dataclass(frozen=True)
class Resolution:
    """The chosen row (None: unresolved), its confidence and the ranked runner-ups (row, score)."""

    row: int | None
    confidence: float
    ranked: tuple[tuple[int, float], ...]


_UNRESOLVED = Resolution(None, 0.0, ())


class _Table:
    """The candidate rows of every distinct name of an article, concatenated, with their fixed features.

    Group ``g`` owns positions ``bounds[g]:bounds[g + 1]`` of every array.
    """

    def __init__(self, gaz: Gazetteer, keys: list[tuple[str, str]], rows: list[tuple[int, ...]],
                 the: list[bool], counts: list[int]) -> None:
        self.keys, self.counts = keys, counts
        self.bounds = [0]
        for r in rows:
            self.bounds.append(self.bounds[-1] + len(r))
        self.rows = np.fromiter((x for r in rows for x in r), dtype=np.int64, count=self.bounds[-1])
        rows_arr = self.rows
        self.kind, self.cc, self.adm = gaz.kind[rows_arr], gaz.cc[rows_arr], gaz.adm[rows_arr]
        self.lat, self.lon = gaz.lat[rows_arr].astype(float), gaz.lon[rows_arr].astype(float)
        flags, pop = gaz.flags[rows_arr], gaz.pop[rows_arr]
        base = 0.5 * np.log10(pop.astype(float) + 10.0)
        base += np.where(flags & FLAG_SUPPLEMENT, 1.0, 0.0)
        base += np.where(flags & FLAG_CAPITAL, 1.0, 0.0)
        base += np.where(self.kind == _COUNTRY, 3.0, 0.0)
        if any(the):
            the_rows = np.repeat(np.asarray(the, dtype=bool), [len(r) for r in rows])
            areas = (self.kind == _RIVER) | (self.kind == _REGION) | (self.kind == _OTHER)
            base += np.where(the_rows & areas, 2.0, 0.0)
        self.base = base
        self.group = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
        # plain-Python copies for the per-name choice
        self.row_list: list[int] = rows_arr.tolist()
        self.kind_list: list[int] = self.kind.tolist()
        self.cc_list: list[int] = self.cc.tolist()
        self.pop_list: list[int] = pop.tolist()
        self.sup_list: list[bool] = ((flags & FLAG_SUPPLEMENT) != 0).tolist()


def _country_evidence(t: _Table) -> dict[int, float]:
    """Weight per country (string index): country names count twice, single-country names once."""
    weight: dict[int, float] = {}
    for g in range(len(t.keys)):
        a, b = t.bounds[g], t.bounds[g + 1]
        kinds, ccs = t.kind_list[a:b], t.cc_list[a:b]
        country = next((c for k, c in zip(kinds, ccs, strict=True) if k == _COUNTRY), None)
        if country is not None:
            weight[country] = weight.get(country, 0.0) + 2.0 * t.counts[g]
        elif len(set(ccs)) == 1:
            weight[ccs[0]] = weight.get(ccs[0], 0.0) + 1.0 * t.counts[g]
    return weight


def _distances(lat: np.ndarray, lon: np.ndarray, alat: np.ndarray, alon: np.ndarray) -> np.ndarray:
    """Great-circle km, candidates × anchors."""
    p1, p2 = np.radians(lat)[:, None], np.radians(alat)[None, :]
    dlon = np.radians(alon)[None, :] - np.radians(lon)[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass
class _Context:
    """Article-level evidence from the previous round: admin-1 cues and anchors (group → lat, lon, w)."""

    admin1: frozenset[int]
    anchors: dict[int, tuple[float, float, float]]


def _scores(t: _Table, prior: np.ndarray, ctx: _Context,
            n_strings: int) -> tuple[list[float], list[float] | None]:
    """Scores of every candidate row and their distance to the nearest other anchor (None: no anchors)."""
    s = prior
    if ctx.admin1:
        in_region = np.zeros(n_strings, dtype=bool)
        in_region[list(ctx.admin1)] = True
        s = s + np.where(in_region[t.adm] & (t.kind != _REGION), 1.5, 0.0)
    if not ctx.anchors:
        return s.tolist(), None
    groups = list(ctx.anchors)
    arr = np.array(list(ctx.anchors.values()), dtype=float)
    alat, alon, w = arr[:, 0], arr[:, 1], arr[:, 2]
    d = _distances(t.lat, t.lon, alat, alon)
    own = t.group[:, None] == np.asarray(groups)[None, :]  # a name is not its own anchor
    nearest = np.where(own, np.inf, d).min(axis=1)
    d = np.where((t.kind == _SETTLEMENT)[:, None], d, np.maximum(d - 100.0, 0.0))
    weights = np.where(own, 0.0, w[None, :])
    wsum = weights.sum(axis=1)
    has = wsum > 0
    pen = (np.log10(1.0 + d / 30.0) * weights).sum(axis=1) / np.where(has, wsum, 1.0)
    s = s - 1.2 * np.where((t.kind == _COUNTRY) | ~has, 0.0, pen)
    near = np.where(has, nearest, np.nan).tolist()
    return s.tolist(), near


def _choose(gaz: Gazetteer, t: _Table, g: int, scores: list[float], near: list[float] | None,
            weight: dict[int, float]) -> Resolution:
    """The best row of group ``g`` (or None when implausible) with confidence and runner-ups."""
    a, b = t.bounds[g], t.bounds[g + 1]
    order = sorted(range(a, b), key=lambda i: -scores[i]) if b - a > 1 else [a]
    best = order[0]
    ok = True
    if t.kind_list[best] == _SETTLEMENT and not t.sup_list[best] and t.pop_list[best] < SMALL_POP:
        if weight.get(t.cc_list[best], 0.0) <= 1.0 * t.counts[g]:
            ok = False  # the only evidence for this country is the name itself
        elif near is not None and not math.isnan(near[best]):
            ok = near[best] <= FAR_KM
    if len(order) == 1:
        conf = 0.9
    else:
        margin = scores[best] - scores[order[1]]
        conf = 1.0 / (1.0 + math.exp(-2.0 * margin))
    conf = round(conf * (1.0 if ok else 0.5), 3)
    ranked = tuple((t.row_list[i], round(scores[i], 3)) for i in order[: MAX_RUNNERS_UP + 1])
    return Resolution(t.row_list[best] if ok else None, conf, ranked)


def _context(gaz: Gazetteer, t: _Table, chosen: list[Resolution]) -> _Context:
    admin1: set[int] = set()
    anchors: dict[int, tuple[float, float, float]] = {}
    for g, res in enumerate(chosen):
        row = res.row
        if row is None or res.confidence < 0.5:
            continue
        kind = int(gaz.kind[row])
        if kind == _REGION and gaz.admin1_of(row):
            admin1.add(int(gaz.adm[row]))
        if kind in (_SETTLEMENT, _REGION, _RIVER) or (kind == _FACILITY and gaz.country_of(row)):
            w = res.confidence * (1.0 if kind == _SETTLEMENT else 0.5)
            anchors[g] = (float(gaz.lat[row]), float(gaz.lon[row]), w)
    return _Context(frozenset(admin1), anchors)


def resolve(candidates: list[Candidate], gazetteer: Gazetteer) -> list[Resolution]:
    """One resolution per candidate (same order); identical names in one article resolve alike."""
    gaz = gazetteer
    index: dict[tuple[str, str], int] = {}
    keys: list[tuple[str, str]] = []
    rows: list[tuple[int, ...]] = []
    the: list[bool] = []
    counts: list[int] = []
    cand_group: list[int] = []
    for c in candidates:
        k = (c.key, c.designator)
        g = index.get(k)
        if g is None:
            if not c.rows:
                index[k] = g = -1
            else:
                g = index[k] = len(keys)
                keys.append(k)
                rows.append(c.rows)
                the.append(c.the)
                counts.append(1)
        elif g >= 0:
            counts[g] += 1
            the[g] = the[g] or c.the
        cand_group.append(g)
    if not keys:
        return [_UNRESOLVED] * len(candidates)
    t = _Table(gaz, keys, rows, the, counts)
    weight = _country_evidence(t)
    total = sum(weight.values())
    n_strings = gaz.string_count
    wvec = np.zeros(n_strings, dtype=float)
    for c, w in weight.items():
        wvec[c] = w
    prior = t.base + 3.0 * (wvec[t.cc] / total) if total else t.base + 0.0
    ctx = _Context(frozenset(), {})
    chosen: list[Resolution] = []
    for _ in range(ROUNDS):
        scores, near = _scores(t, prior, ctx, n_strings)
        chosen = [_choose(gaz, t, g, scores, near, weight) for g in range(len(keys))]
        new_ctx = _context(gaz, t, chosen)
        if new_ctx == ctx:
            break  # the next round would see the same evidence and choose the same
        ctx = new_ctx
    return [chosen[g] if g >= 0 else _UNRESOLVED for g in cand_group]
