"""Which side a speaker or source speaks for: ukraine | russia | west | independent | unknown.

Inferred from cue words in the speaker's name or description, role, organisation and (weakly) the
surrounding text. The cues live in one table (``CUES``) so analysts can extend them without touching the
logic. Independent cues (think-tanks, analysts, consultancies, scholars, news agencies) outrank ``west``:
an analyst at a Poland-based consultancy or a US scholar is independent, a US government official is west.
A combatant cue outweighs an independent one only when it scores higher ("Russian state television
journalist" → russia; "Russia’s Ria Novosti news agency" → russia).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

UKRAINE, RUSSIA, WEST, INDEPENDENT, UNKNOWN = "ukraine", "russia", "west", "independent", "unknown"
COMBATANTS: tuple[str, ...] = (UKRAINE, RUSSIA)

_APOS = "['’]"


@dataclass(frozen=True)
class Cue:
    """A case-insensitive pattern that points to ``side`` with ``weight``."""

    pattern: str
    side: str
    weight: int


# (pattern, side, weight). Word boundaries are added around every pattern.
_CUE_ROWS: tuple[tuple[str, str, int], ...] = (
    # Ukraine
    (r"ukrainian", UKRAINE, 2),
    (rf"ukraine{_APOS}s", UKRAINE, 2),
    (r"of ukraine", UKRAINE, 2),
    (rf"kyiv-based|kiev-based|kyiv{_APOS}s|kiev{_APOS}s", UKRAINE, 2),
    (r"zelensk[iy]{1,2}", UKRAINE, 3),
    (r"ukrinform|ukrainska pravda|suspilne|kyiv independent|azov", UKRAINE, 3),
    (r"kyiv|kiev", UKRAINE, 1),
    # Russia
    (r"russian-installed|russia-installed|moscow-installed|kremlin-installed", RUSSIA, 4),
    (r"russian-appointed|russia-appointed|moscow-appointed|kremlin-appointed", RUSSIA, 4),
    (
        r"installed by (russia|moscow|the kremlin)|deployed by (russia|moscow)|appointed by (russia|moscow)",
        RUSSIA,
        4,
    ),
    (
        r"russian-backed|russia-backed|moscow-backed|kremlin-backed|pro-russian|pro-kremlin|pro-moscow",
        RUSSIA,
        4,
    ),
    (r"russian-held|russian-occupied|russian-controlled|occupation authorities", RUSSIA, 3),
    # the occupation bodies' own name, and the Russian war bloggers ISW and others call "milbloggers"
    (r"military-civilian administrations?|milbloggers?|mil-bloggers?", RUSSIA, 3),
    (
        rf"separatists?|dpr|lpr|donetsk people{_APOS}s republic|luhansk people{_APOS}s republic",
        RUSSIA,
        3,
    ),
    (r"kremlin|wagner|rosgvardia|fsb|gru|chechen|chechnya", RUSSIA, 3),
    (
        r"russian state|russian state-run|ria novosti|ria|tass|rt|interfax|zvezda|rossiya|channel one",
        RUSSIA,
        3,
    ),
    (r"russian", RUSSIA, 2),
    (rf"russia{_APOS}s|of russia|moscow{_APOS}s|putin|peskov|shoigu", RUSSIA, 2),
    (r"moscow", RUSSIA, 1),
    # West: governments, alliances and their officials
    (r"us|u\.s\.|american|united states|pentagon|white house|state department|cia|biden", WEST, 2),
    (r"secretary of state|defen[cs]e secretary|national security advis[eo]r", WEST, 2),
    (r"nato|eu|european union|european commission|western|the west", WEST, 2),
    (rf"british|uk|britain{_APOS}s|german|germany{_APOS}s|french|france{_APOS}s", WEST, 2),
    (rf"polish|poland{_APOS}s", WEST, 2),
    (r"canadian|dutch|swedish|finnish|norwegian|danish|italian|spanish|czech|baltic", WEST, 2),
    (r"lithuanian|latvian|estonian|romanian|slovak|australian|japanese", WEST, 2),
    (r"poland-based|us-based|u\.s\.-based|london-based|washington-based|uk-based", WEST, 1),
    # Independent: analysts, research, press
    (r"institute for the study of war|isw|rusi|royal united services institute|csis|cna", INDEPENDENT, 4),
    (r"think[- ]tanks?|institutes?|consultancy|consulting|consultants?|analysts?|analysis", INDEPENDENT, 3),
    (r"scholars?|academics?|professors?|researchers?|universit(y|ies)|experts?|observers?", INDEPENDENT, 3),
    (r"lecturers?|college|war studies|retired", INDEPENDENT, 3),
    (r"journalists?|reporters?|correspondents?|bloggers?|osint|open-source|oryx", INDEPENDENT, 2),
    (r"reuters|associated press|ap|afp|agence france-presse|bbc|cnn|news agency|monitors?", INDEPENDENT, 2),
    (r"united nations|un|osce|iaea|amnesty|human rights watch|red cross|icrc", INDEPENDENT, 3),
    # states that are neither combatants nor Western allies
    (rf"indian|india{_APOS}s|chinese|china{_APOS}s|turkish|turkey{_APOS}s|israeli|brazilian", INDEPENDENT, 2),
)

CUES: tuple[Cue, ...] = tuple(Cue(p, s, w) for p, s, w in _CUE_ROWS)


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
_UPPER_ONLY = re.compile(r"^(us|uk|eu|un|ap|rt|ria|cna|fsb|gru|isw|dpr|lpr)$", re.IGNORECASE)


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
    independent = scores.get(INDEPENDENT, (0, 0))[0]
    if best == WEST and independent > 0:
        return INDEPENDENT  # an analyst at a Western institution is not a government voice
    if best in COMBATANTS and independent >= scores[best][0]:
        return INDEPENDENT
    return best


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
    """The other combatant ("ukraine" ↔ "russia"); ``unknown`` for any other side."""
    if side == UKRAINE:
        return RUSSIA
    if side == RUSSIA:
        return UKRAINE
    return UNKNOWN
