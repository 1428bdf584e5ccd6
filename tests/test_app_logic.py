"""Pure helpers behind the dashboard: escaping, map focus, PNG screen size, extraction cache layout."""

from __future__ import annotations

import pandas as pd

from geo.app.corpus import extraction_from_json, extraction_to_json
from geo.app.exports import DEFAULT_HEIGHT, DEFAULT_WIDTH, screen_size
from geo.app.focus import fit_points, reporting_focus
from geo.app.text import badge, md_escape, value_text
from geo.extract.pipeline import ArticleExtraction
from geo.records import Article, CandidateRef, Claim, Mention, Place, Quote, Verification


def test_md_escape_neutralises_html_markdown_and_directives() -> None:
    hostile = "<script>alert(1)</script> **bold** [x](http://e.vil) :red[red] $x$ `code`"
    escaped = md_escape(hostile)
    for raw in ("<script>", "**", "](", ":red[", "$x$", "`code`"):
        assert raw not in escaped
    assert escaped.replace("\\", "") == hostile


def test_md_escape_flattens_lines_and_handles_missing() -> None:
    assert md_escape("a\n\n# b") == "a \\# b"
    assert md_escape(None) == "" and md_escape(float("nan")) == ""


def test_badge_label_cannot_close_the_directive() -> None:
    assert badge("x] :blue[y", "red") == ":red-badge[x\\] \\:blue\\[y]"


def test_value_text() -> None:
    assert value_text(700, 700, "km2") == "700 km2"
    assert value_text(50, 60, "km") == "50–60 km"
    assert value_text(None, 12, "km") == "12 km"
    assert value_text(None, None, "") == ""


def test_fit_points_single_and_spread() -> None:
    center, zoom = fit_points([(49.2, 37.3)])
    assert center == (49.2, 37.3) and zoom == 11
    _, wide = fit_points([(49.2, 37.3), (46.6, 32.6)])
    _, close = fit_points([(49.2, 37.3), (49.4, 37.6)])
    assert wide < close


def _summary(rows: list[tuple[str, str, float, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["place_id", "kind", "lat", "lon", "literal_mentions"])


def test_reporting_focus_ignores_a_lone_far_mention_and_countries() -> None:
    summary = _summary(
        [
            ("a", "settlement", 49.45, 36.85, 6),
            ("b", "settlement", 49.21, 37.25, 4),
            ("c", "settlement", 49.71, 37.61, 3),
            ("far", "settlement", 50.45, 30.52, 1),
            ("country", "country", 49.0, 31.0, 5),
        ]
    )
    (lat, lon), zoom = reporting_focus(summary)
    assert 49.1 < lat < 49.8 and 36.7 < lon < 37.7
    assert zoom >= 7


def test_reporting_focus_without_places() -> None:
    assert reporting_focus(_summary([])) is None
    only_countries = _summary([("c", "country", 49.0, 31.0, 2)])
    assert reporting_focus(only_countries) is not None


def test_screen_size_from_reported_bounds() -> None:
    bounds = {"_southWest": {"lat": 48.0, "lng": 35.0}, "_northEast": {"lat": 50.0, "lng": 39.0}}
    width, height = screen_size(bounds, 8)
    assert width == round(4 / 360 * 256 * 2**8)
    assert 300 < height < 600
    assert screen_size(None, None) == (DEFAULT_WIDTH, DEFAULT_HEIGHT)
    assert screen_size(bounds, 20) == (DEFAULT_WIDTH, DEFAULT_HEIGHT)  # absurd size → default


def test_extraction_json_round_trip() -> None:
    article = Article("a1", "T", "2022-09-08", "news", "Izyum fell, he said.", content_hash="h")
    part = ArticleExtraction(
        article=article,
        mentions=(
            Mention("a1", 0, 5, "Izyum", "gn:1", False, 0.9,
                    (CandidateRef("gn:2", "Izium", "UA", 49.2, 37.2, 0.4),), 0),
        ),
        places=(Place("gn:1", "Izyum", "settlement", "UA", 49.21, 37.25, "geonames", 0.9, "Kharkiv", 45000),),
        quotes=(Quote("q1", "a1", "Izyum fell", "he", "", "ukraine", "2022-09-08", ("gn:1",), 0, 10),),
        claims=(
            Claim("c1", "a1", "he", "ukraine", "2022-09-08", "settlement_control", None, None, "", ("gn:1",),
                  "ukraine", "Izyum fell, he said.", "q1",
                  Verification("consistent", 1.5, "km", ("s1",), "n"), 0, 20),
        ),
    )  # fmt: skip
    assert extraction_from_json(article, extraction_to_json(part)) == part


def test_cached_map_pieces_equal_what_st_folium_sends(monkeypatch) -> None:
    """The cached base map and layers reach the component exactly as st_folium would send them."""
    import folium
    import streamlit_folium as sf

    from geo.app import foliummap

    def base() -> folium.Map:
        m = folium.Map(location=[49.2, 37.3], zoom_start=8, tiles=None)
        folium.GeoJson({"type": "FeatureCollection", "features": []}, name="outline").add_to(m)
        return m

    def group(name: str, lat: float) -> folium.FeatureGroup:
        g = folium.FeatureGroup(name=name)
        folium.CircleMarker([lat, 37.0], radius=5, tooltip=f"{name} [gn:{int(lat)}]").add_to(g)
        return g

    sent: dict[str, dict] = {}
    monkeypatch.setattr(sf, "_component_func", lambda **kw: sent.setdefault("call", kw))
    sf.st_folium(
        base(),
        key="map",
        height=500,
        use_container_width=True,
        feature_group_to_add=[group("a", 49.0), group("b", 50.0)],
        returned_objects=["zoom"],
    )
    expected = sent.pop("call")
    prepared = foliummap.prepare_base(base())
    layers = [foliummap.prepare_layer(group("a", 49.0), 0), foliummap.prepare_layer(group("b", 50.0), 1)]
    foliummap.show_map(prepared, layers, key="map", height=500, returned_objects=["zoom"])
    got = sent.pop("call")
    for name in (
        "script",
        "header",
        "html",
        "key",
        "feature_group",
        "css_links",
        "js_links",
        "default",
        "height",
    ):
        assert got[name] == expected[name], name
    assert got["width"] is None and expected["width"] is None


def test_claim_line_marks_only_corrected_claims() -> None:
    from geo.app.panels import claim_line

    claim = {
        "claimant": "Ann",
        "affiliation": "russia",
        "date": "2022-09-08",
        "kind": "settlement_control",
        "holder": "russia",
        "place_ids": ("p1",),
        "verification": {"verdict": "not supported"},
    }
    assert "corrected" not in claim_line({**claim, "corrected": False}, {"p1": "Town"})
    assert "corrected" not in claim_line({**claim, "corrected": float("nan")}, {"p1": "Town"})
    line = claim_line({**claim, "corrected": True, "analyst_note": "<b>check</b>"}, {"p1": "Town"})
    assert ":orange-badge[corrected]" in line and "\\<b\\>check" in line
    assert ":red-badge[not supported]" in line


def test_map_scripts_are_bundled_in_order(tmp_path, monkeypatch) -> None:
    from geo.app.bundle import bundled
    from geo.mapping.assets import STREAMLIT_PREFIX

    monkeypatch.setenv("FRONTLINE_VENDOR_DIR", str(tmp_path))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.js").write_text("var one = 1 // no newline at the end")
    (tmp_path / "two.js").write_text("var two = one + 1;\n")
    links = [STREAMLIT_PREFIX + "a/one.js", STREAMLIT_PREFIX + "two.js"]
    (url,) = bundled(links)
    assert url.startswith(STREAMLIT_PREFIX + "_bundles/") and url.endswith(".js")
    body = (tmp_path / url[len(STREAMLIT_PREFIX) :]).read_text()
    assert body.index("var one = 1") < body.index("var two = one + 1")
    assert "// no newline at the end\n" in body  # the comment cannot swallow the next file
    assert bundled(links) == [url]  # made once
    missing = [STREAMLIT_PREFIX + "two.js", STREAMLIT_PREFIX + "gone.js"]
    assert bundled(missing) == missing
    remote = ["https://cdn.example/leaflet.js", STREAMLIT_PREFIX + "two.js"]
    assert bundled(remote) == remote
