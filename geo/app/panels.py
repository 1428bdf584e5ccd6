"""Small Streamlit views of the tables: quote cards, the selected place, conflicts, claims table and chart.

Every string that came from an article goes through ``md_escape`` (markdown) or into ``st.dataframe`` /
the chart as data; nothing here renders HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st
from PIL import Image, ImageDraw

from geo.app.filters import conflicts
from geo.app.text import md_escape, plain, side_badge, value_text, verdict_badge


def names_for(place_ids: Any, names: Mapping[str, str]) -> list[str]:
    """Place names for a cell of place ids (ids without a name are shown as they are)."""
    return [names.get(str(p), str(p)) for p in tuple(place_ids if place_ids is not None else ())]


def active_filters(filters: Any, place_names: Mapping[str, str], titles: Mapping[str, str]) -> list[str]:
    """The filters in force, as short labels ("place Izium", "side russia", …); [] when none is."""
    out = []
    if filters.place_id:
        out.append(f"place {place_names.get(filters.place_id, filters.place_id)}")
    for label, values in (
        ("side", filters.sides),
        ("speaker", filters.speakers),
        ("kind", filters.claim_kinds),
    ):
        if values:
            out.append(f"{label} {', '.join(v.replace('_', ' ') for v in values)}")
    if filters.articles:
        out.append(f"article {', '.join(titles.get(a, a) for a in filters.articles)}")
    if filters.date_from or filters.date_to:
        out.append(f"dated {filters.date_from or '…'} – {filters.date_to or '…'}")
    return out


def filtered_badge(active: list[str], *, on_reset: Callable[..., None], args: tuple[Any, ...] = ()) -> None:
    """A visible "filtered" badge naming the filters, with a one-click reset."""
    with st.container(key="filtered", horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(":orange-badge[:material/filter_alt: filtered] " + md_escape(" · ".join(active)))
        st.button("Reset", key="reset-view-filters", on_click=on_reset, args=args, icon=":material/close:")


def place_card(
    place: Mapping[str, Any],
    claims: pd.DataFrame,
    *,
    place_names: Mapping[str, str],
    on_clear: Callable[[], None],
    written_as: str = "",
) -> None:
    """The selected place: where it is, how it is mentioned, what each side claims, and conflicts."""
    with st.container(border=True, key="place-card"):
        cols = st.columns([5, 1])
        cols[0].markdown(f"#### :material/location_on: {md_escape(place.get('name'))}")
        cols[1].button("Clear", key="clear-place", on_click=on_clear, help="Show every place again")
        where = ", ".join(x for x in (plain(place.get("kind")), plain(place.get("country_code"))) if x)
        lat, lon = place.get("lat"), place.get("lon")
        coords = f"{float(lat):.4f}, {float(lon):.4f}" if lat is not None and lon is not None else ""
        st.markdown(
            f"{md_escape(where)} · {coords} · source: {md_escape(place.get('source'))}  \n"
            f"Mentions: {_int(place.get('literal_mentions'))} literal, "
            f"{_int(place.get('metonymic_mentions'))} metonymic · "
            f"{md_escape(place.get('first_date'))} – {md_escape(place.get('last_date'))}"
        )
        if written_as:
            st.caption(md_escape(written_as))
        if _flag(place.get("corrected")):
            st.caption(":orange-badge[corrected by an analyst]")
        for group in conflicts(claims):
            holders = ", ".join(
                f"{md_escape(c['claimant'])} ({md_escape(c['affiliation'])}) says {md_escape(c['holder'])}"
                for c in group.to_dict("records")
            )
            st.warning(f"Conflicting claims: {holders}", icon=":material/swords:")
        note = plain(place.get("conflict_note"))
        if note and claims.empty:
            st.warning(md_escape(note))
        if claims.empty:
            st.caption("No claim names this place.")
        else:
            with st.expander(f"Claims about this place ({len(claims)})"):
                for claim in claims.sort_values("date", na_position="last").to_dict("records"):
                    st.markdown(claim_line(claim, place_names))


def _flag(value: Any) -> bool:
    """A boolean cell (NaN/None → False)."""
    return bool(value) and not (isinstance(value, float) and pd.isna(value))


def _number(value: Any) -> float | None:
    """A numeric cell as float; None, NaN and text → None."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(out) else out


def _int(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def written_as(mentions: pd.DataFrame, place_id: str, limit: int = 6) -> str:
    """How Cyrillic articles write a place, beside its English name: "Written «Ізюма», «Изюме» · English
    (KMU 2010): Izium" ("" when no Cyrillic mention names it)."""
    if mentions.empty or "name_en" not in mentions.columns:
        return ""
    rows = mentions[(mentions["place_id"] == place_id) & (mentions["name_en"].fillna("") != "")]
    if rows.empty:
        return ""
    surfaces = list(dict.fromkeys(plain(s) for s in rows["surface"]))[:limit]
    english = plain(rows["name_en"].iloc[0])
    return "Written " + ", ".join(f"«{s}»" for s in surfaces) + f" · English (KMU 2010): {english}"


def claim_line(claim: Mapping[str, Any], place_names: Mapping[str, str]) -> str:
    """One markdown line for a claim: who, side, date, what, where, and the record's verdict."""
    verification = claim.get("verification") or {}
    value = value_text(claim.get("value_min"), claim.get("value_max"), claim.get("unit"))
    where = ", ".join(md_escape(n) for n in names_for(claim.get("place_ids"), place_names))
    measured = verification.get("measured")
    record = ""
    if measured is not None and not pd.isna(measured):
        record = f" · record: {float(measured):,.0f} {md_escape(verification.get('unit'))}"
    parts = [
        f"{side_badge(claim.get('affiliation'))} **{md_escape(claim.get('claimant'))}**",
        md_escape(claim.get("date")),
        f"{md_escape(plain(claim.get('kind')).replace('_', ' '))} {md_escape(value)}".strip(),
    ]
    if plain(claim.get("holder")) and plain(claim.get("kind")) == "settlement_control":
        parts.append(f"holder: {md_escape(claim.get('holder'))}")
    if where:
        parts.append(where)
    corrected = " :orange-badge[corrected]" if _flag(claim.get("corrected")) else ""
    note = plain(claim.get("analyst_note"))
    line = (
        " · ".join(p for p in parts if p)
        + f" → {verdict_badge(verification.get('verdict'))}{record}{corrected}"
    )
    if note:
        line += f"  \n:gray[Analyst note: {md_escape(note)}]"
    return line


def claims_table(
    claims: pd.DataFrame, *, place_names: Mapping[str, str], article_titles: Mapping[str, str]
) -> str | None:
    """All claims with their numbers and verdicts as a sortable table (plain text cells); returns the
    claim_id of the row the analyst selected (its detail view opens), if any."""
    if claims.empty:
        st.info("No claim matches the filters.")
        return None
    frame = claims_frame(claims, place_names=place_names, article_titles=article_titles)
    st.caption("Select a row to see the claim in its article.")
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="claims-table",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "evidence": st.column_config.TextColumn("evidence", width="large"),
            "claimed": st.column_config.TextColumn("claimed"),
            "measured": st.column_config.NumberColumn("measured", format="%.0f"),
        },
    )
    rows = list(getattr(getattr(event, "selection", None), "rows", None) or [])
    return str(frame.iloc[rows[0]]["claim_id"]) if rows and rows[0] < len(frame) else None


def claims_frame(
    claims: pd.DataFrame, *, place_names: Mapping[str, str], article_titles: Mapping[str, str]
) -> pd.DataFrame:
    """The claims table as shown: one readable row per claim."""
    rows = []
    for c in claims.to_dict("records"):
        v = c.get("verification") or {}
        rows.append(
            {
                "date": plain(c.get("date")),
                "claimant": plain(c.get("claimant")),
                "side": plain(c.get("affiliation")),
                "kind": plain(c.get("kind")).replace("_", " "),
                "claimed": value_text(c.get("value_min"), c.get("value_max"), c.get("unit")),
                "holder": plain(c.get("holder")),
                "places": ", ".join(names_for(c.get("place_ids"), place_names)),
                "verdict": plain(v.get("verdict")) or "not checkable",
                "measured": v.get("measured"),
                "unit": plain(v.get("unit")),
                "note": plain(v.get("note")),
                "analyst note": plain(c.get("analyst_note")),
                "corrected": "yes" if _flag(c.get("corrected")) else "",
                "article": article_titles.get(plain(c.get("article_id")), plain(c.get("article_id"))),
                "evidence": plain(c.get("evidence")),
                "claim_id": plain(c.get("claim_id")),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["date", "claimant"], kind="stable")


def area_series(record: Any, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Net occupied area lost since ``start`` per snapshot up to ``end`` (km², DeepStateMap)."""
    if record is None:
        return pd.DataFrame(columns=["date", "km2", "series"])
    base = record.snapshot_before(start) or record.snapshot_after(start)
    if base is None:
        return pd.DataFrame(columns=["date", "km2", "series"])
    rows = [
        {"date": s.taken, "km2": base.occupied_km2 - s.occupied_km2, "series": "measured (record)"}
        for s in record.snapshots_between(start, end)
    ]
    return pd.DataFrame(rows, columns=["date", "km2", "series"])


def area_claim_points(claims: pd.DataFrame) -> pd.DataFrame:
    """Area claims as chart points: the claimed figure and, beside it, what the record measured."""
    rows = []
    for c in claims[claims["kind"] == "area_gain"].to_dict("records"):
        when = pd.to_datetime(c.get("date"), errors="coerce")
        if pd.isna(when):
            continue
        # "more than X" has only a lower bound (the upper one is NaN in the table, not None)
        claimed = _number(c.get("value_max"))
        claimed = claimed if claimed is not None else _number(c.get("value_min"))
        label = f"{plain(c.get('claimant'))} ({plain(c.get('affiliation'))})"
        if claimed is not None:
            rows.append({"date": when, "km2": claimed, "series": "claimed", "who": label})
        v = c.get("verification") or {}
        measured = v.get("measured")
        if measured is not None and not pd.isna(measured) and plain(v.get("unit")) in ("km2", ""):
            rows.append(
                {"date": when, "km2": float(measured), "series": "measured for the claim", "who": label}
            )
    return pd.DataFrame(rows, columns=["date", "km2", "series", "who"])


AREA_SERIES = {"measured (record)": "#3c8dbc", "claimed": "#c0392b", "measured for the claim": "#2e7d32"}


def area_chart_spec(line: pd.DataFrame, points: pd.DataFrame, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The Vega-Lite spec of the area chart: the record's step line and the claims' diamonds.

    Written as a plain spec (``st.vega_lite_chart``) rather than through Altair, whose import costs more
    than the whole chart. Values travel as data, never as markup.
    """

    def values(frame: pd.DataFrame) -> list[dict[str, Any]]:
        rows = frame.assign(date=pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%dT%H:%M:%S"))
        return rows.to_dict("records")

    color = {
        "field": "series",
        "type": "nominal",
        "scale": {"domain": list(AREA_SERIES), "range": list(AREA_SERIES.values())},
        "legend": {"title": None, "orient": "bottom"},
    }
    x = {
        "field": "date",
        "type": "temporal",
        "title": None,
        "scale": {"domain": [start.isoformat(), end.isoformat()]},
    }
    y = {"field": "km2", "type": "quantitative", "title": "km²"}
    layers: list[dict[str, Any]] = []
    if not line.empty:
        layers.append(
            {
                "data": {"values": values(line)},
                "mark": {"type": "line", "interpolate": "step-after", "point": True},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": color,
                    "tooltip": [
                        {"field": "date", "type": "temporal"},
                        {"field": "km2", "type": "quantitative"},
                    ],
                },
            }
        )
    if not points.empty:
        layers.append(
            {
                "data": {"values": values(points)},
                "mark": {"type": "point", "size": 140, "filled": True, "shape": "diamond"},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": color,
                    "tooltip": [
                        {"field": "who", "type": "nominal"},
                        {"field": "series", "type": "nominal"},
                        {"field": "date", "type": "temporal"},
                        {"field": "km2", "type": "quantitative", "format": ",.0f"},
                    ],
                },
            }
        )
    return {"height": 280, "layer": layers}


def area_chart(claims: pd.DataFrame, record: Any, start: dt.date, end: dt.date) -> None:
    """Claimed versus measured area over time (Vega-Lite; the data are plain values)."""
    line = area_series(record, start, end)
    points = area_claim_points(claims)
    if line.empty and points.empty:
        st.info("No area claims and no control record for these dates.")
        return
    st.vega_lite_chart(area_chart_spec(line, points, start, end), width="stretch")
    st.caption(
        f"Line: net occupied area lost since {start.isoformat()} in DeepStateMap snapshots. "
        "Diamonds: the area each claim states and the area the record shows for that claim's period."
    )


def summary_line(tables: Mapping[str, pd.DataFrame], record: Any, date: dt.date | None) -> str:
    """One caption line: corpus counts and which control snapshot the map shows."""
    counts = (
        f"{len(tables['articles'])} articles · {len(tables['places'])} places · "
        f"{len(tables['quotes'])} quotes · {len(tables['claims'])} claims"
    )
    if record is None:
        return counts + " · no control record"
    snapshot = record.snapshot_before(date) if date else None
    if snapshot is None:
        return counts + f" · no DeepStateMap snapshot on or before {date}"
    return counts + f" · control areas: DeepStateMap snapshot of {snapshot.taken:%d %b %Y %H:%M} UTC"


def place_row(tables: Mapping[str, pd.DataFrame], place_id: str) -> dict[str, Any] | None:
    """The place_summary row of a place (falls back to the places table)."""
    for name in ("place_summary", "places"):
        frame = tables.get(name)
        if frame is not None and not frame.empty:
            rows = frame[frame["place_id"] == place_id]
            if not rows.empty:
                return rows.iloc[0].to_dict()
    return None


def articles_table(tables: Mapping[str, pd.DataFrame]) -> None:
    """The stored articles with how much each contributed."""
    articles = tables["articles"]
    if articles.empty:
        st.info("No articles yet: add some from the sidebar.")
        return
    per = {
        name: tables[name].groupby("article_id").size() if not tables[name].empty else pd.Series(dtype=int)
        for name in ("mentions", "quotes", "claims")
    }
    frame = articles[["published", "title", "source", "url", "chars", "article_id"]].copy()
    for name, counts in per.items():
        frame[name] = frame["article_id"].map(counts).fillna(0).astype(int)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "url": st.column_config.TextColumn("url"),
            "chars": st.column_config.NumberColumn("chars"),
        },
    )


@functools.lru_cache(maxsize=1)
def page_icon() -> Image.Image:
    """The tab icon, drawn here: a named icon would be fetched from Google's font CDN (not offline)."""
    icon = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    draw.ellipse((4, 4, 60, 60), fill=(31, 95, 191, 255))
    draw.ellipse((22, 22, 42, 42), fill=(255, 212, 0, 255))
    return icon
