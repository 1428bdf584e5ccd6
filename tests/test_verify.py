"""Verdicts of verify_claim against the real derived control record (data/control)."""

from __future__ import annotations

import pytest

from geo.control import ControlRecord
from geo.records import Claim, Place, Verification
from geo.verify import AREA_NOISE_KM2, reference_offset_days, verify_claim, verify_claims

PLACES = {
    "gn:bal": Place("gn:bal", "Balakliya", "settlement", "UA", 49.46, 36.84, "geonames"),
    "gn:kup": Place("gn:kup", "Kupiansk", "settlement", "UA", 49.71, 37.62, "geonames"),
    "gn:izi": Place("gn:izi", "Izium", "settlement", "UA", 49.21, 37.26, "geonames"),
    "gn:mel": Place("gn:mel", "Melitopol", "settlement", "UA", 46.85, 35.37, "geonames"),
    "gn:kyiv": Place("gn:kyiv", "Kyiv", "settlement", "UA", 50.45, 30.52, "geonames"),
    "gn:obl": Place("gn:obl", "Kharkiv Oblast", "region", "UA", 49.5, 36.5, "geonames"),
    "gn:khe": Place("gn:khe", "Kherson", "settlement", "UA", 46.6354, 32.6169, "geonames"),
    "gn:avd": Place("gn:avd", "Avdiivka", "settlement", "UA", 48.1394, 37.7497, "geonames"),
    "gn:rob": Place("gn:rob", "Robotyne", "settlement", "UA", 47.4497, 35.8369, "geonames"),
    "gn:bakh": Place("gn:bakh", "Bakhmut", "settlement", "UA", 48.5956, 38.0003, "geonames"),
    "gn:paris": Place("gn:paris", "Paris", "settlement", "FR", 48.86, 2.35, "geonames"),
}


def claim(
    kind: str,
    *,
    date: str | None = "2022-09-09",
    holder: str = "ukraine",
    vmin=None,
    vmax=None,
    unit: str = "",
    places=(),
    evidence: str = "",
    period_start: str | None = None,
    period_end: str | None = None,
) -> Claim:
    return Claim(
        "c",
        "a",
        "someone",
        "ukraine",
        date,
        kind,
        vmin,
        vmax,
        unit,
        tuple(places),
        holder,
        evidence,
        period_start=period_start,
        period_end=period_end,
    )


@pytest.fixture(scope="module")
def record() -> ControlRecord:
    return ControlRecord.load()


# --- area_gain ------------------------------------------------------------------------------------


def test_area_consistent_with_numbers_and_snapshots(record):
    v = verify_claim(claim("area_gain", date="2022-09-08", vmin=700, unit="km2"), PLACES, record)
    assert v.verdict == "consistent"
    assert v.unit == "km2" and 900 < v.measured < 1400
    assert v.snapshots == ("2022-08-31T20-44-47Z", "2022-09-08T21-37-56Z")
    assert "km²" in v.note and "2022-09-08T21-37Z" in v.note


def test_area_overstated_when_record_shows_far_less(record):
    v = verify_claim(claim("area_gain", date="2022-09-08", vmin=5000, unit="km2"), PLACES, record)
    assert v.verdict == "overstated" and v.measured < 5000 * 0.75


def test_area_not_supported_when_the_claimant_side_lost_ground(record):
    v = verify_claim(
        claim("area_gain", date="2022-09-12", holder="russia", vmin=500, unit="km2"), PLACES, record
    )
    assert v.verdict == "not supported" and v.measured < 0


def test_area_period_start_parameter_and_units(record):
    default = verify_claim(claim("area_gain", date="2022-09-12", vmin=1, unit="km2"), PLACES, record)
    later = verify_claim(
        claim("area_gain", date="2022-09-12", vmin=1, unit="km2"), PLACES, record, period_start="2022-09-10"
    )
    assert later.measured < default.measured
    assert later.snapshots[0] == "2022-09-09T22-25-22Z"
    miles = verify_claim(claim("area_gain", date="2022-09-12", vmin=1, unit="mi2"), PLACES, record)
    assert miles.unit == "mi2" and miles.measured == pytest.approx(default.measured / 2.59, rel=0.01)


# --- settlement_control ---------------------------------------------------------------------------


def test_settlement_ukraine_consistent_when_free_on_the_day(record):
    v = verify_claim(claim("settlement_control", date="2022-09-08", places=["gn:bal"]), PLACES, record)
    assert v.verdict == "consistent"
    assert v.measured is None and v.unit == ""
    assert v.snapshots[0] == "2022-09-08T21-37-56Z"
    assert v.note.startswith("Balakliya: free on 2022-09-08T21-37Z")


def test_settlement_ukraine_consistent_when_record_catches_up_within_lag(record):
    v = verify_claim(claim("settlement_control", date="2022-09-09", places=["gn:kup"]), PLACES, record)
    assert v.verdict == "consistent"
    assert "occupied on 2022-09-09T22-25Z" in v.note and "free from 2022-09-11" in v.note


def test_settlement_ukraine_overstated_when_only_contested(record):
    # Izium: occupied until 9 Sep, contested on 10 Sep, free from 11 Sep; a claim on 7 Sep sees up to 10 Sep
    v = verify_claim(claim("settlement_control", date="2022-09-07", places=["gn:izi"]), PLACES, record)
    assert v.verdict == "overstated"
    assert "contested from 2022-09-10" in v.note and "free" not in v.note.split("Claim:")[0]


def test_settlement_ukraine_not_supported_when_occupied_throughout(record):
    v = verify_claim(claim("settlement_control", date="2022-09-09", places=["gn:mel"]), PLACES, record)
    assert v.verdict == "not supported" and "Melitopol: occupied on" in v.note


def test_settlement_russia_verdicts(record):
    held = verify_claim(
        claim("settlement_control", date="2022-09-08", holder="russia", places=["gn:mel"]), PLACES, record
    )
    assert held.verdict == "consistent"
    # occupied on the day but free within the window (the record's state after its lag): the same window
    # as the opposite, Ukrainian claim (consistent above), so this one cannot be consistent too
    overtaken = verify_claim(
        claim("settlement_control", date="2022-09-09", holder="russia", places=["gn:kup"]), PLACES, record
    )
    assert overtaken.verdict == "overstated" and "occupied on 2022-09-09T22-25Z" in overtaken.note
    lost = verify_claim(
        claim("settlement_control", date="2022-09-08", holder="russia", places=["gn:bal"]), PLACES, record
    )
    assert lost.verdict == "not supported" and "free" in lost.note
    contested = verify_claim(
        claim("settlement_control", date="2022-09-07", holder="russia", places=["gn:izi"]), PLACES, record
    )
    assert contested.verdict == "overstated"  # ends the window contested
    gone = verify_claim(
        claim("settlement_control", date="2022-09-10", holder="russia", places=["gn:kup"]), PLACES, record
    )
    assert gone.verdict == "not supported"  # contested on the day, free by the window's end


def test_settlement_several_places_mixed_is_overstated(record):
    v = verify_claim(
        claim("settlement_control", date="2022-09-08", places=["gn:bal", "gn:mel"]), PLACES, record
    )
    assert v.verdict == "overstated" and "Melitopol: occupied" in v.note


def test_settlement_skips_regions_and_places_outside_coverage(record):
    v = verify_claim(
        claim("settlement_control", date="2022-09-08", places=["gn:obl", "gn:paris"]), PLACES, record
    )
    assert v.verdict == "not checkable" and "Kharkiv Oblast" in v.note and "Paris" in v.note


# --- distance --------------------------------------------------------------------------------------


def test_distance_days_ago_uses_an_earlier_snapshot(record):
    text = "a city that just days ago was 70 kilometers from the front lines"
    v = verify_claim(
        claim("distance", vmin=70, vmax=70, unit="km", places=["gn:kup"], evidence=text), PLACES, record
    )
    assert v.snapshots == ("2022-09-01T20-31-17Z",)
    assert 30 < v.measured < 60
    assert v.verdict == "overstated"


def test_distance_consistent_and_not_supported(record):
    measured = record.distance_to_front_km(49.71, 37.62, "2022-09-09")
    ok = verify_claim(claim("distance", vmin=round(measured), unit="km", places=["gn:kup"]), PLACES, record)
    assert ok.verdict == "consistent" and ok.measured == pytest.approx(measured, abs=0.1)
    far = verify_claim(claim("distance", vmin=1, vmax=1, unit="km", places=["gn:kyiv"]), PLACES, record)
    assert far.verdict == "not supported" and far.measured > 300


def test_reference_offset_days():
    assert reference_offset_days("just days ago was 70 km") == 7
    assert reference_offset_days("three days ago") == 3
    assert reference_offset_days("two weeks ago") == 14
    assert reference_offset_days("is now 10 km from the front") == 0


# --- advance_distance ------------------------------------------------------------------------------


def test_advance_consistent(record):
    v = verify_claim(claim("advance_distance", vmin=45, vmax=50, unit="km"), PLACES, record)
    assert v.verdict == "consistent" and 35 < v.measured < 70
    assert v.unit == "km" and len(v.snapshots) == 2


def test_advance_overstated_and_not_supported(record):
    big = verify_claim(claim("advance_distance", vmin=300, vmax=300, unit="km"), PLACES, record)
    assert big.verdict == "overstated"
    russian = verify_claim(
        claim("advance_distance", holder="russia", vmin=20, unit="km"),
        PLACES,
        record,
        period_start="2022-09-08",
    )
    assert russian.verdict == "not supported"


# --- not checkable ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"kind": "area_gain", "date": None, "vmin": 700, "unit": "km2"}, "no date"),
        ({"kind": "area_gain", "date": "2025-12-01", "vmin": 700, "unit": "km2"}, "after the record's end"),
        ({"kind": "area_gain", "date": "2022-01-05", "vmin": 700, "unit": "km2"}, "before the record starts"),
        ({"kind": "area_gain", "vmin": 700, "unit": "acres-ish"}, "unknown area unit"),
        ({"kind": "area_gain", "unit": "km2"}, "no figure"),
        ({"kind": "area_gain", "vmin": 700, "unit": "km2", "holder": "unknown"}, "which side"),
        ({"kind": "distance", "vmin": 70, "unit": "km"}, "no place"),
        ({"kind": "settlement_control", "places": ["gn:missing"]}, "unknown place"),
    ],
)
def test_not_checkable_with_reason(record, kwargs, reason):
    kind = kwargs.pop("kind")
    v = verify_claim(claim(kind, **kwargs), PLACES, record)
    assert v.verdict == "not checkable" and reason in v.note


def test_not_checkable_without_record():
    v = verify_claim(claim("area_gain", vmin=700, unit="km2"), PLACES, None)
    assert v == Verification("not checkable", None, "", (), "no control record loaded")


def test_verify_claims_returns_filled_copies(record):
    claims = [claim("area_gain", vmin=1000, unit="km2"), claim("settlement_control", places=["gn:kup"])]
    out = verify_claims(claims, PLACES, record)
    assert [c.verification.verdict for c in out] == ["consistent", "consistent"]
    assert all(c.verification.verdict == "not checkable" for c in claims)  # originals untouched
    assert out[0].to_json()["verification"]["snapshots"]


# --- the whole record: any date from April 2022 to August 2025 -------------------------------------


def test_russian_area_claim_since_the_start_of_the_year_is_overstated(record):
    v = verify_claim(
        claim(
            "area_gain", date="2024-06-04", holder="russia", vmin=880, unit="km2", period_start="2024-01-01"
        ),
        PLACES,
        record,
    )
    assert v.verdict == "overstated"
    assert AREA_NOISE_KM2 < v.measured < 880
    assert v.snapshots[0][:10] == "2023-12-31" and v.snapshots[1][:7] == "2024-06"
    assert "2023-12-31" in v.note and f"{v.measured:,.0f} km²" in v.note


def test_russian_area_claim_since_a_day_in_june_is_overstated(record):
    v = verify_claim(
        claim(
            "area_gain", date="2024-08-06", holder="russia", vmin=420, unit="km2", period_start="2024-06-14"
        ),
        PLACES,
        record,
    )
    assert v.verdict == "overstated" and AREA_NOISE_KM2 < v.measured < 420
    assert "2024-06" in v.snapshots[0] and "2024-08" in v.snapshots[1]


def test_period_fields_in_a_month_and_over_the_past_week(record):
    may = verify_claim(
        claim(
            "area_gain",
            date="2024-06-02",
            holder="russia",
            vmin=1,
            unit="km2",
            period_start="2024-05-01",
            period_end="2024-05-31",
        ),
        PLACES,
        record,
    )
    assert may.verdict == "consistent" and may.measured > 0
    assert may.snapshots[0][:10] in ("2024-04-28", "2024-05-05") and may.snapshots[1][:7] in (
        "2024-05",
        "2024-06",
    )
    week = verify_claim(
        claim("area_gain", date="2024-02-20", holder="russia", vmin=1, unit="km2", period_start="2024-02-13"),
        PLACES,
        record,
    )
    assert week.verdict == "consistent" and week.snapshots[0] != may.snapshots[0]
    backwards = verify_claim(
        claim(
            "area_gain",
            date="2024-06-02",
            vmin=1,
            unit="km2",
            period_start="2024-06-01",
            period_end="2024-05-01",
        ),
        PLACES,
        record,
    )
    assert backwards.verdict == "not checkable" and "ends before it starts" in backwards.note


@pytest.mark.parametrize(
    ("place", "day", "holder"),
    [
        ("gn:khe", "2022-11-11", "ukraine"),
        ("gn:avd", "2024-02-17", "russia"),
        ("gn:rob", "2023-08-28", "ukraine"),
        ("gn:bakh", "2023-05-20", "russia"),
    ],
)
def test_known_control_claims_are_consistent(record, place, day, holder):
    v = verify_claim(claim("settlement_control", date=day, holder=holder, places=[place]), PLACES, record)
    assert v.verdict == "consistent", v.note
    assert PLACES[place].name in v.note and len(v.snapshots) >= 2


def test_claims_outside_the_record_say_so(record):
    late = verify_claim(claim("settlement_control", date="2025-12-10", places=["gn:kup"]), PLACES, record)
    assert late.verdict == "not checkable"
    assert "after the record's end" in late.note and "the record covers 3 Apr 2022 - 3 Aug 2025" in late.note
    assert late.snapshots == ()  # never judged against the last snapshot
    early = verify_claim(
        claim("distance", date="2022-03-01", vmin=5, unit="km", places=["gn:kup"]), PLACES, record
    )
    assert "before the record starts" in early.note
    period_before = verify_claim(
        claim("area_gain", date="2022-05-01", vmin=5, unit="km2", period_start="2022-02-24"), PLACES, record
    )
    assert period_before.verdict == "not checkable" and "period start 24 Feb 2022" in period_before.note


def test_one_window_whatever_the_holder(record):
    # opposite claims about one place on one day can never both be consistent
    for place in ("gn:kup", "gn:izi", "gn:bal", "gn:khe", "gn:avd"):
        for day in ("2022-09-07", "2022-09-09", "2022-09-10", "2022-11-10", "2024-02-15", "2024-02-17"):
            ukr = verify_claim(claim("settlement_control", date=day, places=[place]), PLACES, record)
            rus = verify_claim(
                claim("settlement_control", date=day, holder="russia", places=[place]), PLACES, record
            )
            assert ukr.snapshots == rus.snapshots
            assert not (ukr.verdict == rus.verdict == "consistent"), (place, day)


def test_weekly_part_uses_the_next_snapshot_within_a_week(record):
    v = verify_claim(
        claim("settlement_control", date="2024-02-14", holder="russia", places=["gn:avd"]), PLACES, record
    )
    first, last = v.snapshots[0], v.snapshots[-1]
    assert first[:10] <= "2024-02-14" < last[:10] <= "2024-02-22"


def test_approach_is_checked_as_distance_to_the_line(record):
    """An approach claim is consistent only for a place near the line of contact on the claim day."""
    from geo.records import Claim, ClaimKind, Place

    near = Place("p-near", "Frontville", "settlement", "UA", 49.71, 37.62, "test", 1.0)  # by the 2022 line
    far = Place("p-far", "Farville", "settlement", "UA", 50.45, 30.52, "test", 1.0)  # hundreds of km away

    def claim(place_id: str) -> Claim:
        return Claim(
            claim_id="c", article_id="a", claimant="x", affiliation="ukraine", date="2022-09-09",
            kind=ClaimKind.APPROACH, value_min=None, value_max=None, unit="", place_ids=(place_id,),
            holder="ukraine", evidence="Troops are on the outskirts of the town.",
        )

    places = {"p-near": near, "p-far": far}
    close = verify_claim(claim("p-near"), places, record)
    distant = verify_claim(claim("p-far"), places, record)
    assert close.verdict == "consistent", close.note
    assert distant.verdict == "overstated", distant.note
    assert "line of contact" in distant.note and distant.measured > 100
