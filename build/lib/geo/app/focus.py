"""Where the map should look: fit points into a map of a given size, and find where the reporting is.

Pure Web-Mercator arithmetic, so the opening view and "show this quote's places" are testable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

FOCUS_KINDS = ("settlement", "facility", "other")  # countries and regions are too coarse to aim at
CLUSTER_RADIUS_KM = 120.0  # places this close count as one area of reporting
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
    return (round(float(center[0]), 5), round(float(center[1]), 5)), zoom


def reporting_focus(
    places: pd.DataFrame, *, radius_km: float = CLUSTER_RADIUS_KM
) -> tuple[tuple[float, float], int] | None:
    """The view on the densest cluster of reporting: where the articles' literal mentions concentrate.

    Each place scores the literal mentions of all places within ``radius_km`` of it; the view fits the
    best-scoring place and its neighbours. Countries and regions are left out when finer places exist, so
    a mention of a whole country, or a few of a distant capital, do not pull the opening view away from
    where the events are. None when no place has coordinates.
    """
    if places is None or places.empty:
        return None
    frame = pd.DataFrame(
        {
            "lat": pd.to_numeric(places["lat"], errors="coerce"),
            "lon": pd.to_numeric(places["lon"], errors="coerce"),
            "w": pd.to_numeric(places.get("literal_mentions", 1), errors="coerce"),
            "kind": places.get("kind", ""),
        }
    ).dropna(subset=["lat", "lon"])
    frame["w"] = frame["w"].fillna(0).clip(lower=0)
    if not (frame["w"] > 0).any():
        frame["w"] = 1.0
    frame = frame[frame["w"] > 0]
    fine = frame[frame["kind"].isin(FOCUS_KINDS)]
    if not fine.empty:
        frame = fine
    if frame.empty:
        return None
    lat, lon, w = frame["lat"].to_numpy(), frame["lon"].to_numpy(), frame["w"].to_numpy()
    near = _distance_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :]) <= radius_km
    best = int((near * w[None, :]).sum(axis=1).argmax())
    members = near[best]
    points = list(zip(lat[members], lon[members], strict=True))
    return fit_points(points, max_zoom=9 if len(points) > 1 else 8)


def _distance_km(lat1, lon1, lat2, lon2):  # type: ignore[no-untyped-def]
    """Equirectangular distance in km (arrays; accurate enough at cluster scale)."""
    mean = np.radians((lat1 + lat2) / 2)
    dx = np.radians(lon2 - lon1) * np.cos(mean)
    dy = np.radians(lat2 - lat1)
    return 6371.0 * np.sqrt(dx**2 + dy**2)
