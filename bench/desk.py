"""The dashboard at a desk's volume: a store of ``n`` generated articles (bench/corpus.py) plus the sample.

``first_map``: a fresh ``streamlit run dashboard.py`` on that store (extractions already cached in it, as
after any earlier session), Chromium already running; seconds from spawning the server until Leaflet has
drawn data in the map's frame (bench/browser.py's rule), median of runs.

``date_step``: Streamlit's ``AppTest`` on that store, caches warm (two runs first); each measured run moves
the date slider one day back (always to a day not shown before, so no layer comes from the cache) and times
``AppTest.run()``: the server's full rerun,
layers rebuilt for the new date included. Median of runs.

The store is built once per (n, seed) with ``python -m geo ingest`` into bench/out/desk/<seed>-<n>/ and
reused while its manifest matches.

    .venv/bin/python bench/desk.py -n 2000      # prints one JSON object
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402

OUT = ROOT / "bench" / "out" / "desk"


def build_store(n: int, seed: int = 2022) -> Path:
    """A data folder whose store holds the ``n`` generated articles and the sample, all extracted."""
    folder = OUT / f"{seed}-{n}"
    manifest = folder / "manifest.json"
    corpus = generate(n, seed)
    expected = {"n": n, "seed": seed, "corpus": str(corpus)}
    if manifest.exists() and json.loads(manifest.read_text()) == expected:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FRONTLINE_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "geo", "ingest", str(corpus), str(ROOT / "geo" / "data" / "articles"), "-q"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(f"desk: store of {n} articles built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    manifest.write_text(json.dumps(expected))
    return folder


def first_map(folder: Path, runs: int = 3) -> dict[str, Any]:
    """Median seconds from server spawn to the map drawn, on the desk store."""
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, LAUNCH_ARGS, cold_start_once

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            times = [cold_start_once(browser, timeout=180.0, data_dir=folder) for _ in range(runs)]
        finally:
            browser.close()
    return {"seconds": statistics.median(times), "runs": times}


def date_step(folder: Path, runs: int = 7) -> dict[str, Any]:
    """Median server seconds of a rerun after moving the date one day, on the desk store."""
    from streamlit.testing.v1 import AppTest

    old = os.environ.get("FRONTLINE_DATA_DIR")
    os.environ["FRONTLINE_DATA_DIR"] = str(folder)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        if at.exception:
            raise RuntimeError(f"dashboard raised: {at.exception[0].message}")
        at.run()
        times: list[float] = []
        cpu: list[float] = []
        for _ in range(runs):
            slider = at.slider(key="date")
            slider.set_value(slider.value - dt.timedelta(days=1))
            t0, c0 = time.perf_counter(), time.process_time()
            at.run()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            if at.exception:
                raise RuntimeError(f"dashboard raised: {at.exception[0].message}")
        quotes = next((m.value for m in at.markdown if m.value.startswith("**Quotes**")), "")
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
        "quotes_header": quotes,
    }


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--runs", type=int, default=3, help="first-map runs (date steps: twice as many + 1)")
    args = parser.parse_args(argv)
    folder = build_store(args.n, args.seed)
    out = {
        "articles": args.n + 2,
        "first_map": first_map(folder, args.runs),
        "date_step": date_step(folder, 2 * args.runs + 1),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
