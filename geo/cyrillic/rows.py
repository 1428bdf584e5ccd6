"""Gazetteer rows for Ukrainian settlements that GeoNames cities500 lacks (from OpenStreetMap).

Called from ``geo.gazetteer.build.collect`` (one marked hook). The rows get no name keys in the gazetteer's
own tries: they are reached only through ``geo.cyrillic``'s Cyrillic name table, so English look-ups and
their results are unchanged. Data: geo/data/lang/osm_ua_settlements.csv, © OpenStreetMap contributors (ODbL).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from geo.resources import data_path

ROWS_FILE = data_path("lang", "osm_ua_settlements.csv")
PREFIX = "osm:"


def input_files() -> list[Path]:
    """Files that decide the rows (part of the gazetteer's cache key)."""
    return [ROWS_FILE] if ROWS_FILE.exists() else []


def add_rows(rows: Any, place_ids: dict[int, str], sources: dict[int, str]) -> None:
    """Append the OSM settlements to the build's rows; ids go to ``place_ids`` (row → "osm:n…")."""
    if not ROWS_FILE.exists():
        return
    with ROWS_FILE.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            row = rows.add(name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]), pop=0, kind="settlement",
                           flags=0, gid=-1, cc="UA", adm=r["admin1"])
            place_ids[row] = r["place_id"]
            sources[row] = f"OpenStreetMap ({r['place']}), © OpenStreetMap contributors, ODbL"
