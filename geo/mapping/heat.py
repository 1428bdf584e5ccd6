"""Mention-heat layer: where the articles' literal place mentions concentrate."""

from __future__ import annotations

import folium
import pandas as pd
from folium.plugins import HeatMap

from geo.mapping.places import drawn_places
from geo.mapping.style import LAYER_NAMES, layer_group
from geo.mapping.view import MapView


def heat_points(summary: pd.DataFrame, date: str | None) -> list[list[float]]:
    """[lat, lon, weight] per drawn place, weight = literal mentions (metonymic ones are not events)."""
    places = drawn_places(summary, date)
    if places is None or places.empty:
        return []
    col = "literal_mentions" if "literal_mentions" in places else "mention_count"
    weights = pd.to_numeric(places[col], errors="coerce").fillna(0)
    return [
        [round(float(a), 5), round(float(b), 5), float(w)]
        for a, b, w in zip(places["lat"], places["lon"], weights, strict=True)
        if w > 0
    ]


def build_heat_layer(tables: dict[str, pd.DataFrame], view: MapView) -> folium.FeatureGroup:
    """The "Mention heat" group."""
    group = layer_group("heat")
    points = heat_points(tables.get("place_summary", pd.DataFrame()), view.date)
    if points:
        heat = HeatMap(
            points[:1],
            name=LAYER_NAMES["heat"],
            control=False,
            radius=28,
            blur=22,
            min_opacity=0.3,
            max_zoom=10,
        )
        heat.data = points  # already clean floats: folium would validate 10k points one by one (~1 s)
        heat.add_to(group)
    return group
