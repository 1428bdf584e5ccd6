"""The dashboard's layout and map behaviour in headless Chromium: sizes at three window sizes, popups that
stay open, a selection that dims the rest behind a "filtered" badge, the legend, basemap switching, the detail
view and a bad link's warning. One server for the module (sample articles, fresh data folder)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from test_e2e import LAYER_STATE_JS, LOCAL_HOSTS, MAP_FRAME, TIMEOUT_MS

from geo.app.serve import running_app

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")

SIZES_JS = """() => {
  const vw = innerWidth, vh = innerHeight;
  const visible = r => Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0))
                     * Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
  const rect = sel => { const e = document.querySelector(sel); return e && e.getBoundingClientRect(); };
  const map = rect("iframe[title='streamlit_folium.st_folium']"), panel = rect('.st-key-side-panel');
  const title = rect('.st-key-title-block'), sidebar = document.querySelector('[data-testid=stSidebar]');
  return {vw, vh, map_fraction: visible(map) / (vw * vh), map: [map.left, map.top, map.right, map.bottom],
          panel: [panel.left, panel.top, panel.right, panel.bottom], title_height: title.height,
          sidebar_width: sidebar ? sidebar.getBoundingClientRect().width : 0};
}"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("browser-data")) as url:
        yield url


def open_page(browser, url: str, width: int = 1600, height: int = 1000):  # type: ignore[no-untyped-def]
    """A new page on ``url`` whose requests to other hosts are refused (and recorded)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    outside: list[str] = []

    def route(r):  # type: ignore[no-untyped-def]
        if urlparse(r.request.url).hostname in LOCAL_HOSTS:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.outside = outside  # type: ignore[attr-defined]
    page.goto(url, wait_until="domcontentloaded")
    page.frame_locator(MAP_FRAME).locator("#map_div .frontline-label").first.wait_for(
        state="attached", timeout=TIMEOUT_MS
    )
    return page


def frame_of(page):  # type: ignore[no-untyped-def]
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def poll(page, check, what: str, timeout_s: float = 30.0):  # type: ignore[no-untyped-def]
    value = None
    for _ in range(int(timeout_s * 4)):
        value = check()
        if value:
            return value
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out waiting for {what}; last: {value}")


@pytest.mark.parametrize("width,height", [(1600, 1000), (1280, 800), (800, 1000)])
def test_layout_sizes(browser, app_url: str, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, app_url, width, height)
    try:
        page.wait_for_timeout(1500)  # the map's first report reruns the page
        s = page.evaluate(SIZES_JS)
        print(f"layout {width}x{height}: {s}")  # the measured figures, for the report (pytest -s)
        assert s["title_height"] <= (64 if width >= 1000 else 80), s  # compact title block
        if width >= 1000:
            assert 200 <= s["sidebar_width"] <= 260, s  # open, and narrow
            assert s["panel"][0] >= s["map"][2] - 1 and s["panel"][1] < s["map"][3], "quotes beside the map"
            assert s["map"][3] <= height + 1, "the map's bottom is below the fold"
            if (width, height) == (1600, 1000):
                assert s["map_fraction"] >= 0.55, s
        else:
            assert s["sidebar_width"] < 50, "the sidebar starts collapsed on a narrow window"
            assert s["panel"][1] >= s["map"][3] - 1, "the columns stack"
            assert s["map"][2] - s["map"][0] >= width * 0.9, s
    finally:
        page.context.close()


def click_a_place(page) -> str:  # type: ignore[no-untyped-def]
    """Click place markers until one selects its place; returns its id."""
    state = poll(page, lambda: frame_of(page).evaluate(LAYER_STATE_JS)["places"], "places")
    box = page.locator(MAP_FRAME).bounding_box()
    for place in [p for p in state if 20 < p["x"] < box["width"] - 20 and 20 < p["y"] < box["height"] - 20]:
        page.mouse.click(box["x"] + place["x"], box["y"] + place["y"])
        try:
            page.locator(".st-key-place-card").wait_for(timeout=8_000)
        except playwright_api.TimeoutError:
            continue
        return str(place["id"])
    raise AssertionError("no place click selected a place")


OPACITIES_JS = """() => {
  const out = {};
  (window.feature_group || []).filter(g => map_div.hasLayer(g)).forEach(g => g.eachLayer(function walk(l) {
    if (l.eachLayer) { l.eachLayer(walk); return; }
    const f = l.feature;
    if (f && f.properties && f.properties.place_id && l.options)
      out[f.properties.place_id] = l.options.fillOpacity;
  }));
  return out;
}"""


def test_popup_stays_open_and_selection_dims_the_rest(browser, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, app_url)
    try:
        frame = page.frame_locator(MAP_FRAME)
        place_id = click_a_place(page)
        page.wait_for_timeout(3000)  # the reruns the click caused have swapped the layers by now
        assert frame.locator(".leaflet-popup").count() == 1, "the popup closed by itself"
        badge = page.locator(".st-key-filtered")
        assert badge.is_visible() and "filtered" in badge.inner_text()
        dimmed = poll(page, lambda: frame_of(page).evaluate(OPACITIES_JS), "place opacities")
        assert dimmed[place_id] > 0.5 and min(v for k, v in dimmed.items() if k != place_id) < 0.5
        frame.locator(".leaflet-popup-close-button").click()
        page.wait_for_timeout(2000)
        assert frame.locator(".leaflet-popup").count() == 0
        page.locator(".st-key-reset-view-filters button").click()
        poll(page, lambda: page.locator(".st-key-filtered").count() == 0, "the badge gone after reset")

        def undimmed():  # type: ignore[no-untyped-def]
            o = frame_of(page).evaluate(OPACITIES_JS)
            return o if o and min(o.values()) > 0.5 else None

        restored = poll(page, undimmed, "every place undimmed")
        assert len(restored) == len(dimmed)
        assert not page.outside  # type: ignore[attr-defined]
    finally:
        page.context.close()


LEGEND_JS = """() => Object.fromEntries([...document.querySelectorAll('.frontline-legend [data-layer]')]
  .map(e => [e.getAttribute('data-layer'), e.style.display !== 'none']))"""


def test_legend_lists_only_what_is_drawn(browser, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, app_url)
    try:

        def legend():  # type: ignore[no-untyped-def]
            return frame_of(page).evaluate(LEGEND_JS)

        shown = poll(page, lambda: (s := legend()) and s.get("control") and s, "legend")
        assert shown["places"] and not shown["heat"]
        page.locator("[data-testid='stCheckbox']").filter(has_text="Control areas").locator("label").click()
        after = poll(page, lambda: (s := legend()) and not s["control"] and s, "control part hidden")
        assert after["places"]
    finally:
        page.context.close()


def test_switching_basemap_keeps_the_map_and_says_when_tiles_fail(browser, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, app_url)
    try:
        frame_of(page).evaluate("() => { window.frontlineMounted = 'yes'; }")
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.locator("[data-testid='stSelectbox']").filter(has_text="Basemap").click()
        page.get_by_role("option", name="OpenStreetMap").click()
        notice = page.frame_locator(MAP_FRAME).locator(".frontline-notice")
        notice.wait_for(timeout=TIMEOUT_MS)  # tile requests are refused here, as they would be offline
        assert "could not be loaded" in notice.inner_text()
        assert frame_of(page).evaluate("() => window.frontlineMounted") == "yes", "the map was rebuilt"
        assert any("tile.openstreetmap.org" in u for u in page.outside)  # type: ignore[attr-defined]
    finally:
        page.context.close()


def test_detail_view_shows_the_quote_in_its_article(browser, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, app_url)
    try:
        card = page.locator("[class*='st-key-quote-card-']").first
        quote = card.locator("[data-testid='stMarkdownContainer']").first.inner_text()
        card.get_by_role("button", name=re.compile("Details")).click()
        dialog = page.get_by_role("dialog")
        dialog.wait_for(timeout=TIMEOUT_MS)
        dialog.get_by_text("In the article").wait_for(timeout=TIMEOUT_MS)
        text = dialog.inner_text()
        assert "In the article" in text and "Source" in text
        marked = dialog.locator(".st-key-detail-text span[style*='background']").first
        assert marked.inner_text().strip() and marked.inner_text().strip()[:20] in quote.replace("\n", " ")
        assert dialog.locator("script, img").count() == 0
    finally:
        page.context.close()


def test_a_bad_link_warning_stays_until_dismissed(browser, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, app_url + "/?date=not-a-date&layers=places,nonsense")
    try:
        page.wait_for_timeout(5000)  # well past the map's first report and its rerun
        notes = page.locator(".st-key-link-notes")
        assert notes.is_visible() and "Shared link" in notes.inner_text()
        page.locator(".st-key-dismiss-link-notes button").click()
        poll(page, lambda: page.locator(".st-key-link-notes").count() == 0, "the warning dismissed")
    finally:
        page.context.close()
