"""Pure table filters behind the quotes panel, claims view and place selection."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.app.filters import (
    Filters,
    claims_made_by,
    conflicts,
    date_bounds,
    filter_claims,
    filter_quotes,
    in_date_range,
    options,
    quote_ids_with_claims,
    restrict,
)
from geo.records import Claim, Quote


def _quotes() -> pd.DataFrame:
    rows = [
        Quote("q1", "a1", "We hold it.", "Ann", "mayor", "russia", "2022-09-08", ("p1",)),
        Quote("q2", "a1", "We took it.", "Bob", "general", "ukraine", "2022-09-08", ("p1", "p2")),
        Quote("q3", "a2", "They fled.", "a soldier", "", "ukraine", "2022-09-10", ()),
        Quote("q4", "a2", "No date.", "Cy", "", "west", None, ("p2",)),
    ]
    return pd.DataFrame([q.to_json() for q in rows])


def _claims() -> pd.DataFrame:
    rows = [
        Claim("c1", "a1", "Ann", "russia", "2022-09-08", "settlement_control", None, None, "", ("p1",),
              "russia", "The city is ours.", quote_id="q1"),
        Claim("c2", "a1", "Bob", "ukraine", "2022-09-08", "area_gain", 700, 700, "km2", ("p2",),
              "ukraine", "Over 700 km2.", quote_id="q2"),
        Claim("c3", "a2", "Bob", "ukraine", "2022-09-10", "settlement_control", None, None, "", ("p1",),
              "ukraine", "Liberated."),
        Claim("c4", "a2", "Cy", "west", "2022-09-12", "settlement_control", None, None, "", ("p2",),
              "ukraine", "Held."),
    ]  # fmt: skip
    return pd.DataFrame([c.to_json() for c in rows])


def _ids(frame: pd.DataFrame, column: str) -> list[str]:
    return sorted(frame[column])


def test_no_filter_keeps_everything() -> None:
    assert len(filter_quotes(_quotes(), Filters())) == 4
    assert len(filter_claims(_claims(), Filters())) == 4


def test_quotes_by_side_speaker_article() -> None:
    q = _quotes()
    assert _ids(filter_quotes(q, Filters(sides=("ukraine",))), "quote_id") == ["q2", "q3"]
    assert _ids(filter_quotes(q, Filters(speakers=("Ann", "Cy"))), "quote_id") == ["q1", "q4"]
    assert _ids(filter_quotes(q, Filters(articles=("a2",))), "quote_id") == ["q3", "q4"]
    assert _ids(filter_quotes(q, Filters(sides=("ukraine",), articles=("a2",))), "quote_id") == ["q3"]


def test_quotes_by_selected_place() -> None:
    assert _ids(filter_quotes(_quotes(), Filters(place_id="p2")), "quote_id") == ["q2", "q4"]
    assert filter_quotes(_quotes(), Filters(place_id="nowhere")).empty


def test_quotes_by_date_range_keep_undated() -> None:
    f = Filters(date_from=dt.date(2022, 9, 9), date_to=dt.date(2022, 9, 30))
    assert _ids(filter_quotes(_quotes(), f), "quote_id") == ["q3", "q4"]


def test_quotes_by_claim_kind_use_the_claims_link() -> None:
    f = Filters(claim_kinds=("area_gain",))
    assert _ids(filter_quotes(_quotes(), f, _claims()), "quote_id") == ["q2"]
    assert filter_quotes(_quotes(), f).empty
    assert quote_ids_with_claims(_claims(), ("settlement_control",)) == {"q1"}


def test_claims_by_kind_place_and_as_of_date() -> None:
    c = _claims()
    assert _ids(filter_claims(c, Filters(claim_kinds=("area_gain",))), "claim_id") == ["c2"]
    assert _ids(filter_claims(c, Filters(place_id="p1")), "claim_id") == ["c1", "c3"]
    assert _ids(filter_claims(c, Filters(), as_of=dt.date(2022, 9, 9)), "claim_id") == ["c1", "c2"]
    assert _ids(filter_claims(c, Filters(speakers=("Bob",))), "claim_id") == ["c2", "c3"]
    assert list(claims_made_by(c, dt.date(2022, 9, 7))) == [False] * 4


def test_conflicts_group_claims_with_different_holders() -> None:
    found = conflicts(_claims())
    assert len(found) == 1
    assert _ids(found[0], "claim_id") == ["c1", "c3"]
    assert set(found[0]["conflict_place_id"]) == {"p1"}
    assert conflicts(_claims()[_claims()["claim_id"] != "c1"]) == []


def test_in_date_range_handles_bad_values() -> None:
    dates = pd.Series(["2022-09-01", None, "garbage", "2022-09-20"])
    kept = in_date_range(dates, dt.date(2022, 9, 2), dt.date(2022, 9, 19))
    assert list(kept) == [False, True, True, False]


def test_options_dates_and_restrict() -> None:
    assert options(["b", None, "a", "b", "", float("nan")]) == ["a", "b"]
    q = _quotes()
    assert date_bounds(q["date"], _claims()["date"]) == (dt.date(2022, 9, 8), dt.date(2022, 9, 12))
    assert date_bounds(pd.Series([None])) is None
    assert restrict(["x", "a", "y"], ["a", "y"]) == ("a", "y")


def test_filters_work_on_empty_tables() -> None:
    q = _quotes().iloc[0:0]
    c = _claims().iloc[0:0]
    f = Filters(sides=("ukraine",), place_id="p1", claim_kinds=("area_gain",), date_from=dt.date(2022, 1, 1))
    assert filter_quotes(q, f, c).empty
    assert filter_claims(c, f, as_of=dt.date(2022, 9, 1)).empty
    assert conflicts(c) == []


def test_place_filter_also_keeps_quotes_carrying_a_claim_about_the_place() -> None:
    quotes = _quotes()
    claims = _claims().assign(place_ids=[("p3",), ("p2",), ("p1",), ("p2",)])  # c1 (quote q1) now about p3
    assert _ids(filter_quotes(quotes, Filters(place_id="p3")), "quote_id") == []
    assert _ids(filter_quotes(quotes, Filters(place_id="p3"), claims), "quote_id") == ["q1"]


def test_quotes_follow_the_same_date_rule_as_claims():
    quotes = pd.DataFrame(
        {
            "quote_id": ["early", "late", "undated"],
            "date": ["2022-09-08", "2022-09-20", None],
            "affiliation": ["ukraine"] * 3,
            "speaker": ["a"] * 3,
            "article_id": ["x"] * 3,
            "place_ids": [[], [], []],
        }
    )
    kept = filter_quotes(quotes, Filters(), as_of=dt.date(2022, 9, 10))
    assert list(kept["quote_id"]) == ["early", "undated"]
    assert len(filter_quotes(quotes, Filters())) == 3
