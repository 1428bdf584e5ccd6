"""The derived control record (data/control) and its derivation helpers (scripts/derive_control.py)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from shapely.geometry import Polygon

from geo.control import ATTRIBUTION, ControlRecord, ControlRecordError, Snapshot, period_start_snapshot

ROOT = Path(__file__).resolve().parents[1]
BALAKLIIA = (49.46, 36.84)
KUPIANSK = (49.71, 37.62)
MELITOPOL = (46.85, 35.37)  # deep in occupied territory the whole period
KYIV = (50.45, 30.52)


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def record() -> ControlRecord:
    return ControlRecord.load()


@pytest.fixture(scope="module")
def derive():
    return _load_script("derive_control")


def test_manifest_loads_with_attribution_and_sorted_snapshots(record):
    assert record.attribution == ATTRIBUTION
    ids = [s.snapshot_id for s in record.snapshots]
    assert ids == sorted(ids) and len(ids) >= 50
    assert all(isinstance(s, Snapshot) and s.taken.tzinfo is not None for s in record.snapshots)
    assert ControlRecord.load() is record  # cached


def test_snapshot_lookup_by_day_and_instant(record):
    # a date means "published on or before the end of that day"
    assert record.snapshot_before(date(2022, 9, 8)).snapshot_id == "2022-09-08T21-37-56Z"
    assert record.snapshot_before("2022-09-08").snapshot_id == "2022-09-08T21-37-56Z"
    assert (
        record.snapshot_before(datetime(2022, 9, 8, 16, 0, tzinfo=UTC)).snapshot_id == "2022-09-08T15-47-56Z"
    )
    assert record.snapshot_after(date(2022, 9, 8)).snapshot_id == "2022-09-09T09-51-13Z"
    assert record.snapshot_before(date(2022, 4, 1)) is None
    assert record.snapshot_after(date(2025, 8, 4)) is None
    assert period_start_snapshot(record, date(2022, 9, 1)).snapshot_id == "2022-08-31T20-44-47Z"
    assert period_start_snapshot(record, date(2022, 3, 1)) == record.snapshots[0]
    day = record.snapshots_between(date(2022, 9, 8), date(2022, 9, 8))
    assert [s.snapshot_id[11:13] for s in day] == ["14", "15", "16", "21"]


def test_occupied_area_falls_from_125k_to_116k(record):
    sep5 = record.snapshot_before(date(2022, 9, 5))
    sep12 = record.snapshot_before(date(2022, 9, 12))
    assert record.occupied_km2(sep5.snapshot_id) == pytest.approx(125_000, rel=0.03)
    assert record.occupied_km2(sep12.snapshot_id) == pytest.approx(116_000, rel=0.03)
    lost, start, end = record.area_change_km2(date(2022, 9, 5), date(2022, 9, 12))
    assert (start, end) == (sep5, sep12)
    assert 7_000 < lost < 11_000


def test_status_at_known_points(record):
    assert record.status_at(*MELITOPOL, date(2022, 9, 8)) == "occupied"
    assert record.status_at(*KYIV, date(2022, 9, 8)) == "free"
    assert record.status_at(*BALAKLIIA, date(2022, 9, 1)) == "occupied"
    assert record.status_at(*BALAKLIIA, date(2022, 9, 12)) == "free"
    assert record.status_at(*KUPIANSK, "2022-09-10T13-51-15Z") == "contested"
    with pytest.raises(ControlRecordError):
        record.status_at(*KYIV, date(2022, 3, 1))


def test_distance_to_front_is_positive_and_plausible(record):
    far = record.distance_to_front_km(*KYIV, date(2022, 9, 8))
    assert 300 < far < 600
    near = record.distance_to_front_km(*KUPIANSK, date(2022, 9, 2))
    assert 30 < near < 70
    assert record.distance_to_front_km(*KUPIANSK, date(2022, 9, 10)) < near


def test_front_line_is_not_the_border_or_coast(record):
    sid = record.snapshot_before(date(2022, 9, 8)).snapshot_id
    front = record.front_line(sid)
    assert 800 < record.entry(sid)["front_line_km"] < 2500
    lon0, lat0, lon1, lat1 = front.bounds
    assert lat0 > 46.0  # nothing along the Crimean or Azov coast
    assert lon1 < 38.5  # nothing along the Russian border of Luhansk oblast


def test_geojson_layers_and_directions(record):
    sid = record.snapshots[-1].snapshot_id
    fc = record.geojson(sid)
    statuses = {f["properties"]["status"] for f in fc["features"]}
    assert statuses == {"occupied", "contested", "recaptured"}
    assert all(f["properties"]["snapshot"] == sid and f["properties"]["label"] for f in fc["features"])
    with_front = record.geojson(sid, include_front=True, include_directions=True)
    assert {"front_line", "direction"} <= {f["properties"]["status"] for f in with_front["features"]}
    dirs = record.directions(sid)
    assert dirs and all({"lat", "lon", "name"} <= d.keys() for d in dirs)
    assert set(record.areas(sid)) == {"occupied", "contested", "recaptured"}
    parts = record.occupied_parts(sid)
    assert parts["crimea"].area > 2 and parts["cadr_calr"].area > 1


def test_advance_depth_of_the_kharkiv_offensive(record):
    depth, point, start, end = record.advance_depth_km(date(2022, 9, 5), date(2022, 9, 12))
    assert 40 < depth < 120
    assert 49.0 < point[0] < 50.5 and 36.0 < point[1] < 38.5
    none, _, _, _ = record.advance_depth_km(date(2022, 9, 5), date(2022, 9, 12), gained_by="russia")
    assert none < depth / 4


def test_missing_or_corrupt_record_raises_clear_error(tmp_path):
    with pytest.raises(ControlRecordError, match="not found"):
        ControlRecord.load(tmp_path / "nowhere")
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ControlRecordError, match="corrupt"):
        ControlRecord.load(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"snapshots": []}), encoding="utf-8")
    with pytest.raises(ControlRecordError):
        ControlRecord.load(tmp_path)


def test_missing_snapshot_file_raises_on_use(tmp_path):
    src = ROOT / "geo" / "data" / "control"
    shutil.copy(src / "manifest.json", tmp_path / "manifest.json")
    record = ControlRecord.load(tmp_path)  # manifest only: loading works, geometry does not
    assert record.snapshots
    with pytest.raises(ControlRecordError, match="cannot read"):
        record.areas(record.snapshots[0].snapshot_id)


# --- derivation helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Окуповано /// Occupied\n", "occupied"),
        ("ОРДЛО /// CADR and CALR\n", "cadr_calr"),
        ("Окупований Крим /// Occupied Crimea", "crimea"),
        ("Під питанням /// Contensed\n", "contested"),
        ("Під питанням\xa0/// Contensed", "contested"),
        ("Статус невідомий /// Unknown status\n", "contested"),
        ("Ситуація невідома /// Situation is unknown", "contested"),
        ("Звільнено 04.09\xa0/// Recaptured 04.09", "recaptured"),
        ("Звільнено /// Taken back", "recaptured"),
        ("Звільнено/// Liberated", "recaptured"),
        ("Звільнен\ufffd\ufffd /// Liberated\n", "recaptured"),
        ("Н\ufffd\ufffdпрямок удару /// Direction of attack\n", "direction"),
        ("Напрям\ufffd\ufffdк удару /// Direct\ufffd\ufffdn of attack", "direction"),
        ("Напрямок втечі /// Direction of escapement", "direction_retreat"),
        ("Острів Тузла /// Occupied Tuzla Island", "other"),
        ("Придністров'я ///\xa0Transnistria", "other"),
        ("42-мотострілецька дивізія ///\xa042nd Motorized Rifle Division", None),
        ("Київ///Kyiv", None),
        ("", None),
        (None, None),
    ],
)
def test_classify_name_handles_odd_spellings(derive, name, category):
    assert derive.classify_name(name) == category


def test_recapture_dates(derive):
    taken = datetime(2022, 9, 12, tzinfo=UTC)
    assert derive.recapture_date_text("Звільнено 04.09\xa0/// Recaptured 04.09") == "04.09"
    assert derive.recapture_date_text("Звільнено\xa016.03-17.03 /// Liberated 16.03-17.03") == "16.03-17.03"
    assert derive.recapture_date_text("Звільнено /// Taken back") == ""
    assert derive.recapture_iso("04.09", taken) == "2022-09-04"
    assert derive.recapture_iso("27-31.03", taken) == "2022-03-31"
    assert derive.recapture_iso("25.12", taken) == "2021-12-25"  # later in the year than the snapshot


def test_repair_bow_tie_polygon(derive):
    bow_tie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    assert not bow_tie.is_valid
    fixed = derive.repair(bow_tie)
    assert fixed.is_valid and fixed.geom_type in ("Polygon", "MultiPolygon")
    assert fixed.area == pytest.approx(0.5)


def test_parse_snapshot_counts_and_unclassified(derive):
    collection = {
        "features": [
            {
                "properties": {"name": "Окуповано /// Occupied\n"},
                "geometry": {"type": "Polygon", "coordinates": [[[36, 49], [37, 49], [37, 50], [36, 49]]]},
            },
            {
                "properties": {"name": "Something new /// Brand new area"},
                "geometry": {"type": "Polygon", "coordinates": [[[30, 49], [31, 49], [31, 50], [30, 49]]]},
            },
            {
                "properties": {"name": "Напрямок удару /// Direction of attack\n"},
                "geometry": {"type": "Point", "coordinates": [36.5, 49.5, 0]},
            },
            {
                "properties": {"name": "Київ///Kyiv"},
                "geometry": {"type": "Point", "coordinates": [30.5, 50.4]},
            },
        ]
    }
    parsed = derive.parse_snapshot(collection)
    assert parsed.counts["occupied"] == 1 and parsed.counts["direction"] == 1 and parsed.counts["label"] == 1
    assert parsed.unclassified == {"something new /// brand new area": 1}
    assert parsed.directions[0]["lat"] == 49.5


def test_geodesic_area_of_a_one_degree_cell(derive):
    cell = Polygon([(36, 49), (37, 49), (37, 50), (36, 50)])
    # 1° × 1° at 49–50°N ≈ 111.2 km × 72.2 km
    assert derive.geodesic_km2(cell) == pytest.approx(8_030, rel=0.01)


def test_manifest_areas_match_stored_geometry(derive, record):
    from shapely.ops import unary_union

    for snap in (record.snapshots[0], record.snapshot_before(date(2022, 9, 12))):
        parts = record.occupied_parts(snap.snapshot_id)
        stored = derive.geodesic_km2(unary_union(list(parts.values())))
        assert stored == pytest.approx(snap.occupied_km2, rel=0.01)


# --- the whole record: April 2022 - August 2025 ---------------------------------------------------

# Orientation figures of ../shared/README.md: union of occupied areas of Ukraine, Crimea and ORDLO included.
README_OCCUPIED_KM2 = {
    date(2022, 4, 3): 106_800,
    date(2022, 9, 5): 125_000,
    date(2022, 11, 13): 108_600,
    date(2024, 1, 1): 108_560,
    date(2025, 8, 3): 114_300,
}


def test_record_spans_april_2022_to_august_2025(record):
    assert record.date_range() == (date(2022, 4, 3), date(2025, 8, 3))
    assert record.coverage_text() == "the record covers 3 Apr 2022 - 3 Aug 2025"
    assert len(record.snapshots) >= 250
    assert record.snapshot_at(date(2025, 8, 4)) is None  # never the last snapshot for a later date
    assert record.snapshot_at(date(2022, 4, 2)) is None
    assert record.snapshot_at(date(2024, 2, 20)).taken.date() <= date(2024, 2, 20)


@pytest.mark.parametrize(("day", "expected"), sorted(README_OCCUPIED_KM2.items()))
def test_area_series_matches_the_readme_orientation_figures(day, expected):
    manifest = json.loads((ROOT / "geo" / "data" / "control" / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["snapshots"] if e["taken"][:10] <= day.isoformat()]
    entry = max(entries, key=lambda e: e["id"])
    assert (day - date.fromisoformat(entry["taken"][:10])).days <= 7
    areas = entry["areas_km2"]
    assert entry["occupied_km2"] == pytest.approx(expected, rel=0.01)
    total = areas["occupied_since_2022"] + areas["occupied_since_2014"]
    assert total == pytest.approx(entry["occupied_km2"], rel=0.002)  # disjoint parts


def test_since_2014_is_kept_apart_and_stable(record):
    from geo.control_series import area_series

    series = area_series(record)
    assert len(series) == len(record.snapshots)
    since_2014 = [p.occupied_since_2014_km2 for p in series]
    assert min(since_2014) > 42_000 and max(since_2014) < 45_500  # Crimea ≈ 27k + CADR/CALR ≈ 17k
    assert all(p.liberated_km2 > 10_000 and p.contested_km2 >= 0 for p in series)
    # the Kharkiv and Kherson counteroffensives shrink the since-2022 occupation by more than 15,000 km²
    by_day = {p.date: p for p in series}
    assert (
        by_day[date(2022, 9, 5)].occupied_since_2022_km2 - by_day[date(2022, 11, 13)].occupied_since_2022_km2
        > 15_000
    )


def test_foreign_layers_never_count(record):
    for snap in record.snapshots[::25]:
        entry = record.entry(snap.snapshot_id)
        assert entry["occupied_km2"] < 130_000  # Karelia alone is 170,000 km²
    later = record.entry(record.snapshot_before(date(2024, 6, 1)).snapshot_id)
    assert later["counts"].get("foreign", 0) >= 8
    x0, y0, x1, y1 = record.occupied_parts(later["id"])["occupied"].bounds
    assert x0 > 30 and x1 < 41 and y0 > 44 and y1 < 53


def test_record_budget_on_disk():
    folder = ROOT / "geo" / "data" / "control"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size <= 40_000_000


def test_change_between_two_dates_per_side(record):
    from geo.control_series import change_between

    kharkiv = change_between(record, date(2022, 9, 5), date(2022, 9, 12))
    assert kharkiv.ukraine_km2 > 5_000 and kharkiv.russia_km2 < kharkiv.ukraine_km2 / 10
    assert kharkiv.net_occupied_change_km2 < -5_000
    biggest = max(
        getattr(kharkiv.gained_by_ukraine, "geoms", [kharkiv.gained_by_ukraine]), key=lambda g: g.area
    )
    assert 48.5 < biggest.centroid.y < 50.5 and 36 < biggest.centroid.x < 38.5  # lon/lat, Kharkiv oblast
    avdiivka = change_between(record, date(2024, 2, 1), date(2024, 2, 25))
    assert avdiivka.russia_km2 > avdiivka.ukraine_km2
    assert change_between(record, date(2024, 2, 25), date(2024, 2, 1)).to_json() == avdiivka.to_json()


def test_area_csv_export(record, tmp_path):
    from geo.control_series import SERIES_COLUMNS, write_area_csv

    out = tmp_path / "areas.csv"
    text = write_area_csv(record, out)
    lines = text.splitlines()
    assert lines[0] == ",".join(SERIES_COLUMNS)
    assert len(lines) == len(record.snapshots) + 1
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert lines[1].startswith("2022-04-03,2022-04-03T16-59-26Z,")


@pytest.mark.parametrize(
    ("name", "fill", "category"),
    [
        ("geoJSON.status.dismissed", None, "recaptured"),
        ("Звільнено /// Liberated /// geoJSON.status.dismissed_at {{at:25.03}}", "#0f9d58", "recaptured"),
        ("geoJSON.status.unknown", "#bcaaa4", "contested"),
        ("geoJSON.status.occupied", "#a52714", "occupied"),
        ("Окупований Крим /// Occupied Crimea /// geoJSON.territories.crimea", "#880e4f", "crimea"),
        ("ОРДЛО /// CADR and CALR /// geoJSON.territories.ordlo", "#880e4f", "cadr_calr"),
        ("geoJSON.territories.karelia", "#ff5252", "foreign"),
        ("Окуповані південні курильські острови. /// Occupied Southern Kuril Islands.", None, "foreign"),
        ("Some newly occupied region far away", "#ff5252", "foreign"),
        ("Крим", "#000000", "crimea"),
        ("24.03", "#0f9d58", "recaptured"),
        ("Багатокутник 47", "#0288d1", "recaptured"),
        ("Рубіжне. Території зайняті ворогом", "#a52714", "occupied"),
        ("Київ", None, None),
    ],
)
def test_classify_keys_names_and_fills(name, fill, category):
    from geo.control_names import classify_name

    assert classify_name(name, fill) == category


def test_derive_rejects_a_collection_without_control_areas():
    from geo.control_derive import Context, DeriveError, derive_snapshot

    labels_only = {
        "type": "FeatureCollection",
        "features": [
            {"properties": {"name": "Київ"}, "geometry": {"type": "Point", "coordinates": [30.5, 50.4]}}
        ],
    }
    with pytest.raises(DeriveError, match="no DeepStateMap occupied-area polygon"):
        derive_snapshot(labels_only, "2025-09-07T20-00-00Z", Context.load())
