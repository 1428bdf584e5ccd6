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
from geo.mapping.style import BORDER_COLOR, LAND_COLOR, RIVER_COLOR, SEA_COLOR, layer_group
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


CONTEXT_FILE = "context.json"  # towns, rivers, lakes (scripts/derive_basemap_context.py)
TOWNS_PANE = "frontline-towns"
TOWN_LIMIT = 260  # town labels drawn at once at most (after decluttering)


@lru_cache(maxsize=1)
def context_json() -> str | None:
    """The context data as page JSON ("</" escaped), or None when it was not derived."""
    path = BASEMAP_DIR / CONTEXT_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    keep = {k: data[k] for k in ("towns", "rivers", "lakes") if k in data}
    return json.dumps(keep, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class OfflineContext(FastMacroElement):
    """Rivers and lakes under the data, and town labels by rank and zoom, decluttered at every view.

    Each feature carries the zoom it shows from; towns come heaviest first and a label is left out where it
    would overlap one already placed or a data label. Names are set as text, never as HTML.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function(map, data, opts) {
                function on(f) { return map.getZoom() >= f.properties.min_zoom; }
                var rivers = L.geoJson(data.rivers, {pane: opts.pane, interactive: false, style: function(f) {
                    var weight = map.getZoom() >= 9 ? 1.8 : 1.1;
                    return {color: opts.water, weight: weight, opacity: on(f) ? 0.95 : 0};
                }}).addTo(map);
                var lakes = L.geoJson(data.lakes, {pane: opts.pane, interactive: false, style: function(f) {
                    return {color: opts.water, weight: 0.6, fillColor: opts.lake, fillOpacity: on(f) ? 1 : 0,
                            opacity: on(f) ? 1 : 0};
                }}).addTo(map);
                var towns = L.layerGroup().addTo(map);
                function overlaps(b, boxes) {
                    return boxes.some(function(k) {
                        return b[0] < k[2] && b[2] > k[0] && b[1] < k[3] && b[3] > k[1];
                    });
                }
                function draw() {
                    towns.clearLayers();
                    var z = map.getZoom(), bounds = map.getBounds().pad(0.05), boxes = [], shown = 0;
                    var origin = map.getContainer().getBoundingClientRect();
                    map.getContainer().querySelectorAll('.frontline-label').forEach(function(el) {
                        if (el.style.visibility === 'hidden') return;
                        var r = el.getBoundingClientRect();
                        boxes.push([r.left - origin.left, r.top - origin.top,
                                    r.left - origin.left + el.scrollWidth, r.bottom - origin.top]);
                    });
                    for (var i = 0; i < data.towns.length && shown < opts.limit; i++) {
                        var t = data.towns[i];
                        if (t[3] > z) continue;
                        var ll = L.latLng(t[1], t[0]);
                        if (!bounds.contains(ll)) continue;
                        var p = map.latLngToContainerPoint(ll), big = t[3] <= 5;
                        var w = t[2].length * (big ? 7 : 6.2) + 10, h = big ? 15 : 13;
                        var box = [p.x - 4, p.y - h / 2, p.x + w, p.y + h / 2];
                        if (overlaps(box, boxes)) continue;
                        boxes.push(box);
                        shown++;
                        var el = document.createElement('div');
                        el.className = 'frontline-town' + (big ? ' big' : '');
                        var name = document.createElement('span');
                        name.textContent = t[2];
                        el.appendChild(name);
                        L.marker(ll, {pane: opts.townPane, interactive: false, keyboard: false,
                                      icon: L.divIcon({html: el, className: 'frontline-town-icon',
                                                       iconSize: [0, 0]})}).addTo(towns);
                    }
                }
                function refresh() {
                    rivers.setStyle(rivers.options.style);
                    lakes.setStyle(lakes.options.style);
                    L.Util.requestAnimFrame(draw);
                }
                map.on('zoomend moveend', refresh);
                map.on('layeradd', function(e) {  // place labels arrived: keep towns clear of them
                    if (e.layer.options && e.layer.options.frontlineLayer === 'places') setTimeout(draw, 50);
                });
                draw();
            })({{ this._parent.get_name() }}, {{ this.data_json|safe }}, {{ this.opts|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str) -> None:
        super().__init__()
        self._name = "OfflineContext"
        self.data_json = data_json
        self.opts = {"pane": BASEMAP_PANE, "townPane": TOWNS_PANE, "water": RIVER_COLOR, "lake": SEA_COLOR,
                     "limit": TOWN_LIMIT}  # fmt: skip


def add_offline_basemap(m: folium.Map) -> tuple[folium.FeatureGroup, OfflineOutlines]:
    """Add the country outlines (and rivers, lakes and towns when derived) in panes under the data;
    returns the "Basemap" group and the outlines."""
    folium.map.CustomPane(BASEMAP_PANE, z_index=150, pointer_events=False).add_to(m)
    folium.map.CustomPane(TOWNS_PANE, z_index=420, pointer_events=False).add_to(m)
    group = layer_group("basemap", NATURAL_EARTH_ATTRIBUTION)
    outlines = OfflineOutlines()
    outlines.add_to(group)
    context = context_json()
    if context is not None:
        OfflineContext(context).add_to(m)
    group.add_to(m)
    return group, outlines


def add_tiles(m: folium.Map | folium.FeatureGroup, choice: str) -> folium.TileLayer | None:
    """Add the chosen online tile layer (none for ``offline``)."""
    if choice == "offline":
        return None
    if choice not in TILES:
        raise ValueError(f"tiles must be one of {TILE_CHOICES}, not {choice!r}")
    tiles, attribution = TILES[choice]
    layer = folium.TileLayer(tiles=tiles, attr=attribution, name=TILE_LABELS[choice], control=False)
    layer.add_to(m)
    return layer


class TileNotice(folium.MacroElement):
    """Says so on the map when an online tile layer cannot load (offline, blocked) and no tile has arrived;
    the offline basemap underneath stays visible either way."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function(tiles, label) {
                var loaded = 0, note = null;
                function drop() { if (note) { note.remove(); note = null; } }
                tiles.on('tileload', function() {
                    loaded++;
                    drop();
                    if (tiles._map) L.DomUtil.addClass(tiles._map.getContainer(), 'frontline-online');
                });
                tiles.on('tileerror', function() {
                    if (loaded || note || !tiles._map) return;
                    note = L.control({position: 'topright'});
                    note.onAdd = function() {
                        var div = L.DomUtil.create('div', 'frontline-notice');
                        div.setAttribute('role', 'status');
                        div.textContent = label + ' could not be loaded (no connection?): '
                            + 'showing the offline basemap.';
                        return div;
                    };
                    note.addTo(tiles._map);
                });
                tiles.on('remove', function(e) {
                    drop();
                    var map = e.target._map;
                    if (map) L.DomUtil.removeClass(map.getContainer(), 'frontline-online');
                });
            })({{ this.tiles.get_name() }}, {{ this.label|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, tiles: folium.TileLayer, label: str) -> None:
        super().__init__()
        self._name = "TileNotice"
        self.tiles = tiles
        self.label = label


TILES_GROUP = "Online tiles"


def build_tiles_layer(choice: str) -> folium.FeatureGroup | None:
    """The chosen online tiles as their own group (None for ``offline``), so the dashboard swaps them like
    any layer and the map stays mounted; a notice shows when they cannot load."""
    if choice == "offline":
        return None
    group = folium.FeatureGroup(name=TILES_GROUP, show=True, control=False)
    layer = add_tiles(group, choice)
    if layer is not None:
        TileNotice(layer, TILE_LABELS[choice]).add_to(group)
    return group


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
