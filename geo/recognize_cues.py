"""Cue rules of toponym recognition that look around a name in the article: designators, facility
words, speech verbs, datelines and names after strong cues that the gazetteer lacks (a mixin of
``geo.recognize.Recognizer``)."""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from geo.gazetteer.build import KIND_CODE
from geo.gazetteer.index import Gazetteer
from geo.names import name_key, strip_possessive
from geo.recognize_lex import (
    _APPOSITION_SPEECH,
    _AUX,
    _BLANKS,
    _COMMA_NAME,
    _COORD_DESIGNATOR,
    _DATELINE,
    _DESIGNATOR,
    _FACILITY,
    _FACILITY_AFTER,
    _FIRST_WORD,
    _SETTLEMENT,
    FACILITY_HEADS,
    RIVER_WORDS,
    SPEECH_VERBS,
    WELL_KNOWN_POP,
    Candidate,
    _Analysis,
    _appositive_cue_names,
    _list_cue_names,
    _near_cue_before,
)


class CueRules:
    """Per-article cue checks; expects ``gaz``, ``_rows_memo``, ``_rows_plain``, ``_state_memo``,
    ``_known_memo`` and ``_key_known`` from ``Recognizer``."""

    gaz: Gazetteer
    _rows_memo: dict
    _rows_plain: dict
    _state_memo: dict
    _known_memo: dict

    def _key_known(self, key: str) -> bool:
        raise NotImplementedError

    def _datelines(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """Capitalised names opening a dateline ("KYIV, Ukraine (AP) —"), which the acronym rule drops."""
        out = []
        taken = {c.start for c in found}
        for m in _DATELINE.finditer(text):
            s, e = m.span(1)
            if s in taken:
                continue
            key = name_key(m.group(1))
            rows = self._rows(key, "") if self._key_known(key) else ()
            if rows:
                out.append(Candidate(s, e, text[s:e], key, rows, "", True, False))
        return out

    def _rows(self, key: str, designator: str) -> tuple[int, ...]:
        """Candidate rows of a key, restricted by a designator word (memoised)."""
        cached = self._rows_memo.get((key, designator))
        if cached is None:
            rows = self.gaz.rows_for_key(key)
            if designator:
                rows = self._restrict(key, rows, designator)
            cached = self._rows_memo[(key, designator)] = tuple(rows.tolist())
            if not designator:
                self._rows_plain[key] = cached
        return cached

    def _designator_after(self, text: str, end: int, key: str) -> tuple[str, int]:
        """A lower-case facility word ("the Zaporizhzhia plant") or a plural designator after coordinated
        names ("Donetsk and Luhansk oblasts") right after the name ending at ``end``: (designator, end)."""
        if text[end] != ",":
            m = _FACILITY_AFTER.match(text, end)
            if m is not None:
                word = m.group(1).casefold().split()[-1]
                head = FACILITY_HEADS.get(word, "airport" if word == "base" else "")
                designator = "facility:" + head
                rows = self._rows(key, designator)
                if rows and any(self.gaz.kind_of(r) in ("facility", "settlement") for r in rows):
                    return designator, m.end()
                return "", end
            if not (text.startswith(" and ", end) or text.startswith(" or ", end)):
                return "", end
        m = _COORD_DESIGNATOR.match(text, end, end + 120)
        if m is None:
            return "", end
        return ("river" if m.group(1).casefold() == "rivers" else "region"), end

    def _designator(self, text: str, end: int, seq_ends: bool) -> tuple[str, int]:
        """("region"|"river"|"", new end) for a designator word right after a name."""
        if not seq_ends and end < len(text) and text[end : end + 1] not in " \u00a0[":
            return "", end
        m = _DESIGNATOR.match(text, end)
        if not m:
            return "", end
        word = m.group(1).casefold()
        kind = "river" if word in RIVER_WORDS else "region"
        bracketed = "[" in m.group()
        return kind, (end if bracketed else m.end())

    def _restrict(self, key: str, rows: np.ndarray, designator: str) -> np.ndarray:
        gaz = self.gaz
        extra = gaz.designator_rows(key)
        if designator.startswith("facility:"):
            return self._facility_rows(rows, extra, designator[len("facility:") :])
        pool = np.unique(np.concatenate([rows, extra])) if rows.size else extra
        code = KIND_CODE[designator]
        chosen = pool[np.asarray(gaz.kind)[pool] == code] if pool.size else pool
        return chosen if chosen.size else rows

    def _facility_rows(self, rows: np.ndarray, extra: np.ndarray, head: str) -> np.ndarray:
        """Rows for "<name> <facility head>": facilities of that name (designator-only names only when
        their own name has a head of the same category), else the settlements of that name, else ``rows``."""
        gaz = self.gaz
        fac = _FACILITY
        chosen = [int(r) for r in rows if gaz.kind[r] == fac]
        chosen += [int(r) for r in extra if gaz.kind[r] == fac and int(r) not in chosen
                   and any(FACILITY_HEADS.get(w) == head for w in gaz.name(int(r)).casefold().split())]
        if not chosen:
            chosen = [int(r) for r in rows if gaz.kind[r] == _SETTLEMENT]
        return np.asarray(sorted(chosen), dtype=rows.dtype) if chosen else rows

    def _speech_after(self, text: str, end: int) -> bool:
        if text.startswith(",", end) and _APPOSITION_SPEECH.match(text, end):  # "Austin, speaking …, said"
            return True
        first = _FIRST_WORD.match(text, end, end + 40)
        if first is None:
            return False
        w = first.group(1).strip(",.;:").casefold()
        if w in SPEECH_VERBS:
            return True
        if w not in _AUX:
            return False
        for w in text[end : end + 40].split(None, 3)[:3]:
            w = w.strip(",.;:").casefold()
            if w in SPEECH_VERBS:
                return True
            if w not in _AUX:
                return False
        return False

    def _well_known(self, key: str, rows: tuple[int, ...]) -> bool:
        """A country, a capital or a city of ``WELL_KNOWN_POP`` people: named without a cue."""
        cached = self._known_memo.get(key)
        if cached is None:
            gaz = self.gaz
            cached = self._country_or_capital(key, "", rows) or any(int(gaz.pop[r]) >= WELL_KNOWN_POP
                                                                   for r in rows)
            self._known_memo[key] = cached
        return cached

    def _place_cue_after(self, text: str, end: int) -> bool:
        """"Mobile, Alabama": a comma and a further known place name right after a name."""
        m = _COMMA_NAME.match(text, end, end + 60)
        return m is not None and self._key_known(name_key(m.group(1)))

    def _country_or_capital(self, key: str, designator: str, rows: tuple[int, ...]) -> bool:
        cached = self._state_memo.get((key, designator))
        if cached is None:
            gaz = self.gaz
            cached = any(gaz.kind_of(r) == "country" or gaz.is_capital(r) for r in rows)
            self._state_memo[(key, designator)] = cached
        return cached

    def _cued_unknowns(self, text: str, found: list[Candidate], surnames: set[str],
                       seqs: list[tuple[int, _Analysis]]) -> list[Candidate]:
        """Names after strong cues that recognition above did not yield (unknown villages…)."""
        starts: list[int] = []  # disjoint covered spans, sorted
        ends: list[int] = []
        for c in found:
            if starts and c.start < ends[-1]:
                ends[-1] = max(ends[-1], c.end)
            else:
                starts.append(c.start)
                ends.append(c.end)
        out: list[Candidate] = []

        def overlaps(s: int, e: int) -> bool:
            i = bisect_left(starts, e) - 1
            return i >= 0 and ends[i] > s

        def add(s: int, e: int, key: str, words: int) -> None:
            if overlaps(s, e) or key in surnames:
                return
            rows = self.gaz.rows_for_key(key)
            designator, e2 = self._designator(text, e, True)
            if designator and rows.size:
                rows = self._restrict(key, rows, designator)
            if rows.size == 0 and words > 1:
                return  # unknown two-word names are too often persons or organisations
            i = bisect_left(starts, s)
            starts.insert(i, s)
            ends.insert(i, e2)
            out.append(Candidate(s, e2, text[s:e2], key, tuple(rows.tolist()), designator, True,
                                 text[max(0, s - 4) : s].casefold() == "the "))

        for s, e in _list_cue_names(text):
            surface = strip_possessive(text[s:e])
            words = surface.split()
            if self._common_or_person(words) or surface.casefold() in self.orgs or surface.isupper():
                continue
            key = name_key(surface)
            if key:
                add(s, s + len(surface), key, len(words))
        for s, e in _appositive_cue_names(text):
            surface = text[s:e]
            if " " in surface and not self._key_known(name_key(surface)):
                s = e - len(surface.split()[-1])  # "The Zaliman, a hamlet": the last word only
                surface = text[s:e]
            if not self._common_or_person(surface.split()) and surface.casefold() not in self.orgs:
                add(s, e, name_key(surface), len(surface.split()))
        for start, a in seqs:
            name = a.cue_name
            if name is not None and text[start - 1 : start] in _BLANKS and _near_cue_before(text, start):
                add(start, start + name.end, name.key, name.words)
        return out


