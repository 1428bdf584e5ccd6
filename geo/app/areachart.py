"""The area chart: occupied area over the whole record, and each area claim against the record's figure.

Top: DeepStateMap's occupied area per snapshot (since 2022 and in all, km²) with the view's date marked.
Bottom: each area claim at its date, the figure claimed (red diamond) and the figure the record measured
for the claim's period (green circle), joined by a line. The chart and the claims table are linked: the
claim selected in the table is drawn larger and outlined, and clicking a claim's mark selects that claim
(its detail view opens). A plain Vega-Lite spec; values travel as data, never as markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from geo.app.text import plain
from geo.control_series import area_series, write_area_csv

PICK = "pick"  # the chart's selection parameter
K_CLICKED = "_chart_clicked_claim"  # the claim last clicked in the chart (opened once per click)
SERIES_COLORS = {"occupied (all)": "#8e1b17", "occupied since 2022": "#d9534f"}
CLAIM_COLORS = {"claimed": "#c0392b", "measured for the claim": "#2e7d32"}


def series_frame(record: Any) -> pd.DataFrame:
    """The record's occupied area per snapshot, long form (date, km2, series)."""
    if record is None or not getattr(record, "snapshots", None):
        return pd.DataFrame(columns=["date", "km2", "series", "snapshot"])
    rows = []
    for p in area_series(record):
        day = p.date.isoformat()
        rows.append(
            {"date": day, "km2": round(p.occupied_km2), "series": "occupied (all)", "snapshot": p.snapshot}
        )
        rows.append(
            {
                "date": day,
                "km2": round(p.occupied_since_2022_km2),
                "series": "occupied since 2022",
                "snapshot": p.snapshot,
            }
        )
    return pd.DataFrame(rows)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def claim_frame(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per area claim: date, claimed km², the record's km² for its period, who, verdict."""
    columns = ["claim_id", "date", "claimed", "measured", "who", "verdict", "note"]
    if claims.empty or "kind" not in claims:
        return pd.DataFrame(columns=columns)
    rows = []
    for c in claims[claims["kind"] == "area_gain"].to_dict("records"):
        when = pd.to_datetime(c.get("date"), errors="coerce")
        if pd.isna(when):
            continue
        claimed = _number(c.get("value_max"))
        claimed = claimed if claimed is not None else _number(c.get("value_min"))
        v: Mapping[str, Any] = c.get("verification") or {}
        measured = _number(v.get("measured")) if plain(v.get("unit")) in ("km2", "") else None
        if claimed is None and measured is None:
            continue
        rows.append(
            {
                "claim_id": plain(c.get("claim_id")),
                "date": when.date().isoformat(),
                "claimed": claimed,
                "measured": measured,
                "who": f"{plain(c.get('claimant'))} ({plain(c.get('affiliation'))})",
                "verdict": plain(v.get("verdict")) or "not checkable",
                "note": plain(v.get("note"))[:200],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def chart_spec(
    series: pd.DataFrame, claims: pd.DataFrame, day: dt.date | None, selected: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two Vega-Lite specs (stacked, same time axis): the area series over the record, and the
    claims (claimed vs measured) below it."""
    dates = [*series["date"], *claims["date"]]
    domain = [min(dates), max(dates)] if dates else None
    x: dict[str, Any] = {"field": "date", "type": "temporal", "title": None}
    if domain:
        x["scale"] = {"domain": domain}
    top_layers: list[dict[str, Any]] = [
        {
            "data": {"values": series.to_dict("records")},
            "mark": {"type": "line", "interpolate": "step-after"},
            "encoding": {
                "x": x,
                "y": {
                    "field": "km2",
                    "type": "quantitative",
                    "title": "occupied km²",
                    "scale": {"zero": False},
                },
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "legend": {"orient": "top", "title": None},
                    "scale": {"domain": list(SERIES_COLORS), "range": list(SERIES_COLORS.values())},
                },
                "tooltip": [
                    {"field": "date", "type": "temporal"},
                    {"field": "series"},
                    {"field": "km2", "type": "quantitative", "format": ",.0f"},
                    {"field": "snapshot"},
                ],
            },
        }
    ]
    if day is not None:
        top_layers.append(
            {
                "data": {"values": [{"date": day.isoformat()}]},
                "mark": {"type": "rule", "color": "#555", "strokeDash": [4, 3]},
                "encoding": {"x": x},
            }
        )
    values = claims.to_dict("records")
    is_selected = {"test": f"datum.claim_id === {_js_string(selected)}"} if selected else None
    size: dict[str, Any] = {"value": 110}
    stroke: dict[str, Any] = {"value": None}
    if is_selected:
        size = {"condition": {**is_selected, "value": 420}, "value": 110}
        stroke = {"condition": {**is_selected, "value": "#111"}, "value": None}
    tooltip = [
        {"field": "who"},
        {"field": "date", "type": "temporal"},
        {"field": "claimed", "format": ",.0f", "title": "claimed km²"},
        {"field": "measured", "format": ",.0f", "title": "record km² (same period)"},
        {"field": "verdict"},
        {"field": "note"},
    ]
    y_claim = {"type": "quantitative", "title": "km² gained (claim period)"}
    bottom = {
        "height": 190,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "rule", "color": "#999"},
                "encoding": {"x": x, "y": {"field": "measured", **y_claim}, "y2": {"field": "claimed"}},
            },
            {
                "params": [{"name": PICK, "select": {"type": "point", "fields": ["claim_id"]}}],
                "transform": [
                    {"fold": ["claimed", "measured"], "as": ["figure", "km2"]},
                    {"filter": "isValid(datum.km2)"},
                    {
                        "calculate": "datum.figure === 'claimed' ? 'claimed' : 'measured for the claim'",
                        "as": "figure",
                    },
                ],
                "mark": {"type": "point", "filled": True, "cursor": "pointer", "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {"field": "km2", **y_claim},
                    "color": {
                        "field": "figure",
                        "type": "nominal",
                        "legend": {"orient": "top", "title": None},
                        "scale": {"domain": list(CLAIM_COLORS), "range": list(CLAIM_COLORS.values())},
                    },
                    "shape": {
                        "field": "figure",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": list(CLAIM_COLORS), "range": ["diamond", "circle"]},
                    },
                    "size": size,
                    "stroke": stroke,
                    "tooltip": tooltip,
                },
            },
        ],
    }
    return {"height": 200, "layer": top_layers}, bottom


def _js_string(value: str) -> str:
    import json

    return json.dumps(str(value))


def picked_claim(event: Any) -> str | None:
    """The claim_id of the mark clicked in the chart (None when nothing is picked)."""
    selection = getattr(event, "selection", None) or (
        event.get("selection") if isinstance(event, dict) else None
    )
    if not selection:
        return None
    picked = selection.get(PICK) if hasattr(selection, "get") else None
    for item in picked or []:
        if isinstance(item, Mapping) and item.get("claim_id"):
            return str(item["claim_id"])
    return None


def area_panel(claims: pd.DataFrame, record: Any, day: dt.date | None, selected: str | None) -> str | None:
    """The chart (with the CSV of the series); returns the claim clicked in it, if any."""
    series = series_frame(record)
    area_claims = claim_frame(claims)
    if series.empty and area_claims.empty:
        st.info("No area claims and no control record.")
        return None
    st.markdown("**Occupied area over time, and area claims against the record**")
    top, bottom = chart_spec(series, area_claims, day, selected)
    st.vega_lite_chart(top, width="stretch", key="area-series-chart")
    event = st.vega_lite_chart(
        bottom, width="stretch", key="area-chart", on_select="rerun", selection_mode=[PICK]
    )
    st.caption(
        "Top: DeepStateMap's occupied area per snapshot. Bottom: each area claim at its date, the figure "
        "claimed and the record's net change over the claim's period. Click a claim to open it; the claim "
        "selected in the table is outlined."
    )
    series_download(record, key="area-csv-chart")
    return picked_claim(event)


def series_download(record: Any, *, key: str) -> None:
    """A CSV download of the record's area series (built only when clicked)."""
    if record is None:
        return
    st.download_button(
        "Area series (CSV)",
        data=lambda: write_area_csv(record).encode("utf-8-sig"),
        file_name="frontline-area-series.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
        key=key,
    )
