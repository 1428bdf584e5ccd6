"""Each correction kind on machine records; pure, ordered, and honest about what no longer applies."""

from __future__ import annotations

import pytest

from geo.corrections import (
    Correction,
    CorrectionError,
    apply_corrections,
    mention_key,
    parse_mention_key,
    user_place_id,
)
from geo.records import CandidateRef, Claim, Mention, Place, Quote

TEXT = "Kyiv said troops retook Balakliia near Izium. Balaklia is calm."
BAL = TEXT.index("Balakliia")
KYIV = 0
IZ = TEXT.index("Izium")
BAL2 = TEXT.index("Balaklia ")

PLACES = [
    Place("gn:1", "Balakliia", "settlement", "UA", 49.46, 34.9, "geonames"),
    Place("gn:2", "Izium", "settlement", "UA", 49.21, 37.25, "geonames"),
    Place("gn:3", "Kyiv", "settlement", "UA", 50.45, 30.52, "geonames"),
    Place("gn:4", "Balakliia (other)", "settlement", "UA", 49.46, 36.86, "geonames"),
]
MENTIONS = [
    Mention("a", KYIV, KYIV + 4, "Kyiv", "gn:3", confidence=0.9),
    Mention(
        "a",
        BAL,
        BAL + 9,
        "Balakliia",
        "gn:1",
        confidence=0.5,
        candidates=(CandidateRef("gn:9", "Balakliia", "UA", 49.46, 36.84, 0.4),),
    ),
    Mention("a", IZ, IZ + 5, "Izium", "gn:2", confidence=0.9),
    Mention("a", BAL2, BAL2 + 8, "Balaklia", "gn:4", confidence=0.7),
]
CLAIMS = [
    Claim(
        "c1",
        "a",
        "Kyiv",
        "ukraine",
        "2022-09-08",
        "settlement_control",
        None,
        None,
        "",
        ("gn:1", "gn:2"),
        "ukraine",
        TEXT[:45],
        start=0,
        end=45,
    ),
]
QUOTES = [
    Quote("q1", "a", "troops retook Balakliia", "Kyiv", "", "ukraine", None, ("gn:1",), BAL - 14, BAL + 9)
]


def run(*corrections: Correction):
    return apply_corrections(PLACES, MENTIONS, CLAIMS, corrections, quotes=QUOTES)


def by_key(result, start):
    return next(m for m in result.mentions if m.start == start)


def test_no_corrections_is_identity():
    result = run()
    assert result.mentions == sorted(MENTIONS, key=lambda m: m.start) and result.claims == CLAIMS
    assert result.corrected == frozenset() and result.notes == {} and result.unapplied == []


def test_move_place():
    result = run(Correction("move_place", "gn:1", {"lat": 49.45, "lon": 36.27}))
    place = next(p for p in result.places if p.place_id == "gn:1")
    assert (place.lat, place.lon, place.source) == (49.45, 36.27, "analyst")
    assert "gn:1" in result.corrected
    assert PLACES[0].lat == 49.46  # inputs untouched


def test_choose_candidate_relinks_claims_and_quotes():
    key = mention_key("a", BAL, BAL + 9)
    result = run(Correction("choose_candidate", key, {"place_id": "gn:9"}))
    assert by_key(result, BAL).place_id == "gn:9"
    assert result.claims[0].place_ids == ("gn:2", "gn:9")
    assert result.quotes[0].place_ids == ("gn:9",)
    assert "gn:1" not in {p.place_id for p in result.places}  # nothing refers to it any more
    assert next(p for p in result.places if p.place_id == "gn:9").lon == 36.84
    assert {key, "gn:9"} <= result.corrected


def test_choose_unknown_candidate_needs_coordinates():
    key = mention_key("a", BAL, BAL + 9)
    result = run(Correction("choose_candidate", key, {"place_id": "gn:77"}))
    assert result.unapplied and "unknown" in result.unapplied[0][1]
    result = run(Correction("choose_candidate", key, {"place_id": "gn:77", "name": "B", "lat": 1, "lon": 2}))
    assert by_key(result, BAL).place_id == "gn:77"


def test_add_place_for_an_existing_mention_and_for_a_new_span():
    key = mention_key("a", IZ, IZ + 5)
    result = run(Correction("add_place", key, {"name": "Izium town", "lat": 49.2, "lon": 37.3}))
    pid = user_place_id("Izium town")
    assert pid == "user:izium-town" and by_key(result, IZ).place_id == pid
    added = next(p for p in result.places if p.place_id == pid)
    assert added.source == "analyst" and added.kind == "settlement"
    calm = TEXT.index("calm")
    new = Correction(
        "add_place", mention_key("a", calm, calm + 4), {"name": "Calm", "lat": 1, "lon": 2, "surface": "calm"}
    )
    result = run(new)
    assert by_key(result, calm).surface == "calm" and by_key(result, calm).place_id == "user:calm"
    missing = Correction("add_place", mention_key("a", calm, calm + 4), {"name": "Calm", "lat": 1, "lon": 2})
    assert run(missing).unapplied


def test_not_a_place_dismisses_the_mention_and_unlinks_it():
    key = mention_key("a", IZ, IZ + 5)
    result = run(Correction("not_a_place", key, {}))
    assert [m.surface for m in result.dismissed] == ["Izium"]
    assert all(m.start != IZ for m in result.mentions)
    assert result.claims[0].place_ids == ("gn:1",)
    assert "gn:2" not in {p.place_id for p in result.places}


def test_set_metonymic():
    key = mention_key("a", KYIV, KYIV + 4)
    result = run(Correction("set_metonymic", key, {"metonymic": True}))
    assert by_key(result, KYIV).metonymic and key in result.corrected


def test_merge_places_rewrites_every_reference():
    result = run(Correction("merge_places", "gn:4", {"into": "gn:1"}))
    assert by_key(result, BAL2).place_id == "gn:1"
    assert "gn:4" not in {p.place_id for p in result.places}
    assert "gn:1" in result.corrected
    chained = run(
        Correction("merge_places", "gn:4", {"into": "gn:1"}),
        Correction("move_place", "gn:4", {"lat": 10, "lon": 20}),  # the merged id now means the kept place
    )
    assert next(p for p in chained.places if p.place_id == "gn:1").lat == 10


def test_edit_claim_and_notes():
    result = run(
        Correction("edit_claim", "c1", {"value_min": 40, "value_max": 50, "holder": "russia"}),
        Correction("claim_note", "c1", {"note": "Russian MoD says otherwise"}),
        Correction("claim_note", "c1", {"note": "  check ISW  "}),
    )
    claim = result.claims[0]
    assert (claim.value_min, claim.value_max, claim.holder) == (40.0, 50.0, "russia")
    assert result.notes == {"c1": ["Russian MoD says otherwise", "check ISW"]}
    assert "c1" in result.corrected


def test_later_corrections_win():
    result = run(
        Correction("move_place", "gn:1", {"lat": 1, "lon": 1}),
        Correction("move_place", "gn:1", {"lat": 2, "lon": 2}),
    )
    assert next(p for p in result.places if p.place_id == "gn:1").lat == 2


def test_stale_targets_are_reported_not_dropped():
    stale = [
        Correction("move_place", "gn:404", {"lat": 1, "lon": 1}),
        Correction("edit_claim", "c404", {"holder": "ukraine"}),
        Correction("claim_note", "c404", {"note": "x"}),
        Correction("set_metonymic", "a:999:1003", {"metonymic": True}),
    ]
    result = run(*stale)
    assert [c for c, _ in result.unapplied] == stale
    assert all("not in the current output" in why for _, why in result.unapplied)


def test_relocation_by_surface_after_text_moved():
    old_key = mention_key("a", BAL + 7, BAL + 16)  # where it was before an edit
    result = run(Correction("set_metonymic", old_key, {"metonymic": True, "surface": "Balakliia"}))
    assert by_key(result, BAL).metonymic and result.unapplied == []


@pytest.mark.parametrize(
    "kind, target, payload, message",
    [
        ("teleport", "x", {}, "unknown correction kind"),
        ("move_place", "gn:1", {"lat": 95, "lon": 0}, "lat"),
        ("move_place", "gn:1", {"lat": "49", "lon": 0}, "lat"),
        ("add_place", "a:1:5", {"lat": 1, "lon": 1}, "name"),
        ("add_place", "a:1:5", {"name": "X", "lat": 1, "lon": 1, "kind": "planet"}, "kind"),
        ("not_a_place", "gn:1", {}, "mention key"),
        ("set_metonymic", "a:1:5", {"metonymic": "yes"}, "metonymic"),
        ("merge_places", "gn:1", {"into": "gn:1"}, "different"),
        ("edit_claim", "c1", {"claimant": "x"}, "changes one of"),
        ("edit_claim", "c1", {"holder": "martians"}, "holder"),
        ("edit_claim", "c1", {"value_min": -5}, "value_min"),
        ("claim_note", "c1", {"note": "  "}, "note"),
    ],
)
def test_malformed_corrections_are_refused(kind, target, payload, message):
    with pytest.raises(CorrectionError, match=message):
        Correction(kind, target, payload)


def test_mention_keys_round_trip_with_colons_in_ids():
    assert parse_mention_key(mention_key("2022-09-08-x", 3, 9)) == ("2022-09-08-x", 3, 9)
    assert parse_mention_key("a:b:3:9") == ("a:b", 3, 9)
    with pytest.raises(CorrectionError):
        parse_mention_key("a:9:3")
