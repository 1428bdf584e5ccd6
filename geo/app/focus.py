"""Where the map should look: fit points into a map of a given size, and find where the reporting is.

Pure Web-Mercator arithmetic, so the opening view and "show this quote's places" are testable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

FOCUS_KINDS = ("settlement", "facility", "other")  # countries and regions are too coarse to aim at
FOCUS_SHARE = 0.6  # the opening view holds the places carrying this share of the literal mentions
MAX_ZOOM, MIN_ZOOM = 11, 3


def merc(lat: float) -> float:
    """Web Mercator y (radians) of a latitude."""
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_points(
    points: Sequence[tuple[float, float]],
    *,
    width_px: int = 700,
    height_px: int = 600,
    max_zoom: int = MAX_ZOOM,
) -> tuple[tuple[float, float], int]:
    """Centre and the largest zoom (≤ ``max_zoom``) at which the points fit 70% of a map of that size."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    center = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    lon_span = max(lons) - min(lons)
    lat_span = merc(max(lats)) - merc(min(lats))
    zoom = max_zoom
    while zoom > MIN_ZOOM:
        world_px = 256 * 2**zoom
        fits_x = lon_span / 360 * world_px <= width_px * 0.7
        if fits_x and lat_span / (2 * math.pi) * world_px <= height_px * 0.7:
            break
        zoom -= 1
    return (round(center[0], 5), round(center[1], 5)), zoom


def reporting_focus(
    places: pd.DataFrame, *, share: float = FOCUS_SHARE
) -> tuple[tuple[float, float], int] | None:
    """The view on where the articles' literal mentions concentrate.

    From the mention-weighted median point, take the nearest places until they hold ``share`` of all
    literal mentions, and fit those. Countries and regions are left out when finer places exist, so one
    mention of a distant capital or a whole country does not zoom the opening view out to a continent.
    None when no place has coordinates.
    """
    if places is None or places.empty:
        return None
    lat = pd.to_numeric(places["lat"], errors="coerce")
    lon = pd.to_numeric(places["lon"], errors="coerce")
    weight_col = "literal_mentions" if "literal_mentions" in places else None
    weight = (
        pd.to_numeric(places[weight_col], errors="coerce").fillna(0).clip(lower=0)
        if weight_col
        else pd.Series(1.0, index=places.index)
    )
    frame = pd.DataFrame({"lat": lat, "lon": lon, "w": weight, "kind": places.get("kind", "")}).dropna()
    frame = frame[frame["w"] > 0] if (frame["w"] > 0).any() else frame.assign(w=1.0)
    fine = frame[frame["kind"].isin(FOCUS_KINDS)]
    if not fine.empty:
        frame = fine
    if frame.empty:
        return None
    c_lat, c_lon = _weighted_median(frame["lat"], frame["w"]), _weighted_median(frame["lon"], frame["w"])
    distance = (frame["lat"] - c_lat) ** 2 + ((frame["lon"] - c_lon) * math.cos(math.radians(c_lat))) ** 2
    ordered = frame.assign(d=distance).sort_values("d", kind="stable")
    needed = share * float(ordered["w"].sum())
    taken = ordered[ordered["w"].cumsum().shift(fill_value=0.0) < needed]
    points = list(zip(taken["lat"], taken["lon"], strict=True))
    return fit_points(points, max_zoom=9 if len(points) > 1 else 8)


def _weighted_median(values: pd.Series, weights: pd.Series) -> float:
    order = values.sort_values(kind="stable").index
    cumulative = weights[order].cumsum()
    half = float(weights.sum()) / 2
    return float(values[order][cumulative >= half].iloc[0])
