"""Settlement-control claims: a registry of triggers, one small class per ``patterns._CONTROL_PATTERNS`` mode.

Each trigger reads a match in its ``Frame`` (the sentence, the clause around the match, the speaker's side)
and says which places the phrase governs and which side holds them, or ``None`` when the match is no claim.
Shared rules are class attributes: ``guarded`` (skipped after "tried to", "not", "could" …), ``antecedent``
(no place in the clause → the antecedent of a relative clause) and ``fallback`` (no holder named → the
holder fallback of ``scope._holder_fallback``). A new trigger is a pattern row plus a class here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from geo.extract.claims.context import ClaimDraft, _clause_bounds, _Context, _speaker_side
from geo.extract.claims.patterns import (
    _CONTROL_LOW,
    _CONTROL_PATTERNS,
    _FAILURE,
    _GUARD,
    _HELD_CUE,
    _MOVED_SUBJECT,
    _REPORTED_TO,
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
    _antecedent,
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
from geo.records import ClaimKind
from geo.text.sentences import Sentence

Reading = tuple[tuple[str, ...], str] | None
_SINCE_EVENT = re.compile(r"\bsince\s+(?:[\w’'-]+\s+){1,4}$", re.IGNORECASE)
_TO_ACTOR = re.compile(r"[^,;.]{0,40}?\b(?:to|by)\s+(?:the\s+)?[^,;.]+")
_BEGAN_TO = re.compile(r"\b(?:began|begun|begin|begins|continu\w*|start\w*)\s+to\s+$", re.IGNORECASE)
# "… raised in front of the town hall": a building of the town last named
_TOWN_BUILDING = re.compile(
    r"\s+(?:in\s+front\s+of|over|above|on|at|outside)\s+(?:the\s+)?(?:town|city|village)?\s*(?:hall|council|"
    r"administration|council\s+building|administration\s+building)\b",
    re.IGNORECASE,
)  # (place ids, holder), or None: not a claim


@dataclass(frozen=True)
class Frame:
    """One match of a trigger pattern with what every trigger needs around it."""

    ctx: _Context
    s: Sentence
    m: re.Match[str]
    at: int  # article offset of the match
    sent: str  # the sentence's text (``m`` offsets are relative to it)
    c_start: int  # article offsets of the clause around the match
    c_end: int
    side: str  # the speaker's side

    @property
    def rel(self) -> int:
        return self.m.start()

    @property
    def before(self) -> str:
        return self.sent[max(0, self.rel - 40) : self.rel]

    def object_places(self) -> tuple[str, ...]:
        """The places after the match, within its clause."""
        return _object_places(self.ctx, self.s.start + self.m.end(), self.c_end)

    def subject_places(self) -> tuple[str, ...]:
        return _subject_places(self.ctx, self.at, self.c_start)

    def actor_before(self, offset: int = 0, limit: int = 160) -> str:
        return _actor_before(self.sent, self.rel + offset, self.side, limit=limit)


def _held_by(verb: str) -> str:
    return next((h for rx, h in _HELD_CUE if rx.search(verb)), UNKNOWN)


def _by_actor(f: Frame) -> str:
    """The side of a "by …" agent phrase, if the pattern caught one."""
    by = f.m.group("by")
    return _actor_after(by, 0, f.side) if by else UNKNOWN


class Trigger:
    """One settlement-control mode."""

    mode: ClassVar[str]
    kind: ClassVar[str] = ClaimKind.SETTLEMENT_CONTROL
    guarded: ClassVar[bool] = False
    antecedent: ClassVar[bool] = False
    fallback: ClassVar[bool] = True

    def read(self, f: Frame) -> Reading:
        raise NotImplementedError


class Passive(Trigger):
    """ "X was liberated (by Y)"."""

    mode, antecedent = "passive", True

    def read(self, f: Frame) -> Reading:
        by = f.m.group("by")
        holder = _by_actor(f)
        if holder == UNKNOWN and by:
            holder = _adj_side(by.split()[0]) if by.split() else UNKNOWN
        return f.subject_places(), holder


class Adjectival(Trigger):
    """ "the newly liberated town of X", "Russian-held X"."""

    mode = "adjectival"

    def read(self, f: Frame) -> Reading:
        verb = f.m.group("verb").lower()
        holder = f.actor_before() if "captured" in verb else _held_by(verb)
        return f.object_places(), holder


class Capture(Trigger):
    """ "troops recaptured X", "raised the flag over X"."""

    mode, guarded, antecedent = "capture", True, True

    def read(self, f: Frame) -> Reading:
        # "soldiers captured in X", "equipment seized near X": a participle, not a capture of X
        passive = _PASSIVE_AFTER.match(f.sent, f.m.end()) and f.m.group("verb").lower().endswith("ed")
        return (() if passive else f.object_places()), f.actor_before()


class FullControl(Trigger):
    """ "Russian forces declared full control over X"."""

    mode, guarded, antecedent = "full_control", True, True

    def read(self, f: Frame) -> Reading:
        return f.object_places(), f.actor_before()


class Appositive(Trigger):
    """ "X, the first town retaken in the offensive"."""

    mode = "appositive"

    def read(self, f: Frame) -> Reading:
        holder = _by_actor(f)
        if holder == UNKNOWN:
            holder = _held_by(f.m.group("verb"))
        return _list_before(f.ctx, f.s, f.at), holder


class Redeploy(Trigger):
    """Forces leaving an area: the other side then holds it."""

    mode = "redeploy"

    def read(self, f: Frame) -> Reading:
        if _INTENT.search(f.before):
            return None
        if f.m.group("pverb") is not None:  # "troops in the X and Y areas were being moved to …"
            subject = _MOVED_SUBJECT.search(f.sent, max(0, f.rel - 120), f.rel)
            if subject is None:
                return None
            start = f.s.start
            places = _settlements(f.ctx, start + subject.start("span"), start + subject.end("span"))
        else:
            places = f.object_places()
        inside = _actors(f.m.group(), f.side)
        mover = inside[0][2] if inside else f.actor_before()
        if mover == UNKNOWN and f.side in COMBATANTS:
            mover = f.side  # "the ministry said it had decided to regroup the troops …": its own side
        holder = opposite(mover)
        return None if holder == UNKNOWN else (places, holder)


class Footage(Trigger):
    """Footage of a side's soldiers in a place: presence."""

    mode = "footage"

    def read(self, f: Frame) -> Reading:
        if not _FOOTAGE_NOUN.search(f.ctx.article.text, f.c_start, f.at):
            return None
        return _shown_in(f.ctx, f.s.start + f.m.end(), f.c_end), _adj_side(f.m.group("adj"))


class HoldPhrase(Trigger):
    """ "remains under Ukrainian control", "in Russian hands"."""

    mode, antecedent = "hold_phrase", True

    def read(self, f: Frame) -> Reading:
        groups, side = f.m.groupdict(), f.side
        who = ((groups.get("who") or groups.get("who2") or "").split() or [""])[-1]
        who3 = groups.get("who3") or ""
        if who3:
            found = _actors(who3, side)
            holder = found[0][2] if found else (_adj_side(who3.split()[0]) if who3.split() else UNKNOWN)
            if holder == UNKNOWN and who3.split()[0].lower() in ("our", "my", "allied", "the"):
                holder = side if side in COMBATANTS else UNKNOWN
        elif self.mode == "ours" or who.lower() in ("our", "my"):
            holder = side
        elif who.lower() in ("their", "its", "his"):
            holder = f.actor_before()
        else:
            holder = _adj_side(re.sub(r"[’']s$", "", who))
        return f.subject_places(), holder


class Ours(HoldPhrase):
    """ "X is ours": the speaker's side."""

    mode, antecedent = "ours", False


class Hold(Trigger):
    """ "Ukrainian forces still hold X" (only with a named force: "talks were held in …" is no claim)."""

    mode, guarded, antecedent, fallback = "hold", True, True, False

    def read(self, f: Frame) -> Reading:
        holder = f.actor_before(limit=60)
        return None if holder == UNKNOWN else (f.object_places(), holder)


class Attempt(Trigger):
    """A failed attempt to take a place: the defender holds it."""

    mode = "attempt"

    def read(self, f: Frame) -> Reading:
        if not _FAILURE.search(f.sent):
            return None
        attacker = f.actor_before(offset=20)
        side = f.side
        holder = opposite(attacker) if attacker != UNKNOWN else (side if side in COMBATANTS else UNKNOWN)
        return f.object_places(), holder


class Repel(Trigger):
    """ "repelled an assault on X": the defender holds it."""

    mode = "repel"

    def read(self, f: Frame) -> Reading:
        inside = _actors(f.m.group(), f.side)
        holder = opposite(inside[0][2]) if inside else f.actor_before()
        return f.object_places(), (f.side if holder == UNKNOWN else holder)


class Withdraw(Trigger):
    """ "withdrew from X": the other side holds it."""

    mode, guarded, antecedent = "withdraw", True, True

    def read(self, f: Frame) -> Reading:
        mover = f.actor_before()
        if f.m.group("verb").lower() == "left" and mover == UNKNOWN:
            return None  # "… which left X without power": only a named force leaving is a withdrawal
        if mover == UNKNOWN and f.side in COMBATANTS:
            mover = f.side  # "X said its forces had withdrawn from …": the speaker's own side moved
        return f.object_places(), (opposite(mover) if mover != UNKNOWN else UNKNOWN)


class Approach(Trigger):
    """ "troops on the outskirts of X", "closing in on X": an advance toward X by the attacker (kind
    ``approach``, not a claim that anyone holds X)."""

    mode, kind = "approach", ClaimKind.APPROACH

    def needs_troops(self, f: Frame) -> bool:
        return f.m.group().lower().split()[0] in ("on", "at", "to", "into")

    def read(self, f: Frame) -> Reading:
        if self.needs_troops(f) and not _TROOPS_BEFORE.search(f.sent[max(0, f.rel - 60) : f.rel]):
            return None
        return f.object_places(), f.actor_before()


class Centre(Approach):
    """ "in the centre of X" after a force: presence inside the town, a control claim."""

    mode, kind = "centre", ClaimKind.SETTLEMENT_CONTROL

    def needs_troops(self, f: Frame) -> bool:
        return True


class Nominal(Trigger):
    """ "the liberation of X", "the fall of X to …", "the loss of X", "the defence of X had begun"."""

    mode, guarded, fallback = "nominal", True, False

    def read(self, f: Frame) -> Reading:
        verb = f.m.group("verb").lower()
        places = f.object_places()
        if verb == "loss":  # "Russia's loss of X", "the loss of X, which the Russian army …": the other side
            loser = f.actor_before(limit=40)
            if loser == UNKNOWN:
                loser = _actor_after(f.sent[: f.c_end - f.s.start], f.m.end(), f.side)
            return (places, opposite(loser)) if loser != UNKNOWN else None
        if verb.startswith("defen"):
            holder = f.actor_before(limit=40)
            return places, holder if holder != UNKNOWN else (f.side if f.side in COMBATANTS else UNKNOWN)
        holder = f.actor_before(limit=40)
        if holder == UNKNOWN and (to := _TO_ACTOR.match(f.sent, f.m.end())):
            holder = _actor_after(to.group(), 0, f.side)  # "the fall of X to Russian forces", "… by …"
        if holder == UNKNOWN and verb != "fall":  # "the fall of X" alone names no side
            holder = _holder_fallback(f.ctx, f.s, f.side, verb, places)
        return places, holder


class Flag(Trigger):
    """A side's flag raised in a place ("the raising of the Ukrainian flag in X"; "… in front of the town
    hall" → the town last named)."""

    mode = "flag"

    def read(self, f: Frame) -> Reading:
        adj = (f.m.group("adj") or f.m.group("adj2") or "").strip()
        holder = _adj_side(adj) if adj else UNKNOWN
        if holder == UNKNOWN:
            holder = f.actor_before()
        places = _shown_in(f.ctx, f.s.start + f.m.end(), f.c_end) or f.object_places()
        if not places and _TOWN_BUILDING.match(f.sent, f.m.end()):
            places = _antecedent(f.ctx, f.at)
        return places, holder


class Defend(Trigger):
    """ "Ukrainian forces successfully defended X", "the army began to defend the city": the defender
    holds it."""

    mode, fallback = "defend", False

    def read(self, f: Frame) -> Reading:
        if _GUARD.search(f.before) and not _BEGAN_TO.search(f.before):
            return None
        holder = f.actor_before(limit=80)
        if holder == UNKNOWN and f.side in COMBATANTS:
            holder = f.side
        return None if holder == UNKNOWN else (f.object_places(), holder)


class Surrender(Trigger):
    """ "surrendered the city to the Russian army": the side it went to holds it; without "to …", the
    other side of the one that gave it up."""

    mode, guarded, antecedent = "surrender", True, True

    def read(self, f: Frame) -> Reading:
        rest = f.sent[f.m.end() : f.c_end - f.s.start]
        to = re.search(r"\bto\s+(?:the\s+)?[^,;]+", rest)
        holder = _actor_after(to.group(), 0, f.side) if to else UNKNOWN
        if holder == UNKNOWN and not to:
            giver = f.actor_before()
            holder = opposite(giver) if giver != UNKNOWN else UNKNOWN
        return f.object_places(), holder


class Fell(Trigger):
    """ "X fell to Ukrainian forces": the side it fell to holds it."""

    mode, antecedent = "fell", True

    def read(self, f: Frame) -> Reading:
        return f.subject_places(), _by_actor(f)


TRIGGERS: dict[str, Trigger] = {
    t.mode: t
    for t in (
        Passive(), Adjectival(), Appositive(), Capture(), HoldPhrase(), Ours(), Hold(), Attempt(), Repel(),
        Redeploy(), Withdraw(), Nominal(), Flag(), Defend(), Surrender(), Fell(), Approach(), Centre(),
        Footage(), FullControl(),
    )
}  # fmt: skip


def _control_claims(ctx: _Context, s: Sentence, low: str, gates: set[str]) -> list[ClaimDraft]:
    """The settlement-control claims of sentence ``s`` (``low`` its folded text, ``gates`` its open gates);
    patterns run in their order and a match may not overlap an earlier claim's."""
    sent = ctx.article.text[s.start : s.end]
    out: list[ClaimDraft] = []
    taken: list[tuple[int, int]] = []
    for (mode, rx), folded in zip(_CONTROL_PATTERNS, _CONTROL_LOW, strict=True):
        if mode not in gates:
            continue
        for m in _finditer_folded(folded, rx, sent, low):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            claim = _control_claim(ctx, s, TRIGGERS[mode], m, sent)
            if claim is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(claim)
    return out


def _control_claim(
    ctx: _Context, s: Sentence, trigger: Trigger, m: re.Match[str], sent: str
) -> ClaimDraft | None:
    at = s.start + m.start()
    c_start, c_end = _clause_bounds(ctx.article.text, s, at)
    f = Frame(ctx, s, m, at, sent, c_start, c_end, _speaker_side(ctx, s.index, at))
    if trigger.guarded and _GUARD.search(f.before) and not _REPORTED_TO.search(f.before):
        return None
    if trigger.guarded and _SINCE_EVENT.search(f.before):  # "unseen since Russia withdrew from X": a time
        return None
    reading = trigger.read(f)
    if reading is None:
        return None
    places, holder = reading
    if not places and trigger.antecedent:
        places = _relative_antecedent(ctx, s, at)
    if not places:
        return None
    if holder == UNKNOWN and trigger.fallback:
        holder = _holder_fallback(ctx, s, f.side, (m.groupdict().get("verb") or "").lower(), places)
    return ClaimDraft(
        kind=trigger.kind,
        at=at,
        value_min=None,
        value_max=None,
        unit="",
        place_ids=places,
        holder=holder,
        sentence=s.index,
    )
