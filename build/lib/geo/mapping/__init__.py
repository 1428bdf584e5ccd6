"""The map: folium layers built from the extraction tables and the control record.

Complete map (exports, CLI)::

    m = build_map(tables, record, MapView(date="2022-09-09", assets="inline"))
    html = geo.exporting.standalone_html(m)          # or export_png(m, path, width=1600, height=1000, ...)

Streamlit (keeps the iframe mounted: the base map's JS is the component's identity)::

    base = MapView(center=HOME, zoom=7, tiles=tiles)              # constant across reruns
    view = base.with_(date=day, layers=visible, selected_place_id=pid)
    out = st_folium(build_base_map(base), feature_group_to_add=build_feature_groups(tables, record, view),
                    center=st_center, zoom=st_zoom, returned_objects=["last_object_clicked_tooltip", ...])
    place_id_from_tooltip(out["last_object_clicked_tooltip"])  # → clicked place_id

Build the base map afresh on every rerun (~50 ms, byte-identical JS): st_folium adds the groups to the
map it is given, so a cached map would grow. The page must be served from the repo root so
``/app/static/vendor/`` (scripts/install_assets.sh) resolves; ``.streamlit/config.toml`` enables it.
Layer visibility lives in MapView.layers (LayerControl toggles are not reported back by st_folium);
place search in Streamlit belongs in a widget that sets ``center``/``selected_place_id`` (the Leaflet
search control needs the places layer on the base map, so only ``build_map`` adds it).
"""

from geo.mapping.assets import AssetError, assets_installed, cdn_references, localize
from geo.mapping.basemap import TILE_CHOICES, TILE_LABELS
from geo.mapping.compose import DATA_LAYERS, build_base_map, build_feature_groups, build_map, fit_view
from geo.mapping.legend import legend_html
from geo.mapping.places import place_id_from_tooltip
from geo.mapping.style import LAYER_KEYS, LAYER_NAMES
from geo.mapping.view import DEFAULT_LAYERS, MapView, parse_layers

__all__ = [
    "DATA_LAYERS",
    "DEFAULT_LAYERS",
    "LAYER_KEYS",
    "LAYER_NAMES",
    "TILE_CHOICES",
    "TILE_LABELS",
    "AssetError",
    "MapView",
    "assets_installed",
    "build_base_map",
    "build_feature_groups",
    "build_map",
    "cdn_references",
    "fit_view",
    "legend_html",
    "localize",
    "parse_layers",
    "place_id_from_tooltip",
]
