"""ViewState ↔ query parameters: round trips, defaults, validation of hand-edited links."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from geo.app.filters import Filters
from geo.app.viewstate import (
    DEFAULT_LAYERS,
    LAYERS,
    Choices,
    ViewState,
    decode,
    encode,
    query_dict,
)
from geo.records import CLAIM_KINDS, SIDES

START, END = dt.date(2022, 9, 1), dt.date(2022, 9, 15)
CHOICES = Choices(
    date_range=(START, END),
    basemaps=("offline", "osm"),
    speakers=("Oleksiy Gromov", "a Ukrainian soldier", "Vitaly, Gadchev"),
    articles=("a1", "a2"),
    place_ids=("gn:1", "gn:2", "sup:bayrak"),
    quote_ids=("q1", "q2"),
    default_date=dt.date(2022, 9, 9),
)


def test_default_view_encodes_to_no_parameters() -> None:
    defaults = ViewState(date=CHOICES.default_date)
    assert encode(defaults, defaults) == {}


def test_empty_query_decodes_to_defaults() -> None:
    decoded = decode({}, CHOICES)
    assert decoded.notes == []
    assert decoded.view == ViewState(date=dt.date(2022, 9, 9), layers=DEFAULT_LAYERS)


def test_full_view_round_trips() -> None:
    view = ViewState(
        date=dt.date(2022, 9, 12),
        layers=("places", "heat"),
        basemap="osm",
        filters=Filters(
            sides=("russia", "ukraine"),
            speakers=("Vitaly, Gadchev", "a Ukrainian soldier"),
            articles=("a2",),
            claim_kinds=("area_gain",),
            date_from=dt.date(2022, 9, 2),
            date_to=dt.date(2022, 9, 10),
            place_id="sup:bayrak",
        ),
        quote_id="q2",
        center=(49.21, 37.25),
        zoom=9,
    )
    decoded = decode(encode(view), CHOICES)
    assert decoded.notes == []
    assert decoded.view == view


def test_speaker_with_comma_survives_as_repeated_parameter() -> None:
    view = ViewState(filters=Filters(speakers=("Vitaly, Gadchev",)))
    params = encode(view)
    assert params["speaker"] == ["Vitaly, Gadchev"]


def test_all_layers_off_is_distinct_from_default() -> None:
    params = encode(ViewState(layers=()))
    assert params["layers"] == "none"
    assert decode(params, CHOICES).view.layers == ()


def test_unknown_values_are_dropped_with_notes() -> None:
    decoded = decode(
        {
            "side": ["ukraine", "martians"],
            "layers": "places,bogus",
            "basemap": "satellite",
            "place": "gn:999",
            "quote": "nope",
            "kind": ["area_gain", "weather"],
            "speaker": "Nobody",
        },
        CHOICES,
    )
    view = decoded.view
    assert view.filters.sides == ("ukraine",)
    assert view.layers == ("places",)
    assert view.basemap == ""
    assert view.place_id is None and view.quote_id is None
    assert view.filters.claim_kinds == ("area_gain",)
    assert view.filters.speakers == ()
    joined = " | ".join(decoded.notes)
    for word in ("martians", "bogus", "satellite", "gn:999", "nope", "weather", "Nobody"):
        assert word in joined


def test_dates_outside_the_range_are_clamped() -> None:
    decoded = decode({"date": "2023-01-01", "from": "2020-01-01"}, CHOICES)
    assert decoded.view.date == END
    assert decoded.view.filters.date_from == START
    assert len(decoded.notes) == 2


def test_unreadable_date_falls_back_to_default() -> None:
    decoded = decode({"date": "yesterday"}, CHOICES)
    assert decoded.view.date == CHOICES.default_date
    assert "yesterday" in decoded.notes[0]


def test_reversed_date_range_is_ignored() -> None:
    decoded = decode({"from": "2022-09-10", "to": "2022-09-02"}, CHOICES)
    assert decoded.view.filters.date_from is None and decoded.view.filters.date_to is None
    assert decoded.notes


def test_bad_centre_and_zoom() -> None:
    assert decode({"lat": "95", "lon": "10", "zoom": "5"}, CHOICES).view.center is None
    assert decode({"lat": "x", "lon": "10", "zoom": "5"}, CHOICES).view.center is None
    clamped = decode({"lat": "49.5", "lon": "37", "zoom": "40"}, CHOICES).view
    assert clamped.center == (49.5, 37.0) and clamped.zoom == 18


def test_query_dict_merges_pairs() -> None:
    assert query_dict([("side", "ukraine"), ("side", "russia"), ("date", "2022-09-09")]) == {
        "side": ["ukraine", "russia"],
        "date": ["2022-09-09"],
    }


@given(
    date=st.dates(START, END),
    layers=st.sets(st.sampled_from(LAYERS)),
    sides=st.sets(st.sampled_from(SIDES)),
    kinds=st.sets(st.sampled_from(CLAIM_KINDS)),
    speakers=st.sets(st.sampled_from(CHOICES.speakers)),
    place=st.one_of(st.none(), st.sampled_from(CHOICES.place_ids)),
    zoom=st.integers(2, 18),
    lat=st.floats(-89, 89),
    lon=st.floats(-179, 179),
)
def test_any_valid_view_round_trips(date, layers, sides, kinds, speakers, place, zoom, lat, lon) -> None:
    view = ViewState(
        date=date,
        layers=tuple(x for x in LAYERS if x in layers),
        filters=Filters(
            sides=tuple(sorted(sides)),
            speakers=tuple(sorted(speakers)),
            claim_kinds=tuple(sorted(kinds)),
            place_id=place,
        ),
        center=(round(lat, 5), round(lon, 5)),
        zoom=zoom,
    )
    decoded = decode(encode(view, ViewState(date=CHOICES.default_date)), CHOICES)
    assert decoded.notes == []
    assert decoded.view == view
