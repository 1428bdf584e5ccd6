"""The compact gazetteer index: content, look-ups, stable ids, cache keyed by inputs."""

import pytest

from geo.gazetteer import Gazetteer
from geo.gazetteer.build import index_dir, input_hash


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_size_and_sources(gaz):
    assert len(gaz) > 230_000
    kharkiv = gaz.lookup("Kharkiv")[0]
    assert kharkiv.place_id == "gn:706483" and kharkiv.source == "geonames"
    assert kharkiv.admin1 == "Kharkiv Oblast"
    ramstein = gaz.lookup("Ramstein Air Base")[0]
    assert ramstein.kind == "facility" and ramstein.source.startswith("supplement: ")


def test_homonyms_are_all_returned(gaz):
    places = gaz.lookup("Balakliia")
    admin = {(p.name, p.admin1) for p in places}
    assert ("Balakliya", "Kharkiv Oblast") in admin and ("Balakliia", "Poltava Oblast") in admin
    assert len([p for p in gaz.lookup("Shevchenkove") if p.country_code == "UA"]) >= 6


def test_alternate_names_and_cyrillic(gaz):
    assert gaz.lookup("Kiev")[0].place_id == gaz.lookup("Kyiv")[0].place_id
    assert gaz.lookup("Kharkov")[0].place_id == "gn:706483"
    assert gaz.lookup("Харків")[0].place_id == "gn:706483"
    assert gaz.lookup("Donbass")[0].place_id == "sup:ua-donbas"


def test_supplement_and_countries(gaz):
    for name in ("Crimea", "Oskil", "Siverskyi Donets", "Kerch Bridge", "Snake Island", "Azovstal",
                 "Zaporizhzhia Nuclear Power Plant", "Antonivskyi Bridge", "Bayrak", "Kharkiv Oblast"):
        assert any(p.place_id.startswith("sup:") for p in gaz.lookup(name)), name
    us = gaz.lookup("US")[0]
    assert us.kind == "country" and us.country_code == "US"
    ua = gaz.lookup("Ukraine")[0]
    assert ua.kind == "country" and 44 < ua.lat < 53 and 22 < ua.lon < 41


def test_every_supplement_row_has_a_coordinate_source(gaz):
    import csv

    from geo.gazetteer.build import DATA_DIR

    with (DATA_DIR / "supplement.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 40
    ukrainian_oblasts = {r["admin1"] for r in rows if r["country_code"] == "UA" and r["kind"] == "region"}
    assert {f"{i:02d}" for i in range(1, 28) if i not in (12, 20)} <= ukrainian_oblasts
    for r in rows:
        assert r["coord_source"].strip(), r["place_id"]
        place = gaz.get(r["place_id"])
        assert place is not None and abs(place.lat - float(r["lat"])) < 1e-3


def test_get_round_trip_and_unknown(gaz):
    assert gaz.get("gn:712926").name == "Balakliya"
    assert gaz.get("gn:0") is None and gaz.get("nonsense") is None
    assert gaz.lookup("Qwxzvbnm") == []


def test_cache_key_follows_inputs(tmp_path, monkeypatch):
    first = input_hash()
    assert index_dir(tmp_path).name == f"gazetteer-{first}"
    monkeypatch.setattr("geo.gazetteer.build.BUILD_VERSION", "test-changed")
    assert input_hash() != first


def test_three_letter_names_whose_key_folds_shorter_are_indexed():
    from geo.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    assert any(p.country_code == "YE" for p in gaz.lookup("Ibb"))
