"""Claims layer: what each side says, drawn against the record.

- settlement_control: one ring per place, popup with every side's statement (both sides of a dispute);
- area_gain: the record's changed area between the claim's verification snapshots, coloured by verdict;
- advance_distance / distance: a ring of the claimed distance around the nearest front-line point to the
  claim's place, with a line from the front to the place.
Claims whose geometry cannot be drawn stay in the tables; nothing is invented.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from typing import Any

import folium
import pandas as pd
from folium.utilities import JsCode
from pyproj import Geod

from geo.mapping.cells import as_dict, as_list, esc, fmt_value, number, on_or_before, text
from geo.mapping.control import select_snapshot
from geo.mapping.fast import FastGeoJson
from geo.mapping.geometry import (
    RecordLike,
    arrow_coordinates,
    changed_area,
    deepest_advance,
    geodesic_km2,
    nearest_line_point,
    simplified,
)
from geo.mapping.style import (
    CONTESTED_COLOR,
    POINTS_PANE,
    VERDICT_COLORS,
    holder_color,
    layer_group,
)
from geo.mapping.view import MapView

_GEOD = Geod(ellps="WGS84")

ON_EACH_FEATURE = JsCode(
    """function(feature, layer) {
        layer.bindTooltip(feature.properties.tip, {sticky: true});
        if (!feature.properties.popup) return;  // drawn with another feature that carries it
        layer.bindPopup(feature.properties.popup, {maxWidth: 380, autoPan: false});
        if (window.frontlineKeepPopup) window.frontlineKeepPopup(layer, 'claim:' + feature.properties.tip);
    }"""
)
DIMMED = {"opacity": 0.25, "fillOpacity": 0.05}
MAX_PER_SIDE = 5  # a place's popup lists each side's latest claims; the table has them all


def visible_claims(claims: pd.DataFrame | None, date: str | None) -> list[dict[str, Any]]:
    """Claim rows (as dicts) dated on or before ``date``."""
    if claims is None or claims.empty:
        return []
    return [c for c in claims.to_dict("records") if on_or_before(c.get("date"), date)]


def place_index(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, Any]]:
    """place_id → {name, lat, lon} from place_summary (or places)."""
    frame = tables.get("place_summary")
    if frame is None or frame.empty:
        frame = tables.get("places")
    if frame is None or frame.empty:
        return {}
    return {text(r["place_id"]): r for r in frame[["place_id", "name", "lat", "lon"]].to_dict("records")}


def claim_line(claim: dict[str, Any], places: dict[str, dict[str, Any]]) -> str:
    """One escaped line: who claims what, where, when, and what the record shows."""
    verification = as_dict(claim.get("verification"))
    where = ", ".join(esc(places.get(text(p), {}).get("name", p)) for p in as_list(claim.get("place_ids")))
    value = fmt_value(claim.get("value_min"), claim.get("value_max"), claim.get("unit"))
    verdict = text(verification.get("verdict")) or "not checkable"
    measured = number(verification.get("measured"))
    record = f"; record: {measured:g} {esc(verification.get('unit', ''))}" if measured is not None else ""
    return (
        f"<b>{esc(claim.get('claimant'))}</b> ({esc(claim.get('affiliation'))}, {esc(claim.get('date'))}): "
        f"{esc(claim.get('kind'))} {esc(value)} holder={esc(claim.get('holder'))}"
        f"{' at ' + where if where else ''}<br>"
        f"<span style='color:{VERDICT_COLORS.get(verdict, '#757575')}'>{esc(verdict)}</span>{record}"
        f"{'<br><small>' + esc(verification.get('note')) + '</small>' if verification.get('note') else ''}"
        f"<br><i>“{esc(_clip(text(claim.get('evidence'))))}”</i>"
        f" <small>[{esc(claim.get('claim_id'))}]</small>"
    )


EVIDENCE_CHARS = 320  # in a popup; the detail view and the claims table show the whole sentence


def _clip(sentence: str) -> str:
    return sentence if len(sentence) <= EVIDENCE_CHARS else sentence[: EVIDENCE_CHARS - 1].rstrip() + "…"


def settlement_features(
    claims: list[dict[str, Any]], places: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """One point per place with settlement claims; contested style when the sides disagree."""
    at: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        if claim.get("kind") == "settlement_control":
            for place_id in as_list(claim.get("place_ids")):
                if text(place_id) in places:
                    at[text(place_id)].append(claim)
    features = []
    for place_id, items in at.items():
        place = places[place_id]
        holders = {text(c.get("holder")) for c in items}
        disputed = len(holders) > 1
        color = CONTESTED_COLOR if disputed else holder_color(next(iter(holders)))
        by_side: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in sorted(items, key=lambda c: text(c.get("date")), reverse=True):
            by_side[text(c.get("affiliation")) or "unknown"].append(c)
        popup = f"<b>Control of {esc(place['name'])}</b> [{esc(place_id)}]" + "".join(
            f"<hr style='margin:3px 0'><u>{esc(side)}</u><br>"
            + "<br>".join(claim_line_cached(c, places) for c in side_claims[:MAX_PER_SIDE])
            + (
                f"<br><i>… {len(side_claims) - MAX_PER_SIDE} earlier (claims table)</i>"
                if len(side_claims) > MAX_PER_SIDE
                else ""
            )  # fmt: skip
            for side, side_claims in sorted(by_side.items())
        )
        status = (
            "disputed: " + " vs ".join(sorted(esc(h) for h in holders))
            if disputed
            else f"held by {esc(next(iter(holders)))}"
        )
        features.append(
            _feature(
                {"type": "Point", "coordinates": [float(place["lon"]), float(place["lat"])]},
                style={
                    "pane": POINTS_PANE,
                    "radius": 13,
                    "color": color,
                    "weight": 3,
                    "fill": False,
                    **({"dashArray": "6 4"} if disputed else {}),
                },
                tip=f"Claims at {esc(place['name'])} [{esc(place_id)}]: {status}",
                popup=popup,
            )
        )
    return features


def area_features(
    claims: list[dict[str, Any]], record: RecordLike | None, places: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Changed areas for area_gain claims whose verification names two snapshots."""
    out = []
    if record is None:
        return out
    for claim in claims:
        if claim.get("kind") != "area_gain":
            continue
        snaps = [text(s) for s in as_list(as_dict(claim.get("verification")).get("snapshots")) if text(s)]
        if len(snaps) < 2:
            continue
        area = changed_area(record, snaps[0], snaps[-1])
        geometry = simplified(area)
        if geometry is None:
            continue
        verdict = text(as_dict(claim.get("verification")).get("verdict")) or "not checkable"
        color = VERDICT_COLORS.get(verdict, "#757575")
        claimed = fmt_value(claim.get("value_min"), claim.get("value_max"), claim.get("unit"))
        out.append(
            _feature(
                geometry,
                style={
                    "color": color,
                    "weight": 2,
                    "dashArray": "2 4",
                    "fillColor": color,
                    "fillOpacity": 0.18,
                },
                tip=(
                    f"{esc(claim.get('claimant'))}: {esc(claimed)} — "
                    f"record shows {geodesic_km2(area):,.0f} km² "
                    f"changed ({esc(snaps[0])} → {esc(snaps[-1])}) [{esc(claim.get('claim_id'))}]"
                ),
                popup=claim_line_cached(claim, places),
            )
        )
    return out


def advance_features(
    claims: list[dict[str, Any]],
    record: RecordLike | None,
    places: dict[str, dict[str, Any]],
    date: str | None,
) -> list[dict[str, Any]]:
    """Rings of the claimed distance around the front-line point nearest to each named place, plus a
    dotted line from that point to the place (advance/distance claims)."""
    out: list[dict[str, Any]] = []
    if record is None:
        return out
    for claim in claims:
        if claim.get("kind") not in ("advance_distance", "distance"):
            continue
        km = number(claim.get("value_max")) or number(claim.get("value_min"))
        if not km or text(claim.get("unit")) not in ("km", ""):
            continue
        snaps = [text(s) for s in as_list(as_dict(claim.get("verification")).get("snapshots")) if text(s)]
        snapshot = None if snaps else select_snapshot(record, text(claim.get("date")) or date)
        snapshot_id = snaps[0] if snaps else getattr(snapshot, "snapshot_id", None)
        if not snapshot_id:
            continue
        verdict = text(as_dict(claim.get("verification")).get("verdict")) or "not checkable"
        color = VERDICT_COLORS.get(verdict, "#757575")
        claimed = fmt_value(claim.get("value_min"), claim.get("value_max"), "km")
        named = [places[text(p)] for p in as_list(claim.get("place_ids")) if text(p) in places]
        if not named and claim.get("kind") == "advance_distance" and len(snaps) >= 2:
            out.extend(_advance_arrow(claim, record, snaps[0], snaps[-1], km, color, places))
            continue
        for place_id in as_list(claim.get("place_ids")):
            place = places.get(text(place_id))
            if place is None:
                continue
            lat, lon = float(place["lat"]), float(place["lon"])
            origin = nearest_line_point(record, snapshot_id, lat, lon)
            if origin is None:
                continue
            tip = (
                f"{esc(claim.get('claimant'))}: {esc(claimed)} "
                f"from the line toward {esc(place['name'])} [{esc(claim.get('claim_id'))}]"
            )
            popup = claim_line(claim, places)
            ring = {"type": "LineString", "coordinates": geodesic_ring(origin, km)}
            line = {"type": "LineString", "coordinates": [[origin[1], origin[0]], [lon, lat]]}
            out.append(
                _feature(
                    ring,
                    style={"color": color, "weight": 2, "dashArray": "8 6", "fill": False},
                    tip=tip,
                    popup=popup,
                )
            )
            out.append(  # the ring carries the popup
                _feature(line, style={"color": color, "weight": 2, "dashArray": "2 5"}, tip=tip, popup="")
            )
    return out


def _advance_arrow(
    claim: dict[str, Any],
    record: RecordLike,
    before: str,
    after: str,
    km: float,
    color: str,
    places: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """An advance claim without a place: arrow from the earlier line to the record's deepest advance,
    and a ring of the claimed distance around the arrow's start."""
    tip = deepest_advance(record, before, after)
    if tip is None:
        return []
    tail = nearest_line_point(record, before, *tip)
    if tail is None:
        return []
    claimed = fmt_value(claim.get("value_min"), claim.get("value_max"), "km")
    tip_text = (
        f"{esc(claim.get('claimant'))}: advance of {esc(claimed)}; arrow = deepest advance in the record "
        f"({esc(before)} → {esc(after)}) [{esc(claim.get('claim_id'))}]"
    )
    popup = claim_line(claim, places)
    arrow = {"type": "MultiLineString", "coordinates": arrow_coordinates(tail, tip)}
    ring = {"type": "LineString", "coordinates": geodesic_ring(tail, km)}
    return [
        _feature(
            ring,
            style={"color": color, "weight": 2, "dashArray": "8 6", "fill": False},
            tip=tip_text,
            popup=popup,
        ),
        _feature(arrow, style={"color": color, "weight": 4}, tip=tip_text, popup=popup),
    ]


def geodesic_ring(center: tuple[float, float], km: float, points: int = 72) -> list[list[float]]:
    """[lon, lat] vertices of a closed circle of ``km`` around (lat, lon) on the WGS84 ellipsoid."""
    lat, lon = center
    azimuths = [360.0 * i / points for i in range(points)]
    lons, lats, _ = _GEOD.fwd([lon] * points, [lat] * points, azimuths, [km * 1000.0] * points)
    ring = [[round(x, 4), round(y, 4)] for x, y in zip(lons, lats, strict=True)]
    return ring + ring[:1]


def _feature(geometry: dict[str, Any], *, style: dict[str, Any], tip: str, popup: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"style": style, "tip": tip, "popup": popup},
    }


POINT_TO_LAYER = JsCode(
    "function(feature, latlng) { return L.circleMarker(latlng, feature.properties.style); }"
)


_SHAPES: OrderedDict[tuple[Any, ...], list[dict[str, Any]]] = OrderedDict()
_MAX_SHAPES = 60_000


def _claim_shapes(
    claim: dict[str, Any], record: RecordLike | None, places: dict[str, dict[str, Any]], date: str | None
) -> list[dict[str, Any]]:
    """A claim's areas, rings and arrows, memoised on what they are drawn from (the claim's cells, its
    places' names and coordinates, the record): a date step redraws only the claims it adds."""
    named = tuple(
        (text(p), places[text(p)].get("name"), places[text(p)].get("lat"), places[text(p)].get("lon"))
        for p in as_list(claim.get("place_ids"))
        if text(p) in places
    )
    key = (
        id(record),
        repr(sorted(claim.items(), key=lambda kv: kv[0])),
        named,
        text(claim.get("date")) or date,
    )
    found = _SHAPES.get(key)
    if found is None:
        one = [claim]
        found = area_features(one, record, places) + advance_features(one, record, places, date)
        _SHAPES[key] = found
        while len(_SHAPES) > _MAX_SHAPES:
            _SHAPES.popitem(last=False)
    return found


_CLAIM_CELLS = ("claim_id", "date", "kind", "value_min", "value_max", "unit", "holder", "claimant",
                "affiliation", "evidence", "corrected", "analyst_note")  # fmt: skip


def _claim_key(claim: dict[str, Any]) -> tuple[Any, ...]:
    """What a claim is drawn from (its cells and verification), as a hashable key."""
    v = as_dict(claim.get("verification"))
    return (
        *(text(claim.get(c)) for c in _CLAIM_CELLS),
        tuple(text(p) for p in as_list(claim.get("place_ids"))),
        text(v.get("verdict")), text(v.get("measured")), text(v.get("unit")), text(v.get("note")),
        tuple(text(x) for x in as_list(v.get("snapshots"))),
    )  # fmt: skip


_LINES: OrderedDict[tuple[Any, ...], str] = OrderedDict()


def claim_line_cached(claim: dict[str, Any], places: dict[str, dict[str, Any]]) -> str:
    """:func:`claim_line`, memoised on the claim's cells and its places' names."""
    key = (
        _claim_key(claim),
        tuple(text(places.get(text(p), {}).get("name")) for p in as_list(claim.get("place_ids"))),
    )
    found = _LINES.get(key)
    if found is None:
        found = _LINES[key] = claim_line(claim, places)
        while len(_LINES) > _MAX_SHAPES:
            _LINES.popitem(last=False)
    return found


def _dimmed(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature["properties"]
    return {**feature, "properties": {**props, "style": {**props["style"], **DIMMED}}}


def _by_selection(
    claims: list[dict[str, Any]], selected: str | None
) -> list[tuple[list[dict[str, Any]], bool]]:
    """(claims, dimmed) parts: with a selected place, the claims about other places come first, dimmed."""
    if not selected:
        return [(claims, False)]
    about = [c for c in claims if selected in {text(p) for p in as_list(c.get("place_ids"))}]
    others = [c for c in claims if c not in about]
    return [(others, True), (about, False)]


def build_claims_layer(
    tables: dict[str, pd.DataFrame], record: RecordLike | None, view: MapView
) -> folium.FeatureGroup:
    """The "Claims" group: areas, rings and settlement statements for the claims dated by the view's date."""
    group = layer_group("claims")
    claims = visible_claims(tables.get("claims"), view.date)
    if not claims:
        return group
    places = place_index(tables)
    areas: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    for part, dimmed in _by_selection(claims, view.selected_place_id):
        drawn = [f for c in part for f in _claim_shapes(c, record, places, view.date)]
        marks = settlement_features(part, places)
        if dimmed:
            drawn = [_dimmed(f) for f in drawn]
            marks = [_dimmed(f) for f in marks]
        areas += drawn
        points += marks
    if areas:
        FastGeoJson(
            {"type": "FeatureCollection", "features": areas},
            name="Claimed areas",
            control=False,
            on_each_feature=ON_EACH_FEATURE,
        ).add_to(group)
    if points:
        FastGeoJson(
            {"type": "FeatureCollection", "features": points},
            name="Settlement claims",
            control=False,
            pointToLayer=POINT_TO_LAYER,
            on_each_feature=ON_EACH_FEATURE,
        ).add_to(group)
    return group
