"""GeoJSON and CSV downloads of the extraction tables: flat rows a GIS or a spreadsheet opens as they are.

GeoJSON is one FeatureCollection per layer (places, claims, the control areas of a date), each with one
geometry type and flat properties (lists joined with "; ", a claim's verification as its own columns).
Claims that name no located place have no geometry: they are left out of the GeoJSON and kept in the CSV.
CSVs are UTF-8 with a byte-order mark, so spreadsheet programs read ’ and Cyrillic right.
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

import numpy as np
import pandas as pd

from geo.mapping.cells import as_dict, as_list, text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
GEOJSON_LAYERS: tuple[str, ...] = ("places", "claims", "control")
LIST_SEPARATOR = "; "


def plain(value: Any) -> Any:
    """A cell as a JSON-ready value: numpy scalars/arrays unwrapped, NaN → None, tuples → lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Flat properties: a list becomes one "; "-joined string, a dict ``d`` becomes ``d_<key>`` columns."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                out[f"{key}_{sub}"] = (
                    LIST_SEPARATOR.join(map(str, inner)) if isinstance(inner, list) else inner
                )
        elif isinstance(value, list):
            out[key] = LIST_SEPARATOR.join(str(v) for v in value if v is not None)
        else:
            out[key] = value
    return out


def _places(tables: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    summary = tables.get("place_summary")
    return _records(summary if summary is not None and not summary.empty else tables.get("places"))


def _coords(places: list[dict[str, Any]]) -> dict[str, tuple[float, float, str]]:
    """place_id → (lat, lon, name) for places with coordinates."""
    return {
        text(p["place_id"]): (float(p["lat"]), float(p["lon"]), text(p.get("name")))
        for p in places
        if p.get("lat") is not None and p.get("lon") is not None
    }


def claim_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Claims as flat rows: the first located place's name and coordinates, the verification as columns
    (verdict, measured, measured_unit, snapshots, verification_note); place lists joined with "; "."""
    coords = _coords(_places(tables))
    rows = []
    for claim in _records(tables.get("claims")):
        v = as_dict(claim.pop("verification", None))
        ids = [text(p) for p in as_list(claim.get("place_ids"))]
        located = [p for p in ids if p in coords]
        first = coords[located[0]] if located else None
        rows.append(
            {
                **_flat(claim),
                "place_names": LIST_SEPARATOR.join(coords[p][2] for p in located),
                "lat": first[0] if first else None,
                "lon": first[1] if first else None,
                "verdict": text(v.get("verdict")) or "not checkable",
                "measured": v.get("measured"),
                "measured_unit": v.get("unit"),
                "snapshots": LIST_SEPARATOR.join(str(s) for s in as_list(v.get("snapshots"))),
                "verification_note": v.get("note"),
            }
        )
    return pd.DataFrame(rows)


def _point(lat: float, lon: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def places_collection(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The places (with their summary) as Points; places without coordinates are left out."""
    features = [
        {"type": "Feature", "geometry": _point(float(p["lat"]), float(p["lon"])), "properties": _flat(p)}
        for p in _places(tables)
        if p.get("lat") is not None and p.get("lon") is not None
    ]
    return {"type": "FeatureCollection", "name": "places", "features": features}


def claims_collection(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Claims as Points at their first located place (see :func:`claim_rows`); claims without one are
    left out (they are in claims.csv)."""
    features = []
    for row in _records(claim_rows(tables)):
        if row.get("lat") is None or row.get("lon") is None:
            continue
        features.append({"type": "Feature", "geometry": _point(row["lat"], row["lon"]), "properties": row})
    return {"type": "FeatureCollection", "name": "claims", "features": features}


def control_collection(record: Any, date: str | None) -> dict[str, Any]:
    """The DeepStateMap areas shown for ``date`` (status, label, snapshot as properties)."""
    from geo.mapping.control import select_snapshot

    snapshot = select_snapshot(record, date)
    fc: dict[str, Any] = {"type": "FeatureCollection", "name": "control", "features": []}
    if snapshot is None:
        return fc
    fc["attribution"] = str(getattr(record, "attribution", "") or "© DeepStateMap")
    for feature in record.geojson(snapshot.snapshot_id).get("features", []):
        if not feature.get("geometry"):
            continue
        props = feature.get("properties") or {}
        fc["features"].append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "status": text(props.get("status")),
                    "label": text(props.get("label")),
                    "snapshot": snapshot.snapshot_id,
                    "snapshot_taken": snapshot.taken.isoformat(),
                },
            }
        )
    return fc


def to_geojson(
    tables: dict[str, pd.DataFrame], layer: str = "places", *, record: Any = None, date: str | None = None
) -> dict[str, Any]:
    """One layer (``GEOJSON_LAYERS``) as a FeatureCollection; ``control`` needs the record and the date."""
    if layer == "places":
        return places_collection(tables)
    if layer == "claims":
        return claims_collection(tables)
    if layer == "control":
        return control_collection(record, date)
    raise ValueError(f"GeoJSON layer must be one of {', '.join(GEOJSON_LAYERS)}, not {layer!r}")


def _cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value  # article text must not become a spreadsheet formula
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM) of a table; list/dict cells as JSON, text that would start a formula is quoted."""
    out = io.StringIO()
    (frame.map(_cell) if not frame.empty else frame).to_csv(out, index=False)
    return (BOM + out.getvalue()).encode("utf-8")
