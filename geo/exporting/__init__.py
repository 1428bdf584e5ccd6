"""Exports of the map and the tables: PNG (headless Chromium), standalone HTML, GeoJSON, CSV."""

from geo.exporting.credits import map_attributions, page_title
from geo.exporting.html import standalone_html
from geo.exporting.png import ASPECTS, ExportError, close_browser, export_png, frame_size, warm_browser
from geo.exporting.tables import to_csv, to_geojson

__all__ = [
    "ASPECTS",
    "ExportError",
    "close_browser",
    "export_png",
    "frame_size",
    "map_attributions",
    "page_title",
    "standalone_html",
    "to_csv",
    "to_geojson",
    "warm_browser",
]
