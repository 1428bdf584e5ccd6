"""Places layer: one circle per place named literally in the articles.

Colour = latest claimed holder, dashed orange ring = conflicting claims, size = literal mentions.
Places named only metonymically ("Moscow said …") are not events on the ground and are not drawn.
All text is escaped here; the browser gets it as ready HTML in each feature's properties.
"""

from __future__ import annotations

import math
import re
from typing import Any

import folium
import pandas as pd
from folium.plugins import MarkerCluster
from folium.template import Template
from folium.utilities import JsCode

from geo.mapping.cells import as_dict, as_list, esc, fast_rows, number, on_or_before, text
from geo.mapping.fast import FastGeoJson
from geo.mapping.style import (
    CONTESTED_COLOR,
    LAYER_NAMES,
    POINTS_PANE,
    SELECTED_COLOR,
    holder_color,
    layer_group,
)
from geo.mapping.view import MapView

MAX_QUOTES_IN_POPUP = 3
CLUSTER_UNTIL_ZOOM = 10  # from this zoom on, every place is its own marker
# Countries and continents are areas, not points: a dot in the middle of one would read as an event.
UNDRAWN_KINDS: frozenset[str] = frozenset({"country", "other"})
_TOOLTIP_ID = re.compile(r"\[([^\[\]\s]+:[^\[\]\s]+)\]")

POINT_TO_LAYER = JsCode(
    """function(feature, latlng) {
        var p = feature.properties;
        var m = L.circleMarker(latlng, p.style);
        m.bindTooltip(p.tip, {sticky: false});
        m.bindPopup(p.popup, {maxWidth: 360, autoPan: false});
        if (window.frontlineKeepPopup) window.frontlineKeepPopup(m, 'place:' + p.place_id);
        return m;
    }"""
)


def place_id_from_tooltip(tooltip_text: str | None) -> str | None:
    """The place_id in a clicked tooltip's text (st_folium's ``last_object_clicked_tooltip``).

    The id closes the tooltip's first line, after the name; a name that itself contains "[x:y]" (an
    analyst-added place) must not select another place, so the last bracket of that line wins.
    """
    first_line = (tooltip_text or "").strip().split("\n", 1)[0]
    found = _TOOLTIP_ID.findall(first_line)
    return found[-1] if found else None


def drawn_places(summary: pd.DataFrame, date: str | None = None) -> pd.DataFrame:
    """Rows of ``place_summary`` that are drawn: literally mentioned, with coordinates, not a country or
    continent, first mentioned by ``date``."""
    if summary is None or summary.empty:
        return summary.iloc[0:0] if summary is not None else pd.DataFrame()
    literal = summary.get("literal_mentions", summary.get("mention_count", pd.Series(0, index=summary.index)))
    keep = pd.to_numeric(literal, errors="coerce").fillna(0) > 0
    keep &= pd.to_numeric(summary["lat"], errors="coerce").notna()
    keep &= pd.to_numeric(summary["lon"], errors="coerce").notna()
    if "kind" in summary:
        keep &= ~summary["kind"].isin(UNDRAWN_KINDS)
    if date and "first_date" in summary:
        keep &= summary["first_date"].map(lambda d: on_or_before(d, date))
    return summary[keep]


def radius(literal_mentions: float) -> float:
    """Marker radius in px: grows with the square root of mentions, 5…18."""
    return round(min(18.0, 4.0 + 3.0 * math.sqrt(max(literal_mentions, 1.0))), 1)


DIMMED_FILL, DIMMED_LINE = 0.22, 0.3  # places a selection does not concern


def place_style(row: Any, selected: str | None = None) -> dict[str, Any]:
    """Leaflet path options for a place row (dimmed when another place is selected)."""
    conflict = bool(getattr(row, "conflict", False))
    style: dict[str, Any] = {
        "radius": radius(number(getattr(row, "literal_mentions", None)) or 1.0),
        "fillColor": holder_color(text(getattr(row, "latest_holder", ""))),
        "fillOpacity": 0.85,
        "color": CONTESTED_COLOR if conflict else "#222222",
        "weight": 3 if conflict else 1,
        "pane": POINTS_PANE,
    }
    if conflict:
        style["dashArray"] = "4 3"
    if selected and text(getattr(row, "place_id", "")) != selected:
        style.update({"fillOpacity": DIMMED_FILL, "opacity": DIMMED_LINE})
    return style


def tooltip_html(row: Any) -> str:
    """Name, [place_id], mentions and holder: the id in brackets lets a click be mapped back."""
    holder = text(getattr(row, "latest_holder", "")) or "no claim"
    mentions = int(number(getattr(row, "literal_mentions", None)) or 0)
    conflict = " · <b>conflicting claims</b>" if bool(getattr(row, "conflict", False)) else ""
    return (
        f"<b>{esc(row.name)}</b> [{esc(row.place_id)}]<br>"
        f"{mentions} mention{'s' if mentions != 1 else ''} · holder: {esc(holder)}{conflict}"
    )


def popup_html(row: Any, quotes: dict[str, Any]) -> str:
    """Details of a place: where its coordinates come from, mentions, claims by side, quotes."""
    parts = [
        f"<b>{esc(row.name)}</b> <small>[{esc(row.place_id)}]</small>",
        f"<br>{esc(getattr(row, 'kind', ''))}, {esc(getattr(row, 'country_code', ''))} · "
        f"{number(row.lat) or 0:.4f}, {number(row.lon) or 0:.4f} · source: {esc(getattr(row, 'source', ''))}",
        f"<br>Mentions: {int(number(getattr(row, 'literal_mentions', None)) or 0)} literal, "
        f"{int(number(getattr(row, 'metonymic_mentions', None)) or 0)} metonymic",
        f" · {esc(getattr(row, 'first_date', ''))} – {esc(getattr(row, 'last_date', ''))}",
    ]
    by_side = as_dict(getattr(row, "holder_by_side", None))
    if by_side:
        claims = "; ".join(f"{esc(side)} says {esc(holder)}" for side, holder in sorted(by_side.items()))
        parts.append(f"<br>Claimed holder: {claims}")
    note = text(getattr(row, "conflict_note", ""))
    if note:
        parts.append(f"<br><i>{esc(note)}</i>")
    shown = 0
    for quote_id in as_list(getattr(row, "quote_ids", None)):
        quote = quotes.get(text(quote_id))
        if quote is None:
            continue
        if shown == MAX_QUOTES_IN_POPUP:
            parts.append("<br>…")
            break
        parts.append(f"<br>“{esc(quote.get('text', ''))}” — {esc(quote.get('speaker', ''))}")
        shown += 1
    return "".join(parts)


def place_features(
    summary: pd.DataFrame, quotes: pd.DataFrame | None, date: str | None, selected: str | None = None
) -> dict[str, Any]:
    """FeatureCollection of the drawn places with style, tooltip and popup in the properties."""
    by_id: dict[str, Any] = {}
    if quotes is not None and not quotes.empty and "quote_id" in quotes:
        by_id = {text(q["quote_id"]): q for q in quotes[["quote_id", "text", "speaker"]].to_dict("records")}
    features = []
    for row in fast_rows(drawn_places(summary, date)):
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(float(row.lon), 5), round(float(row.lat), 5)],
                },
                "properties": {
                    "place_id": text(row.place_id),
                    "name": esc(row.name),
                    "style": place_style(row, selected),
                    "tip": tooltip_html(row),
                    "popup": popup_html(row, by_id),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def build_places_layer(
    tables: dict[str, pd.DataFrame], view: MapView
) -> tuple[folium.FeatureGroup, folium.GeoJson]:
    """The "Places" group and its GeoJson layer (the layer is what place search indexes)."""
    summary = tables.get("place_summary", pd.DataFrame())
    group = layer_group("places", "Places: GeoNames (CC BY 4.0)")
    data = place_features(summary, tables.get("quotes"), view.date, view.selected_place_id)
    layer = FastGeoJson(data, name=LAYER_NAMES["places"], control=False, pointToLayer=POINT_TO_LAYER)
    if len(data["features"]) > view.cluster_above:
        cluster = MarkerCluster(
            control=False,
            options={
                "disableClusteringAtZoom": CLUSTER_UNTIL_ZOOM,
                "maxClusterRadius": 45,
                "showCoverageOnHover": False,
                "chunkedLoading": True,
                "clusterPane": POINTS_PANE,
            },
        )
        cluster.add_to(group)
        layer.add_to(cluster)
    else:
        layer.add_to(group)
    _add_labels(group, drawn_places(summary, view.date), view.label_limit)
    LabelDeclutter().add_to(group)
    _add_selection(group, summary, view.selected_place_id)
    return group, layer


class LabelDeclutter(folium.MacroElement):
    """Hides a name label that would overlap a label of a more-mentioned place, after every zoom.

    Labels are added heaviest first, so the group's layer order is their priority; the check uses the
    labels' on-screen boxes, so it holds at any zoom and in the PNG export alike.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function(group) {
                function declutter() {
                    var kept = [];
                    group.eachLayer(function(layer) {
                        var el = layer.getElement && layer.getElement();
                        var label = el && el.querySelector('.frontline-label');
                        if (!label) return;
                        label.style.visibility = '';
                        // the label overflows its 0×0 icon: its box is its text's width from its left edge
                        var at = label.getBoundingClientRect();
                        var r = {left: at.left, right: at.left + label.scrollWidth, top: at.top,
                                 bottom: at.top + (label.offsetHeight || 14)};
                        var hit = kept.some(function(k) {
                            return r.left < k.right && r.right > k.left
                                && r.top < k.bottom && r.bottom > k.top;
                        });
                        if (hit) label.style.visibility = 'hidden'; else kept.push(r);
                    });
                }
                function later() { L.Util.requestAnimFrame(declutter); }
                group.on('add', function() { group._map.on('zoomend', later); later(); });
                group.on('remove', function(e) { e.target._map && e.target._map.off('zoomend', later); });
                if (group._map) { group._map.on('zoomend', later); later(); }
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LabelDeclutter"


def _add_labels(group: folium.FeatureGroup, places: pd.DataFrame, limit: int) -> None:
    """Permanent name labels for the most-mentioned places (non-interactive DivIcons)."""
    if limit <= 0 or places.empty:
        return
    col = "literal_mentions" if "literal_mentions" in places else "mention_count"
    top = places.assign(label_weight=pd.to_numeric(places[col], errors="coerce").fillna(0)).nlargest(
        limit, "label_weight"
    )
    for row in top.itertuples(index=False):
        offset = int(radius(float(row.label_weight))) + 3
        folium.Marker(
            [float(row.lat), float(row.lon)],
            icon=folium.DivIcon(
                html=f'<div class="frontline-label" style="margin-left:{offset}px">{esc(row.name)}</div>',
                icon_size=(0, 0),
                icon_anchor=(0, 8),
                class_name="frontline-label-icon",
            ),
            interactive=False,
        ).add_to(group)


def _add_selection(group: folium.FeatureGroup, summary: pd.DataFrame, place_id: str | None) -> None:
    if not place_id or summary is None or summary.empty:
        return
    rows = summary[summary["place_id"] == place_id]
    if rows.empty:
        return
    row = rows.iloc[0]
    folium.CircleMarker(
        [float(row["lat"]), float(row["lon"])],
        radius=22,
        color=SELECTED_COLOR,
        weight=4,
        fill=False,
        pane=POINTS_PANE,
        tooltip=folium.Tooltip(f"selected: {esc(row['name'])} [{esc(place_id)}]"),
    ).add_to(group)
