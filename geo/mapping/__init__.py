"""The map: folium layers built from the extraction tables and the control record.

Entry points (see compose.py): ``build_map(tables, record, view)`` for a complete map;
``build_base_map(view)`` + ``build_feature_groups(tables, record, view)`` for Streamlit, which keeps the
base map stable and sends the groups through st_folium's ``feature_group_to_add``.
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
