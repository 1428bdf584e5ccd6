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
#map_div {{ height: 100vh !important; }}
.leaflet-control-attribution {{ font: 10px/1.3 system-ui, sans-serif; }}
.frontline-label {{ font: 600 12px/1.2 system-ui, sans-serif; color: #1b1b1b; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none; }}
.frontline-town {{ font: 11px/1.1 system-ui, sans-serif; color: #4a4a4a; white-space: nowrap;
  transform: translate(-3px, -7px); text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.frontline-town::before {{ content: ""; display: inline-block; width: 4px; height: 4px; margin-right: 3px;
  border-radius: 50%; background: #5a5a5a; vertical-align: 1px; }}
.frontline-town.big {{ font-size: 12px; font-weight: 600; color: #333; }}
.frontline-town-icon {{ background: none; border: none; }}
.frontline-online .leaflet-frontline-towns-pane {{ display: none; }}
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
.frontline-notice {{ background: #fff3cd; color: #5c4400; border: 1px solid #e0b84d; border-radius: 4px;
  padding: 4px 8px; font: 12px/1.35 system-ui, sans-serif; max-width: 260px; }}
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


def _section(title: str, items: list[str], layer: str) -> str:
    return f'<div class="sec" data-layer="{layer}"><h4>{html.escape(title)}</h4>{"".join(items)}</div>'


def _tag(item: str, layer: str) -> str:
    return item.replace('<span class="item">', f'<span class="item" data-layer="{layer}">', 1)


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
                "places",
            )
        )
    if "claims" in shown:
        parts.append(
            _section(
                f"{LAYER_NAMES['claims']} (record check)",
                [_swatch(color, verdict, border=color) for verdict, color in VERDICT_COLORS.items()],
                "claims",
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
                "control",
            )
        )
    other: list[str] = []
    if "directions" in shown:
        other.append(
            '<span class="item" data-layer="directions">'
            f'<span style="color:{DIRECTION_COLOR};font-size:13px">&#10148;</span> '
            f"{LAYER_NAMES['directions']}</span>"
        )
    if "heat" in shown:
        other.append(_tag(_swatch("linear-gradient(90deg,#00f,#0f0,#ff0,#f00)", "mention density"), "heat"))
    if "basemap" in shown:
        other.append(_tag(_swatch(LAND_COLOR, "land (Natural Earth)"), "basemap"))
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
                // only what is drawn: a part shows while a layer tagged with its key is on the map
                var refresh = function() {
                    var on = {};
                    map.eachLayer(function(l) {
                        if (l.options && l.options.frontlineLayer) on[l.options.frontlineLayer] = 1;
                    });
                    var any = false;
                    body.querySelectorAll('[data-layer]').forEach(function(el) {
                        var shown = !!on[el.getAttribute('data-layer')];
                        el.style.display = shown ? '' : 'none';
                        any = any || shown;
                    });
                    div.style.display = any ? '' : 'none';
                };
                var pending = null;
                map.on('layeradd layerremove', function() {
                    if (pending === null) pending = setTimeout(function() { pending = null; refresh(); }, 0);
                });
                refresh();
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


class PopupKeeper(folium.MacroElement):
    """Keeps a popup open until the analyst closes it, across the dashboard's layer swaps.

    A rerun (a click selects its place) replaces the feature groups, which closes any popup. Layers
    register themselves with ``frontlineKeepPopup(layer, key)``: the key of the open popup is remembered,
    forgotten only when its popup is closed while the layer stays on the map, and a new layer with that key
    reopens it when added.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            window.frontlineKeepPopup = function(layer, key) {
                layer.on('popupopen', function() { window.frontlineOpenPopup = key; });
                layer.on('popupclose', function() {
                    setTimeout(function() {  // removed with its group (a rerun): keep; closed: forget
                        if (layer._map && window.frontlineOpenPopup === key) window.frontlineOpenPopup = null;
                    }, 0);
                });
                if (window.frontlineOpenPopup === key) {
                    layer.once('add', function() {
                        setTimeout(function() { if (layer._map) layer.openPopup(); }, 0);
                    });
                }
            };
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PopupKeeper"
