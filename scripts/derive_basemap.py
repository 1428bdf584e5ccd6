"""Derive the offline basemap (country outlines) from Natural Earth TopoJSON into ``data/basemap/``.

Reads world-atlas TopoJSON (objects ``countries``/``land``), decodes it here (quantization transform,
delta-encoded arcs, reversed arc indices), simplifies, and writes small GeoJSON files:

- ``countries.geojson``: the whole world from the 50m file, simplified so the default map stays small;
- ``countries-europe.geojson``: a higher-detail window (Europe / Ukraine) from the 10m file;
- ``README.md``: source and attribution.

Usage: ``python scripts/derive_basemap.py [--source ../shared/data/natural-earth] [--out data/basemap]``
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import make_valid

log = logging.getLogger("derive_basemap")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "natural-earth"
DEFAULT_OUT = ROOT / "geo" / "data" / "basemap"
ATTRIBUTION = "Natural Earth (public domain)"

WORLD_TOLERANCE_DEG = 0.1  # world view: sub-pixel at zoom ≤ 4
WORLD_DECIMALS = 2
WORLD_MIN_AREA_DEG2 = 0.05  # drop islets smaller than ~500 km² from the world view
# lon_min, lat_min, lon_max, lat_max: Europe east of the Alps to the Volga
WINDOW_BBOX = (14.0, 40.0, 50.0, 58.0)
WINDOW_TOLERANCE_DEG = 0.01
WINDOW_DECIMALS = 3


# --- TopoJSON decoding -------------------------------------------------------------------------------


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc (undoing delta encoding and quantization)."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join arcs into one ring; a negative index ``~i`` means arc ``i`` reversed."""
    coords: list[tuple[float, float]] = []
    for index in indices:
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        coords.extend(points if not coords else points[1:])
    return coords


Ring = list[tuple[float, float]]


def _polygon(rings: list[list[int]], arcs: list[Ring]) -> list[Ring]:
    """Rings of one polygon, dropping degenerate rings (< 4 points, as quantization can produce)."""
    decoded = [_ring(r, arcs) for r in rings]
    if not decoded or len(decoded[0]) < 4:
        return []
    return [r for r in decoded if len(r) >= 4]


def decode_geometry(geom: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> dict[str, Any] | None:
    """A TopoJSON geometry object as a GeoJSON geometry dict (None for null geometries)."""
    kind = geom.get("type")
    if kind == "Polygon":
        rings = _polygon(geom["arcs"], arcs)
        return {"type": "Polygon", "coordinates": rings} if rings else None
    if kind == "MultiPolygon":
        polys = [p for p in (_polygon(poly, arcs) for poly in geom["arcs"]) if p]
        return {"type": "MultiPolygon", "coordinates": polys} if polys else None
    if kind == "LineString":
        return {"type": "LineString", "coordinates": _ring(geom["arcs"], arcs)}
    if kind == "MultiLineString":
        return {"type": "MultiLineString", "coordinates": [_ring(r, arcs) for r in geom["arcs"]]}
    if kind == "GeometryCollection":
        parts = [decode_geometry(g, arcs) for g in geom.get("geometries", [])]
        return {"type": "GeometryCollection", "geometries": [p for p in parts if p]}
    return None


def topology_features(topology: dict[str, Any], object_name: str) -> list[dict[str, Any]]:
    """GeoJSON features of one TopoJSON object (a GeometryCollection of named geometries)."""
    arcs = decode_arcs(topology)
    obj = topology["objects"][object_name]
    members = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
    features = []
    for member in members:
        geometry = decode_geometry(member, arcs)
        if geometry is None:
            continue
        props = dict(member.get("properties") or {})
        if "id" in member:
            props.setdefault("id", str(member["id"]))
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return features


# --- simplification and output ---------------------------------------------------------------------


def _round_coords(obj: Any, decimals: int) -> Any:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), decimals) for v in obj]
        return [_round_coords(v, decimals) for v in obj]
    return obj


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    """The polygon parts of any geometry (collections from clipping or repair included)."""
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def simplify_features(
    features: list[dict[str, Any]],
    tolerance: float,
    decimals: int,
    clip: tuple[float, ...] | None = None,
    min_area: float = 0.0,
) -> list[dict[str, Any]]:
    """Repair, optionally clip, drop parts under ``min_area`` (deg²), simplify and round each feature."""
    window = box(*clip) if clip else None
    out = []
    for feature in features:
        geom = shape(feature["geometry"])
        if not geom.is_valid:
            geom = make_valid(geom)
        if window is not None:
            if not geom.intersects(window):
                continue
            geom = geom.intersection(window)
        parts = [p for p in _polygons(geom) if p.area >= min_area]
        if not parts and min_area > 0:  # keep small countries: their largest part
            parts = sorted(_polygons(geom), key=lambda p: p.area)[-1:]
        if not parts:
            continue
        simplified = MultiPolygon(parts).simplify(tolerance, preserve_topology=True)
        if simplified.is_empty:
            continue
        gj = mapping(simplified)
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "name": feature["properties"].get("name", ""),
                    "id": feature["properties"].get("id", ""),
                },
                "geometry": {"type": gj["type"], "coordinates": _round_coords(gj["coordinates"], decimals)},
            }
        )
    return out


def write_collection(path: Path, features: list[dict[str, Any]], source: str) -> int:
    """Write a compact FeatureCollection with attribution; returns the file size in bytes."""
    data = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "source": source, "features": features}
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path.stat().st_size


README = """# Offline basemap (derived)

Country outlines for the map, so the dashboard draws a basemap without tile servers.

| file | from | detail |
| --- | --- | --- |
| `countries.geojson` | `countries-50m.json` | whole world, simplified {world_tol}°, {world_dec} decimals |
| `countries-europe.geojson` | `countries-10m.json` | lon {w0}–{w2}, lat {w1}–{w3}, simplified {win_tol}° |

Source: Natural Earth via the npm package world-atlas 2.0.2 (TopoJSON). Attribution: **{attribution}**.
Regenerate with `python scripts/derive_basemap.py` (decodes the TopoJSON itself; no npm tools).
Properties: `name` (Natural Earth country name), `id` (ISO 3166-1 numeric, as in world-atlas).
Natural Earth draws de facto control in a few places (e.g. Crimea lies inside the `Russia` outline);
the map's control layers come from DeepStateMap (`data/control/`), not from these outlines.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="world-atlas TopoJSON folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)

    world_topo = json.loads((args.source / "countries-50m.json").read_text(encoding="utf-8"))
    world = simplify_features(
        topology_features(world_topo, "countries"),
        WORLD_TOLERANCE_DEG,
        WORLD_DECIMALS,
        min_area=WORLD_MIN_AREA_DEG2,
    )
    size = write_collection(args.out / "countries.geojson", world, "Natural Earth 1:50m (world-atlas 2.0.2)")
    log.info("countries.geojson: %d features, %d KB", len(world), size // 1024)

    detail_topo = json.loads((args.source / "countries-10m.json").read_text(encoding="utf-8"))
    window = simplify_features(
        topology_features(detail_topo, "countries"), WINDOW_TOLERANCE_DEG, WINDOW_DECIMALS, clip=WINDOW_BBOX
    )
    size = write_collection(
        args.out / "countries-europe.geojson", window, "Natural Earth 1:10m (world-atlas 2.0.2)"
    )
    log.info("countries-europe.geojson: %d features, %d KB", len(window), size // 1024)

    w0, w1, w2, w3 = WINDOW_BBOX
    (args.out / "README.md").write_text(
        README.format(
            world_tol=WORLD_TOLERANCE_DEG,
            world_dec=WORLD_DECIMALS,
            win_tol=WINDOW_TOLERANCE_DEG,
            w0=w0,
            w1=w1,
            w2=w2,
            w3=w3,
            attribution=ATTRIBUTION,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
