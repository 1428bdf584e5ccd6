"""``python -m geo record add``: analyst-added DeepStateMap exports merged with the packaged record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.control import ControlRecord
from geo.record_cli import RefusedError, add_files, snapshot_id_for
from geo.records import Claim, Place
from geo.verify import verify_claim

TAKEN = "2025-09-07T20-00-41Z"
POKROVSK = Place("gn:pok", "Pokrovsk", "settlement", "UA", 48.2823, 37.1758, "geonames")


def _square(lon: float, lat: float, size: float) -> list[list[list[float]]]:
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]


def export(path: Path) -> Path:
    """A small DeepStateMap-like export: an occupied block over Pokrovsk (keys only, as in 2025), Crimea,
    a contested strip, a far-away political layer and a label."""
    features = [
        ("geoJSON.status.occupied", "#a52714", _square(36.8, 47.6, 1.0)),
        (
            "Окупований Крим /// Occupied Crimea /// geoJSON.territories.crimea",
            "#880e4f",
            _square(33.0, 44.6, 1.0),
        ),
        ("geoJSON.status.unknown", "#bcaaa4", _square(36.6, 47.6, 0.2)),
        (
            "Тимчасово окупована територія Карелії /// geoJSON.territories.karelia",
            "#ff5252",
            _square(30, 61, 3),
        ),
    ]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": n, "fill": f},
                "geometry": {"type": "Polygon", "coordinates": c},
            }
            for n, f, c in features
        ]
        + [
            {
                "type": "Feature",
                "properties": {"name": "Київ /// Kyiv"},
                "geometry": {"type": "Point", "coordinates": [30.5, 50.4]},
            }
        ],
    }
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def _claim(day: str) -> Claim:
    return Claim(
        "c", "a", "someone", "russia", day, "settlement_control", None, None, "", ("gn:pok",), "russia", ""
    )


def test_snapshot_ids_from_file_names():
    assert snapshot_id_for(Path("2025-09-07T20-00-41Z.geojson")) == TAKEN
    assert snapshot_id_for(Path("1757275241.geojson")) == TAKEN
    assert snapshot_id_for(Path("deepstate 2025-09-07.geojson")) == "2025-09-07T12-00-00Z"
    assert snapshot_id_for(Path("x.geojson"), "2025-09-07 20:00:41") == TAKEN
    with pytest.raises(RefusedError, match="cannot tell when it was published"):
        snapshot_id_for(Path("map.geojson"))


def test_add_extends_the_record_and_verification_uses_it(tmp_path):
    user = tmp_path / "data" / "control"
    before = ControlRecord.load(user_dir=user)
    assert verify_claim(_claim("2025-09-07"), {"gn:pok": POKROVSK}, before).verdict == "not checkable"
    added, refused = add_files([export(tmp_path / f"{TAKEN}.geojson")], user)
    assert (added, refused) == ([TAKEN], [])
    record = ControlRecord.load(user_dir=user)
    assert record.last.snapshot_id == TAKEN and len(record.snapshots) == len(before.snapshots) + 1
    assert record.coverage_text().endswith("7 Sep 2025")
    entry = record.entry(TAKEN)
    assert entry["added"] and entry["counts"]["foreign"] == 1  # Karelia never counts
    assert 7_000 < entry["areas_km2"]["occupied_since_2022"] < 9_000  # a 1°×1° block at 47.6°N
    assert record.status_at(POKROVSK.lat, POKROVSK.lon, "2025-09-07") == "occupied"
    v = verify_claim(_claim("2025-09-07"), {"gn:pok": POKROVSK}, record)
    assert v.verdict == "consistent" and TAKEN in v.snapshots
    again, _ = add_files([tmp_path / f"{TAKEN}.geojson"], user)  # idempotent
    assert again == []


def test_bad_and_foreign_files_are_refused_and_change_nothing(tmp_path, capsys):
    data = tmp_path / "data"
    export(tmp_path / "good.geojson")
    main(["record", "add", str(export(tmp_path / f"{TAKEN}.geojson")), "--data-dir", str(data)])
    manifest = (data / "control" / "manifest.json").read_bytes()
    files = sorted(p.name for p in (data / "control" / "snapshots").iterdir())
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "2025-09-14T20-00-00Z.geojson").write_text("{not json", encoding="utf-8")
    (bad / "2025-09-15T20-00-00Z.geojson").write_text(json.dumps({"type": "Feature"}), encoding="utf-8")
    points = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Paris"},
                "geometry": {"type": "Point", "coordinates": [2.3, 48.9]},
            }
        ],
    }
    (bad / "2025-09-16T20-00-00Z.geojson").write_text(json.dumps(points), encoding="utf-8")
    capsys.readouterr()
    code = main(["record", "add", str(bad), str(tmp_path / "good.geojson"), "--data-dir", str(data)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 4 and all(": refused: " in line for line in err)
    assert "not JSON" in err[0] and "not a GeoJSON FeatureCollection" in err[1]
    assert "no DeepStateMap occupied-area polygon" in err[2] and "cannot tell when it was published" in err[3]
    assert (data / "control" / "manifest.json").read_bytes() == manifest
    assert sorted(p.name for p in (data / "control" / "snapshots").iterdir()) == files


def test_record_info_and_series(tmp_path, capsys):
    assert main(["record", "info", "--data-dir", str(tmp_path)]) == 0
    assert "the record covers 3 Apr 2022 - 3 Aug 2025" in capsys.readouterr().out
    out = tmp_path / "series.csv"
    assert main(["record", "series", "--csv", str(out), "--data-dir", str(tmp_path)]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith(
        "date,snapshot,occupied_km2,occupied_since_2022_km2"
    )
