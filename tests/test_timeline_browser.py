"""Time in the dashboard, in headless Chromium at 1600x1000: playback moving the control layer, the compare
view with its change layer and km², and the area chart. Each test saves its screenshot under docs/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_e2e import LAYER_STATE_JS, MAP_FRAME, TIMEOUT_MS

from geo.app.serve import running_app

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")
DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("timeline-data")) as url:
        yield url


@pytest.fixture
def page(browser, app_url: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(app_url, wait_until="domcontentloaded")
    page.frame_locator(MAP_FRAME).first.locator("#map_div .frontline-label").first.wait_for(
        state="attached", timeout=TIMEOUT_MS
    )
    yield page
    context.close()


def main_map_snapshots(page) -> list[str]:  # type: ignore[no-untyped-def]
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    return list(frame.evaluate(LAYER_STATE_JS)["snapshots"])


def test_playback_moves_the_control_layer(page) -> None:  # type: ignore[no-untyped-def]
    first = main_map_snapshots(page)
    page.locator(".st-key-tl-play button").first.click()
    seen = {tuple(first)}
    for _ in range(40):  # up to 10 s
        page.wait_for_timeout(250)
        seen.add(tuple(main_map_snapshots(page)))
        if len(seen) >= 4:
            break
    page.mouse.move(800, 5)  # no tooltip over the controls
    page.wait_for_timeout(300)
    page.screenshot(path=str(DOCS / "timeline.png"))
    page.locator(".st-key-tl-play button").first.click()
    assert len(seen) >= 4, seen  # the map went through several snapshots while playing
    assert page.frame_locator(MAP_FRAME).first.locator("#map_div").count() == 1  # the same map, still mounted


def test_compare_view_shows_the_change_and_its_km2(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="Compare").click()
    legend = page.get_by_text("Gained by Ukraine").first
    legend.wait_for(timeout=TIMEOUT_MS)
    assert "km²" in legend.inner_text()
    frames = page.locator(MAP_FRAME)
    page.wait_for_function(f'() => document.querySelectorAll("{MAP_FRAME}").length >= 3', timeout=TIMEOUT_MS)
    compare_map = page.frame_locator(MAP_FRAME).nth(2)
    compare_map.locator(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas").first.wait_for(
        state="attached", timeout=TIMEOUT_MS
    )
    # the maps' container scrolled up under the legend (a wheel over a map would zoom it instead)
    page.locator(".st-key-compare-maps").evaluate("e => e.scrollIntoView({block: 'end'})")
    page.mouse.move(5, 995)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(DOCS / "compare.png"))
    assert frames.count() >= 3


def test_area_chart_draws_the_series_and_the_claims(page) -> None:  # type: ignore[no-untyped-def]
    heading = page.get_by_text("Occupied area over time").first
    heading.wait_for(timeout=TIMEOUT_MS)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    page.wait_for_function(
        "() => document.querySelectorAll(\"[data-testid='stVegaLiteChart'] canvas, "
        "[data-testid='stVegaLiteChart'] svg\").length >= 2",
        timeout=TIMEOUT_MS,
    )
    heading.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.mouse.move(5, 995)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(DOCS / "area-chart.png"))
    assert charts.count() >= 2  # the record's series and the claims against it
