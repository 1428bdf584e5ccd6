"""Embedded offline gazetteer: GeoNames cities500 + countries + a curated supplement (see build.py)."""

from geo.gazetteer.index import Gazetteer

__all__ = ["Gazetteer"]
