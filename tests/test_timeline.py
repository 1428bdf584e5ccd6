"""Time in the dashboard: playback state, the two-date comparison with its km², the area chart's data and
link to the claims table, and exports naming their snapshot (unit tests and AppTest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.app import areachart, state, timeline
from geo.app.viewstate import Choices
from geo.mapping.view import MapView

ROOT = Path(__file__).resolve().parents[1]
D = dt.date


def fake_record(*days: dt.date) -> SimpleNamespace:
    snaps = [SimpleNamespace(taken=dt.datetime(d.year, d.month, d.day, 12, tzinfo=dt.UTC)) for d in days]
    return SimpleNamespace(snapshots=snaps)


def test_frames_are_the_snapshot_days_and_play_steps_through_them() -> None:
    days = timeline.frame_days(fake_record(D(2023, 1, 8), D(2023, 1, 1), D(2023, 1, 1), D(2023, 1, 15)))
    assert days == [D(2023, 1, 1), D(2023, 1, 8), D(2023, 1, 15)]
    ss = {timeline.K_PLAYING: True, timeline.K_SPEED: 2.0, state.K_DATE_KEPT: D(2023, 1, 3)}
    assert timeline.advance(ss, days, now=100.0)  # first tick: straight to the next snapshot day
    assert ss[state.K_DATE_KEPT] == D(2023, 1, 8)
    assert timeline.tick_interval(ss, now=100.1) == pytest.approx(0.4)  # one tick, when the frame is due
    assert not timeline.advance(ss, days, now=100.3)  # at 2 frames/s the frame lasts 0.5 s
    assert ss[state.K_DATE_KEPT] == D(2023, 1, 8)
    assert timeline.advance(ss, days, now=100.6)  # a tick 0.1 s late: the next frame is still due at 101.0
    assert ss[state.K_DATE_KEPT] == D(2023, 1, 15) and ss[timeline.K_FRAME_AT] == pytest.approx(100.5)
    assert not timeline.advance(ss, days, now=101.5)  # the end: playback stops there
    assert ss[timeline.K_PLAYING] is False and ss[state.K_DATE_KEPT] == D(2023, 1, 15)
    paused = {timeline.K_PLAYING: False, state.K_DATE_KEPT: D(2023, 1, 1)}
    assert not timeline.advance(paused, days, now=5.0) and paused[state.K_DATE_KEPT] == D(2023, 1, 1)


def test_previous_and_next_frames() -> None:
    days = [D(2022, 4, 3), D(2022, 4, 10)]
    assert timeline.next_frame(days, None) == D(2022, 4, 3)
    assert timeline.next_frame(days, D(2022, 4, 10)) is None
    assert timeline.previous_frame(days, D(2022, 4, 9)) == D(2022, 4, 3)
    assert timeline.previous_frame(days, D(2022, 4, 3)) is None


def test_window_widens_to_the_whole_record() -> None:
    record = fake_record(D(2022, 4, 3), D(2025, 8, 3))
    choices = Choices(date_range=(D(2022, 9, 1), D(2022, 9, 30)))
    window, wide = timeline.widen((D(2022, 9, 1), D(2022, 9, 30)), choices, record)
    assert window == (D(2022, 4, 3), D(2025, 8, 3)) == wide.date_range
    late = timeline.widen((D(2025, 1, 1), D(2025, 12, 20)), choices, record)[0]
    assert late == (D(2022, 4, 3), D(2025, 12, 20))  # a claim after the record's end stays reachable


def test_compare_computes_the_change_with_km2(record) -> None:  # type: ignore[no-untyped-def]
    from geo.app.compare import change_for, default_dates
    from geo.mapping.change import change_features, legend_markdown

    # the Kharkiv counter-offensive: Ukraine regained thousands of km² in September 2022
    change = change_for(record, D(2022, 9, 1), D(2022, 9, 30))
    assert change.ukraine_km2 > 3000 > change.russia_km2
    assert change_for(record, D(2022, 9, 30), D(2022, 9, 1)).start == change.start  # order does not matter
    features = change_features(change)["features"]
    by_side = {f["properties"]["side"]: f for f in features}
    assert by_side["ukraine"]["properties"]["km2"] == pytest.approx(change.ukraine_km2, abs=0.1)
    assert "km²" in by_side["ukraine"]["properties"]["tip"]
    assert f"{change.ukraine_km2:,.0f} km²" in legend_markdown(change)
    days = timeline.frame_days(record)
    start, end = default_dates(days, D(2024, 2, 20))
    assert start in days and end in days and start < end <= D(2024, 2, 20)


def test_area_chart_pairs_each_claim_with_the_record_and_links_the_table() -> None:
    claims = pd.DataFrame(
        [
            {
                "claim_id": "c1",
                "kind": "area_gain",
                "date": "2024-06-20",
                "value_min": 880.0,
                "value_max": None,
                "claimant": "a ministry",
                "affiliation": "russia",
                "verification": {"verdict": "overstated", "measured": 410.0, "unit": "km2", "note": "n"},
            },
            {
                "claim_id": "c2",
                "kind": "capture",
                "date": "2024-06-20",
                "value_min": None,
                "value_max": None,
                "claimant": "x",
                "affiliation": "ukraine",
                "verification": {},
            },
        ]
    )
    frame = areachart.claim_frame(claims)
    assert list(frame["claim_id"]) == ["c1"]
    assert frame.iloc[0]["claimed"] == 880.0 and frame.iloc[0]["measured"] == 410.0
    spec = areachart.chart_spec(pd.DataFrame(columns=["date", "km2", "series"]), frame, D(2024, 6, 1), "c1")
    points = spec[1]["layer"][1]
    assert points["params"][0]["name"] == areachart.PICK
    assert "c1" in points["encoding"]["size"]["condition"]["test"]  # the table's selection is highlighted
    event = SimpleNamespace(selection={areachart.PICK: [{"claim_id": "c1"}]})
    assert areachart.picked_claim(event) == "c1"
    assert areachart.picked_claim(SimpleNamespace(selection={areachart.PICK: []})) is None


def test_area_series_csv_and_exports_name_the_snapshot(record) -> None:  # type: ignore[no-untyped-def]
    from geo.exporting import map_attributions, page_title

    series = areachart.series_frame(record)
    assert series["date"].min() == "2022-04-03" and series["date"].max() >= "2025-08-03"
    view = MapView(date="2024-02-20", layers=frozenset({"control", "basemap"}))
    snap = record.snapshot_before("2024-02-20").taken.date().isoformat()
    assert f"snapshot of {snap}" in " ".join(map_attributions(view, record))
    assert f"snapshot of {snap}" in page_title(view, record)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    return tmp_path


def _day(micros: float) -> dt.date:
    return (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=micros)).date()


def test_app_date_spans_the_record_and_steps_play_and_compare(data_dir: Path, record) -> None:  # type: ignore[no-untyped-def]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180).run()
    assert not at.exception, [e.value for e in at.exception]
    slider = next(s for s in at.slider if s.key == state.K_DATE)
    first, last = record.date_range()
    assert _day(slider.proto.min) == first and _day(slider.proto.max) >= last
    before = at.session_state[state.K_DATE]
    next(b for b in at.button if b.key == "tl-forward").click().run()
    assert at.session_state[state.K_DATE] == timeline.next_frame(timeline.frame_days(record), before)
    next(b for b in at.button if b.key == "tl-play").click().run()
    assert at.session_state[timeline.K_PLAYING] is True
    assert next(b for b in at.button if b.key == "tl-play").icon == ":material/pause:"
    # the playing page's tick (what the fragment does when a frame's time is up) moves the date on
    shown = at.session_state[state.K_DATE]
    at.session_state[timeline.K_FRAME_AT] = -1e9
    ss = {
        k: at.session_state[k]
        for k in (timeline.K_PLAYING, timeline.K_SPEED, timeline.K_FRAME_AT, state.K_DATE_KEPT)
    }
    assert timeline.advance(ss, timeline.frame_days(record), now=0.0)
    at.session_state[state.K_DATE_KEPT] = ss[state.K_DATE_KEPT]
    at.session_state[timeline.K_PLAYING] = False
    at.run()
    assert at.session_state[state.K_DATE] > shown
    at.session_state["tab"] = "Compare"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("km²" in md.value and "Gained by Ukraine" in md.value for md in at.markdown)
