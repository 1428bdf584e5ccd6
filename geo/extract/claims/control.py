"""Settlement-control claims: what each trigger mode says about where the place is and who holds it."""

from __future__ import annotations

import re

from geo.extract.claims.context import ClaimDraft, _clause_bounds, _Context, _speaker_side
from geo.extract.claims.patterns import (
    _CONTROL_LOW,
    _CONTROL_PATTERNS,
    _FAILURE,
    _GUARD,
    _HELD_CUE,
    _MOVED_SUBJECT,
    _TROOPS_BEFORE,
    _finditer_folded,
)
from geo.extract.claims.scope import (
    _FOOTAGE_NOUN,
    _INTENT,
    _PASSIVE_AFTER,
    _actor_after,
    _actor_before,
    _actors,
    _adj_side,
    _holder_fallback,
    _list_before,
    _object_places,
    _relative_antecedent,
    _settlements,
    _shown_in,
    _subject_places,
)
from geo.extract.sides import (
    COMBATANTS,
    UNKNOWN,
    opposite,
)
from geo.text.sentences import Sentence


def _control_claims(ctx: _Context, s: Sentence, low: str, gates: set[str]) -> list[ClaimDraft]:
    text = ctx.article.text
    sent = text[s.start : s.end]
    out: list[ClaimDraft] = []
    taken: list[tuple[int, int]] = []
    for (mode, rx), folded in zip(_CONTROL_PATTERNS, _CONTROL_LOW, strict=True):
        if mode not in gates:
            continue
        for m in _finditer_folded(folded, rx, sent, low):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            at = s.start + m.start()
            claim = _control_claim(ctx, s, mode, m, at)
            if claim is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(claim)
    return out


def _control_claim(ctx: _Context, s: Sentence, mode: str, m: re.Match[str], at: int) -> ClaimDraft | None:
    text = ctx.article.text
    sent = text[s.start : s.end]
    rel = m.start()
    c_start, c_end = _clause_bounds(text, s, at)
    side = _speaker_side(ctx, s.index, at)
    before_text = sent[max(0, rel - 40) : rel]
    holder = UNKNOWN
    places: tuple[str, ...] = ()
    if mode in ("capture", "withdraw", "hold") and _GUARD.search(before_text):
        return None
    if mode == "passive":
        places = _subject_places(ctx, at, c_start)
        by = m.group("by")
        holder = _actor_after(by, 0, side) if by else UNKNOWN
        if holder == UNKNOWN and by:
            holder = _adj_side(by.split()[0]) if by.split() else UNKNOWN
    elif mode == "adjectival":
        places = _object_places(ctx, s.start + m.end(), c_end)
        verb = m.group("verb").lower()
        holder = next((h for rx, h in _HELD_CUE if rx.search(verb)), UNKNOWN)
        if "captured" in verb:
            holder = _actor_before(sent, rel, side)
    elif mode == "capture":
        # "soldiers captured in X", "equipment seized near X": a participle, not a capture of X
        passive = _PASSIVE_AFTER.match(sent, m.end()) and m.group("verb").lower().endswith("ed")
        places = () if passive else _object_places(ctx, s.start + m.end(), c_end)
        holder = _actor_before(sent, rel, side)
    elif mode == "appositive":
        places = _list_before(ctx, s, at)
        by = m.group("by")
        holder = _actor_after(by, 0, side) if by else UNKNOWN
        if holder == UNKNOWN:
            holder = next((h for rx, h in _HELD_CUE if rx.search(m.group("verb"))), UNKNOWN)
    elif mode == "redeploy":
        if _INTENT.search(before_text):
            return None
        if m.group("pverb") is not None:  # "troops in the X and Y areas were being moved to …"
            subject = _MOVED_SUBJECT.search(sent, max(0, rel - 120), rel)
            if subject is None:
                return None
            places = _settlements(ctx, s.start + subject.start("span"), s.start + subject.end("span"))
        else:
            places = _object_places(ctx, s.start + m.end(), c_end)
        inside = _actors(m.group(), side)
        mover = inside[0][2] if inside else _actor_before(sent, rel, side)
        if mover == UNKNOWN and side in COMBATANTS:
            mover = side  # "the ministry said it had decided to regroup the troops …": its own side
        holder = opposite(mover)
        if holder == UNKNOWN:
            return None
    elif mode == "footage":
        if not _FOOTAGE_NOUN.search(text, c_start, at):
            return None
        places = _shown_in(ctx, s.start + m.end(), c_end)
        holder = _adj_side(m.group("adj"))
    elif mode in ("hold_phrase", "ours"):
        places = _subject_places(ctx, at, c_start)
        who = ((m.groupdict().get("who") or m.groupdict().get("who2") or "").split() or [""])[-1]
        who3 = m.groupdict().get("who3") or ""
        if who3:
            found = _actors(who3, side)
            holder = found[0][2] if found else (_adj_side(who3.split()[0]) if who3.split() else UNKNOWN)
            if holder == UNKNOWN and who3.split()[0].lower() in ("our", "my", "allied", "the"):
                holder = side if side in COMBATANTS else UNKNOWN
        elif mode == "ours" or who.lower() in ("our", "my"):
            holder = side
        elif who.lower() in ("their", "its", "his"):
            holder = _actor_before(sent, rel, side)
        else:
            holder = _adj_side(re.sub(r"[’']s$", "", who))
    elif mode == "hold":
        places = _object_places(ctx, s.start + m.end(), c_end)
        holder = _actor_before(sent, rel, side, limit=60)
        if holder == UNKNOWN:
            return None  # "held" without a named force is too loose ("talks were held in …")
    elif mode == "attempt":
        if not _FAILURE.search(sent):
            return None
        places = _object_places(ctx, s.start + m.end(), c_end)
        attacker = _actor_before(sent, rel + 20, side)
        holder = opposite(attacker) if attacker != UNKNOWN else (side if side in COMBATANTS else UNKNOWN)
    elif mode == "repel":
        places = _object_places(ctx, s.start + m.end(), c_end)
        inside = _actors(m.group(), side)
        holder = opposite(inside[0][2]) if inside else _actor_before(sent, rel, side)
        if holder == UNKNOWN:
            holder = side
    elif mode == "withdraw":
        places = _object_places(ctx, s.start + m.end(), c_end)
        mover = _actor_before(sent, rel, side)
        if mover == UNKNOWN and side in COMBATANTS:
            mover = side  # "X said its forces had withdrawn from …": the speaker's own side moved
        holder = opposite(mover) if mover != UNKNOWN else UNKNOWN
    elif mode in ("approach", "centre"):
        needs_troops = mode == "centre" or m.group().lower().split()[0] in ("on", "at", "to", "into")
        if needs_troops and not _TROOPS_BEFORE.search(sent[max(0, rel - 60) : rel]):
            return None
        places = _object_places(ctx, s.start + m.end(), c_end)
        holder = _actor_before(sent, rel, side)
    if not places and mode in ("capture", "passive", "hold", "hold_phrase", "withdraw"):
        places = _relative_antecedent(ctx, s, at)
    if not places:
        return None
    if holder == UNKNOWN and mode not in ("hold",):
        holder = _holder_fallback(ctx, s, side, (m.groupdict().get("verb") or "").lower(), places)
    return ClaimDraft(
        kind="settlement_control",
        at=at,
        value_min=None,
        value_max=None,
        unit="",
        place_ids=places,
        holder=holder,
        sentence=s.index,
    )
