"""Articles about other wars under their conflict profiles: the profile is chosen from the text (or forced),
places resolve in the theatre's countries, and claims and quotes carry that profile's belligerents.

The articles under tests/data/profiles/ are written for these tests (a news report, an official statement,
a channel post about Syria and Iraq; a news report about Sudan), with transliteration variants of the same
places (Raqqa / Ar-Raqqah, Deir ez-Zor / Dayr az Zawr, al-Bab / Al Bab).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.extract.pipeline import Resources, extract_paths
from geo.profiles import load_profile

DATA = Path(__file__).parent / "data" / "profiles"
SYRIA_NEWS = DATA / "syria-news-raqqa-afrin.md"
SYRIA_POST = DATA / "syria-telegram-deir-ez-zor.md"
IRAQ_STATEMENT = DATA / "iraq-statement-mosul.md"
SUDAN_NEWS = DATA / "sudan-news-wad-madani.md"


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources(load_record=False)


@pytest.fixture(scope="module")
def extracted(resources):
    result = extract_paths(sorted(DATA.glob("*.md")), resources=resources)
    places = {p.place_id: p for p in result.places}
    return result, places


def _mentions(extracted, article: str, surface: str):
    result, places = extracted
    found = [m for m in result.mentions if m.article_id == article and m.surface.lower() == surface.lower()]
    assert found, f"{surface!r} not found in {article}"
    return [places.get(m.place_id) for m in found]


def _claims(extracted, article: str, place_name: str):
    result, places = extracted
    return [
        c
        for c in result.claims
        if c.article_id == article and any(place_name in places[p].name for p in c.place_ids if p in places)
    ]


def test_each_article_gets_its_conflicts_profile(extracted):
    result, _ = extracted
    chosen = {a.article_id: a.profile for a in result.articles}
    assert chosen == {
        "syria-news-raqqa-afrin": "syria-iraq",
        "syria-telegram-deir-ez-zor": "syria-iraq",
        "iraq-statement-mosul": "syria-iraq",
        "sudan-news-wad-madani": "sudan",
    }


@pytest.mark.parametrize(
    ("article", "surfaces", "country"),
    [
        ("syria-news-raqqa-afrin", ("Ar-Raqqah", "RAQQA"), "SY"),
        ("syria-telegram-deir-ez-zor", ("Raqqa",), "SY"),
        ("syria-news-raqqa-afrin", ("Dayr az Zawr",), "SY"),
        ("syria-telegram-deir-ez-zor", ("Deir ez-Zor",), "SY"),
        ("syria-news-raqqa-afrin", ("Afrin", "Bab"), "SY"),
        ("syria-telegram-deir-ez-zor", ("Al Bab", "Al Mayadin"), "SY"),
        ("iraq-statement-mosul", ("Mosul", "Tal Afar", "Qayyarah"), "IQ"),
        ("sudan-news-wad-madani", ("Wad Madani", "El Fasher", "Omdurman", "Khartoum"), "SD"),
    ],
)
def test_places_resolve_in_the_theatre(extracted, article, surfaces, country):
    for surface in surfaces:
        for place in _mentions(extracted, article, surface):
            assert place is not None and place.country_code == country, (surface, place)


def test_transliteration_variants_are_one_place(extracted):
    ids = lambda article, surface: {p.place_id for p in _mentions(extracted, article, surface)}  # noqa: E731
    assert ids("syria-news-raqqa-afrin", "Ar-Raqqah") == ids("syria-telegram-deir-ez-zor", "Raqqa")
    assert ids("syria-news-raqqa-afrin", "Dayr az Zawr") == ids("syria-telegram-deir-ez-zor", "Deir ez-Zor")
    assert ids("syria-news-raqqa-afrin", "Bab") == ids("syria-telegram-deir-ez-zor", "Al Bab")


@pytest.mark.parametrize(
    ("article", "place", "holder"),
    [
        ("syria-news-raqqa-afrin", "Raqqah", "sdf"),  # "The SDF … had captured Ar-Raqqah"
        ("syria-news-raqqa-afrin", "Bāb", "turkey"),  # "Turkish-backed factions … took control of al-Bab"
        ("syria-news-raqqa-afrin", "Tabqa", "sdf"),  # an SDF commander: "the enemy had withdrawn from Tabqa"
        ("syria-telegram-deir-ez-zor", "Mayādīn", "syrian-government"),  # "SAA units took control of …"
        ("iraq-statement-mosul", "Qayyārah", "iraq"),  # the command's spokesman: "the enemy had withdrawn"
        ("sudan-news-wad-madani", "Wad Medani", "saf"),
    ],
)
def test_claims_carry_the_profiles_belligerent(extracted, article, place, holder):
    claims = _claims(extracted, article, place)
    assert claims, f"no claim about {place} in {article}"
    assert {c.holder for c in claims} == {holder}


def test_a_withdrawal_claimed_by_one_side_is_held_by_the_other(extracted):
    claims = _claims(extracted, "sudan-news-wad-madani", "Wad Medani")
    (claim,) = [c for c in claims if c.affiliation == "rsf"]
    assert claim.holder == "saf" and "withdrawn" in claim.evidence


@pytest.mark.parametrize(
    ("speaker", "side"),
    [("Nuri Hamdan", "sdf"), ("Halil Ozturan", "turkey"), ("Saad Maan", "iraq"), ("Nabil Abdallah", "saf")],
)
def test_quotes_carry_the_speakers_belligerent(extracted, speaker, side):
    result, _ = extracted
    (quote,) = [q for q in result.quotes if q.speaker == speaker]
    assert quote.affiliation == side


def test_every_side_written_is_a_belligerent_of_the_articles_profile(extracted):
    result, _ = extracted
    profiles = {a.article_id: load_profile(a.profile) for a in result.articles}
    for record in (*result.claims, *result.quotes):
        sides = profiles[record.article_id].sides
        assert record.affiliation in sides
        assert getattr(record, "holder", "unknown") in sides


def test_a_forced_profile_overrides_the_detected_one(tmp_path, capsys):
    assert main(["extract", str(SUDAN_NEWS), "--json", "--profile", "russia-ukraine"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["profile"] for a in data["articles"]] == ["russia-ukraine"]
    assert not {c["holder"] for c in data["claims"]} & {"saf", "rsf"}
    # front matter names the profile: it wins over the text's cues
    article = tmp_path / "declared.md"
    article.write_text("---\ntitle: t\nprofile: sudan\n---\n" + SYRIA_NEWS.read_text().split("---\n", 2)[2])
    assert main(["extract", str(article), "--json"]) == 0
    assert [a["profile"] for a in json.loads(capsys.readouterr().out)["articles"]] == ["sudan"]


def test_an_unknown_profile_is_a_one_line_usage_error(capsys):
    assert main(["extract", str(SUDAN_NEWS), "--profile", "atlantis"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "atlantis" in err and "syria-iraq" in err
