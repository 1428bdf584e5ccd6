"""Start the dashboard (or use a running one) and save a full-page PNG of it, as a new user would see it.

    .venv/bin/python scripts/screenshot_dashboard.py docs/dashboard.png
    .venv/bin/python scripts/screenshot_dashboard.py out.png --url http://localhost:8501 --query side=russia

Used for the README screenshot and to look at the app after changes. Starts
``streamlit run dashboard.py`` on a free port with a fresh data folder unless ``--url`` is given, waits for
the map, then captures. Drives Debian's Chromium (``FRONTLINE_CHROMIUM`` overrides the path).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.app.serve import CHROMIUM_ARGS, chromium_path, running_app  # noqa: E402


def capture(url: str, out: Path, *, width: int = 1600, height: int = 1000, wait_s: float = 2.0) -> Path:
    """Open ``url``, wait for the map markers, and save a full-page screenshot."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url, wait_until="domcontentloaded")
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
        frame.locator("#map_div .frontline-label").first.wait_for(state="attached", timeout=60_000)
        page.wait_for_timeout(wait_s * 1000)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), full_page=True)
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="PNG to write")
    parser.add_argument("--url", help="screenshot this running app instead of starting one")
    parser.add_argument(
        "--query", default="", help="query string to open, e.g. 'date=2022-09-12&side=russia'"
    )
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
