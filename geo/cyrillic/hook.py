"""The place stage's entry to geo.cyrillic (called from ``geo.places.find_places``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from geo.cyrillic.spans import is_cyrillic_text, recognizer_for
from geo.gazetteer.index import Gazetteer
from geo.recognize import Candidate
from geo.records import Mention

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


def with_english_names(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` with ``name_en`` set on resolved Cyrillic ones: the KMU 2010 romanisation of the place's
    Ukrainian name when the name table has one, else the gazetteer's name. The surface stays as written."""
    if not any(m.place_id and _CYRILLIC.intersection(m.surface) for m in mentions):
        return mentions
    from geo.cyrillic.lexicon import Lexicon

    english = Lexicon.load().english
    out = []
    for m in mentions:
        if m.place_id and _CYRILLIC.intersection(m.surface):
            row = gazetteer.row_of(m.place_id)
            name = english.get(m.place_id) or (gazetteer.name(row) if row is not None else "")
            m = replace(m, name_en=name)
        out.append(m)
    return out
