"""Homonym resolution: choose one gazetteer row per recognised name from the article's own context.

Every distinct name (key + designator) of an article is resolved once, by a score over its candidate rows:

- prominence: log population, national capitals, country names, curated supplement rows, less for a row
  that carries the name only as one of its alternate names (GeoNames lists "Oleksandrivka" for Donetsk);
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
import weakref
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from geo.gazetteer.build import FLAG_CAPITAL, FLAG_DERIVED, FLAG_SUPPLEMENT, KIND_CODE
from geo.gazetteer.index import Gazetteer
from geo.names import name_key
from geo.recognize import Candidate

ROUNDS = 3
MAX_RUNNERS_UP = 4
ALT_NAME_PENALTY = 0.75  # prominence lost by a row found only through an alternate name (not its own)
SMALL_POP = 5000  # below this a settlement needs country or spatial support
FAR_KM = 150.0  # a small settlement farther than this from every other place of the article is refused
THEATRE_WEIGHT = 2.0  # evidence per theatre country: as much as one mention of the country's name
_SETTLEMENT, _REGION, _COUNTRY = KIND_CODE["settlement"], KIND_CODE["region"], KIND_CODE["country"]
_RIVER, _OTHER, _FACILITY = KIND_CODE["river"], KIND_CODE["other"], KIND_CODE["facility"]


@dataclass(frozen=True)
class Resolution:
    """The chosen row (None: unresolved), its confidence and the ranked runner-ups (row, score)."""

    row: int | None
    confidence: float
    ranked: tuple[tuple[int, float], ...]


_UNRESOLVED = Resolution(None, 0.0, ())


class _Features(NamedTuple):
    """Fixed features of the candidate rows of one name (memoised per gazetteer: names recur)."""

    kind: list[int]
    cc: list[int]
    adm: list[int]
    lat: list[float]
    lon: list[float]
    base: list[float]  # prominence: log population, supplement, capital, country
    area: list[bool]  # river, region or other area: favoured after "the"
    small: list[bool]  # a settlement that needs country or spatial support
    capital: list[bool]  # a national capital or a country: the fallback when the best row is refused
    country: int | None  # the country (string index) when a row is a country
    single_cc: int | None  # the only country of all rows, when they share one


def _features(gaz: Gazetteer, rows: tuple[int, ...], key: str = "") -> _Features:
    arr = np.asarray(rows, dtype=np.int64)
    kind, cc = gaz.kind[arr], gaz.cc[arr]
    flags, pop = gaz.flags[arr], gaz.pop[arr]
    base = 0.5 * np.log10(pop.astype(float) + 10.0)
    base += np.where(flags & FLAG_SUPPLEMENT, 1.0, 0.0)
    base += np.where(flags & FLAG_CAPITAL, 1.0, 0.0)
    base += np.where(kind == _COUNTRY, 3.0, 0.0)
    if key:  # matched only through one of its many alternate names ("Oleksandrivka" for Donetsk)
        alt = [not (f & (FLAG_SUPPLEMENT | FLAG_DERIVED)) and k != _COUNTRY and name_key(gaz.name(r)) != key
               for r, f, k in zip(rows, flags.tolist(), kind.tolist(), strict=True)]
        base -= np.where(np.array(alt, dtype=bool), ALT_NAME_PENALTY, 0.0)
    kinds, ccs = kind.tolist(), cc.tolist()
    small = (kind == _SETTLEMENT) & ((flags & FLAG_SUPPLEMENT) == 0) & (pop < SMALL_POP)
    return _Features(kinds, ccs, gaz.adm[arr].tolist(), gaz.lat[arr].astype(float).tolist(),
                     gaz.lon[arr].astype(float).tolist(), base.tolist(),
                     [k in (_RIVER, _REGION, _OTHER) for k in kinds], small.tolist(),
                     (((flags & FLAG_CAPITAL) != 0) | (kind == _COUNTRY)).tolist(),
                     next((c for k, c in zip(kinds, ccs, strict=True) if k == _COUNTRY), None),
                     ccs[0] if len(set(ccs)) == 1 else None)


_FeatureMemo = dict[tuple[tuple[int, ...], str], _Features]
_FEATURES: weakref.WeakKeyDictionary[Gazetteer, _FeatureMemo] = weakref.WeakKeyDictionary()


def _features_of(gaz: Gazetteer, rows: list[tuple[int, ...]], keys: list[str]) -> list[_Features]:
    memo = _FEATURES.get(gaz)
    if memo is None or len(memo) > 100_000:
        memo = _FEATURES[gaz] = {}
    out = []
    for r, key in zip(rows, keys, strict=True):
        f = memo.get((r, key))
        if f is None:
            f = memo[(r, key)] = _features(gaz, r, key)
        out.append(f)
    return out


class _Table:
    """The candidate rows of every distinct name of an article, concatenated, with their fixed features.

    Group ``g`` owns positions ``bounds[g]:bounds[g + 1]`` of every array.
    """

    def __init__(self, gaz: Gazetteer, rows: list[tuple[int, ...]], the: list[bool],
                 counts: list[int], keys: list[str] | None = None) -> None:
        self.counts = counts
        self.features = feats = _features_of(gaz, rows, keys or [""] * len(rows))
        sizes = [len(r) for r in rows]
        self.bounds = [0]
        for n in sizes:
            self.bounds.append(self.bounds[-1] + n)
        self.sizes = sizes
        self.row_list: list[int] = [x for r in rows for x in r]
        self.kind_list: list[int] = [x for f in feats for x in f.kind]
        self.cc_list: list[int] = [x for f in feats for x in f.cc]
        self.adm_list: list[int] = [x for f in feats for x in f.adm]
        self.small_list: list[bool] = [x for f in feats for x in f.small]
        self.capital_list: list[bool] = [x for f in feats for x in f.capital]
        self.lat = np.array([x for f in feats for x in f.lat])
        self.lon = np.array([x for f in feats for x in f.lon])
        base = np.array([x for f in feats for x in f.base])
        if any(the):
            base += np.where(np.array([x and t for f, t in zip(feats, the, strict=True) for x in f.area]),
                             2.0, 0.0)
        self.base = base
        self.cc = np.array(self.cc_list)
        kind = np.array(self.kind_list)
        self.settlement = kind == _SETTLEMENT
        self.not_region = (kind != _REGION).astype(float)
        self.not_country = (kind != _COUNTRY).astype(float)
        self.group = np.repeat(np.arange(len(rows)), sizes)
        self.group_col = self.group[:, None]
        codes: dict[int, int] = {}
        self.adm_index = np.array([codes.setdefault(a, len(codes)) for a in self.adm_list])
        self.adm_codes: list[int] = list(codes)
        self.strings = gaz.strings
        self._col_of: dict[int, int] = {}  # anchor position → column of the matrices below
        self._km = np.zeros((len(self.row_list), 0))
        self._pen = self._km

    def distances(self, anchors: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """(km, log-penalty) of every row to the rows at positions ``anchors`` (rows × anchors).

        Columns are computed once per anchor position and reused in later rounds.
        """
        col_of = self._col_of
        new = [a for a in dict.fromkeys(anchors) if a not in col_of]
        if new:
            km = _distances(self.lat, self.lon, self.lat[new], self.lon[new])
            d = np.where(self.settlement[:, None], km, np.maximum(km - 100.0, 0.0))
            pen = np.log10(1.0 + d / 30.0)
            for a in new:
                col_of[a] = len(col_of)
            self._km = np.hstack([self._km, km]) if self._km.shape[1] else km
            self._pen = np.hstack([self._pen, pen]) if self._pen.shape[1] else pen
        cols = [col_of[a] for a in anchors]
        return self._km[:, cols], self._pen[:, cols]


def _country_evidence(t: _Table) -> dict[int, float]:
    """Weight per country (string index): country names count twice, single-country names once."""
    weight: dict[int, float] = {}
    for f, count in zip(t.features, t.counts, strict=True):
        if f.country is not None:
            weight[f.country] = weight.get(f.country, 0.0) + 2.0 * count
        elif f.single_cc is not None:
            weight[f.single_cc] = weight.get(f.single_cc, 0.0) + 1.0 * count
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


def _scores(t: _Table, prior: np.ndarray, ctx: _Context) -> tuple[np.ndarray, np.ndarray | None]:
    """Scores of every candidate row and their km to the nearest anchor of another name (inf: none)."""
    s = prior
    if ctx.admin1:  # +1.5 inside a region the article names (regions themselves excepted)
        bonus = np.array([1.5 if code in ctx.admin1 else 0.0 for code in t.adm_codes])
        s = s + bonus[t.adm_index] * t.not_region
    if not ctx.anchors:
        return s, None
    groups, positions, w = zip(*ctx.anchors, strict=True)
    km, pen = t.distances(positions)
    own = t.group_col == np.array(groups)  # a name is not its own anchor
    weights = np.where(own, 0.0, np.array(w))
    wsum = weights.sum(axis=1)
    pen = np.divide((pen * weights).sum(axis=1), wsum, out=np.zeros(len(wsum)), where=wsum > 0)
    nearest = np.where(own, np.inf, km).min(axis=1)
    return s - 1.2 * (pen * t.not_country), nearest


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
            elif near is not None and near[i] != math.inf:
                ok = near[i] <= FAR_KM  # far from every other place of the article
        conf = 0.9 if t.sizes[g] == 1 else 1.0 / (1.0 + math.exp(-2.0 * (s[i] - s[order_list[a + 1]])))
        if not ok and t.sizes[g] > 1 and t.capital_list[order_list[a + 1]]:
            i, ok, conf = order_list[a + 1], True, 0.5  # "Paris" in a Ukraine story: not a Ukrainian hamlet
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
        if kind == _REGION and t.strings[t.adm_list[i]]:
            admin1.add(t.adm_list[i])
        if kind in (_SETTLEMENT, _REGION, _RIVER) or (kind == _FACILITY and t.strings[t.cc_list[i]]):
            anchors.append((g, i, conf * (1.0 if kind == _SETTLEMENT else 0.5)))
    return _Context(frozenset(admin1), tuple(anchors))


def resolve(candidates: list[Candidate], gazetteer: Gazetteer, theatre: tuple[str, ...] = ()
            ) -> list[Resolution]:
    """One resolution per candidate (same order); identical names in one article resolve alike.

    ``theatre``: ISO codes of the countries of the conflict the article is about (a conflict profile's
    theatre), counted as evidence like one mention of each country's name. No country is preferred
    otherwise: the article's own names are the evidence.
    """
    gaz = gazetteer
    index: dict[tuple[str, str], int] = {}
    rows: list[tuple[int, ...]] = []
    keys: list[str] = []
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
                keys.append(c.key)
                the.append(c.the)
                counts.append(1)
        elif g >= 0:
            counts[g] += 1
            the[g] = the[g] or c.the
        cand_group.append(g)
    if not rows:
        return [_UNRESOLVED] * len(candidates)
    t = _Table(gaz, rows, the, counts, keys)
    weight = _country_evidence(t)
    if theatre:
        index_of = {code: i for i, code in enumerate(gaz.strings)}
        for code in theatre:
            i = index_of.get(code.upper())
            if i is not None:
                weight[i] = weight.get(i, 0.0) + THEATRE_WEIGHT
    total = sum(weight.values())
    n_strings = len(gaz.strings)
    wvec = np.zeros(n_strings, dtype=float)
    for c, w in weight.items():
        wvec[c] = w
    prior = t.base + 3.0 * (wvec[t.cc] / total) if total else t.base + 0.0
    ctx = _Context(frozenset(), ())
    for _ in range(ROUNDS):
        scores, nearest = _scores(t, prior, ctx)
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
