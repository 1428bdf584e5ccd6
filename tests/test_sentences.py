"""Sentence spans: abbreviations, initials, spaced ellipses and quotes do not break sentences wrongly."""

from geo.text.sentences import sentence_index, split_sentences


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_splits_on_full_stops_before_capitals():
    assert _texts("Izium fell. Kupiansk is next! Is Lyman? Yes.") == [
        "Izium fell.",
        "Kupiansk is next!",
        "Is Lyman?",
        "Yes.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Gen. Zaluzhnyi spoke. J. R. Smith and Mr. Jones met in the U.S. Army base."
    assert _texts(text) == ["Gen. Zaluzhnyi spoke.", "J. R. Smith and Mr. Jones met in the U.S. Army base."]


def test_closing_quote_stays_with_its_sentence():
    text = "“We are moving forward,” he said. “We will win.” Then he left."
    assert _texts(text) == ["“We are moving forward,” he said.", "“We will win.”", "Then he left."]


def test_spaced_ellipsis_followed_by_lower_case_is_a_pause():
    text = "Good news from the region. . . you have seen the reports. Next."
    assert _texts(text) == ["Good news from the region. . . you have seen the reports.", "Next."]


def test_paragraph_breaks_always_end_a_sentence():
    assert _texts("A headline without a stop\n\nThe body starts here.") == [
        "A headline without a stop",
        "The body starts here.",
    ]


def test_spans_are_trimmed_and_cover_all_text():
    text = "  One.   Two.  \n\n Three  "
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == ["One.", "Two.", "Three"]
    covered = "".join(text[s.start : s.end] for s in spans)
    assert covered.replace(" ", "") == text.replace(" ", "").replace("\n", "")
    assert [s.index for s in spans] == [0, 1, 2]


def test_sentence_index_finds_the_holding_sentence():
    text = "First one. Second one. Third one."
    spans = split_sentences(text)
    assert sentence_index(spans, text.index("Second")) == 1
    assert sentence_index(spans, text.index("Third") + 2) == 2
    assert sentence_index(spans, 0) == 0
    assert sentence_index([], 5) == -1


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


def test_military_ranks_do_not_end_sentences():
    text = "Pentagon spokesman Brig. Gen. Pat Ryder said it. Lt. Col. Smith agreed."
    assert _texts(text) == ["Pentagon spokesman Brig. Gen. Pat Ryder said it.", "Lt. Col. Smith agreed."]
