"""Derive the compact control record (DeepStateMap snapshots) into ``data/control/``.

For every ``<UTC timestamp>.geojson`` snapshot in the source folder:

1. classify features by their bilingual ``properties.name`` (normalised first: NBSP, newlines, case,
   replacement characters; fuzzy fallback for damaged spellings) into ``occupied``, ``cadr_calr``,
   ``crimea``, ``contested``, ``recaptured`` (keeping its ``DD.MM`` date) and ``direction`` points;
   unit/city labels and other areas (Transnistria, Tuzla, Snake Island) are dropped and counted;
2. repair invalid polygons (``make_valid``, polygon parts only) and dissolve per category (and
   per recapture date);
3. measure geodesic areas on the full, unsimplified geometry (occupied = occupied ∪ cadr_calr ∪ crimea);
4. derive the line of contact: the occupied boundary where it meets free land of the country (see
   ``front_line``; Natural Earth outlines from ``data/basemap/countries-europe.geojson``, so run
   ``scripts/derive_basemap.py`` first);
5. clip to a generous Ukraine box, simplify, round, and write one FeatureCollection per snapshot
   plus ``manifest.json`` (snapshot ids, times, areas, attribution) and ``README.md``.

Usage: ``python scripts/derive_control.py [source_dir] [--out data/control]``
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import re
import sys
import unicodedata
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

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.control import ATTRIBUTION, SNAPSHOT_ID_FORMAT, project  # noqa: E402

log = logging.getLogger("derive_control")

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "deepstate-2022"
DEFAULT_OUT = ROOT / "geo" / "data" / "control"
DEFAULT_BASEMAP = ROOT / "geo" / "data" / "basemap" / "countries-europe.geojson"

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
FUZZY_MIN_RATIO = 0.8

AREA_CATEGORIES = ("occupied", "cadr_calr", "crimea", "contested", "recaptured")
OCCUPIED_CATEGORIES = ("occupied", "cadr_calr", "crimea")
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

# Keyword rules, checked in order on the normalised name (both languages). First match wins.
KEYWORD_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("other", ("transnistria", "придністров", "tuzla", "тузла", "snake island", "зміїний")),
    ("direction_retreat", ("direction of escape", "напрямок втечі")),
    ("direction", ("direction of attack", "напрямок удару")),
    ("cadr_calr", ("cadr", "calr", "ордло")),
    ("crimea", ("occupied crimea", "окупований крим")),
    (
        "contested",
        (
            "contested",
            "contensed",
            "під питанням",
            "unknown status",
            "status unknown",
            "situation is unknown",
            "статус невідомий",
            "ситуація невідома",
        ),
    ),
    ("recaptured", ("liberated", "taken back", "recaptured", "звільнено")),
    ("occupied", ("occupied", "окуповано")),
)
# Canonical phrases for the fuzzy fallback (names whose keywords are damaged, e.g. by U+FFFD).
FUZZY_PHRASES: tuple[tuple[str, str], ...] = tuple(
    (category, phrase) for category, phrases in KEYWORD_RULES for phrase in phrases if len(phrase) >= 6
)
DATE_RE = re.compile(r"(\d{1,2})(?:\.(\d{1,2}))?\s*-\s*(\d{1,2})\.(\d{1,2})|(\d{1,2})\.(\d{1,2})")


# --- names ---------------------------------------------------------------------------------------------


def normalise_name(name: str | None) -> str:
    """Lower-case, NFKC, NBSP/newlines → single spaces, trimmed."""
    text = unicodedata.normalize("NFKC", name or "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def _fuzzy_category(text: str) -> str | None:
    parts = [re.sub(r"[\d.\-]+", " ", p).strip() for p in text.split("///")]
    best, best_ratio = None, 0.0
    for part in parts:
        if not part:
            continue
        for category, phrase in FUZZY_PHRASES:
            ratio = difflib.SequenceMatcher(None, part, phrase).ratio()
            if ratio > best_ratio:
                best, best_ratio = category, ratio
    return best if best_ratio >= FUZZY_MIN_RATIO else None


def recapture_date_text(name: str) -> str:
    """The ``DD.MM`` (or range) written in a recaptured-area name, Ukrainian part first; '' if none."""
    for part in normalise_name(name).split("///"):
        match = DATE_RE.search(part)
        if match:
            return re.sub(r"\s+", "", match.group(0))
    return ""


def recapture_iso(date_text: str, taken: datetime) -> str:
    """ISO date of the (last day of the) recapture written as ``DD.MM``; year from the snapshot."""
    match = DATE_RE.search(date_text or "")
    if not match:
        return ""
    if match.group(5):
        day, month = int(match.group(5)), int(match.group(6))
    else:
        day, month = int(match.group(3)), int(match.group(4))
    year = taken.year if (month, day) <= (taken.month, taken.day) else taken.year - 1
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return ""


def classify_name(name: str | None) -> str | None:
    """Category of a DeepStateMap feature name, or None when nothing matches (labels, units…)."""
    text = normalise_name(name)
    if not text:
        return None
    for category, keywords in KEYWORD_RULES:
        if any(k in text for k in keywords):
            return category
    if "\ufffd" in text or "///" in text:
        return _fuzzy_category(text)
    return None


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


GEOD = Geod(ellps="WGS84")


def geodesic_km2(geom: BaseGeometry) -> float:
    """Geodesic area on the WGS84 ellipsoid (km²) of the polygonal parts of ``geom``."""
    return sum(abs(GEOD.geometry_area_perimeter(orient(p, 1.0))[0]) for p in polygon_parts(geom)) / 1e6


# --- per snapshot ------------------------------------------------------------------------------------


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
    for feature in collection.get("features", []):
        geometry = feature.get("geometry")
        if not geometry:
            continue
        name = (feature.get("properties") or {}).get("name")
        category = classify_name(name)
        is_point = geometry.get("type") in ("Point", "MultiPoint")
        if category in ("direction", "direction_retreat") and is_point:
            geom = shapely.force_2d(shape(geometry))
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
            parsed.areas.setdefault((category, date_text), []).append(shapely.force_2d(shape(geometry)))
            parsed.counts[category] += 1
        elif category == "other":
            parsed.counts["other"] += 1
        elif is_point:
            parsed.counts["label"] += 1  # unit positions, city labels, airfields
        else:
            parsed.unclassified[normalise_name(name)] += 1
    return parsed


def snapshot_time(stem: str) -> datetime:
    """UTC publication time from a file name such as ``2022-09-08T16-36-28Z``."""
    return datetime.strptime(stem, SNAPSHOT_ID_FORMAT).replace(tzinfo=UTC)


def _round(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(v), DECIMALS) for v in coords]
        return [_round(c) for c in coords]
    return coords


def _geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": _round(gj["coordinates"])}


def load_borders(basemap_path: Path, country: str = COUNTRY) -> tuple[BaseGeometry, BaseGeometry]:
    """(the country's outline, all border and coast lines nearby), in the local metric projection."""
    data = json.loads(basemap_path.read_text(encoding="utf-8"))
    window = box(*CLIP_BBOX).buffer(2.0)
    outlines = {
        f["properties"].get("name", ""): project(repair(shape(f["geometry"])).intersection(window))
        for f in data["features"]
    }
    if country not in outlines:
        raise SystemExit(f"{basemap_path} has no outline named {country!r}: run scripts/derive_basemap.py")
    lines = unary_union([g.boundary for g in outlines.values() if not g.is_empty])
    return outlines[country], lines


def front_line(occupied: BaseGeometry, country: BaseGeometry, border_zone: BaseGeometry) -> BaseGeometry:
    """Line of contact (lon/lat): where the occupied area meets the main body of free land.

    Steps, in the local metric projection: close gaps narrower than ``2 × CLOSE_GAPS_KM`` in the occupied
    area (rivers, lagoons with occupied land on both sides); free land = the country's outline minus the
    occupied area and minus everything within ``BORDER_BUFFER_KM`` of a border or coast, keeping pieces of
    at least ``MIN_FREE_KM2`` (enclosed water or slivers drop out); the front is the occupied boundary
    within ``ADJACENT_KM`` of that free land. It therefore stops a few km short of borders and coasts."""
    occ = project(occupied)
    closed = occ.buffer(CLOSE_GAPS_KM * 1000, quad_segs=4).buffer(-CLOSE_GAPS_KM * 1000, quad_segs=4)
    closed = unary_union([closed, occ])
    free = country.difference(closed).difference(border_zone)
    free_main = unary_union([p for p in polygon_parts(free) if p.area >= MIN_FREE_KM2 * 1e6])
    line = closed.boundary.intersection(free_main.buffer(ADJACENT_KM * 1000))
    line = shapely.line_merge(unary_union(line)) if not line.is_empty else line
    pieces = [g for g in getattr(line, "geoms", [line]) if g.geom_type == "LineString"]
    pieces = [p for p in pieces if p.length >= MIN_FRONT_PIECE_KM * 1000]
    merged = MultiLineString(pieces)
    return project(merged, to_local=False).simplify(FRONT_SIMPLIFY_DEG)


def derive_snapshot(
    path: Path, country: BaseGeometry, border_zone: BaseGeometry
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(FeatureCollection to write, manifest entry) for one source snapshot."""
    snapshot_id = path.stem
    taken = snapshot_time(snapshot_id)
    parsed = parse_snapshot(json.loads(path.read_text(encoding="utf-8")))
    clip = box(*CLIP_BBOX)

    dissolved: dict[tuple[str, str], BaseGeometry] = {
        key: repair(unary_union([repair(g) for g in parts])) for key, parts in parsed.areas.items()
    }
    by_category: dict[str, BaseGeometry] = {}
    for (category, _), geom in dissolved.items():
        by_category[category] = unary_union([by_category.get(category, MultiPolygon()), geom])
    occupied_full = unary_union([by_category.get(c, MultiPolygon()) for c in OCCUPIED_CATEGORIES])
    areas_km2 = {c: round(geodesic_km2(by_category.get(c, MultiPolygon())), 1) for c in AREA_CATEGORIES}

    features: list[dict[str, Any]] = []
    simplified_occupied: list[BaseGeometry] = []
    for (category, date_text), geom in sorted(dissolved.items()):
        small = repair(geom.intersection(clip).simplify(SIMPLIFY_DEG, preserve_topology=True))
        if small.is_empty:
            continue
        if category in OCCUPIED_CATEGORIES:
            simplified_occupied.append(small)
        label = LABELS[category] + (f" {date_text}" if date_text else "")
        props: dict[str, Any] = {
            "status": STATUS_OF[category],
            "category": category,
            "label": label,
            "snapshot": snapshot_id,
        }
        if category == "recaptured":
            props["date_text"] = date_text
            props["recaptured_on"] = recapture_iso(date_text, taken)
        features.append({"type": "Feature", "properties": props, "geometry": _geometry_json(small)})

    front = front_line(occupied_full, country, border_zone)
    features.append(
        {
            "type": "Feature",
            "properties": {
                "status": "front_line",
                "category": "front_line",
                "label": "Line of contact",
                "snapshot": snapshot_id,
            },
            "geometry": _geometry_json(front),
        }
    )
    x0, y0, x1, y1 = CLIP_BBOX
    for d in parsed.directions:
        if not (x0 <= d["lon"] <= x1 and y0 <= d["lat"] <= y1):
            continue
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

    occupied_km2 = round(geodesic_km2(occupied_full), 1)
    simplified_km2 = geodesic_km2(unary_union(simplified_occupied)) if simplified_occupied else 0.0
    entry = {
        "id": snapshot_id,
        "taken": taken.isoformat().replace("+00:00", "Z"),
        "file": f"snapshots/{snapshot_id}.geojson",
        "occupied_km2": occupied_km2,
        "areas_km2": areas_km2,
        "simplified_occupied_km2": round(simplified_km2, 1),
        "front_line_km": round(GEOD.geometry_length(front) / 1000, 1),
        "counts": dict(sorted(parsed.counts.items())),
        "unclassified": dict(parsed.unclassified),
    }
    collection = {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "snapshot": snapshot_id,
        "taken": entry["taken"],
        "features": features,
    }
    return collection, entry


README = """# Control record (derived from DeepStateMap)

Territorial control as published by **{attribution}**, one layer per snapshot,
{count} snapshots from {first} to {last}. Archived snapshots from the public repository
DanielRose2310/deepstatemaps-history. Credit "DeepStateMap" wherever this data is shown or exported.

- `manifest.json`: attribution, derivation parameters, and per snapshot: `id` (UTC publication time from the
  source file name), `taken` (ISO), `file`, `occupied_km2` (geodesic area of occupied ∪ CADR/CALR ∪ Crimea,
  measured on the full-resolution repaired geometry), `areas_km2` per category, `front_line_km`,
  feature `counts` and `unclassified` names.
- `snapshots/<id>.geojson`: FeatureCollection; polygons with `status` (occupied / contested / recaptured),
  `category` (occupied, cadr_calr, crimea, contested, recaptured), `label`, `snapshot`, and for recaptured
  areas `date_text` (as written, DD.MM) and `recaptured_on` (ISO, year from the snapshot); one `front_line`
  (Multi)LineString (line of contact); `direction` points (`kind` attack or retreat).

Derivation (`python scripts/derive_control.py`): names normalised and classified (“Contested”/“Contensed”,
“Unknown status”/“Situation is unknown” → contested; “Liberated”/“Taken back”/“Recaptured” → recaptured);
invalid polygons repaired with `make_valid`; dissolved per category; clipped to lon {x0}–{x1}, lat {y0}–{y1};
simplified {tol}° and rounded to {dec} decimals.
Line of contact (an approximation): the occupied boundary where it meets free Ukrainian land (Natural
Earth outline minus the occupied area, minus a {buf} km zone along borders and coasts, minus enclosed
pieces under {free:.0f} km²), after closing gaps under {gap:.0f} km wide (rivers) inside the occupied area;
it stops a few km short of borders and coasts.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--basemap", type=Path, default=DEFAULT_BASEMAP)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    files = sorted(args.source.glob("*.geojson"))
    if not files:
        log.error("no *.geojson snapshots in %s", args.source)
        return 1
    country, borders = load_borders(args.basemap)
    border_zone = borders.buffer(BORDER_BUFFER_KM * 1000)
    (args.out / "snapshots").mkdir(parents=True, exist_ok=True)
    for old in (args.out / "snapshots").glob("*.geojson"):
        old.unlink()

    entries = []
    unclassified: Counter = Counter()
    for path in files:
        collection, entry = derive_snapshot(path, country, border_zone)
        (args.out / entry["file"]).write_text(
            json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        unclassified.update(entry["unclassified"])
        drift = entry["simplified_occupied_km2"] / entry["occupied_km2"] - 1 if entry["occupied_km2"] else 0
        log.info(
            "%s occupied %.0f km² (simplified %+.2f %%) front %.0f km %s",
            entry["id"],
            entry["occupied_km2"],
            100 * drift,
            entry["front_line_km"],
            entry["counts"],
        )
        entries.append(entry)
    for name, count in unclassified.most_common():
        log.warning("unclassified polygon name ×%d: %r", count, name)

    manifest = {
        "attribution": ATTRIBUTION,
        "source": "DeepStateMap snapshots archived by DanielRose2310/deepstatemaps-history",
        "generated_by": "scripts/derive_control.py",
        "clip_bbox": list(CLIP_BBOX),
        "simplify_deg": SIMPLIFY_DEG,
        "border_buffer_km": BORDER_BUFFER_KM,
        "snapshots": entries,
    }
    (args.out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    x0, y0, x1, y1 = CLIP_BBOX
    (args.out / "README.md").write_text(
        README.format(
            attribution=ATTRIBUTION,
            count=len(entries),
            first=entries[0]["id"],
            last=entries[-1]["id"],
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            tol=SIMPLIFY_DEG,
            dec=DECIMALS,
            free=MIN_FREE_KM2,
            gap=2 * CLOSE_GAPS_KM,
            buf=BORDER_BUFFER_KM,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
