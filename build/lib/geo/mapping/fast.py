"""Rendering big layers without branca's template round-trip.

branca's MacroElement.render wraps each rendered macro in ``Element(text)``, which compiles the text as a
Jinja template again; for a layer holding megabytes of GeoJSON that second compile dominates build time
(10,000 places: seconds). These elements add their rendered text as-is.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element
from folium.elements import ElementAddToElement
from folium.utilities import get_obj_in_upper_tree


class RawElement(Element):
    """Already-rendered HTML/JS, inserted verbatim."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawElement"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def render_macros(element: folium.MacroElement, **kwargs: Any) -> None:
    """What MacroElement.render does, minus compiling the output: header/html/script macros, children."""
    figure = element.get_root()
    module = element._template.module
    for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
        macro = module.__dict__.get(part)
        if macro is not None:
            target.add_child(RawElement(macro(element, kwargs)), name=element.get_name())
    for child in list(element._children.values()):
        child.render(**kwargs)


class FastMacroElement(folium.MacroElement):
    """A MacroElement whose output is not re-parsed as a template."""

    def render(self, **kwargs: Any) -> None:
        render_macros(self, **kwargs)


class FastGeoJson(folium.GeoJson):
    """folium.GeoJson for layers styled from ``properties.style`` (no style_function), rendered fast."""

    def render(self, **kwargs: Any) -> None:
        if self.style or self.highlight:
            raise ValueError("FastGeoJson takes its style from properties.style, not style functions")
        self.parent_map = get_obj_in_upper_tree(self, folium.Map)
        if self.show:  # what folium's Layer.render adds: the "layer.addTo(parent)" statement
            self.add_child(
                ElementAddToElement(
                    element_name=self.get_name(), element_parent_name=self._parent.get_name()
                ),
                name=self.get_name() + "_add",
            )
        render_macros(self, **kwargs)
