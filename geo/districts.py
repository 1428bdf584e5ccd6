"""Districts and neighbourhoods of a named city: "the X district of Mosul", "X, a neighbourhood of Kharkiv".

A name followed by a district word and "of <city>" is a part of that city: it resolves to the entry of that
name nearest the city (within ``WITHIN_KM``), whatever its kind, and never to a homonym elsewhere; with no
such entry it stays unresolved (a wrong place is worse than none).
"""

from __future__ import annotations

import re

import numpy as np

from geo.gazetteer.index import Gazetteer
from geo.recognize import Candidate
from geo.resolve import Resolution
from geo.util.geodesy import distances_km

WITHIN_KM = 25.0
_WORDS = r"(?:district|neighbourhood|neighborhood|quarter|suburb|borough|microdistrict)"
_WORD = re.compile(_WORDS, re.IGNORECASE)
# from the name's start to the city's: "X district of ", "X neighbourhood in ", "X, a suburb of the city of "
_PART_OF = re.compile(rf"[^\n]{{1,60}}?(?:[ \u00a0]+{_WORDS}|,[ \u00a0]+an?[ \u00a0]+{_WORDS})[ \u00a0]+"
                      r"(?:in|of)[ \u00a0]+(?:the[ \u00a0]+city[ \u00a0]+of[ \u00a0]+)?", re.IGNORECASE)


def inside_cities(text: str, candidates: list[Candidate], resolutions: list[Resolution],
                  gaz: Gazetteer) -> list[Resolution]:
    """``resolutions`` with every "<X> district of <city>" name placed inside its city (or unresolved)."""
    out = list(resolutions)
    for i in range(len(candidates) - 1):
        part, city = candidates[i], candidates[i + 1]
        if city.start - part.end > 40 or not _WORD.search(text, part.start, city.start):
            continue  # cheap test first: no district word between the two names
        if not _PART_OF.fullmatch(text, part.start, city.start):
            continue
        anchor = out[i + 1].row
        if anchor is None or gaz.kind_of(anchor) != "settlement":
            continue
        alat, alon = float(gaz.lat[anchor]), float(gaz.lon[anchor])
        named = np.concatenate([gaz.rows_for_key(part.key), gaz.designator_rows(part.key)]).astype(np.int64)
        rows = sorted(set(named.tolist()) - {anchor})
        idx = np.asarray(rows, dtype=np.int64)
        km = distances_km(alat, alon, gaz.lat[idx], gaz.lon[idx]).tolist() if rows else []
        near = sorted((d, r) for d, r in zip(km, rows, strict=True) if d <= WITHIN_KM)
        if near:
            out[i] = Resolution(near[0][1], 0.8, tuple((r, round(-d, 3)) for d, r in near[:5]))
        else:
            out[i] = Resolution(None, 0.0, ())
    return out
