"""Standalone HTML of a map: every asset inlined, no CDN URL, opens offline from a file or an e-mail."""

from __future__ import annotations

from html import escape

import folium

from geo.mapping.assets import inline_assets, localize


def standalone_html(m: folium.Map | str, *, title: str | None = None) -> str:
    """The map as one self-contained HTML page (Leaflet, plugins and their images inlined).

    A folium.Map is switched to local assets in place first (whatever asset mode it was built with).
    Raises geo.mapping.AssetError if the assets are not installed or a remote JS/CSS link remains.
    """
    if isinstance(m, folium.Map):
        localize(m, "file")
        if title:
            m.get_root().title = escape(title)  # branca writes it into <title> unescaped
        html = m.get_root().render()
    else:
        html = m
    return inline_assets(html)
