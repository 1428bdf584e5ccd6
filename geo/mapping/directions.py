"""Attack-directions layer: the record's arrowheads for the shown snapshot, as rotated DivIcon arrows."""

from __future__ import annotations

import folium

from geo.mapping.cells import esc, number, text
from geo.mapping.control import select_snapshot
from geo.mapping.geometry import RecordLike, bearing_from_line
from geo.mapping.style import DIRECTION_COLOR, layer_group
from geo.mapping.view import MapView


def arrow_html(bearing: float | None) -> str:
    """An arrowhead pointing along ``bearing`` (degrees clockwise from north); a dot when unknown."""
    if bearing is None:
        return (
            f'<div class="frontline-arrow" style="color:{DIRECTION_COLOR};font-size:14px;'
            f'line-height:22px;text-align:center">&#9679;</div>'
        )
    rotate = f"transform:rotate({bearing - 90:.0f}deg);"
    return (
        f'<div class="frontline-arrow" style="color:{DIRECTION_COLOR};{rotate}'
        f'font-size:22px;line-height:22px;text-align:center;text-shadow:0 0 2px #fff">&#10148;</div>'
    )


def build_directions_layer(record: RecordLike | None, view: MapView) -> folium.FeatureGroup:
    """The "Attack directions" group (empty when there is no record)."""
    group = layer_group("directions")
    snapshot = select_snapshot(record, view.date)
    if snapshot is None or record is None:
        return group
    for item in record.directions(snapshot.snapshot_id):
        lat, lon = number(item.get("lat")), number(item.get("lon"))
        if lat is None or lon is None:
            continue
        name = text(item.get("name")) or "Direction of attack"
        bearing = number(item.get("bearing"))
        if bearing is None:
            bearing = bearing_from_line(record, snapshot.snapshot_id, lat, lon)
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=arrow_html(bearing),
                icon_size=(22, 22),
                icon_anchor=(11, 11),
                class_name="frontline-arrow-icon",
            ),
            tooltip=folium.Tooltip(f"{esc(name)} <small>(DeepStateMap {esc(snapshot.snapshot_id)})</small>"),
        ).add_to(group)
    return group
