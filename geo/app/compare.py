"""Compare tab: two dates of the record side by side, with the ground each side gained between them.

Two small maps (the same stable base map as the main one, so each stays mounted) show the control areas
of the snapshot for each date under the change layer; the km² per side come from
``geo.control_series.change_between`` and appear in the legend and in the change's tooltips.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

import streamlit as st

from geo.app.focus import fit_points
from geo.app.foliummap import PreparedLayer, cached_layer, show_map
from geo.app.mapview import base_map
from geo.control_series import Change, change_between
from geo.mapping.change import build_change_layer, legend_markdown
from geo.mapping.control import build_control_layer, snapshot_day
from geo.mapping.view import MapView

K_FROM, K_TO = "cmp_from", "cmp_to"
MAP_HEIGHT = 430
DEFAULT_GAP_DAYS = 84  # the "from" date starts twelve weeks before the view's date
CHANGE_IDX, CONTROL_IDX = 40, 1


@functools.lru_cache(maxsize=32)
def _change(record_id: int, start_id: str, end_id: str, record: Any) -> Change:
    return change_between(record, start_id, end_id)


def change_for(record: Any, start: dt.date, end: dt.date) -> Change | None:
    """The change between the snapshots shown on two days (cached per snapshot pair); None outside."""
    a, b = record.snapshot_before(start) or record.first, record.snapshot_before(end) or record.first
    if a.taken > b.taken:
        a, b = b, a
    return _change(id(record), a.snapshot_id, b.snapshot_id, record)


def default_dates(days: Sequence[dt.date], current: dt.date | None) -> tuple[dt.date, dt.date]:
    """Where the two dates start: the frame at (or before) the view's date, and twelve weeks earlier."""
    end = max((d for d in days if current is None or d <= current), default=days[-1])
    wanted = end - dt.timedelta(days=DEFAULT_GAP_DAYS)
    start = max((d for d in days if d <= wanted), default=days[0])
    return start, end


def _control_layer(record: Any, day: dt.date) -> PreparedLayer:
    view = MapView(date=day.isoformat(), layers=frozenset({"control", "basemap"}))
    return cached_layer(
        (("control", view.date), id(record)), CONTROL_IDX, lambda: build_control_layer(record, view)
    )


def _change_layer(record: Any, change: Change) -> PreparedLayer:
    key = ("change", change.start.snapshot_id, change.end.snapshot_id, id(record))
    return cached_layer(key, CHANGE_IDX, lambda: build_change_layer(change, str(record.attribution)))


def change_view(change: Change) -> tuple[tuple[float, float], int]:
    """Centre and zoom framing the changed ground (the whole front when nothing changed)."""
    parts = [g for g in (change.gained_by_russia, change.gained_by_ukraine) if not g.is_empty]
    if not parts:
        return (48.3, 35.5), 6
    bounds = [g.bounds for g in parts]
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    return fit_points([(south, west), (north, east)], width_px=620, height_px=MAP_HEIGHT, max_zoom=10)


def compare_panel(record: Any, days: Sequence[dt.date], current: dt.date | None) -> Change | None:
    """Two date pickers, the km² each side gained, and the two dates' maps with the change layer."""
    if record is None or not days:
        st.info("No control record: there is nothing to compare.")
        return None
    ss = st.session_state
    start, end = default_dates(days, current)
    if ss.get(K_FROM) not in days:
        ss[K_FROM] = start
    if ss.get(K_TO) not in days:
        ss[K_TO] = end
    c1, c2 = st.columns(2)
    fmt = "{:%d %b %Y}".format
    c1.select_slider("From", days, key=K_FROM, format_func=fmt)
    c2.select_slider("To", days, key=K_TO, format_func=fmt)
    change = change_for(record, ss[K_FROM], ss[K_TO])
    if change is None:
        return None
    st.markdown(legend_markdown(change))
    center, zoom = change_view(change)
    base = base_map(center, zoom)
    left, right = st.container(key="compare-maps").columns(2, gap="small")
    for col, snap, key in ((left, change.start, "cmp-map-from"), (right, change.end, "cmp-map-to")):
        with col:
            st.caption(f"DeepStateMap snapshot of {snapshot_day(snap)} with the change")
            show_map(
                base,
                [_control_layer(record, snap.taken.date()), _change_layer(record, change)],
                key=key,
                height=MAP_HEIGHT,
                returned_objects=[],
                center=center,
                zoom=zoom,
            )
    return change
