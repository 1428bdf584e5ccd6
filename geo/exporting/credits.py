"""Who to credit for what a map view shows (for the PNG overlay and the page footers)."""

from __future__ import annotations

from typing import Any

from geo.mapping.basemap import NATURAL_EARTH_ATTRIBUTION, TILE_LABELS
from geo.mapping.view import MapView

TILE_CREDITS: dict[str, str] = {
    "osm": "© OpenStreetMap contributors",
    "carto-light": "© OpenStreetMap contributors © CARTO",
    "carto-dark": "© OpenStreetMap contributors © CARTO",
    "satellite": "Tiles © Esri — Esri, Maxar, Earthstar Geographics",
}


def page_title(view: MapView, record: Any | None = None) -> str:
    """The exported page's ``<title>``: the view's date, the control snapshot drawn and who made it."""
    from geo.mapping.control import select_snapshot, snapshot_day

    parts = ["Frontline claims", f"view of {view.date}" if view.date else "all dates"]
    snapshot = select_snapshot(record, view.date) if record is not None else None
    if snapshot is not None and view.layers & {"control", "directions", "claims"}:
        credit = str(getattr(record, "attribution", "") or "© DeepStateMap")
        parts.append(f"control areas: {credit}, snapshot of {snapshot_day(snapshot)}")
    return " · ".join(parts)


def map_attributions(view: MapView, record: Any | None = None) -> list[str]:
    """Credits for the layers in ``view``: DeepStateMap, Natural Earth, GeoNames, the tiles, Leaflet."""
    credits: list[str] = []
    if record is not None and view.layers & {"control", "directions", "claims"}:
        credits.append(str(getattr(record, "attribution", "") or "© DeepStateMap"))
    if view.shows("basemap"):
        credits.append(NATURAL_EARTH_ATTRIBUTION)
    if view.layers & {"places", "heat", "claims"}:
        credits.append("Places: GeoNames (CC BY 4.0)")
    if view.tiles in TILE_CREDITS:
        credits.append(f"{TILE_LABELS[view.tiles]}: {TILE_CREDITS[view.tiles]}")
    credits.append("Leaflet")
    return credits
