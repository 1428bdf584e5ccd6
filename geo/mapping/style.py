"""Colours and fixed layer names shared by the layer builders and the legend."""

from __future__ import annotations

from typing import Any

# Layer keys (used in MapView.layers and ``--layers``) → the fixed names shown in the layer control.
LAYER_NAMES: dict[str, str] = {
    "places": "Places",
    "claims": "Claims",
    "control": "Control areas",
    "directions": "Attack directions",
    "heat": "Mention heat",
    "basemap": "Basemap",
}
LAYER_KEYS: tuple[str, ...] = tuple(LAYER_NAMES)

# Point symbols live in a pane above the overlay pane: Leaflet.heat always draws into the overlay pane,
# and would otherwise cover the places.
POINTS_PANE = "frontline-points"
POINTS_PANE_Z = 450

CONTESTED_COLOR = "#e67e22"


def _profile_colors() -> dict[str, str]:
    """Every conflict profile's combatants' map colours (the default profile's first)."""
    from geo.profiles import all_profiles

    colors: dict[str, str] = {}
    for profile in all_profiles():
        for b in profile.belligerents:
            if b.combatant:
                colors.setdefault(b.id, b.colour)
    return colors


# holder → fill colour: the conflict profiles' colours (russia-ukraine: ukraine blue, russia red)
HOLDER_COLORS: dict[str, str] = {**_profile_colors(), "contested": CONTESTED_COLOR, "": "#6b6b6b"}
STATUS_COLORS: dict[str, str] = {
    "occupied": "#d9534f",
    "contested": "#f0ad4e",
    "recaptured": "#3c8dbc",
}
VERDICT_COLORS: dict[str, str] = {
    "consistent": "#2e7d32",
    "overstated": "#ef6c00",
    "not supported": "#b71c1c",
    "not checkable": "#757575",
}
DIRECTION_COLOR = "#8e0000"
LAND_COLOR = "#f2efe9"
BORDER_COLOR = "#9a9a9a"
SEA_COLOR = "#c9dcea"
RIVER_COLOR = "#8fb2d4"
SELECTED_COLOR = "#ffd400"


def holder_color(holder: str | None) -> str:
    """Fill colour for a place by the side said to hold it ("" or unknown → grey)."""
    return HOLDER_COLORS.get(holder or "", HOLDER_COLORS[""])


def layer_group(key: str, attribution: str | None = None) -> Any:
    """The FeatureGroup of a layer: named by ``LAYER_NAMES``, tagged with its key (``options.frontlineLayer``,
    which the legend reads to list only what is on the map) and carrying the credit Leaflet's
    attribution control shows while the layer is on the map."""
    options: dict[str, Any] = {"frontlineLayer": key}
    if attribution:
        options["attribution"] = attribution
    return _tagged_group()(name=LAYER_NAMES[key], show=True, **options)


def _tagged_group() -> type:
    """folium.FeatureGroup passing its options where Leaflet reads them (``L.featureGroup(layers,
    options)``; folium writes them as the first argument, where they are lost)."""
    global _TAGGED
    if _TAGGED is None:
        import folium
        from folium.template import Template

        class TaggedGroup(folium.FeatureGroup):
            _template = Template(
                """
                {% macro script(this, kwargs) %}
                    var {{ this.get_name() }} = L.featureGroup([], {{ this.options|tojavascript }});
                {% endmacro %}
                """
            )

        _TAGGED = TaggedGroup
    return _TAGGED


_TAGGED: type | None = None
