"""st_folium with its expensive steps cached: the base map and each layer are turned into JavaScript once.

``streamlit_folium.st_folium`` re-renders the whole folium tree on every call (≈0.5 s for the base map with
its offline outlines, plus every layer), although only the changed layers differ between reruns. Here the
same pieces are produced with streamlit-folium's own helpers, but cached: the base map per (centre, zoom,
tiles) and each layer per its inputs. The component then gets exactly the arguments st_folium would pass
(``tests/test_app_logic.py`` checks that against st_folium itself), so the browser side is unchanged: the
base script's hash stays the component's identity and layers are swapped in place.

Pinned to streamlit-folium 0.27 (pyproject), whose helpers this uses.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import branca
import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

from geo.app.bundle import bundled

_MAX_BASES, _MAX_LAYERS = 8, 128


@dataclass(frozen=True)
class PreparedBase:
    """A base map as the st_folium component consumes it."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: dict[str, Any]
    zoom: Any


@dataclass(frozen=True)
class PreparedLayer:
    """One feature group's JavaScript (adds itself to ``map_div``) and the assets it needs."""

    script: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


class _Lru:
    """A small thread-safe, single-flight LRU cache (Streamlit runs sessions in threads, and the warm-up
    thread fills it at start): a caller asking for a key being built waits for that build."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def get_or_build(self, key: Hashable, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            key_lock = self._building.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._items:  # built by the caller we waited for
                    self._items.move_to_end(key)
                    return self._items[key]
            try:
                value = build()
            except BaseException:
                with self._lock:
                    self._building.pop(key, None)
                raise
            with self._lock:
                self._items[key] = value
                self._building.pop(key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_BASES = _Lru(_MAX_BASES)
_LAYERS = _Lru(_MAX_LAYERS)


def _links(element: Any) -> tuple[list[str], list[str]]:
    """CSS and JS links of an element tree, as st_folium collects them."""
    css: list[str] = []
    js: list[str] = []

    def walk(node: Any) -> Iterable[Any]:
        if isinstance(node, branca.colormap.ColorMap | folium.elements.JSCSSMixin):
            yield node
        for child in getattr(node, "_children", {}).values():
            yield from walk(child)

    for node in walk(element):
        css.extend(href for _, href in getattr(node, "default_css", []))
        js.extend(src for _, src in getattr(node, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def prepare_base(m: folium.Map) -> PreparedBase:
    """Render a base map into the component's pieces (what st_folium computes before adding layers)."""
    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    try:
        bounds = m.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    css, js = _links(m)
    return PreparedBase(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(m),
        css_links=tuple(css),
        js_links=tuple(js),
        bounds=_bounds_dict(bounds),
        zoom=m.options.get("zoom") if hasattr(m, "options") else {},
    )


def prepare_layer(group: folium.FeatureGroup, idx: int) -> PreparedLayer:
    """A feature group's script as st_folium writes it (``feature_group_{idx}``), on a scratch map."""
    scratch = folium.Map(tiles=None)
    script = sf._get_feature_group_string(group, map=scratch, idx=idx)
    css, js = _links(group)
    return PreparedLayer(script=script, css_links=tuple(css), js_links=tuple(js))


def cached_base(key: Hashable, build: Callable[[], folium.Map]) -> PreparedBase:
    return _BASES.get_or_build(key, lambda: prepare_base(build()))


def cached_layer(key: Hashable, idx: int, build: Callable[[], folium.FeatureGroup]) -> PreparedLayer:
    return _LAYERS.get_or_build((key, idx), lambda: prepare_layer(build(), idx))


def _bounds_dict(bounds: Sequence[Sequence[Any]]) -> dict[str, dict[str, Any]]:
    southwest, northeast = bounds
    return {
        "_southWest": {"lat": southwest[0], "lng": southwest[1]},
        "_northEast": {"lat": northeast[0], "lng": northeast[1]},
    }


_DEFAULT_KEYS = (
    "last_clicked", "last_object_clicked", "last_object_clicked_count", "last_object_clicked_tooltip",
    "last_object_clicked_popup", "all_drawings", "last_active_drawing", "bounds", "zoom",
    "last_circle_radius", "last_circle_polygon", "selected_layers", "selected_tags", "last_geocoder_result",
)  # fmt: skip


def _ensure_registered(component: Any) -> None:
    """Register the component with the running server when its import did not.

    ``declare_component`` registers only inside a script run; when the warm-up thread imported
    streamlit-folium first, the server would answer 404 for the component's page. Idempotent and cheap.
    """
    from streamlit.runtime import Runtime

    name = getattr(component, "name", None)
    if name is None or not Runtime.exists():
        return
    registry = Runtime.instance().component_registry
    if registry.get_component(name) is None:
        registry.register_component(component)


def show_map(
    base: PreparedBase,
    layers: Sequence[PreparedLayer],
    *,
    key: str,
    height: int = 700,
    returned_objects: Sequence[str] | None = None,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    on_change: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Draw the map (full container width) and return what the browser reported, like st_folium."""
    defaults_all: dict[str, Any] = dict.fromkeys(_DEFAULT_KEYS)
    defaults_all["bounds"] = base.bounds
    defaults_all["zoom"] = base.zoom
    defaults = {k: v for k, v in defaults_all.items() if returned_objects is None or k in returned_objects}
    hash_key = sf.generate_js_hash(base.script, key, False)

    def _on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    _ensure_registered(sf._component_func)
    css = list(dict.fromkeys([*base.css_links, *(c for layer in layers for c in layer.css_links)]))
    js = list(dict.fromkeys([*base.js_links, *(j for layer in layers for j in layer.js_links)]))
    return sf._component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects) if returned_objects is not None else None,
        default=defaults,
        zoom=zoom,
        center=center,
        feature_group="".join(layer.script for layer in layers) if layers else None,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=css,
        js_links=bundled(js),
        on_change=_on_change,
        wrap_longitude=False,
    )
