"""Point folium's CDN asset URLs at the local copies in static/vendor/, and inline them for standalone HTML.

folium and its plugins list their JS/CSS as CDN URLs (``default_js`` / ``default_css``); streamlit-folium
loads the same lists. :func:`localize` replaces them, per element instance (folium's ``add_js_link`` would
change a class-wide list), so one map can be local for Streamlit while another is inlined for export.
Assets the map does not use (jQuery, Bootstrap, Font Awesome, awesome-markers) are dropped. A URL this
module does not know raises :class:`AssetError`: a new plugin must be added to package.json first.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import folium
from branca.element import Element
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster

AssetMode = Literal["streamlit", "inline", "file"]
ASSET_MODES: tuple[str, ...] = ("streamlit", "inline", "file")

REPO_ROOT = Path(__file__).resolve().parents[2]
STREAMLIT_PREFIX = "/app/static/vendor/"
INSTALL_HINT = "run scripts/install_assets.sh to install the map assets into static/vendor/"

# CDN URL (as folium 0.20 / streamlit-folium write it) → file under static/vendor/ (package.json pins them).
_JSD = "https://cdn.jsdelivr.net/"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs/"
VENDOR_FILES: dict[str, str] = {
    _JSD + "npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/dist/leaflet.js",
    _JSD + "npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/dist/leaflet.css",
    _JSD
    + "npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": "leaflet.fullscreen/Control.FullScreen.js",  # noqa: E501
    _JSD + "npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": "leaflet.fullscreen/Control.FullScreen.css",
    _JSD
    + "gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js": "leaflet-measure/dist/leaflet-measure.min.js",  # noqa: E501
    _JSD
    + "gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css": "leaflet-measure/dist/leaflet-measure.css",  # noqa: E501
    _CDNJS + "leaflet-minimap/3.6.1/Control.MiniMap.js": "leaflet-minimap/dist/Control.MiniMap.min.js",
    _CDNJS + "leaflet-minimap/3.6.1/Control.MiniMap.css": "leaflet-minimap/dist/Control.MiniMap.min.css",
    _JSD + "npm/leaflet-search@2.9.7/dist/leaflet-search.min.js": "leaflet-search/dist/leaflet-search.min.js",
    _JSD
    + "npm/leaflet-search@2.9.7/dist/leaflet-search.min.css": "leaflet-search/dist/leaflet-search.min.css",  # noqa: E501
    # folium 0.20's MarkerCluster names 1.1.0 on cdnjs; npm's 1.5.3 has the same API and supports Leaflet 1.9.
    _CDNJS
    + "leaflet.markercluster/1.1.0/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",  # noqa: E501
    _CDNJS + "leaflet.markercluster/1.1.0/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    _CDNJS
    + "leaflet.markercluster/1.1.0/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",  # noqa: E501
    # folium's HeatMap points at its own GitHub copy; leaflet.heat 0.2.0 from npm has the same API.
    _JSD
    + "gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js": "leaflet.heat/dist/leaflet-heat.js",  # noqa: E501
}

# Base-map assets folium always lists but this map never uses (no icon markers, no Bootstrap widgets).
DROPPED: frozenset[str] = frozenset(
    {
        "https://code.jquery.com/jquery-3.7.1.min.js",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css",
        "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
    }
)


class AssetError(RuntimeError):
    """A map asset is unknown or not installed."""


def vendor_dir() -> Path:
    """Where the installed assets live (``FRONTLINE_VENDOR_DIR`` overrides ``static/vendor``)."""
    return Path(os.environ.get("FRONTLINE_VENDOR_DIR") or REPO_ROOT / "static" / "vendor")


def assets_installed() -> bool:
    """True when every vendored file the map may load is present."""
    base = vendor_dir()
    return all((base / rel).is_file() for rel in VENDOR_FILES.values())


def local_url(cdn_url: str, mode: AssetMode) -> str:
    """The local URL that replaces ``cdn_url``: Streamlit static path, or a file URL (inline/file)."""
    rel = VENDOR_FILES.get(cdn_url)
    if rel is None:
        raise AssetError(f"no local copy of map asset {cdn_url}; add its npm package to package.json")
    if mode == "streamlit":
        return STREAMLIT_PREFIX + rel
    path = vendor_dir() / rel
    if not path.is_file():
        raise AssetError(f"map asset {rel} is not installed; {INSTALL_HINT}")
    return path.as_uri()


def _rewrite(links: list[tuple[str, str]], mode: AssetMode) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, url in links:
        if url in DROPPED:
            continue
        if url.startswith(("http://", "https://", "//")):
            url = local_url(url, mode)
        out.append((name, url))
    return out


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def localize(element: Element, mode: AssetMode) -> Element:
    """Replace CDN JS/CSS links of ``element`` and all its descendants by local ones, in place.

    Call it on the finished tree (after every layer/plugin was added). Returns ``element``.
    """
    if mode not in ASSET_MODES:
        raise ValueError(f"asset mode must be one of {ASSET_MODES}, not {mode!r}")
    for node in _walk(element):
        if isinstance(node, JSCSSMixin):
            node.default_js = _rewrite(list(type(node).default_js), mode)
            node.default_css = _rewrite(list(type(node).default_css), mode)
    return element


class VendorAssets(JSCSSMixin, folium.MacroElement):
    """Declares plugin assets on the base map for layers that arrive later.

    streamlit-folium loads JS/CSS only from the base map's elements, not from ``feature_group_to_add``;
    a heat layer or clustered places sent that way need their scripts declared here.
    """

    default_js = [
        (
            "leaflet-heat.js",
            "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js",
        ),
        *MarkerCluster.default_js,
    ]
    default_css: list[tuple[str, str]] = list(MarkerCluster.default_css)

    def __init__(self) -> None:
        super().__init__()
        self._name = "VendorAssets"


# --- inlining for standalone HTML -----------------------------------------------------------------------

_SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"[^>]*>\s*</script>', re.IGNORECASE)
_LINK_CSS = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"[^>]*/?>', re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CDN_PATTERN = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//[^"'\s>]+\.(?:js|css)\b|@import\s+(?:url\()?["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def _vendor_file(url: str) -> Path:
    """The installed file behind a local URL produced by :func:`local_url`."""
    base = vendor_dir()
    if url.startswith("file://"):
        from urllib.parse import unquote, urlparse

        path = Path(unquote(urlparse(url).path))
    elif url.startswith(STREAMLIT_PREFIX):
        path = base / url[len(STREAMLIT_PREFIX) :]
    elif url in VENDOR_FILES:
        path = base / VENDOR_FILES[url]
    else:
        raise AssetError(f"cannot inline asset {url}")
    if not path.is_file():
        raise AssetError(f"map asset {path} is missing; {INSTALL_HINT}")
    return path


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_css(path: Path) -> str:
    """A stylesheet's text with its relative ``url(...)`` images embedded as data URIs."""
    text = path.read_text(encoding="utf-8")

    def embed(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if target.startswith(("data:", "#", "http:", "https:", "//")):
            return match.group(0)
        image = (path.parent / target.split("?")[0].split("#")[0]).resolve()
        if not image.is_file():
            return match.group(0)
        return f'url("{_data_uri(image)}")'

    return _CSS_URL.sub(embed, text)


def inline_assets(html: str) -> str:
    """Replace ``<script src>`` / ``<link rel=stylesheet>`` tags of local assets by their contents.

    Raises :class:`AssetError` if a remote JS/CSS reference would remain.
    """

    def script(match: re.Match[str]) -> str:
        code = _vendor_file(match.group(1)).read_text(encoding="utf-8")
        return "<script>" + code.replace("</script", "<\\/script") + "</script>"

    def style(match: re.Match[str]) -> str:
        css = inline_css(_vendor_file(match.group(1)))
        return "<style>" + css.replace("</style", "<\\/style") + "</style>"

    html = _SCRIPT_SRC.sub(script, html)
    html = _LINK_CSS.sub(style, html)
    left = cdn_references(html)
    if left:
        raise AssetError(f"remote assets left in standalone HTML: {left[:3]}")
    return html


def cdn_references(html: str) -> list[str]:
    """Remote JS/CSS references (``src``/``href`` to http(s) .js/.css, CSS ``@import``) found in ``html``."""
    return [m.group(0) for m in CDN_PATTERN.finditer(html)]
