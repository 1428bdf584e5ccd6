"""PNG export of a map view, rendered by headless Chromium (Playwright).

The standalone (inlined) HTML is loaded into a page of the requested size; once Leaflet reports the map
loaded and no tile layer is still loading, a title/date/attribution overlay is added and the page is
captured. Playwright's sync API is bound to the thread that started it, so one owner thread runs every
export; it launches Chromium while the caller inlines the page (or earlier: ``warm_browser``), keeps it
and its contexts for the next export, and closes it at exit. No fixed sleeps: readiness is polled per frame.
"""

from __future__ import annotations

import atexit
import contextlib
import html as html_lib
import os
import queue
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import folium

from geo.exporting.html import standalone_html

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ASPECTS: dict[str, float | None] = {"screen": None, "4:3": 3 / 4, "16:9": 9 / 16}
READY_TIMEOUT_MS = 15_000

_MAP_VAR = re.compile(r"var\s+(map_[0-9a-f]+)\s*=\s*L\.map\(")


class ExportError(RuntimeError):
    """The PNG could not be produced (no browser, the map did not load in time)."""


def frame_size(width: int, height: int | None = None, aspect: str = "screen") -> tuple[int, int]:
    """Pixel size of the export: ``screen`` keeps (width, height); ``4:3`` / ``16:9`` derive the height."""
    if aspect not in ASPECTS:
        raise ValueError(f"aspect must be one of {', '.join(ASPECTS)}, not {aspect!r}")
    if width < 100 or width > 8000:
        raise ValueError(f"width must be between 100 and 8000 px, not {width}")
    ratio = ASPECTS[aspect]
    if ratio is not None:
        return width, round(width * ratio)
    height = height or round(width * 10 / 16)
    if height < 100 or height > 8000:
        raise ValueError(f"height must be between 100 and 8000 px, not {height}")
    return width, height


def chromium_path() -> str:
    """The Chromium binary (``FRONTLINE_CHROMIUM`` overrides /usr/bin/chromium)."""
    return os.environ.get("FRONTLINE_CHROMIUM") or CHROMIUM


class _Owner:
    """The one thread that owns Playwright and the browser (the sync API is bound to its thread).

    Jobs run there in order. The browser is started on demand and kept for later exports, with one
    context per (scale, offline); ``close`` ends it. A daemon thread, so an idle browser never keeps the
    interpreter alive; ``atexit`` closes the browser first.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.playwright: Any = None
        self.browser: Any = None
        self.contexts: dict[tuple[int, bool], Any] = {}

    def on_owner_thread(self) -> bool:
        return self._thread is threading.current_thread()

    def submit(self, job: Callable[[], Any]) -> Future[Any]:
        done: Future[Any] = Future()
        if self.on_owner_thread():  # a job that exports: run inline (queueing would wait for itself)
            try:
                done.set_result(job())
            except BaseException as exc:
                done.set_exception(exc)
            return done
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="png-browser", daemon=True)
                self._thread.start()
        self._jobs.put((job, done))
        return done

    def _run(self) -> None:
        while True:
            job, done = self._jobs.get()
            if done.set_running_or_notify_cancel():
                try:
                    done.set_result(job())
                except BaseException as exc:
                    done.set_exception(exc)

    def started(self) -> Any:
        """The browser, launched now if needed (owner thread only)."""
        if self.browser is not None and self.browser.is_connected():
            return self.browser
        self.close()
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        path = chromium_path()
        if not Path(path).is_file():
            raise ExportError(f"Chromium not found at {path} (set FRONTLINE_CHROMIUM)")
        try:
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=path, args=LAUNCH_ARGS, headless=True
            )
        except PlaywrightError as exc:
            self.close()
            raise ExportError(f"cannot start Chromium: {exc.message.splitlines()[0]}") from exc
        return self.browser

    def context(self, scale: int, offline: bool) -> Any:
        browser = self.started()
        key = (scale, offline)
        if key not in self.contexts:
            self.contexts[key] = browser.new_context(device_scale_factor=scale, offline=offline)
        return self.contexts[key]

    def close(self) -> None:
        browser, playwright = self.browser, self.playwright
        self.browser = self.playwright = None
        self.contexts = {}
        for end in (getattr(browser, "close", None), getattr(playwright, "stop", None)):
            if end is not None:
                with contextlib.suppress(Exception):  # already gone (crashed, or the driver stopped first)
                    end()


_OWNER = _Owner()


def _context(scale: int, offline: bool) -> Any:
    """A browser context per (scale, offline), kept with the browser: creating one costs ~0.5 s."""
    return _OWNER.context(scale, offline)


def warm_browser() -> Future[Any]:
    """Start Chromium in the background now, so the next export does not wait for its launch."""
    return _OWNER.submit(_OWNER.started)


def close_browser(timeout: float = 30.0) -> None:
    """Close the export browser now (tests, the dashboard at shutdown, apps wanting the memory back)."""
    if _OWNER.browser is None and _OWNER.playwright is None:
        return
    with contextlib.suppress(Exception):  # best effort: a hung browser is killed with the process
        _OWNER.submit(_OWNER.close).result(timeout)


atexit.register(close_browser, 10.0)


_READY_JS = """(name) => {
    const m = window[name];
    if (!m || !m._loaded) return false;
    let busy = false;
    m.eachLayer(l => { if (typeof l.isLoading === 'function' && l.isLoading()) busy = true; });
    return !busy;
}"""

_OVERLAY_JS = """([name, overlay, legend]) => {
    const m = window[name];
    const root = m.getContainer();
    const hide = ['.leaflet-control-zoom', '.leaflet-control-layers', '.leaflet-control-fullscreen',
                  '.leaflet-control-measure', '.leaflet-control-minimap', '.leaflet-control-search',
                  '.leaflet-control-attribution'];
    if (!legend) hide.push('.frontline-legend');
    hide.forEach(sel => root.querySelectorAll(sel).forEach(e => e.style.display = 'none'));
    // the legend option shows it whole: unfolded, without its scroll limit, and without the fold button
    root.querySelectorAll('.frontline-legend').forEach(e => {
        e.classList.remove('collapsed');
        e.classList.add('expanded-all');
        e.querySelectorAll('.frontline-legend-toggle').forEach(b => b.style.display = 'none');
        e.querySelectorAll('.frontline-legend-body').forEach(b => b.style.maxHeight = 'none');
    });
    const box = document.createElement('div');
    box.innerHTML = overlay;
    root.appendChild(box);
    return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))));
}"""


def overlay_html(title: str, date: str | None, attributions: Sequence[str]) -> str:
    """Title/date box (top left) and attribution line (bottom right), escaped."""
    heading = html_lib.escape(title)
    when = f"<div style='font-size:13px;font-weight:400'>{html_lib.escape(date)}</div>" if date else ""
    credits = " · ".join(html_lib.escape(a) for a in attributions if a)
    box = (
        "position:absolute;z-index:1000;background:rgba(255,255,255,0.9);font-family:system-ui,sans-serif;"
        "color:#111;box-shadow:0 1px 4px rgba(0,0,0,0.3);"
    )
    parts = []
    if heading or when:
        parts.append(
            f"<div style='{box}top:10px;left:10px;padding:6px 10px;border-radius:4px;"
            f"font-size:17px;font-weight:600'>{heading}{when}</div>"
        )
    if credits:
        parts.append(f"<div style='{box}bottom:0;right:0;padding:2px 6px;font-size:11px'>{credits}</div>")
    return "".join(parts)


def export_png(
    m: folium.Map | str,
    out: Path,
    *,
    width: int = 1600,
    height: int | None = 1000,
    aspect: str = "screen",
    scale: int = 1,
    legend: bool = True,
    title: str = "",
    date: str | None = None,
    attributions: Sequence[str] = (),
    offline: bool = False,
) -> Path:
    """Render the map to a PNG at ``width``×``height`` CSS px × ``scale`` (1 or 2) and return ``out``.

    ``m`` is a folium.Map (inlined here) or standalone HTML. ``offline`` blocks every network request,
    proving the export needs none. Raises ExportError when Chromium is missing or the map does not load.
    """
    if scale not in (1, 2):
        raise ValueError("scale must be 1 or 2")
    width, height = frame_size(width, height, aspect)
    warm_browser()  # Chromium starts on the owner thread while this one inlines the page
    page_html = standalone_html(m)
    found = _MAP_VAR.search(page_html)
    if found is None:
        raise ExportError("no Leaflet map in the HTML")
    name = found.group(1)
    out = Path(out)

    def render() -> Path:
        from playwright.sync_api import Error as PlaywrightError

        page = _context(scale, offline).new_page()
        try:
            page.set_viewport_size({"width": width, "height": height})
            page.set_content(page_html, wait_until="load", timeout=READY_TIMEOUT_MS)
            page.wait_for_function(_READY_JS, arg=name, timeout=READY_TIMEOUT_MS, polling="raf")
            # Resolves after two animation frames: the canvas layers have painted with the overlay on top.
            page.evaluate(_OVERLAY_JS, [name, overlay_html(title, date, attributions), legend])
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out), full_page=False, type="png")
        except PlaywrightError as exc:
            raise ExportError(f"PNG export failed: {exc.message.splitlines()[0]}") from exc
        finally:
            page.close()
        return out

    return _OWNER.submit(render).result()
