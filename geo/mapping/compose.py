"""Compose the map: a stable base map plus one feature group per data layer.

Streamlit keeps ``build_base_map(view)`` unchanged across reruns (its generated JS is the component's
identity) and sends ``build_feature_groups(...)`` through st_folium's ``feature_group_to_add``.
Exports and the CLI use ``build_map``, which puts everything on one map.
"""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd
from folium import plugins

from geo.mapping.assets import VendorAssets, localize
from geo.mapping.basemap import OutlineMiniMap, add_offline_basemap, build_tiles_layer
from geo.mapping.cells import as_list
from geo.mapping.claims import build_claims_layer
from geo.mapping.control import build_control_layer
from geo.mapping.directions import build_directions_layer
from geo.mapping.geometry import RecordLike
from geo.mapping.heat import build_heat_layer
from geo.mapping.legend import Legend, MapStyle, PopupKeeper
from geo.mapping.places import build_places_layer, drawn_places
from geo.mapping.style import LAYER_KEYS, LAYER_NAMES, POINTS_PANE, POINTS_PANE_Z
from geo.mapping.view import DEFAULT_CENTER, DEFAULT_ZOOM, MapView

DATA_LAYERS: tuple[str, ...] = ("control", "claims", "directions", "heat", "places")  # bottom → top


def fit_view(tables: dict[str, pd.DataFrame], view: MapView) -> tuple[tuple[float, float], int]:
    """The view's centre/zoom, or one fitted to where the story is.

    Places are weighted by their claims (claims are what the map checks), falling back to literal
    mentions; the central 80% of that weight must fit a ~900 px wide view. Far-away places mentioned in
    passing (a capital where aid was announced) therefore do not zoom the map out to a continent.
    """
    if view.center is not None and view.zoom is not None:
        return view.center, view.zoom
    places = drawn_places(tables.get("place_summary", pd.DataFrame()), view.date)
    if places is None or places.empty:
        return view.center or DEFAULT_CENTER, view.zoom or DEFAULT_ZOOM
    lat = pd.to_numeric(places["lat"], errors="coerce").to_numpy(float)
    lon = pd.to_numeric(places["lon"], errors="coerce").to_numpy(float)
    weights = _story_weights(places)
    center = view.center or (round(_wquantile(lat, weights, 0.5), 4), round(_wquantile(lon, weights, 0.5), 4))
    if view.zoom is not None:
        return center, view.zoom
    spread = max(
        _wquantile(lon, weights, 0.9) - _wquantile(lon, weights, 0.1),
        (_wquantile(lat, weights, 0.9) - _wquantile(lat, weights, 0.1)) * 1.5,
        0.3,
    )
    zoom = 11
    while zoom > 3 and 360.0 / 2**zoom * (900 / 256) < spread * 1.4:
        zoom -= 1
    return center, zoom


def _story_weights(places: pd.DataFrame) -> np.ndarray:
    claims = places["claim_ids"].map(lambda v: len(as_list(v))) if "claim_ids" in places else None
    if claims is not None and claims.sum() > 0:
        return claims.to_numpy(float)
    col = "literal_mentions" if "literal_mentions" in places else "mention_count"
    return pd.to_numeric(places[col], errors="coerce").fillna(0).clip(lower=0).to_numpy(float) + 1e-9


def _wquantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """Weighted quantile (lower), ignoring zero-weight values."""
    keep = weights > 0
    order = np.argsort(values[keep])
    v, w = values[keep][order], weights[keep][order]
    cum = np.cumsum(w) / w.sum()
    return float(v[min(np.searchsorted(cum, q), len(v) - 1)])


def _profile_view(profile: str) -> tuple[tuple[float, float], int] | None:
    """The default map view (centre, zoom) of a non-default conflict profile, else None."""
    from geo.profiles import ProfileError, load_profile

    if not profile:
        return None
    try:
        v = load_profile(profile).default_view
    except ProfileError:
        return None
    return ((float(v["lat"]), float(v["lon"])), int(v.get("zoom", DEFAULT_ZOOM))) if "lat" in v else None


def build_base_map(view: MapView, *, legend_layers: frozenset[str] | None = None) -> folium.Map:
    """The stable part: tiles, offline basemap, controls, legend, CSS, asset declarations.

    Depends only on ``view.center``, ``view.zoom``, ``view.tiles``, ``view.assets``, ``view.controls`` and
    whether the basemap layer is on; pass the same view every rerun to keep the Streamlit map mounted.
    ``legend_layers`` defaults to every layer (so the legend does not change when layers are toggled).
    """
    home = _profile_view(view.profile)
    center = view.center or (home[0] if home else DEFAULT_CENTER)
    m = folium.Map(
        location=list(center),
        zoom_start=view.zoom or (home[1] if home else DEFAULT_ZOOM),
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
        max_zoom=14,
        min_zoom=3,
    )
    MapStyle().add_to(m)
    PopupKeeper().add_to(m)
    folium.map.CustomPane(POINTS_PANE, z_index=POINTS_PANE_Z, pointer_events=True).add_to(m)
    tiles = build_tiles_layer(view.tiles)
    if tiles is not None:
        tiles.add_to(m)
    outlines = add_offline_basemap(m)[1] if view.shows("basemap") else None
    if view.controls:
        plugins.Fullscreen(position="topleft").add_to(m)
        plugins.MeasureControl(
            position="topleft",
            primary_length_unit="kilometers",
            secondary_length_unit="miles",
            primary_area_unit="sqkilometers",
            secondary_area_unit="hectares",
        ).add_to(m)
        if outlines is not None:
            OutlineMiniMap(outlines).add_to(m)
    Legend(legend_layers if legend_layers is not None else LAYER_KEYS, profile=view.profile).add_to(m)
    VendorAssets().add_to(m)
    return localize(m, view.assets)  # type: ignore[return-value]


def build_feature_groups(
    tables: dict[str, pd.DataFrame], record: RecordLike | None, view: MapView
) -> list[folium.FeatureGroup]:
    """One FeatureGroup per visible data layer, bottom to top, named by ``LAYER_NAMES``."""
    groups: list[folium.FeatureGroup] = []
    for key in DATA_LAYERS:
        if not view.shows(key):
            continue
        if key == "control":
            groups.append(build_control_layer(record, view))
        elif key == "claims":
            groups.append(build_claims_layer(tables, record, view))
        elif key == "directions":
            groups.append(build_directions_layer(record, view))
        elif key == "heat":
            groups.append(build_heat_layer(tables, view))
        elif key == "places":
            groups.append(build_places_layer(tables, view)[0])
    for group in groups:
        localize(group, view.assets)
    return groups


def build_map(tables: dict[str, pd.DataFrame], record: RecordLike | None, view: MapView) -> folium.Map:
    """The whole map on one folium.Map: base, visible layers, place search and a layer control."""
    center, zoom = fit_view(tables, view)
    view = view.with_(center=center, zoom=zoom)
    m = build_base_map(view, legend_layers=view.layers)
    places_layer = None
    for key in DATA_LAYERS:
        if not view.shows(key):
            continue
        if key == "places":
            group, places_layer = build_places_layer(tables, view)
        else:
            group = build_feature_groups(tables, record, view.with_(layers=frozenset({key})))[0]
        group.add_to(m)
    if view.controls:
        if places_layer is not None and places_layer.data["features"]:
            plugins.Search(
                places_layer,
                search_label="name",
                geom_type="Point",
                placeholder="Find a place",
                collapsed=True,
                search_zoom=10,
                position="topright",
            ).add_to(m)
        folium.LayerControl(position="topright", collapsed=True).add_to(m)
    return localize(m, view.assets)  # type: ignore[return-value]


__all__ = ["DATA_LAYERS", "LAYER_NAMES", "build_base_map", "build_feature_groups", "build_map", "fit_view"]
