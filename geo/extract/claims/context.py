"""What claim finding knows about one article (``ClaimContext``) and the lookups every trigger shares."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from geo.extract.claims.patterns import _CLAUSE_BREAK
from geo.extract.sides import (
    UNKNOWN,
)
from geo.extract.speech.phrases import Speaker
from geo.records import Article, Mention, Quote
from geo.text.sentences import Sentence


@dataclass
class ClaimDraft:
    """A claim found by a trigger, before its claimant and date are known."""

    kind: str
    at: int  # article offset of the trigger
    value_min: float | None
    value_max: float | None
    unit: str
    place_ids: tuple[str, ...]
    holder: str
    sentence: int
    neighbours: tuple[int, ...] = ()  # trigger offsets of the sentence's claims


@dataclass
class _Context:
    """What claim finding needs to know about one article."""

    article: Article
    sentences: Sequence[Sentence]
    mentions: list[Mention]  # resolved, literal, in text order
    quotes: Sequence[Quote]
    quote_spans: list[tuple[int, int, Quote | None]]
    attributions: list[tuple[int, int, int, Speaker]]  # (sentence, verb_start, verb_end, speaker)
    place_kinds: Mapping[str, str] | None
    dates: list
    mention_starts: list[int] = field(default_factory=list)
    quote_starts: list[int] = field(default_factory=list)
    atts_by_sentence: dict[int, list[tuple[int, int, int, Speaker]]] = field(default_factory=dict)
    place_sides: Mapping[str, str] = field(default_factory=dict)  # place id → side of its country
    source_side: str = UNKNOWN  # side of the article's source ("TASS" → russia)
    cyrillic: bool = False  # the article has Cyrillic text (its sentences may be Ukrainian or Russian)


# ---------------------------------------------------------------------------------------------- claims


def _quote_at(ctx: _Context, pos: int) -> tuple[tuple[int, int] | None, Quote | None]:
    i = bisect_right(ctx.quote_starts, pos) - 1  # quotation spans never overlap
    if i >= 0:
        start, end, quote = ctx.quote_spans[i]
        if start <= pos < end:
            return (start, end), quote
    return None, None


def _speaker_side(ctx: _Context, sentence: int, pos: int) -> str:
    _, quote = _quote_at(ctx, pos)
    if quote is not None:
        return quote.affiliation
    atts = ctx.atts_by_sentence.get(sentence)
    return atts[0][3].side if atts else UNKNOWN


def _clause_bounds(text: str, s: Sentence, pos: int) -> tuple[int, int]:
    """Start and end of the clause around ``pos`` inside sentence ``s``."""
    start = s.start
    for m in _CLAUSE_BREAK.finditer(text, s.start, pos):
        start = m.end()
    m = _CLAUSE_BREAK.search(text, pos, s.end)
    return start, (m.start() if m else s.end)
