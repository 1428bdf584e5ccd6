"""Territorial claims on the sample and the hand-written articles against gold; units and patterns."""

from __future__ import annotations

import pytest

from geo.extract.claims import find_claims, parse_number
from geo.extract.speech.quotes import find_quotes
from geo.records import Article, Mention
from geo.text.sentences import split_sentences


def test_every_gold_claim_is_found_and_nothing_else(gold_id, gold_eval):
    article_id = gold_id
    claims = gold_eval.extract(article_id).claims
    missing, extra = gold_eval.score_claims(claims, gold_eval.gold(article_id, "claims")["claims"])
    assert not missing, f"missing: {missing}"
    assert not extra, "unexpected: " + "; ".join(
        f"{c.kind} {c.place_ids} {c.holder} {c.date} {c.claimant}" for c in extra
    )


def test_claim_records_carry_ids_evidence_and_default_verification(gold_eval):
    ex = gold_eval.extract(gold_eval.SAMPLE_IDS[0])
    for n, c in enumerate(ex.claims, 1):
        assert c.claim_id == f"{gold_eval.SAMPLE_IDS[0]}:c{n}"
        assert ex.article.text[c.start : c.end] == c.evidence
        assert c.verification.verdict == "not checkable"
    area = next(c for c in ex.claims if c.kind == "area_gain")
    assert area.quote_id == f"{gold_eval.SAMPLE_IDS[0]}:q3"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1,000", 1000.0),
        ("1.000", 1000.0),
        ("2.5", 2.5),
        ("fifty", 50.0),
        ("two thousand", 2000.0),
        ("700", 700.0),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def _run(text: str, surfaces: dict[str, str], published: str = "2022-09-10", kinds=None):
    article = Article("t", "t", published, "test", text)
    sentences = split_sentences(text)
    mentions = []
    for surface, pid in surfaces.items():
        start = 0
        while (i := text.find(surface, start)) >= 0:
            mentions.append(Mention("t", i, i + len(surface), surface, pid, confidence=1.0))
            start = i + len(surface)
    mentions.sort(key=lambda m: m.start)
    quotes = find_quotes(article, sentences, mentions)
    return find_claims(article, sentences, mentions, quotes, place_kinds=kinds)


@pytest.mark.parametrize(
    "phrase,vmin,vmax",
    [
        ("more than 500 sq km", 500.0, None),
        ("nearly 1,200 square kilometres", None, 1200.0),
        ("about 2,000 km²", 2000.0, 2000.0),
        ("between 300 and 400 km2", 300.0, 400.0),
        ("some 100 square miles", 258.999, 258.999),
        ("5,000 hectares", 50.0, 50.0),
    ],
)
def test_area_units_and_qualifiers(phrase, vmin, vmax):
    claims = _run(f"The general staff said Ukrainian troops had recaptured {phrase} of territory.", {})
    assert [(c.kind, c.value_min, c.value_max, c.unit, c.holder) for c in claims] == [
        ("area_gain", vmin, vmax, "km2", "ukraine")
    ]


def test_area_without_gain_cue_is_not_a_claim():
    assert _run("The reservoir covers 2,000 square kilometres.", {}) == []


def test_advance_in_miles_and_distance_to_front():
    claims = _run("Russian troops advanced 6 miles towards Bakhmut on Monday.", {"Bakhmut": "gn:bakhmut"})
    assert [(c.kind, c.value_min, c.holder, c.date) for c in claims] == [
        ("advance_distance", 9.656, "russia", "2022-09-05")
    ]
    claims = _run(
        "Mariupol, a port now 120 km from the front line, is occupied.", {"Mariupol": "gn:mariupol"}
    )
    assert [(c.kind, c.value_min, c.place_ids, c.holder) for c in claims] == [
        ("distance", 120.0, ("gn:mariupol",), "russia")
    ]


def test_failed_attack_means_the_defender_holds():
    claims = _run(
        "Ukraine's general staff said Russian attempts to storm Bakhmut had been repelled.",
        {"Bakhmut": "gn:b"},
    )
    assert [(c.kind, c.place_ids, c.holder, c.affiliation) for c in claims] == [
        ("settlement_control", ("gn:b",), "ukraine", "ukraine")
    ]


def test_withdrawal_means_the_other_side_holds():
    claims = _run("Russian forces withdrew from Kherson, officials said.", {"Kherson": "gn:k"})
    assert [(c.place_ids, c.holder) for c in claims] == [(("gn:k",), "ukraine")]


def test_intent_and_negation_are_not_claims():
    text = (
        "Russian forces are trying to capture Bakhmut. Ukrainian troops have not entered Lyman. "
        "Russia plans to seize Kramatorsk."
    )
    assert _run(text, {"Bakhmut": "gn:b", "Lyman": "gn:l", "Kramatorsk": "gn:k"}) == []


def test_the_city_resolves_to_the_last_settlement_not_a_region():
    text = (
        "Fighting raged near Kupiansk in the Kharkiv region. "
        "“The city is under our control,” a Russian-installed official said."
    )
    kinds = {"gn:kup": "settlement", "gn:kh-obl": "region"}
    claims = _run(text, {"Kupiansk": "gn:kup", "Kharkiv region": "gn:kh-obl"}, kinds=kinds)
    assert [(c.place_ids, c.holder, c.affiliation) for c in claims] == [(("gn:kup",), "russia", "russia")]


def test_passive_capture_with_agent():
    claims = _run("Izium was recaptured by Ukrainian forces on Saturday.", {"Izium": "gn:i"})
    assert [(c.place_ids, c.holder, c.date) for c in claims] == [(("gn:i",), "ukraine", "2022-09-10")]


def test_metonymic_mentions_are_not_claim_places():
    text = "Ukrainian forces liberated Kyiv, a town near the border."
    article = Article("t", "t", "2022-09-10", "test", text)
    sentences = split_sentences(text)
    m = Mention("t", text.index("Kyiv"), text.index("Kyiv") + 4, "Kyiv", "gn:kyiv", metonymic=True)
    assert find_claims(article, sentences, [m], []) == []


def test_capture_in_a_relative_clause():
    claims = _run(
        "Ukrainian units threatened the Russian garrison in Izium, which Moscow seized in April.",
        {"Izium": "gn:i"},
    )
    assert [(c.kind, c.place_ids, c.holder) for c in claims] == [("settlement_control", ("gn:i",), "russia")]
    claims = _run(
        "Russian forces took Lysychansk and Sievierodonetsk, which have been under LPR control since July.",
        {"Lysychansk": "gn:l", "Sievierodonetsk": "gn:s"},
    )
    assert {(c.place_ids, c.holder) for c in claims} == {(("gn:l", "gn:s"), "russia")}


def test_unit_conversions_are_one_claim_and_no_more_than_is_a_maximum():
    claims = _run("Ukrainian troops have advanced as much as 70 kilometers (43 miles) into the region.", {})
    assert [(c.kind, c.value_max) for c in claims] == [("advance_distance", 70.0)]
    claims = _run(
        "Officials say more than 8,000 square kilometers — roughly 3,100 square miles — have been retaken "
        "by Ukrainian forces.",
        {},
    )
    assert [(c.kind, c.value_min, c.holder) for c in claims] == [("area_gain", 8000.0, "ukraine")]
    claims = _run("Ukrainian troops have advanced no more than 5 kilometers beyond the river.", {})
    assert [(c.value_min, c.value_max) for c in claims] == [(None, 5.0)]


def test_holding_positions_and_a_flag_flying_over_towns():
    claims = _run(
        '"Our units are holding their positions in Lyman," a Russian-installed official said.',
        {"Lyman": "gn:l"},
    )
    assert [(c.place_ids, c.holder) for c in claims] == [(("gn:l",), "russia")]
    surfaces = {"Izium": "gn:i", "Kupiansk": "gn:k"}
    claims = _run("Ukraine's flag flies again over Izium and Kupiansk.", surfaces)
    assert [(c.place_ids, c.holder) for c in claims] == [(("gn:i", "gn:k"), "ukraine")]


# ------------------------------------------------------------------------------- generality of the rules


def _ua_places(*pids: str) -> dict:
    from geo.records import Place

    return {pid: Place(pid, pid, "settlement", "UA", 47.0, 35.0, "test") for pid in pids}


def _run_with_places(text: str, surfaces: dict[str, str], places: dict, published: str = "2022-10-05"):
    article = Article("t", "t", published, "test", text)
    sentences = split_sentences(text)
    mentions = sorted(
        (
            Mention("t", i, i + len(surface), surface, pid, confidence=1.0)
            for surface, pid in surfaces.items()
            for i in [text.find(surface)]
            if i >= 0
        ),
        key=lambda m: m.start,
    )
    quotes = find_quotes(article, sentences, mentions, places=places)
    return find_claims(article, sentences, mentions, quotes, places=places)


def test_regrouping_or_moving_troops_out_of_areas_is_a_withdrawal():
    surfaces = {"Lyptsi": "gn:l", "Tsyrkuny": "gn:t"}
    claims = _run(
        "The Russian command said it had decided to regroup the units stationed in the Lyptsi and Tsyrkuny "
        "areas to reinforce the south.",
        surfaces,
    )
    assert [(c.place_ids, c.holder) for c in claims] == [(("gn:l", "gn:t"), "ukraine")]
    claims = _run(
        "Ukraine's general staff said troops in the Lyptsi area were being moved to the Bakhmut front.",
        surfaces,
    )
    assert [(c.place_ids, c.holder) for c in claims] == [(("gn:l",), "russia")]
    assert _run("Russian forces plan to withdraw the troops stationed in Lyptsi.", surfaces) == []


def test_footage_of_a_sides_soldiers_in_a_town_is_a_presence_claim():
    claims = _run(
        "Videos shared on Telegram showed Russian paratroopers patrolling the main square in Melitopol.",
        {"Melitopol": "gn:m"},
    )
    # footage is evidence of the claim, not a claimant with a side
    assert [(c.place_ids, c.holder, c.claimant, c.affiliation, c.footage) for c in claims] == [
        (("gn:m",), "russia", "unknown", "unknown", "Videos shared on Telegram")
    ]
    assert (
        _run("Photos showed Russian soldiers shelling the outskirts of Orikhiv.", {"Orikhiv": "gn:o"}) == []
    )
    assert _run("A video showed Russian soldiers captured in Orikhiv.", {"Orikhiv": "gn:o"}) == []


def test_participle_in_an_appositive_after_a_town():
    claims = _run(
        "Reporters reached Pisky, the latest village captured by Russian forces, on Tuesday.",
        {"Pisky": "gn:p"},
    )
    assert [(c.place_ids, c.holder) for c in claims] == [(("gn:p",), "russia")]
    # no acting side named anywhere: a town is retaken by the country it lies in
    claims = _run_with_places(
        "Our reporter spent a day in Snihurivka, the first town retaken in the south.",
        {"Snihurivka": "gn:s"},
        _ua_places("gn:s"),
    )
    assert [(c.place_ids, c.holder) for c in claims] == [(("gn:s",), "ukraine")]


def test_places_listed_after_including_and_lists_running_past_a_region():
    claims = _run(
        "Ukraine's southern command said its units had freed 12 villages in two days, including "
        "Arkhanhelske and Vysokopillia in the north of the region.",
        {"Arkhanhelske": "gn:a", "Vysokopillia": "gn:v"},
    )
    assert [(c.kind, c.place_ids, c.holder, c.value_min, c.period_start) for c in claims] == [
        ("settlement_control", ("gn:a", "gn:v"), "ukraine", None, None),
        ("settlement_count", ("gn:a", "gn:v"), "ukraine", 12.0, "2022-09-08"),  # "12 villages in two days"
    ]
    claims = _run(
        "Ukrainian troops still hold Siversk and Soledar in the Donetsk region and the river port of "
        "Raihorodok.",
        {"Siversk": "gn:si", "Soledar": "gn:so", "Raihorodok": "gn:r"},
    )
    assert [(c.place_ids, c.holder) for c in claims] == [(("gn:si", "gn:so", "gn:r"), "ukraine")]


def test_something_near_a_town_is_not_the_town():
    claims = _run(
        "Ukrainian sappers cleared some 300 hectares of fields near Bilozerka.", {"Bilozerka": "gn:b"}
    )
    assert [(c.kind, c.value_min, c.place_ids) for c in claims] == [("area_gain", 3.0, ("gn:b",))]


def test_distance_to_the_enemys_positions_and_forces_there():
    claims = _run(
        "Zaporizhzhia is now about 40 kilometres from the nearest Russian positions.",
        {"Zaporizhzhia": "gn:z"},
    )
    assert [(c.kind, c.value_min, c.place_ids, c.holder) for c in claims] == [
        ("distance", 40.0, ("gn:z",), "ukraine")
    ]
    claims = _run(
        "Svatove is less than 15 km from the front line, and Russian troops there are digging in.",
        {"Svatove": "gn:s"},
    )
    assert [(c.kind, c.value_max, c.holder) for c in claims] == [("distance", 15.0, "russia")]


def test_fighting_on_the_outskirts_after_an_earlier_subject():
    claims = _run(
        "Russian troops have entered Pisky, a village west of the airport, and are fighting on the outskirts "
        "of Marinka.",
        {"Pisky": "gn:p", "Marinka": "gn:m"},
    )
    assert [(c.place_ids, c.holder) for c in claims] == [(("gn:p",), "russia"), (("gn:m",), "russia")]


def test_area_holder_is_the_speakers_side_not_a_side_in_a_contrasting_clause():
    claims = _run(
        "Ukrainian commanders say they have regained about 300 square kilometres near Kreminna, but Russian "
        "forces remain dug in on the heights.",
        {},
    )
    assert [(c.kind, c.holder, c.claimant, c.affiliation) for c in claims] == [
        ("area_gain", "ukraine", "Ukrainian commanders", "ukraine")
    ]


def test_each_figure_takes_the_date_of_its_own_part_of_the_sentence():
    claims = _run(
        "The general staff said Ukrainian units have recaptured more than 1,000 square kilometres in the "
        "south, up from the 400 square kilometres it reported on October 2.",
        {},
        published="2022-10-05",
    )
    assert [(c.value_min, c.value_max, c.date) for c in claims] == [
        (1000.0, None, "2022-10-05"),
        (400.0, 400.0, "2022-10-02"),
    ]


def test_a_period_start_in_the_previous_sentence_does_not_date_a_linked_sentence():
    claims = _run(
        "Ukrainian forces have retaken 400 square kilometres since launching their offensive on October 1, "
        "according to the southern command. They said units had advanced up to 20 kilometres.",
        {},
        published="2022-10-05",
    )
    assert [(c.kind, c.date) for c in claims] == [
        ("area_gain", "2022-10-05"),
        ("advance_distance", "2022-10-05"),
    ]


def test_a_thrust_or_drive_names_the_acting_side():
    claims = _run("The Russian thrust pushed roughly 10 miles deep into the steppe.", {})
    assert [(c.kind, c.holder) for c in claims] == [("advance_distance", "russia")]


def test_a_date_opening_the_sentence_dates_every_claim_in_it():
    claims = _run(
        "On Monday, Russian troops entered Pisky and were fighting on the outskirts of Marinka.",
        {"Pisky": "gn:p", "Marinka": "gn:m"},
        published="2022-10-05",
    )
    assert [(c.place_ids, c.date) for c in claims] == [(("gn:p",), "2022-10-03"), (("gn:m",), "2022-10-03")]


def test_claimant_after_a_contrast_is_not_the_claims_source_and_according_to_him_is():
    claims = _run(
        "Ukrainian troops entered Kherson on Friday, while Russia's defence ministry announced a pullback.",
        {"Kherson": "gn:k"},
    )
    assert [(c.claimant, c.holder) for c in claims] == [("test", "ukraine")]
    claims = _run(
        "Mayor Ivan Fedorov told reporters that the city was calm. According to him, Ukrainian troops have "
        "entered Vasylivka, but fighting continues.",
        {"Vasylivka": "gn:v"},
    )
    assert [(c.claimant, c.holder) for c in claims] == [("Ivan Fedorov", "ukraine")]
