"""Proximity cues: "X, a village outside Y", "X, about 34 kilometres southeast of Y".

Such a phrase pins X near Y, so a namesake of X far from the place chosen for Y is wrong. ``pinned``
finds the cues between consecutive candidates; ``enforce`` re-chooses among a name's ranked rows the
best one within reach of Y's chosen row (also for a name the resolver refused), or leaves the name
unresolved when none is (a wrong place is worse than none).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geo.gazetteer.index import Gazetteer, RowRef
from geo.recognize import Candidate
from geo.resolve import Resolution

_SP = r"[ \u00a0]+"
_DIRS = r"(?:north|south|east|west)(?:-?(?:east|west))?"
_CUE = re.compile(
    rf",?{_SP}(?:(?:a|an|the){_SP}(?:[a-z]+{_SP})?(?:village|town|settlement|city|hamlet|suburb){_SP})?"
    rf"(?:(?:just|some|about|roughly|around|approximately){_SP})?"
    rf"(?:(?P<n>\d{{1,3}}(?:\.\d)?)[ \u00a0]*(?P<unit>km|kilometres|kilometers|miles){_SP})?"
    rf"(?P<rel>{_DIRS}{_SP}of|outside|near)(?:{_SP}the{_SP}(?:city|town)(?:{_SP}of)?)?{_SP}\Z"
)
NEAR_KM = 40.0  # "outside Y", "near Y", "north of Y" without a distance
SLACK_KM = 15.0  # added to a stated distance (rounding, road versus straight-line distance)


@dataclass(frozen=True)
class Pin:
    """Candidate ``index`` lies within ``max_km`` of candidate ``anchor``."""

    index: int
    anchor: int
    max_km: float


def pinned(text: str, candidates: list[Candidate]) -> list[Pin]:
    """Proximity cues between each candidate and the next one."""
    pins = []
    for i in range(len(candidates) - 1):
        a, b = candidates[i], candidates[i + 1]
        if a.designator or b.designator:
            continue  # regions, rivers, facilities: a distance to their point means little
        gap = text[a.end : b.start]
        if len(gap) > 80 or "\n" in gap:
            continue
        m = _CUE.match(gap)
        if m is None:
            continue
        if m.group("n"):
            n = float(m.group("n")) * (1.609 if m.group("unit") == "miles" else 1.0)
            max_km = n + SLACK_KM
        else:
            max_km = NEAR_KM
        pins.append(Pin(i, i + 1, max_km))
    return pins


def enforce(pins: list[Pin], resolutions: list[Resolution], gazetteer: Gazetteer) -> list[Resolution]:
    """``resolutions`` with every pinned name moved to its best ranked row within reach of its anchor
    (all mentions of that name alike), or unresolved when no ranked row is within reach."""
    if not pins:
        return resolutions
    out = list(resolutions)
    replaced: dict[int, Resolution] = {}
    for pin in pins:
        res, anchor = out[pin.index], out[pin.anchor]
        if anchor.row is None or id(res) in replaced or not res.ranked:
            continue
        a = gazetteer.ref(anchor.row)
        if res.row is not None and _km(gazetteer.ref(res.row), a) <= pin.max_km:
            continue
        near = [r for r, _ in res.ranked if _km(gazetteer.ref(r), a) <= pin.max_km]
        row = near[0] if near else None  # a refused name is taken when the cue finds its row
        if row == res.row:
            continue
        new = Resolution(row, max(res.confidence, 0.5) if row is not None else 0.0, res.ranked)
        replaced[id(res)] = new
        out = [new if x is res else x for x in out]
    return out


def _km(p: RowRef, q: RowRef) -> float:
    """Great-circle distance in km."""
    f1, f2 = math.radians(p.lat), math.radians(q.lat)
    dlon = math.radians(q.lon - p.lon)
    h = math.sin((f2 - f1) / 2) ** 2 + math.cos(f1) * math.cos(f2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
