"""Ukrainian and Russian quotations and speakers, on texts written for these tests (one of each kind:
General Staff summary, governor's Telegram post, ministry statement, milblogger post, wire report)."""

from __future__ import annotations

import pytest

from geo.extract.speech.cyrillic import language_of
from geo.extract.speech.quotes import find_quotes
from geo.records import Article
from geo.text.sentences import split_sentences

# (text, [(start of the quotation, the speaker's name or organisation as found)])
TEXTS = {
    "uk-general-staff": (
        "Генеральний штаб ЗСУ оприлюднив ранкове зведення. «Протягом доби відбито 14 атак противника на "
        "Покровському напрямку», — повідомили в Генштабі ЗСУ. «Ворог зазнав значних втрат», — наголосили "
        "у зведенні.",
        [("Протягом доби", "Генштаб ЗСУ")],
    ),
    "uk-governor": (
        "Начальник Сумської ОВА Петро Коваленко написав у Telegram: «Уночі росіяни обстріляли громаду з "
        "артилерії». «Загиблих немає, пошкоджено два будинки», — додав він.\n\n"
        "«Прошу всіх залишатися в укриттях», — наголосив Коваленко.",
        [("Уночі", "Петро Коваленко"), ("Загиблих", "Петро Коваленко"), ("Прошу", "Петро Коваленко")],
    ),
    "uk-ministry": (
        "«Партнери передали нову партію снарядів», — заявив міністр оборони Іван Мельничук. За його "
        "словами, постачання триватимуть. «Це лише початок», — сказав міністр.",
        [("Партнери", "Іван Мельничук"), ("Це лише", "Іван Мельничук")],
    ),
    "uk-milblogger": (
        "Військовий блогер Андрій Гуменюк пише, що ситуація складна. «Противник тисне на флангах, нам "
        "бракує дронів», — написав Гуменюк.",
        [("Противник тисне", "Андрій Гуменюк")],
    ),
    "uk-wire": (
        "Речниця Повітряних сил Марія Бондар розповіла журналістам: «Збито дев'ять ракет із дванадцяти». "
        "„Решта влучила в енергетичну інфраструктуру“, — зазначила Бондар.",
        [("Збито", "Марія Бондар"), ("Решта", "Марія Бондар")],
    ),
    "ru-general-staff": (
        "«Подразделения группировки войск „Центр“ улучшили положение по переднему краю», — сообщили в "
        "Минобороны России.",
        [("Подразделения", "Минобороны России")],
    ),
    "ru-governor": (
        "Губернатор Курской области Сергей Волков написал в своем канале: «Ночью над регионом сбиты семь "
        "беспилотников». «Пострадавших нет», — уточнил Волков.",
        [("Ночью", "Сергей Волков"), ("Пострадавших", "Сергей Волков")],
    ),
    "ru-ministry": (
        "«Противник потерял до 300 военнослужащих», — заявил официальный представитель Минобороны Олег "
        "Семенов. «Наступление продолжается», — добавил генерал.",
        [("Противник", "Олег Семенов"), ("Наступление", "unknown")],
    ),
    "ru-milblogger": (
        "Военкор Павел Орлов отмечает ухудшение обстановки. «Наши позиции под Ивановкой обстреливают "
        "круглые сутки», — пишет Орлов.",
        [("Наши позиции", "Павел Орлов")],
    ),
    "ru-wire": (
        "Пресс-секретарь президента Дмитрий Смирнов заявил журналистам, что переговоры не ведутся. «Условия "
        "для переговоров пока отсутствуют», — сказал Смирнов. По словам Смирнова, решение за Киевом.",
        [("Условия", "Дмитрий Смирнов")],
    ),
}


def _quotes(text: str):
    return find_quotes(Article("t", "", None, "", text), split_sentences(text), [])


def test_quotes_found_with_the_right_speaker():
    right = total = 0
    for text, expected in TEXTS.values():
        quotes = _quotes(text)
        for start, speaker in expected:
            total += 1
            q = next((q for q in quotes if q.text.startswith(start)), None)
            right += q is not None and (speaker == "unknown" or q.speaker == speaker)
    assert right / total >= 0.8, (right, total)


@pytest.mark.parametrize("key", ["uk-governor", "uk-ministry", "ru-governor", "ru-wire"])
def test_every_quote_has_its_speaker(key):
    text, expected = TEXTS[key]
    quotes = {q.text[:12]: q.speaker for q in _quotes(text)}
    assert [(s, sp) for s, sp in expected if sp != "unknown"] == [
        (s, next(v for k, v in quotes.items() if k.startswith(s[:12])))
        for s, sp in expected
        if sp != "unknown"
    ]


def test_quotes_keep_their_language():
    assert {q.language for q in _quotes(TEXTS["uk-governor"][0])} == {"uk"}
    assert {q.language for q in _quotes(TEXTS["ru-ministry"][0])} == {"ru"}
    assert language_of("Officials said so.") == "en"


def test_role_and_side_from_the_office():
    q = _quotes(TEXTS["uk-governor"][0])[0]
    assert q.role == "Начальник Сумської ОВА" and q.affiliation == "ukraine"
    q = _quotes(TEXTS["ru-ministry"][0])[0]
    assert q.role == "официальный представитель Минобороны" and q.affiliation == "russia"


def test_a_bare_title_refers_back_to_the_person_with_it():
    quotes = _quotes(TEXTS["uk-ministry"][0])
    assert [q.speaker for q in quotes] == ["Іван Мельничук", "Іван Мельничук"]
