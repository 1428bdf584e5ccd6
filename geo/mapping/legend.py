"""Legend (a Leaflet control built from escaped text) and the map's own CSS."""

from __future__ import annotations

import html
from collections.abc import Iterable

import folium
from folium.template import Template

from geo.mapping.style import (
    CONTESTED_COLOR,
    DIRECTION_COLOR,
    HOLDER_COLORS,
    LAND_COLOR,
    LAYER_KEYS,
    LAYER_NAMES,
    SEA_COLOR,
    STATUS_COLORS,
    VERDICT_COLORS,
)

MAP_CSS = f"""
.leaflet-container {{ background: {SEA_COLOR}; }}
.frontline-label {{ font: 600 12px/1.2 system-ui, sans-serif; color: #1b1b1b; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none; }}
.frontline-label-icon, .frontline-arrow-icon {{ background: none; border: none; }}
.frontline-legend {{ background: rgba(255,255,255,0.92); padding: 6px 9px; border-radius: 4px;
  font: 12px/1.35 system-ui, sans-serif; color: #222; box-shadow: 0 1px 4px rgba(0,0,0,0.3);
  max-width: 260px; }}
.frontline-legend h4 {{ margin: 4px 0 2px; font-size: 12px; }}
.frontline-legend i {{ display: inline-block; width: 12px; height: 12px; margin-right: 5px;
  vertical-align: -2px; border: 1px solid #444; }}
.frontline-legend i.dot {{ border-radius: 50%; }}
"""


def _swatch(color: str, label: str, *, dot: bool = False, border: str = "#444", dashed: bool = False) -> str:
    style = f"background:{color};border-color:{border};" + (
        "border-style:dashed;border-width:2px;" if dashed else ""
    )
    return f'<i class="{"dot" if dot else ""}" style="{style}"></i>{html.escape(label)}<br>'


def legend_html(layers: Iterable[str], *, title: str | None = None) -> str:
    """The legend body for the given layer keys (escaped throughout)."""
    shown = [k for k in LAYER_KEYS if k in set(layers)]
    parts: list[str] = [f"<b>{html.escape(title)}</b><br>"] if title else []
    if "places" in shown:
        parts.append(f"<h4>{LAYER_NAMES['places']}</h4>")
        parts.append(_swatch(HOLDER_COLORS["ukraine"], "claimed held by Ukraine", dot=True))
        parts.append(_swatch(HOLDER_COLORS["russia"], "claimed held by Russia", dot=True))
        parts.append(_swatch(HOLDER_COLORS["contested"], "claimed contested", dot=True))
        parts.append(_swatch(HOLDER_COLORS[""], "no control claim", dot=True))
        parts.append(_swatch("#ffffff", "conflicting claims", dot=True, border=CONTESTED_COLOR, dashed=True))
        parts.append("<small>size = literal mentions</small><br>")
    if "claims" in shown:
        parts.append(f"<h4>{LAYER_NAMES['claims']} (record check)</h4>")
        for verdict, color in VERDICT_COLORS.items():
            parts.append(_swatch(color, verdict, border=color))
    if "control" in shown:
        parts.append(f"<h4>{LAYER_NAMES['control']} (DeepStateMap)</h4>")
        for status, color in STATUS_COLORS.items():
            parts.append(_swatch(color, status, dashed=status == "contested", border=color))
    if "directions" in shown:
        parts.append(
            f'<span style="color:{DIRECTION_COLOR};font-size:14px">&#10148;</span> '
            f"{LAYER_NAMES['directions']}<br>"
        )
    if "heat" in shown:
        parts.append(_swatch("linear-gradient(90deg,#00f,#0f0,#ff0,#f00)", "mention density"))
    if "basemap" in shown:
        parts.append(_swatch(LAND_COLOR, "land (Natural Earth)"))
    return "".join(parts)


class Legend(folium.MacroElement):
    """A bottom-left Leaflet control holding :func:`legend_html` (class ``frontline-legend``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
            {{ this.get_name() }}.onAdd = function() {
                var div = L.DomUtil.create('div', 'frontline-legend');
                div.innerHTML = {{ this.body|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, layers: Iterable[str], *, title: str | None = None, position: str = "bottomleft"
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.body = legend_html(layers, title=title)
        self.position = position


class MapStyle(folium.MacroElement):
    """The map's CSS (sea background, labels, legend) in the page header."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self, css: str = MAP_CSS) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.css = css
