"""Export tab: PNG of the current view (kepler.gl's choices), standalone HTML, GeoJSON and CSV downloads.

File downloads generate their bytes only when clicked (``st.download_button`` with a callable), so an
ordinary rerun costs nothing here. The PNG is rendered on request, with a preview and a clear error, by
headless Chromium, which ``geo.exporting.png`` runs on its own thread: opening this tab starts it in the
background, so the first "Render PNG" does not wait for the browser's launch. The page imports this module
only when the Export tab is open.
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from geo.exporting import (
    ExportError,
    export_png,
    map_attributions,
    page_title,
    standalone_html,
    to_csv,
    to_geojson,
)
from geo.exporting.png import warm_browser
from geo.exporting.tables import claim_rows
from geo.mapping.assets import AssetError
from geo.mapping.compose import build_map
from geo.mapping.view import MapView

RATIOS = {"screen": "Screen", "4:3": "4:3", "16:9": "16:9"}
K_PNG = "_png_export"
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 620  # the on-screen map's size when the browser has not reported it
MAX_SCREEN_SIDE = 4000


@dataclass(frozen=True)
class PngOptions:
    """What the analyst chose in the export dialog."""

    ratio: str = "screen"
    scale: int = 1
    legend: bool = True
    title: str = ""


def screen_size(bounds: Any, zoom: int | None) -> tuple[int, int]:
    """The on-screen map's size in CSS px, from the bounds and zoom the browser reported (Web Mercator)."""
    try:
        south, west = float(bounds["_southWest"]["lat"]), float(bounds["_southWest"]["lng"])
        north, east = float(bounds["_northEast"]["lat"]), float(bounds["_northEast"]["lng"])
        world = 256 * 2 ** int(zoom)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        return DEFAULT_WIDTH, DEFAULT_HEIGHT

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    width = round((east - west) / 360 * world)
    height = round((merc(north) - merc(south)) / (2 * math.pi) * world)
    if not (100 <= width <= MAX_SCREEN_SIDE and 100 <= height <= MAX_SCREEN_SIDE):
        return DEFAULT_WIDTH, DEFAULT_HEIGHT
    return width, height


def png_bytes(
    tables: dict[str, pd.DataFrame], record: Any, view: MapView, options: PngOptions, screen: tuple[int, int]
) -> bytes:
    """The current view as PNG bytes (rendered by headless Chromium)."""
    png_view = view.with_(controls=False, assets="file")
    width, height = screen
    if options.ratio != "screen":
        width = max(width, 1000)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "map.png"
        export_png(
            build_map(tables, record, png_view),
            out,
            width=width,
            height=height,
            aspect=options.ratio,
            scale=options.scale,
            legend=options.legend,
            title=options.title,
            date=view.date,
            attributions=map_attributions(png_view, record),
        )
        return out.read_bytes()


def html_bytes(tables: dict[str, pd.DataFrame], record: Any, view: MapView) -> bytes:
    """The map as one self-contained HTML file (assets inlined; opens offline)."""
    m = build_map(tables, record, view.with_(assets="file"))
    return standalone_html(m, title=page_title(view, record)).encode("utf-8")


def export_panel(
    tables: dict[str, pd.DataFrame],
    claims: pd.DataFrame,
    quotes: pd.DataFrame,
    record: Any,
    view: MapView,
    screen: tuple[int, int],
) -> None:
    """PNG options and every download button (each builds its file only when clicked)."""
    warm_browser()  # no-op while the browser runs
    shown = {**tables, "claims": claims, "quotes": quotes}
    stamp = view.date or "all"
    png_col, files_col = st.columns([3, 2], gap="large")
    with png_col:
        st.markdown("**Picture of the current view (PNG)**")
        c1, c2, c3 = st.columns(3)
        ratio = c1.radio("Ratio", list(RATIOS), format_func=RATIOS.get, horizontal=True, key="png-ratio")
        scale = c2.radio(
            "Resolution", [1, 2], format_func=lambda s: f"{s}x", horizontal=True, key="png-scale"
        )
        legend = c3.toggle("Legend", value=True, key="png-legend")
        title = st.text_input("Title", value="Frontline claims", key="png-title", max_chars=120)
        options = PngOptions(ratio=ratio, scale=int(scale), legend=legend, title=title.strip())
        width, height = screen if ratio == "screen" else (max(screen[0], 1000), None)
        size = f"{width}×{height}" if height else f"{width} px wide"
        st.caption(
            f"Centre {_center_text(view)}, zoom {view.zoom or '—'}, date {view.date or '—'}, layers "
            f"{', '.join(sorted(view.layers - {'basemap'})) or 'none'}; {size} at {scale}x; "
            "with title, date, scale bar and attributions."
        )
        wanted = (options, view, screen)
        rendered = st.session_state.get(K_PNG)
        stale = rendered is not None and rendered[2] != wanted  # the preview follows the options and view
        if st.button("Render PNG", type="primary", icon=":material/image:", key="render-png") or stale:
            with st.spinner("Rendering in headless Chromium…"):
                try:
                    st.session_state[K_PNG] = (png_bytes(shown, record, view, options, screen), stamp, wanted)
                except (ExportError, AssetError, OSError, ValueError) as exc:
                    st.session_state.pop(K_PNG, None)
                    st.error(f"PNG export failed: {exc}")
        rendered = st.session_state.get(K_PNG)
        if rendered is not None:
            picture, when, _ = rendered
            st.download_button(
                f"Download PNG ({len(picture) / 1e6:.1f} MB)",
                data=picture,
                file_name=f"frontline-claims-{when}.png",
                mime="image/png",
                on_click="ignore",
                icon=":material/download:",
                key="download-png",
            )
            st.image(picture, caption="Preview of the exported picture (follows the options)", width=420)
    with files_col:
        st.markdown("**Files**")
        st.download_button(
            "Map as standalone HTML",
            data=lambda: _safe(html_bytes, shown, record, view),
            file_name=f"frontline-claims-{stamp}.html",
            mime="text/html",
            on_click="ignore",
            icon=":material/public:",
            key="download-html",
        )
        for layer, label in (("places", "Places"), ("claims", "Claims"), ("control", "Control areas")):
            st.download_button(
                f"{label} (GeoJSON)",
                data=lambda layer=layer: _geojson(shown, layer, record, view.date),
                file_name=f"frontline-{layer}-{stamp}.geojson",
                mime="application/geo+json",
                on_click="ignore",
                icon=":material/map:",
                key=f"download-{layer}-geojson",
            )
        csvs = {"places": shown["place_summary"], "quotes": shown["quotes"]}
        for label in ("places", "quotes", "claims"):
            st.download_button(
                f"{label.capitalize()} (CSV)",
                data=lambda label=label: to_csv(claim_rows(shown) if label == "claims" else csvs[label]),
                file_name=f"frontline-{label}-{stamp}.csv",
                mime="text/csv",
                on_click="ignore",
                icon=":material/table:",
                key=f"download-{label}-csv",
            )
        st.caption("Claims without a located place are in claims.csv only. CSVs are UTF-8 with BOM.")


def _geojson(tables: dict[str, pd.DataFrame], layer: str, record: Any, date: str | None) -> bytes:
    return json.dumps(to_geojson(tables, layer, record=record, date=date), ensure_ascii=False).encode("utf-8")


def _center_text(view: MapView) -> str:
    return f"{view.center[0]:.3f}, {view.center[1]:.3f}" if view.center else "fitted"


def _safe(build: Any, *args: Any) -> bytes:
    """Run a deferred export; a failure becomes a short text file explaining it (the page cannot show it)."""
    try:
        return build(*args)
    except (ExportError, AssetError, OSError, ValueError) as exc:
        return f"Export failed: {exc}\n".encode()
