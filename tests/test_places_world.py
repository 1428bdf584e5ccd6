"""The world's places: admin-1 regions, continents, water bodies, countries at GeoNames points, theatre
countries, demonyms on request, and common words inside longer names. Fresh wording, not benchmark text."""

import pytest

from geo.evaluate import distance_km
from geo.gazetteer import Gazetteer
from geo.ingest import article_from_text
from geo.places import find_places


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def found(gaz, text, **kw):
    mentions = find_places(article_from_text(text, "w"), gaz, **kw)
    return {m.surface: m for m in mentions}


def point(gaz, mention):
    assert mention.place_id is not None, mention
    return gaz.get(mention.place_id)


def test_us_states_are_regions_not_towns_abroad(gaz):
    by = found(gaz, "Storms closed schools across Nebraska and Kansas, while Arizona stayed dry.")
    for name, lat, lon in (("Nebraska", 41.5, -99.8), ("Kansas", 38.5, -98.4), ("Arizona", 34.3, -111.7)):
        p = point(gaz, by[name])
        assert p.kind == "region" and p.country_code == "US", p
        assert distance_km(p.lat, p.lon, lat, lon) < 300, p


def test_admin1_of_other_countries(gaz):
    # Natural Earth's label points carry local names ("Bayern"); English exonyms are not there yet
    by = find_places(article_from_text("Floods hit Bayern and Cantabria; Punjab braced for more.", "w"), gaz)
    kinds = {m.surface: point(gaz, m) for m in by}
    assert kinds["Bayern"].country_code == "DE" and kinds["Cantabria"].country_code == "ES"
    assert kinds["Punjab"].kind == "region"


def test_a_region_named_like_its_big_city_needs_a_designator(gaz):
    by = found(gaz, "Commuters in Washington waited for the trains.")
    assert point(gaz, by["Washington"]).kind == "settlement"


def test_continents_and_oceans(gaz):
    by = found(gaz, "Cargo ships crossing the Atlantic from Africa to Europe avoided the storm.")
    africa, atlantic = point(gaz, by["Africa"]), point(gaz, by["Atlantic"])
    assert africa.kind == "other" and distance_km(africa.lat, africa.lon, 7.2, 21.1) < 50
    assert atlantic.kind == "other" and atlantic.source.startswith("derived_world")


def test_macro_region_from_member_countries(gaz):
    by = found(gaz, "Drought spread across the Sahel and the Horn of Africa this year.")
    sahel, horn = point(gaz, by["Sahel"]), point(gaz, by["Horn of Africa"])
    assert 8 < sahel.lat < 20 and 5 < horn.lat < 15 and horn.lon > 38


def test_countries_at_geonames_points(gaz):
    by = found(gaz, "Exports from China to Russia grew.")
    assert (point(gaz, by["China"]).lat, point(gaz, by["China"]).lon) == (35.0, 105.0)
    assert (point(gaz, by["Russia"]).lat, point(gaz, by["Russia"]).lon) == (60.0, 100.0)


def test_holy_see_is_the_vatican_not_a_town(gaz):
    by = found(gaz, "Envoys of the Holy See met negotiators in Geneva.")
    assert point(gaz, by["Holy See"]).country_code == "VA"


def test_common_word_inside_a_longer_name_is_no_place(gaz):
    by = found(gaz, "Researchers at Denver Metropolitan University and reporters of the Lagos Herald met "
                    "on Fourth Avenue.")
    assert not {"University", "Herald", "Avenue", "Fourth"} & set(by)
    assert "Lagos" in by


def test_theatre_countries_are_evidence(gaz):
    text = "Shelling was reported near Mayaky and Nerubaiske overnight."
    plain = found(gaz, text)
    theatre = found(gaz, text, theatre=("UA",))
    assert all(m.place_id is None or point(gaz, m).country_code == "UA" for m in theatre.values())
    assert sum(m.confidence for m in theatre.values()) >= sum(m.confidence for m in plain.values())


def test_no_built_in_preference_for_ukraine(gaz):
    by = found(gaz, "Fans in London and Manchester celebrated the win.")
    assert point(gaz, by["London"]).country_code == "GB"


def test_demonyms_only_on_request(gaz):
    text = "Canadian and Brazilian officials met European diplomats."
    assert not found(gaz, text)
    by = found(gaz, text, demonyms=True)
    assert point(gaz, by["Canadian"]).country_code == "CA"
    assert point(gaz, by["Brazilian"]).country_code == "BR"
    assert point(gaz, by["European"]).name == "Europe"


def test_rows_keep_their_source(gaz):
    for name in ("Nebraska", "Sahel", "Atlantic Ocean"):
        p = gaz.lookup(name)[0]
        assert p.source and p.source != "geonames", p
    osm = [p for p in gaz.lookup("Hrakove") if p.place_id.startswith("osm:")]
    assert osm and "© OpenStreetMap contributors" in osm[0].source


def test_district_of_a_city_resolves_inside_that_city(gaz):
    by = found(gaz, "Rockets hit the Obolon district of Kyiv, and the Saltivka neighbourhood of Kharkiv.")
    for part, city in (("Obolon district", "Kyiv"), ("Saltivka", "Kharkiv")):
        p, c = point(gaz, by[part]), point(gaz, by[city])
        assert distance_km(p.lat, p.lon, c.lat, c.lon) < 25


def test_district_named_like_a_place_abroad_is_never_that_place(gaz):
    assert any(p.country_code == "FR" for p in gaz.lookup("Lyon"))
    by = found(gaz, "Families fled the Lyon quarter of Kharkiv after the strike.")
    assert by["Lyon"].place_id is None
    assert by["Kharkiv"].place_id is not None


def test_abbreviated_saint_and_fort_are_part_of_the_name(gaz):
    by = found(gaz, "The convoy left Ft. Worth for St. Louis, Missouri.")
    assert point(gaz, by["St. Louis"]).country_code == "US"
    assert point(gaz, by["Ft. Worth"]).country_code == "US"


def test_dotted_state_abbreviations(gaz):
    by = found(gaz, "The plant moved from Albuquerque, N.M., to Raleigh, N.C., last spring.")
    assert point(gaz, by["N.M."]).kind == "region" and point(gaz, by["N.C."]).country_code == "US"
