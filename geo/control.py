"""The independent control record: DeepStateMap snapshots derived into ``data/control/``.

Loading reads only ``manifest.json`` (snapshot ids, times, measured areas), so it takes milliseconds;
the geometry of a snapshot is read on first use and cached. Queries answer "who held this point",
"how far was it from the line of contact" and "how much did the occupied area change" for a date.

Time rules: a *date* (or ``YYYY-MM-DD`` string) stands for the end of that day in UTC, so
``snapshot_before(date)`` is the latest snapshot published on or before that day; a *datetime* is an
instant (naive → UTC); a snapshot id stands for its own publication time.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import json
import logging
import math
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import MultiLineString, MultiPolygon, Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, unary_union

from geo.resources import data_path

log = logging.getLogger(__name__)
ATTRIBUTION = "© DeepStateMap (deepstatemap.live)"
SNAPSHOT_ID_FORMAT = "%Y-%m-%dT%H-%M-%SZ"
# Lambert azimuthal equal-area centred on Ukraine: metric work (buffers, nearest points) with <1 % scale
# error over the country; reported distances are then re-measured geodesically.
LOCAL_CRS = "+proj=laea +lat_0=48.5 +lon_0=32 +datum=WGS84 +units=m +no_defs"
DEFAULT_DIR = data_path("control")
STATUSES = ("occupied", "contested", "recaptured")
OCCUPIED_CATEGORIES = ("occupied", "cadr_calr", "crimea")
DEPTH_GRID_M = 1500.0  # sampling step for the depth of a recaptured area
MIN_LOST_WIDTH_M = 500.0  # lost-area slivers narrower than 2× this are simplification noise
MIN_LOST_KM2 = 2.0  # lost-area fragments smaller than this are ignored for depth

When = date | datetime | str

GEOD = Geod(ellps="WGS84")


class ControlRecordError(RuntimeError):
    """The control record is missing, corrupt, or has no snapshot for the requested time."""


@dataclass(frozen=True)
class Snapshot:
    """One published state of the map: id (UTC timestamp), publication time, occupied area."""

    snapshot_id: str
    taken: datetime  # UTC
    occupied_km2: float


def parse_snapshot_id(snapshot_id: str) -> datetime:
    """UTC time of a snapshot id such as ``2022-09-08T16-36-28Z``."""
    return datetime.strptime(snapshot_id, SNAPSHOT_ID_FORMAT).replace(tzinfo=UTC)


def as_instant(when: When, *, end_of_day: bool = True) -> datetime:
    """A UTC instant for a date (end or start of the day), datetime, snapshot id or ISO string."""
    if isinstance(when, str):
        text = when.strip()
        try:
            return parse_snapshot_id(text)
        except ValueError:
            pass
        if len(text) == 10:
            when = date.fromisoformat(text)
        else:
            try:
                when = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError as exc:
                raise ValueError(f"not a date, datetime or snapshot id: {text!r}") from exc
    if isinstance(when, datetime):
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    if isinstance(when, date):
        day_time = time.max if end_of_day else time.min
        return datetime.combine(when, day_time, tzinfo=UTC)
    raise TypeError(f"unsupported time value: {when!r}")


@functools.lru_cache(maxsize=2)
def _transformer(to_local: bool) -> Transformer:
    crs = ("EPSG:4326", LOCAL_CRS) if to_local else (LOCAL_CRS, "EPSG:4326")
    return Transformer.from_crs(*crs, always_xy=True)


def _to_local() -> Any:
    return _transformer(True).transform


def _to_geo() -> Any:
    return _transformer(False).transform


def project(geom: BaseGeometry, *, to_local: bool = True) -> BaseGeometry:
    """``geom`` from lon/lat to ``LOCAL_CRS`` metres (or back with ``to_local=False``)."""
    transform = _transformer(to_local).transform

    def _apply(xy: np.ndarray) -> np.ndarray:
        x, y = transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, _apply)


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic (WGS84) distance in km."""
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


class ControlRecord:
    """Snapshots of territorial control with lazy, cached geometry per snapshot."""

    def __init__(self, directory: Path, manifest: dict[str, Any]) -> None:
        self.directory = directory
        self.attribution: str = manifest.get("attribution") or ATTRIBUTION
        self.clip_bbox: tuple[float, ...] = tuple(manifest.get("clip_bbox") or (-180, -90, 180, 90))
        entries = sorted(manifest["snapshots"], key=lambda e: e["id"])
        self.snapshots: list[Snapshot] = [
            Snapshot(e["id"], parse_snapshot_id(e["id"]), float(e["occupied_km2"])) for e in entries
        ]
        self._entries = {e["id"]: e for e in entries}
        self._times = [s.taken for s in self.snapshots]
        self._by_id = {s.snapshot_id: s for s in self.snapshots}
        self._lock = threading.RLock()
        self._features: dict[str, list[dict[str, Any]]] = {}
        self._geoms: dict[tuple[str, str], BaseGeometry] = {}

    # --- loading -----------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None, *, user_dir: Path | None = None) -> ControlRecord:
        """The record in ``path``; by default the packaged record (``geo/data/control``) merged with the
        analyst's additions in ``user_dir`` (default ``$FRONTLINE_DATA_DIR/control``, see
        ``python -m geo record add``). Cached per folder set and manifest versions."""
        if path is not None:
            folders = [Path(path)]
        else:
            folders = [DEFAULT_DIR]
            extra = Path(user_dir) if user_dir is not None else user_record_dir()
            if (extra / "manifest.json").exists():
                folders.append(extra)
        stamps = []
        for folder in folders:
            manifest_path = folder / "manifest.json"
            try:
                stamps.append(manifest_path.stat().st_mtime_ns)
            except OSError as exc:
                raise ControlRecordError(
                    f"control record not found: {manifest_path} ({exc.strerror})"
                ) from exc
        return _load_cached(tuple(str(f.resolve()) for f in folders), tuple(stamps))

    @property
    def first(self) -> Snapshot:
        return self.snapshots[0]

    @property
    def last(self) -> Snapshot:
        return self.snapshots[-1]

    def date_range(self) -> tuple[date, date]:
        """Publication days of the first and last snapshot (UTC)."""
        return self.first.taken.date(), self.last.taken.date()

    def coverage_text(self) -> str:
        """``the record covers 3 Apr 2022 - 3 Aug 2025`` (for notes and the dashboard)."""
        first, last = self.date_range()
        return f"the record covers {day_text(first)} - {day_text(last)}"

    def snapshot_at(self, when: When) -> Snapshot | None:
        """The snapshot that shows ``when``: the latest on or before it; None before the record or
        after its last day (never the last snapshot standing in for a later date)."""
        if as_instant(when, end_of_day=False).date() > self.last.taken.date():
            return None
        return self.snapshot_before(when)

    def entry(self, snapshot_id: str) -> dict[str, Any]:
        """The manifest entry (areas by category, counts…) of a snapshot."""
        self.snapshot(snapshot_id)
        return self._entries[snapshot_id]

    def _load_features(self, snapshot_id: str) -> list[dict[str, Any]]:
        with self._lock:
            if snapshot_id not in self._features:
                entry = self.entry(snapshot_id)
                path = Path(entry.get("_dir") or self.directory) / entry["file"]
                try:
                    raw = path.read_bytes()
                    data = json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw)
                    self._features[snapshot_id] = list(data["features"])
                except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
                    raise ControlRecordError(
                        f"cannot read snapshot {snapshot_id} from {path}: {exc}"
                    ) from exc
            return self._features[snapshot_id]

    def _geometry(self, snapshot_id: str, key: str) -> BaseGeometry:
        """Union of a snapshot's features whose status or category is ``key`` (prepared, cached)."""
        with self._lock:
            cache_key = (snapshot_id, key)
            if cache_key not in self._geoms:
                parts = [
                    shape(f["geometry"])
                    for f in self._load_features(snapshot_id)
                    if key in (f["properties"].get("status"), f["properties"].get("category"))
                ]
                empty = MultiLineString() if key == "front_line" else MultiPolygon()
                geom = _union(parts) if parts else empty
                shapely.prepare(geom)
                self._geoms[cache_key] = geom
            return self._geoms[cache_key]

    def _local(self, snapshot_id: str, key: str) -> BaseGeometry:
        """A cached geometry projected to ``LOCAL_CRS``."""
        with self._lock:
            cache_key = (snapshot_id, key + "@local")
            if cache_key not in self._geoms:
                geom = project(self._geometry(snapshot_id, key))
                shapely.prepare(geom)
                self._geoms[cache_key] = geom
            return self._geoms[cache_key]

    # --- snapshots in time -------------------------------------------------------------------------

    def snapshot(self, snapshot_id: str) -> Snapshot:
        try:
            return self._by_id[snapshot_id]
        except KeyError:
            raise ControlRecordError(f"unknown snapshot: {snapshot_id}") from None

    def snapshot_before(self, when: When) -> Snapshot | None:
        """Latest snapshot published on or before ``when`` (a date means the end of that day)."""
        index = bisect.bisect_right(self._times, as_instant(when))
        return self.snapshots[index - 1] if index else None

    def snapshot_after(self, when: When) -> Snapshot | None:
        """Earliest snapshot published after ``when`` (a date means the end of that day)."""
        index = bisect.bisect_right(self._times, as_instant(when))
        return self.snapshots[index] if index < len(self.snapshots) else None

    def snapshots_between(self, start: When, end: When) -> list[Snapshot]:
        """Snapshots published in ``[start, end]`` (dates: start of the first day, end of the last)."""
        lo = bisect.bisect_left(self._times, as_instant(start, end_of_day=False))
        hi = bisect.bisect_right(self._times, as_instant(end))
        return self.snapshots[lo:hi]

    def _resolve(self, when: When | Snapshot) -> Snapshot:
        if isinstance(when, Snapshot):
            return when
        if isinstance(when, str) and when in self._by_id:
            return self._by_id[when]
        snap = self.snapshot_before(when)
        if snap is None:
            raise ControlRecordError(
                f"no snapshot on or before {when} (record starts {self.snapshots[0].taken})"
            )
        return snap

    # --- geometry queries --------------------------------------------------------------------------

    def areas(self, snapshot_id: str) -> dict[str, BaseGeometry]:
        """Geometry by status: ``occupied`` (incl. CADR/CALR and Crimea), ``contested``, ``recaptured``."""
        return {status: self._geometry(snapshot_id, status) for status in STATUSES}

    def occupied_parts(self, snapshot_id: str) -> dict[str, BaseGeometry]:
        """The occupied area split into ``occupied`` (since 2022), ``cadr_calr`` and ``crimea``."""
        return {c: self._geometry(snapshot_id, c) for c in OCCUPIED_CATEGORIES}

    def directions(self, snapshot_id: str) -> list[dict[str, Any]]:
        """Attack (and retreat) direction arrowheads: ``lat``, ``lon``, ``name``, ``kind``."""
        return [
            {
                "lat": f["geometry"]["coordinates"][1],
                "lon": f["geometry"]["coordinates"][0],
                "name": f["properties"].get("label", ""),
                "kind": f["properties"].get("kind", "attack"),
            }
            for f in self._load_features(snapshot_id)
            if f["properties"].get("status") == "direction"
        ]

    def geojson(
        self, snapshot_id: str, *, include_front: bool = False, include_directions: bool = False
    ) -> dict[str, Any]:
        """FeatureCollection for a map layer; properties ``status``, ``label``, ``snapshot`` (and more)."""
        wanted = set(STATUSES)
        if include_front:
            wanted.add("front_line")
        if include_directions:
            wanted.add("direction")
        features = [f for f in self._load_features(snapshot_id) if f["properties"].get("status") in wanted]
        return {"type": "FeatureCollection", "attribution": self.attribution, "features": features}

    def front_line(self, snapshot_id: str) -> BaseGeometry:
        """Line of contact (lon/lat MultiLineString): the occupied boundary on land minus the parts within
        a few km of an international border or coast (see ``data/control/README.md``); an approximation."""
        return self._geometry(snapshot_id, "front_line")

    def status_in(self, lat: float, lon: float, snapshot_id: str) -> str:
        """``contested``, ``occupied`` or ``free`` for a point in one snapshot (contested checked first)."""
        if shapely.contains_xy(self._geometry(snapshot_id, "contested"), lon, lat):
            return "contested"
        if shapely.contains_xy(self._geometry(snapshot_id, "occupied"), lon, lat):
            return "occupied"
        return "free"

    def status_at(self, lat: float, lon: float, when: When) -> str:
        """Status of a point in the latest snapshot on or before ``when``."""
        return self.status_in(lat, lon, self._resolve(when).snapshot_id)

    def covers_point(self, lat: float, lon: float) -> bool:
        """Whether the point lies in the record's coverage window (a box around Ukraine)."""
        x0, y0, x1, y1 = self.clip_bbox
        return x0 <= lon <= x1 and y0 <= lat <= y1

    def nearest_front_point(self, lat: float, lon: float, snapshot_id: str) -> tuple[float, float, float]:
        """(lat, lon, geodesic km) of the point of the line of contact nearest to ``(lat, lon)``."""
        front = self._local(snapshot_id, "front_line")
        if front.is_empty:
            raise ControlRecordError(f"snapshot {snapshot_id} has no line of contact")
        x, y = _to_local()(lon, lat)
        near = nearest_points(front, Point(x, y))[0]
        near_lon, near_lat = _to_geo()(near.x, near.y)
        return near_lat, near_lon, geodesic_km(lat, lon, near_lat, near_lon)

    def distance_in_km(self, lat: float, lon: float, snapshot_id: str) -> float:
        """Geodesic distance (km) from a point to the line of contact of one snapshot."""
        return self.nearest_front_point(lat, lon, snapshot_id)[2]

    def distance_to_front_km(self, lat: float, lon: float, when: When) -> float:
        """Geodesic distance (km) to the line of contact in the latest snapshot on or before ``when``."""
        return self.distance_in_km(lat, lon, self._resolve(when).snapshot_id)

    # --- areas -------------------------------------------------------------------------------------

    def occupied_km2(self, snapshot_id: str) -> float:
        """Geodesic occupied area (km², full-resolution geometry, from the manifest)."""
        return self.snapshot(snapshot_id).occupied_km2

    def area_change_km2(
        self, start: When | Snapshot, end: When | Snapshot
    ) -> tuple[float, Snapshot, Snapshot]:
        """(occupied km² lost by the occupier from ``start`` to ``end``, start snapshot, end snapshot).

        Positive = the occupied area shrank (net over the whole record, gains elsewhere included)."""
        snap_start, snap_end = self._resolve(start), self._resolve(end)
        return snap_start.occupied_km2 - snap_end.occupied_km2, snap_start, snap_end

    def lost_area(
        self, start: When | Snapshot, end: When | Snapshot, *, gained_by: str = "ukraine"
    ) -> BaseGeometry:
        """Ground that changed hands from ``start`` to ``end`` in favour of ``gained_by`` (local metres,
        slivers removed): occupied then but not now for ``"ukraine"``, the reverse for ``"russia"``."""
        a, b = self._resolve(start).snapshot_id, self._resolve(end).snapshot_id
        if gained_by == "russia":
            a, b = b, a
        lost = self._local(a, "occupied").difference(self._local(b, "occupied"))
        opened = lost.buffer(-MIN_LOST_WIDTH_M).buffer(MIN_LOST_WIDTH_M)
        parts = [p for p in getattr(opened, "geoms", [opened]) if p.area >= MIN_LOST_KM2 * 1e6]
        return unary_union(parts) if parts else MultiPolygon()

    def advance_depth_km(
        self, start: When | Snapshot, end: When | Snapshot, *, gained_by: str = "ukraine"
    ) -> tuple[float, tuple[float, float] | None, Snapshot, Snapshot]:
        """Deepest advance of ``gained_by`` (``"ukraine"`` or ``"russia"``) from ``start`` to ``end``:
        (km, (lat, lon) of the deepest point, start snapshot, end snapshot).

        Depth = largest distance from a point of the ground gained between the snapshots to the *start*
        snapshot's line of contact; points sampled on a grid and along the boundary, the maximum then
        re-measured geodesically."""
        snap_start, snap_end = self._resolve(start), self._resolve(end)
        lost = self.lost_area(snap_start, snap_end, gained_by=gained_by)
        front = self._local(snap_start.snapshot_id, "front_line")
        if lost.is_empty or front.is_empty:
            return 0.0, None, snap_start, snap_end
        x0, y0, x1, y1 = lost.bounds
        xs, ys = np.meshgrid(
            np.arange(x0, x1 + DEPTH_GRID_M, DEPTH_GRID_M), np.arange(y0, y1 + DEPTH_GRID_M, DEPTH_GRID_M)
        )
        inside = shapely.contains_xy(lost, xs.ravel(), ys.ravel())
        grid = np.column_stack([xs.ravel()[inside], ys.ravel()[inside]])
        edge = shapely.get_coordinates(shapely.segmentize(lost.boundary, DEPTH_GRID_M))
        samples = np.vstack([grid, edge]) if len(grid) else edge
        distances = shapely.distance(shapely.points(samples), front)
        best = int(np.argmax(distances))
        lon, lat = _to_geo()(*samples[best])
        depth = self.distance_in_km(lat, lon, snap_start.snapshot_id)
        return depth, (lat, lon), snap_start, snap_end


def _read_manifest(manifest_path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        entries = manifest["snapshots"]
        if not isinstance(entries, list) or not entries:
            raise ValueError("no snapshots listed")
        for entry in entries:
            parse_snapshot_id(entry["id"])
            if not math.isfinite(float(entry["occupied_km2"])) or not entry["file"]:
                raise ValueError(f"bad entry {entry.get('id')}")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ControlRecordError(f"control record is corrupt: {manifest_path}: {exc}") from exc
    return manifest


@functools.lru_cache(maxsize=4)
def _load_cached(directories: tuple[str, ...], stamps: tuple[int, ...]) -> ControlRecord:
    """Parse, check and merge manifests (``stamps`` = their mtimes, so an updated record is re-read).
    The first folder is the base; later folders add snapshots whose ids it does not have."""
    base = _read_manifest(Path(directories[0]) / "manifest.json")
    seen = {e["id"] for e in base["snapshots"]}
    for directory in directories[1:]:
        try:
            extra = _read_manifest(Path(directory) / "manifest.json")
        except ControlRecordError as exc:
            log.warning("ignoring the added snapshots: %s", exc)
            continue
        for entry in extra["snapshots"]:
            if entry["id"] not in seen:
                seen.add(entry["id"])
                base["snapshots"].append({**entry, "_dir": directory, "added": True})
    return ControlRecord(Path(directories[0]), base)


def _union(parts: list[BaseGeometry]) -> BaseGeometry:
    """Union of stored parts; invalid ones (e.g. files added by older versions) are repaired first."""
    try:
        return unary_union(parts)
    except shapely.errors.GEOSException:
        return unary_union([p if p.is_valid else shapely.make_valid(p) for p in parts])


def user_record_dir(override: Path | str | None = None) -> Path:
    """Where ``python -m geo record add`` keeps the analyst's snapshots: ``<data folder>/control``."""
    from geo.store import data_dir

    return data_dir(override) / "control"


def day_text(day: date) -> str:
    """``3 Apr 2022``."""
    return f"{day.day} {day:%b %Y}"


def period_start_snapshot(record: ControlRecord, start: When) -> Snapshot:
    """The state at the *start* of ``start`` (a date → its 00:00 UTC): the latest snapshot published
    before it, or the record's first snapshot when the record begins later."""
    snap = record.snapshot_before(as_instant(start, end_of_day=False) - timedelta(microseconds=1))
    return snap if snap is not None else record.snapshots[0]
