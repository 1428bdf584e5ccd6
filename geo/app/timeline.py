"""Time in the dashboard: a date control over the whole record, and playback (play/pause, speed).

The date control spans the control record (first to last snapshot, analyst-added snapshots included) and
the reporting. Playback steps through the record's snapshot days: while playing, a small fragment ticks
(``st.fragment(run_every=…)``) and, once a frame's time is up, moves the analyst's date to the next
snapshot day and reruns the page. The map keeps its base (the Leaflet map stays mounted); only the layers
for the new date travel, and the next frame's layers are built ahead on one background thread.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import time
from collections.abc import Callable, MutableMapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import streamlit as st

from geo.app import state
from geo.app.viewstate import Choices

log = logging.getLogger(__name__)

K_PLAYING = "tl_playing"
K_SPEED = "tl_speed"
K_FRAME_AT = "_tl_frame_at"  # monotonic time the current frame was shown
SPEEDS = (0.5, 1.0, 2.0, 4.0)  # frames (snapshot days) per second
DEFAULT_SPEED = 2.0
TICK_S = 0.05  # the shortest wait of the playing fragment before it checks whether the frame is due

_PREFETCH = ThreadPoolExecutor(max_workers=1, thread_name_prefix="timeline-prefetch")


def frame_days(record: Any) -> list[dt.date]:
    """The record's snapshot days (UTC), oldest first, without repeats: the playback's frames."""
    days = {s.taken.date() for s in (getattr(record, "snapshots", None) or [])}
    return sorted(days)


def record_span(record: Any) -> tuple[dt.date, dt.date] | None:
    days = frame_days(record)
    return (days[0], days[-1]) if days else None


def widen(
    window: tuple[dt.date, dt.date], choices: Choices, record: Any
) -> tuple[tuple[dt.date, dt.date], Choices]:
    """The date window extended to the whole record (a link may then name any day of it)."""
    span = record_span(record)
    if span is None:
        return window, choices
    wide = (min(window[0], span[0]), max(window[1], span[1]))
    return wide, replace(choices, date_range=wide)


def next_frame(days: Sequence[dt.date], current: dt.date | None) -> dt.date | None:
    """The first snapshot day after ``current`` (the first day when unset); None at the end."""
    if not days:
        return None
    if current is None:
        return days[0]
    i = bisect.bisect_right(days, current)
    return days[i] if i < len(days) else None


def previous_frame(days: Sequence[dt.date], current: dt.date | None) -> dt.date | None:
    """The last snapshot day before ``current``; None before the first."""
    if not days or current is None:
        return None
    i = bisect.bisect_left(days, current)
    return days[i - 1] if i > 0 else None


def set_date(ss: MutableMapping[str, Any], day: dt.date) -> None:
    """Move the analyst's date (the slider takes it on the next run, see ``state.restore_dates``)."""
    ss[state.K_DATE_KEPT] = day


def advance(ss: MutableMapping[str, Any], days: Sequence[dt.date], now: float) -> bool:
    """One playback tick: when the frame's time (1 / speed) is up, go to the next snapshot day; at the
    end, stop playing. True when the date moved (the page must rerun). Frames are due on a fixed schedule
    (``K_FRAME_AT`` + period), so a tick arriving a little late does not slow the playback down."""
    if not ss.get(K_PLAYING):
        return False
    period = 1.0 / float(ss.get(K_SPEED) or DEFAULT_SPEED)
    shown_at = ss.get(K_FRAME_AT)
    if shown_at is not None and now - shown_at < period:
        return False
    current = ss.get(state.K_DATE_KEPT) or ss.get(state.K_DATE)
    following = next_frame(days, current)
    if following is None:
        ss[K_PLAYING] = False
        return False
    set_date(ss, following)
    # frames keep to the schedule (the tick's own latency does not add up), unless playback fell behind
    on_time = shown_at is not None and now - shown_at < 2 * period
    ss[K_FRAME_AT] = shown_at + period if on_time else now
    return True


def toggle_play(days: Sequence[dt.date]) -> None:
    """Button callback: play (from the start when the date is at the end) or pause."""
    ss = st.session_state
    playing = not ss.get(K_PLAYING)
    ss[K_PLAYING] = playing
    if playing:
        current = ss.get(state.K_DATE_KEPT) or ss.get(state.K_DATE)
        if next_frame(days, current) is None and days:
            set_date(ss, days[0])
        ss[K_FRAME_AT] = time.monotonic()


def step(days: Sequence[dt.date], forward: bool) -> None:
    """Button callback: one snapshot day back or forward (pauses)."""
    ss = st.session_state
    ss[K_PLAYING] = False
    current = ss.get(state.K_DATE_KEPT) or ss.get(state.K_DATE)
    day = next_frame(days, current) if forward else previous_frame(days, current)
    if day is not None:
        set_date(ss, day)


def play_controls(days: Sequence[dt.date]) -> None:
    """Play/pause, one step back/forward and the speed, under the date slider."""
    ss = st.session_state
    ss.setdefault(K_SPEED, DEFAULT_SPEED)
    playing = bool(ss.get(K_PLAYING))
    with st.container(horizontal=True, gap="small", key="timeline-controls"):
        for key, icon, tip, callback, args in (
            ("tl-back", ":material/skip_previous:", "Previous snapshot", step, (days, False)),
            (
                "tl-play",
                ":material/pause:" if playing else ":material/play_arrow:",
                "Pause" if playing else "Play the record snapshot by snapshot (areas, claims made by then)",
                toggle_play,
                (days,),
            ),
            ("tl-forward", ":material/skip_next:", "Next snapshot", step, (days, True)),
        ):
            st.button("", icon=icon, key=key, help=tip, on_click=callback, args=args, disabled=not days)
    st.select_slider("Speed", SPEEDS, key=K_SPEED, format_func=lambda s: f"{s:g} frames/s")


def ticker(days: Sequence[dt.date]) -> None:
    """While playing, a fragment that reruns the page when the next frame is due (nothing when paused)."""
    if not st.session_state.get(K_PLAYING):
        return

    def tick() -> None:
        if advance(st.session_state, days, time.monotonic()):
            st.rerun(scope="app")

    st.fragment(tick, run_every=tick_interval(st.session_state, time.monotonic()))()


def tick_interval(ss: MutableMapping[str, Any], now: float) -> float:
    """Seconds until the current frame's time is up (at least ``TICK_S``): usually one tick per frame."""
    speed = float(ss.get(K_SPEED) or DEFAULT_SPEED)
    shown_at = ss.get(K_FRAME_AT)
    due = (shown_at + 1.0 / speed - now) if shown_at is not None else 0.0
    return max(TICK_S, due)


def prefetch(build: Callable[[], Any]) -> None:
    """Build the next frame's layers on the background thread (they land in the layer cache)."""

    def run() -> None:
        try:
            build()
        except Exception:  # a failed prefetch only means the frame is built when shown
            log.debug("timeline prefetch failed", exc_info=True)

    _PREFETCH.submit(run)


def upcoming(days: Sequence[dt.date], current: dt.date | None) -> dt.date | None:
    """The day to prefetch: the next frame while playing, else None."""
    if not st.session_state.get(K_PLAYING):
        return None
    return next_frame(days, current)
