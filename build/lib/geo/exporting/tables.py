"""GeoJSON and CSV downloads of the extraction tables (places, quotes, claims)."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import numpy as np
import pandas as pd

from geo.mapping.cells import as_list, text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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


def _geometry(place_ids: list[str], coords: dict[str, tuple[float, float]]) -> dict[str, Any] | None:
    points = [coords[p] for p in dict.fromkeys(place_ids) if p in coords]
    if not points:
        return None
    if len(points) == 1:
        return {"type": "Point", "coordinates": [points[0][1], points[0][0]]}
    return {"type": "MultiPoint", "coordinates": [[lon, lat] for lat, lon in points]}


def to_geojson(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """One FeatureCollection: places (with their summary), then quotes and claims at their places.

    ``properties.feature_type`` is "place", "quote" or "claim"; a quote or claim that names no known place
    keeps a null geometry rather than being dropped.
    """
    summary = tables.get("place_summary")
    places = _records(summary if summary is not None and not summary.empty else tables.get("places"))
    coords = {
        text(p["place_id"]): (float(p["lat"]), float(p["lon"]))
        for p in places
        if p.get("lat") is not None and p.get("lon") is not None
    }
    features: list[dict[str, Any]] = []
    for place in places:
        features.append(
            {
                "type": "Feature",
                "geometry": _geometry([text(place["place_id"])], coords),
                "properties": {"feature_type": "place", **place},
            }
        )
    for kind, name in (("quote", "quotes"), ("claim", "claims")):
        for row in _records(tables.get(name)):
            ids = [text(p) for p in as_list(row.get("place_ids"))]
            features.append(
                {
                    "type": "Feature",
                    "geometry": _geometry(ids, coords),
                    "properties": {"feature_type": kind, **row},
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value  # article text must not become a spreadsheet formula
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of a table; list/dict cells as JSON, text that would start a formula is quoted."""
    out = io.StringIO()
    (frame.map(_cell) if not frame.empty else frame).to_csv(out, index=False)
    return out.getvalue().encode("utf-8")
