"""Derive the offline basemap's context: towns, rivers and lakes inside the regional window.

    .venv/bin/python scripts/derive_basemap_context.py [--shared /work/shared/data]

Reads Natural Earth 10m (``natural-earth-10m/``: populated places, rivers and lake centre lines, European
rivers, lakes, European lakes) and the embedded gazetteer's larger settlements (GeoNames, population), and
writes ``geo/data/basemap/context.json``: compact and rounded, with the zoom from which each feature shows.

- towns: [lon, lat, name, min_zoom] heaviest first; Natural Earth's own ``min_zoom`` for its places, and
  for gazetteer places not already there one from the population (``GAZETTEER_ZOOMS``);
- rivers / lakes: FeatureCollections with ``name`` and ``min_zoom`` properties, clipped to the window and
  simplified for the zoom they show at.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "geo" / "data" / "basemap" / "context.json"
WINDOW = (14.0, 40.0, 50.0, 58.0)  # lon/lat box of the regional outlines (geo/data/basemap/README.md)
# population → the zoom from which a gazetteer town is labelled (first match)
GAZETTEER_ZOOMS: tuple[tuple[int, float], ...] = (
    (500_000, 5.0), (150_000, 6.0), (50_000, 7.0), (20_000, 8.0), (10_000, 9.0), (5_000, 10.0),
)  # fmt: skip
MIN_POPULATION = GAZETTEER_ZOOMS[-1][0]
SAME_TOWN_KM = 8.0  # a gazetteer town this close to a Natural Earth town of the same first letter is it
TOLERANCE = {3: 0.03, 5: 0.015, 7: 0.006, 9: 0.003}  # simplification (degrees) by min_zoom bucket


def _read(folder: Path, name: str) -> list[dict[str, Any]]:
    return json.loads((folder / name).read_text(encoding="utf-8"))["features"]


def _inside(lon: float, lat: float) -> bool:
    return WINDOW[0] <= lon <= WINDOW[2] and WINDOW[1] <= lat <= WINDOW[3]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot(dx, a[1] - b[1]) * 111.2


def towns(folder: Path) -> list[list[Any]]:
    """Natural Earth towns in the window, then the gazetteer's larger ones not already among them."""
    out: list[list[Any]] = []
    for f in _read(folder, "ne_10m_populated_places_simple.json"):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        if _inside(lon, lat) and p.get("name"):
            zoom = float(p.get("min_zoom") or 9.0)
            out.append([round(lon, 3), round(lat, 3), str(p["name"]), zoom, int(p.get("pop_max") or 0)])
    from geo.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    lat, lon, pop, kind = gaz.lat, gaz.lon, gaz.pop, gaz.kind
    settlement = _settlement_kind(gaz)
    known = [(t[0], t[1], t[2][:1].lower()) for t in out]
    for row in range(len(gaz)):
        if pop[row] < MIN_POPULATION or kind[row] != settlement:
            continue
        x, y = float(lon[row]), float(lat[row])
        if not _inside(x, y):
            continue
        name = gaz.name(row)
        if any(k[2] == name[:1].lower() and _km((x, y), k[:2]) < SAME_TOWN_KM for k in known):
            continue
        zoom = next(z for limit, z in GAZETTEER_ZOOMS if pop[row] >= limit)
        out.append([round(x, 3), round(y, 3), name, zoom, int(pop[row])])
        known.append((x, y, name[:1].lower()))
    out.sort(key=lambda t: (t[3], -t[4]))
    return [t[:4] for t in out]


def _settlement_kind(gaz: Any) -> int:
    """The kind code the gazetteer uses for settlements."""
    from geo.gazetteer.index import KINDS

    return list(KINDS).index("settlement")


def _bucket(zoom: float) -> float:
    return next((t for z, t in sorted(TOLERANCE.items(), reverse=True) if zoom >= z), 0.02)


def lines_and_areas(features: list[dict[str, Any]], *, default_zoom: float) -> list[dict[str, Any]]:
    """Features clipped to the window, simplified by the zoom they show from, with name and min_zoom."""
    window = shapely.box(*WINDOW)
    out = []
    for f in features:
        if not f.get("geometry"):
            continue
        geom = shape(f["geometry"])
        if not geom.intersects(window):
            continue
        p = f.get("properties") or {}
        zoom = float(p.get("min_zoom") or default_zoom)
        geom = geom.intersection(window).simplify(_bucket(zoom), preserve_topology=True)
        if geom.is_empty:
            continue
        geom = shapely.set_precision(geom, 0.001)
        if geom.is_empty:
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {"name": str(p.get("name") or ""), "min_zoom": zoom},
                "geometry": mapping(geom),
            }
        )
    return out


def derive(shared: Path) -> dict[str, Any]:
    ne = shared / "natural-earth-10m"
    rivers = lines_and_areas(_read(ne, "ne_10m_rivers_lake_centerlines.json"), default_zoom=4.0)
    rivers += lines_and_areas(_read(ne, "ne_10m_rivers_europe.json"), default_zoom=7.0)
    lakes = lines_and_areas(_read(ne, "ne_10m_lakes.json"), default_zoom=4.0)
    lakes += lines_and_areas(_read(ne, "ne_10m_lakes_europe.json"), default_zoom=7.0)
    return {
        "source": "Natural Earth 10m (public domain); towns also from GeoNames (CC BY 4.0)",
        "window": list(WINDOW),
        "towns": towns(ne),
        "rivers": {"type": "FeatureCollection", "features": rivers},
        "lakes": {"type": "FeatureCollection", "features": lakes},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args(argv)
    data = derive(args.shared)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(
        f"{OUT.relative_to(ROOT)}: {len(data['towns'])} towns, {len(data['rivers']['features'])} rivers, "
        f"{len(data['lakes']['features'])} lakes, {OUT.stat().st_size / 1e3:.0f} kB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
