"""Conflict profiles and language vocabularies are data: loading, N belligerents, and the shipped files."""

from __future__ import annotations

import tomllib

import pytest

from geo.lang import VocabularyError, languages, vocabulary
from geo.profiles import ProfileError, load_profile, profile_from_data, profile_ids
from geo.records import SIDES

THREE_SIDES = """
id = "test-three"
theatre = ["AA", "BB", "CC"]
independent = "monitors"
[[belligerents]]
id = "north"
colour = "#111111"
combatant = true
countries = ["AA"]
opponents = ["south", "east"]
[belligerents.cues]
en = [["northern", 2]]
[[belligerents]]
id = "south"
combatant = true
countries = ["BB"]
opponents = ["north"]
[belligerents.names]
en = ["southland"]
[[belligerents]]
id = "east"
combatant = true
countries = ["CC"]
opponents = ["north"]
[[belligerents]]
id = "monitors"
"""


def test_the_shipped_profile_keeps_todays_sides():
    profile = load_profile()
    assert profile.sides == SIDES
    assert profile.combatants == ("ukraine", "russia")
    assert profile.country_sides() == {"UA": "ukraine", "RU": "russia"}
    assert (profile.opposite("ukraine"), profile.opposite("west")) == ("russia", "unknown")
    assert set(profile.colours()) == {"ukraine", "russia", "west", "independent"}
    assert profile_ids() == ("russia-ukraine", "sudan", "syria-iraq")


def test_named_people_are_data_with_a_source_per_row():
    people = load_profile().people
    assert people and all(c.source.startswith("https://") for c in people)


def test_a_profile_with_three_belligerents():
    profile = profile_from_data(tomllib.loads(THREE_SIDES))
    assert profile.sides == ("north", "south", "east", "monitors", "unknown")
    assert profile.combatants == ("north", "south", "east")
    assert profile.country_sides() == {"AA": "north", "BB": "south", "CC": "east"}
    assert profile.opposite("south") == "north"
    assert profile.opposite("north") == "unknown"  # two opponents: "the enemy" is not one side
    assert profile.speaker_names() == {"southland": "south"}
    assert [(c.pattern, c.side) for c in profile.cues()] == [("northern", "north")]


def test_a_malformed_profile_is_a_profile_error():
    with pytest.raises(ProfileError):
        profile_from_data({"id": "x", "belligerents": [{"label": "no id"}]})


def test_languages_are_folders_of_vocabulary():
    assert "en" in languages()
    en = vocabulary("en")
    assert en.number_words["fifty"] == 50 and en.number_words["several"] == 3
    assert "minister" in en.words("speech", "titles")
    assert "said" in en.alternation("speech", "verbs").split("|")
    with pytest.raises(VocabularyError):
        vocabulary("xx")
