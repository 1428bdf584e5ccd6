"""Which side acts in a clause and which places a trigger governs."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from geo.extract.claims.context import _Context
from geo.extract.claims.patterns import (
    _ACTOR_RE,
    _ANAPHOR,
    _CLAUSE_BREAK,
    _ENEMY_RE,
    _OUR_RE,
    _SCOPE_BREAK,
    _SIDE_WORDS,
    _STATE_ACTOR_RE,
)
from geo.extract.sides import (
    COMBATANTS,
    UNKNOWN,
    PerProfile,
    opposite,
    profile_cache,
)
from geo.lang import vocabulary
from geo.records import Mention
from geo.text.sentences import Sentence

# ---------------------------------------------------------------------------------------------- sides


def _adj_side(word: str) -> str:
    for pattern, side in _SIDE_WORDS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return side
    return _STATE_NAMES.get(word.lower(), UNKNOWN)


# "the Ukrainians", "the Russians": a side's demonym in the plural (the plain adjectives of the profile)
_PEOPLE_RE = re.compile(
    r"\bthe\s+(?P<adj>"
    + "|".join(w for p, _ in _SIDE_WORDS for w in p.split("|") if re.fullmatch(r"[a-z]+", w))
    + r")s\b",
    re.IGNORECASE,
)

# names that stand for a combatant state ("Kyiv", "Moscow"), from the conflict profile
_STATE_NAMES = PerProfile(lambda pr: {n: s for n, s in pr.speaker_names("en").items() if s in pr.combatants})


@profile_cache(maxsize=4096)
def _actors(text: str, speaker_side: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, side) of every acting force named in ``text`` (memoised: sentences are asked often)."""
    found = [(m.start(), m.end(), _adj_side(m.group("adj"))) for m in _ACTOR_RE.finditer(text)]
    found += [(m.start(), m.end(), _adj_side(m.group("adj"))) for m in _STATE_ACTOR_RE.finditer(text)]
    found += [(m.start(), m.end(), _adj_side(m.group("adj"))) for m in _PEOPLE_RE.finditer(text)]
    if speaker_side in COMBATANTS:
        found += [(m.start(), m.end(), speaker_side) for m in _OUR_RE.finditer(text)]
        found += [(m.start(), m.end(), opposite(speaker_side)) for m in _ENEMY_RE.finditer(text)]
    return tuple(sorted(found))


def _actor_before(text: str, pos: int, speaker_side: str, limit: int = 160) -> str:
    before = [a for a in _actors(text, speaker_side) if a[1] <= pos + 1 and pos - a[1] <= limit]
    return before[-1][2] if before else UNKNOWN


def _actor_after(text: str, pos: int, speaker_side: str) -> str:
    after = [a for a in _actors(text, speaker_side) if a[0] >= pos]
    return after[0][2] if after else UNKNOWN


# ---------------------------------------------------------------------------------------------- places


def _is_settlement(ctx: _Context, m: Mention) -> bool:
    if _NOT_A_TOWN_AFTER.match(ctx.article.text, m.end):  # "on the X front", "the X direction"
        return False
    if ctx.place_kinds is not None and m.place_id in ctx.place_kinds:
        return ctx.place_kinds[m.place_id] == "settlement"
    after = ctx.article.text[m.end : m.end + 20].lower()
    return not re.match(r"\s*(?:region|oblast|province|district|river|raion|front|direction)", after)


_NOT_A_TOWN_AFTER = re.compile(r"\s*(?:front|direction|axis|sector)\b", re.IGNORECASE)
# a place named as the one who acts or speaks ("Moscow says …", "Kyiv's forces"): its government, not a place
_AGENT_AFTER = re.compile(
    r"(?:\s+(?:says?|said|claims?|claimed|announced|insists?|insisted|denied|denies|reported|stated|"
    r"responded|admitted|acknowledged)\b|[’']s\s+(?:forces|troops|army|military|ministry|claims?|defen[cs]e))",
    re.IGNORECASE,
)
# "the Kyivskyi district of X": a district of the town, not the town
_DISTRICT_OF = re.compile(
    r"\b(?:district|neighbou?rhood|quarter|microdistrict|suburb)\s+of\s+(?:the\s+(?:city|town)\s+of\s+)?$",
    re.IGNORECASE,
)


def _is_country(ctx: _Context, m: Mention) -> bool:
    return bool(ctx.place_kinds) and ctx.place_kinds.get(m.place_id or "") == "country"


def _mentions_in(ctx: _Context, start: int, end: int) -> list[Mention]:
    ms = ctx.mentions
    lo, hi = bisect_left(ctx.mention_starts, start), bisect_right(ctx.mention_starts, end)
    return [ms[i] for i in range(lo, hi) if ms[i].end <= end]


def _dedupe(ids: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for i in ids:
        if i not in out:
            out.append(i)
    return tuple(out)


_NAME_IN_GAP = re.compile(r"\s*(?:the\s+)?[A-Z][\w’'-]+,")


def _relative_antecedent(ctx: _Context, s: Sentence, pos: int) -> tuple[str, ...]:
    """ "Lozova, which Moscow seized in April", "Dolynske and Hirske, which have been under LPR
    control": the settlements a relative clause holding the trigger at ``pos`` is about."""
    m = _RELATIVE.search(ctx.article.text[s.start : pos])
    return _list_before(ctx, s, s.start + m.start()) if m else ()


def _list_before(ctx: _Context, s: Sentence, comma: int) -> tuple[str, ...]:
    """The settlement (with its coordinated list, "X and Y") that ends right before ``comma``."""
    text = ctx.article.text
    chosen: list[Mention] = []
    for x in reversed(_mentions_in(ctx, s.start, comma)):
        end = chosen[-1].start if chosen else comma
        between = text[x.end : end]
        if not _is_settlement(ctx, x) or not (
            (not chosen and not between.strip()) or (chosen and _LIST_JOIN.fullmatch(between))
        ):
            break
        chosen.append(x)
    return _dedupe([x.place_id for x in reversed(chosen) if x.place_id])


_RELATIVE = re.compile(r",\s+which\s+(?:[\w’'-]+\s+){0,6}$")
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+", re.IGNORECASE)
# Between two items of a list of places: an optional locative after the first ("Svatove and Kreminna in the
# Luhansk region and the rail town of Berestove") and an optional "the (rail) town of" before the next.
_LIST_GAP = re.compile(
    r"(?:\s+in\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?(?:\s+(?:region|oblast|province|district|area))?)?"
    # "X on September 9, Y on September 10 and Z": a date after each item
    r"(?:\s+(?:on|by)\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?|[A-Z][a-z]+day))?"
    r"\s*(?:,|,?\s+and|,?\s+or|&)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,2}?(?:town|city|village|hub|settlement|"
    r"hamlet|port)s?\s+of\s+)?",
    re.IGNORECASE,
)
# "liberated more than 20 settlements over the past day, including X and Y": the places listed
_INCLUDING_GAP = re.compile(
    r"[^;:.]*?\b(?:settlements|villages|towns|cities|localities|communities|hamlets)\b[^;:.]{0,60}?,?\s+"
    r"(?:including|among them|such as)\s+(?:the\s+)?(?:(?:towns?|city|cities|villages?)\s+of\s+)?",
    re.IGNORECASE,
)
# "cleared 1,100 hectares of forest near X", "retook villages north of X": something near X, not X
_NEAR_GAP = re.compile(
    r".*\S\s+(?:near|nearby|around|outside|close\s+to|beyond|toward|towards|(?:north|south|east|west|"
    r"north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of)\s+(?:the\s+)?",
    re.IGNORECASE | re.DOTALL,
)


# an object before a locative: "seized weapons in X", "captured two officers near X"
_LOCATIVE_GAP = re.compile(
    r"\s*(?!(?:the|a|an)\s+(?:[\w-]+\s+)?(?:town|city|village|settlement|hamlet|hub|port|outskirts|centre|center|"
    r"heart|rest|whole|entire|remainder|part|parts|control)s?\s)(?:[\w’'-]+\s+){2,5}(?:in|on|at|near|around|from)\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)


def _coordinated(ctx: _Context, first: Mention, after: Sequence[Mention]) -> tuple[str, ...]:
    """``first`` and the settlements of ``after`` coordinated with it ("X, Y and Z")."""
    text = ctx.article.text
    chosen = [first]
    for m in after:
        if m.start < first.end:
            continue
        if _LIST_GAP.fullmatch(text, chosen[-1].end, m.start):
            chosen.append(m)
        else:
            break
    return _dedupe([m.place_id for m in chosen if m.place_id])


def _object_places(ctx: _Context, pos: int, clause_end: int) -> tuple[str, ...]:
    """Settlements named right after a trigger, with their coordinated list ("X, Y and Z")."""
    text = ctx.article.text
    after = [m for m in _mentions_in(ctx, pos, clause_end) if _is_settlement(ctx, m)]
    if after:
        gap = text[pos : after[0].start]
        named = _NAME_IN_GAP.match(gap)  # "recaptured Zelenyi Hai, a village east of Vilshany": not Vilshany
        near = len(gap.split()) >= 2 and _NEAR_GAP.fullmatch(gap)
        if _DISTRICT_OF.search(gap):  # the district's own mention, when the places stage found one
            inner = [m for m in _mentions_in(ctx, pos, after[0].start) if m.place_id]
            return (inner[-1].place_id,) if inner and len(gap.split()) <= 6 else ()
        thing = _LOCATIVE_GAP.fullmatch(gap)  # "captured a senior officer on the X front": not X
        short = len(gap.split()) <= 6 and not _CLAUSE_BREAK.search(gap)
        if (short and not named and not near and not thing) or (
            len(gap.split()) <= 20 and _INCLUDING_GAP.fullmatch(gap)
        ):
            return _coordinated(ctx, after[0], after[1:])
    ana = _ANAPHOR.match(text, _SPACES.match(text, pos).end())  # (no slice of the rest of the article)
    if ana:
        return _antecedent(ctx, pos)
    return ()


def _settlements(ctx: _Context, start: int, end: int) -> tuple[str, ...]:
    found = _mentions_in(ctx, start, end)
    return _dedupe([m.place_id for m in found if _is_settlement(ctx, m) and m.place_id])


_SPACES = re.compile(r"\s*")
_FOOTAGE_WORDS = tuple(vocabulary("en").claims["footage_words"])
_FOOTAGE_NOUN = re.compile(r"\b(?:videos?|photos?|photographs?|footage|images?|pictures?|clips?)\b", re.I)
_SHOWN_IN = re.compile(
    r"(?:\b(?:in|inside|within|across|around|over|into|through|outside)|\b(?:centre|center|streets|heart|middle|"
    r"outskirts|edge|square)\s+of)\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)
_SHOWN_NOT_HOLDING = re.compile(
    r"\b(?:shell\w*|fir(?:e|ed|ing)|attack\w*|bomb\w*|strik\w*|struck|target\w*|destroy\w*|shoot\w*|"
    r"storm\w*|captured|surrender\w*|prisoners?|killed|dead|bodies|wounded|detained|held\s+captive)\b",
    re.IGNORECASE,
)
_INTENT = re.compile(
    r"\b(?:plans?|planning|planned|intends?|intended|would|will|could|may|might|not|never|n['’]t|"
    r"threaten\w*|wants?|wanted|hop(?:e|es|ed|ing)|refus\w*|tried|trying|attempt\w*|urged?|demand\w*|"
    r"asked)\s+(?:to\s+)?(?:\w+\s+){0,1}$",
    re.IGNORECASE,
)


def _shown_in(ctx: _Context, pos: int, clause_end: int) -> tuple[str, ...]:
    """The settlement footage shows a side's soldiers in ("… soldiers standing outside the council building
    in X"): the first one after ``pos``, reached through a locative and no verb of attack or captivity."""
    text = ctx.article.text
    after = [m for m in _mentions_in(ctx, pos, clause_end) if _is_settlement(ctx, m)]
    if not after:
        return ()
    gap = text[pos : after[0].start]
    if len(gap.split()) > 14 or not _SHOWN_IN.search(gap) or _SHOWN_NOT_HOLDING.search(gap):
        return ()
    return _coordinated(ctx, after[0], after[1:])


def _subject_places(ctx: _Context, pos: int, clause_start: int) -> tuple[str, ...]:
    """The settlement a passive or "is under … control" trigger is about: named just before, or "the city"."""
    text = ctx.article.text
    before = [m for m in _mentions_in(ctx, clause_start, pos) if _is_settlement(ctx, m)]
    if before:
        m = before[-1]
        for head in reversed(before[:-1]):  # "Zelenyi Hai, a village east of Vilshany, was retaken": the head
            if re.fullmatch(r",\s+(?:a|an|the)\b[^,;]*", text[head.end : m.start]):
                m = head
                break
        gap = text[m.end : pos]
        if (len(gap.split()) <= 8 and not _CLAUSE_BREAK.search(gap)) or _APPOSITIVE_GAP.fullmatch(gap):
            return (m.place_id,) if m.place_id else ()
    window = text[clause_start:pos]
    anaphors = list(_ANAPHOR.finditer(window))
    if anaphors and len(window[anaphors[-1].end() :].split()) <= 6:
        return _antecedent(ctx, clause_start + anaphors[-1].start())
    return ()


# "X, a central command post of the enemy in the region, fell to …": one appositive between X and its verb
_APPOSITIVE_GAP = re.compile(
    r",\s+(?:a|an|the)\s+[^,;:]{1,80},\s+(?:(?:also|then|finally|later|soon)\s+)?(?:\w+\s+){0,2}",
    re.IGNORECASE,
)


def _antecedent(ctx: _Context, pos: int) -> tuple[str, ...]:
    """The most recent settlement named before ``pos`` ("the city" → the last city mentioned)."""
    for i in range(bisect_right(ctx.mention_starts, pos) - 1, -1, -1):
        m = ctx.mentions[i]
        if m.end <= pos and _is_settlement(ctx, m) and m.place_id:
            return (m.place_id,)
    return ()


def _scope_places(ctx: _Context, start: int, end: int, at: int | None = None) -> tuple[str, ...]:
    """Places named in a claim's scope (its quotation, else the clause around ``at`` in the sentence),
    countries dropped when others remain."""
    if at is not None:
        text = ctx.article.text
        for m in _SCOPE_BREAK.finditer(text, start, at):
            start = m.end()
        m = _SCOPE_BREAK.search(text, at, end)
        end = m.start() if m else end
    text = ctx.article.text
    found = [m for m in _mentions_in(ctx, start, end) if not _AGENT_AFTER.match(text, m.end)]
    specific = [m for m in found if not _is_country(ctx, m)]
    return _dedupe([m.place_id for m in (specific or found) if m.place_id])


def _holder_fallback(
    ctx: _Context, s: Sentence, speaker_side: str, verb: str = "", places: Sequence[str] = ()
) -> str:
    """Holder when the clause names no acting side: the speaker's combatant side; else the acting side of
    the previous sentence; else, for a verb of taking back ("retaken", "liberated"), the side of the
    article's source when it is a combatant, else the country the places lie in (a town is retaken by
    the country it belongs to)."""
    if speaker_side in COMBATANTS:
        return speaker_side
    if s.index > 0:
        prev = ctx.sentences[s.index - 1]
        text = ctx.article.text[prev.start : prev.end]
        actors = _actors(text, UNKNOWN)
        if actors:
            return actors[-1][2]
    if verb and _REGAIN_VERB.match(verb):
        if ctx.source_side in COMBATANTS:
            return ctx.source_side
        sides = {ctx.place_sides.get(p, UNKNOWN) for p in places}
        if len(sides) == 1 and next(iter(sides)) in COMBATANTS:
            return next(iter(sides))
    return UNKNOWN


_PASSIVE_AFTER = re.compile(r"\s+(?:in|at|near|around|during|by|on|from|outside)\b", re.IGNORECASE)
_REGAIN_VERB = re.compile(
    r"(?:recaptur|retook|retak|regain|reclaim|liberat|free|de-?occup|won back|took back|taken back|"
    r"taking back)",
    re.I,
)
