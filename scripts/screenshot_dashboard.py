"""Start the dashboard (or use a running one) and save a full-page PNG of it, as a new user would see it.

    .venv/bin/python scripts/screenshot_dashboard.py docs/dashboard.png
    .venv/bin/python scripts/screenshot_dashboard.py out.png --url http://localhost:8501 --query "date=2022-09-12"

Used for the README screenshot and to look at the app after changes. Starts
``streamlit run dashboard.py`` on a free port with a fresh data folder unless ``--url`` is given, waits for
the map's markers, then captures. Drives Debian's Chromium (``FRONTLINE_CHROMIUM`` overrides the path).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, timeout: float = 60.0, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Poll ``/_stcore/health`` until the server answers ok (RuntimeError on timeout or exit)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"no healthy server at {url} after {timeout:.0f} s")


@contextlib.contextmanager
def running_app(data_dir: Path, port: int | None = None) -> Iterator[str]:
    """``streamlit run dashboard.py`` in a subprocess with ``FRONTLINE_DATA_DIR=data_dir``; yields its URL."""
    port = port or free_port()
    env = dict(os.environ, FRONTLINE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    log = (data_dir / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc=proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def capture(url: str, out: Path, *, width: int = 1600, height: int = 1000, wait_s: float = 2.0) -> Path:
    """Open ``url``, wait for the map markers, and save a full-page screenshot."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("FRONTLINE_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url, wait_until="domcontentloaded")
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
        page.wait_for_timeout(wait_s * 1000)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), full_page=True)
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="PNG to write")
    parser.add_argument("--url", help="screenshot this running app instead of starting one")
    parser.add_argument("--query", default="", help="query string to open, e.g. 'date=2022-09-12&side=russia'")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)
    suffix = f"/?{args.query}" if args.query else "/"
    if args.url:
        capture(args.url.rstrip("/") + suffix, args.out, width=args.width, height=args.height)
    else:
        with tempfile.TemporaryDirectory() as tmp, running_app(Path(tmp)) as url:
            capture(url + suffix, args.out, width=args.width, height=args.height)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
