"""Session state of the dashboard: widget keys, the URL round trip, selection and map focus.

Widgets own their values in ``st.session_state`` under the keys below. On a session's first run the URL's
query parameters are decoded into those keys (so a shared link restores the view); at the end of every run
the current view is encoded back into the URL. The map's base view (centre/zoom it was created with) is
fixed per session so the Leaflet map is never rebuilt; moving the map later goes through a "focus" value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from geo.app.filters import Filters
from geo.app.focus import fit_points
from geo.app.viewstate import LAYERS, Choices, ViewState, decode, encode

K_INIT = "_view_initialised"
K_DATE = "date"
K_TILES = "tiles"
K_SIDES, K_SPEAKERS, K_ARTICLES = "f_sides", "f_speakers", "f_articles"
K_KINDS, K_RANGE = "f_kinds", "f_range"
K_PLACE, K_QUOTE = "place_id", "quote_id"
K_BASE = "_base_view"  # (center, zoom) the map was created with
K_FOCUS = "_focus"  # (center, zoom, nonce) to move the map to
K_LAST_CLICK = "_last_click"
K_NOTES = "_url_notes"
K_DATE_KEPT = "_date_kept"  # the analyst's date, kept apart from the slider (see restore_dates)
K_RANGE_KEPT = "_range_kept"  # (from, to) of the date filter; None = open at that end


def layer_key(layer: str) -> str:
    return f"layer_{layer}"


@dataclass(frozen=True)
class Focus:
    """Where to move the map. ``nonce`` makes a repeated request differ from the last one sent."""

    center: tuple[float, float]
    zoom: int
    nonce: int = 0

    def center_arg(self) -> tuple[float, float]:
        # st_folium moves the map only when the value differs from the one it got last time.
        return (self.center[0] + self.nonce * 1e-9, self.center[1])


def init_from_url(choices: Choices, date_window: tuple[dt.date, dt.date]) -> None:
    """First run of a session: put the linked view (or the defaults) into the widget keys."""
    if st.session_state.get(K_INIT):
        return
    decoded = decode({k: st.query_params.get_all(k) for k in st.query_params}, choices)
    view = decoded.view
    ss = st.session_state
    ss[K_DATE] = view.date or date_window[1]
    for layer in LAYERS:
        ss[layer_key(layer)] = layer in view.layers
    ss[K_TILES] = view.basemap or "offline"
    ss[K_SIDES] = list(view.filters.sides)
    ss[K_SPEAKERS] = list(view.filters.speakers)
    ss[K_ARTICLES] = list(view.filters.articles)
    ss[K_KINDS] = list(view.filters.claim_kinds)
    ss[K_RANGE] = (view.filters.date_from or date_window[0], view.filters.date_to or date_window[1])
    ss[K_PLACE] = view.filters.place_id
    ss[K_QUOTE] = view.quote_id
    ss[K_BASE] = (view.center, view.zoom) if view.center is not None else None
    ss[K_NOTES] = decoded.notes
    ss[K_DATE_KEPT] = ss[K_DATE]
    ss[K_RANGE_KEPT] = (view.filters.date_from, view.filters.date_to)
    ss[K_INIT] = True


def restore_dates(window: tuple[dt.date, dt.date]) -> None:
    """Before the sliders are drawn: give them the analyst's date and range again.

    A slider whose bounds change (an added article widens the window) is a new widget to Streamlit and
    would start at its minimum; the values kept by :func:`keep_dates` survive that. A range open at one
    end stays open (it follows the window); a date outside a narrower window is clamped, not forgotten.
    """
    ss = st.session_state
    kept = ss.get(K_DATE_KEPT) or ss.get(K_DATE) or window[1]
    ss[K_DATE] = min(max(kept, window[0]), window[1])
    start, end = ss.get(K_RANGE_KEPT) or (None, None)
    start = min(max(start or window[0], window[0]), window[1])
    end = max(min(end or window[1], window[1]), start)
    ss[K_RANGE] = (start, end)


def keep_dates(window: tuple[dt.date, dt.date]) -> None:
    """Widget callback of both date sliders: remember what the analyst chose."""
    ss = st.session_state
    if ss.get(K_DATE) is not None:
        ss[K_DATE_KEPT] = ss[K_DATE]
    start, end = ss.get(K_RANGE) or window
    ss[K_RANGE_KEPT] = (start if start != window[0] else None, end if end != window[1] else None)


def current_view(
    date_window: tuple[dt.date, dt.date], map_state: Mapping[str, Any] | None = None
) -> ViewState:
    """The view the widgets describe now (with the map's last reported centre and zoom, when known)."""
    ss = st.session_state
    start, end = ss.get(K_RANGE) or date_window
    center, zoom = reported_center_zoom(map_state)
    if center is None and ss.get(K_FOCUS) is not None:
        focus: Focus = ss[K_FOCUS]
        center, zoom = focus.center, focus.zoom
    if center is None and ss.get(K_BASE):
        center, zoom = ss[K_BASE][0], ss[K_BASE][1]
    return ViewState(
        date=ss.get(K_DATE),
        layers=tuple(layer for layer in LAYERS if ss.get(layer_key(layer))),
        basemap="" if ss.get(K_TILES, "offline") == "offline" else ss[K_TILES],
        filters=Filters(
            sides=tuple(ss.get(K_SIDES) or ()),
            speakers=tuple(ss.get(K_SPEAKERS) or ()),
            articles=tuple(ss.get(K_ARTICLES) or ()),
            claim_kinds=tuple(ss.get(K_KINDS) or ()),
            date_from=start if start != date_window[0] else None,
            date_to=end if end != date_window[1] else None,
            place_id=ss.get(K_PLACE),
        ),
        quote_id=ss.get(K_QUOTE),
        center=center,
        zoom=zoom,
    )


def reported_center_zoom(
    map_state: Mapping[str, Any] | None,
) -> tuple[tuple[float, float] | None, int | None]:
    """Centre and zoom the browser last reported through st_folium (None before the first report)."""
    if not map_state:
        return None, None
    center, zoom = map_state.get("center"), map_state.get("zoom")
    if not isinstance(center, Mapping) or zoom is None:
        return None, None
    try:
        lat, lon = float(center["lat"]), float(center["lng"])
    except (KeyError, TypeError, ValueError):
        return None, None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None, None
    return (round(lat, 5), round(((lon + 180) % 360) - 180, 5)), int(zoom)


def sync_url(view: ViewState, defaults: ViewState) -> None:
    """Write the view into the URL's query string (only when it changed, to avoid needless messages)."""
    wanted = encode(view, defaults)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    normalised = {k: (v if isinstance(v, list) else [v]) for k, v in wanted.items()}
    if current != normalised:
        st.query_params.from_dict(wanted)


def select_place(place_id: str | None) -> None:
    st.session_state[K_PLACE] = place_id


def focus_on(points: Iterable[tuple[float, float]]) -> None:
    """Ask the map to show these points (one point → a close zoom; several → their bounding box)."""
    pts = [(float(a), float(b)) for a, b in points if a is not None and b is not None]
    if not pts:
        return
    previous: Focus | None = st.session_state.get(K_FOCUS)
    center, zoom = fit_points(pts)
    st.session_state[K_FOCUS] = Focus(center, zoom, (previous.nonce + 1) if previous else 1)


def handle_map_click(map_state: Mapping[str, Any] | None, place_id_from_tooltip: Any) -> bool:
    """Select the place whose marker was clicked (once per click); True when the selection changed."""
    if not map_state:
        return False
    tooltip = map_state.get("last_object_clicked_tooltip")
    click = (tooltip, map_state.get("last_object_clicked_count"))
    if tooltip is None or st.session_state.get(K_LAST_CLICK) == click:
        return False
    st.session_state[K_LAST_CLICK] = click
    place_id = place_id_from_tooltip(tooltip)
    if place_id is None or place_id == st.session_state.get(K_PLACE):
        return False
    st.session_state[K_PLACE] = place_id
    st.session_state[K_QUOTE] = None
    return True


def dismiss_notes() -> None:
    st.session_state[K_NOTES] = []


def clear_selection() -> None:
    st.session_state[K_PLACE] = None
    st.session_state[K_QUOTE] = None


def with_view_defaults(view: ViewState, **changes: Any) -> ViewState:
    return replace(view, **changes)


def base_map_args(initial: tuple[tuple[float, float], int]) -> tuple[tuple[float, float], int]:
    """Centre and zoom the base map is built with: fixed for the session, so the map stays mounted (online
    tiles are a layer; switching them does not rebuild the map)."""
    base = st.session_state.get(K_BASE)
    if base is None:
        base = (initial[0], initial[1])
    st.session_state[K_BASE] = base
    return base


def reset_filters(window: tuple[dt.date, dt.date]) -> None:
    """Widget callback: clear every filter and the selection."""
    ss = st.session_state
    ss[K_SIDES], ss[K_SPEAKERS], ss[K_ARTICLES], ss[K_KINDS] = [], [], [], []
    ss[K_RANGE] = window
    ss[K_RANGE_KEPT] = (None, None)
    clear_selection()


def place_only(place_id: str) -> Filters:
    return Filters(place_id=place_id)


def search_place(summary: Any) -> None:
    """Widget callback of "Find a place": select the place and move the map to it."""
    place_id = st.session_state.get("place_search")
    if not place_id:
        return
    st.session_state[K_PLACE] = place_id
    st.session_state[K_QUOTE] = None
    rows = summary[summary["place_id"] == place_id]
    if not rows.empty:
        focus_on([(rows.iloc[0]["lat"], rows.iloc[0]["lon"])])
    st.session_state["place_search"] = None


def quote_picker(tables: Mapping[str, Any]) -> Any:
    """A callback for a quote's "Show on map": remember the quote and move the map to its places."""

    def pick(quote_id: str) -> None:
        quotes = tables["quotes"]
        row = quotes[quotes["quote_id"] == quote_id]
        st.session_state[K_QUOTE] = quote_id
        if row.empty:
            return
        wanted = set(row.iloc[0]["place_ids"] or ())
        places = tables["place_summary"]
        chosen = places[places["place_id"].isin(wanted)]
        focus_on(zip(chosen["lat"], chosen["lon"], strict=True))

    return pick


def fly_to(summary: Any) -> Any:
    """For the detail view: a function moving the map to some places (and rerunning the whole page)."""

    def fly(place_ids: list[str]) -> None:
        rows = summary[summary["place_id"].isin(place_ids)]
        focus_on(zip(rows["lat"], rows["lon"], strict=True))
        st.rerun()

    return fly
