"""Sentence boundaries in stored article text, as offset spans.

A light rule-based splitter: news prose ends sentences with . ! ? (optionally followed by closing quotes
or brackets) and a space before an upper-case letter, an opening quote or a digit. Common abbreviations
("Gen.", "U.S.", "Mr.") and initials do not end a sentence; paragraph breaks always do.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen brig lt col maj capt sgt cpl pvt adm cmdr cdr rep sen gov pres st jr sr vs etc
    no nos jan feb mar apr jun jul aug sep sept oct nov dec inc corp ltd co dept fig approx est
    u.s u.k u.n e.g i.e a.m p.m""".split()
)
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_END = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s+[" + re.escape(_OPENERS) + r"\w])|\n\s*\n|\n")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its index and its span in the stored text."""

    index: int
    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial rather than a sentence."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return text[start].isupper()  # an initial such as "J. Smith"
    return word in _ABBREVIATIONS


def _next_is_lower(text: str, pos: int) -> bool:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos < len(text) and text[pos].islower()


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; spans exclude surrounding white space and cover every non-space char."""
    sentences: list[Sentence] = []
    pos = 0
    for match in _END.finditer(text):
        token = match.group()
        single_stop = token.startswith(".") and len(token.rstrip(_CLOSERS)) == 1
        if single_stop and _is_abbreviation(text, match.start()):
            continue
        if not token.isspace() and _next_is_lower(text, match.end()):
            continue  # ". . . you all" or "Ukraine. attack": a pause, not a new sentence
        _append(sentences, text, pos, match.end())
        pos = match.end()
    _append(sentences, text, pos, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end))


def sentence_index(sentences: list[Sentence], offset: int, starts: list[int] | None = None) -> int:
    """Index of the sentence that holds ``offset`` (the nearest one before it when between sentences).

    Pass ``starts`` (``[s.start for s in sentences]``) when calling in a loop, to avoid rebuilding it.
    """
    if starts is None:
        starts = [s.start for s in sentences]
    i = bisect_right(starts, offset) - 1
    return max(i, 0) if sentences else -1
