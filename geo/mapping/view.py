"""MapView: everything that decides what the map shows, as one small value (state for Streamlit too)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from geo.mapping.assets import ASSET_MODES
from geo.mapping.basemap import TILE_CHOICES
from geo.mapping.style import LAYER_KEYS

DEFAULT_LAYERS: frozenset[str] = frozenset({"places", "claims", "control", "directions", "basemap"})
DEFAULT_CENTER: tuple[float, float] = (49.0, 31.5)
DEFAULT_ZOOM = 6


@dataclass(frozen=True)
class MapView:
    """The current view of the map.

    date: ISO day; selects the control snapshot (latest published on or before it) and hides places
        first mentioned, and claims dated, after it. None → no date filter, latest snapshot.
    layers: keys from ``LAYER_KEYS`` (places, claims, control, directions, heat, basemap).
    center/zoom: None → fit the places drawn.
    selected_place_id: highlighted with a ring.
    tiles: "offline" or an online tile key (see basemap.TILES).
    assets: "streamlit" (served at /app/static/vendor/), "inline" (standalone HTML / PNG), "file" (file URLs).
    label_limit: how many of the most-mentioned places get a permanent name label.
    cluster_above: with more drawn places than this, places cluster until zoom ``CLUSTER_UNTIL_ZOOM``.
    """

    date: str | None = None
    layers: frozenset[str] = DEFAULT_LAYERS
    center: tuple[float, float] | None = None
    zoom: int | None = None
    selected_place_id: str | None = None
    tiles: str = "offline"
    assets: str = "streamlit"
    label_limit: int = 25
    cluster_above: int = 150  # more drawn places than this → clustered at low zoom
    controls: bool = True  # fullscreen, measure, minimap, search, layer control
    profile: str = ""  # conflict profile id for the legend's holders and the default view ("" → default)

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", frozenset(self.layers))
        unknown = self.layers - set(LAYER_KEYS)
        if unknown:
            raise ValueError(f"unknown layers {sorted(unknown)}; choose from {', '.join(LAYER_KEYS)}")
        if self.tiles not in TILE_CHOICES:
            raise ValueError(f"tiles must be one of {', '.join(TILE_CHOICES)}, not {self.tiles!r}")
        if self.assets not in ASSET_MODES:
            raise ValueError(f"assets must be one of {', '.join(ASSET_MODES)}, not {self.assets!r}")

    def shows(self, layer: str) -> bool:
        return layer in self.layers

    def with_(self, **changes: object) -> MapView:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def parse_layers(spec: str) -> frozenset[str]:
    """``"places,control"`` → frozenset; also accepts the display names ("Control areas")."""
    from geo.mapping.style import LAYER_NAMES

    by_name = {name.lower(): key for key, name in LAYER_NAMES.items()}
    out = set()
    for part in spec.split(","):
        token = part.strip().lower()
        if not token:
            continue
        if token == "all":
            out.update(LAYER_KEYS)
            continue
        key = token if token in LAYER_KEYS else by_name.get(token)
        if key is None:
            raise ValueError(f"unknown layer {part.strip()!r}; choose from {', '.join(LAYER_KEYS)}")
        out.add(key)
    return frozenset(out)
