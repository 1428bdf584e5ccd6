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
.frontline-legend {{ background: rgba(255,255,255,0.92); padding: 3px 7px 4px; border-radius: 4px;
  font: 11px/1.35 system-ui, sans-serif; color: #222; box-shadow: 0 1px 4px rgba(0,0,0,0.3);
  max-width: 290px; }}
.frontline-legend .sec {{ margin-top: 2px; }}
.frontline-legend .item {{ display: inline-block; margin-right: 8px; white-space: nowrap; }}
.frontline-legend-toggle {{ display: block; width: 100%; margin: 0; padding: 1px 0; border: 0;
  background: none; font: 600 11px/1.3 system-ui, sans-serif; color: #222; text-align: left;
  cursor: pointer; }}
.frontline-legend-toggle::after {{ content: " \\25BE"; }}
.frontline-legend.collapsed .frontline-legend-toggle::after {{ content: " \\25B8"; }}
.frontline-legend.collapsed .frontline-legend-body {{ display: none; }}
.frontline-legend-body {{ overflow-y: auto; }}
.frontline-legend.expanded-all .frontline-legend-body {{ max-height: none; overflow: visible; }}
.frontline-legend h4 {{ margin: 0; font-size: 11px; font-weight: 600; }}
.frontline-legend i {{ display: inline-block; width: 10px; height: 10px; margin-right: 5px;
  vertical-align: -1px; border: 1px solid #444; }}
.frontline-legend i.dot {{ border-radius: 50%; }}
"""


def _swatch(color: str, label: str, *, dot: bool = False, border: str = "#444", dashed: bool = False) -> str:
    style = f"background:{color};border-color:{border};" + (
        "border-style:dashed;border-width:2px;" if dashed else ""
    )
    shape = "dot" if dot else ""
    return f'<span class="item"><i class="{shape}" style="{style}"></i>{html.escape(label)}</span>'


def _section(title: str, items: list[str]) -> str:
    return f'<div class="sec"><h4>{html.escape(title)}</h4>{"".join(items)}</div>'


def _holder_swatches(profile: str) -> list[str]:
    """One swatch per combatant of the conflict profile (the default profile when ``profile`` is "")."""
    from geo.profiles import ProfileError, load_profile

    try:
        chosen = load_profile(profile) if profile else load_profile()
    except ProfileError:
        chosen = load_profile()
    return [_swatch(b.colour, b.label, dot=True) for b in chosen.belligerents if b.combatant]


def legend_html(layers: Iterable[str], *, title: str | None = None, profile: str = "") -> str:
    """The legend body for the given layer keys (escaped throughout): one compact section per layer,
    its swatches side by side; holders are ``profile``'s belligerents (the default profile's when "")."""
    shown = [k for k in LAYER_KEYS if k in set(layers)]
    parts: list[str] = [f"<b>{html.escape(title)}</b>"] if title else []
    if "places" in shown:
        parts.append(
            _section(
                f"{LAYER_NAMES['places']} (claimed holder; size = mentions)",
                [
                    *_holder_swatches(profile),
                    _swatch(HOLDER_COLORS["contested"], "contested", dot=True),
                    _swatch(HOLDER_COLORS[""], "no control claim", dot=True),
                    _swatch("#ffffff", "conflicting claims", dot=True, border=CONTESTED_COLOR, dashed=True),
                ],
            )
        )
    if "claims" in shown:
        parts.append(
            _section(
                f"{LAYER_NAMES['claims']} (record check)",
                [_swatch(color, verdict, border=color) for verdict, color in VERDICT_COLORS.items()],
            )
        )
    if "control" in shown:
        parts.append(
            _section(
                f"{LAYER_NAMES['control']} (DeepStateMap)",
                [
                    _swatch(color, status, dashed=status == "contested", border=color)
                    for status, color in STATUS_COLORS.items()
                ],
            )
        )
    other: list[str] = []
    if "directions" in shown:
        other.append(
            f'<span class="item"><span style="color:{DIRECTION_COLOR};font-size:13px">&#10148;</span> '
            f"{LAYER_NAMES['directions']}</span>"
        )
    if "heat" in shown:
        other.append(_swatch("linear-gradient(90deg,#00f,#0f0,#ff0,#f00)", "mention density"))
    if "basemap" in shown:
        other.append(_swatch(LAND_COLOR, "land (Natural Earth)"))
    if other:
        parts.append(f'<div class="sec">{"".join(other)}</div>')
    return "".join(parts)


NARROW_MAP_PX = 560  # maps narrower than this (or lower than 70% of it) open with the legend folded


class Legend(folium.MacroElement):
    """A bottom-left Leaflet control holding :func:`legend_html` (class ``frontline-legend``).

    A "Legend" button folds and unfolds it; on a narrow map it starts folded, so it never covers a large
    share of the map. The PNG export unfolds it (class ``expanded-all``) when the legend option is on.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
            {{ this.get_name() }}.onAdd = function(map) {
                var div = L.DomUtil.create('div', 'frontline-legend');
                var size = map.getSize();
                var toggle = L.DomUtil.create('button', 'frontline-legend-toggle', div);
                toggle.type = 'button';
                toggle.textContent = 'Legend';
                toggle.title = 'Show or hide the legend';
                var body = L.DomUtil.create('div', 'frontline-legend-body', div);
                body.innerHTML = {{ this.body|tojson }};
                var fold = function(folded) {
                    L.DomUtil[folded ? 'addClass' : 'removeClass'](div, 'collapsed');
                    toggle.setAttribute('aria-expanded', folded ? 'false' : 'true');
                };
                body.style.maxHeight = Math.round(size.y * 0.4) + 'px';  // never more than 40% of the height
                fold(size.x < {{ this.narrow }} || size.y < {{ this.narrow }} * 0.7);
                L.DomEvent.on(toggle, 'click', function() {
                    fold(!L.DomUtil.hasClass(div, 'collapsed'));
                });
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layers: Iterable[str],
        *,
        title: str | None = None,
        position: str = "bottomleft",
        narrow: int = NARROW_MAP_PX,
        profile: str = "",
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.body = legend_html(layers, title=title, profile=profile)
        self.position = position
        self.narrow = int(narrow)


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
