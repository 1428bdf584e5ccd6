"""Check territorial claims against the independent control record (DeepStateMap snapshots).

Every claim gets a ``Verification``: a verdict (``consistent``, ``overstated``, ``not supported``,
``not checkable``), the record's own figure in the claim's unit, the snapshot ids used and a note with
the numbers. One set of rules whatever the holder (thresholds are the module constants below):

- **Coverage.** A claim (or a period end) dated before the record's first day or after its last day is
  not checkable and says so ("the record covers 3 Apr 2022 - 3 Aug 2025"); it is never judged against
  the last snapshot.
- **The snapshot for an instant** (``snapshot_near``): the latest published before it when that is at
  most ``GRACE_DAYS`` old, else the nearer of it and the first one after (weekly part of the record),
  within ``SPARSE_GRACE_DAYS``.
- **The window for a day** (``window``): the latest snapshot published by the end of the day, then every
  snapshot of the next ``GRACE_DAYS`` days (the record lags events); where there is none (weekly part),
  the first snapshot after the day if published within ``SPARSE_GRACE_DAYS``.
- ``area_gain``: net change of the occupied area (manifest figures, record-wide) between the period
  start and end. Period: the claim's ``period_start``/``period_end`` when the text gives them, else the
  ``period_start`` argument, else the first day of the claim's month, to the claim date. Start = the
  snapshot for 00:00 UTC of the first day; end = the snapshot for the end of the last day. Holder
  ``ukraine`` → measured = occupied area lost; ``russia`` → gained. Consistent if measured ≥
  claimed·(1 − ``AREA_TOLERANCE``); not supported if measured ≤ ``AREA_NOISE_KM2``; overstated between.
- ``settlement_control``: status of each place over the window of the claim day. Consistent if the
  claimed status (free for ``ukraine``, occupied for ``russia``) holds in the window's *last* snapshot;
  overstated if it held only earlier in the window or the place ends contested; not supported
  otherwise. So two opposite claims about one place and day cannot both be consistent. Several places:
  all consistent → consistent, none → not supported, a mix → overstated.
- ``distance``: geodesic distance from the place to the line of contact in the snapshot for the end of
  the reference day — the claim date, or ``N`` days earlier when the evidence speaks of the past ("N days
  ago", "a week ago", "earlier"…; default ``DISTANCE_LOOKBACK_DAYS``). Consistent within the claimed range
  widened by ``DISTANCE_TOLERANCE``; overstated if the claimed figure is larger; not supported if smaller.
- ``advance_distance``: deepest advance of the holder over the period (as for ``area_gain``): the largest
  distance from ground gained to the start snapshot's line of contact. Consistent if ≥
  claimed·(1 − ``ADVANCE_TOLERANCE``), not supported if below ``ADVANCE_NOISE_KM``, overstated otherwise.
- ``approach``: the place within the claimed distance (else ``APPROACH_KM``) of the line of contact in the
  snapshot for the claim day: consistent within ``DISTANCE_TOLERANCE``, overstated if farther.
- Anything without a date, a located place, a known unit or a side → not checkable, with the reason.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from geo.control import ControlRecord, ControlRecordError, Snapshot, as_instant, day_text
from geo.lang import vocabulary
from geo.records import Claim, ClaimKind, Place, Side, Verdict, Verification

AREA_TOLERANCE = 0.25  # DeepStateMap lags claims by a day or two and draws conservatively
AREA_NOISE_KM2 = 10.0  # net changes this small are redrawing noise, not territory changing hands
GRACE_DAYS = 3  # the record lags events by a day or two
SPARSE_GRACE_DAYS = 8  # weekly snapshots: the next one is at most a week away
SETTLEMENT_LAG_DAYS = GRACE_DAYS  # former name
DISTANCE_TOLERANCE = 0.30  # "70 km" is a round figure; the line of contact itself is approximate
DISTANCE_LOOKBACK_DAYS = 7  # "just days ago" and similar, without a number
APPROACH_KM = 10.0  # "on the outskirts of X" / "closing in on X" without a figure: X within this of the line
ADVANCE_TOLERANCE = 0.30
ADVANCE_NOISE_KM = 1.0
POINT_KINDS = ("settlement", "facility", "other")  # places with a meaningful point location

AREA_UNITS_KM2 = {
    "km2": 1.0,
    "km²": 1.0,
    "sq km": 1.0,
    "mi2": 2.589988110336,
    "sq mi": 2.589988110336,
    "ha": 0.01,
}
LENGTH_UNITS_KM = {"km": 1.0, "mi": 1.609344, "miles": 1.609344, "m": 0.001}
PAST_RE = re.compile(r"\b(?:(\d+|a|one|few|several|[a-z]+)\s+)?(days?|weeks?)\s+ago\b", re.IGNORECASE)
PAST_WORDS_RE = re.compile(r"\b(?:earlier|previously|last week|used to be)\b", re.IGNORECASE)


def _sid(snap: Snapshot) -> str:
    """Short form of a snapshot id for notes (minutes precision)."""
    return snap.snapshot_id[:16] + "Z"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def _claim_day(claim: Claim) -> date | None:
    if not claim.date:
        return None
    try:
        return date.fromisoformat(claim.date[:10])
    except ValueError:
        return None


def _claimed_range(claim: Claim) -> tuple[float, float] | None:
    low = claim.value_min if claim.value_min is not None else claim.value_max
    high = claim.value_max if claim.value_max is not None else claim.value_min
    if low is None or high is None:
        return None
    return (min(low, high), max(low, high))


def outside_record(record: ControlRecord, day: date, what: str = "claim date") -> str:
    """Why ``day`` lies outside the record ('' when inside its first-to-last-day range)."""
    first, last = record.date_range()
    if day < first:
        return f"The {what} {day_text(day)} is before the record starts; {record.coverage_text()}."
    if day > last:
        return f"The {what} {day_text(day)} is after the record's end; {record.coverage_text()}."
    return ""


def snapshot_near(record: ControlRecord, instant: datetime) -> Snapshot | None:
    """The snapshot standing for ``instant`` (rule in the module docstring), or None."""
    before = record.snapshot_before(instant)
    if before is not None and instant - before.taken <= timedelta(days=GRACE_DAYS):
        return before
    after = record.snapshot_after(instant)
    candidates = [
        s
        for s in (before, after)
        if s is not None and abs(s.taken - instant) <= timedelta(days=SPARSE_GRACE_DAYS)
    ]
    return min(candidates, key=lambda s: abs(s.taken - instant)) if candidates else None


def window(record: ControlRecord, day: date) -> list[Snapshot]:
    """The snapshots that show the state on ``day`` (rule in the module docstring); [] if none."""
    first = record.snapshot_before(day)
    if first is None:
        return []
    after = record.snapshots_between(
        first.taken + timedelta(microseconds=1), as_instant(day) + timedelta(days=GRACE_DAYS)
    )
    if not after:
        nxt = record.snapshot_after(day)
        if nxt is not None and nxt.taken - as_instant(day) <= timedelta(days=SPARSE_GRACE_DAYS):
            after = [nxt]
    return [first, *after]


def _points(claim: Claim, places: Mapping[str, Place], record: ControlRecord) -> tuple[list[Place], str]:
    """The claim's places with a usable point inside the record's coverage, and why others were left out."""
    kept, skipped = [], []
    for place_id in claim.place_ids:
        place = places.get(place_id)
        if place is None:
            skipped.append(f"{place_id} (unknown place)")
        elif place.kind not in POINT_KINDS:
            skipped.append(f"{place.name} ({place.kind}, no point location)")
        elif not record.covers_point(place.lat, place.lon):
            skipped.append(f"{place.name} (outside the record's coverage)")
        else:
            kept.append(place)
    return kept, "; ".join(skipped)


def _nc(note: str, snapshots: tuple[str, ...] = ()) -> Verification:
    return Verification(Verdict.NOT_CHECKABLE, None, "", snapshots, note)


def reference_offset_days(evidence: str) -> int:
    """Days before the claim date that a distance statement refers to (0 = the claim date itself)."""
    match = PAST_RE.search(evidence or "")
    if match:
        count_text, unit = (match.group(1) or "").lower(), match.group(2).lower()
        words = vocabulary("en").number_words
        if not count_text or not (count_text.isdigit() or count_text in words):  # "just days ago"
            return DISTANCE_LOOKBACK_DAYS
        if count_text in ("few", "several"):
            return DISTANCE_LOOKBACK_DAYS if unit.startswith("day") else 7 * 3
        count = int(count_text) if count_text.isdigit() else words.get(count_text, 1)
        return count * (7 if unit.startswith("week") else 1)
    return DISTANCE_LOOKBACK_DAYS if PAST_WORDS_RE.search(evidence or "") else 0


def _as_day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _period(
    record: ControlRecord, claim: Claim, day: date, period_start: str | date | None
) -> tuple[Snapshot, Snapshot] | Verification:
    """(start snapshot, end snapshot) of the period an area/advance claim covers, or a not-checkable."""
    start_day = _as_day(claim.period_start) or _as_day(period_start) or day.replace(day=1)
    end_day = _as_day(claim.period_end) or day
    if start_day > end_day:
        return _nc(f"the period {start_day} - {end_day} ends before it starts")
    why = outside_record(record, end_day, "claim date" if end_day == day else "period end")
    if why:
        return _nc(why)
    start_instant = as_instant(start_day, end_of_day=False) - timedelta(microseconds=1)
    start = snapshot_near(record, start_instant)
    if start is None:
        return _nc(
            outside_record(record, start_day, "period start")
            or f"no snapshot within {SPARSE_GRACE_DAYS} days of the period start {start_day}"
        )
    end = snapshot_near(record, as_instant(end_day))
    if end is None:
        return _nc(f"no snapshot within {SPARSE_GRACE_DAYS} days of {end_day}")
    if start.taken >= end.taken:
        return _nc(f"no snapshot before {end.snapshot_id} to measure a change from", (end.snapshot_id,))
    return start, end


def _period_text(claim: Claim, start: Snapshot, end: Snapshot) -> str:
    first, last = claim.period_start or "…", claim.period_end or claim.date
    return f"period {first} to {last}: {_sid(start)} to {_sid(end)}"


# --- rules by kind ---------------------------------------------------------------------------------


def _measurable(
    claim: Claim,
    record: ControlRecord,
    day: date,
    period_start: str | date | None,
    units: Mapping[str, float],
    default_unit: str,
    action: str,
) -> Verification | tuple[float, tuple[float, float], Snapshot, Snapshot]:
    """Unit factor, claimed range and period snapshots of a figure claim, or why it cannot be checked."""
    factor = units.get((claim.unit or default_unit).strip().lower())
    claimed = _claimed_range(claim)
    if factor is None:
        kind = "area" if default_unit == "km2" else "length"
        return _nc(f"unknown {kind} unit {claim.unit!r}")
    if claimed is None:
        return _nc("the claim states no figure")
    if claim.holder not in (Side.UKRAINE, Side.RUSSIA):
        return _nc(f"the claim does not say which side {action} (holder '{claim.holder}')")
    period = _period(record, claim, day, period_start)
    if isinstance(period, Verification):
        return period
    return factor, claimed, period[0], period[1]


def _verify_area(
    claim: Claim, record: ControlRecord, day: date, period_start: str | date | None
) -> Verification:
    checked = _measurable(claim, record, day, period_start, AREA_UNITS_KM2, "km2", "gained ground")
    if isinstance(checked, Verification):
        return checked
    factor, claimed, start, end = checked
    lost, _, _ = record.area_change_km2(start, end)
    gained_km2 = lost if claim.holder == Side.UKRAINE else -lost
    measured = gained_km2 / factor
    low_km2 = claimed[0] * factor
    if gained_km2 <= AREA_NOISE_KM2:
        verdict = Verdict.NOT_SUPPORTED
    elif gained_km2 >= low_km2 * (1 - AREA_TOLERANCE):
        verdict = Verdict.CONSISTENT
    else:
        verdict = Verdict.OVERSTATED
    change = "net decrease" if lost >= 0 else "net increase"
    note = (
        f"Occupied area {_fmt(start.occupied_km2)} km² ({_sid(start)}) → {_fmt(end.occupied_km2)} km² "
        f"({_sid(end)}): {change} of {_fmt(abs(lost))} km²; "
        f"{claim.holder} claimed ≥ {_fmt(low_km2)} km² gained"
        + (f" ({_period_text(claim, start, end)})." if claim.period_start or claim.period_end else ".")
    )
    later = record.snapshot_before(as_instant(day) + timedelta(days=GRACE_DAYS))
    if later is not None and later.taken > end.taken and later.taken.date() > day:
        later_lost = start.occupied_km2 - later.occupied_km2
        later_gain = later_lost if claim.holder == Side.UKRAINE else -later_lost
        note += f" By {_sid(later)}: {_fmt(later_gain)} km² gained."
    note += " Net change over the whole record (gains elsewhere offset losses)."
    return Verification(
        verdict, round(measured, 1), claim.unit or "km2", (start.snapshot_id, end.snapshot_id), note
    )


def _timeline(record: ControlRecord, place: Place, snaps: list[Snapshot]) -> tuple[list[str], str]:
    """Statuses of a place over snapshots, and a compact note listing only the changes."""
    statuses = [record.status_in(place.lat, place.lon, s.snapshot_id) for s in snaps]
    parts = []
    for i, (snap, status) in enumerate(zip(snaps, statuses, strict=True)):
        if i == 0:
            parts.append(f"{status} on {_sid(snap)}")
        elif status != statuses[i - 1]:
            parts.append(f"{status} from {_sid(snap)}")
    if len(snaps) > 1 and len(parts) == 1:
        parts.append(f"unchanged to {_sid(snaps[-1])}")
    return statuses, f"{place.name}: " + ", ".join(parts)


def settlement_verdict(statuses: list[str], holder: str) -> str:
    """Verdict for one place from its statuses over the window (same rule for both holders)."""
    wanted = "free" if holder == Side.UKRAINE else "occupied"
    if statuses[-1] == wanted:
        return Verdict.CONSISTENT
    if wanted in statuses or statuses[-1] == "contested":
        return Verdict.OVERSTATED
    return Verdict.NOT_SUPPORTED


def _verify_settlement(
    claim: Claim, places: Mapping[str, Place], record: ControlRecord, day: date
) -> Verification:
    if claim.holder not in (Side.UKRAINE, Side.RUSSIA):
        return _nc(f"the claim does not say which side holds the place (holder '{claim.holder}')")
    located, skipped = _points(claim, places, record)
    if not located:
        return _nc(
            "no settlement with coordinates in the record's coverage" + (f": {skipped}" if skipped else "")
        )
    why = outside_record(record, day)
    if why:
        return _nc(why)
    snaps = window(record, day)
    if not snaps:
        return _nc(f"no snapshot for {day}")
    earlier_same_day = [s for s in record.snapshots_between(day, day) if s.taken < snaps[0].taken]
    verdicts, notes = [], []
    for place in located:
        statuses, note = _timeline(record, place, snaps)
        if earlier_same_day:
            earlier = [
                f"{record.status_in(place.lat, place.lon, s.snapshot_id)} at {s.snapshot_id[11:16]}Z"
                for s in earlier_same_day
            ]
            note += f" (earlier that day: {', '.join(earlier)})"
        verdicts.append(settlement_verdict(statuses, claim.holder))
        notes.append(note)
    if all(v == Verdict.CONSISTENT for v in verdicts):
        overall = Verdict.CONSISTENT
    elif all(v == Verdict.NOT_SUPPORTED for v in verdicts):
        overall = Verdict.NOT_SUPPORTED
    else:
        overall = Verdict.OVERSTATED
    wanted = "free" if claim.holder == Side.UKRAINE else "occupied"
    note = "; ".join(notes) + (
        f". Claim: held by {claim.holder} (record status {wanted!r}), judged on the last snapshot of the "
        f"window {_sid(snaps[0])} … {_sid(snaps[-1])} (claim day + {GRACE_DAYS} days, or the next snapshot "
        f"within {SPARSE_GRACE_DAYS} days)."
    )
    if skipped:
        note += f" Not checked: {skipped}."
    return Verification(overall, None, "", tuple(s.snapshot_id for s in snaps), note)


def _range_verdict(measured: float, low: float, high: float, tolerance: float) -> str:
    if measured < low * (1 - tolerance):
        return Verdict.OVERSTATED
    if measured > high * (1 + tolerance):
        return Verdict.NOT_SUPPORTED
    return Verdict.CONSISTENT


def _verify_distance(
    claim: Claim, places: Mapping[str, Place], record: ControlRecord, day: date
) -> Verification:
    factor = LENGTH_UNITS_KM.get((claim.unit or "km").strip().lower())
    claimed = _claimed_range(claim)
    if factor is None:
        return _nc(f"unknown length unit {claim.unit!r}")
    if claimed is None:
        return _nc("the claim states no figure")
    located, skipped = _points(claim, places, record)
    if not located:
        return _nc("no place with coordinates in the record's coverage" + (f": {skipped}" if skipped else ""))
    offset = reference_offset_days(claim.evidence)
    ref_day = day - timedelta(days=offset)
    why = outside_record(record, ref_day, "claim date" if offset == 0 else "reference date")
    if why:
        return _nc(why)
    snap = snapshot_near(record, as_instant(ref_day))
    if snap is None:
        return _nc(f"no snapshot within {SPARSE_GRACE_DAYS} days of {ref_day}")
    place = located[0]
    try:
        near_lat, near_lon, km = record.nearest_front_point(place.lat, place.lon, snap.snapshot_id)
    except ControlRecordError as exc:
        return _nc(str(exc), (snap.snapshot_id,))
    measured = km / factor
    verdict = _range_verdict(km, claimed[0] * factor, claimed[1] * factor, DISTANCE_TOLERANCE)
    status = record.status_in(place.lat, place.lon, snap.snapshot_id)
    when = "the claim date" if offset == 0 else f"{offset} days before the claim ({ref_day})"
    note = (
        f"{place.name} ({status}) was {_fmt(km)} km from the line of contact on {_sid(snap)} ({when}); "
        f"nearest front point {near_lat:.3f}, {near_lon:.3f}; claimed {_fmt(claimed[0])}"
        + (f"–{_fmt(claimed[1])}" if claimed[1] != claimed[0] else "")
        + f" {claim.unit or 'km'} (±{DISTANCE_TOLERANCE:.0%})."
    )
    return Verification(verdict, round(measured, 1), claim.unit or "km", (snap.snapshot_id,), note)


def _verify_approach(
    claim: Claim, places: Mapping[str, Place], record: ControlRecord, day: date
) -> Verification:
    factor = LENGTH_UNITS_KM.get((claim.unit or "km").strip().lower()) or 1.0
    claimed = _claimed_range(claim)
    limit_km = claimed[1] * factor if claimed else APPROACH_KM
    located, skipped = _points(claim, places, record)
    if not located:
        return _nc("no place with coordinates in the record's coverage" + (f": {skipped}" if skipped else ""))
    why = outside_record(record, day, "claim date")
    if why:
        return _nc(why)
    snap = snapshot_near(record, as_instant(day))
    if snap is None:
        return _nc(f"no snapshot within {SPARSE_GRACE_DAYS} days of {day}")
    place = located[0]
    try:
        _, _, km = record.nearest_front_point(place.lat, place.lon, snap.snapshot_id)
    except ControlRecordError as exc:
        return _nc(str(exc), (snap.snapshot_id,))
    near = km <= limit_km * (1 + DISTANCE_TOLERANCE)
    note = (
        f"{place.name} ({record.status_in(place.lat, place.lon, snap.snapshot_id)}) was {_fmt(km)} km from "
        f"the line of contact on {_sid(snap)}; an approach claim needs it within {_fmt(limit_km)} km "
        f"(±{DISTANCE_TOLERANCE:.0%})."
    )
    verdict = Verdict.CONSISTENT if near else Verdict.OVERSTATED
    return Verification(verdict, round(km, 1), "km", (snap.snapshot_id,), note)


def _verify_advance(
    claim: Claim, record: ControlRecord, day: date, period_start: str | date | None
) -> Verification:
    checked = _measurable(claim, record, day, period_start, LENGTH_UNITS_KM, "km", "advanced")
    if isinstance(checked, Verification):
        return checked
    factor, claimed, start, end = checked
    depth, point, _, _ = record.advance_depth_km(start, end, gained_by=claim.holder)
    low_km = claimed[0] * factor
    if depth < ADVANCE_NOISE_KM:
        verdict = Verdict.NOT_SUPPORTED
    elif depth >= low_km * (1 - ADVANCE_TOLERANCE):
        verdict = Verdict.CONSISTENT
    else:
        verdict = Verdict.OVERSTATED
    where = f" at {point[0]:.3f}, {point[1]:.3f}" if point else ""
    note = (
        f"Deepest {claim.holder} advance from the line of contact of {_sid(start)} to {_sid(end)}: "
        f"{_fmt(depth)} km{where}; claimed ≥ {_fmt(low_km)} km (−{ADVANCE_TOLERANCE:.0%} tolerance)."
    )
    return Verification(
        verdict, round(depth / factor, 1), claim.unit or "km", (start.snapshot_id, end.snapshot_id), note
    )


# --- entry points --------------------------------------------------------------------------------


def verify_claim(
    claim: Claim,
    places: Mapping[str, Place],
    record: ControlRecord | None,
    *,
    period_start: str | date | None = None,
) -> Verification:
    """What the control record shows for one claim (rules in the module docstring).

    ``period_start`` (ISO date) overrides the start of the period area and advance claims are measured
    over (default: the first day of the claim's month)."""
    if record is None:
        return _nc("no control record loaded")
    day = _claim_day(claim)
    if day is None:
        return _nc("the claim has no date")
    period_start = _as_day(period_start)
    try:
        if claim.kind == ClaimKind.AREA_GAIN:
            return _verify_area(claim, record, day, period_start)
        if claim.kind == ClaimKind.SETTLEMENT_CONTROL:
            return _verify_settlement(claim, places, record, day)
        if claim.kind == ClaimKind.DISTANCE:
            return _verify_distance(claim, places, record, day)
        if claim.kind == ClaimKind.ADVANCE_DISTANCE:
            return _verify_advance(claim, record, day, period_start)
        if claim.kind == ClaimKind.APPROACH:
            return _verify_approach(claim, places, record, day)
    except ControlRecordError as exc:
        return _nc(f"control record unavailable: {exc}")
    return _nc(f"unknown claim kind {claim.kind!r}")


def verify_claims(
    claims: Iterable[Claim],
    places: Mapping[str, Place],
    record: ControlRecord | None,
    *,
    period_start: str | date | None = None,
) -> list[Claim]:
    """Copies of ``claims`` with ``verification`` filled in."""
    return [
        dataclasses.replace(c, verification=verify_claim(c, places, record, period_start=period_start))
        for c in claims
    ]
