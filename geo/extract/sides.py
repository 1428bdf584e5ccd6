"""Which side a speaker or source speaks for: ukraine | russia | west | independent | unknown.

Inferred from cue words in the speaker's name or description, role, organisation and (weakly) the
surrounding text. The cues are data: the conflict profile (``geo/data/profiles/russia-ukraine.toml``, per
belligerent and language) and its people file (named people, each with a source).
Independent cues (think-tanks, analysts, consultancies, scholars, news agencies) outrank ``west``:
an analyst at a Poland-based consultancy or a US scholar is independent, a US government official is west.
A combatant cue outweighs an independent one only when it scores higher ("Russian state television
journalist" → russia; "Russia’s Ria Novosti news agency" → russia).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from geo.profiles import Cue, load_profile
from geo.records import Side

PROFILE = load_profile()
UKRAINE, RUSSIA, WEST, INDEPENDENT, UNKNOWN = (
    Side.UKRAINE,
    Side.RUSSIA,
    Side.WEST,
    Side.INDEPENDENT,
    Side.UNKNOWN,
)
COMBATANTS: tuple[str, ...] = tuple(Side(s) for s in PROFILE.combatants)
COUNTRY_SIDES: dict[str, str] = {cc: Side(s) for cc, s in PROFILE.country_sides().items()}
CUES: tuple[Cue, ...] = PROFILE.cues("en")


def _needles(pattern: str) -> tuple[str, ...]:
    """The literal text every match of ``pattern`` starts with, one per top-level alternative (lower case);
    () when some alternative has no literal start (then the pattern always has to run)."""
    alternatives, depth, current = [], 0, ""
    for ch in pattern:
        if ch == "|" and depth == 0:
            alternatives.append(current)
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    alternatives.append(current)
    needles = []
    for alt in alternatives:
        literal, i = "", 0
        while i < len(alt):
            ch = alt[i]
            if ch == "\\" and i + 1 < len(alt) and alt[i + 1] in ".-'":
                literal, i = literal + alt[i + 1], i + 2
                continue
            if ch in "?*{":
                literal = literal[:-1]  # the quantifier makes the last character optional
                break
            if ch in "\\[]()|+^$.":
                break
            literal, i = literal + ch, i + 1
        if not literal:
            return ()
        needles.append(literal.lower())
    return tuple(needles)


_COMPILED: tuple[tuple[re.Pattern[str], Cue, tuple[str, ...]], ...] = tuple(
    (re.compile(rf"(?<![\w-])(?:{c.pattern})(?![\w-])", re.IGNORECASE), c, _needles(c.pattern)) for c in CUES
)
# Acronyms that are also English words match only in upper case.
_UPPER_ONLY = re.compile(
    rf"^(?:{'|'.join(map(re.escape, PROFILE.upper_only.get('en', ())))})$", re.IGNORECASE
)


_FOLD = str.maketrans({"İ": "I", "ı": "i", "ſ": "s"})


def fold(text: str) -> str:
    """Lower case as case-insensitive ASCII patterns see it (so "needle in fold(text)" never misses a
    match of an ASCII pattern compiled with re.IGNORECASE)."""
    low = text.lower()
    if "ı" in low or "ſ" in low or "\u0307" in low:  # rare letters that fold differently
        low = text.translate(_FOLD).lower()
    return low


def literal_alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` literally, factored as a trie ("sa(?:id|ys)") so that Python's
    regex engine tries one character per step instead of every word at every position. Where one word
    is a prefix of another, the longer one wins."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alternatives = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        optional = "" in node
        if len(alternatives) == 1 and not optional:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")" + ("?" if optional else "")

    return build(trie)


def side_scores(text: str) -> dict[str, tuple[int, int]]:
    """Per side: (total weight, position of the first cue) of the cues found in ``text``."""
    scores: dict[str, tuple[int, int]] = {}
    taken: list[tuple[int, int]] = []
    low = fold(text)
    for pattern, cue, needles in _COMPILED:
        if needles:
            for n in needles:
                if n in low:
                    break
            else:
                continue  # no match can start without one of them
        for m in pattern.finditer(text):
            word = m.group()
            if _UPPER_ONLY.match(word) and not word.isupper():
                continue
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue  # a longer, earlier-listed cue already covers this span
            taken.append((m.start(), m.end()))
            total, first = scores.get(cue.side, (0, len(text)))
            scores[cue.side] = (total + cue.weight, min(first, m.start()))
    return {side: v for side, v in scores.items() if v[0] > 0}


def _decide(scores: dict[str, tuple[int, int]]) -> str:
    if not scores:
        return UNKNOWN
    best = max(scores.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0]
    neutral = PROFILE.independent
    independent = scores.get(neutral, (0, 0))[0] if neutral else 0
    if best != neutral and best not in COMBATANTS and independent > 0:
        return as_side(neutral)  # an analyst at a Western institution is not a government voice
    if best in COMBATANTS and independent >= scores[best][0]:
        return as_side(neutral)
    return as_side(best)


def as_side(side: str) -> str:
    """The ``Side`` member for the default profile's ids, else the id itself (other profiles)."""
    try:
        return Side(side)
    except ValueError:
        return side


@lru_cache(maxsize=8192)
def infer_side(role: str = "", name: str = "", organisation: str = "", context: str = "") -> str:
    """Side of a speaker from its description, role and organisation; ``context`` only breaks a blank.

    Fields are tried in order (name or description, role, organisation together, then context) so that a
    cue in the speaker's own description is not outvoted by a place named in its role.
    """
    primary = side_scores(" ; ".join(t for t in (name, role, organisation) if t))
    if primary:
        return _decide(primary)
    context_scores = {s: v for s, v in side_scores(context).items() if s in COMBATANTS}
    return _decide(context_scores)


def opposite(side: str) -> str:
    """The side's one opponent in the profile ("ukraine" ↔ "russia"); ``unknown`` for any other side."""
    return as_side(PROFILE.opposite(side))


def country_sides(places: Iterable[Any]) -> dict[str, str]:
    """Place id → the belligerent whose country the place lies in, for places in a belligerent's country."""
    return {p.place_id: COUNTRY_SIDES[p.country_code] for p in places if p.country_code in COUNTRY_SIDES}
