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

    def __init__(self, gaz: Gazetteer, rows: list[tuple[int, ...]], the: list[bool],
                 counts: list[int]) -> None:
        self.counts = counts
        sizes = [len(r) for r in rows]
        self.bounds = [0]
        for n in sizes:
            self.bounds.append(self.bounds[-1] + n)
        self.sizes = sizes
        rows_arr = np.fromiter((x for r in rows for x in r), dtype=np.int64, count=self.bounds[-1])
        self.kind, self.cc, self.adm = gaz.kind[rows_arr], gaz.cc[rows_arr], gaz.adm[rows_arr]
        self.lat, self.lon = gaz.lat[rows_arr].astype(float), gaz.lon[rows_arr].astype(float)
        flags, pop = gaz.flags[rows_arr], gaz.pop[rows_arr]
        base = 0.5 * np.log10(pop.astype(float) + 10.0)
        base += np.where(flags & FLAG_SUPPLEMENT, 1.0, 0.0)
        base += np.where(flags & FLAG_CAPITAL, 1.0, 0.0)
        base += np.where(self.kind == _COUNTRY, 3.0, 0.0)
        if any(the):
            the_rows = np.repeat(np.asarray(the, dtype=bool), sizes)
            areas = (self.kind == _RIVER) | (self.kind == _REGION) | (self.kind == _OTHER)
            base += np.where(the_rows & areas, 2.0, 0.0)
        self.base = base
        self.group = np.repeat(np.arange(len(rows)), sizes)
        self.settlement = self.kind == _SETTLEMENT
        self.country = self.kind == _COUNTRY
        # plain-Python copies for the per-name choice and the context
        self.row_list: list[int] = rows_arr.tolist()
        self.kind_list: list[int] = self.kind.tolist()
        self.cc_list: list[int] = self.cc.tolist()
        self.adm_list: list[int] = self.adm.tolist()
        small = self.settlement & ((flags & FLAG_SUPPLEMENT) == 0) & (pop < SMALL_POP)
        self.small_list: list[bool] = small.tolist()  # small settlements need support (see _choose)
        strings = gaz.strings
        self.has_cc = [bool(strings[c]) for c in self.cc_list]
        self.has_adm = [bool(strings[a]) for a in self.adm_list]
        self._pairs: tuple[np.ndarray, np.ndarray] | None = None

    def distances(self, anchors: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(km, log-penalty) of every row to the rows at positions ``anchors`` (rows × anchors).

        For small tables the full row × row matrices are computed once and sliced in every round.
        """
        n = len(self.row_list)
        if n * n <= _FULL_MATRIX:
            if self._pairs is None:
                self._pairs = self._penalised(_distances(self.lat, self.lon, self.lat, self.lon))
            km, pen = self._pairs
            return km[:, anchors], pen[:, anchors]
        return self._penalised(_distances(self.lat, self.lon, self.lat[anchors], self.lon[anchors]))

    def _penalised(self, km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Areas (regions, rivers…) are "at" a place within 100 km of their point; log10(1 + d / 30)."""
        d = np.where(self.settlement[:, None], km, np.maximum(km - 100.0, 0.0))
        return km, np.log10(1.0 + d / 30.0)


_FULL_MATRIX = 250_000


def _country_evidence(t: _Table) -> dict[int, float]:
    """Weight per country (string index): country names count twice, single-country names once."""
    weight: dict[int, float] = {}
    for g, count in enumerate(t.counts):
        a, b = t.bounds[g], t.bounds[g + 1]
        kinds, ccs = t.kind_list[a:b], t.cc_list[a:b]
        country = next((c for k, c in zip(kinds, ccs, strict=True) if k == _COUNTRY), None)
        if country is not None:
            weight[country] = weight.get(country, 0.0) + 2.0 * count
        elif len(set(ccs)) == 1:
            weight[ccs[0]] = weight.get(ccs[0], 0.0) + 1.0 * count
    return weight


def _distances(lat: np.ndarray, lon: np.ndarray, alat: np.ndarray, alon: np.ndarray) -> np.ndarray:
    """Great-circle km, candidates × anchors."""
    p1, p2 = np.radians(lat)[:, None], np.radians(alat)[None, :]
    dlon = np.radians(alon)[None, :] - np.radians(lon)[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True)
class _Context:
    """Evidence from the previous round: admin-1 cues and anchors (group, position, weight)."""

    admin1: frozenset[int]
    anchors: tuple[tuple[int, int, float], ...]


def _scores(t: _Table, prior: np.ndarray, ctx: _Context,
            n_strings: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Scores of every candidate row and their km to the nearest anchor of another name (NaN: none)."""
    s = prior
    if ctx.admin1:
        in_region = np.zeros(n_strings, dtype=bool)
        in_region[list(ctx.admin1)] = True
        s = s + np.where(in_region[t.adm] & (t.kind != _REGION), 1.5, 0.0)
    if not ctx.anchors:
        return s, None
    groups, positions, w = zip(*ctx.anchors, strict=True)
    km, pen = t.distances(list(positions))
    own = t.group[:, None] == np.asarray(groups)[None, :]  # a name is not its own anchor
    weights = np.where(own, 0.0, np.asarray(w)[None, :])
    wsum = weights.sum(axis=1)
    has = wsum > 0
    nearest = np.where(has, np.where(own, np.inf, km).min(axis=1), np.nan)
    pen = (pen * weights).sum(axis=1) / np.where(has, wsum, 1.0)
    return s - 1.2 * np.where(t.country | ~has, 0.0, pen), nearest


def _choose(t: _Table, scores: np.ndarray, nearest: np.ndarray | None, weight: dict[int, float]
            ) -> tuple[np.ndarray, list[float], list[int], list[bool], list[float]]:
    """Per name: the best position, whether it is plausible, and the confidence (plus the sort order)."""
    order = np.lexsort((-scores, t.group))  # by name, then best first; ties keep gazetteer order
    order_list = order.tolist()
    s = scores.tolist()
    near = nearest.tolist() if nearest is not None else None
    best: list[int] = []
    oks: list[bool] = []
    confs: list[float] = []
    for g, count in enumerate(t.counts):
        a = t.bounds[g]
        i = order_list[a]
        ok = True
        if t.small_list[i]:
            if weight.get(t.cc_list[i], 0.0) <= 1.0 * count:
                ok = False  # the only evidence for this country is the name itself
            elif near is not None and not math.isnan(near[i]):
                ok = near[i] <= FAR_KM  # far from every other place of the article
        conf = 0.9 if t.sizes[g] == 1 else 1.0 / (1.0 + math.exp(-2.0 * (s[i] - s[order_list[a + 1]])))
        best.append(i)
        oks.append(ok)
        confs.append(round(conf * (1.0 if ok else 0.5), 3))
    return order, s, best, oks, confs


def _context(t: _Table, best: list[int], oks: list[bool], confs: list[float]) -> _Context:
    admin1: set[int] = set()
    anchors: list[tuple[int, int, float]] = []
    for g, i in enumerate(best):
        conf = confs[g]
        if not oks[g] or conf < 0.5:
            continue
        kind = t.kind_list[i]
        if kind == _REGION and t.has_adm[i]:
            admin1.add(t.adm_list[i])
        if kind in (_SETTLEMENT, _REGION, _RIVER) or (kind == _FACILITY and t.has_cc[i]):
            anchors.append((g, i, conf * (1.0 if kind == _SETTLEMENT else 0.5)))
    return _Context(frozenset(admin1), tuple(anchors))


def resolve(candidates: list[Candidate], gazetteer: Gazetteer) -> list[Resolution]:
    """One resolution per candidate (same order); identical names in one article resolve alike."""
    gaz = gazetteer
    index: dict[tuple[str, str], int] = {}
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
                g = index[k] = len(rows)
                rows.append(c.rows)
                the.append(c.the)
                counts.append(1)
        elif g >= 0:
            counts[g] += 1
            the[g] = the[g] or c.the
        cand_group.append(g)
    if not rows:
        return [_UNRESOLVED] * len(candidates)
    t = _Table(gaz, rows, the, counts)
    weight = _country_evidence(t)
    total = sum(weight.values())
    n_strings = len(gaz.strings)
    wvec = np.zeros(n_strings, dtype=float)
    for c, w in weight.items():
        wvec[c] = w
    prior = t.base + 3.0 * (wvec[t.cc] / total) if total else t.base + 0.0
    ctx = _Context(frozenset(), ())
    for _ in range(ROUNDS):
        scores, nearest = _scores(t, prior, ctx, n_strings)
        order, s, best, oks, confs = _choose(t, scores, nearest, weight)
        new_ctx = _context(t, best, oks, confs)
        if new_ctx == ctx:
            break  # the next round would see the same evidence and choose the same
        ctx = new_ctx
    order_list = order.tolist()
    out: list[Resolution] = []
    for g in range(len(rows)):
        a = t.bounds[g]
        top = order_list[a : min(a + MAX_RUNNERS_UP + 1, t.bounds[g + 1])]
        ranked = tuple((t.row_list[i], round(s[i], 3)) for i in top)
        out.append(Resolution(t.row_list[best[g]] if oks[g] else None, confs[g], ranked))
    return [out[g] if g >= 0 else _UNRESOLVED for g in cand_group]
