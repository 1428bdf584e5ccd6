"""The dashboard's views and map behaviour that need no browser: chart points, credits, legend tagging,
online tiles as a layer, the date window."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
from test_mapping import sample_tables

from geo.app.panels import area_claim_points
from geo.exporting import page_title
from geo.mapping import MapView, build_base_map, build_map
from geo.mapping.basemap import build_tiles_layer


def _html(m) -> str:  # type: ignore[no-untyped-def]
    return m.get_root().render()


def test_area_chart_draws_lower_bounded_claims() -> None:
    claims = pd.DataFrame(
        [
            # "more than 400 square kilometres": only a lower bound; the table's upper bound is NaN
            dict(claim_id="x1", kind="area_gain", date="2022-09-10", value_min=400.0, value_max=float("nan"),
                 claimant="a", affiliation="ukraine", verification={"measured": 350.0, "unit": "km2"}),
            dict(claim_id="x2", kind="area_gain", date="2022-09-11", value_min=None, value_max=80.0,
                 claimant="b", affiliation="russia", verification={}),
        ]
    )  # fmt: skip
    points = area_claim_points(claims)
    claimed = points[points["series"] == "claimed"]
    assert sorted(claimed["km2"]) == [80.0, 400.0]
    assert list(points[points["series"] == "measured for the claim"]["km2"]) == [350.0]


def test_html_title_names_the_date_and_the_snapshot(record) -> None:  # type: ignore[no-untyped-def]
    view = MapView(date="2022-09-09")
    title = page_title(view, record)
    snapshot = record.snapshot_before("2022-09-09")
    assert "2022-09-09" in title and "DeepStateMap" in title and snapshot.taken.date().isoformat() in title


def test_live_map_credits_deepstatemap_natural_earth_and_geonames(record) -> None:  # type: ignore[no-untyped-def]
    html = _html(build_map(sample_tables(), record, MapView(date="2022-09-09")))
    attributions = " ".join(re.findall(r'"attribution": "([^"]*)"', html))
    assert "DeepStateMap" in attributions and "snapshot of 2022-09" in attributions
    assert "Natural Earth" in attributions and "GeoNames" in attributions


def test_legend_parts_are_tagged_with_the_layer_they_explain() -> None:
    html = _html(build_base_map(MapView()))
    body = json.loads(re.search(r"body\.innerHTML = (\".*?\");", html).group(1))
    tags = set(re.findall(r'data-layer="(\w+)"', body))
    assert {"places", "claims", "control", "directions", "basemap"} <= tags
    assert "frontlineLayer" in html  # the legend reads which tagged groups are on the map
    groups = _html(build_map(sample_tables(), None, MapView(layers=frozenset({"places"}))))
    assert '"frontlineLayer": "places"' in groups


def test_online_tiles_are_a_layer_that_says_when_it_cannot_load() -> None:
    assert build_tiles_layer("offline") is None
    group = build_tiles_layer("osm")
    assert group is not None
    m = build_base_map(MapView())
    group.add_to(m)
    html = _html(m)
    assert "tileerror" in html and "could not be loaded" in html
    # the dashboard's base map does not depend on the tiles: switching them keeps the map mounted
    assert "tile.openstreetmap.org" not in _html(build_base_map(MapView()))


def test_window_reaches_dates_outside_the_record(record) -> None:  # type: ignore[no-untyped-def]
    from geo.app.mapview import window_for

    tables = sample_tables()
    last = record.snapshots[-1].taken.date()
    late = (last + dt.timedelta(days=30)).isoformat()
    tables["claims"].loc[len(tables["claims"])] = {
        **tables["claims"].iloc[0].to_dict(),
        "claim_id": "late",
        "date": late,
    }
    tables["articles"] = pd.DataFrame({"article_id": ["a1"], "published": ["2022-09-08"]})
    window, choices = window_for(tables, record)
    assert window[1] >= dt.date.fromisoformat(late)
