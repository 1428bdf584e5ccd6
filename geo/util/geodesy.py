"""Distances on the WGS84 ellipsoid through ``pyproj.Geod`` (the one distance function of the package)."""

from __future__ import annotations

from typing import Any

import numpy as np
from pyproj import Geod

WGS84 = Geod(ellps="WGS84")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in km between two points (degrees)."""
    _, _, metres = WGS84.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0


def distances_km(lat: float, lon: float, lats: Any, lons: Any) -> np.ndarray:
    """Geodesic distances in km from one point to arrays of points."""
    lats, lons = np.asarray(lats, dtype=float), np.asarray(lons, dtype=float)
    _, _, metres = WGS84.inv(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)
    return np.asarray(metres) / 1000.0
