"""Base layers: the offline Natural Earth country outlines and the optional online tile layers.

The offline outlines sit in their own pane *below* the tile pane, so when tiles load they cover it and
when tiles are unreachable (offline, blocked) the outlines show through: no detection logic needed.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

import folium
import numpy as np
import shapely
from folium.elements import JSCSSMixin
from folium.plugins import MiniMap
from folium.template import Template
from shapely.geometry import mapping, shape

from geo.mapping.fast import FastMacroElement
from geo.mapping.style import BORDER_COLOR, LAND_COLOR, LAYER_NAMES
from geo.resources import data_path

BASEMAP_DIR = data_path("basemap")
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


PRECOMPUTED_FILE = "outlines.page.json"  # derived from the two below (scripts/derive_basemap_outlines.py)
REGIONAL_FILE = "countries-europe.geojson"  # finer outlines inside a window (see data/basemap/README.md)
WORLD_FILE = "countries.geojson"
WORLD_PRECISION = 0.25  # degrees: the world outside the regional window is only context
OUTLINE_STYLE = {"color": BORDER_COLOR, "weight": 0.8, "fillColor": LAND_COLOR, "fillOpacity": 1.0}


def _read(name: str) -> dict[str, Any] | None:
    path = BASEMAP_DIR / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _slim(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Features with only the country name (styles live in one JS function, not in every feature)."""
    return [
        {
            "type": "Feature",
            "properties": {"name": str((f.get("properties") or {}).get("name", ""))},
            "geometry": f["geometry"],
        }
        for f in features
        if f.get("geometry")
    ]


def compute_outline_collections() -> tuple[dict[str, Any], ...]:
    """The offline basemap as FeatureCollections, drawn in order: the world outside the regional window
    (coarse) and the regional outlines (fine). Raises FileNotFoundError when data/basemap/ is missing."""
    world, regional = _read(WORLD_FILE), _read(REGIONAL_FILE)
    if world is None and regional is None:
        raise FileNotFoundError(f"no basemap in {BASEMAP_DIR}; run scripts/derive_basemap.py")
    if regional is None:
        return ({"type": "FeatureCollection", "features": _slim(world["features"])},)  # type: ignore[index]
    regional_fc = {"type": "FeatureCollection", "features": _slim(regional["features"])}
    if world is None:
        return (regional_fc,)
    window = shapely.box(*shapely.total_bounds([shape(f["geometry"]) for f in regional_fc["features"]]))
    outside = []
    for feature in _slim(world["features"]):
        geom = shapely.make_valid(shape(feature["geometry"])).difference(window)
        geom = shapely.transform(geom.simplify(WORLD_PRECISION), lambda xy: np.round(xy, 1))
        if not geom.is_empty and geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
            outside.append({**feature, "geometry": mapping(geom)})
    return {"type": "FeatureCollection", "features": outside}, regional_fc


def outlines_json(collections: tuple[dict[str, Any], ...]) -> str:
    """The collections as the page embeds them: compact JSON, "</" escaped so no string closes the script."""
    return json.dumps(list(collections), separators=(",", ":")).replace("</", "<\\/")


def source_digests() -> dict[str, str]:
    """SHA-256 of the outline sources (a precomputed file is used only while they match)."""
    return {
        name: hashlib.sha256((BASEMAP_DIR / name).read_bytes()).hexdigest()
        for name in (WORLD_FILE, REGIONAL_FILE)
        if (BASEMAP_DIR / name).is_file()
    }


def _precomputed() -> str | None:
    """The page JSON from ``PRECOMPUTED_FILE`` when it was derived from the current sources, else None.

    Line 1 is a header (``{"sources": {file: sha256}}``), line 2 the JSON exactly as embedded.
    """
    path = BASEMAP_DIR / PRECOMPUTED_FILE
    try:
        header, body = path.read_text(encoding="utf-8").split("\n", 1)
        if json.loads(header).get("sources") == source_digests():
            return body.strip()
    except (OSError, ValueError, AttributeError):
        pass
    return None


@lru_cache(maxsize=1)
def outline_data_json() -> str:
    """The offline outlines as page JSON: precomputed by scripts/derive_basemap_outlines.py, or computed."""
    return _precomputed() or outlines_json(compute_outline_collections())


@lru_cache(maxsize=1)
def outline_collections() -> tuple[dict[str, Any], ...]:
    """The offline basemap as FeatureCollections (see :func:`compute_outline_collections`)."""
    return tuple(json.loads(outline_data_json()))  # "<\\/" is JSON's own escape of "</"


class OfflineOutlines(FastMacroElement):
    """Country outlines drawn from data held once in the page (the minimap reuses the same data)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }}_data = {{ this.data_json|safe }};
            var {{ this.get_name() }}_style = {{ this.style|tojson }};
            var {{ this.get_name() }} = L.layerGroup({{ this.get_name() }}_data.map(function(fc) {
                return L.geoJson(fc, {pane: {{ this.pane|tojson }}, interactive: false,
                                      style: function() { return {{ this.get_name() }}_style; }});
            })).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, pane: str = BASEMAP_PANE) -> None:
        super().__init__()
        self._name = "OfflineOutlines"
        # Compact JSON ("</" escaped so no string can close the script): halves what tojson would write.
        self.data_json = outline_data_json()
        self.style = OUTLINE_STYLE
        self.pane = pane


def add_offline_basemap(m: folium.Map) -> tuple[folium.FeatureGroup, OfflineOutlines]:
    """Add the country outlines in a pane under the tiles; returns the "Basemap" group and the outlines."""
    folium.map.CustomPane(BASEMAP_PANE, z_index=150, pointer_events=False).add_to(m)
    group = folium.FeatureGroup(name=LAYER_NAMES["basemap"], show=True)
    outlines = OfflineOutlines()
    outlines.add_to(group)
    group.add_to(m)
    return group, outlines


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
                L.layerGroup({{ this.outlines.get_name() }}_data.map(function(fc) {
                    var style = {{ this.outlines.get_name() }}_style;
                    return L.geoJson(fc, {interactive: false, style: function() { return style; }});
                })),
                {{ this.options|tojavascript }}
            );
            {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
        {% endmacro %}
        """
    )
    default_js = list(MiniMap.default_js)
    default_css = list(MiniMap.default_css)

    def __init__(
        self, outlines: OfflineOutlines, position: str = "bottomright", zoom_level_offset: int = -5
    ) -> None:
        super().__init__()
        self._name = "OutlineMiniMap"
        self.outlines = outlines
        self.options = {
            "position": position,
            "width": 150,
            "height": 150,
            "zoomLevelOffset": zoom_level_offset,
            "toggleDisplay": True,
        }
