"""Which side a speaker or source speaks for: one of the active conflict profile's belligerents, or unknown.

The active profile is per article (``use_profile``, set by the pipeline); every constant here that comes
from a profile (``PROFILE``, ``COMBATANTS``, ``COUNTRY_SIDES``) is a ``PerProfile`` view that reads the
active one, and ``profile_cache`` memoises per profile. Inferred from cue words in the speaker's name or
description, role, organisation and (weakly) the surrounding text. The cues are data: the conflict
profile (``geo/data/profiles/<id>.toml``, per belligerent and language) and its people file (named
people, each with a source). Independent cues (think-tanks, analysts, scholars, news agencies) outrank a
non-combatant side (``west`` in russia-ukraine):
an analyst at a Poland-based consultancy or a US scholar is independent, a US government official is west.
A combatant cue outweighs an independent one only when it scores higher ("Russian state television
journalist" → russia; "Russia’s Ria Novosti news agency" → russia).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, wraps
from typing import Any

from geo.profiles import Profile, all_profiles, load_profile
from geo.records import Side

_DEFAULT = load_profile()
_ACTIVE: ContextVar[Profile | None] = ContextVar("geo_profile", default=None)
_ARTICLE_SCORES: ContextVar[dict[str, int] | None] = ContextVar("geo_profile_scores", default=None)


def active_profile() -> Profile:
    """The conflict profile of the article being extracted (the default profile outside one)."""
    return _ACTIVE.get() or _DEFAULT


@contextmanager
def use_profile(profile: Profile, text: str = "") -> Iterator[Profile]:
    """Make ``profile`` the active one inside the block; ``text`` (the article) weighs which opponent
    "the enemy" is when a side has several."""
    token = _ACTIVE.set(profile)
    scores = {s: v[0] for s, v in side_scores(text).items()} if text else {}
    token_scores = _ARTICLE_SCORES.set(scores)
    try:
        yield profile
    finally:
        _ARTICLE_SCORES.reset(token_scores)
        _ACTIVE.reset(token)


class PerProfile:
    """A value derived from the active profile, built once per profile; behaves like that value
    (attributes, iteration, ``in``, indexing, ``get``)."""

    def __init__(self, build: Callable[[Profile], Any]) -> None:
        self._build = build
        self._values: dict[Profile, Any] = {}

    def value(self) -> Any:
        profile = active_profile()
        try:
            return self._values[profile]
        except KeyError:
            value = self._values[profile] = self._build(profile)
            return value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.value(), name)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.value())

    def __contains__(self, item: object) -> bool:
        return item in self.value()

    def __getitem__(self, key: Any) -> Any:
        return self.value()[key]

    def __len__(self) -> int:
        return len(self.value())

    def __bool__(self) -> bool:
        return bool(self.value())

    def __repr__(self) -> str:
        return f"PerProfile({self.value()!r})"


def profile_cache(maxsize: int = 4096) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``functools.lru_cache`` whose key includes the active profile (for results that depend on it)."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        cached = lru_cache(maxsize=maxsize)(lambda profile, *a, **k: fn(*a, **k))

        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return cached(active_profile(), *args, **kwargs)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return wrapper

    return decorate


def as_side(side: str) -> str:
    """The ``Side`` member for the default profile's ids, else the id itself (other profiles)."""
    try:
        return Side(side)
    except ValueError:
        return side


PROFILE: Any = PerProfile(lambda p: p)
UKRAINE, RUSSIA, WEST, INDEPENDENT, UNKNOWN = (
    Side.UKRAINE,
    Side.RUSSIA,
    Side.WEST,
    Side.INDEPENDENT,
    Side.UNKNOWN,
)
COMBATANTS: Any = PerProfile(lambda p: tuple(as_side(s) for s in p.combatants))
COUNTRY_SIDES: Any = PerProfile(lambda p: {cc: as_side(s) for cc, s in p.country_sides().items()})
CUES: Any = PerProfile(lambda p: p.cues("en"))
# every packaged or analyst profile's combatants (a corpus mixes articles of several profiles)
ALL_COMBATANTS: frozenset[str] = frozenset(as_side(s) for p in all_profiles() for s in p.combatants)


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


_COMPILED: Any = PerProfile(
    lambda p: tuple(
        (re.compile(rf"(?<![\w-])(?:{c.pattern})(?![\w-])", re.IGNORECASE), c, _needles(c.pattern))
        for c in p.cues("en")
    )
)
# Acronyms that are also English words match only in upper case.
_UPPER_ONLY: Any = PerProfile(
    lambda p: re.compile(rf"^(?:{'|'.join(map(re.escape, p.upper_only.get('en', ())))})$", re.IGNORECASE)
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
    upper_only = _UPPER_ONLY.value()
    for pattern, cue, needles in _COMPILED.value():
        if needles:
            for n in needles:
                if n in low:
                    break
            else:
                continue  # no match can start without one of them
        for m in pattern.finditer(text):
            word = m.group()
            if upper_only.match(word) and not word.isupper():
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
    neutral = active_profile().independent
    combatants = COMBATANTS.value()
    independent = scores.get(neutral, (0, 0))[0] if neutral else 0
    if best != neutral and best not in combatants and independent > 0:
        return as_side(neutral)  # an analyst at a Western institution is not a government voice
    if best in combatants and independent >= scores[best][0]:
        return as_side(neutral)
    return as_side(best)


@profile_cache(maxsize=8192)
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
    """The side's opponent ("the enemy" of its speaker): its one opponent in the profile; with several,
    the one the article's cues weigh most (``unknown`` when the article names none of them)."""
    b = active_profile().belligerent(side)
    if b is None or not b.opponents:
        return UNKNOWN
    if len(b.opponents) == 1:
        return as_side(b.opponents[0])
    scores = _ARTICLE_SCORES.get() or {}
    named = [o for o in b.opponents if scores.get(o, 0) > 0]
    return as_side(max(named, key=lambda o: scores[o])) if named else UNKNOWN


def country_sides(places: Iterable[Any]) -> dict[str, str]:
    """Place id → the belligerent whose country the place lies in, for places in a belligerent's country."""
    sides = COUNTRY_SIDES.value()
    return {p.place_id: sides[p.country_code] for p in places if p.country_code in sides}
