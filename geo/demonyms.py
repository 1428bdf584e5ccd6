"""Country and continent adjectives as place candidates ("Russian", "European"), for annotation schemes
that count them as toponyms (GeoWebNews). The product does not call this: an adjective is not a place
on the map. Demonyms come from ``country_geonames.csv`` (world-countries' English demonyms), plus the
adjectives of continents formed by a suffix ("European", "African", "Asian").
"""

from __future__ import annotations

import csv
import re
import weakref

from geo.gazetteer.index import Gazetteer
from geo.names import name_key
from geo.recognize import Candidate
from geo.resources import data_path

_CONTINENT_ADJ = {"Europe": ("European",), "Africa": ("African",), "Asia": ("Asian",),
                  "North America": ("North American",), "South America": ("South American",),
                  "Oceania": ("Oceanian",)}
_TABLES: weakref.WeakKeyDictionary[Gazetteer, tuple[re.Pattern[str], dict[str, tuple[int, ...]]]] = (
    weakref.WeakKeyDictionary())


def _table(gaz: Gazetteer) -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    cached = _TABLES.get(gaz)
    if cached is not None:
        return cached
    rows: dict[str, tuple[int, ...]] = {}
    with data_path("gazetteer", "country_geonames.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            country = [int(x) for x in gaz.rows_for_key(name_key(r["name"]))
                       if gaz.kind_of(int(x)) == "country" and gaz.country_of(int(x)) == r["iso"]]
            for d in r["demonyms"].split("|"):  # shared demonyms ("American") go to the most populous
                if d and country and (d not in rows or gaz.pop[country[0]] > gaz.pop[rows[d][0]]):
                    rows[d] = (country[0],)
    for continent, adjectives in _CONTINENT_ADJ.items():
        found = [int(x) for x in gaz.rows_for_key(name_key(continent)) if gaz.kind_of(int(x)) == "other"]
        for adj in adjectives:
            if found:
                rows.setdefault(adj, (found[0],))
    names = sorted(rows, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    _TABLES[gaz] = (pattern, rows)
    return pattern, rows


def demonym_candidates(text: str, candidates: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """``candidates`` plus a candidate for every demonym that no candidate overlaps (text order)."""
    pattern, rows = _table(gaz)
    taken = [(c.start, c.end) for c in candidates]
    extra = []
    for m in pattern.finditer(text):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            continue
        extra.append(Candidate(s, e, m.group(), name_key(m.group()), rows[m.group()]))
    if not extra:
        return candidates
    return sorted([*candidates, *extra], key=lambda c: c.start)
