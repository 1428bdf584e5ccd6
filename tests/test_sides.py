"""Side inference from role, name, organisation and context."""

from __future__ import annotations

import pytest

from geo.extract.sides import infer_side, opposite


@pytest.mark.parametrize(
    "role,name,expected",
    [
        ("Rochan Consulting, a Poland-based military consultancy", "", "independent"),
        ("US scholar", "", "independent"),
        ("US Defense Secretary", "", "west"),
        ("director of the CIA", "", "west"),
        ("", "a Ukrainian soldier at a nearby abandoned Russian fort", "ukraine"),
        ("head of the military-civilian administration for Russian-held areas", "", "russia"),
        ("a former Russian intelligence officer who led separatist forces", "", "russia"),
        ("", "Russia’s Ria Novosti news agency", "russia"),
        ("", "an official deployed by Russia", "russia"),
        ("US-based", "Institute for the Study of War", "independent"),
        ("chief Russia analyst at the CNA think-tank", "", "independent"),
        ("commander of Ukraine’s armed forces", "", "ukraine"),
        ("Presidential adviser", "", "unknown"),
        ("", "videos on social media", "unknown"),
    ],
)
def test_infer_side(role, name, expected):
    assert infer_side(role, name) == expected


def test_context_only_breaks_a_blank_and_only_for_combatants():
    assert (
        infer_side("Presidential adviser", context="What does Ukraine’s counterattack tell the world?")
        == "ukraine"
    )
    assert infer_side("US Defense Secretary", context="Ukrainian forces") == "west"
    assert infer_side("", context="NATO allies") == "unknown"


def test_opposite():
    assert (opposite("ukraine"), opposite("russia"), opposite("west")) == ("russia", "ukraine", "unknown")


@pytest.mark.parametrize(
    "role,expected",
    [
        ("the Moscow-appointed head of the administration", "russia"),
        ("The head of the Kharkov Region's military-civilian administration", "russia"),
        ("Chechen leader", "russia"),
        ("a lecturer in war studies at King's College London", "independent"),
        ("a retired U.S. Army colonel", "independent"),
        ("India's prime minister", "independent"),
    ],
)
def test_more_cues(role, expected):
    assert infer_side(role) == expected


@pytest.mark.parametrize(
    "name", ["Volodymyr Zelensky", "Volodymyr Zelenskiy", "Volodymyr Zelenskyy", "Zelenski"]
)
def test_transliterations_of_a_cue_name(name):
    assert infer_side("", name) == "ukraine"
