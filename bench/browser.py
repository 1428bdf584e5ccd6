"""Dashboard timings: cold start in headless Chromium, and server time of one rerun after a layer toggle.

Cold start (``cold_start``): Chromium is launched first (not counted: an analyst's browser is already open).
The clock starts when ``streamlit run dashboard.py`` is spawned on a free port with a fresh, empty
``FRONTLINE_DATA_DIR`` (so the store is created and the sample articles are extracted, as on a first start;
the gazetteer index, built once per machine, is already there). We poll ``/_stcore/health``, open the page,
and stop the clock when, inside the map's iframe, Leaflet has drawn data: a path or canvas in the overlay
pane, or a marker in the marker pane. Each run uses a new server process and data folder.

Rerun (``rerun_times``): Streamlit's ``AppTest`` runs ``dashboard.py`` in-process (server side only, no
browser). After a first run that fills the caches, each measured run flips one layer widget (the first of
``layer_*`` keys found, as the analyst would in the sidebar) and times ``AppTest.run()``: the script's full
rerun on the server, which is what a toggle costs before the browser receives the new deltas.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DRAWN_JS = """() => {
    const c = document.querySelector('.leaflet-container');
    if (!c) return false;
    return !!c.querySelector('.leaflet-overlay-pane path, .leaflet-overlay-pane canvas, '
                             + '.leaflet-marker-pane > *');
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=0.5) as r:
            return r.status == 200
    except OSError:
        return False


def _map_drawn(page: Any) -> bool:
    for frame in page.frames:
        if frame == page.main_frame:
            continue
        try:
            if frame.evaluate(DRAWN_JS):
                return True
        except Exception:  # frame navigating or detached
            continue
    return False


def cold_start_once(browser: Any, timeout: float = 90.0, data_dir: Path | None = None) -> float:
    """Seconds from spawning the server to the map drawn in the page (raises TimeoutError); on a fresh
    data folder unless ``data_dir`` is given (bench/desk.py: a store already filled)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as fresh:
        data_dir = str(data_dir or fresh)  # type: ignore[assignment]
        env = {**os.environ, "FRONTLINE_DATA_DIR": data_dir, "PYTHONPATH": str(ROOT)}
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            while not _healthy(port):
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited: {proc.stderr.read().decode()[-500:]}")
                if time.perf_counter() - t0 > timeout:
                    raise TimeoutError("streamlit did not become healthy")
                time.sleep(0.02)
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/", wait_until="commit")
            while not _map_drawn(page):
                if time.perf_counter() - t0 > timeout:
                    raise TimeoutError("map not drawn")
                page.wait_for_timeout(25)
            return time.perf_counter() - t0
        finally:
            context.close()
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def cold_start(runs: int = 3) -> dict[str, Any]:
    """Median cold start over ``runs`` fresh servers."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            times = [cold_start_once(browser) for _ in range(runs)]
        finally:
            browser.close()
    return {"seconds": statistics.median(times), "runs": times}


def _layer_widget(at: Any) -> tuple[Any, str]:
    """The first layer toggle/checkbox of the sidebar (key ``layer_<name>``), and its key."""
    for kind in ("toggle", "checkbox"):
        for widget in getattr(at, kind):
            key = getattr(widget, "key", None) or ""
            if key.startswith("layer_"):
                return widget, key
    raise LookupError("no layer_* toggle or checkbox in dashboard.py")


def rerun_times(runs: int = 5) -> dict[str, Any]:
    """Median server seconds of a rerun after flipping one layer widget (AppTest, warm caches)."""
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as data_dir:
        old = os.environ.get("FRONTLINE_DATA_DIR")
        os.environ["FRONTLINE_DATA_DIR"] = data_dir
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            t0 = time.perf_counter()
            at.run()
            first = time.perf_counter() - t0
            if at.exception:
                raise RuntimeError(f"dashboard raised: {at.exception[0].message}")
            at.run()  # second run: caches warm, URL state settled
            times: list[float] = []
            cpu: list[float] = []
            key = ""
            for _ in range(runs):
                widget, key = _layer_widget(at)
                widget.set_value(not widget.value)
                t0, c0 = time.perf_counter(), time.process_time()
                at.run()
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                if at.exception:
                    raise RuntimeError(f"dashboard raised: {at.exception[0].message}")
        finally:
            os.chdir(cwd)
            if old is None:
                os.environ.pop("FRONTLINE_DATA_DIR", None)
            else:
                os.environ["FRONTLINE_DATA_DIR"] = old
    return {
        "seconds": statistics.median(times),
        "cpu_seconds": statistics.median(cpu),
        "runs": times,
        "first_run_s": first,
        "widget": key,
    }


def main(argv: list[str]) -> int:
    import json

    mode = argv[0] if argv else "both"
    out: dict[str, Any] = {}
    if mode in ("cold", "both"):
        out["cold_start"] = cold_start(int(argv[1]) if len(argv) > 1 else 3)
    if mode in ("rerun", "both"):
        out["rerun"] = rerun_times(int(argv[1]) if len(argv) > 1 else 5)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
