"""End to end in headless Chromium: start ``streamlit run dashboard.py`` on a fresh data folder and use it.

Markers inside the st_folium iframe, a layer toggle, a click on a place filtering the quotes panel, the date
moving the control layer, a PNG export that is a real picture, and no request leaving localhost.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from geo.app.serve import CHROMIUM_ARGS, chromium_path, running_app

pytestmark = pytest.mark.e2e

playwright_api = pytest.importorskip("playwright.sync_api")
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
LOCAL_HOSTS = {"127.0.0.1", "localhost", None, ""}
QUOTES = re.compile(r"Quotes · (\d+) of (\d+)")
TIMEOUT_MS = 60_000

# Evaluated inside the map iframe: what the data layers hold right now.
LAYER_STATE_JS = """() => {
  // the frontend keeps removed groups in window.feature_group: count only those on the map
  const groups = (window.feature_group || []).filter(g => map_div.hasLayer(g));
  const out = {groups: groups.length, shapes: 0, places: [], snapshots: []};
  groups.forEach(g => g.eachLayer(function walk(l) {
    if (l.eachLayer) { l.eachLayer(walk); return; }
    out.shapes++;
    const tip = l.getTooltip && l.getTooltip() ? String(l.getTooltip()._content || '') : '';
    const place = tip.match(/\\[([^\\[\\]\\s]+:[^\\[\\]\\s]+)\\]/);
    if (place && l.getLatLng && !tip.startsWith('selected')) {
      const p = map_div.latLngToContainerPoint(l.getLatLng());
      out.places.push({id: place[1], x: p.x, y: p.y});
    }
    const snap = tip.match(/DeepStateMap (\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z)/);
    if (snap && l.getLatLngs) out.snapshots.push(snap[1]);  // control areas (polygons), not arrows
  }));
  out.snapshots = [...new Set(out.snapshots)];
  return out;
}"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("e2e-data")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(chromium_path()).is_file():
        pytest.skip(f"no Chromium at {chromium_path()}")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, app_url: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1600, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(app_url, wait_until="domcontentloaded")
    map_frame(page).locator("#map_div .frontline-label").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    page.requested = requested  # type: ignore[attr-defined]
    yield page
    outside = sorted({u for u in requested if urlparse(u).hostname not in LOCAL_HOSTS})
    context.close()
    assert not outside, f"requests left localhost: {outside[:5]}"


def map_frame(page):  # type: ignore[no-untyped-def]
    return page.frame_locator(MAP_FRAME)


def layer_state(page) -> dict:  # type: ignore[no-untyped-def]
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    return frame.evaluate(LAYER_STATE_JS)


def wait_for_state(page, predicate, what: str, timeout_s: float = 30.0) -> dict:  # type: ignore[no-untyped-def]
    """Poll the map's layers until ``predicate`` holds (reruns and the 250 ms debounce take a moment)."""
    state: dict = {}
    for _ in range(int(timeout_s * 4)):
        state = layer_state(page)
        if predicate(state):
            return state
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out waiting for {what}; last state: {state}")


def quote_counts(page) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    text = page.get_by_text(QUOTES).first.inner_text()
    found = QUOTES.search(text)
    assert found, text
    return int(found.group(1)), int(found.group(2))


def test_map_shows_places_control_areas_and_legend(page) -> None:  # type: ignore[no-untyped-def]
    state = wait_for_state(page, lambda s: s["places"] and s["snapshots"], "places and control areas")
    assert len(state["places"]) >= 3
    frame = map_frame(page)
    assert frame.locator(".frontline-legend").is_visible()
    assert frame.locator(".frontline-label").count() >= 3
    assert frame.locator(".leaflet-control-fullscreen, .leaflet-control-zoom-fullscreen").count() >= 1


def test_toggling_a_layer_changes_the_map(page) -> None:  # type: ignore[no-untyped-def]
    before = wait_for_state(page, lambda s: s["snapshots"], "control areas")
    page.locator("[data-testid='stCheckbox']").filter(has_text="Control areas").locator("label").click()
    after = wait_for_state(page, lambda s: not s["snapshots"], "control areas gone")
    assert after["groups"] == before["groups"] - 1
    assert after["shapes"] < before["shapes"]


def test_clicking_a_place_filters_the_quotes(page) -> None:  # type: ignore[no-untyped-def]
    shown, total = quote_counts(page)
    assert shown == total > 0
    state = wait_for_state(page, lambda s: s["places"], "places")
    box = page.locator(MAP_FRAME).bounding_box()
    width, height = box["width"], box["height"]
    visible = [p for p in state["places"] if 20 < p["x"] < width - 20 and 20 < p["y"] < height - 20]
    assert visible, state["places"]
    for place in visible:
        page.mouse.click(box["x"] + place["x"], box["y"] + place["y"])
        try:
            page.locator(".st-key-place-card").wait_for(timeout=8_000)
        except playwright_api.TimeoutError:
            continue
        break
    else:
        pytest.fail("no place click selected a place")
    page.wait_for_url(re.compile(r"place="), timeout=TIMEOUT_MS)  # written at the end of the rerun
    shown_after, total_after = quote_counts(page)
    assert total_after == total and shown_after < total


def test_moving_the_date_changes_the_control_layer(page) -> None:  # type: ignore[no-untyped-def]
    before = wait_for_state(page, lambda s: s["snapshots"], "control areas")
    thumb = page.locator("[data-testid='stSidebar'] input[type='range'][aria-label='Date']")
    thumb.focus()
    thumb.press("ArrowRight")  # one day later: 10 Sep
    after = wait_for_state(
        page, lambda s: s["snapshots"] and s["snapshots"] != before["snapshots"], "a later control snapshot"
    )
    assert after["snapshots"][0] > before["snapshots"][0]
    page.wait_for_url(re.compile(r"date=2022-09-10"), timeout=TIMEOUT_MS)


def test_png_export_is_a_real_picture(page) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    page.get_by_role("tab", name="Export").click()
    page.get_by_role("button", name="Render PNG").click()
    download_button = page.get_by_role("button", name=re.compile(r"Download PNG"))
    download_button.wait_for(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        download_button.click()
    data = Path(info.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    assert picture.width >= 400 and picture.height >= 300
    colours = picture.resize((200, 150)).getcolors(maxcolors=200 * 150)
    assert colours is not None and len(colours) > 50
