"""Attack-directions layer: the record's arrowheads for the shown snapshot, as rotated DivIcon arrows.

Each arrow is one small element whose script is written by a template compiled once (folium's Marker,
DivIcon and Tooltip recompile a template per arrow: ~100 ms per snapshot, the bulk of a date change)."""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.mapping.cells import esc, number, text
from geo.mapping.control import select_snapshot
from geo.mapping.fast import render_macros
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


class Arrow(MacroElement):
    """A Leaflet marker with a DivIcon arrow and a sticky tooltip (HTML given already escaped)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.marker({{ this.location|tojson }}, {icon: L.divIcon({html: {{ this.html|tojson }}, "
        "iconSize: [22, 22], iconAnchor: [11, 11], className: 'frontline-arrow-icon'})})"
        ".bindTooltip({{ this.tip|tojson }}, {sticky: true}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, location: tuple[float, float], html: str, tip: str) -> None:
        super().__init__()
        self._name = "Arrow"
        self.location, self.html, self.tip = list(location), html, tip

    def render(self, **kwargs: Any) -> None:
        render_macros(self, **kwargs)


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
        tip = f"{esc(name)} <small>(DeepStateMap {esc(snapshot.snapshot_id)})</small>"
        Arrow((lat, lon), arrow_html(bearing), tip).add_to(group)
    return group
