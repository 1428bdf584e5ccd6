"""From the dashboard's view to the map: the date window, the stable base map, and the changing layers.

The base map (tiles, offline outlines, controls, legend) is built from values fixed for the session, so its
generated JavaScript, which is st_folium's component identity, never changes on a filter or layer change:
the Leaflet map stays mounted and keeps its zoom. Everything that changes travels as feature groups.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import folium
import pandas as pd

from geo.app.filters import date_bounds, options
from geo.app.viewstate import Choices, ViewState
from geo.mapping.basemap import TILE_CHOICES
from geo.mapping.compose import build_base_map, build_feature_groups, fit_view
from geo.mapping.view import MapView

DAYS_BEFORE, DAYS_AFTER = 7, 6  # the date control spans two weeks around the reporting


def window_for(tables: dict[str, pd.DataFrame], record: Any) -> tuple[tuple[dt.date, dt.date], Choices]:
    """The date control's range and what a link may choose from, for these tables and this record.

    The range runs from a week before the first dated article/claim to six days after the last, kept
    inside the record's coverage when there is a record; without any date it is the record's last two weeks.
    """
    bounds = date_bounds(tables["articles"]["published"], tables["claims"]["date"], tables["quotes"]["date"])
    coverage = _coverage(record)
    if bounds is None:
        end = coverage[1] if coverage else dt.date.today()
        window = (end - dt.timedelta(days=DAYS_BEFORE + DAYS_AFTER), end)
        default = end
    else:
        window = (bounds[0] - dt.timedelta(days=DAYS_BEFORE), bounds[1] + dt.timedelta(days=DAYS_AFTER))
        default = bounds[1]
        if coverage and window[0] <= coverage[1] and window[1] >= coverage[0]:
            window = (max(window[0], coverage[0]), min(window[1], coverage[1]))
            default = min(max(default, window[0]), window[1])
    speakers = options(list(tables["quotes"]["speaker"]) + list(tables["claims"]["claimant"]))
    choices = Choices(
        date_range=window,
        basemaps=tuple(TILE_CHOICES),
        speakers=tuple(speakers),
        articles=tuple(tables["articles"]["article_id"]),
        place_ids=tuple(tables["place_summary"]["place_id"]) if "place_summary" in tables else (),
        quote_ids=tuple(tables["quotes"]["quote_id"]),
        default_date=default,
    )
    return window, choices


def _coverage(record: Any) -> tuple[dt.date, dt.date] | None:
    snapshots = list(getattr(record, "snapshots", None) or [])
    if not snapshots:
        return None
    return snapshots[0].taken.date(), snapshots[-1].taken.date()


def map_view(view: ViewState, **changes: Any) -> MapView:
    """The MapView of the layers for this view (date, visible layers, selection)."""
    return MapView(
        date=view.date.isoformat() if view.date else None,
        layers=frozenset(view.layers) | {"basemap"},
        center=view.center,
        zoom=view.zoom,
        selected_place_id=view.place_id,
        tiles=view.basemap or "offline",
        assets="streamlit",
        **changes,
    )


def initial_center_zoom(tables: dict[str, pd.DataFrame], view: ViewState) -> tuple[tuple[float, float], int]:
    """Where the map opens: the link's centre and zoom, else a fit of the places drawn on the view's date."""
    if view.center is not None and view.zoom is not None:
        return view.center, view.zoom
    return fit_view(tables, map_view(view, label_limit=0).with_(center=None, zoom=None))


def base_map(center: tuple[float, float], zoom: int, tiles: str) -> folium.Map:
    """The stable base map for st_folium (depends only on the arguments)."""
    return build_base_map(MapView(center=center, zoom=zoom, tiles=tiles, layers=frozenset({"basemap"})))


def layer_groups(
    tables: dict[str, pd.DataFrame], claims: pd.DataFrame, record: Any, view: MapView
) -> list[folium.FeatureGroup]:
    """The visible data layers; the claims layer draws only ``claims`` (the filtered ones)."""
    return build_feature_groups({**tables, "claims": claims}, record, view)
