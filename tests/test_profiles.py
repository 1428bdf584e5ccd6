"""Conflict profiles and language vocabularies are data: loading, N belligerents, and the shipped files."""

from __future__ import annotations

import re
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


# --------------------------------------------------------------------- shipped profiles, choice, data folder

SYRIA_IRAQ_SIDES = ("syrian-government", "sdf", "isil", "turkey", "rebels", "iraq", "kurdistan-region")


def test_syria_iraq_names_its_belligerents_with_colours_theatre_and_view():
    profile = load_profile("syria-iraq")
    assert set(SYRIA_IRAQ_SIDES) == set(profile.combatants)
    assert set(profile.theatre) == {"SY", "IQ", "TR"}
    assert {"lat", "lon", "zoom"} <= set(profile.default_view)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in profile.colours().values())
    assert len(set(profile.colours()[s] for s in SYRIA_IRAQ_SIDES)) == len(SYRIA_IRAQ_SIDES)


@pytest.mark.parametrize("profile_id", ["russia-ukraine", "syria-iraq", "sudan"])
def test_every_shipped_profile_is_consistent(profile_id):
    profile = load_profile(profile_id)  # _check: every side named is a belligerent, every pattern compiles
    assert profile.id == profile_id and len(profile.combatants) >= 2
    assert all(profile.belligerent(s).opponents for s in profile.combatants)
    assert profile.detect.get("en") and profile.cues("en")


@pytest.mark.parametrize(
    ("description", "side"),
    [
        ("a commander of the Kurdish-led Syrian Democratic Forces", "sdf"),
        ("a spokesman for the Turkish-backed Syrian National Army", "turkey"),
        ("Syrian state television", "syrian-government"),
        ("an official of the Iran-backed Hezbollah movement", "syrian-government"),
        ("a Peshmerga officer", "kurdistan-region"),
        ("the Popular Mobilisation Forces", "iraq"),
        ("a commander in Hayat Tahrir al-Sham", "rebels"),
        ("the group's Amaq news outlet", "isil"),
        ("a researcher at a Beirut think tank", "independent"),
    ],
)
def test_syria_iraq_speaker_sides_from_its_cues(description, side):
    from geo.extract.sides import infer_side, use_profile

    with use_profile(load_profile("syria-iraq")):
        assert infer_side(name=description) == side
    assert infer_side(name=description) != side or side == "independent"  # the default profile knows none


def test_the_enemy_of_a_side_with_several_opponents_is_the_one_the_article_names_most():
    from geo.extract.sides import opposite, use_profile

    profile = load_profile("syria-iraq")
    text = "Islamic State fighters and ISIS sleeper cells attacked; a Turkish drone flew over."
    with use_profile(profile, text):
        assert opposite("sdf") == "isil"  # sdf's opponents: isil, turkey
        assert opposite("iraq") == "isil"  # one opponent
    with use_profile(profile, "Turkish-backed factions and the Turkish army shelled the town."):
        assert opposite("sdf") == "turkey"
    with use_profile(profile, "A quiet day."):
        assert opposite("sdf") == "unknown"  # several opponents, none named: no guess
    assert opposite("ukraine") == "russia"  # outside any article: the default profile


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iraqi forces and the Peshmerga pushed towards Mosul as ISIS fighters fled.", "syria-iraq"),
        ("The RSF shelled Omdurman while the Sudanese army held Port Sudan.", "sudan"),
        ("Russian forces shelled Kharkiv overnight, Ukraine's military said.", "russia-ukraine"),
        ("The weather was mild on Tuesday.", "russia-ukraine"),  # no cue: the default
        ("A delegation from Syria visited Kyiv and Kharkiv to discuss grain from Ukraine.", "russia-ukraine"),
    ],
)
def test_the_profile_is_chosen_from_the_text(text, expected):
    from geo.profiles import choose_profile

    assert choose_profile(text).id == expected


def test_forced_and_declared_profiles_win_and_unknown_ids_are_errors():
    from geo.profiles import choose_profile

    text = "Iraqi forces and the Peshmerga pushed towards Mosul."
    assert choose_profile(text, declared="sudan").id == "sudan"
    assert choose_profile(text, forced="russia-ukraine", declared="sudan").id == "russia-ukraine"
    assert choose_profile(text, forced="auto").id == "syria-iraq"
    with pytest.raises(ProfileError, match="known profiles"):
        choose_profile(text, forced="atlantis")
    with pytest.raises(ProfileError):
        load_profile("../etc/passwd")


def test_a_malformed_profile_names_what_is_wrong():
    bad = tomllib.loads(THREE_SIDES.replace('opponents = ["north"]', 'opponents = ["nowhere"]', 1))
    with pytest.raises(ProfileError, match="nowhere"):
        profile_from_data(bad)
    with pytest.raises(ProfileError, match="pattern"):
        profile_from_data(tomllib.loads(THREE_SIDES.replace('"northern"', '"north(ern"')))


ISLANDS = """
id = "island-war"
label = "A war between two invented island states"
theatre = ["FJ"]
[detect]
en = [["island war|northisle|southisle", 3]]
[default_view]
lat = -17.8
lon = 178.0
zoom = 7
[[belligerents]]
id = "northisle"
label = "Northisle"
colour = "#123456"
combatant = true
opponents = ["southisle"]
[belligerents.adjectives]
en = ["northisle", "northislander"]
[belligerents.cues]
en = [["northisle|northislander|northisle navy", 3]]
[[belligerents]]
id = "southisle"
label = "Southisle"
colour = "#654321"
combatant = true
opponents = ["northisle"]
[belligerents.adjectives]
en = ["southisle", "southislander"]
[belligerents.cues]
en = [["southisle|southislander|southisle defence force", 3]]
"""


def test_a_new_profile_is_one_data_file_in_the_analysts_folder(tmp_path, monkeypatch, capsys):
    """No code: the analyst drops island-war.toml into $FRONTLINE_DATA_DIR/profiles."""
    import json

    from geo.cli import main

    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "island-war.toml").write_text(ISLANDS, encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    assert "island-war" in profile_ids()
    assert load_profile("island-war").colours() == {"northisle": "#123456", "southisle": "#654321"}
    article = tmp_path / "islands.md"
    article.write_text(
        "---\ntitle: Island war\npublished: 2031-03-02\n---\n"
        "Southislander troops recaptured Suva on Monday, the Southisle Defence Force said.\n"
        '"We hold the harbour," said Ana Tui, a spokeswoman for the Southisle Defence Force.\n',
        encoding="utf-8",
    )
    assert main(["extract", str(article), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["profile"] for a in data["articles"]] == ["island-war"]
    assert {q["affiliation"] for q in data["quotes"]} == {"southisle"}
    assert {c["holder"] for c in data["claims"] if c["kind"] == "settlement_control"} == {"southisle"}


def test_the_map_legend_and_colours_come_from_the_profile():
    from geo.mapping.legend import legend_html
    from geo.mapping.style import holder_color

    default = legend_html(["places"])
    assert "Ukraine" in default and "Russia" in default
    sudan = legend_html(["places"], profile="sudan")
    assert "Rapid Support Forces" in sudan and "Sudanese Armed Forces" in sudan and "Ukraine" not in sudan
    assert holder_color("rsf") == load_profile("sudan").colours()["rsf"]
    assert holder_color("sdf") == load_profile("syria-iraq").colours()["sdf"]
    assert (holder_color("ukraine"), holder_color("russia")) == ("#1f5fbf", "#c0392b")


def test_an_articles_sides_come_from_its_profile_column():
    import pandas as pd

    from geo.profiles import profile_sides

    table = pd.DataFrame({"article_id": ["a", "b"], "profile": ["sudan", ""]})
    assert profile_sides(table, "a") == ("saf", "rsf", "independent", "unknown")
    assert profile_sides(table, "b") == SIDES  # no profile recorded: the default's
    assert profile_sides(table.drop(columns="profile"), "a") == SIDES
