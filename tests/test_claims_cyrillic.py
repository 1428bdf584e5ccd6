"""Ukrainian and Russian claims (invented sentences, hand-made mentions): control, withdrawal, area, advance,
settlement counts, number words, holders, claimants and periods."""

from __future__ import annotations

import pytest

from geo.extract.claims import find_claims
from geo.extract.claims.cyrillic import language, parse_number, sentence_language
from geo.records import Article, Mention
from geo.text.sentences import split_sentences


def _run(text: str, surfaces: dict[str, str], source: str = "канал", published: str = "2024-08-10"):
    article = Article("t", "t", published, source, text)
    mentions = []
    for surface, pid in surfaces.items():
        start = 0
        while (i := text.find(surface, start)) >= 0:
            mentions.append(Mention("t", i, i + len(surface), surface, pid, confidence=1.0))
            start = i + len(surface)
    mentions.sort(key=lambda m: m.start)
    return find_claims(article, split_sentences(text), mentions, [])


def _rows(claims):
    return [(c.kind, c.place_ids, c.holder, c.value_min, c.value_max) for c in claims]


def test_sentence_language():
    assert sentence_language("Українські підрозділи відійшли від села.") == "uk"
    assert sentence_language("Российские подразделения вошли в город.") == "ru"
    assert sentence_language("Troops entered the town.") is None


@pytest.mark.parametrize(
    "lang,text,value",
    [
        ("uk", "двадцять п'ять", 25.0),
        ("uk", "дві тисячі", 2000.0),
        ("uk", "1 200", 1200.0),
        ("ru", "тридцать", 30.0),
        ("ru", "сорок два", 42.0),
        ("uk", "п'ятсот", 500.0),
        ("ru", "1,5 тыс.", 1500.0),
    ],
)
def test_number_words(lang, text, value):
    assert parse_number(language(lang), text) == value


@pytest.mark.parametrize(
    "text,holder",
    [
        ("Підрозділи Сил оборони звільнили Гряниківку.", "ukraine"),
        ("Українські бійці взяли під контроль село Гряниківка.", "ukraine"),
        ("Російські окупанти зайняли Гряниківку після тижня боїв.", "russia"),
        ("Окупанти відступили з Гряниківки.", "ukraine"),
        ("Российские штурмовые отряды овладели Гряниковкой.", "russia"),
        ("Населённый пункт Гряниковка освобождён российскими войсками.", "russia"),
        ("Подразделения ВСУ отошли из Гряниковки.", "russia"),
    ],
)
def test_control_and_withdrawal(text, holder):
    surface = next(
        w
        for w in ("Гряниківку", "Гряниківка", "Гряниківки", "Гряниковкой", "Гряниковка", "Гряниковки")
        if w in text
    )
    claims = _run(text, {surface: "osm:n1"})
    assert _rows(claims) == [("settlement_control", ("osm:n1",), holder, None, None)]


def test_the_holder_falls_back_to_the_sources_side_and_lists_are_one_claim_per_trigger():
    claims = _run(
        "Звільнено Піщане, Вишневе та Ківшарівку.",
        {"Піщане": "a", "Вишневе": "b", "Ківшарівку": "c"},
        source="Генштаб ЗСУ",
    )
    assert [(c.place_ids, c.holder, c.claimant, c.affiliation) for c in claims] == [
        (("a", "b", "c"), "ukraine", "Генштаб ЗСУ", "ukraine")
    ]


def test_an_attempt_is_no_claim():
    assert _run("Ворог намагався захопити Піщане.", {"Піщане": "a"}) == []
    assert _run("Противник не смог занять Песчаное.", {"Песчаное": "a"}) == []


def test_area_advance_and_counts_with_periods():
    claims = _run(
        "З початку року Сили оборони звільнили понад п'ятсот квадратних кілометрів. "
        "За минулий тиждень українські військові просунулися на 4 км біля Піщаного. "
        "Звільнено 12 населених пунктів.",
        {"Піщаного": "a"},
        source="Генштаб ЗСУ",
    )
    got = [(c.kind, c.holder, c.value_min, c.value_max, c.unit, c.period_start) for c in claims]
    assert got == [
        ("area_gain", "ukraine", 500.0, None, "km2", "2024-01-01"),
        ("advance_distance", "ukraine", 4.0, 4.0, "km", "2024-08-03"),
        ("settlement_count", "ukraine", 12.0, 12.0, "settlements", None),
    ]
    claims = _run(
        "С начала года российские войска освободили более 880 кв. км и продвинулись на 12 километров.",
        {},
        source="Минобороны России",
    )
    assert [(c.kind, c.holder, c.value_min, c.value_max, c.period_start, c.affiliation) for c in claims] == [
        ("area_gain", "russia", 880.0, None, "2024-01-01", "russia"),
        ("advance_distance", "russia", 12.0, 12.0, None, "russia"),
    ]


def test_our_and_the_enemy_resolve_against_the_speakers_side():
    claims = _run("Наші воїни вибили ворога і звільнили Піщане.", {"Піщане": "a"}, source="Генштаб ЗСУ")
    assert [(c.place_ids, c.holder) for c in claims] == [(("a",), "ukraine")]
