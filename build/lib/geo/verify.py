"""Check territorial claims against the independent control record (DeepStateMap snapshots).

Every claim gets a ``Verification``: a verdict (``consistent``, ``overstated``, ``not supported``,
``not checkable``), the record's own figure in the claim's unit, the snapshot ids used and a note with
the numbers. Rules by claim kind (thresholds are the module constants below):

- ``area_gain``: net change of the occupied area between the *period start* (default: 00:00 UTC on the
  first day of the claim's month, i.e. the latest snapshot published before it, or the record's first
  snapshot if the record starts later) and the latest snapshot on or before the claim's date. Holder
  ``ukraine`` → measured = occupied area lost; holder ``russia`` → occupied area gained. Consistent if
  measured ≥ claimed·(1 − ``AREA_TOLERANCE``); not supported if measured ≤ ``AREA_NOISE_KM2`` (no change or
  the opposite); overstated in between. The change is record-wide (not restricted to the claim's region).
- ``settlement_control``: status of each named place (settlements, facilities) in the claim-day snapshot
  (latest on or before the end of the claim's date) and in the snapshots of the next
  ``SETTLEMENT_LAG_DAYS`` days (the record lags events). Holder ``ukraine``: consistent if free on the
  day or within the lag window, overstated if at best contested, not supported if occupied throughout.
  Holder ``russia``: consistent if occupied on the day, overstated if contested, not supported if free.
  Several places: all consistent → consistent, none → not supported, a mix → overstated.
- ``distance``: geodesic distance from the place to the line of contact at the reference date — the claim
  date, or ``N`` days earlier when the evidence speaks of the past ("N days ago", "days ago", "a week
  ago", "earlier"…; default ``DISTANCE_LOOKBACK_DAYS``). Consistent within the claimed range widened by
  ``DISTANCE_TOLERANCE``; overstated if the claimed figure is larger; not supported if it is smaller.
- ``advance_distance``: deepest advance of the holder over the area period (see ``area_gain``): the
  largest distance from ground gained to the start snapshot's line of contact. Consistent if ≥
  claimed·(1 − ``ADVANCE_TOLERANCE``), not supported if below ``ADVANCE_NOISE_KM``, overstated otherwise.
- Anything without a date, a located place, a known unit, a side, or record coverage → not checkable.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from geo.control import ControlRecord, ControlRecordError, Snapshot, as_instant, period_start_snapshot
from geo.records import Claim, Place, Verification

AREA_TOLERANCE = 0.25  # DeepStateMap lags claims by a day or two and draws conservatively
AREA_NOISE_KM2 = 10.0  # net changes this small are redrawing noise, not territory changing hands
SETTLEMENT_LAG_DAYS = 3
DISTANCE_TOLERANCE = 0.30  # "70 km" is a round figure; the line of contact itself is approximate
DISTANCE_LOOKBACK_DAYS = 7  # "just days ago" and similar, without a number
ADVANCE_TOLERANCE = 0.30
ADVANCE_NOISE_KM = 1.0
MAX_SNAPSHOT_AGE_DAYS = 3  # a claim-day snapshot older than this means the record does not cover the date
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
NUMBER_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "few": DISTANCE_LOOKBACK_DAYS,
    "several": DISTANCE_LOOKBACK_DAYS,
}
PAST_RE = re.compile(
    r"\b(?:(\d+|a|one|two|three|four|five|six|seven|few|several)\s+)?(days?|weeks?)\s+ago\b", re.IGNORECASE
)
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


def _covered_snapshot(record: ControlRecord, day: date) -> tuple[Snapshot | None, str]:
    """The claim-day snapshot, or None and the reason the record does not cover ``day``."""
    snap = record.snapshot_before(day)
    first, last = record.snapshots[0], record.snapshots[-1]
    if snap is None:
        return None, f"the record starts on {_sid(first)}, after the claim date {day}"
    if as_instant(day) - snap.taken > timedelta(days=MAX_SNAPSHOT_AGE_DAYS):
        return None, f"the record ends on {_sid(last)}, before the claim date {day}"
    return snap, ""


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
    return Verification("not checkable", None, "", snapshots, note)


def reference_offset_days(evidence: str) -> int:
    """Days before the claim date that a distance statement refers to (0 = the claim date itself)."""
    match = PAST_RE.search(evidence or "")
    if match:
        count_text, unit = (match.group(1) or "").lower(), match.group(2).lower()
        if not count_text:
            return DISTANCE_LOOKBACK_DAYS
        count = int(count_text) if count_text.isdigit() else NUMBER_WORDS.get(count_text, 1)
        if count_text in ("few", "several"):
            return DISTANCE_LOOKBACK_DAYS if unit.startswith("day") else 7 * 3
        return count * (7 if unit.startswith("week") else 1)
    return DISTANCE_LOOKBACK_DAYS if PAST_WORDS_RE.search(evidence or "") else 0


def _period(
    record: ControlRecord, claim: Claim, day: date, period_start: str | date | None
) -> tuple[Snapshot, Snapshot] | Verification:
    """(start snapshot, end snapshot) of the period an area/advance claim covers, or a not-checkable."""
    end, why = _covered_snapshot(record, day)
    if end is None:
        return _nc(why)
    start_day = period_start or day.replace(day=1)
    start = period_start_snapshot(record, start_day)
    if start.taken >= end.taken:
        return _nc(f"no snapshot before {end.snapshot_id} to measure a change from", (end.snapshot_id,))
    return start, end


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
    if claim.holder not in ("ukraine", "russia"):
        return _nc(f"the claim does not say which side {action} (holder {claim.holder!r})")
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
    gained_km2 = lost if claim.holder == "ukraine" else -lost
    measured = gained_km2 / factor
    low_km2 = claimed[0] * factor
    if gained_km2 <= AREA_NOISE_KM2:
        verdict = "not supported"
    elif gained_km2 >= low_km2 * (1 - AREA_TOLERANCE):
        verdict = "consistent"
    else:
        verdict = "overstated"
    change = "net decrease" if lost >= 0 else "net increase"
    note = (
        f"Occupied area {_fmt(start.occupied_km2)} km² ({_sid(start)}) → {_fmt(end.occupied_km2)} km² "
        f"({_sid(end)}): {change} of {_fmt(abs(lost))} km²; "
        f"{claim.holder} claimed ≥ {_fmt(low_km2)} km² gained."
    )
    later = record.snapshot_before(as_instant(day) + timedelta(days=SETTLEMENT_LAG_DAYS))
    if later is not None and later.taken > end.taken:
        later_lost = start.occupied_km2 - later.occupied_km2
        later_gain = later_lost if claim.holder == "ukraine" else -later_lost
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


def _verify_settlement(
    claim: Claim, places: Mapping[str, Place], record: ControlRecord, day: date
) -> Verification:
    if claim.holder not in ("ukraine", "russia"):
        return _nc(f"the claim does not say which side holds the place (holder {claim.holder!r})")
    located, skipped = _points(claim, places, record)
    if not located:
        return _nc(
            "no settlement with coordinates in the record's coverage" + (f": {skipped}" if skipped else "")
        )
    snap, why = _covered_snapshot(record, day)
    if snap is None:
        return _nc(why)
    after = [
        s
        for s in record.snapshots_between(
            snap.taken + timedelta(microseconds=1), as_instant(day) + timedelta(days=SETTLEMENT_LAG_DAYS)
        )
    ]
    earlier_same_day = [s for s in record.snapshots_between(day, day) if s.taken < snap.taken]
    snaps = [snap, *after]
    verdicts, notes = [], []
    for place in located:
        statuses, note = _timeline(record, place, snaps)
        if earlier_same_day:
            earlier = [
                f"{record.status_in(place.lat, place.lon, s.snapshot_id)} at {s.snapshot_id[11:16]}Z"
                for s in earlier_same_day
            ]
            note += f" (earlier that day: {', '.join(earlier)})"
        if claim.holder == "ukraine":
            if statuses[0] == "free" or "free" in statuses:
                verdict = "consistent"
            elif "contested" in statuses:
                verdict = "overstated"
            else:
                verdict = "not supported"
        else:
            verdict = {"occupied": "consistent", "contested": "overstated"}.get(statuses[0], "not supported")
        verdicts.append(verdict)
        notes.append(note)
    if all(v == "consistent" for v in verdicts):
        overall = "consistent"
    elif all(v == "not supported" for v in verdicts):
        overall = "not supported"
    else:
        overall = "overstated"
    wanted = "free" if claim.holder == "ukraine" else "occupied"
    note = "; ".join(notes) + f". Claim: held by {claim.holder} (record status {wanted!r})"
    note += (
        f", checked on the claim day and {SETTLEMENT_LAG_DAYS} days after."
        if claim.holder == "ukraine"
        else (" on the claim day.")
    )
    if skipped:
        note += f" Not checked: {skipped}."
    return Verification(overall, None, "", tuple(s.snapshot_id for s in snaps), note)


def _range_verdict(measured: float, low: float, high: float, tolerance: float) -> str:
    if measured < low * (1 - tolerance):
        return "overstated"
    if measured > high * (1 + tolerance):
        return "not supported"
    return "consistent"


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
    snap, why = _covered_snapshot(record, ref_day)
    if snap is None:
        return _nc(why)
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
        verdict = "not supported"
    elif depth >= low_km * (1 - ADVANCE_TOLERANCE):
        verdict = "consistent"
    else:
        verdict = "overstated"
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
    if isinstance(period_start, str):
        period_start = date.fromisoformat(period_start[:10])
    if isinstance(period_start, datetime):
        period_start = period_start.date()
    try:
        if claim.kind == "area_gain":
            return _verify_area(claim, record, day, period_start)
        if claim.kind == "settlement_control":
            return _verify_settlement(claim, places, record, day)
        if claim.kind == "distance":
            return _verify_distance(claim, places, record, day)
        if claim.kind == "advance_distance":
            return _verify_advance(claim, record, day, period_start)
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
