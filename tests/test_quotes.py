"""Quotes on the sample and the hand-written articles against gold; speaker and scare-quote rules."""

from __future__ import annotations

import pytest

from geo.quotes import find_quote_spans, find_quotes
from geo.records import Article
from geo.sentences import split_sentences
from tests.gold_eval import HANDWRITTEN_IDS, SAMPLE_IDS, extract, find_quote, gold, norm, quote_matches

ALL_IDS = SAMPLE_IDS + HANDWRITTEN_IDS


@pytest.mark.parametrize("article_id", ALL_IDS)
def test_every_gold_quote_is_found_with_speaker_side_and_date(article_id):
    quotes = extract(article_id).quotes
    failures = []
    for expected in gold(article_id, "quotes")["quotes"]:
        found = find_quote(quotes, expected["text"])
        if found is None:
            if expected["required"]:
                failures.append(f"missing: {expected['text']!r}")
            continue
        failures += [f"{expected['text'][:40]!r}: {p}" for p in quote_matches(found, expected)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("article_id", ALL_IDS)
def test_no_scare_quote_or_unlisted_quote_is_reported(article_id):
    quotes = extract(article_id).quotes
    g = gold(article_id, "quotes")
    for scare in g["not_quotes"]:
        assert not any(norm(q.text) == norm(scare) for q in quotes), scare
    unlisted = [q.text for q in quotes if not any(norm(e["text"]) in norm(q.text) for e in g["quotes"])]
    assert not unlisted


def test_quote_ids_and_offsets():
    ex = extract(SAMPLE_IDS[0])
    assert [q.quote_id for q in ex.quotes] == [f"{SAMPLE_IDS[0]}:q{n}" for n in range(1, len(ex.quotes) + 1)]
    for q in ex.quotes:
        assert norm(q.text).startswith(norm(ex.article.text[q.start : q.end]).rstrip(",")[:20])


def test_split_quote_is_joined_into_one():
    ex = extract(SAMPLE_IDS[0])
    joined = find_quote(ex.quotes, "The Ukrainian armed forces have inspired")
    assert joined is not None and "Russian forces continue to brutally bomb" in joined.text


def test_quote_links_places_named_in_it_and_its_sentence():
    ex = extract(SAMPLE_IDS[1])
    austin = find_quote(ex.quotes, "success in Kherson now")
    assert austin is not None and austin.place_ids == ("gn:prague", "gn:kherson", "gn:kharkiv")


def _article(text: str, published: str = "2022-09-09") -> Article:
    return Article("t", "t", published, "test", text)


def test_straight_quotes_pronoun_and_surname_resolution():
    text = (
        'Kremlin spokesman Dmitry Peskov said on Monday that talks had stalled. "We see no basis for '
        'negotiations at this stage," he said. "The operation continues as planned," Peskov added.'
    )
    a = _article(text, "2022-09-13")
    quotes = find_quotes(a, split_sentences(text), [])
    assert [(q.speaker, q.affiliation, q.date) for q in quotes] == [
        ("Dmitry Peskov", "russia", "2022-09-12"),
        ("Dmitry Peskov", "russia", "2022-09-12"),
    ]
    assert quotes[0].role == "Kremlin spokesman"


def test_descriptive_speaker_keeps_its_description():
    text = (
        "“We walked for two days to get out of the village,” a local resident near the front told reporters."
    )
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert quotes[0].speaker == "a local resident" and quotes[0].affiliation == "unknown"


def test_short_quote_without_attribution_is_a_scare_quote():
    text = "Officials described the so-called “goodwill gesture” as a withdrawal."
    assert find_quotes(_article(text), split_sentences(text), []) == []


def test_unclosed_quote_runs_to_paragraph_end():
    text = "“The first sentence of a long quote that goes on.\n\nNew paragraph."
    spans = find_quote_spans(text)
    assert len(spans) == 1 and text[spans[0].inner_start : spans[0].inner_end].endswith("goes on.")
