"""The dashboard's shareable state (date, layers, filters, selection, centre, zoom) ↔ URL query parameters.

``encode`` turns a ``ViewState`` into query parameters; ``decode`` reads them back, validating every value
against what the data offers and falling back to defaults (with a note) for anything it cannot use, so a
stale or hand-edited link still opens a sensible view.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from geo.app.filters import Filters
from geo.records import CLAIM_KINDS, SIDES

# Map layers the analyst can toggle, in legend order, and those on when no link says otherwise.
LAYERS: tuple[str, ...] = ("places", "claims", "control", "directions", "heat")
DEFAULT_LAYERS: tuple[str, ...] = ("places", "claims", "control", "directions")
LAYER_LABELS: dict[str, str] = {
    "places": "Places",
    "claims": "Claims",
    "control": "Control areas",
    "directions": "Attack directions",
    "heat": "Mention heat",
}
MIN_ZOOM, MAX_ZOOM = 2, 18

# Query parameter names (short, stable: they end up in shared links).
P_DATE, P_LAYERS, P_BASEMAP = "date", "layers", "basemap"
P_SIDE, P_SPEAKER, P_ARTICLE, P_KIND = "side", "speaker", "article", "kind"
P_FROM, P_TO, P_PLACE, P_QUOTE = "from", "to", "place", "quote"
P_LAT, P_LON, P_ZOOM = "lat", "lon", "zoom"
PARAMS: tuple[str, ...] = (
    P_DATE, P_LAYERS, P_BASEMAP, P_SIDE, P_SPEAKER, P_ARTICLE, P_KIND,
    P_FROM, P_TO, P_PLACE, P_QUOTE, P_LAT, P_LON, P_ZOOM,
)  # fmt: skip


@dataclass(frozen=True)
class ViewState:
    """Everything needed to reopen the same view. ``center``/``zoom`` None means "fit the data"."""

    date: dt.date | None = None
    layers: tuple[str, ...] = DEFAULT_LAYERS
    basemap: str = ""
    filters: Filters = field(default_factory=Filters)
    quote_id: str | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None

    @property
    def place_id(self) -> str | None:
        return self.filters.place_id

    def with_place(self, place_id: str | None) -> ViewState:
        """The same view with another place selected (None clears the selection)."""
        return replace(self, filters=replace(self.filters, place_id=place_id))


@dataclass(frozen=True)
class Choices:
    """What the current data offers: decode keeps only values found here."""

    date_range: tuple[dt.date, dt.date] | None = None
    basemaps: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    place_ids: tuple[str, ...] = ()
    quote_ids: tuple[str, ...] = ()
    default_date: dt.date | None = None


def encode(view: ViewState, defaults: ViewState | None = None) -> dict[str, str | list[str]]:
    """Query parameters for ``view``; values equal to ``defaults`` are left out to keep links short."""
    defaults = defaults or ViewState()
    f, d = view.filters, defaults.filters
    params: dict[str, str | list[str]] = {}

    def put(name: str, value: object, default: object) -> None:
        if value == default or value is None or value == ():
            return
        if isinstance(value, tuple):
            params[name] = [str(v) for v in value]
        elif isinstance(value, dt.date):
            params[name] = value.isoformat()
        else:
            params[name] = str(value)

    put(P_DATE, view.date, defaults.date)
    if tuple(view.layers) != tuple(defaults.layers):
        params[P_LAYERS] = ",".join(view.layers) if view.layers else "none"
    put(P_BASEMAP, view.basemap or None, defaults.basemap or None)
    put(P_SIDE, f.sides, d.sides)
    put(P_SPEAKER, f.speakers, d.speakers)
    put(P_ARTICLE, f.articles, d.articles)
    put(P_KIND, f.claim_kinds, d.claim_kinds)
    put(P_FROM, f.date_from, d.date_from)
    put(P_TO, f.date_to, d.date_to)
    put(P_PLACE, f.place_id, d.place_id)
    put(P_QUOTE, view.quote_id, defaults.quote_id)
    if view.center is not None and view.zoom is not None:
        params[P_LAT] = f"{view.center[0]:.5f}"
        params[P_LON] = f"{view.center[1]:.5f}"
        params[P_ZOOM] = str(int(view.zoom))
    return params


@dataclass
class Decoded:
    """A decoded view plus one note per parameter that could not be used."""

    view: ViewState
    notes: list[str] = field(default_factory=list)


def decode(params: Mapping[str, str | Sequence[str]], choices: Choices) -> Decoded:
    """The ``ViewState`` a link describes, restricted to ``choices``; unusable values become notes."""
    notes: list[str] = []

    def values(name: str) -> list[str]:
        raw = params.get(name)
        if raw is None:
            return []
        items = [raw] if isinstance(raw, str) else list(raw)
        return [s.strip() for s in items if s is not None and s.strip()]

    def one(name: str) -> str | None:
        found = values(name)
        return found[-1] if found else None

    def pick(name: str, allowed: Iterable[str], label: str) -> tuple[str, ...]:
        allowed_set = set(allowed)
        wanted = values(name)
        kept = tuple(dict.fromkeys(v for v in wanted if v in allowed_set))
        dropped = [v for v in wanted if v not in allowed_set]
        if dropped:
            notes.append(f"ignored unknown {label}: {', '.join(dropped)}")
        return kept

    def date_param(name: str) -> dt.date | None:
        text = one(name)
        if text is None:
            return None
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            notes.append(f"ignored unreadable {name} date {text!r}")
            return None
        return _clamp(value, choices.date_range, name, notes)

    date = date_param(P_DATE) or choices.default_date
    layers = DEFAULT_LAYERS
    if (raw_layers := one(P_LAYERS)) is not None:
        wanted = [w for w in raw_layers.split(",") if w and w != "none"]
        layers = tuple(w for w in LAYERS if w in wanted)
        unknown = [w for w in wanted if w not in LAYERS]
        if unknown:
            notes.append(f"ignored unknown layer: {', '.join(unknown)}")
    basemap = one(P_BASEMAP) or ""
    if basemap and basemap not in choices.basemaps:
        notes.append(f"ignored unknown basemap: {basemap}")
        basemap = ""
    date_from, date_to = date_param(P_FROM), date_param(P_TO)
    if date_from and date_to and date_from > date_to:
        notes.append("ignored a date range that ends before it starts")
        date_from = date_to = None
    place = one(P_PLACE)
    if place is not None and place not in choices.place_ids:
        notes.append(f"ignored unknown place: {place}")
        place = None
    quote = one(P_QUOTE)
    if quote is not None and quote not in choices.quote_ids:
        notes.append(f"ignored unknown quote: {quote}")
        quote = None
    filters = Filters(
        sides=pick(P_SIDE, SIDES, "side"),
        speakers=pick(P_SPEAKER, choices.speakers, "speaker"),
        articles=pick(P_ARTICLE, choices.articles, "article"),
        claim_kinds=pick(P_KIND, CLAIM_KINDS, "claim kind"),
        date_from=date_from,
        date_to=date_to,
        place_id=place,
    )
    center, zoom = _center_zoom(one(P_LAT), one(P_LON), one(P_ZOOM), notes)
    view = ViewState(
        date=date, layers=layers, basemap=basemap, filters=filters, quote_id=quote, center=center, zoom=zoom
    )
    return Decoded(view, notes)


def _clamp(value: dt.date, bounds: tuple[dt.date, dt.date] | None, name: str, notes: list[str]) -> dt.date:
    if bounds is None:
        return value
    low, high = bounds
    if value < low or value > high:
        notes.append(f"{name} date {value.isoformat()} is outside {low.isoformat()}–{high.isoformat()}")
        return min(max(value, low), high)
    return value


def _center_zoom(
    lat: str | None, lon: str | None, zoom: str | None, notes: list[str]
) -> tuple[tuple[float, float] | None, int | None]:
    if lat is None and lon is None and zoom is None:
        return None, None
    try:
        lat_f, lon_f, zoom_i = float(lat or "nan"), float(lon or "nan"), int(float(zoom or "nan"))
    except ValueError:
        notes.append("ignored an unreadable map centre or zoom")
        return None, None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f) and -90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        notes.append("ignored a map centre outside the globe")
        return None, None
    return (lat_f, lon_f), min(max(zoom_i, MIN_ZOOM), MAX_ZOOM)


def query_dict(params: Iterable[tuple[str, str]] | Mapping[str, str | list[str]]) -> dict[str, list[str]]:
    """Normalise query parameters (pairs or a mapping) into name → list of values."""
    out: dict[str, list[str]] = {}
    items = params.items() if isinstance(params, Mapping) else params
    for name, value in items:
        out.setdefault(name, []).extend([value] if isinstance(value, str) else list(value))
    return out
