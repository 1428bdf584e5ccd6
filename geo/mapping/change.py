"""Change layer: the ground each side gained between two snapshots of the record, with its km².

The geometry and figures come from ``geo.control_series.change_between`` (a ``Change``); this module only
draws it: Russia's gains in the occupied colour, Ukraine's in the recaptured colour, each with a tooltip
naming the two snapshots and the area.
"""

from __future__ import annotations

from typing import Any

import folium
from shapely.geometry import mapping

from geo.mapping.cells import esc
from geo.mapping.control import ON_EACH_FEATURE, snapshot_day
from geo.mapping.fast import FastGeoJson

CHANGE_COLORS = {"russia": "#a50f15", "ukraine": "#0b4f9c"}  # darker than the control areas beneath
SWATCHES = {"russia": "red", "ukraine": "blue"}  # the nearest Markdown colours, for the legend
CHANGE_LABELS = {"russia": "Gained by Russia", "ukraine": "Gained by Ukraine"}


def change_km2(change: Any, side: str) -> float:
    return float(change.russia_km2 if side == "russia" else change.ukraine_km2)


def change_label(change: Any, side: str) -> str:
    """``Gained by Russia 25 Aug 2022 → 15 Nov 2022: 1,234 km²`` (plain text)."""
    return (
        f"{CHANGE_LABELS[side]} {snapshot_day(change.start)} → {snapshot_day(change.end)}: "
        f"{change_km2(change, side):,.0f} km²"
    )


def change_features(change: Any) -> dict[str, Any]:
    """The change as a styled FeatureCollection (one feature per side that gained any ground)."""
    features = []
    for side, geom in (("russia", change.gained_by_russia), ("ukraine", change.gained_by_ukraine)):
        if geom is None or geom.is_empty:
            continue
        color = CHANGE_COLORS[side]
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(geom),
                "properties": {
                    "side": side,
                    "km2": round(change_km2(change, side), 1),
                    "style": {"color": "#111111", "weight": 1.5, "fillColor": color, "fillOpacity": 0.8},
                    "tip": esc(change_label(change, side)),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def build_change_layer(change: Any, attribution: str = "") -> folium.FeatureGroup:
    """A feature group of the change (drawn above the control areas)."""
    credit = f"{attribution}, change {snapshot_day(change.start)} → {snapshot_day(change.end)}".lstrip(", ")
    group = folium.FeatureGroup(name="Change between the dates", show=True, attribution=esc(credit))
    FastGeoJson(change_features(change), control=False, on_each_feature=ON_EACH_FEATURE).add_to(group)
    return group


def legend_markdown(change: Any) -> str:
    """The change layer's legend with its km² (for a Markdown element beside the maps)."""
    rows = []
    for side in ("russia", "ukraine"):
        swatch = f":{SWATCHES[side]}[**■**]"
        rows.append(f"{swatch} {change_label(change, side)}")
    net = change.net_occupied_change_km2
    rows.append(f"Net change of the occupied area (record's figures): {net:+,.0f} km²")
    return "  \n".join(rows)
