"""What the dashboard and exports ask of the control record over time: the record's range, the snapshot
shown for a date, the change between two dates (ground each side gained, km²) and the occupied-area
series (with a CSV export). Figures come from the manifest (full-resolution geodesic areas); change
geometry from the stored (simplified) snapshots, measured in the equal-area ``LOCAL_CRS``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from shapely.geometry.base import BaseGeometry

from geo.control import ControlRecord, Snapshot, When, project

SERIES_COLUMNS = (
    "date",
    "snapshot",
    "occupied_km2",
    "occupied_since_2022_km2",
    "occupied_since_2014_km2",
    "liberated_km2",
    "contested_km2",
)


@dataclass(frozen=True)
class AreaPoint:
    """One snapshot's areas in km² (occupied = since 2022 + since 2014, as DeepStateMap draws them)."""

    date: date
    snapshot: str
    occupied_km2: float
    occupied_since_2022_km2: float
    occupied_since_2014_km2: float
    liberated_km2: float
    contested_km2: float

    def row(self) -> dict[str, Any]:
        return {
            k: (getattr(self, k).isoformat() if k == "date" else getattr(self, k)) for k in SERIES_COLUMNS
        }


@dataclass(frozen=True)
class Change:
    """Ground that changed hands between two snapshots (lon/lat geometry, km² per side)."""

    start: Snapshot
    end: Snapshot
    gained_by_russia: BaseGeometry
    gained_by_ukraine: BaseGeometry
    russia_km2: float
    ukraine_km2: float
    net_occupied_change_km2: float  # manifest figures: end − start occupied area (+ = Russia gained net)

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.snapshot_id,
            "end": self.end.snapshot_id,
            "russia_km2": round(self.russia_km2, 1),
            "ukraine_km2": round(self.ukraine_km2, 1),
            "net_occupied_change_km2": round(self.net_occupied_change_km2, 1),
        }


def area_point(record: ControlRecord, snap: Snapshot) -> AreaPoint:
    areas = record.entry(snap.snapshot_id).get("areas_km2", {})
    since_2014 = areas.get("occupied_since_2014", areas.get("cadr_calr", 0.0) + areas.get("crimea", 0.0))
    since_2022 = areas.get("occupied_since_2022", snap.occupied_km2 - since_2014)
    return AreaPoint(
        snap.taken.date(),
        snap.snapshot_id,
        snap.occupied_km2,
        float(since_2022),
        float(since_2014),
        float(areas.get("recaptured", 0.0)),
        float(areas.get("contested", 0.0)),
    )


def area_series(record: ControlRecord, start: When | None = None, end: When | None = None) -> list[AreaPoint]:
    """Areas of every snapshot (optionally only those published in ``[start, end]``), oldest first."""
    snaps = record.snapshots
    if start is not None or end is not None:
        snaps = record.snapshots_between(start or record.first.snapshot_id, end or record.last.snapshot_id)
    return [area_point(record, s) for s in snaps]


def write_area_csv(record: ControlRecord, out: Path | IO[str] | None = None) -> str:
    """The area series as CSV (UTF-8 with BOM when written to a path, for Excel); returns the text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SERIES_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for point in area_series(record):
        writer.writerow(point.row())
    text = buffer.getvalue()
    if isinstance(out, (str, Path)):
        Path(out).write_text(text, encoding="utf-8-sig")
    elif out is not None:
        out.write(text)
    return text


def snapshot_for_map(record: ControlRecord, when: When) -> Snapshot | None:
    """The snapshot the map shows for ``when`` (None outside the record's range: say so, draw nothing)."""
    return record.snapshot_at(when)


def change_between(record: ControlRecord, start: When, end: When) -> Change:
    """Ground each side gained from the snapshot shown on ``start`` to the one shown on ``end``
    (slivers under the record's noise width removed, see ``ControlRecord.lost_area``)."""
    snap_a, snap_b = record._resolve(start), record._resolve(end)
    if snap_b.taken < snap_a.taken:
        snap_a, snap_b = snap_b, snap_a
    to_ukraine = record.lost_area(snap_a, snap_b, gained_by="ukraine")
    to_russia = record.lost_area(snap_a, snap_b, gained_by="russia")
    return Change(
        snap_a,
        snap_b,
        project(to_russia, to_local=False),
        project(to_ukraine, to_local=False),
        to_russia.area / 1e6,
        to_ukraine.area / 1e6,
        snap_b.occupied_km2 - snap_a.occupied_km2,
    )
