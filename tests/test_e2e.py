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

from geo.app.serve import running_app

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


# --- issue 6, "Done when": articles added through the upload widget and a correction survive a restart ----

NEW_ARTICLES = {
    "lyman.md": """---
title: Ukrainian troops close in on Lyman after crossing the Donets
published: 2022-09-08
source: Field report
---
Ukrainian forces crossed the Siverskyi Donets river near Sviatohirsk on Thursday and pushed east towards
Lyman, a rail hub in the Donetsk region, according to officials in Kyiv.

"Our units have liberated Sviatohirsk and are moving on Lyman," said Serhiy Cherevatyi, a spokesman for
Ukraine's eastern military command. "The enemy is retreating from the forest around the monastery."

Russian-installed officials in Donetsk denied that Lyman was threatened. Denis Pushilin, the Moscow-backed
leader of the region, said "the situation near Lyman is fully under control."
""",
    "kupiansk.md": """---
title: Shelling shakes Kupiansk as Russian garrison pulls back
published: 2022-09-09
source: Wire
---
Heavy shelling was reported overnight in Kupiansk, the railway town on the Oskil river that Russian troops
had held since February.

"We can hear our artillery getting closer every hour," said Olha Marchenko, a nurse at the Kupiansk district
hospital, by telephone. Residents said Russian armour had been seen leaving towards Valuyki across the border.

Ukraine's general staff said its forces had advanced to within 15 kilometres of Kupiansk and had retaken
several villages near Shevchenkove.
""",
    "izium.md": """---
title: Residents of Izium wait for news as the front moves south
published: 2022-09-09
source: Correspondent
---
In Izium, the southern anchor of Russia's positions in the Kharkiv region, residents queued for water on
Friday while explosions echoed from the direction of Balakliia.

"Nobody tells us anything, but the soldiers are nervous," said Tetiana Koval, a retired teacher who has
stayed in Izium throughout the occupation. "Half of them left for Sviatohirsk yesterday."

Russia's defence ministry said its troops were regrouping to strengthen positions around Izium and Lyman.
""",
}
NEW_QUOTES = (
    "We can hear our artillery getting closer every hour",
    "the situation near Lyman is fully under control",
    "Nobody tells us anything, but the soldiers are nervous",
)

# Every place marker of the data layers: id (from the tooltip), position.
PLACE_MARKERS_JS = """() => {
  const out = {};
  (window.feature_group || []).filter(g => map_div.hasLayer(g)).forEach(g => g.eachLayer(function walk(l) {
    if (l.eachLayer) { l.eachLayer(walk); return; }
    const tip = l.getTooltip && l.getTooltip() ? String(l.getTooltip()._content || '') : '';
    const place = tip.match(/\\[([^\\[\\]\\s]+:[^\\[\\]\\s]+)\\]/);
    if (place && l.getLatLng && !tip.startsWith('selected')) {
      const p = l.getLatLng();
      out[place[1]] = [p.lat, p.lng];
    }
  }));
  return out;
}"""


def corpus_tables(data_dir: Path) -> dict:
    """The tables the app shows for ``data_dir``, computed here from its store (the server's own rules)."""
    from geo.app.corpus import StoreExtractionCache, build_corpus
    from geo.extract.pipeline import Resources
    from geo.store import DB_NAME, Store

    store = Store.open(data_dir / DB_NAME)
    return build_corpus(
        store.articles(), Resources(), cache=StoreExtractionCache(store), corrections=store.corrections()
    ).tables


def open_app(browser, url: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport={"width": 1600, "height": 1100}).new_page()
    page.goto(url, wait_until="domcontentloaded")
    map_frame(page).locator("#map_div .frontline-label").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    return page


def find_quote(page, quote: str) -> None:  # type: ignore[no-untyped-def]
    """Search the quotes panel (20 a page, newest first) for ``quote`` and wait for its card."""
    search = page.locator(".st-key-quote_search input")
    search.fill(quote)
    search.press("Enter")
    page.locator(".st-key-side-panel").get_by_text(quote, exact=False).first.wait_for(timeout=TIMEOUT_MS)
    search.fill("")
    search.press("Enter")


def place_markers(page, predicate, what: str) -> dict:  # type: ignore[no-untyped-def]
    markers: dict = {}
    for _ in range(120):
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        markers = frame.evaluate(PLACE_MARKERS_JS) if frame is not None else {}
        if predicate(markers):
            return markers
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out waiting for {what}; markers: {sorted(markers)}")


def test_uploaded_articles_and_a_correction_survive_a_restart(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data_dir, upload_dir = tmp_path / "data", tmp_path / "upload"
    data_dir.mkdir()
    upload_dir.mkdir()
    for name, text in NEW_ARTICLES.items():
        (upload_dir / name).write_text(text, encoding="utf-8")

    with running_app(data_dir) as url:
        page = open_app(browser, url)
        before = corpus_tables(data_dir)
        _, total_before = quote_counts(page)

        # Upload the three files through the sidebar's widget.
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.locator("details").filter(has_text="Add articles").locator("summary").click()
        sidebar.locator("input[type='file']").first.set_input_files(sorted(upload_dir.iterdir()))
        add = sidebar.locator(".st-key-add-files button").first
        for _ in range(TIMEOUT_MS // 250):
            if add.is_visible() and add.is_enabled():
                break
            page.wait_for_timeout(250)
        add.click()
        page.get_by_text(re.compile(r"3 added")).first.wait_for(timeout=TIMEOUT_MS)

        # Their quotes are in the panel, their places on the map.
        after = corpus_tables(data_dir)
        assert len(after["articles"]) == len(before["articles"]) + 3
        for quote in NEW_QUOTES:
            find_quote(page, quote)
        assert quote_counts(page)[1] >= total_before + len(NEW_QUOTES)
        new_ids = set(after["articles"]["article_id"]) - set(before["articles"]["article_id"])
        mentions = after["mentions"]
        named = set(mentions[mentions["article_id"].isin(new_ids)]["place_id"].dropna())
        summary = after["place_summary"]
        new_towns = summary[summary["place_id"].isin(named - set(before["places"]["place_id"]))]
        new_towns = new_towns[new_towns["kind"] == "settlement"].sort_values("name")
        assert len(new_towns) >= 3, new_towns
        place_markers(page, lambda m: set(new_towns["place_id"]) <= set(m), "the new articles' places")

        # Fix a place: move the first new town to where the analyst says it is.
        wrong = new_towns.iloc[0]
        lat, lon = round(float(wrong["lat"]) + 0.0512, 4), round(float(wrong["lon"]) - 0.0377, 4)
        page.get_by_role("tab", name="Corrections").click()
        page.locator(".st-key-mv-place input").first.click()
        page.keyboard.type(str(wrong["place_id"]))
        page.keyboard.press("Enter")
        chosen = page.locator(".st-key-mv-place input").first
        page.wait_for_function(
            "([el, id]) => el.value.includes(id)", arg=[chosen.element_handle(), wrong["place_id"]]
        )
        page.wait_for_timeout(500)  # the form below is redrawn for the chosen place
        page.get_by_label("Latitude").fill(f"{lat}")
        page.get_by_label("Longitude").fill(f"{lon}")
        page.get_by_role("button", name="Move place").click()
        page.get_by_text(f"{wrong['name']} → {lat}, {lon}").first.wait_for(timeout=TIMEOUT_MS)
        moved = place_markers(page, lambda m: m.get(wrong["place_id"]) == [lat, lon], "the moved place")
        page.context.close()

    # A new server process on the same folder: the articles, the correction and the places as left.
    with running_app(data_dir) as url:
        page = open_app(browser, url)
        for quote in NEW_QUOTES:
            find_quote(page, quote)
        again = place_markers(
            page, lambda m: set(new_towns["place_id"]) <= set(m), "the places after restart"
        )
        assert again == moved
        page.get_by_role("tab", name="Corrections").click()
        page.get_by_text(f"{wrong['name']} → {lat}, {lon}").first.wait_for(timeout=TIMEOUT_MS)
        for text in NEW_ARTICLES.values():
            find_quote(page, text.split("title: ", 1)[1].split("\n", 1)[0])  # the quote cards name it
        page.context.close()
        # The moved place, selected through a link, is marked as corrected.
        page = open_app(browser, f"{url}/?place={wrong['place_id']}")
        card = page.locator(".st-key-place-card")
        card.get_by_text("corrected by an analyst").wait_for(timeout=TIMEOUT_MS)
        assert str(wrong["name"]) in card.inner_text()
        assert f"{lat:.4f}, {lon:.4f}" in card.inner_text()
        page.context.close()
