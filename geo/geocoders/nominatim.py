"""Nominatim's side of the online fallback: identity (User-Agent), the circuit breaker, the status the
dashboard shows, and Nominatim answers turned into places."""

from __future__ import annotations

import logging
import os
import threading
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from geo.records import Place

log = logging.getLogger("geo.geocoders.online")

SERVICE = "nominatim"
ENV_ENABLE = "FRONTLINE_ONLINE_GEOCODER"
ENV_CONTACT = "FRONTLINE_CONTACT"
ONLINE_CONFIDENCE = (
    0.5  # an online hit for a name the gazetteer does not know is less sure than a gazetteer hit
)
# -- identity -----------------------------------------------------------------------------------------------


def app_version() -> str:
    """The installed package version, else the one in pyproject.toml, else "dev"."""
    try:
        return metadata.version("frontline-claims")
    except metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "dev"


def user_agent(contact: str | None = None) -> str:
    """``frontline-claims/<version> (+<contact>)``; the contact defaults to ``$FRONTLINE_CONTACT``."""
    contact = (contact if contact is not None else os.environ.get(ENV_CONTACT, "")).strip()
    base = f"frontline-claims/{app_version()}"
    return f"{base} (+{contact})" if contact else base


def enabled_from_env() -> bool:
    return os.environ.get(ENV_ENABLE, "").strip().lower() in {"1", "true", "yes", "on"}


# -- circuit breaker ----------------------------------------------------------------------------------------


class CircuitBreaker:
    """Stops calls after ``threshold`` consecutive failures for ``cooldown`` s, then lets one trial through.

    A failed trial re-opens it for another cool-down; a success closes it. ``trip`` opens it at once (used on
    429 with the server's Retry-After, and on 403).
    """

    def __init__(
        self, threshold: int = 3, cooldown: float = 300.0, clock: Callable[[], float] = time.monotonic
    ):
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self.consecutive_failures = 0
        self._open_until: float | None = None

    def allow(self) -> bool:
        with self._lock:
            if self._open_until is None:
                return True
            now = self._clock()
            if now < self._open_until:
                return False
            self._open_until = now + self.cooldown  # half-open: this caller is the trial, others wait
            return True

    def record_success(self) -> None:
        with self._lock:
            self.consecutive_failures = 0
            self._open_until = None

    def record_failure(self) -> bool:
        """Count a failure; True when this failure opened (or kept open) the breaker."""
        with self._lock:
            self.consecutive_failures += 1
            if self.consecutive_failures >= self.threshold:
                self._open_until = self._clock() + self.cooldown
                return True
            return False

    def trip(self, seconds: float | None = None) -> None:
        with self._lock:
            self.consecutive_failures = max(self.consecutive_failures, self.threshold)
            self._open_until = self._clock() + max(seconds or 0.0, self.cooldown)

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._open_until is not None and self._clock() < self._open_until

    def remaining(self) -> float:
        """Seconds until the next trial is allowed (0 when closed)."""
        with self._lock:
            return 0.0 if self._open_until is None else max(0.0, self._open_until - self._clock())


# -- status -------------------------------------------------------------------------------------------------


@dataclass
class FallbackStatus:
    """What the online fallback did in this process: shown on the dashboard, logged by the CLI."""

    enabled: bool
    endpoint: str
    user_agent: str
    lookups: int = 0  # uncached lookups that went to the network
    requests: int = 0  # HTTP requests sent (retries included)
    cache_hits: int = 0
    found: int = 0
    not_found: int = 0
    failures: int = 0
    skipped: int = 0  # lookups not attempted because the breaker was open
    breaker_open: bool = False
    breaker_reopens_in: float = 0.0
    consecutive_failures: int = 0
    last_error: str = ""
    events: tuple[str, ...] = ()  # recent notable events, oldest first

    def summary(self) -> str:
        if not self.enabled:
            return "online geocoder off (offline gazetteer only)"
        text = (
            f"online geocoder: {self.lookups} lookups ({self.found} found, {self.not_found} not found, "
            f"{self.failures} failed), {self.cache_hits} from cache"
        )
        if self.breaker_open:
            text += (
                f"; paused for {self.breaker_reopens_in:.0f} s after repeated failures ({self.last_error})"
            )
        elif self.skipped:
            text += f"; {self.skipped} skipped while paused"
        return text

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["events"] = list(self.events)
        data["summary"] = self.summary()
        return data


# -- Nominatim answers → Place ------------------------------------------------------------------------------

_SETTLEMENT_TYPES = {
    "city",
    "town",
    "village",
    "hamlet",
    "suburb",
    "quarter",
    "neighbourhood",
    "locality",
    "isolated_dwelling",
    "farm",
    "borough",
    "city_block",
    "municipality",
    "allotments",
    "settlement",
}
_REGION_TYPES = {"state", "province", "region", "county", "district", "oblast", "territory", "state_district"}
_RIVER_TYPES = {"river", "stream", "canal", "riverbank"}
_FACILITY_CLASSES = {
    "man_made",
    "building",
    "amenity",
    "military",
    "aeroway",
    "railway",
    "power",
    "bridge",
    "industrial",
    "office",
    "tourism",
    "historic",
}


def kind_from_nominatim(raw: dict[str, Any]) -> str:
    """Map Nominatim's class/type/addresstype to one of the product's PLACE_KINDS."""
    cls = str(raw.get("class") or raw.get("category") or "")
    typ = str(raw.get("type") or "")
    addresstype = str(raw.get("addresstype") or "")
    if (cls == "place" and typ == "country") or addresstype == "country":
        return "country"
    if (
        cls == "waterway"
        and typ in _RIVER_TYPES
        or (cls == "natural" and typ == "water" and addresstype == "river")
    ):
        return "river"
    if cls == "place" and typ in _SETTLEMENT_TYPES or addresstype in _SETTLEMENT_TYPES:
        return "settlement"
    if cls == "place" and typ in _REGION_TYPES or addresstype in _REGION_TYPES:
        return "region"
    if cls == "boundary" and typ == "administrative":
        return "region"
    if cls in _FACILITY_CLASSES or (cls == "landuse" and typ in {"military", "industrial", "railway"}):
        return "facility"
    return "other"


_OSM_TYPE_LETTER = {"node": "N", "way": "W", "relation": "R"}


def place_from_nominatim(raw: dict[str, Any]) -> Place:
    """A Place from one Nominatim JSON result (requested with addressdetails). id: ``osm:<N|W|R><osm id>``."""
    osm_type = str(raw.get("osm_type") or "")
    letter = _OSM_TYPE_LETTER.get(osm_type, osm_type[:1].upper() or "X")
    address = raw.get("address") or {}
    name = str(raw.get("name") or "").strip() or str(raw.get("display_name") or "").split(",")[0].strip()
    return Place(
        place_id=f"osm:{letter}{raw.get('osm_id', '')}",
        name=name,
        kind=kind_from_nominatim(raw),
        country_code=str(address.get("country_code") or "").upper(),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        source=SERVICE,
        confidence=ONLINE_CONFIDENCE,
        admin1=str(address.get("state") or address.get("region") or address.get("province") or ""),
        population=_int_or_zero((raw.get("extratags") or {}).get("population")),
    )


def _int_or_zero(value: Any) -> int:
    try:
        return int(str(value).replace(",", "").replace(" ", ""))
    except (TypeError, ValueError):
        return 0


def _best(raws: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Nominatim's order, but a named place (settlement, region, river…) beats a shop or road of that name."""
    for raw in raws:
        if kind_from_nominatim(raw) != "other":
            return raw
    return raws[0] if raws else None


