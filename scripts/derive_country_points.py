"""Derive one representative point per country from Natural Earth outlines into data/gazetteer/.

Reads the world-atlas TopoJSON (Natural Earth 1:50m, public domain) from the shared reference folder once,
takes each country's largest polygon and writes its centroid (or a point on its surface when the centroid
falls outside) to ``data/gazetteer/country_points.csv``, keyed by ISO 3166-1 numeric code. The product
reads only that CSV.

Usage: .venv/bin/python scripts/derive_country_points.py [path/to/countries-50m.json]
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = Path("/work/shared/data/natural-earth/countries-50m.json")
OUT = ROOT / "geo" / "data" / "gazetteer" / "country_points.csv"
SOURCE_NOTE = "Natural Earth 1:50m (world-atlas 2.0.2): centroid of largest polygon"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc (TopoJSON delta + quantisation decoding)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indices:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(part if not points else part[1:])
    return points


def geometry(geom: dict, arcs: list[list[tuple[float, float]]]) -> MultiPolygon | Polygon | None:
    if geom["type"] == "Polygon":
        polys = [geom["arcs"]]
    elif geom["type"] == "MultiPolygon":
        polys = geom["arcs"]
    else:
        polys = []
    shapes = []
    for poly in polys:
        rings = [ring(r, arcs) for r in poly]
        if len(rings[0]) >= 4:
            shapes.append(Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]).buffer(0))
    if not shapes:
        return None
    return max(shapes, key=lambda s: s.area)


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    topo = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    rows = []
    for geom in topo["objects"]["countries"]["geometries"]:
        code = geom.get("id")
        shape = geometry(geom, arcs)
        if code is None or shape is None or shape.is_empty:
            continue
        point = shape.centroid if shape.contains(shape.centroid) else shape.representative_point()
        name = geom.get("properties", {}).get("name", "")
        rows.append((int(code), name, round(point.y, 4), round(point.x, 4)))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["isonumeric", "name", "lat", "lon", "coord_source"])
        for code, name, lat, lon in sorted(rows):
            writer.writerow([code, name, lat, lon, SOURCE_NOTE])
    print(f"wrote {len(rows)} country points to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
