"""Warm the dashboard's caches when the server starts, so the first browser session finds them ready.

Streamlit runs the page only once a browser has connected. Everything the first view needs — the imports
(pandas, folium), the store, the gazetteer and control record, the corpus, the base map and the default
view's layers — is instead built on a background thread as soon as the server starts (``lifespan``, used by
``dashboard.py``'s ``st.App``) or, failing that, at the first run (``start``). The thread fills the same
caches the page reads (``st.cache_resource`` and the prepared-map caches are single-flight), so a session
arriving mid-way waits for the piece being built instead of building it twice.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

log = logging.getLogger(__name__)

_lock = threading.Lock()
_thread: threading.Thread | None = None
timings: dict[str, float] = {}  # step → seconds since the warm-up began (for profiling the cold start)


class _NoContextWarning(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext" warning for calls made by the warm-up thread."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName == "frontline-warmup" and "ScriptRunContext" in record.getMessage())


def start() -> None:
    """Begin warming on a daemon thread (once per process; later calls do nothing)."""
    global _thread
    with _lock:
        if _thread is not None:
            return
        _thread = threading.Thread(target=_warm, name="frontline-warmup", daemon=True)
        _thread.start()


def wait(timeout: float | None = None) -> bool:
    """Block until the warm-up finished (True) or ``timeout`` passed (False); True when never started."""
    thread = _thread
    if thread is None:
        return True
    thread.join(timeout)
    return not thread.is_alive()


def _warm() -> None:
    t0 = time.perf_counter()
    switch = sys.getswitchinterval()
    # While this thread computes, the server's event loop (serving the page to the first browser) gets the
    # GIL after 0.5 ms instead of 5 ms per hand-over.
    sys.setswitchinterval(min(switch, 0.0005))
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        _NoContextWarning()
    )
    try:
        from geo.app import data, page  # noqa: F401  (page: the page's own imports, folium among them)

        timings["imports"] = time.perf_counter() - t0
        data.current_store()
        data.resources()
        timings["resources"] = time.perf_counter() - t0
        corpus = data.load_corpus()
        timings["corpus"] = time.perf_counter() - t0
        prepare_first_view(corpus)
        timings["map"] = time.perf_counter() - t0
    except Exception:  # the page builds what is missing itself and reports the error there
        log.exception("warm-up failed")
    finally:
        sys.setswitchinterval(switch)
    log.info("warm-up: %s", {k: round(v, 2) for k, v in timings.items()})


def prepare_first_view(corpus: Any) -> None:
    """Build the base map and layers a session opened without a link shows (fills the map caches)."""
    from geo.app.filters import filter_claims
    from geo.app.mapview import base_map, initial_center_zoom, layer_groups, map_view, window_for
    from geo.app.viewstate import LAYERS, decode

    tables, record = corpus.tables, corpus.record
    window, choices = window_for(tables, record)
    linked = decode({}, choices).view
    view = replace(
        linked,
        date=linked.date or window[1],
        layers=tuple(layer for layer in LAYERS if layer in linked.layers),
        basemap="",
    )
    center, zoom = initial_center_zoom(tables, view)
    base_map(center, zoom)
    claims = filter_claims(tables["claims"], view.filters, as_of=view.date)
    layer_groups(tables, claims, record, map_view(view), corpus.revision)


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """``st.App`` lifespan: warm up when the server starts; close the export browser when it stops."""
    start()
    yield
    png = sys.modules.get("geo.exporting.png")
    if png is not None:
        try:
            png.close_browser()
        except Exception:  # shutting down: nothing left to report to
            log.exception("closing the export browser failed")
