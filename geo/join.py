"""The per-place join: mentions, quotes and claims of every place, its claimed status and its conflicts.

Inputs are the record tables (columns = the records' ``to_json()`` fields). Only ``settlement_control``
claims say who holds a place; a conflict is two such claims about the same place, dated within
``CONFLICT_WINDOW_DAYS`` of each other, from different sides, naming different holders — e.g. videos of
Ukrainian soldiers in a town against a Russian-installed official's "The city is under our control".
Conflicts are surfaced (``conflict``, ``conflict_note``, ``conflicts()``), never resolved away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from geo.extract.sides import ALL_COMBATANTS

CONFLICT_WINDOW_DAYS = 2
HOLDERS = ALL_COMBATANTS  # sides that can hold ground (every profile's combatants)

SUMMARY_COLUMNS = [
    "place_id", "name", "kind", "country_code", "lat", "lon", "source", "confidence",
    "mention_count", "literal_mentions", "metonymic_mentions", "article_ids", "quote_ids", "claim_ids",
    "first_date", "last_date", "latest_holder", "holder_by_side", "conflict", "conflict_note",
]  # fmt: skip
CONFLICT_COLUMNS = [
    "place_id", "name", "date_a", "date_b", "claim_id_a", "claim_id_b", "affiliation_a", "holder_a",
    "claimant_a", "affiliation_b", "holder_b", "claimant_b",
]  # fmt: skip
_PLACE_FIELDS = ("name", "kind", "country_code", "lat", "lon", "source", "confidence")


def _rows(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None or len(frame) == 0:
        return []
    columns = list(frame.columns)
    values = [frame[c].tolist() for c in columns]  # column-wise: far faster than to_dict("records")
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _ids(value: Any) -> list[str]:
    """A place_ids cell (list, tuple, array or None) as a list of strings."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _date(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    return str(value)[:10]


def _days_apart(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def claims_by_place(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (place, claim): the claims table exploded on ``place_ids`` into ``place_id``."""
    rows = []
    for c in _rows(claims):
        for pid in _ids(c.get("place_ids")):
            rows.append({"place_id": pid, **c})
    columns = ["place_id", *(list(claims.columns) if claims is not None else [])]
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


def _control_claims(claims: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Settlement-control claims with a combatant holder, per place, in date order."""
    per_place: dict[str, list[dict[str, Any]]] = {}
    for c in _rows(claims):
        if c.get("kind") != "settlement_control" or c.get("holder") not in HOLDERS:
            continue
        for pid in _ids(c.get("place_ids")):
            per_place.setdefault(pid, []).append(c)
    for cs in per_place.values():
        cs.sort(key=lambda c: (_date(c.get("date")) or "", str(c.get("claim_id"))))
    return per_place


def _conflict_pairs(cs: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    pairs = []
    for i, a in enumerate(cs):
        for b in cs[i + 1 :]:
            da, db = _date(a.get("date")), _date(b.get("date"))
            if da is None or db is None or _days_apart(da, db) > CONFLICT_WINDOW_DAYS:
                continue
            if a.get("affiliation") != b.get("affiliation") and a.get("holder") != b.get("holder"):
                pairs.append((a, b))
    return pairs


def conflicts(claims: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every pair of contradictory settlement-control claims (see the module docstring), one per row."""
    names = {p["place_id"]: p.get("name", "") for p in _rows(places)}
    rows = []
    for pid, cs in _control_claims(claims).items():
        for a, b in _conflict_pairs(cs):
            rows.append({
                "place_id": pid, "name": names.get(pid, ""),
                "date_a": _date(a.get("date")), "date_b": _date(b.get("date")),
                "claim_id_a": a.get("claim_id"), "claim_id_b": b.get("claim_id"),
                "affiliation_a": a.get("affiliation"), "holder_a": a.get("holder"),
                "claimant_a": a.get("claimant"),
                "affiliation_b": b.get("affiliation"), "holder_b": b.get("holder"),
                "claimant_b": b.get("claimant"),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS) if rows else pd.DataFrame(columns=CONFLICT_COLUMNS)


def conflict_note(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    """ "2022-09-08: ukraine says ukraine (videos on social media); russia says russia (Pavel Sorokin)".

    Same-day conflicts are grouped per day; conflicts across days (within the window) follow as
    "<first> to <last>: …"; groups are separated by " | "."""
    pairs = list(pairs)
    same = [(a, b) for a, b in pairs if _date(a.get("date")) == _date(b.get("date"))]
    across = [(a, b) for a, b in pairs if _date(a.get("date")) != _date(b.get("date"))]
    return " | ".join(n for n in (_cluster_note(same), _cluster_note(across)) if n)


def _cluster_note(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    clusters: list[list[dict[str, Any]]] = []
    for a, b in pairs:
        home = [cl for cl in clusters if any(c["claim_id"] in (a["claim_id"], b["claim_id"]) for c in cl)]
        merged = [c for cl in home for c in cl]
        for c in (a, b):
            if all(x["claim_id"] != c["claim_id"] for x in merged):
                merged.append(c)
        clusters = [cl for cl in clusters if cl not in home] + [merged]
    notes = []
    for cl in clusters:
        cl.sort(key=lambda c: (_date(c.get("date")) or "", str(c.get("claim_id"))))
        dates = sorted({_date(c.get("date")) or "" for c in cl})
        label = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
        groups: dict[tuple[str, str], list[str]] = {}
        for c in cl:
            who = groups.setdefault((str(c.get("affiliation")), str(c.get("holder"))), [])
            if c.get("claimant") not in who:
                who.append(str(c.get("claimant")))
        parts = [f"{side} says {holder} ({', '.join(who)})" for (side, holder), who in groups.items()]
        notes.append(f"{label}: " + "; ".join(parts))
    return " | ".join(notes)


def _latest_holder(cs: list[dict[str, Any]]) -> str:
    dated = [c for c in cs if _date(c.get("date"))]
    if not dated:
        holders = {c["holder"] for c in cs}
        return holders.pop() if len(holders) == 1 else ("contested" if holders else "")
    last = max(_date(c.get("date")) or "" for c in dated)
    holders = {c["holder"] for c in dated if _date(c.get("date")) == last}
    return holders.pop() if len(holders) == 1 else "contested"


def _holder_by_side(cs: list[dict[str, Any]]) -> dict[str, str]:
    by_side: dict[str, str] = {}
    for c in cs:  # date order: later claims overwrite earlier ones
        by_side[str(c.get("affiliation"))] = str(c.get("holder"))
    return by_side


def place_summary(
    places: pd.DataFrame,
    mentions: pd.DataFrame,
    quotes: pd.DataFrame,
    claims: pd.DataFrame,
    articles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per place (``SUMMARY_COLUMNS``): its mentions, quotes, claims, dates and claimed status.

    ``articles`` (optional, with ``article_id`` and ``published``) lets mention-only places have dates.
    Places referenced by mentions, quotes or claims but absent from ``places`` still get a row.
    """
    published = {a["article_id"]: _date(a.get("published")) for a in _rows(articles)}
    info: dict[str, dict[str, Any]] = {}
    order: list[str] = []

    def row(pid: str) -> dict[str, Any]:
        if pid not in info:
            order.append(pid)
            info[pid] = {"place_id": pid, **{f: None for f in _PLACE_FIELDS}, "mention_count": 0,
                         "literal_mentions": 0, "metonymic_mentions": 0, "article_ids": [], "quote_ids": [],
                         "claim_ids": [], "dates": []}  # fmt: skip
        return info[pid]

    for p in _rows(places):
        r = row(str(p["place_id"]))
        r.update({f: p.get(f) for f in _PLACE_FIELDS})
    for m in _rows(mentions):
        if not m.get("place_id") or (isinstance(m.get("place_id"), float) and pd.isna(m["place_id"])):
            continue
        r = row(str(m["place_id"]))
        r["mention_count"] += 1
        r["metonymic_mentions" if bool(m.get("metonymic")) else "literal_mentions"] += 1
        _add(r["article_ids"], m.get("article_id"))
        if published.get(m.get("article_id")):
            r["dates"].append(published[m.get("article_id")])
    for table, key in ((quotes, "quote_ids"), (claims, "claim_ids")):
        for rec in _rows(table):
            for pid in _ids(rec.get("place_ids")):
                r = row(pid)
                _add(r[key], rec.get(key[:-1]))
                _add(r["article_ids"], rec.get("article_id"))
                if _date(rec.get("date")):
                    r["dates"].append(_date(rec.get("date")))

    control = _control_claims(claims)
    out = []
    for pid in order:
        r = info.pop(pid)
        dates = sorted(d for d in r.pop("dates") if d)
        cs = control.get(pid, [])
        pairs = _conflict_pairs(cs)
        r.update(
            first_date=dates[0] if dates else None,
            last_date=dates[-1] if dates else None,
            latest_holder=_latest_holder(cs) if cs else "",
            holder_by_side=_holder_by_side(cs),
            conflict=bool(pairs),
            conflict_note=conflict_note(pairs),
        )
        r["name"] = r["name"] if r["name"] is not None else ""
        out.append(r)
    return pd.DataFrame(out, columns=SUMMARY_COLUMNS) if out else pd.DataFrame(columns=SUMMARY_COLUMNS)


def _add(values: list[str], value: Any) -> None:
    if value is not None and value not in values:
        values.append(value)
