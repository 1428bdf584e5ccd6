"""Property-based fuzzing of ingest and extraction on arbitrary news-like text (hypothesis).

Properties: building an article either succeeds or raises IngestError; extraction never raises; every
sentence, mention, quote and claim offset slices the stored text to what the record reports; two runs give
identical output. One test runs a bounded 10,000 examples (it is part of the normal suite, so CI runs it).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.extract.pipeline import ArticleExtraction, Resources, extract_article
from geo.ingest import IngestError, article_from_text, clean_body
from geo.records import Article
from geo.text.sentences import split_sentences

PLACE_LIKE = [
    "Kharkiv",
    "Balakliia",
    "Kupiansk",
    "Izium",
    "Kyiv",
    "Moscow",
    "Kherson",
    "Donetsk",
    "Lyman",
    "Bakhmut",
    "Paris",
    "Springfield",
    "Georgia",
    "Washington",
    "Dnipro",
    "Crimea",
    "Харків",
    "Балаклія",
    "Ізюм",
    "Kharkiv region",
    "New York",
    "St. Petersburg",
    "Sloviansk",
    "Zaporizhzhia",
]
WORDS = [
    "the",
    "said",
    "troops",
    "forces",
    "Ukrainian",
    "Russian",
    "President",
    "General",
    "took",
    "retook",
    "captured",
    "liberated",
    "square",
    "kilometers",
    "km",
    "km2",
    "miles",
    "advanced",
    "near",
    "outskirts",
    "of",
    "in",
    "on",
    "Thursday",
    "Friday",
    "September",
    "2022",
    "army",
    "officials",
    "spokesman",
    "claimed",
    "control",
    "under",
    "our",
    "city",
    "village",
    "town",
    "region",
    "oblast",
    "Gen.",
    "Mr.",
    "U.S.",
    "war",
    "звільнили",
    "війська",
    "заявив",
    "місто",
    "Зеленський",
    "Putin",
    "Zelensky",
    "told",
    "wrote",
    "added",
]
PUNCT = [" ", " ", " ", ", ", ". ", "! ", "? ", "; ", ": ", " - ", " — ", "…", "\n", "\n\n", "\t", "  "]
QUOTES = ['"', "“", "”", "'", "‘", "’", "«", "»", "„", "[", "]", "(", ")"]
TAGS = ["<p>", "</p>", "<b>", "</div>", "<br>", "&amp;", "&ldquo;", "<script>", "-->"]
NUMBERS = ["700", "1,000", "45 to 50", "3.5", "20", "0", "12 000", "10-15", "½", "٣", "1e9"]

token = st.one_of(
    st.sampled_from(PLACE_LIKE),
    st.sampled_from(WORDS),
    st.sampled_from(PUNCT),
    st.sampled_from(QUOTES),
    st.sampled_from(TAGS),
    st.sampled_from(NUMBERS),
    st.text(max_size=6),  # anything at all: control characters, surrogates excluded by hypothesis, emoji …
    st.text(
        alphabet="АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя", min_size=1, max_size=8
    ),
    st.builds(
        str.capitalize, st.text(alphabet="aeiouybcdfghklmnprstvz", min_size=3, max_size=9)
    ),  # unknown names
)
news_like = st.lists(token, max_size=40).map("".join)
raw_text = st.one_of(news_like, st.text(max_size=200))


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources(load_record=False)


def build(raw: str) -> Article | None:
    try:
        return article_from_text(raw, "fuzz", published="2022-09-08")
    except IngestError:
        return None


def check_offsets(article: Article, part: ArticleExtraction) -> None:
    text = article.text
    for m in part.mentions:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start : m.end] == m.surface, m
        assert m.article_id == article.article_id
    for q in part.quotes:
        if q.start >= 0:
            assert 0 <= q.start <= q.end <= len(text), q
            head = " ".join(text[q.start : q.end].split()).rstrip(",;:").strip()
            assert q.text.startswith(head), (q, head)
    for c in part.claims:
        if c.start >= 0:
            assert 0 <= c.start <= c.end <= len(text), c
            assert text[c.start : c.end] == c.evidence, c


@settings(max_examples=1_000, deadline=None)
@given(raw_text)
def test_article_from_text_returns_an_article_or_ingest_error(raw):
    article = build(raw)
    if article is not None:
        assert article.text and article.text == article.text.strip()
        assert clean_body(article.text) == article.text  # stored text is a fixed point of cleaning
        for s in split_sentences(article.text):
            assert 0 <= s.start < s.end <= len(article.text)
            assert article.text[s.start : s.end].strip() == article.text[s.start : s.end]


@pytest.mark.slow
@settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(raw_text)
def test_extraction_fuzz_10k_never_raises_offsets_slice_and_is_deterministic(resources, raw):
    article = build(raw)
    if article is None:
        return
    first = extract_article(article, resources)
    check_offsets(article, first)
    assert extract_article(article, resources) == first
