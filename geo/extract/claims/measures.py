"""Area, advance and front-distance claims of one sentence, then its settlement-control claims."""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo.extract.claims.context import ClaimDraft, _clause_bounds, _Context, _quote_at, _speaker_side
from geo.extract.claims.control import _control_claims
from geo.extract.claims.cyrillic import cyrillic_claims, sentence_language
from geo.extract.claims.numbers import _area_factor, _dist_factor, quantity_bounds
from geo.extract.claims.patterns import (
    _AFTER_MOVE,
    _AREA_LOW,
    _AREA_RE,
    _COUNT_LOW,
    _COUNT_RE,
    _DIGIT,
    _DIST_LOW,
    _DIST_RE,
    _FORCES_THERE,
    _FROM_POSITIONS,
    _FRONT,
    _GAIN_CUE,
    _HELD_CUE,
    _LOSS_CUE,
    _MI,
    _MOVE_CUE,
    _OF_PLACE,
    _POSITION_BEFORE,
    _TOWARD_ANAPHOR,
    _finditer_folded,
    _gates,
)
from geo.extract.claims.scope import (
    _actor_after,
    _actor_before,
    _adj_side,
    _antecedent,
    _holder_fallback,
    _is_settlement,
    _mentions_in,
    _scope_places,
)
from geo.extract.sides import (
    COMBATANTS,
    UNKNOWN,
    fold,
    opposite,
)
from geo.records import ClaimKind
from geo.text.sentences import Sentence


def _sentence_claims(ctx: _Context, s: Sentence) -> list[ClaimDraft]:
    text = ctx.article.text
    sent = text[s.start : s.end]
    if ctx.cyrillic and (code := sentence_language(sent)):
        return cyrillic_claims(ctx, s, code)
    drafts: list[ClaimDraft] = []

    def add(kind, at, vmin, vmax, unit, places, holder, allow_empty=True):
        if not places and not allow_empty:
            return
        drafts.append(
            ClaimDraft(
                kind=kind,
                at=at,
                value_min=vmin,
                value_max=vmax,
                unit=unit,
                place_ids=tuple(places),
                holder=holder,
                sentence=s.index,
            )
        )

    area_spans: list[tuple[int, int]] = []
    low = fold(sent)
    gates = _gates(low)
    has_number = "number" in gates or _DIGIT.search(sent) is not None
    areas = _finditer_folded(_AREA_LOW, _AREA_RE, sent, low) if has_number and "area" in gates else ()
    for m in areas:
        at = s.start + m.start()
        area_spans.append((m.start(), m.end()))
        if _is_conversion(sent, m.start(), area_spans[:-1]):
            continue
        c_start, c_end = _clause_bounds(text, s, at)
        clause = text[s.start : c_end]
        if c_end < s.end and text[c_end] in "—–":  # "8,000 sq km — roughly 3,100 sq mi — have been retaken"
            close = text.find(text[c_end], c_end + 1, s.end)
            if close > 0:
                clause = text[s.start : _clause_bounds(text, s, close + 1)[1]]
        if not _GAIN_CUE.search(clause):
            continue
        side = _speaker_side(ctx, s.index, at)
        vmin, vmax = quantity_bounds(m, _area_factor(m.group("unit")))
        holder = _returned_to(clause) or _actor_before(text[s.start : s.end], m.start(), side)
        if holder == UNKNOWN:
            holder = _actor_after(sent[: _clause_stop(sent, m.end())], m.end(), side)
        if _LOSS_CUE.search(clause) and holder != UNKNOWN:
            holder = opposite(holder)
        if holder == UNKNOWN:
            holder = _holder_fallback(ctx, s, side)
        span, _ = _quote_at(ctx, at)
        places = _scope_places(ctx, *span) if span else _scope_places(ctx, s.start, s.end, at)
        add("area_gain", at, vmin, vmax, "km2", places, holder)

    counts = _finditer_folded(_COUNT_LOW, _COUNT_RE, sent, low) if "count" in gates else ()
    for m in counts:
        at = s.start + m.start()
        c_start, c_end = _clause_bounds(text, s, at)
        clause = text[c_start:c_end]
        if not _GAIN_CUE.search(clause):
            continue
        side = _speaker_side(ctx, s.index, at)
        vmin, vmax = quantity_bounds(m, 1.0)
        holder = _actor_before(sent, m.start(), side)
        if holder == UNKNOWN:
            holder = _actor_after(sent[: _clause_stop(sent, m.end())], m.end(), side)
        if _LOSS_CUE.search(clause) and holder != UNKNOWN:
            holder = opposite(holder)
        if holder == UNKNOWN:
            holder = _holder_fallback(ctx, s, side)
        span, _ = _quote_at(ctx, at)
        places = _scope_places(ctx, *span) if span else _scope_places(ctx, s.start, s.end, at)
        add(ClaimKind.SETTLEMENT_COUNT, at, vmin, vmax, "settlements", places, holder)

    dist_spans: list[tuple[int, int]] = []
    has_dist_unit = "dist" in gates or ("mi" in gates and _MI.search(sent) is not None)
    for m in _finditer_folded(_DIST_LOW, _DIST_RE, sent, low) if has_number and has_dist_unit else ():
        if any(a <= m.start() < b for a, b in area_spans) or _is_conversion(sent, m.start(), dist_spans):
            continue
        dist_spans.append((m.start(), m.end()))
        at = s.start + m.start()
        side = _speaker_side(ctx, s.index, at)
        vmin, vmax = quantity_bounds(m, _dist_factor(m.group("unit")))
        rest = sent[m.end() :]
        enemy = _FROM_POSITIONS.match(rest)
        if _FRONT.match(rest) or enemy:
            c_start, c_end = _clause_bounds(text, s, at)
            clause = text[c_start : s.end]
            holder = next((h for rx, h in _HELD_CUE if rx.search(clause)), UNKNOWN)
            if enemy:  # "30 miles from the nearest Russian positions": the other side holds the place
                adj = enemy.group("adj").lower()
                holder = side if adj == "enemy" and side in COMBATANTS else opposite(_adj_side(adj))
            if holder == UNKNOWN and (there := _FORCES_THERE.search(rest)):
                holder = _adj_side(there.group("adj"))  # "…, and Russian forces there risk being encircled"
            before = [x for x in _mentions_in(ctx, s.start, at) if _is_settlement(ctx, x)]
            places = (before[-1].place_id,) if before else _antecedent(ctx, at)
            add("distance", at, vmin, vmax, "km", places, holder)
            continue
        window = sent[max(0, m.start() - 45) : m.start()]
        if _POSITION_BEFORE.search(window) and (of := _OF_PLACE.match(rest)):
            # "advanced to within 15 km of X": an approach of X by the advancing side, that far from it
            _, c_end = _clause_bounds(text, s, at)
            pos = s.start + m.end() + of.end()
            after = [x for x in _mentions_in(ctx, pos, c_end) if x.start - pos <= 30 and x.place_id]
            if after:
                mover = _actor_before(sent, m.start(), side)
                if mover == UNKNOWN:
                    mover = _holder_fallback(ctx, s, side)
                add(ClaimKind.APPROACH, at, vmin, vmax, "km", (after[0].place_id,), mover)
                continue
        if not (_MOVE_CUE.search(window) or _AFTER_MOVE.match(rest)):
            continue
        moved_just_before = _MOVE_CUE.search(window[-28:]) is not None  # "advanced up to 15 km south of X"
        if _GEOGRAPHY.match(rest) and not (moved_just_before and _DIRECTION.match(rest)):
            continue  # "40 km from Romny", "30 miles north of …": geography, not an advance
        beyond = re.search(
            r"\b(?:beyond|behind|into|through)\s+(?:the\s+)?(?:existing\s+|enemy\s+)?(?P<adj>\w+)\s+"
            r"(?:lines?|territory|positions|defen[cs]es)\b",
            rest[:80],
            re.IGNORECASE,
        )
        holder = opposite(_adj_side(beyond.group("adj"))) if beyond else UNKNOWN
        if holder == UNKNOWN:
            holder = _actor_before(sent, m.start(), side)
        if holder == UNKNOWN:
            holder = _holder_fallback(ctx, s, side)
        span, _ = _quote_at(ctx, at)
        places = _scope_places(ctx, *span) if span else _scope_places(ctx, s.start, s.end, at)
        if not places and _TOWARD_ANAPHOR.match(rest):
            places = _antecedent(ctx, at)
        add("advance_distance", at, vmin, vmax, "km", places, holder)

    drafts.extend(_control_claims(ctx, s, low, gates))
    return drafts


_CONVERSION_GAP = re.compile(r"\s*(?:\(|[—–-]{1,2}|,)\s*(?:or\s+|roughly\s+|about\s+|some\s+|nearly\s+)?$")


def _is_conversion(sent: str, start: int, earlier: Sequence[tuple[int, int]]) -> bool:
    """ "70 kilometers (43 miles)", "8,000 square kilometers — roughly 3,100 square miles —": the second
    figure restates the first in another unit."""
    return any(
        0 <= start - end <= 20 and _CONVERSION_GAP.fullmatch(sent[end:start]) for _, end in earlier
    ) and bool(_CONVERSION_GAP.fullmatch(sent[max(e for _, e in earlier) : start]))


_GEOGRAPHY = re.compile(r"^\s*(?:from|away|north|south|east|west|of)\b", re.IGNORECASE)
_DIRECTION = re.compile(r"^\s*(?:north|south|east|west)", re.IGNORECASE)


_CONTRAST_GAP = re.compile(r",\s+(?:while|whereas|but|although|though)\b|;", re.IGNORECASE)
_CONTRAST = re.compile(r",\s+(?:but|while|whereas|although|though|yet)\b|;|\.\s", re.IGNORECASE)


def _clause_stop(sent: str, pos: int) -> int:
    """Where the clause holding ``pos`` ends before a contrast ("…, but Russian forces remain …")."""
    m = _CONTRAST.search(sent, pos)
    return m.start() if m else len(sent)


def _returned_to(clause: str) -> str:
    m = re.search(r"\b(?:returned|back)\s+(?:to|under)\s+(?P<adj>\w+[’']?s?)(?:\s+control)?\b", clause, re.I)
    if not m:
        return ""
    side = _adj_side(
        m.group("adj").rstrip("’'s") if m.group("adj").endswith(("’s", "'s")) else m.group("adj")
    )
    return side if side != UNKNOWN else ""
