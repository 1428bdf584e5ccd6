"""The map library: layers from hand-built tables, escaping, offline assets, the base/groups split."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from geo.mapping import (
    LAYER_KEYS,
    LAYER_NAMES,
    MapView,
    assets_installed,
    build_base_map,
    build_feature_groups,
    build_map,
    cdn_references,
    parse_layers,
    place_id_from_tooltip,
)
from geo.mapping.assets import STREAMLIT_PREFIX, AssetError, local_url
from geo.mapping.places import drawn_places, radius
from geo.mapping.view import DEFAULT_LAYERS

HOSTILE = '<img src=x onerror="alert(1)">'
CDN_HOSTS = (
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "code.jquery.com",
    "unpkg.com",
    "netdna.bootstrapcdn",
    "leaflet.github.io",
    "d3js.org",
    "teastman.github.io",
)
ALL = frozenset(LAYER_KEYS)

needs_assets = pytest.mark.skipif(not assets_installed(), reason="run scripts/install_assets.sh")


def _place(place_id, name, lat, lon, literal, holder="", conflict=False, first="2022-09-08", **extra):
    row = dict(
        place_id=place_id,
        name=name,
        kind="settlement",
        country_code="UA",
        lat=lat,
        lon=lon,
        source="geonames",
        confidence=0.9,
        mention_count=literal + extra.pop("metonymic", 0),
        literal_mentions=literal,
        metonymic_mentions=0,
        article_ids=["a1"],
        quote_ids=[],
        claim_ids=[],
        first_date=first,
        last_date="2022-09-09",
        latest_holder=holder,
        holder_by_side={},
        conflict=conflict,
        conflict_note="",
    )
    row.update(extra)
    return row


def sample_tables() -> dict[str, pd.DataFrame]:
    """A small corpus shaped like the pipeline's tables (front around Izyum, Sep 2022)."""
    places = pd.DataFrame(
        [
            _place(
                "gn:706200",
                "Balakliia",
                49.4627,
                36.8592,
                4,
                "ukraine",
                True,
                quote_ids=["q1"],
                holder_by_side={"ukraine": "ukraine", "russia": "russia"},
                conflict_note="sides disagree",
            ),
            _place("gn:707292", "Izyum", 49.2128, 37.2569, 3),
            _place("gn:704422", "Kupyansk", 49.7107, 37.6158, 3, first="2022-09-09"),
            _place("gn:706483", "Kharkiv", 49.9935, 36.2304, 2),
            _place("sup:bayrak", HOSTILE, 49.51, 36.93, 1, "ukraine"),
            _place("gn:703448", "Kyiv", 50.4501, 30.5234, 0, metonymic=5, metonymic_mentions=5),
        ]
    )
    quotes = pd.DataFrame(
        [
            dict(
                quote_id="q1",
                article_id="a1",
                text="The city is under our control</script>",
                speaker="Vitaly <b>Gadchev</b>",
                role="head",
                affiliation="russia",
                date="2022-09-08",
                place_ids=["gn:706200"],
                start=0,
                end=10,
            )
        ]
    )
    claims = pd.DataFrame(
        [
            dict(
                claim_id="c1",
                article_id="a1",
                claimant="Vitaly Gadchev",
                affiliation="russia",
                date="2022-09-08",
                kind="settlement_control",
                value_min=None,
                value_max=None,
                unit="",
                place_ids=["gn:706200"],
                holder="russia",
                evidence="“The city is under our control,” he told <i>TV</i>.",
                quote_id="q1",
                verification={
                    "verdict": "not supported",
                    "measured": None,
                    "unit": "",
                    "snapshots": [],
                    "note": "",
                },
                start=0,
                end=10,
            ),
            dict(
                claim_id="c2",
                article_id="a2",
                claimant="a Ukrainian officer",
                affiliation="ukraine",
                date="2022-09-09",
                kind="settlement_control",
                value_min=None,
                value_max=None,
                unit="",
                place_ids=["gn:706200"],
                holder="ukraine",
                evidence="Soldiers raised a flag over Balakliia.",
                quote_id=None,
                verification={"verdict": "consistent", "snapshots": []},
                start=0,
                end=10,
            ),
            dict(
                claim_id="c3",
                article_id="a1",
                claimant="Oleksiy Gromov",
                affiliation="ukraine",
                date="2022-09-08",
                kind="area_gain",
                value_min=700.0,
                value_max=700.0,
                unit="km2",
                place_ids=["gn:706483"],
                holder="ukraine",
                evidence="over 700 square kilometers",
                quote_id=None,
                verification={
                    "verdict": "overstated",
                    "measured": 420.0,
                    "unit": "km2",
                    "snapshots": ["2022-09-05T21-01-07Z", "2022-09-08T21-37-56Z"],
                    "note": "",
                },
                start=0,
                end=10,
            ),
            dict(
                claim_id="c4",
                article_id="a2",
                claimant="Antony Blinken",
                affiliation="west",
                date="2022-09-09",
                kind="advance_distance",
                value_min=45.0,
                value_max=50.0,
                unit="km",
                place_ids=["gn:704422"],
                holder="ukraine",
                evidence="moving about 45 to 50 kilometers",
                quote_id=None,
                verification={
                    "verdict": "consistent",
                    "snapshots": ["2022-09-05T21-01-07Z", "2022-09-09T22-25-22Z"],
                },
                start=0,
                end=10,
            ),
        ]
    )
    return {
        "place_summary": places,
        "places": places,
        "quotes": quotes,
        "claims": claims,
        "mentions": pd.DataFrame(),
    }


@pytest.fixture(scope="module")
def record():
    from geo.control import ControlRecord, ControlRecordError

    try:
        return ControlRecord.load()
    except ControlRecordError:
        pytest.skip("no derived control record in data/control")


def _html(m) -> str:
    return m.get_root().render()


# --- view and small helpers ------------------------------------------------------------------------------


def test_parse_layers_accepts_keys_display_names_and_all():
    assert parse_layers("places, Control areas") == {"places", "control"}
    assert parse_layers("all") == ALL
    with pytest.raises(ValueError, match="unknown layer"):
        parse_layers("places,roads")


def test_mapview_rejects_unknown_tiles_and_asset_modes():
    with pytest.raises(ValueError):
        MapView(tiles="google")
    with pytest.raises(ValueError):
        MapView(assets="cdn")


def test_points_sit_above_the_heat_layer(record):
    """Leaflet.heat draws into the overlay pane; places and claim rings use a pane above it."""
    from geo.mapping.places import place_features
    from geo.mapping.style import POINTS_PANE

    t = sample_tables()
    assert {
        f["properties"]["style"]["pane"] for f in place_features(t["place_summary"], None, None)["features"]
    } == {POINTS_PANE}
    assert re.search(rf'createPane\(\s*"{POINTS_PANE}"\)', _html(build_base_map(MapView())))


def test_metonymic_only_places_are_not_drawn():
    drawn = drawn_places(sample_tables()["place_summary"])
    assert "gn:703448" not in set(drawn["place_id"])  # Kyiv: only "Kyiv launched …"
    assert "gn:706200" in set(drawn["place_id"])


def test_date_hides_places_first_mentioned_later():
    drawn = drawn_places(sample_tables()["place_summary"], "2022-09-08")
    assert "gn:704422" not in set(drawn["place_id"])


def test_marker_radius_grows_with_mentions_and_is_capped():
    assert radius(1) < radius(4) < radius(100) == 18.0


def test_place_id_from_tooltip_reads_the_bracketed_id():
    assert place_id_from_tooltip("Balakliia [gn:706200]\n4 mentions") == "gn:706200"
    assert place_id_from_tooltip("no id here") is None
    assert place_id_from_tooltip("Foo [gn:703656] [user:foo]\n1 mention") == "user:foo"
    assert place_id_from_tooltip(None) is None


# --- layers ----------------------------------------------------------------------------------------------


def test_feature_groups_have_the_fixed_layer_names_in_order(record):
    groups = build_feature_groups(sample_tables(), record, MapView(layers=ALL))
    assert [g.layer_name for g in groups] == [
        LAYER_NAMES[k] for k in ("control", "claims", "directions", "heat", "places")
    ]


def test_only_visible_layers_are_built():
    groups = build_feature_groups(sample_tables(), None, MapView(layers=frozenset({"places"})))
    assert [g.layer_name for g in groups] == ["Places"]


def test_place_features_carry_id_style_and_escaped_text():
    from geo.mapping.places import place_features

    t = sample_tables()
    fc = place_features(t["place_summary"], t["quotes"], None)
    by_id = {f["properties"]["place_id"]: f for f in fc["features"]}
    bal = by_id["gn:706200"]["properties"]
    assert "[gn:706200]" in bal["tip"]
    assert bal["style"]["dashArray"] and bal["style"]["color"] != "#222222"  # conflicting claims
    assert "&lt;/script&gt;" in bal["popup"] and "</script>" not in bal["popup"]
    assert "Vitaly &lt;b&gt;Gadchev&lt;/b&gt;" in bal["popup"]
    hostile = by_id["sup:bayrak"]["properties"]
    assert "<img" not in hostile["tip"] + hostile["popup"] + hostile["name"]


def test_hostile_article_text_never_reaches_the_page_unescaped(record):
    html = _html(build_map(sample_tables(), record, MapView(layers=ALL, assets="streamlit")))
    assert "<img src=x" not in html
    assert "<i>TV</i>" not in html and "<b>Gadchev" not in html
    assert "under our control</script>" not in html


def test_settlement_claims_show_both_sides_and_a_disputed_ring(record):
    from geo.mapping.claims import place_index, settlement_features, visible_claims

    t = sample_tables()
    features = settlement_features(visible_claims(t["claims"], None), place_index(t))
    assert len(features) == 1
    props = features[0]["properties"]
    assert "disputed" in props["tip"] and "[gn:706200]" in props["tip"]
    assert "<u>russia</u>" in props["popup"] and "<u>ukraine</u>" in props["popup"]
    assert features[0]["properties"]["style"].get("dashArray")


def test_claims_dated_after_the_view_date_are_hidden():
    from geo.mapping.claims import visible_claims

    ids = {c["claim_id"] for c in visible_claims(sample_tables()["claims"], "2022-09-08")}
    assert ids == {"c1", "c3"}


def test_area_claim_is_drawn_as_the_records_changed_area(record):
    from geo.mapping.claims import area_features, place_index, visible_claims

    t = sample_tables()
    features = area_features(visible_claims(t["claims"], None), record, place_index(t))
    assert len(features) == 1
    assert features[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert "record shows" in features[0]["properties"]["tip"]
    lon, lat = (
        features[0]["geometry"]["coordinates"][0][0][0]
        if features[0]["geometry"]["type"] == "MultiPolygon"
        else features[0]["geometry"]["coordinates"][0][0]
    )
    assert 30 < lon < 40 and 45 < lat < 52  # lon/lat, not the record's metres


def test_advance_claim_is_a_ring_from_the_line(record):
    from pyproj import Geod

    from geo.mapping.claims import advance_features, place_index, visible_claims

    t = sample_tables()
    ring, line = advance_features(visible_claims(t["claims"], None), record, place_index(t), None)
    (lon0, lat0), _ = line["geometry"]["coordinates"]
    lon1, lat1 = ring["geometry"]["coordinates"][10]
    assert abs(Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)[2] / 1000 - 50.0) < 0.5  # the claimed 50 km
    assert "Blinken" in ring["properties"]["tip"]


def test_every_geojson_layer_is_added_to_its_group(record):
    html = _html(build_map(sample_tables(), record, MapView(layers=ALL)))
    layers = set(re.findall(r"var (geo_json_\w+) = L\.geoJson\(", html))
    added = set(re.findall(r"(geo_json_\w+)\.addTo\(feature_group_\w+\)", html))
    assert layers and layers == added


def test_page_needs_no_jquery(record):
    """jQuery is dropped from the assets, so nothing on the page may call it (folium.Popup would)."""
    html = _html(build_map(sample_tables(), record, MapView(layers=ALL)))
    assert "$(" not in html and "$." not in html


def test_control_layer_uses_the_snapshot_of_the_view_date(record):
    from geo.mapping.control import control_features, select_snapshot

    snap = select_snapshot(record, "2022-09-09")
    assert snap.snapshot_id.startswith("2022-09-09")
    statuses = {f["properties"]["status"] for f in control_features(record, snap.snapshot_id)["features"]}
    assert statuses == {"occupied", "contested", "recaptured"}
    assert select_snapshot(record, "2000-01-01") is record.snapshots[0]
    assert select_snapshot(None, "2022-09-09") is None


def test_directions_layer_draws_the_records_arrowheads(record):
    from geo.mapping.directions import build_directions_layer

    group = build_directions_layer(record, MapView(date="2022-09-09"))
    assert (
        len(group._children) == len(record.directions(record.snapshot_before("2022-09-09").snapshot_id)) > 0
    )


def test_heat_uses_literal_mentions_only():
    from geo.mapping.heat import heat_points

    points = heat_points(sample_tables()["place_summary"], None)
    assert len(points) == 5 and max(p[2] for p in points) == 4.0


def test_layers_without_a_record_are_empty_not_errors():
    groups = build_feature_groups(sample_tables(), None, MapView(layers=ALL))
    by_name = {g.layer_name: g for g in groups}
    assert not by_name["Control areas"]._children and not by_name["Attack directions"]._children


# --- base map, assets, offline ---------------------------------------------------------------------------


def test_base_map_is_stable_when_data_and_layers_change():
    view = MapView(center=(49.4, 36.9), zoom=8)
    a = build_base_map(view)
    b = build_base_map(
        view.with_(date="2022-09-20", layers=frozenset({"places"}) | {"basemap"}, selected_place_id="gn:1")
    )
    strip = lambda h: re.sub(r"[0-9a-f]{32}", "", h)  # noqa: E731  (folium's random element ids)
    assert strip(_html(a)) == strip(_html(b))


def test_base_map_js_is_identical_across_reruns():
    """st_folium hashes the map's generated JS: two fresh builds must give the same string."""
    from streamlit_folium import generate_leaflet_string

    def js() -> str:
        m = build_base_map(MapView(center=(49.5, 36.9), zoom=8))
        m.render()
        return generate_leaflet_string(m)

    assert js() == js()


def test_streamlit_mode_points_every_asset_at_the_local_static_folder():
    html = _html(build_map(sample_tables(), None, MapView(layers=ALL, assets="streamlit")))
    links = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
    assert links and all(u.startswith(STREAMLIT_PREFIX) for u in links)
    assert not any(host in html for host in CDN_HOSTS)


def test_streamlit_folium_receives_local_links_only():
    m = build_base_map(MapView())
    links = [u for e in _walk(m) for _, u in getattr(e, "default_js", []) + getattr(e, "default_css", [])]
    assert any("leaflet-heat" in u for u in links)  # declared for a heat layer sent later
    assert all(u.startswith(STREAMLIT_PREFIX) for u in links)


def _walk(e):
    yield e
    for c in e._children.values():
        yield from _walk(c)


def test_unknown_cdn_asset_is_an_error_not_a_silent_cdn_link():
    with pytest.raises(AssetError):
        local_url("https://unpkg.com/some-plugin/plugin.js", "streamlit")


@needs_assets
def test_inline_mode_html_has_no_cdn_url_and_works_with_offline_basemap_only(record):
    from geo.exporting import standalone_html

    html = standalone_html(build_map(sample_tables(), record, MapView(layers=ALL, assets="inline")))
    assert cdn_references(html) == []
    assert not any(host in html for host in CDN_HOSTS)
    assert "<script src=" not in html and 'rel="stylesheet"' not in html
    assert "tile.openstreetmap" not in html  # offline tiles: nothing to fetch
    assert "L.Control.MiniMap" in html and "L.Control.Search" in html


def test_cdn_scan_finds_remote_scripts_and_styles():
    page = '<script src="https://cdn.example.org/x.js"></script><link rel="stylesheet" href="//h/y.css"/>'
    assert len(cdn_references(page)) == 2
    assert cdn_references('<a href="https://www.openstreetmap.org/copyright">OSM</a>') == []


def test_online_tiles_are_a_choice_and_absent_by_default():
    assert "tile.openstreetmap.org" in _html(build_base_map(MapView(tiles="osm")))
    assert "tile.openstreetmap.org" not in _html(build_base_map(MapView()))


def test_legend_lists_visible_layers_only_in_a_full_map():
    html = _html(build_map(sample_tables(), None, MapView(layers=frozenset({"places", "basemap"}))))
    body = json.loads(re.search(r"body\.innerHTML = (\".*?\");", html).group(1))
    assert "Places" in body and "Control areas" not in body


def test_legend_folds_behind_a_button_and_starts_folded_on_narrow_maps():
    html = _html(build_base_map(MapView()))
    assert "frontline-legend-toggle" in html and "'collapsed'" in html
    assert re.search(r"fold\(size\.x < 560 \|\| size\.y < 560 \* 0\.7\)", html)


def test_full_map_fits_the_drawn_places_when_no_view_is_given():
    from geo.mapping import fit_view

    center, zoom = fit_view(sample_tables(), MapView())
    assert 49 < center[0] < 50 and 36 < center[1] < 38 and 6 <= zoom <= 9


def test_default_layers_leave_the_heat_layer_off():
    assert "heat" not in DEFAULT_LAYERS and {"places", "control", "basemap"} <= DEFAULT_LAYERS


def test_many_places_cluster_at_low_zoom_with_local_assets():
    few = _html(build_map(sample_tables(), None, MapView(layers=frozenset({"places"}))))
    assert "markerClusterGroup" not in few
    many = build_map(sample_tables(), None, MapView(layers=frozenset({"places"}), cluster_above=2))
    html = _html(many)
    assert "markerClusterGroup" in html and '"disableClusteringAtZoom": 10' in html
    assert "/app/static/vendor/leaflet.markercluster/dist/leaflet.markercluster.js" in html
    assert not cdn_references(html)
