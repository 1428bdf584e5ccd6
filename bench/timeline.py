"""Timeline benchmarks: the server rerun of a date change, and playback frames/s in headless Chromium.

``rerun``: AppTest runs ``dashboard.py`` in-process; after two warm-up runs each measured run steps the date
one snapshot forward (the "Next snapshot" button, as the analyst or the playback does) and times
``AppTest.run()`` (the whole script on the server). Dates never shown before ("cold": the snapshot's
layers are built in the run) and the same dates again ("warm") are reported apart.

``playback``: ``streamlit run dashboard.py`` on a fresh data folder, Chromium at 1600x1000; Play is clicked
at the chosen speed and the control snapshot the map's attribution names is sampled every 20 ms for
``seconds``; frames/s = changes of the drawn snapshot / time between the first and last change. Also the
median browser latency of one "Next snapshot" click until the map draws the new snapshot.

    .venv/bin/python bench/timeline.py [rerun|playback|both] [--speed 2|4] [--seconds 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def rerun_times(steps: int = 12) -> dict[str, Any]:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as data_dir:
        os.environ["FRONTLINE_DATA_DIR"] = data_dir
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
        at.run()
        at.run()

        def step(forward: bool) -> float:
            button = next(b for b in at.button if b.key == ("tl-forward" if forward else "tl-back"))
            button.click()
            t0 = time.perf_counter()
            at.run()
            if at.exception:
                raise RuntimeError(at.exception[0].message)
            return time.perf_counter() - t0

        cold = [step(True) for _ in range(steps)]
        warm = [step(False) for _ in range(steps)]
    return {
        "cold_median_ms": round(statistics.median(cold) * 1000),
        "warm_median_ms": round(statistics.median(warm) * 1000),
        "cold_ms": [round(t * 1000) for t in cold],
        "warm_ms": [round(t * 1000) for t in warm],
    }


SNAPSHOT_JS = """() => {
  const a = document.querySelector('.leaflet-control-attribution');
  const m = a && a.textContent.match(/snapshot of (\\d{4}-\\d\\d-\\d\\d)/g);
  return m ? m.join(' ') : '';
}"""  # cheap (one query): a heavier probe would slow the very page it measures


def _snapshots(page: Any) -> str:
    """The control snapshot(s) the main map's attribution names right now."""
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    return str(frame.evaluate(SNAPSHOT_JS))


def playback(speed: float, seconds: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright
    from test_e2e import MAP_FRAME

    from geo.app.serve import CHROMIUM_ARGS, chromium_path, running_app

    tmp = tempfile.TemporaryDirectory(prefix="frontline-bench-")
    with tmp as data_dir, running_app(Path(data_dir)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(url, wait_until="domcontentloaded")
        page.frame_locator(MAP_FRAME).first.locator("#map_div .frontline-label").first.wait_for(
            state="attached", timeout=90_000
        )
        page.wait_for_timeout(2000)
        latencies = []
        for _ in range(6):  # one date change at a time: click → new snapshot drawn
            before = _snapshots(page)
            t0 = time.perf_counter()
            page.locator(".st-key-tl-forward button").first.click()
            while _snapshots(page) == before and time.perf_counter() - t0 < 10:
                page.wait_for_timeout(10)
            latencies.append(time.perf_counter() - t0)
            page.wait_for_timeout(600)
        thumb = page.locator("[data-testid='stSlider']").filter(has_text="Speed").get_by_role("slider")
        thumb.focus()
        for _ in range(3):
            thumb.press("ArrowLeft")
        for _ in range([0.5, 1.0, 2.0, 4.0].index(speed)):
            thumb.press("ArrowRight")
        page.wait_for_timeout(1500)
        page.locator(".st-key-tl-play button").first.click()
        changes: list[float] = []
        last = _snapshots(page)
        t_end = time.perf_counter() + seconds
        while time.perf_counter() < t_end:
            now = _snapshots(page)
            if now != last:
                changes.append(time.perf_counter())
                last = now
            page.wait_for_timeout(20)
        page.locator(".st-key-tl-play button").first.click()
        browser.close()
    gaps = [b - a for a, b in zip(changes, changes[1:], strict=False)]
    fps = (len(changes) - 1) / (changes[-1] - changes[0]) if len(changes) > 1 else 0.0
    return {
        "speed": speed,
        "frames": len(changes),
        "frames_per_s": round(fps, 2),
        "median_frame_ms": round(statistics.median(gaps) * 1000) if gaps else None,
        "click_to_map_median_ms": round(statistics.median(latencies) * 1000),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="both", choices=("rerun", "playback", "both"))
    parser.add_argument("--speed", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args(argv)
    out: dict[str, Any] = {}
    if args.mode in ("rerun", "both"):
        out["date_rerun"] = rerun_times()
    if args.mode in ("playback", "both"):
        out["playback"] = playback(args.speed, args.seconds)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
