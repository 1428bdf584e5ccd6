"""The place stage's entry to geo.cyrillic (called from ``geo.places.find_places``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from geo.cyrillic.spans import is_cyrillic_text, recognizer_for
from geo.gazetteer.index import Gazetteer
from geo.recognize import Candidate

_CYRILLIC = frozenset(chr(c) for c in range(0x400, 0x500))
_LATIN_NAME = re.compile(r"[A-Z][a-z]")
Recognise = Callable[[str, Gazetteer], list[Candidate]]


def cyrillic_candidates(text: str, gazetteer: Gazetteer, recognise: Recognise
                        ) -> tuple[list[Candidate], set[int]]:
    """Candidates of ``text`` and the indexes of context-only ones. Ukrainian or Russian text: the Cyrillic
    candidates of ``geo.cyrillic`` plus ``recognise``'s Latin-script ones, in text order. Other text:
    ``recognise`` alone."""
    if not is_cyrillic_text(text):
        return recognise(text, gazetteer), set()
    found = recognizer_for(gazetteer).find(text)
    latin: list[Candidate] = []
    if _LATIN_NAME.search(text):
        latin = [c for c in recognise(text, gazetteer) if not _CYRILLIC.intersection(c.surface)]
    ctx_ids = {id(found.candidates[i]) for i in found.context_only}
    merged = sorted(latin + found.candidates, key=lambda c: (c.start, c.end))
    return merged, {i for i, c in enumerate(merged) if id(c) in ctx_ids}


def english_name(place_id: str | None) -> str:
    """The KMU 2010 romanisation of a place's Ukrainian name ("" when the table has none)."""
    if place_id is None:
        return ""
    from geo.cyrillic.lexicon import Lexicon

    return Lexicon.load().english.get(place_id, "")
