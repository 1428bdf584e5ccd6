"""Quotes on the sample and the hand-written articles against gold; speaker and scare-quote rules."""

from __future__ import annotations

from geo.extract.speech.quotes import find_quotes
from geo.extract.speech.spans import find_quote_spans
from geo.records import Article, Mention, Place
from geo.text.sentences import split_sentences


def test_every_gold_quote_is_found_with_speaker_side_and_date(gold_id, gold_eval):
    article_id = gold_id
    quotes = gold_eval.extract(article_id).quotes
    failures = []
    for expected in gold_eval.gold(article_id, "quotes")["quotes"]:
        found = gold_eval.find_quote(quotes, expected["text"])
        if found is None:
            if expected["required"]:
                failures.append(f"missing: {expected['text']!r}")
            continue
        failures += [f"{expected['text'][:40]!r}: {p}" for p in gold_eval.quote_matches(found, expected)]
    assert not failures, "\n".join(failures)


def test_no_scare_quote_or_unlisted_quote_is_reported(gold_id, gold_eval):
    article_id = gold_id
    quotes = gold_eval.extract(article_id).quotes
    g = gold_eval.gold(article_id, "quotes")
    for scare in g["not_quotes"]:
        assert not any(gold_eval.norm(q.text) == gold_eval.norm(scare) for q in quotes), scare
    unlisted = [
        q.text
        for q in quotes
        if not any(gold_eval.norm(e["text"]) in gold_eval.norm(q.text) for e in g["quotes"])
    ]
    assert not unlisted


def test_quote_ids_and_offsets(gold_eval):
    ex = gold_eval.extract(gold_eval.SAMPLE_IDS[0])
    assert [q.quote_id for q in ex.quotes] == [
        f"{gold_eval.SAMPLE_IDS[0]}:q{n}" for n in range(1, len(ex.quotes) + 1)
    ]
    for q in ex.quotes:
        assert gold_eval.norm(q.text).startswith(
            gold_eval.norm(ex.article.text[q.start : q.end]).rstrip(",")[:20]
        )


def test_split_quote_is_joined_into_one(gold_eval):
    ex = gold_eval.extract(gold_eval.SAMPLE_IDS[0])
    joined = gold_eval.find_quote(ex.quotes, "The Ukrainian armed forces have inspired")
    assert joined is not None and "Russian forces continue to brutally bomb" in joined.text


def test_quote_links_places_named_in_it_and_its_sentence(gold_eval):
    ex = gold_eval.extract(gold_eval.SAMPLE_IDS[1])
    austin = gold_eval.find_quote(ex.quotes, "success in Kherson now")
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


def _mention(text: str, surface: str, pid: str) -> Mention:
    i = text.index(surface)
    return Mention("t", i, i + len(surface), surface, pid, confidence=1.0)


def test_role_naming_a_ukrainian_or_russian_place_gives_the_side():
    text = 'Oleh Syniehubov, the governor of the Kharkiv region, said: "The city is not yet safe."'
    places = {"gn:kh": Place("gn:kh", "Kharkiv Oblast", "region", "UA", 49.5, 36.5, "test")}
    a = _article(text)
    mentions = [_mention(text, "Kharkiv region", "gn:kh")]
    quote = find_quotes(a, split_sentences(text), mentions, places=places)[0]
    assert (quote.speaker, quote.affiliation) == ("Oleh Syniehubov", "ukraine")
    assert find_quotes(a, split_sentences(text), mentions)[0].affiliation == "unknown"  # no places given


def test_places_in_the_speakers_role_are_not_places_of_the_quote():
    text = '"We will keep going," US Defense Secretary Lloyd Austin said in Prague.'
    mentions = [_mention(text, "US", "gn:us"), _mention(text, "Prague", "gn:prague")]
    quote = find_quotes(_article(text), split_sentences(text), mentions)[0]
    assert quote.place_ids == ("gn:prague",)


def test_introduced_person_age_and_title_before_name():
    text = (
        "Chechen leader Ramzan Kadyrov, a close ally of President Vladimir Putin, complained on Telegram. "
        '"Changes must be made," Kadyrov wrote. Halyna Kovalenko, 67, said the soldiers had left. '
        '"We waited six months," she said. Kharkiv\'s mayor, Ihor Terekhov, said the city had power. '
        'One milblogger, writing on Telegram, stated that "the front has stabilized for now."'
    )
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert [(q.speaker, q.affiliation) for q in quotes] == [
        ("Ramzan Kadyrov", "russia"),
        ("Halyna Kovalenko", "unknown"),
        ("One milblogger", "russia"),
    ]
    assert quotes[0].role == "a close ally of President Vladimir Putin"


def test_according_to_clause_is_not_a_role():
    text = (
        "According to Konashenkov, the enemy's attempts to cross were thwarted. \"The enemy was driven "
        'back," he said.'
    )
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert quotes[0].role == ""


def test_role_reference_resolves_to_a_person_just_named():
    text = (
        "Alexander Lukashenko has accused Warsaw of massing troops on the border. In a televised speech, "
        'the Belarusian president said: "We will answer any provocation."'
    )
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert [q.speaker for q in quotes] == ["Alexander Lukashenko"]
    text = (
        "That Moldova has stayed calm surprised many. In a statement, the Moldovan president said: "
        '"We are not a party to this war."'
    )
    assert [q.speaker for q in find_quotes(_article(text), split_sentences(text), [])] != ["That Moldova"]


def test_role_reference_resolves_to_the_latest_person_with_that_title_and_side():
    text = (
        "Talks with Ukraine's defence minister Oleksii Reznikov ended late on Tuesday. "
        "Officials in Brussels described the meeting as friendly. "
        'Asked about tanks, the Ukrainian minister said: "We need them before winter."'
    )
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert [(q.speaker, q.affiliation) for q in quotes] == [("Oleksii Reznikov", "ukraine")]


def test_the_ministry_after_its_spokesman_is_the_ministry():
    text = (
        'Russian Defence Ministry Spokesman Lieutenant General Igor Smirnov said: "The line is holding." '
        'On Tuesday, the ministry said: "All attacks were repelled."'
    )
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert [(q.speaker, q.affiliation) for q in quotes] == [
        ("Igor Smirnov", "russia"),
        ("Russian Defence Ministry", "russia"),
    ]


def test_official_with_a_bare_title_takes_the_side_of_the_sentence():
    text = (
        "Kyiv needs more air defence before winter. Defence Minister Oleksii Petrenko said Ukraine's allies "
        'should hurry, writing that "every week without them counts."'
    )
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert [(q.speaker, q.affiliation) for q in quotes] == [("Oleksii Petrenko", "ukraine")]
    text = (
        "NATO and Kyiv discussed air defence. Defence Minister Anna Lindqvist said Ukraine's allies should "
        'hurry, writing that "every week without them counts."'
    )
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert [(q.speaker, q.affiliation) for q in quotes] == [("Anna Lindqvist", "unknown")]
    text = (  # the forces an official talks about do not say whom the official speaks for
        'Defence Minister Oleh Bondar said Russian troops had shelled the port, adding: "We will rebuild '
        'everything they destroy."'
    )
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert [(q.speaker, q.affiliation) for q in quotes] == [("Oleh Bondar", "unknown")]


def test_plural_subject_before_say_is_an_attribution():
    text = 'Ukrainian officials say the bridge is "no longer usable by heavy vehicles at all."'
    quotes = find_quotes(_article(text), split_sentences(text), [])
    assert [(q.speaker, q.affiliation) for q in quotes] == [("Ukrainian officials", "ukraine")]
