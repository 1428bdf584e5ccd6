"""Geocoders: the offline gazetteer behind geopy's interface, and an opt-in, cached online fallback."""
