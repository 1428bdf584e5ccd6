"""Geocoders: the offline gazetteer behind geopy's interface, and an opt-in, cached online fallback."""

from geo.geocoders.cache import GeocodeCache
from geo.geocoders.offline import GazetteerGeocoder
from geo.geocoders.online import FallbackStatus, OnlineFallback, resolve_unresolved

__all__ = ["FallbackStatus", "GazetteerGeocoder", "GeocodeCache", "OnlineFallback", "resolve_unresolved"]
