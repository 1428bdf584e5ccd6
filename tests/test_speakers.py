"""Speakers directly: phrase splitting, attribution and resolution (surnames, pronouns, organisations), and
sides from cue words and from the places a role names. Wording is made up for these tests."""

from __future__ import annotations

import pytest

from geo.extract.sides import infer_side
from geo.extract.speech.phrases import parse_speaker_phrase
from geo.extract.speech.spans import find_quote_spans
from geo.extract.speech.speakers import attribute, place_sides
from geo.records import Mention, Place
from geo.text.sentences import split_sentences


def _resolve(text: str, sides=None):
    sentences = split_sentences(text)
    spans = [(q.start, q.end) for q in find_quote_spans(text)]
    return [(a, sp) for a, sp in attribute(text, sentences, spans, sides)]


@pytest.mark.parametrize(
    "phrase,expected",
    [
        ("Defence Minister Anna Kowalczyk", ("Anna Kowalczyk", "Defence Minister", "", "person")),
        ("Lindqvist", ("Lindqvist", "", "", "person")),
        ("he", ("", "", "", "pronoun")),
        ("the regional governor", ("", "", "", "description")),
    ],
)
def test_speaker_phrases_split_into_name_role_and_kind(phrase, expected):
    assert parse_speaker_phrase(phrase) == expected


def test_surname_pronoun_and_organisation_resolve_to_earlier_speakers():
    text = (
        "“We will hold the bridge,” said Taras Melnyk, a Ukrainian brigade commander. "
        "“Nothing has changed,” Melnyk added. He said the shelling stopped at dawn.\n\n"
        "Russia’s defence ministry said its units had regrouped. “The operation continues,” it said."
    )
    resolved = [(a.kind, sp.name, sp.side) for a, sp in _resolve(text)]
    assert resolved == [
        ("person", "Taras Melnyk", "ukraine"),
        ("person", "Taras Melnyk", "ukraine"),  # the surname alone
        ("pronoun", "Taras Melnyk", "ukraine"),  # "He"
        ("description", "Russia’s defence ministry", "russia"),
        ("pronoun", "Russia’s defence ministry", "russia"),  # "it" → the last organisation
    ]


def test_an_analyst_at_a_think_tank_is_independent():
    (att, speaker), *_ = _resolve(
        "According to Ilse Brandt, an analyst at a Berlin think tank, the front holds."
    )
    assert att.kind == "person" and speaker.name == "Ilse Brandt"
    assert speaker.role == "an analyst at a Berlin think tank" and speaker.side == "independent"


def test_a_role_naming_a_belligerents_place_takes_that_side():
    text = "The governor of the Romny district, Oleh Danko, wrote on Telegram that power was back."
    sentences = split_sentences(text)
    i = text.index("Romny")
    mentions = [Mention("a", i, i + 5, "Romny", "gn:1", sentence=0)]
    places = {"gn:1": Place("gn:1", "Romny", "settlement", "UA", 50.75, 33.47, "test")}
    sides = place_sides(sentences, mentions, places)
    assert sides == {0: (("Romny", "ukraine"),)}
    [(_, with_place)] = _resolve(text, sides)
    [(_, without)] = _resolve(text)
    assert (with_place.name, with_place.side) == ("Oleh Danko", "ukraine")
    assert without.side == "unknown"


def test_attribution_is_computed_per_call_not_cached_on_the_text():
    text = "The governor of the Romny district, Oleh Danko, wrote that power was back."
    i = text.index("Romny")
    sentences = split_sentences(text)
    places = {"gn:1": Place("gn:1", "Romny", "settlement", "UA", 50.75, 33.47, "test")}
    sides = place_sides(sentences, [Mention("a", i, i + 5, "Romny", "gn:1", sentence=0)], places)
    assert [sp.side for _, sp in _resolve(text, sides)] == ["ukraine"]
    assert [sp.side for _, sp in _resolve(text)] == ["unknown"]  # same text, other inputs: recomputed


@pytest.mark.parametrize(
    "role,side",
    [
        ("a Moscow-appointed official", "russia"),
        ("a spokesman for the Ukrainian navy", "ukraine"),
        ("a professor of war studies", "independent"),
        ("NATO's deputy secretary general", "west"),
        ("a farmer", "unknown"),
    ],
)
def test_sides_come_from_the_profile_cues(role, side):
    assert infer_side(role=role) == side
