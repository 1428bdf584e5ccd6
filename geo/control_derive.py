"""Derive one compact control snapshot from a DeepStateMap GeoJSON export (used by
``scripts/derive_control.py`` for the packaged record and by ``python -m geo record add``).

Per snapshot: features classified (``geo.control_names``), polygons repaired (``make_valid``) and
dissolved per category, geodesic areas measured on the full-resolution geometry, occupation split into
*since 2014* (Crimea, CADR/CALR: the named layers, or where the snapshot has none, the occupied area
inside the 2014 reference outline ``reference_2014.geojson``) and *since 2022* (the rest), the line of
contact derived, then clipped, simplified and rounded for storage (gzipped GeoJSON).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import GeometryCollection, MultiLineString, MultiPolygon, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

from geo.control import ATTRIBUTION, SNAPSHOT_ID_FORMAT, project
from geo.control_names import classify_name, normalise_name, recapture_date_text, recapture_iso
from geo.resources import data_path

COUNTRY = "Ukraine"  # Natural Earth name of the country the record covers
CLIP_BBOX = (21.0, 43.5, 41.5, 53.0)  # lon_min, lat_min, lon_max, lat_max: Ukraine with a wide margin
SIMPLIFY_DEG = 0.004  # ~300-450 m; keeps every status area within 1 % of its full-resolution area
FRONT_SIMPLIFY_DEG = 0.002
DECIMALS = 4  # ~10 m
BORDER_BUFFER_KM = 5.0  # occupied boundary this close to a border or coast is not line of contact
CLOSE_GAPS_KM = 2.0  # gaps narrower than twice this inside the occupied area are not front
MIN_FREE_KM2 = 2000.0  # free-land pieces smaller than this (enclosed lagoons, river arms) face no front
ADJACENT_KM = 1.0  # occupied boundary within this distance of the main free land is front
MIN_FRONT_PIECE_KM = 1.0  # drop front-line fragments shorter than this (artefacts of the border cut)
BASEMAP = data_path("basemap", "countries-europe.geojson")
REFERENCE_2014 = data_path("control", "reference_2014.geojson")

AREA_CATEGORIES = ("occupied", "cadr_calr", "crimea", "contested", "recaptured")
OCCUPIED_CATEGORIES = ("occupied", "cadr_calr", "crimea")
SINCE_2014 = ("cadr_calr", "crimea")
STATUS_OF = {
    "occupied": "occupied",
    "cadr_calr": "occupied",
    "crimea": "occupied",
    "contested": "contested",
    "recaptured": "recaptured",
}
LABELS = {
    "occupied": "Occupied",
    "cadr_calr": "Occupied since 2014 (CADR and CALR)",
    "crimea": "Occupied Crimea (since 2014)",
    "contested": "Contested",
    "recaptured": "Recaptured",
}
GEOD = Geod(ellps="WGS84")


class DeriveError(ValueError):
    """The file is not a DeepStateMap control snapshot (one-line reason)."""


# --- geometry ------------------------------------------------------------------------------------------


def polygon_parts(geom: BaseGeometry) -> list[Polygon]:
    """All polygons inside any geometry (collections included); lines and points are ignored."""
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, (MultiPolygon, GeometryCollection)):
        return [p for g in geom.geoms for p in polygon_parts(g)]
    return []


def repair(geom: BaseGeometry) -> BaseGeometry:
    """A valid (Multi)Polygon covering the same area: ``make_valid``, then ``buffer(0)`` as fallback."""
    parts = polygon_parts(geom)
    if not parts:
        return MultiPolygon()
    fixed = []
    for part in parts:
        if not part.is_valid:
            part = shapely.make_valid(part)
            if not part.is_valid:
                part = part.buffer(0)
        fixed.extend(polygon_parts(part))
    merged = unary_union(fixed) if fixed else MultiPolygon()
    return merged if merged.is_valid else merged.buffer(0)


def geodesic_km2(geom: BaseGeometry) -> float:
    """Geodesic area on the WGS84 ellipsoid (km²) of the polygonal parts of ``geom``."""
    return sum(abs(GEOD.geometry_area_perimeter(orient(p, 1.0))[0]) for p in polygon_parts(geom)) / 1e6


def _round(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(v), DECIMALS) for v in coords]
        return [_round(c) for c in coords]
    return coords


def geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry on a ``10^-DECIMALS`` grid, still valid (snapping, not plain rounding)."""
    if not geom.is_empty and geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        geom = shapely.set_precision(geom, 10**-DECIMALS)
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": _round(gj["coordinates"])}


# --- parsing -------------------------------------------------------------------------------------------


@dataclass
class Parsed:
    """The classified content of one snapshot file."""

    areas: dict[tuple[str, str], list[BaseGeometry]] = field(default_factory=dict)  # (category, date) → parts
    directions: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    unclassified: Counter = field(default_factory=Counter)


def parse_snapshot(collection: dict[str, Any]) -> Parsed:
    """Classify the features of one FeatureCollection (no geometry repair yet)."""
    parsed = Parsed()
    for feature in collection.get("features", []) or []:
        if not isinstance(feature, dict):
            continue
        geometry = feature.get("geometry")
        if not geometry or not isinstance(geometry, dict):
            continue
        props = feature.get("properties") or {}
        name = props.get("name")
        is_point = geometry.get("type") in ("Point", "MultiPoint")
        category = classify_name(name, None if is_point else props.get("fill"))
        try:
            geom = shapely.force_2d(shape(geometry))
        except (ValueError, TypeError, AttributeError, IndexError):
            parsed.counts["bad_geometry"] += 1
            continue
        if category in ("direction", "direction_retreat") and is_point:
            for point in getattr(geom, "geoms", [geom]):
                parsed.directions.append(
                    {
                        "lon": point.x,
                        "lat": point.y,
                        "kind": "attack" if category == "direction" else "retreat",
                        "name": normalise_name(name).split("///")[-1].strip().capitalize(),
                    }
                )
            parsed.counts[category] += 1
        elif category in AREA_CATEGORIES and not is_point:
            date_text = recapture_date_text(name or "") if category == "recaptured" else ""
            parsed.areas.setdefault((category, date_text), []).append(geom)
            parsed.counts[category] += 1
        elif category in ("other", "foreign"):
            parsed.counts[category] += 1
        elif is_point:
            parsed.counts["label"] += 1  # unit positions, city labels, airfields
        else:
            parsed.unclassified[normalise_name(name)] += 1
    return parsed


def snapshot_time(stem: str) -> datetime:
    """UTC publication time from a file name such as ``2022-09-08T16-36-28Z``."""
    return datetime.strptime(stem, SNAPSHOT_ID_FORMAT).replace(tzinfo=UTC)


# --- context: borders and the 2014 line -------------------------------------------------------------


@dataclass
class Context:
    """What every snapshot's derivation needs: the country outline and border zone (metres), and the
    2014 reference outlines (lon/lat) of Crimea and CADR/CALR."""

    country: BaseGeometry
    border_zone: BaseGeometry
    reference: dict[str, BaseGeometry]

    @classmethod
    def load(cls, basemap: Path = BASEMAP, reference: Path | None = REFERENCE_2014) -> Context:
        data = json.loads(Path(basemap).read_text(encoding="utf-8"))
        window = box(*CLIP_BBOX).buffer(2.0)
        outlines = {
            f["properties"].get("name", ""): project(repair(shape(f["geometry"])).intersection(window))
            for f in data["features"]
        }
        if COUNTRY not in outlines:
            raise DeriveError(f"{basemap} has no outline named {COUNTRY!r}: run scripts/derive_basemap.py")
        lines = unary_union([g.boundary for g in outlines.values() if not g.is_empty])
        refs: dict[str, BaseGeometry] = {}
        if reference is not None and Path(reference).exists():
            ref = json.loads(Path(reference).read_text(encoding="utf-8"))
            refs = {f["properties"]["category"]: shape(f["geometry"]) for f in ref["features"]}
        return cls(outlines[COUNTRY], lines.buffer(BORDER_BUFFER_KM * 1000), refs)


def front_line(occupied: BaseGeometry, country: BaseGeometry, border_zone: BaseGeometry) -> BaseGeometry:
    """Line of contact (lon/lat): where the occupied area meets the main body of free land.

    In the local metric projection: close gaps narrower than ``2 × CLOSE_GAPS_KM`` in the occupied area
    (rivers); free land = the country's outline minus the occupied area and minus everything within
    ``BORDER_BUFFER_KM`` of a border or coast, keeping pieces of at least ``MIN_FREE_KM2``; the front is the
    occupied boundary within ``ADJACENT_KM`` of that free land. It stops a few km short of borders/coasts."""
    occ = repair(project(occupied))
    closed = occ.buffer(CLOSE_GAPS_KM * 1000, quad_segs=4).buffer(-CLOSE_GAPS_KM * 1000, quad_segs=4)
    closed = repair(unary_union([repair(closed), occ]))
    free = country.difference(closed).difference(border_zone)
    free_main = unary_union([p for p in polygon_parts(free) if p.area >= MIN_FREE_KM2 * 1e6])
    line = closed.boundary.intersection(free_main.buffer(ADJACENT_KM * 1000))
    line = shapely.line_merge(unary_union(line)) if not line.is_empty else line
    pieces = [g for g in getattr(line, "geoms", [line]) if g.geom_type == "LineString"]
    pieces = [p for p in pieces if p.length >= MIN_FRONT_PIECE_KM * 1000]
    return project(MultiLineString(pieces), to_local=False).simplify(FRONT_SIMPLIFY_DEG)


def _split_2014(
    by_category: dict[str, BaseGeometry], reference: dict[str, BaseGeometry]
) -> tuple[dict[str, BaseGeometry], bool]:
    """Occupied geometry by period: ``occupied`` (since 2022), ``cadr_calr``, ``crimea`` (since 2014),
    disjoint; and whether the 2014 reference outline was needed (the snapshot had no named layer)."""
    empty = MultiPolygon()
    total = unary_union([by_category.get(c, empty) for c in OCCUPIED_CATEGORIES])
    parts: dict[str, BaseGeometry] = {}
    used_reference = False
    for category in SINCE_2014:
        named = by_category.get(category, empty)
        if named.is_empty and category in reference:
            named = total.intersection(reference[category])
            used_reference = True
        parts[category] = repair(named)
    parts["crimea"] = repair(parts["crimea"].difference(parts["cadr_calr"]))
    since_2014 = unary_union([parts[c] for c in SINCE_2014])
    parts["occupied"] = repair(total.difference(since_2014))
    return parts, used_reference


def derive_snapshot(
    collection: dict[str, Any], snapshot_id: str, context: Context
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(compact FeatureCollection to store, manifest entry) for one source snapshot."""
    taken = snapshot_time(snapshot_id)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise DeriveError("not a GeoJSON FeatureCollection")
    parsed = parse_snapshot(collection)
    if not any(cat in OCCUPIED_CATEGORIES for cat, _ in parsed.areas):
        raise DeriveError("no DeepStateMap occupied-area polygon in it (not a control snapshot)")
    clip = box(*CLIP_BBOX)
    dissolved = {
        key: repair(unary_union([repair(g) for g in parts])).intersection(clip)
        for key, parts in parsed.areas.items()
    }
    by_category: dict[str, BaseGeometry] = {}
    for (category, _), geom in dissolved.items():
        by_category[category] = unary_union([by_category.get(category, MultiPolygon()), geom])
    occupied_parts, used_reference = _split_2014(by_category, context.reference)
    occupied_full = repair(unary_union(list(occupied_parts.values())))
    pieces: dict[tuple[str, str], BaseGeometry] = {(c, ""): g for c, g in occupied_parts.items()}
    pieces.update({k: g for k, g in dissolved.items() if k[0] not in OCCUPIED_CATEGORIES})
    areas = {c: geodesic_km2(occupied_parts[c]) for c in OCCUPIED_CATEGORIES}
    areas["contested"] = geodesic_km2(by_category.get("contested", MultiPolygon()))
    areas["recaptured"] = geodesic_km2(by_category.get("recaptured", MultiPolygon()))
    areas["occupied_since_2014"] = areas["cadr_calr"] + areas["crimea"]
    areas["occupied_since_2022"] = areas["occupied"]
    areas_km2 = {k: round(v, 1) for k, v in areas.items()}

    features: list[dict[str, Any]] = []
    simplified_occupied: list[BaseGeometry] = []
    for (category, date_text), geom in sorted(pieces.items()):
        small = repair(geom.simplify(SIMPLIFY_DEG, preserve_topology=True))
        if small.is_empty:
            continue
        if category in OCCUPIED_CATEGORIES:
            simplified_occupied.append(small)
        props: dict[str, Any] = {
            "status": STATUS_OF[category],
            "category": category,
            "label": LABELS[category] + (f" {date_text}" if date_text else ""),
            "snapshot": snapshot_id,
        }
        if category == "recaptured":
            props["date_text"] = date_text
            props["recaptured_on"] = recapture_iso(date_text, taken)
        features.append({"type": "Feature", "properties": props, "geometry": geometry_json(small)})
    front = front_line(occupied_full, context.country, context.border_zone)
    features.append(
        {
            "type": "Feature",
            "properties": {
                "status": "front_line",
                "category": "front_line",
                "label": "Line of contact",
                "snapshot": snapshot_id,
            },
            "geometry": geometry_json(front),
        }
    )
    x0, y0, x1, y1 = CLIP_BBOX
    for d in parsed.directions:
        if x0 <= d["lon"] <= x1 and y0 <= d["lat"] <= y1:
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "status": "direction",
                        "category": "direction",
                        "kind": d["kind"],
                        "label": d["name"],
                        "snapshot": snapshot_id,
                    },
                    "geometry": {"type": "Point", "coordinates": _round([d["lon"], d["lat"]])},
                }
            )
    simplified_km2 = geodesic_km2(unary_union(simplified_occupied)) if simplified_occupied else 0.0
    entry = {
        "id": snapshot_id,
        "taken": taken.isoformat().replace("+00:00", "Z"),
        "file": f"snapshots/{snapshot_id}.geojson.gz",
        "occupied_km2": round(geodesic_km2(occupied_full), 1),
        "areas_km2": areas_km2,
        "simplified_occupied_km2": round(simplified_km2, 1),
        "front_line_km": round(GEOD.geometry_length(front) / 1000, 1),
        "since_2014_from_reference": used_reference,
        "counts": dict(sorted(parsed.counts.items())),
        "unclassified": dict(parsed.unclassified),
    }
    collection_out = {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "snapshot": snapshot_id,
        "taken": entry["taken"],
        "features": features,
    }
    return collection_out, entry


def write_snapshot(out_dir: Path, collection: dict[str, Any], entry: dict[str, Any]) -> Path:
    """Write a derived snapshot (gzipped GeoJSON, deterministic bytes) under ``out_dir``."""
    path = Path(out_dir) / entry["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return path
