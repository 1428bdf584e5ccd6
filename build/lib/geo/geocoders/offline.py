"""The offline gazetteer behind geopy's Geocoder interface: ``GazetteerGeocoder().geocode("Izium")``.

Anything written for geopy (a ``RateLimiter`` wrapper, code that takes "a geocoder") works with the embedded
gazetteer unchanged and without a network. Forward look-ups accept comma-separated qualifiers
("Lyman, Donetsk Oblast", "Izium, Ukraine", "Paris, FR"); reverse look-ups return the nearest point place.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from geo.gazetteer.build import KINDS
from geo.names import name_key
from geo.records import PLACE_KINDS, Place

if TYPE_CHECKING:
    from pathlib import Path

    from geo.gazetteer import Gazetteer
    from geo.geocoders.online import OnlineFallback

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088
# Kinds whose coordinates are a point one can be "near"; regions, countries and rivers are areas or lines.
POINT_KINDS: tuple[str, ...] = ("settlement", "facility", "other")
# Words that turn a name into a first-level region in a qualifier: "Kharkiv region", "Belgorod oblast".
_DESIGNATOR = re.compile(
    r"\s+(?:region|oblast|oblast'|province|state|krai|kray|governorate|prefecture|voivodeship|county)\.?$",
    re.IGNORECASE,
)
_KIND_ORDER = ("country", "region", "settlement", "river", "facility", "other")  # broader first on ties
_KIND_RANK = {kind: i for i, kind in enumerate(_KIND_ORDER)}


def rank_key(place: Place) -> tuple[int, int, str]:
    """Best first: larger population, then broader kind, then a stable id."""
    return (-place.population, _KIND_RANK.get(place.kind, len(PLACE_KINDS)), place.place_id)


def haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) from one point to arrays of points, on a spherical Earth."""
    lat1, lon1 = np.radians(lat), np.radians(lon)
    lat2, lon2 = np.radians(lats), np.radians(lons)
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


class GazetteerGeocoder(Geocoder):
    """A geopy geocoder over :class:`geo.gazetteer.Gazetteer`; never touches the network."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        cache_dir: Path | None = None,
        fallback: OnlineFallback | None = None,
    ) -> None:
        """``fallback``: asked (when enabled) only for plain names the gazetteer does not know at all."""
        super().__init__(user_agent="frontline-claims offline gazetteer")
        self._gazetteer = gazetteer
        self.fallback = fallback
        self._cache_dir = cache_dir
        self._country_names: dict[str, str] | None = None
        self._point_arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from geo.gazetteer import Gazetteer

            self._gazetteer = Gazetteer.load(self._cache_dir)
        return self._gazetteer

    # -- forward -------------------------------------------------------------------------------------------

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,  # accepted for geopy compatibility; a local look-up needs none
        country_codes: str | Iterable[str] | None = None,
    ) -> Location | list[Location] | None:
        """The best place for ``query`` (or all matches, best first), None when the gazetteer has none."""
        places = self.candidates(query, country_codes=country_codes)
        if not places:
            online = self._online(query, country_codes)
            places = [online] if online is not None else []
        if not places:
            return None
        if exactly_one:
            return self._location(places[0])
        return [self._location(p) for p in places]

    def candidates(self, query: str, *, country_codes: str | Iterable[str] | None = None) -> list[Place]:
        """Gazetteer places for ``query`` after qualifiers and ``country_codes`` narrow them, best first."""
        name, *qualifiers = [part.strip() for part in str(query).split(",")]
        if not name:
            return []
        places = self.gazetteer.lookup(name)
        codes = _codes(country_codes)
        if codes:
            places = [p for p in places if p.country_code.upper() in codes]
        for qualifier in filter(None, qualifiers):
            places = self._narrow(places, qualifier)
        return sorted(places, key=rank_key)

    def _online(self, query: str, country_codes: str | Iterable[str] | None) -> Place | None:
        if self.fallback is None or not self.fallback.enabled:
            return None
        name, *qualifiers = [part.strip() for part in str(query).split(",")]
        if not name or self.gazetteer.lookup(name):
            return None  # known offline (a qualifier filtered it out): the gazetteer's answer stands
        codes = sorted(_codes(country_codes))
        return self.fallback.lookup(", ".join([name, *qualifiers]), country_codes=codes)

    def _narrow(self, places: list[Place], qualifier: str) -> list[Place]:
        """Keep the places inside the qualifier's country or region; an unknown qualifier narrows nothing."""
        countries, regions = self._qualifier_areas(qualifier)
        if countries:
            return [p for p in places if p.country_code.upper() in countries]
        if regions:
            return [p for p in places if (p.country_code.upper(), p.admin1) in regions]
        log.debug("qualifier %r is not a known country or region: ignored", qualifier)
        return places

    def _qualifier_areas(self, qualifier: str) -> tuple[set[str], set[tuple[str, str]]]:
        """Country codes the qualifier names, else (country, admin1) regions it names or lies in."""
        if len(qualifier) == 2 and qualifier.isalpha() and qualifier.isascii():
            return {qualifier.upper()}, set()
        g = self.gazetteer
        found = list(g.lookup(qualifier))
        stem = _DESIGNATOR.sub("", qualifier)
        for text in {qualifier, stem}:
            found.extend(g.place(int(row)) for row in g.designator_rows(name_key(text)))
        if stem != qualifier:
            found.extend(p for p in g.lookup(stem) if p.kind == "region")
        countries = {p.country_code.upper() for p in found if p.kind == "country"}
        if countries:
            return countries, set()
        regions = {(p.country_code.upper(), p.admin1) for p in found if p.kind == "region" and p.admin1}
        if regions:
            return set(), regions
        # a town as qualifier ("Lyman, Donetsk") stands for the region it lies in
        towns = [p for p in found if p.kind == "settlement" and p.admin1]
        return set(), {(p.country_code.upper(), p.admin1) for p in towns}

    # -- reverse -------------------------------------------------------------------------------------------

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        limit: int = 10,
        kinds: Sequence[str] = POINT_KINDS,
    ) -> Location | list[Location] | None:
        """The nearest gazetteer place of a point kind to ``query`` (a Point, (lat, lon) or "lat, lon")."""
        point = query if isinstance(query, Point) else Point(query)
        limit = 1 if exactly_one else limit
        nearest = self.nearest(point.latitude, point.longitude, limit=limit, kinds=kinds)
        if not nearest:
            return None
        locations = [self._location(place, distance_km=dist) for place, dist in nearest]
        return locations[0] if exactly_one else locations

    def nearest(
        self, lat: float, lon: float, *, limit: int = 1, kinds: Sequence[str] = POINT_KINDS
    ) -> list[tuple[Place, float]]:
        """Up to ``limit`` places of ``kinds`` nearest to (lat, lon), with distances in km, nearest first."""
        g = self.gazetteer
        rows, lats, lons = self._points(tuple(kinds))
        if rows.size == 0:
            return []
        # Search a box first (a latitude band by binary search, then longitude). Its answer is exact when
        # the k-th distance is within the box's inscribed radius; otherwise search everything.
        lo, hi = np.searchsorted(lats, [lat - _BOX_LAT, lat + _BOX_LAT])
        box = np.abs(((lons[lo:hi] - lon + 180.0) % 360.0) - 180.0) <= _BOX_LON
        if int(box.sum()) >= limit:
            found = _k_nearest(lat, lon, rows[lo:hi][box], lats[lo:hi][box], lons[lo:hi][box], limit)
            if found[-1][1] <= _box_radius_km(lat):
                return [(g.place(row), dist) for row, dist in found]
        return [(g.place(row), dist) for row, dist in _k_nearest(lat, lon, rows, lats, lons, limit)]

    def _points(self, kinds: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of these kinds sorted by latitude, with coordinates (float64); kept for the default kinds."""
        if kinds == POINT_KINDS and self._point_arrays is not None:
            return self._point_arrays
        g = self.gazetteer
        codes = [KINDS.index(k) for k in kinds if k in KINDS]
        rows = np.flatnonzero(np.isin(np.asarray(g.kind), codes))
        rows = rows[np.argsort(np.asarray(g.lat)[rows], kind="stable")]  # by latitude, for band searches
        arrays = (rows, np.asarray(g.lat, dtype=np.float64)[rows], np.asarray(g.lon, dtype=np.float64)[rows])
        if kinds == POINT_KINDS:
            self._point_arrays = arrays
        return arrays

    # -- output --------------------------------------------------------------------------------------------

    def _location(self, place: Place, *, distance_km: float | None = None) -> Location:
        raw = place.to_json()
        if distance_km is not None:
            raw["distance_km"] = round(distance_km, 3)
        return Location(self._address(place), Point(place.lat, place.lon), raw)

    def _address(self, place: Place) -> str:
        """"Izyum, Kharkiv Oblast, Ukraine": name, region (when named, not a bare code), country."""
        parts = [place.name]
        if place.admin1 and "." not in place.admin1 and place.admin1 != place.name:
            parts.append(place.admin1)
        country = self.country_names().get(place.country_code, place.country_code)
        if country and country != place.name:
            parts.append(country)
        return ", ".join(parts)

    def country_names(self) -> dict[str, str]:
        """ISO code → country name, from the gazetteer's country entries."""
        if self._country_names is None:
            g = self.gazetteer
            rows = np.flatnonzero(np.asarray(g.kind) == KINDS.index("country"))
            self._country_names = {g.country_of(int(r)): g.name(int(r)) for r in rows}
        return self._country_names


_BOX_LAT = 1.0  # degrees
_BOX_LON = 1.5


def _box_radius_km(lat: float) -> float:
    """A lower bound (km) on the distance from (lat, ·) to anything outside the search box."""
    widest = np.radians(min(89.9, abs(lat) + _BOX_LAT))
    return 0.99 * EARTH_RADIUS_KM * min(np.radians(_BOX_LAT), np.radians(_BOX_LON) * float(np.cos(widest)))


def _k_nearest(
    lat: float, lon: float, rows: np.ndarray, lats: np.ndarray, lons: np.ndarray, k: int
) -> list[tuple[int, float]]:
    """(row, km) of the k nearest points, nearest first, ties by row."""
    dist = haversine_km(lat, lon, lats, lons)
    k = min(k, dist.size)
    order = np.argpartition(dist, k - 1)[:k] if k < dist.size else np.arange(dist.size)
    order = order[np.lexsort((rows[order], dist[order]))]
    return [(int(rows[i]), float(dist[i])) for i in order]


def _codes(country_codes: str | Iterable[str] | None) -> set[str]:
    if country_codes is None:
        return set()
    if isinstance(country_codes, str):
        country_codes = [country_codes]
    return {c.strip().upper() for c in country_codes if c and c.strip()}
