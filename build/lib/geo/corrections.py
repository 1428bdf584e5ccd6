"""Analysts' corrections of machine output, kept apart from it and re-applied after every re-processing.

A correction names its target by a stable key: a mention by ``"<article_id>:<start>:<end>"``,
a place by its ``place_id``, a claim by its ``claim_id``. ``apply_corrections`` is a pure function from the
machine's records plus the active corrections (oldest first) to corrected records, the ids it changed (for a
"corrected" badge), the analysts' notes per claim, the mentions dismissed as "not a place", and the
corrections that no longer find their target (reported, never silently dropped).

When a text was re-processed and a mention's offsets moved, a mention correction that carries the mention's
``surface`` in its payload is re-attached to the mention with that surface nearest the old offset.

Apply corrections *before* verification (``geo.verify``) so edited claims are checked with their new values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from geo.records import PLACE_KINDS, SIDES, Claim, Mention, Place, Quote

CorrectionKind = Literal[
    "move_place",
    "choose_candidate",
    "add_place",
    "not_a_place",
    "set_metonymic",
    "merge_places",
    "edit_claim",
    "claim_note",
]
CORRECTION_KINDS: tuple[str, ...] = (
    "move_place",
    "choose_candidate",
    "add_place",
    "not_a_place",
    "set_metonymic",
    "merge_places",
    "edit_claim",
    "claim_note",
)
MENTION_KINDS = frozenset({"choose_candidate", "add_place", "not_a_place", "set_metonymic"})
CLAIM_KINDS_EDITABLE = ("value_min", "value_max", "holder")


class CorrectionError(ValueError):
    """A correction that is malformed in itself (unknown kind, missing or invalid payload field)."""


@dataclass(frozen=True)
class Correction:
    """One analyst correction. ``payload`` by kind:

    - ``move_place`` (target place_id): ``lat``, ``lon``
    - ``choose_candidate`` (mention key): ``place_id``, optionally ``surface`` and ``name``, ``lat``, ``lon``,
      ``country_code`` (used when the chosen place is not among the mention's candidates)
    - ``add_place`` (mention key, possibly a span no mention covers yet): ``name``, ``lat``, ``lon``,
      optionally ``kind``, ``country_code``, ``surface`` (required when the span is not a mention yet)
    - ``not_a_place`` (mention key): optionally ``surface``
    - ``set_metonymic`` (mention key): ``metonymic`` (bool), optionally ``surface``
    - ``merge_places`` (target: the place merged away): ``into`` (the place kept)
    - ``edit_claim`` (claim_id): any of ``value_min``, ``value_max`` (number or null), ``holder`` (a side)
    - ``claim_note`` (claim_id): ``note`` (text)
    """

    kind: CorrectionKind
    target: str
    payload: dict[str, Any]
    id: int | None = None
    created_at: str = ""

    def __post_init__(self) -> None:
        validate(self)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "target": self.target,
            "payload": dict(self.payload),
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class Corrected:
    """Records after corrections, plus what the UI needs to show and undo them."""

    places: list[Place]
    mentions: list[Mention]
    quotes: list[Quote]
    claims: list[Claim]
    corrected: frozenset[str]  # mention keys, place ids and claim ids changed by an analyst
    notes: dict[str, list[str]] = field(default_factory=dict)  # claim_id → notes, oldest first
    dismissed: list[Mention] = field(default_factory=list)  # mentions marked "not a place"
    unapplied: list[tuple[Correction, str]] = field(default_factory=list)  # (correction, why)


def mention_key(article_id: str, start: int, end: int) -> str:
    """The stable key of a mention span: ``"<article_id>:<start>:<end>"``."""
    return f"{article_id}:{start}:{end}"


def parse_mention_key(key: str) -> tuple[str, int, int]:
    """``(article_id, start, end)`` from a mention key; CorrectionError when malformed."""
    article_id, _, rest = key.rpartition(":")
    article_id, _, start = article_id.rpartition(":")
    try:
        begin, end = int(start), int(rest)
    except ValueError:
        raise CorrectionError(f"not a mention key: {key!r} (expected article_id:start:end)") from None
    if not article_id or begin < 0 or end <= begin:
        raise CorrectionError(f"not a mention key: {key!r} (expected article_id:start:end)")
    return article_id, begin, end


def _number(payload: Mapping[str, Any], key: str, low: float, high: float) -> float:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= float(value) <= high:
        raise CorrectionError(f"{key} must be a number between {low:g} and {high:g}")
    return float(value)


def validate(c: Correction) -> None:
    """Raise CorrectionError with a one-line reason when a correction is malformed in itself."""
    if c.kind not in CORRECTION_KINDS:
        raise CorrectionError(f"unknown correction kind {c.kind!r}")
    if not isinstance(c.target, str) or not c.target:
        raise CorrectionError("a correction needs a target")
    if not isinstance(c.payload, dict):
        raise CorrectionError("a correction payload must be an object")
    p = c.payload
    if c.kind in MENTION_KINDS:
        parse_mention_key(c.target)
    if c.kind in ("move_place", "add_place"):
        _number(p, "lat", -90, 90)
        _number(p, "lon", -180, 180)
    if c.kind == "add_place":
        if not str(p.get("name", "")).strip():
            raise CorrectionError("add_place needs a name")
        if p.get("kind", "settlement") not in PLACE_KINDS:
            raise CorrectionError(f"place kind must be one of {', '.join(PLACE_KINDS)}")
    if c.kind == "choose_candidate" and not str(p.get("place_id", "")).strip():
        raise CorrectionError("choose_candidate needs a place_id")
    if c.kind == "set_metonymic" and not isinstance(p.get("metonymic"), bool):
        raise CorrectionError("set_metonymic needs metonymic: true or false")
    if c.kind == "merge_places" and (not p.get("into") or p.get("into") == c.target):
        raise CorrectionError("merge_places needs 'into', a different place_id")
    if c.kind == "edit_claim":
        fields = set(p) & set(CLAIM_KINDS_EDITABLE)
        if not fields:
            raise CorrectionError(f"edit_claim changes one of {', '.join(CLAIM_KINDS_EDITABLE)}")
        for key in ("value_min", "value_max"):
            if key in p and p[key] is not None:
                _number(p, key, 0, 1e9)
        if "holder" in p and p["holder"] not in SIDES:
            raise CorrectionError(f"holder must be one of {', '.join(SIDES)}")
    if c.kind == "claim_note" and not str(p.get("note", "")).strip():
        raise CorrectionError("claim_note needs a note")


def user_place_id(name: str) -> str:
    """Id of an analyst-added place: ``user:<slug of the name>``."""
    slug = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFC", name).strip().lower()).strip("-")
    return f"user:{slug or 'place'}"


class _State:
    """Mutable working copy used inside ``apply_corrections`` only."""

    def __init__(
        self,
        places: Iterable[Place],
        mentions: Iterable[Mention],
        quotes: Iterable[Quote],
        claims: Iterable[Claim],
    ) -> None:
        self.places: dict[str, Place] = {p.place_id: p for p in places}
        self.mentions: dict[str, Mention] = {mention_key(m.article_id, m.start, m.end): m for m in mentions}
        self.quotes: list[Quote] = list(quotes)
        self.claims: dict[str, Claim] = {c.claim_id: c for c in claims}
        self.corrected: set[str] = set()
        self.notes: dict[str, list[str]] = {}
        self.dismissed: dict[str, Mention] = {}
        self.aliases: dict[str, str] = {}  # merged place → kept place

    def find_mention(self, c: Correction) -> tuple[str, Mention] | None:
        """The targeted mention, or the one with the recorded surface nearest the old offset."""
        if c.target in self.mentions:
            return c.target, self.mentions[c.target]
        surface = c.payload.get("surface")
        if not surface:
            return None
        article_id, start, _ = parse_mention_key(c.target)
        same = [
            (k, m) for k, m in self.mentions.items() if m.article_id == article_id and m.surface == surface
        ]
        return min(same, key=lambda km: abs(km[1].start - start)) if same else None

    def relink(self, mention: Mention, old: str | None, new: str | None) -> None:
        """Swap ``old`` for ``new`` in the quotes and claims whose span holds the mention, unless another
        mention in that span still names ``old``."""
        if old == new:
            return

        def fix(place_ids: tuple[str, ...], start: int, end: int, article_id: str) -> tuple[str, ...]:
            if article_id != mention.article_id or not (start <= mention.start and mention.end <= end):
                return place_ids
            others = any(
                m.place_id == old
                and m is not mention
                and start <= m.start
                and m.end <= end
                and m.article_id == article_id
                for m in self.mentions.values()
            )
            ids = [p for p in place_ids if p != old or others]
            if new is not None and new not in ids:
                ids.append(new)
            return tuple(ids)

        self.quotes = [
            replace(q, place_ids=fix(q.place_ids, q.start, q.end, q.article_id)) for q in self.quotes
        ]
        for cid, claim in self.claims.items():
            ids = fix(claim.place_ids, claim.start, claim.end, claim.article_id)
            if ids != claim.place_ids:
                self.claims[cid] = replace(claim, place_ids=ids)

    def resolve(self, place_id: str) -> str:
        seen = set()
        while place_id in self.aliases and place_id not in seen:
            seen.add(place_id)
            place_id = self.aliases[place_id]
        return place_id


def apply_corrections(
    places: Sequence[Place],
    mentions: Sequence[Mention],
    claims: Sequence[Claim],
    corrections: Iterable[Correction],
    *,
    quotes: Sequence[Quote] = (),
) -> Corrected:
    """Corrected copies of the records; corrections apply in the order given (the store's: oldest first)."""
    state = _State(places, mentions, quotes, claims)
    unapplied: list[tuple[Correction, str]] = []
    for c in corrections:
        reason = _APPLY[c.kind](state, c)
        if reason:
            unapplied.append((c, reason))
    used = {m.place_id for m in state.mentions.values() if m.place_id}
    used |= {p for q in state.quotes for p in q.place_ids} | {
        p for c in state.claims.values() for p in c.place_ids
    }
    return Corrected(
        places=sorted(
            (p for pid, p in state.places.items() if pid in used or pid in state.corrected),
            key=lambda p: p.place_id,
        ),
        mentions=sorted(state.mentions.values(), key=lambda m: (m.article_id, m.start, m.end)),
        quotes=state.quotes,
        claims=list(state.claims.values()),
        corrected=frozenset(state.corrected),
        notes=state.notes,
        dismissed=sorted(state.dismissed.values(), key=lambda m: (m.article_id, m.start)),
        unapplied=unapplied,
    )


def _move_place(s: _State, c: Correction) -> str:
    pid = s.resolve(c.target)
    place = s.places.get(pid)
    if place is None:
        return f"place {c.target} is not in the current output"
    s.places[pid] = replace(place, lat=float(c.payload["lat"]), lon=float(c.payload["lon"]), source="analyst")
    s.corrected.add(pid)
    return ""


def _choose_candidate(s: _State, c: Correction) -> str:
    found = s.find_mention(c)
    if found is None:
        return f"mention {c.target} is not in the current output"
    key, mention = found
    chosen = str(c.payload["place_id"])
    if chosen not in s.places:
        ref = next((r for r in mention.candidates if r.place_id == chosen), None)
        name, lat, lon = (
            (ref.name, ref.lat, ref.lon)
            if ref
            else (c.payload.get("name"), c.payload.get("lat"), c.payload.get("lon"))
        )
        if name is None or lat is None or lon is None:
            return f"candidate {chosen} is unknown and the correction has no name and coordinates"
        cc = ref.country_code if ref else str(c.payload.get("country_code", ""))
        s.places[chosen] = Place(
            chosen,
            str(name),
            "settlement",
            cc,
            float(lat),
            float(lon),
            source="analyst choice",
            confidence=1.0,
        )
    old = mention.place_id
    candidates = tuple(r for r in mention.candidates if r.place_id != chosen)
    s.mentions[key] = replace(mention, place_id=chosen, confidence=1.0, candidates=candidates)
    s.relink(s.mentions[key], old, chosen)
    s.corrected.update({key, chosen})
    return ""


def _add_place(s: _State, c: Correction) -> str:
    p = c.payload
    pid = user_place_id(str(p["name"]))
    s.places[pid] = Place(
        pid,
        " ".join(str(p["name"]).split()),
        str(p.get("kind", "settlement")),
        str(p.get("country_code", "")).upper()[:2],
        float(p["lat"]),
        float(p["lon"]),
        source="analyst",
        confidence=1.0,
    )
    s.corrected.add(pid)
    found = s.find_mention(c)
    if found is None:
        if not p.get("surface"):
            return f"mention {c.target} is not in the current output and the correction has no surface"
        article_id, start, end = parse_mention_key(c.target)
        key = c.target
        s.mentions[key] = Mention(article_id, start, end, str(p["surface"]), pid, confidence=1.0)
        s.relink(s.mentions[key], None, pid)
    else:
        key, mention = found
        s.mentions[key] = replace(mention, place_id=pid, confidence=1.0)
        s.relink(s.mentions[key], mention.place_id, pid)
    s.corrected.add(key)
    return ""


def _not_a_place(s: _State, c: Correction) -> str:
    found = s.find_mention(c)
    if found is None:
        return f"mention {c.target} is not in the current output"
    key, mention = found
    del s.mentions[key]
    s.dismissed[key] = mention
    s.relink(mention, mention.place_id, None)
    s.corrected.add(key)
    return ""


def _set_metonymic(s: _State, c: Correction) -> str:
    found = s.find_mention(c)
    if found is None:
        return f"mention {c.target} is not in the current output"
    key, mention = found
    s.mentions[key] = replace(mention, metonymic=bool(c.payload["metonymic"]))
    s.corrected.add(key)
    return ""


def _merge_places(s: _State, c: Correction) -> str:
    gone, kept = s.resolve(c.target), s.resolve(str(c.payload["into"]))
    if gone == kept:
        return "the two places are already one"
    if kept not in s.places:
        return f"place {kept} is not in the current output"
    s.aliases[gone] = kept

    def swap(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(kept if i == gone else i for i in ids))

    for key, m in list(s.mentions.items()):
        if m.place_id == gone:
            s.mentions[key] = replace(m, place_id=kept)
            s.corrected.add(key)
    s.quotes = [replace(q, place_ids=swap(q.place_ids)) if gone in q.place_ids else q for q in s.quotes]
    for cid, claim in s.claims.items():
        if gone in claim.place_ids:
            s.claims[cid] = replace(claim, place_ids=swap(claim.place_ids))
    s.places.pop(gone, None)
    s.corrected.discard(gone)
    s.corrected.add(kept)
    return ""


def _edit_claim(s: _State, c: Correction) -> str:
    claim = s.claims.get(c.target)
    if claim is None:
        return f"claim {c.target} is not in the current output"
    changes = {k: c.payload[k] for k in CLAIM_KINDS_EDITABLE if k in c.payload}
    for key in ("value_min", "value_max"):
        if key in changes and changes[key] is not None:
            changes[key] = float(changes[key])
    s.claims[c.target] = replace(claim, **changes)
    s.corrected.add(c.target)
    return ""


def _claim_note(s: _State, c: Correction) -> str:
    if c.target not in s.claims:
        return f"claim {c.target} is not in the current output"
    s.notes.setdefault(c.target, []).append(str(c.payload["note"]).strip())
    return ""


_APPLY = {
    "move_place": _move_place,
    "choose_candidate": _choose_candidate,
    "add_place": _add_place,
    "not_a_place": _not_a_place,
    "set_metonymic": _set_metonymic,
    "merge_places": _merge_places,
    "edit_claim": _edit_claim,
    "claim_note": _claim_note,
}
