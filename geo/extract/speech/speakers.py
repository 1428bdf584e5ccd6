"""Who is speaking: attribution clauses around quotes and reported speech, resolved to full speakers.

Finds attribution patterns in sentence text with quotations masked out — "…,” X said", "said X",
"X said: …", "according to X", "X wrote on Telegram", "X told …", "…, saying that …" — and splits the
speaker phrase into a name, the role as written (the appositive after the name, else the title before it)
and an organisation. ``SpeakerResolver`` then walks the attributions in article order and resolves
surname-only mentions ("Novak" → "Anna Novak"), pronouns ("he added" → the most recent named person,
"it added" → the most recent organisation) and role references ("the US defense secretary", "the
Ukrainian president", "the ministry" after its spokesman) to the speakers introduced earlier, including
people only named as a sentence's subject or with a title ("Ukraine's foreign minister X"). Descriptive
speakers ("a Ukrainian soldier") keep their description. An official whose bare title names no country
("Foreign Minister X") takes the combatant side the sentence and the one before speak of.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence

from geo.extract.sides import (
    COUNTRY_SIDES,
)
from geo.extract.speech.attribution import _left_segment, find_attributions
from geo.extract.speech.cyrillic import _CYRILLIC, find_cyrillic_attributions, language_of
from geo.extract.speech.phrases import (
    _BOUNDARY_WORDS,
    _COUNTRY_SPEAKERS,
    _DETERMINERS,
    _NATIONALITIES,
    _TITLES,
    Attribution,
    Speaker,
    _clean_token,
    _merged,
    mask_spans,
    parse_speaker_phrase,
)
from geo.extract.speech.resolver import SpeakerResolver
from geo.lang import vocabulary
from geo.records import Mention, Place
from geo.text.sentences import Sentence

# "Name Surname, a/an/the appositive," — a person introduced with a description
_INTRODUCTION = re.compile(
    r"(?P<name>[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)+),\s+(?P<appos>(?:a|an|the)\s+[^,;¤]{3,160}?),"
)


def place_sides(
    sentences: Sequence[Sentence], mentions: Sequence[Mention], places: Mapping[str, Place] | None
) -> dict[int, tuple[tuple[str, str], ...]]:
    """Per sentence, (surface, side) of the mentions resolved to places in Ukraine or Russia: the side a
    role such as "the governor of the Romny region" speaks for when no cue word says it."""
    if not places:
        return {}
    starts = [s.start for s in sentences]
    out: dict[int, list[tuple[str, str]]] = {}
    for m in mentions:
        place = places.get(m.place_id or "")
        side = COUNTRY_SIDES.get(place.country_code) if place is not None else None
        if side and starts:
            index = max(bisect_right(starts, m.start) - 1, 0)
            out.setdefault(index, []).append((m.surface, side))
    return {k: tuple(v) for k, v in out.items()}


def find_introductions(
    text: str,
    sentences: Sequence[Sentence],
    quote_spans: Sequence[tuple[int, int]],
    place_names: Mapping[int, Sequence[str]] | None = None,
) -> list[tuple[int, int, str, str]]:
    """(offset, sentence, name, role) of people introduced with an appositive outside quotations
    ("Ivan Petrenko, a military analyst at …, expects"); names known as places are skipped."""
    place_names = place_names or {}
    found = []
    spans = _merged(quote_spans)
    span_starts = [a for a, _ in spans]
    for s in sentences:
        original = text[s.start : s.end]
        if ", a" not in original and ", the " not in original:
            continue
        lo = max(bisect_right(span_starts, s.start) - 1, 0)
        masked = mask_spans(original, spans[lo : bisect_left(span_starts, s.end)], s.start)
        for m in _INTRODUCTION.finditer(masked):
            seg_start, seg = _left_segment(masked[: m.end("name")])
            name, prefix, _, kind = parse_speaker_phrase(seg)
            if kind != "person" or len(name.split()) < 2 or name in place_names.get(s.index, ()):
                continue
            role = original[m.start("appos") : m.end("appos")].strip() or prefix
            found.append((s.start + m.start("name"), s.index, name, role))
    return found


def find_named_people(
    text: str,
    sentences: Sequence[Sentence],
    quote_spans: Sequence[tuple[int, int]],
    place_names: Mapping[int, Sequence[str]] | None = None,
) -> list[tuple[int, int, str, str]]:
    """(offset, sentence, name, role) of people named without being quoted: a sentence's subject
    ("Olena Marchuk has accused Moscow …") and titled names anywhere ("talks with Ukraine's foreign
    minister Ihor Bondar"), so that later role references ("the Ukrainian president wrote") and surnames
    find them. Names known as places and names inside quotations are skipped."""
    place_names = place_names or {}
    spans = _merged(quote_spans)
    span_starts = [a for a, _ in spans]
    starts = [s.start for s in sentences]

    def quoted(a: int, b: int) -> bool:
        i = bisect_right(span_starts, b) - 1
        return i >= 0 and spans[i][1] > a

    def keep(pos: int, end: int, name: str, kind: str) -> int:
        """The sentence index when the name can be kept, else -1."""
        if kind != "person" or len(name.split()) < 2 or quoted(pos, end):
            return -1
        index = bisect_right(starts, pos) - 1
        return index if index >= 0 and name not in place_names.get(index, ()) else -1

    found: list[tuple[int, int, str, str]] = []
    for s in sentences:
        if not text[s.start : s.start + 1].isupper():
            continue
        subject = _SUBJECT_NAME.match(text, s.start, s.end)
        if subject:
            name, role, _, kind = parse_speaker_phrase(subject.group("phrase"))
            index = keep(subject.start("phrase"), subject.end(), name, kind)
            if index >= 0 and not any(_clean_token(t) in _NOT_NAME_WORDS for t in name.split()):
                found.append((subject.start("phrase"), index, name, role))
    for m in _TITLED_NAME.finditer(text, 0, sentences[-1].end if sentences else 0):
        name, role, _, kind = parse_speaker_phrase(m.group())
        index = keep(m.start(), m.end(), name, kind) if role else -1
        if index >= 0 and sentences[index].start <= m.start() and m.end() <= sentences[index].end:
            found.append((m.start(), index, name, role))
    return sorted(found)


# Capitalised words that do not belong to a person's name ("That Ukraine has …", "When Russia …")
_NOT_NAME_WORDS = (
    _BOUNDARY_WORDS
    | _DETERMINERS
    | frozenset(_COUNTRY_SPEAKERS)
    | frozenset(
        "this these those there here then in on at by for with from to into after during it its his her "
        "their our we they he she what how why who".split()
    )
)
_CAP_NAME = r"[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}"
# A sentence that opens with a capitalised name (after an optional title run) and then a lower-case word.
_SUBJECT_NAME = re.compile(
    rf"\s*(?P<phrase>(?:(?:[A-Z][\w’'.-]*|{'|'.join(sorted(t for t in _TITLES if t.isalpha()))})\s+){{0,5}}?"
    rf"{_CAP_NAME})(?=\s+[a-z])"
)
_OFFICIAL_TITLES = vocabulary("en").alternation("speech", "official_titles")
_TITLE_NEEDLE = re.compile(rf"\b(?:{_OFFICIAL_TITLES})\b", re.IGNORECASE)
# "Ruritania's foreign minister Anna Novak", "Ruritanian Defence Minister Ivan Petrenko"
_TITLED_NAME = re.compile(
    rf"\b(?:[A-Z][a-z]+['’]s|{'|'.join(w.capitalize() for w in sorted(_NATIONALITIES))})\s+"
    rf"(?:[\w-]+\s+){{0,3}}?(?i:{_OFFICIAL_TITLES})\s+{_CAP_NAME}\b"
)


def attribute(
    text: str,
    sentences: Sequence[Sentence],
    quote_spans: Sequence[tuple[int, int]],
    sides_of_places: Mapping[int, Sequence[tuple[str, str]]] | None = None,
) -> list[tuple[Attribution, Speaker]]:
    """Every attribution of an article with the speaker it resolves to, in article order.

    ``sides_of_places`` (from ``place_sides``) lets roles that name a Ukrainian or Russian place get a side.
    """
    resolver = SpeakerResolver(text, sides_of_places, sentences)
    attributions = find_attributions(text, sentences, quote_spans)
    events: list[tuple[int, int, Attribution | tuple]] = [(a.verb_start, 1, a) for a in attributions]
    names = {k: [surface for surface, _ in v] for k, v in (sides_of_places or {}).items()}
    # people named after the last attribution cannot be referred to: only the sentences up to it are read
    last = attributions[-1].verb_start if attributions else -1
    upto = [s for s in sentences if s.start <= last]
    events += [(i[0], 0, i) for i in find_introductions(text, upto, quote_spans, names)]
    events += [(i[0], 0, ("named",) + i) for i in find_named_people(text, upto, quote_spans, names)]
    resolved: list[tuple[Attribution, Speaker]] = []
    for _, _, event in sorted(events, key=lambda e: (e[0], e[1])):
        if isinstance(event, Attribution):
            resolved.append((event, resolver.resolve(event)))
        elif event[0] == "named":
            resolver.name(event[3], event[4], event[2])
        else:
            resolver.introduce(event[2], event[3], event[1])
    lang = language_of(text) if _CYRILLIC.search(text) else "en"
    if lang != "en":  # «…», — заявив …: the Ukrainian or Russian attributions
        resolved += find_cyrillic_attributions(text, sentences, quote_spans, lang)
        resolved.sort(key=lambda pair: pair[0].verb_start)
    return resolved
