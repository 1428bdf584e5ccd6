"""Shapes the layers take from the control record, made small enough for a web page.

The record (geo.control.ControlRecord) owns the geometry: changed areas, the line of contact, snapshot
choice. This module only adapts its answers for drawing (lon/lat GeoJSON, simplified, rounded, bearings).
"""

from __future__ import annotations

from typing import Any, Protocol

import shapely
from pyproj import Geod
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.mapping.memo import RecordMemo

DEFAULT_TOLERANCE = 0.002  # degrees (~150-200 m): invisible at the zooms a front is read at
COORD_DIGITS = 4
_GEOD = Geod(ellps="WGS84")


class RecordLike(Protocol):
    """What the map uses of geo.control.ControlRecord."""

    attribution: str
    snapshots: list[Any]

    def snapshot_before(self, when: Any) -> Any | None: ...

    def geojson(self, snapshot_id: str) -> dict[str, Any]: ...

    def directions(self, snapshot_id: str) -> list[dict[str, Any]]: ...

    def lost_area(self, start: Any, end: Any) -> BaseGeometry: ...

    def nearest_front_point(self, lat: float, lon: float, snapshot_id: str) -> tuple[float, float, float]: ...


def changed_area(record: RecordLike, before: str, after: str) -> BaseGeometry:
    """Ground that left occupation between two snapshots, in lon/lat (the record works in metres)."""
    from geo.control import project

    lost = record.lost_area(before, after)
    return lost if lost.is_empty else project(lost, to_local=False)


def nearest_line_point(
    record: RecordLike, snapshot_id: str, lat: float, lon: float
) -> tuple[float, float] | None:
    """(lat, lon) of the line-of-contact point nearest to a place; None when the snapshot has no line."""
    from geo.control import ControlRecordError

    try:
        near_lat, near_lon, _ = record.nearest_front_point(lat, lon, snapshot_id)
    except ControlRecordError:  # a snapshot without a line of contact
        return None
    return round(near_lat, 5), round(near_lon, 5)


def bearing_from_line(
    record: RecordLike, snapshot_id: str, lat: float, lon: float, min_km: float = 0.3
) -> float | None:
    """Azimuth (degrees from north) from the nearest line point to (lat, lon): the way an arrowhead that
    stands off the line points. None when it sits on the line or the snapshot has no line."""
    from geo.control import ControlRecordError

    try:
        near_lat, near_lon, km = record.nearest_front_point(lat, lon, snapshot_id)
    except ControlRecordError:
        return None
    if km < min_km:
        return None
    azimuth, _, _ = _GEOD.inv(near_lon, near_lat, lon, lat)
    return azimuth % 360.0


_DEEPEST: RecordMemo[tuple[float, float] | None] = RecordMemo(64)


def deepest_advance(record: RecordLike, before: str, after: str) -> tuple[float, float] | None:
    """(lat, lon) of the deepest advance into formerly occupied ground between two snapshots (cached:
    the record samples a grid, ~1 s)."""
    return _DEEPEST.get(record, (before, after), lambda: record.advance_depth_km(before, after)[1])  # type: ignore[attr-defined]


def arrow_coordinates(
    tail: tuple[float, float], tip: tuple[float, float], head_km: float = 4.0
) -> list[list[list[float]]]:
    """MultiLineString coordinates ([lon, lat]) of an arrow from ``tail`` to ``tip`` (both (lat, lon))."""
    azimuth, _, length = _GEOD.inv(tail[1], tail[0], tip[1], tip[0])
    head = min(head_km * 1000.0, max(length / 3.0, 1.0))
    wings = []
    for turn in (150.0, -150.0):
        lon, lat, _ = _GEOD.fwd(tip[1], tip[0], azimuth + turn, head)
        wings.append([round(lon, 5), round(lat, 5)])
    tip_xy = [round(tip[1], 5), round(tip[0], 5)]
    return [[[round(tail[1], 5), round(tail[0], 5)], tip_xy], [wings[0], tip_xy, wings[1]]]


def simplified(geom: BaseGeometry, tolerance: float = DEFAULT_TOLERANCE) -> dict[str, Any] | None:
    """GeoJSON geometry, simplified and rounded; None when empty."""
    if geom.is_empty:
        return None
    geom = shapely.set_precision(geom.simplify(tolerance, preserve_topology=True), 10**-COORD_DIGITS)
    return None if geom.is_empty else mapping(geom)


def geodesic_km2(geom: BaseGeometry) -> float:
    """Area on the WGS84 ellipsoid in km² (lon/lat geometry)."""
    if geom.is_empty:
        return 0.0
    area, _ = _GEOD.geometry_area_perimeter(geom)
    return abs(area) / 1e6
