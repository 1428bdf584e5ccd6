"""Absolute dates from the publication date: weekdays, relative days, explicit dates, context days."""

from __future__ import annotations

import pytest

from geo.extract.speech.dates import (
    date_for_sentence,
    find_date_expressions,
    resolve_date,
    resolve_expression,
    sentence_dates,
    statement_date,
)
from geo.records import Article
from geo.text.sentences import split_sentences


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("said on Thursday", "2022-09-08", "2022-09-08"),  # a Thursday: the same day
        ("said Thursday", "2022-09-09", "2022-09-08"),
        ("By Friday afternoon", "2022-09-09", "2022-09-09"),
        ("on Wednesday", "2022-09-09", "2022-09-07"),
        ("last Friday", "2022-09-09", "2022-09-02"),
        ("yesterday", "2022-09-09", "2022-09-08"),
        ("today", "2022-09-09", "2022-09-09"),
        ("last week", "2022-09-09", "2022-09-02"),
        ("this week", "2022-09-09", "2022-09-09"),
        ("two days ago", "2022-09-13", "2022-09-11"),
        ("on September 5", "2022-09-09", "2022-09-05"),
        ("5 September", "2022-09-09", "2022-09-05"),
        ("Sept. 6", "2022-09-09", "2022-09-06"),
        ("on December 30", "2023-01-02", "2022-12-30"),
        ("on 2022-08-24", "2022-09-09", "2022-08-24"),
    ],
)
def test_resolve_date(text, published, expected):
    assert resolve_date(text, published) == expected


def test_context_days_follow_the_day_in_context():
    assert resolve_date("that afternoon", "2022-09-09", context_date="2022-09-07") == "2022-09-07"
    assert resolve_date("the next day", "2022-09-09", context_date="2022-09-07") == "2022-09-08"
    assert resolve_date("that afternoon", "2022-09-09") == "2022-09-09"


def test_month_only_period_edges_and_modal_may_are_not_dates():
    assert find_date_expressions("since January, in February, in 2014, Russia may 5 times") == []
    assert resolve_date("advanced since Saturday", "2022-09-12") is None


def test_unknown_publication_date_gives_none_for_relative_dates():
    assert resolve_date("on Thursday", None) is None
    assert resolve_date("on September 5, 2022", None) == "2022-09-05"


def test_sentence_dates_carry_only_through_chained_sentences():
    text = (
        "Officials said on Monday that the bridge was hit. He added that repairs would take weeks. "
        "A photo shows a building in Kharkiv on Wednesday. “We will rebuild,” the mayor said. "
        "That afternoon, more strikes followed."
    )
    article = Article("t", "t", "2022-09-09", "test", text)
    sentences = split_sentences(text)
    dates = [d.date for d in sentence_dates(article, sentences)]
    assert dates == ["2022-09-05", "2022-09-05", "2022-09-07", "2022-09-09", "2022-09-09"]
    assert date_for_sentence(article, sentences, 1) == "2022-09-05"


def test_statement_date_reads_the_phrase_after_the_verb():
    text = "Zaluzhnyi wrote on Facebook on Friday that Izium was retaken on September 10."
    article = Article("t", "t", "2022-09-12", "test", text)
    sentences = split_sentences(text)
    verb_end = text.index("wrote") + len("wrote")
    assert statement_date(article, sentences, 0, verb_end) == "2022-09-09"
    assert date_for_sentence(article, sentences, 0, anchor=text.index("retaken")) == "2022-09-10"


def test_earlier_in_the_day_is_the_day_in_context():
    assert resolve_date("Earlier in the day, the army said", "2022-10-05", "2022-10-03") == "2022-10-03"
    assert resolve_date("later in the day", "2022-10-05", "2022-10-04") == "2022-10-04"
    text = (
        "On October 3, the mayor spoke to reporters. He said the bridge had reopened. "
        "Earlier in the day, the army said it had retaken two villages."
    )
    article = Article("t", "t", "2022-10-05", "test", text)
    assert [d.date for d in sentence_dates(article, split_sentences(text))] == ["2022-10-03"] * 3


def test_an_event_starting_a_period_is_not_the_day_reported():
    assert (
        find_date_expressions("retook 200 sq km since launching the offensive on Oct. 1, officials said")
        == []
    )
    assert find_date_expressions("until crossing the river on 4 October") == []
    assert resolve_date("since Russia attacked on Monday", "2022-10-05") == "2022-10-03"  # not a gerund


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("У неділю підрозділи відійшли на нові рубежі.", "2023-03-05"),  # published Wednesday 2023-03-08
        ("Во вторник колонна прошла через мост.", "2023-03-07"),
        ("Обстріл почався 2 березня.", "2023-03-02"),
        ("Штурм начался 28 февраля 2023 года.", "2023-02-28"),
        ("Вчора ввечері пролунали вибухи.", "2023-03-07"),
        ("Вчера губернатор сообщил о пожаре.", "2023-03-07"),
        ("Позавчора тривога тривала три години.", "2023-03-06"),
        ("Сегодня утром дроны атаковали склад.", "2023-03-08"),
        ("В п’ятницю розпочалася евакуація.", "2023-03-03"),
    ],
)
def test_ukrainian_and_russian_day_phrases(text, expected):
    found = find_date_expressions(text)
    assert found and resolve_expression(found[0], "2023-03-08") == expected
