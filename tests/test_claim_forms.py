"""Claim forms of wire reports and official statements, approach, footage, restated claims and periods
(invented sentences, hand-made mentions)."""

from __future__ import annotations

import pytest

from geo.extract.claims import find_claims
from geo.extract.speech.quotes import find_quotes
from geo.records import Article, Mention
from geo.text.sentences import split_sentences


def _run(text: str, surfaces: dict[str, str], published: str = "2024-08-10", kinds=None, source="test"):
    article = Article("t", "t", published, source, text)
    sentences = split_sentences(text)
    mentions = []
    for surface, pid in surfaces.items():
        start = 0
        while (i := text.find(surface, start)) >= 0:
            mentions.append(Mention("t", i, i + len(surface), surface, pid, confidence=1.0))
            start = i + len(surface)
    mentions.sort(key=lambda m: m.start)
    return find_claims(
        article, sentences, mentions, find_quotes(article, sentences, mentions), place_kinds=kinds
    )


def _rows(claims):
    return [(c.kind, c.place_ids, c.holder) for c in claims]


# ------------------------------------------------------------------------------------------- approach


@pytest.mark.parametrize(
    "text",
    [
        "Russian units were dug in on the outskirts of Orikhiv by Tuesday evening.",
        "Russian troops are closing in on Orikhiv from the south.",
        "Russian forces reached the outskirts of Orikhiv on Monday.",
    ],
)
def test_approach_is_its_own_kind_not_control(text):
    assert _rows(_run(text, {"Orikhiv": "gn:o"})) == [("approach", ("gn:o",), "russia")]


def test_a_distance_from_a_town_after_an_advance_is_an_approach_with_its_figure():
    claims = _run("Russian forces advanced to within 9 km of Orikhiv.", {"Orikhiv": "gn:o"})
    assert [(c.kind, c.place_ids, c.holder, c.value_min, c.unit) for c in claims] == [
        ("approach", ("gn:o",), "russia", 9.0, "km")
    ]
    claims = _run("The push put them some 12 km south of Orikhiv.", {"Orikhiv": "gn:o"})
    assert [(c.kind, c.value_min) for c in claims] == [("approach", 12.0)]
    # geography, not a position of the forces
    assert _run("Stepnohirsk lies 12 km south of Orikhiv.", {"Orikhiv": "gn:o"}) == []


# ------------------------------------------------------------------------------------ footage, background


def test_footage_is_evidence_and_its_named_publisher_is_the_claimant():
    claims = _run(
        "A video posted by the 47th Brigade showed Ukrainian infantry walking through Robotyne.",
        {"Robotyne": "gn:r"},
    )
    assert [(c.place_ids, c.holder, c.claimant, c.footage) for c in claims] == [
        (("gn:r",), "ukraine", "the 47th Brigade", "A video posted")
    ]
    claims = _run(
        "Ukrainian paratroopers posted pictures of their flag being raised over Robotyne.",
        {"Robotyne": "gn:r"},
    )
    assert [(c.place_ids, c.holder, c.claimant, c.affiliation) for c in claims] == [
        (("gn:r",), "ukraine", "Ukrainian paratroopers", "ukraine")
    ]


def test_a_flag_raised_in_front_of_the_town_hall_is_about_the_town_last_named():
    claims = _run(
        "Fighting moved into Vuhledar overnight. "
        "By noon the Russian flag was raised in front of the town hall.",
        {"Vuhledar": "gn:v"},
    )
    assert ("settlement_control", ("gn:v",), "russia") in _rows(claims)


def test_the_writers_description_of_a_town_is_not_the_speakers_claim():
    claims = _run(
        "A brigade spokesman said the troops were on the outskirts of Tokmak, a town that a month ago was "
        "40 km from the front.",
        {"Tokmak": "gn:t"},
        source="Wire",
    )
    by_kind = {c.kind: c for c in claims}
    assert by_kind["approach"].claimant == "A brigade spokesman"
    assert by_kind["distance"].claimant == "Wire"


def test_a_restated_claim_is_one_claim_with_two_evidence_spans():
    text = (
        "The regional governor said Russian forces had been driven out of Vovchansk. "
        "Fighting continued elsewhere. "
        "The regional governor said Russian forces had been driven out of Vovchansk."
    )
    claims = _run(text, {"Vovchansk": "gn:v"})
    assert len(claims) == 1
    spans = claims[0].evidence_spans
    assert len(spans) == 2 and text[spans[1][0] : spans[1][1]].startswith("The regional governor")
    assert (claims[0].start, claims[0].end) == spans[0]


# ------------------------------------------------------------------------------- capture and control


@pytest.mark.parametrize(
    "text,holder",
    [
        (
            "Ukraine's army claimed to have recaptured Dovhenke on Tuesday.",
            "ukraine",
        ),
        ("Officials announced the liberation of Dovhenke by Ukrainian troops.", "ukraine"),
        ("Dovhenke, a small farming village on the river, fell to Russian troops on Sunday.", "russia"),
        ("Russian troops successfully defended Dovhenke through the winter.", "russia"),
        ("The mayor surrendered Dovhenke to the Russian army in March.", "russia"),
        ("Dovhenke was occupied by Russian forces from March to September.", "russia"),
        ("Russian forces lost control of Dovhenke on Friday.", "ukraine"),
        ("It was reported that the Ukrainians had retaken Dovhenke.", "ukraine"),
        ("Dovhenke was completely taken by Russian forces, the ministry said.", "russia"),
        ("Russian forces declared full control over Dovhenke on Friday.", "russia"),
        ("Russian units established complete control of Dovhenke.", "russia"),
    ],
)
def test_capture_and_control_forms(text, holder):
    assert _rows(_run(text, {"Dovhenke": "gn:d"})) == [("settlement_control", ("gn:d",), holder)]


def test_a_list_with_a_date_after_each_town():
    claims = _run(
        "Russian forces captured Pisky on 3 May, Marinka on 5 May and Vodiane on 9 May.",
        {"Pisky": "gn:p", "Marinka": "gn:m", "Vodiane": "gn:v"},
    )
    assert _rows(claims) == [("settlement_control", ("gn:p", "gn:m", "gn:v"), "russia")]


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian forces captured a senior Russian officer on the Kherson front.",
        "The missile strikes left Kherson without power for a day.",
        "The pace was unseen since Russian troops withdrew from Kherson in 2022.",
    ],
)
def test_not_a_claim_about_the_town(text):
    assert _run(text, {"Kherson": "gn:k"}) == []


def test_a_district_of_a_city_is_not_the_city():
    text = "Russian troops captured the Saltivskyi district of Kharkiv."
    claims = _run(text, {"Saltivskyi district": "sup:saltivskyi", "Kharkiv": "gn:kh"})
    assert _rows(claims) == [("settlement_control", ("sup:saltivskyi",), "russia")]
    assert _run(text, {"Kharkiv": "gn:kh"}) == []  # an unresolved district is not located at the city


def test_a_capital_standing_for_its_government_is_no_place_of_a_figure_claim():
    claims = _run(
        "Moscow says its forces have captured 880 sq km since the beginning of the year.", {"Moscow": "gn:m"}
    )
    assert [(c.kind, c.place_ids, c.holder) for c in claims] == [("area_gain", (), "russia")]


# -------------------------------------------------------------------------------- counts and periods


@pytest.mark.parametrize(
    "phrase,start,end",
    [
        ("since the beginning of the year", "2024-01-01", "2024-08-10"),
        ("since June 14", "2024-06-14", "2024-08-10"),
        ("since 14 June", "2024-06-14", "2024-08-10"),
        ("in May", "2024-05-01", "2024-05-31"),
        ("over the past week", "2024-08-03", "2024-08-10"),
        ("in three days", "2024-08-07", "2024-08-10"),
    ],
)
def test_a_figure_claims_period(phrase, start, end):
    claims = _run(f"Russian troops have seized 420 square kilometres {phrase}, the ministry said.", {})
    assert [(c.kind, c.value_min, c.period_start, c.period_end) for c in claims] == [
        ("area_gain", 420.0, start, end)
    ]


def test_numbers_of_settlements_taken():
    claims = _run("Russian units have taken more than 30 villages since the start of the month.", {})
    assert [(c.kind, c.value_min, c.value_max, c.unit, c.holder, c.period_start) for c in claims] == [
        ("settlement_count", 30.0, None, "settlements", "russia", "2024-08-01")
    ]
    assert _run("About 30 villages in the district have no water.", {}) == []


def test_a_recapture_dated_in_the_sentence_and_an_advance_into_a_region():
    claims = _run("Dovhenke was recaptured by Ukrainian troops on 11 September.", {"Dovhenke": "gn:d"})
    # published 2024-08-10: "11 September" is the last one before it
    assert [(c.kind, c.holder, c.date) for c in claims] == [("settlement_control", "ukraine", "2023-09-11")]
    claims = _run("Russian troops advanced 12 km into Kharkiv oblast.", {"Kharkiv oblast": "gn:ko"})
    assert [(c.kind, c.place_ids, c.holder, c.value_min) for c in claims] == [
        ("advance_distance", ("gn:ko",), "russia", 12.0)
    ]
