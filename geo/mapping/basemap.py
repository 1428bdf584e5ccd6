"""Base layers: the offline Natural Earth country outlines and the optional online tile layers.

The offline outlines sit in their own pane *below* the tile pane, so when tiles load they cover it and
when tiles are unreachable (offline, blocked) the outlines show through: no detection logic needed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
from folium.elements import JSCSSMixin
from folium.plugins import MiniMap
from folium.template import Template

from geo.mapping.style import BORDER_COLOR, LAND_COLOR, LAYER_NAMES

BASEMAP_DIR = Path(__file__).resolve().parents[2] / "data" / "basemap"
BASEMAP_PANE = "frontline-basemap"
NATURAL_EARTH_ATTRIBUTION = "Natural Earth"

# Tile choices offered by the map: key → (folium tiles argument, attribution or None when folium knows it).
TILES: dict[str, tuple[str, str | None]] = {
    "osm": ("OpenStreetMap", None),
    "carto-light": ("CartoDB positron", None),
    "carto-dark": ("CartoDB dark_matter", None),
    "satellite": (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri &mdash; Esri, Maxar, Earthstar Geographics",
    ),
}
TILE_LABELS: dict[str, str] = {
    "offline": "Offline basemap (Natural Earth)",
    "osm": "OpenStreetMap",
    "carto-light": "CARTO light",
    "carto-dark": "CARTO dark",
    "satellite": "Satellite (Esri World Imagery)",
}
TILE_CHOICES: tuple[str, ...] = tuple(TILE_LABELS)


@lru_cache(maxsize=4)
def _read(path: str) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_outlines(detail: str = "regional") -> dict[str, Any]:
    """Country outlines as a FeatureCollection: ``regional`` (Europe, finer) falls back to ``world``.

    Raises FileNotFoundError with a hint when data/basemap/ has not been derived.
    """
    names = (
        ["countries-europe.geojson", "countries.geojson"] if detail == "regional" else ["countries.geojson"]
    )
    for name in names:
        path = BASEMAP_DIR / name
        if path.is_file():
            return _read(str(path))
    raise FileNotFoundError(f"no basemap in {BASEMAP_DIR}; run scripts/derive_basemap.py")


def outline_features(detail: str = "regional") -> dict[str, Any]:
    """Outlines with only the properties the map shows (country name), styled as land."""
    source = load_outlines(detail)
    style = {"color": BORDER_COLOR, "weight": 0.8, "fillColor": LAND_COLOR, "fillOpacity": 1.0}
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": str(f.get("properties", {}).get("name", "")), "style": style},
                "geometry": f["geometry"],
            }
            for f in source.get("features", [])
            if f.get("geometry")
        ],
    }


def add_offline_basemap(m: folium.Map, detail: str = "regional") -> folium.FeatureGroup:
    """Add the country outlines in a pane under the tiles; returns the "Basemap" group."""
    folium.map.CustomPane(BASEMAP_PANE, z_index=150, pointer_events=False).add_to(m)
    group = folium.FeatureGroup(name=LAYER_NAMES["basemap"], show=True)
    folium.GeoJson(
        outline_features(detail),
        name=LAYER_NAMES["basemap"],
        control=False,
        pane=BASEMAP_PANE,
        interactive=False,
        smooth_factor=1.5,
    ).add_to(group)
    group.add_to(m)
    return group


def add_tiles(m: folium.Map, choice: str) -> folium.TileLayer | None:
    """Add the chosen online tile layer (none for ``offline``)."""
    if choice == "offline":
        return None
    if choice not in TILES:
        raise ValueError(f"tiles must be one of {TILE_CHOICES}, not {choice!r}")
    tiles, attribution = TILES[choice]
    layer = folium.TileLayer(tiles=tiles, attr=attribution, name=TILE_LABELS[choice], control=False)
    layer.add_to(m)
    return layer


class OutlineMiniMap(JSCSSMixin, folium.MacroElement):
    """Leaflet-MiniMap drawn from the offline outlines (works without tiles); reuses folium's assets."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = new L.Control.MiniMap(
                L.geoJson({{ this.data|tojson }}, {style: function(f) {return f.properties.style;},
                                                     interactive: false}),
                {{ this.options|tojavascript }}
            );
            {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
        {% endmacro %}
        """
    )
    default_js = list(MiniMap.default_js)
    default_css = list(MiniMap.default_css)

    def __init__(self, position: str = "bottomright", zoom_level_offset: int = -5) -> None:
        super().__init__()
        self._name = "OutlineMiniMap"
        self.data = _minimap_data()
        self.options = {
            "position": position,
            "width": 150,
            "height": 150,
            "zoomLevelOffset": zoom_level_offset,
            "toggleDisplay": True,
        }


@lru_cache(maxsize=1)
def _minimap_data() -> dict[str, Any]:
    """World outlines at 1-decimal precision: enough for a locator, small in the page."""
    world = outline_features("world")
    for feature in world["features"]:
        feature["geometry"] = _round_geometry(feature["geometry"], 1)
    return world


def _round_geometry(geometry: dict[str, Any], digits: int) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, list) and value and isinstance(value[0], (int, float)):
            return [round(v, digits) for v in value]
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    if geometry.get("type") == "GeometryCollection":
        return {
            "type": "GeometryCollection",
            "geometries": [_round_geometry(g, digits) for g in geometry.get("geometries", [])],
        }
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
