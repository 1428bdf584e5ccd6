"""From the dashboard's view to the map: the date window, the stable base map, and the changing layers.

The base map (tiles, offline outlines, controls, legend) is built from values fixed for the session, so its
generated JavaScript, which is st_folium's component identity, never changes on a filter or layer change:
the Leaflet map stays mounted and keeps its zoom. Everything that changes travels as feature groups.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pandas as pd

from geo.app.filters import date_bounds, options
from geo.app.focus import reporting_focus
from geo.app.foliummap import PreparedBase, PreparedLayer, cached_base, cached_layer
from geo.app.viewstate import Choices, ViewState
from geo.mapping.basemap import TILE_CHOICES, build_tiles_layer
from geo.mapping.compose import DATA_LAYERS, build_base_map, build_feature_groups, fit_view
from geo.mapping.places import drawn_places
from geo.mapping.style import LAYER_NAMES
from geo.mapping.view import MapView

log = logging.getLogger(__name__)

TILES_IDX = 90  # feature-group index of the online tiles (data layers use their DATA_LAYERS index)
DAYS_BEFORE, DAYS_AFTER = 7, 6  # the date control spans two weeks around the reporting


def window_for(tables: dict[str, pd.DataFrame], record: Any) -> tuple[tuple[dt.date, dt.date], Choices]:
    """The date control's range and what a link may choose from, for these tables and this record.

    The range runs from a week before the first dated article/quote/claim to six days after the last,
    whatever the record covers: a claim dated after the record's last snapshot stays reachable (the page
    says that its control areas are the last snapshot's and that such claims cannot be checked). Without
    any date it is the record's last two weeks.
    """
    bounds = date_bounds(tables["articles"]["published"], tables["claims"]["date"], tables["quotes"]["date"])
    if bounds is None:
        coverage = _coverage(record)
        end = coverage[1] if coverage else dt.date.today()
        window = (end - dt.timedelta(days=DAYS_BEFORE + DAYS_AFTER), end)
        default = end
    else:
        window = (bounds[0] - dt.timedelta(days=DAYS_BEFORE), bounds[1] + dt.timedelta(days=DAYS_AFTER))
        default = bounds[1]
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


def record_note(record: Any, date: dt.date | None) -> str | None:
    """What the page says when ``date`` lies outside the record's coverage (None inside it)."""
    coverage = _coverage(record)
    if date is None or coverage is None:
        return None if coverage else "No control record: claims cannot be checked and no areas are drawn."
    if date > coverage[1]:
        return (
            f"{date:%d %b %Y} is after the control record's last snapshot ({coverage[1]:%d %b %Y}): "
            "the map shows that snapshot, and claims dated after it cannot be checked."
        )
    if date < coverage[0]:
        return (
            f"{date:%d %b %Y} is before the control record's first snapshot ({coverage[0]:%d %b %Y}): "
            "the map shows that later snapshot, and claims dated before it cannot be checked."
        )
    return None


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
    """Where the map opens: the link's centre and zoom, else where the reporting concentrates."""
    if view.center is not None and view.zoom is not None:
        return view.center, view.zoom
    date = view.date.isoformat() if view.date else None
    focus = reporting_focus(drawn_places(tables.get("place_summary", pd.DataFrame()), date))
    if focus is None:
        focus = reporting_focus(drawn_places(tables.get("place_summary", pd.DataFrame()), None))
    return focus if focus is not None else fit_view(tables, MapView())


def base_map(center: tuple[float, float], zoom: int, profile: str = "") -> PreparedBase:
    """The stable base map for the component (built once per centre, zoom and conflict profile, whose
    belligerents the legend shows; online tiles are a layer)."""
    return cached_base(
        (center, zoom, profile),
        lambda: build_base_map(
            MapView(center=center, zoom=zoom, layers=frozenset({"basemap"}), profile=profile)
        ),
    )


def legend_profile(chosen: str, articles: pd.DataFrame) -> str:
    """The profile the map's legend shows: the analyst's choice, else the one most articles use."""
    if chosen and chosen != "auto":
        return chosen
    used = [p for p in articles.get("profile", pd.Series(dtype=str)).tolist() if isinstance(p, str) and p]
    return max(sorted(set(used)), key=used.count, default="")


def layer_key(layer: str, view: MapView, revision: str, claims: pd.DataFrame) -> tuple[Any, ...]:
    """What a layer's drawing depends on (its cache key)."""
    if layer in ("control", "directions"):
        return (layer, view.date)
    if layer == "claims":
        return (layer, view.date, revision, view.selected_place_id, hash(tuple(claims["claim_id"])))
    if layer == "places":
        return (layer, view.date, revision, view.selected_place_id, view.label_limit)
    return (layer, view.date, revision)


def layer_groups(
    tables: dict[str, pd.DataFrame], claims: pd.DataFrame, record: Any, view: MapView, revision: str
) -> tuple[list[PreparedLayer], list[str]]:
    """The visible data layers, bottom to top, and a note per layer that could not be drawn.

    The claims layer draws only ``claims`` (the filtered ones). Each layer is rendered once per cache key
    (``layer_key``). One failing layer (say, an unreadable control snapshot) is left out with a note
    instead of taking the whole map down.
    """
    shown = {**tables, "claims": claims}
    layers: list[PreparedLayer] = []
    problems: list[str] = []
    if view.tiles != "offline":
        tiles = view.tiles
        layers.append(cached_layer(("tiles", tiles), TILES_IDX, lambda: build_tiles_layer(tiles)))
    for idx, key in enumerate(DATA_LAYERS):
        if not view.shows(key):
            continue
        single = view.with_(layers=frozenset({key, "basemap"}))
        try:
            layers.append(
                cached_layer(
                    (layer_key(key, view, revision, claims), id(record)),
                    idx,
                    lambda single=single: build_feature_groups(shown, record, single)[0],
                )
            )
        except Exception as exc:  # a broken layer must not hide the others
            log.exception("layer %s failed", key)
            problems.append(f"{LAYER_NAMES.get(key, key)} layer not drawn: {exc}")
    return layers, problems
