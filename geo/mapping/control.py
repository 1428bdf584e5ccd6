"""Control-areas layer: the DeepStateMap record's occupied / contested / recaptured areas on a date."""

from __future__ import annotations

from typing import Any

import folium
from folium.utilities import JsCode

from geo.mapping.cells import esc, text
from geo.mapping.fast import FastGeoJson
from geo.mapping.geometry import RecordLike
from geo.mapping.memo import RecordMemo
from geo.mapping.style import LAYER_NAMES, STATUS_COLORS, layer_group
from geo.mapping.view import MapView

STATUSES: tuple[str, ...] = ("occupied", "contested", "recaptured")

ON_EACH_FEATURE = JsCode(
    """function(feature, layer) { layer.bindTooltip(feature.properties.tip, {sticky: true}); }"""
)

_MEMO: RecordMemo[dict[str, Any]] = RecordMemo(16)


def select_snapshot(record: RecordLike | None, date: str | None) -> Any | None:
    """The snapshot shown for ``date``: the latest taken on or before it (the first one if none is);
    the latest snapshot when no date is set."""
    if record is None:
        return None
    snapshots = list(getattr(record, "snapshots", []) or [])
    if not snapshots:
        return None
    if not date:
        return snapshots[-1]
    before = record.snapshot_before(date)  # type: ignore[attr-defined]
    return before if before is not None else snapshots[0]


def snapshot_day(snapshot: Any) -> str:
    """A snapshot's publication day, ISO."""
    taken = getattr(snapshot, "taken", None)
    return (taken.isoformat() if hasattr(taken, "isoformat") else text(taken))[:10]


def snapshot_credit(record: RecordLike, snapshot: Any) -> str:
    """The record's credit with the date of the snapshot drawn (shown in the map's attribution)."""
    credit = text(getattr(record, "attribution", "")) or "© DeepStateMap"
    return f"{esc(credit)}, snapshot of {snapshot_day(snapshot)}"


def status_style(status: str) -> dict[str, Any]:
    color = STATUS_COLORS.get(status, "#999999")
    style: dict[str, Any] = {"color": color, "weight": 1, "fillColor": color, "fillOpacity": 0.28}
    if status == "contested":
        style.update({"dashArray": "5 4", "weight": 2, "fillOpacity": 0.22})
    return style


def control_features(record: RecordLike, snapshot_id: str) -> dict[str, Any]:
    """The snapshot's areas (the record stores them simplified) with style and tooltip; memoised."""
    return _MEMO.get(record, snapshot_id, lambda: _control_features(record, snapshot_id))


def _control_features(record: RecordLike, snapshot_id: str) -> dict[str, Any]:
    features = []
    for feature in record.geojson(snapshot_id).get("features", []):
        if not feature.get("geometry"):
            continue
        props = feature.get("properties") or {}
        status = text(props.get("status"))
        if status not in STATUSES:
            continue
        label = text(props.get("label")) or status
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "status": status,
                    "style": status_style(status),
                    "tip": f"{esc(label)} <small>(DeepStateMap {esc(snapshot_id)})</small>",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def build_control_layer(record: RecordLike | None, view: MapView) -> folium.FeatureGroup:
    """The "Control areas" group for the view's date (empty when there is no record)."""
    snapshot = select_snapshot(record, view.date)
    if snapshot is None or record is None:
        return layer_group("control")
    group = layer_group("control", snapshot_credit(record, snapshot))
    FastGeoJson(
        control_features(record, snapshot.snapshot_id),
        name=LAYER_NAMES["control"],
        control=False,
        on_each_feature=ON_EACH_FEATURE,
    ).add_to(group)
    return group
