"""The place stage end to end: recognition filters, homonyms, metonymy, and the gold files."""

from pathlib import Path

import pytest

from geo.evaluate import distance_km, evaluate
from geo.gazetteer import Gazetteer
from geo.ingest import article_from_text
from geo.places import find_places, places_for

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted((ROOT / "tests" / "gold").glob("*.places.json"))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def run(gaz, text):
    article = article_from_text(text, "t")
    mentions = find_places(article, gaz)
    return {m.surface: m for m in mentions}, mentions


def place_of(gaz, mention):
    assert mention.place_id is not None, mention
    return gaz.get(mention.place_id)


def test_balakliia_is_the_kharkiv_oblast_town(gaz):
    by, _ = run(gaz, "Ukrainian soldiers liberated the town of Balakliia in eastern Kharkiv province.")
    p = place_of(gaz, by["Balakliia"])
    assert distance_km(p.lat, p.lon, 49.46, 36.84) < 10
    assert by["Balakliia"].candidates and by["Balakliia"].candidates[0].place_id == "gn:712925"
    assert 0 < by["Balakliia"].confidence <= 1


def test_kherson_is_not_the_greek_village(gaz):
    by, _ = run(gaz, "Ukraine launched a counteroffensive around Kherson in the south.")
    assert place_of(gaz, by["Kherson"]).country_code == "UA"


def test_lyman_in_donetsk_context(gaz):
    by, _ = run(gaz, "Russian troops retreated from Izium and Sviatohirsk towards Lyman "
                     "in the Donetsk region.")
    p = place_of(gaz, by["Lyman"])
    assert distance_km(p.lat, p.lon, 48.99, 37.80) < 10


def test_lyman_near_balakliia_when_context_says_so(gaz):
    # the small Kharkiv-oblast Lyman lies west of Balakliia; context alone must pick it over the bigger town
    by, _ = run(gaz, "Fighting moved from Balakliia to Andriivka, Lyman and Zmiiv south of Kharkiv.")
    p = place_of(gaz, by["Lyman"])
    assert p.admin1 == "Kharkiv Oblast"


def test_shevchenkove_near_kupiansk(gaz):
    by, _ = run(gaz, "After Balakliia the brigade entered Shevchenkove on the road to Kupiansk.")
    p = place_of(gaz, by["Shevchenkove"])
    assert distance_km(p.lat, p.lon, 49.70, 37.17) < 10


def test_unknown_village_is_unresolved_not_wrong(gaz):
    assert not gaz.lookup("Zhuravokhivka")  # an invented name: the gazetteer must not have it
    by, _ = run(gaz, "Troops advanced from Chuhuiv and took the village of Zhuravokhivka near Balakliia.")
    assert "Zhuravokhivka" in by and by["Zhuravokhivka"].place_id is None
    # a village missing from cities500 comes from OpenStreetMap, inside the article's area
    by, _ = run(gaz, "Troops advanced from Chuhuiv and took the village of Hrakove near Balakliia.")
    p = place_of(gaz, by["Hrakove"])
    assert by["Hrakove"].place_id.startswith("osm:") and distance_km(p.lat, p.lon, 49.83, 36.69) < 40


def test_persons_media_and_organisations_are_not_places(gaz):
    text = ("US Defense Secretary Lloyd Austin said the aid would continue. \"We will win,\" Austin said. "
            "William Burns, director of the CIA, agreed. Russia's Ria Novosti news agency and NATO "
            "reported it, Antony Blinken wrote on Telegram. Both sides claimed gains. However, Reuters "
            "could not verify it.")
    by, mentions = run(gaz, text)
    surfaces = {m.surface for m in mentions}
    assert surfaces <= {"US", "Russia"}, surfaces
    assert place_of(gaz, by["Russia"]).kind == "country"


def test_possessive_cyrillic_and_renames(gaz):
    by, _ = run(gaz, "Russia’s troops left Харків region villages; Kiev and Kharkov welcomed the news.")
    assert place_of(gaz, by["Russia"]).country_code == "RU"
    assert by["Russia"].end - by["Russia"].start == len("Russia")
    assert place_of(gaz, by["Kiev"]).place_id == gaz.lookup("Kyiv")[0].place_id
    assert place_of(gaz, by["Kharkov"]).name == "Kharkiv"
    assert place_of(gaz, by["Харків region"]).place_id == "sup:ua-kharkiv-oblast"


def test_designators_pick_regions_and_rivers(gaz):
    by, _ = run(gaz, "Troops crossed the Oskil river and pushed into the Kherson direction and the "
                     "Kharkiv region.")
    assert place_of(gaz, by["Oskil river"]).kind == "river"
    assert place_of(gaz, by["Kherson direction"]).place_id == "sup:ua-kherson-oblast"
    assert place_of(gaz, by["Kharkiv region"]).place_id == "sup:ua-kharkiv-oblast"


def test_metonymy(gaz):
    text = ("Moscow focuses on the south. The attacks came as Kyiv launched its offensive. Blinken made a "
            "surprise visit to Kyiv. Washington has already provided Kyiv with aid, and Washington has "
            "approved military support for Kyiv. A woman walks past a building in Kharkiv.")
    _, mentions = run(gaz, text)
    flags = [(m.surface, m.metonymic) for m in mentions]
    assert flags == [("Moscow", True), ("Kyiv", True), ("Kyiv", False), ("Washington", True), ("Kyiv", True),
                     ("Washington", True), ("Kyiv", True), ("Kharkiv", False)]


def test_places_for_takes_max_confidence_and_is_deterministic(gaz):
    article = article_from_text("Kupiansk and Izium. Later Kupyansk again, and Izyum.", "t")
    first = find_places(article, gaz)
    assert first == find_places(article, gaz)
    places = places_for(first, gaz)
    assert len(places) == 2
    for p in places:
        assert p.confidence == max(m.confidence for m in first if m.place_id == p.place_id)


def test_offsets_slice_the_text(gaz):
    path = ROOT / "geo" / "data" / "articles" / "2022-09-09-kupyansk-outskirts.md"
    text = path.read_text(encoding="utf-8")
    article = article_from_text(text, "a")
    for m in find_places(article, gaz):
        assert article.text[m.start : m.end] == m.surface


@pytest.mark.parametrize("gold", GOLD, ids=[g.stem for g in GOLD])
def test_gold_files(gaz, gold):
    result = evaluate([gold], gaz)["total"]
    assert result["recall"] == 1.0, gold
    assert result["precision"] == 1.0, gold
    assert result["person_org_false_positives"] == 0
    assert result["resolution_accuracy"] == 1.0
    assert result["metonymy_accuracy"] >= 0.95


def test_state_agency_titles_and_datelines(gaz):
    text = ("KYIV, Ukraine (AP) — That Ukraine has the ability to advance is clear. Pentagon spokesman "
            "Brig. Gen. Pat Ryder said Kyiv can hold the line near Izyum-Balakleya.")
    by, mentions = run(gaz, text)
    assert by["KYIV"].place_id == gaz.lookup("Kyiv")[0].place_id
    assert by["Ukraine"].metonymic and by["Kyiv"].metonymic
    assert not {"Brig", "Gen", "Pat", "Ryder"} & {m.surface for m in mentions}
    assert {"Izyum", "Balakleya"} <= set(by)


def test_dotted_country_acronyms(gaz):
    by, _ = run(gaz, "Officials in the U.K. and the U.S. welcomed it; a retired U.S. Navy officer did not.")
    assert place_of(gaz, by["U.K."]).country_code == "GB"
    assert place_of(gaz, by["U.S."]).country_code == "US"
    _, mentions = run(gaz, "A retired U.S. Navy officer and a U.S. Embassy aide spoke.")
    assert mentions == []  # a state body, not the country as a place


def test_facility_phrases_after_a_place(gaz):
    text = ("Monks left the Pochaiv Lavra. The Kharkiv Combined Heat Plant and the Nova Kakhovka dam were "
            "hit, shells fell near the Enerhodar plant, and a rally took place on Moscow Street in Lviv.")
    by, mentions = run(gaz, text)
    surfaces = [m.surface for m in mentions]
    assert "Lavra" not in surfaces and "Moscow" not in surfaces and "Moscow Street" not in surfaces
    assert place_of(gaz, by["Pochaiv Lavra"]).name == "Pochayiv"  # no entry of its own: the town it is at
    assert place_of(gaz, by["Kharkiv Combined Heat Plant"]).name == "Kharkiv"
    assert place_of(gaz, by["Nova Kakhovka dam"]).place_id == "sup:fac-kakhovka-dam"
    assert place_of(gaz, by["Enerhodar plant"]).place_id == "sup:fac-znpp"
    assert place_of(gaz, by["Lviv"]).kind == "settlement"


def test_plural_designator_after_coordinated_names(gaz):
    by, _ = run(gaz, "Fighting continued in Kherson and Mykolaiv regions, near Kursk or Bryansk oblasts.")
    assert place_of(gaz, by["Kherson"]).place_id == "sup:ua-kherson-oblast"
    assert place_of(gaz, by["Mykolaiv regions"]).place_id == "sup:ua-mykolaiv-oblast"
    assert place_of(gaz, by["Kursk"]).place_id == "sup:ru-kursk-oblast"


def test_named_region_with_an_appositive_speaker(gaz):
    by, _ = run(gaz, "The governor of the Kursk Region, Roman Starovoit, said shells hit a farm.")
    assert place_of(gaz, by["Kursk Region"]).place_id == "sup:ru-kursk-oblast"


def test_appositive_settlement_noun_marks_an_unknown_name(gaz):
    by, _ = run(gaz, "Troops entered Kupiansk and Zzyxivka, a small hamlet south of Izium, on Monday. "
                     "Petrenko, a village elder, and Kovalenko, a town official, welcomed them.")
    assert "Zzyxivka" in by and by["Zzyxivka"].place_id is None
    assert "Petrenko" not in by and "Kovalenko" not in by


def test_metonymy_across_an_attribution_and_more_state_verbs(gaz):
    text = ("Minsk, he argued, had planned the move for months. Warsaw, she said, was calm that night. "
            "The U.K. saw Georgia making progress; Tbilisi was paying for it, and Moscow leaves ruins. "
            "Poland's nuclear operator said so, and Finland's supply lines held.")
    _, mentions = run(gaz, text)
    flags = {m.surface: m.metonymic for m in mentions}
    assert flags == {"Minsk": True, "Warsaw": False, "U.K.": True, "Georgia": True, "Tbilisi": True,
                     "Moscow": True, "Poland": True, "Finland": True}


def test_region_heading_with_coordinated_oblasts_sets_the_context(gaz):
    text = ("Ukrainian Counteroffensive in Kharkiv Oblast\n\nTroops advanced east of Kupiansk.\n\n"
            "Eastern Ukraine: Donetsk and Luhansk Oblasts\n\nUkrainian forces liberated Sviatohirsk and are "
            "advancing on Lyman. Russian forces hold Lyman.")
    by, _ = run(gaz, text)
    assert place_of(gaz, by["Donetsk"]).place_id == "sup:ua-donetsk-oblast"
    assert place_of(gaz, by["Lyman"]).admin1 == "Donetsk Oblast"


def test_compass_parts_of_a_country_and_continents(gaz):
    by, _ = run(gaz, "Western Ukraine was calm while Northeastern Ukraine and Europe braced for winter.")
    assert place_of(gaz, by["Western Ukraine"]).kind == "region"
    p = place_of(gaz, by["Northeastern Ukraine"])
    assert p.kind == "region" and p.lon > 34
    assert place_of(gaz, by["Europe"]).kind == "other"


# --- sentence-opening common words and people named like places ---------------------------------------
def test_sentence_opening_common_words_are_not_places(gaz):
    by, _ = run(gaz, "Drone footage showed burnt vehicles near Izium. Mobile networks were down. "
                     "Satellite images show trenches south of Kherson.")
    assert "Drone" not in by and "Mobile" not in by and "Satellite" not in by
    assert "Izium" in by and "Kherson" in by


def test_sentence_opening_common_word_with_a_place_cue_is_a_place(gaz):
    by, _ = run(gaz, "Mobile, Alabama, hosted the meeting.")
    assert "Mobile" in by
    by, _ = run(gaz, "The delegation flew in from Nice on Monday.")
    assert place_of(gaz, by["Nice"]).country_code == "FR"


def test_sentence_opening_name_used_as_a_place_elsewhere_is_kept(gaz):
    by, mentions = run(gaz, "Ukrainian forces are advancing on Lyman. Lyman is now close to the front line.")
    assert sum(m.surface == "Lyman" for m in mentions) == 2


def test_sentence_opening_well_known_city_needs_no_cue(gaz):
    by, _ = run(gaz, "Paris has pledged more air defence. Kherson was shelled overnight.")
    assert place_of(gaz, by["Paris"]).country_code == "FR"
    assert place_of(gaz, by["Kherson"]).country_code == "UA"


def test_given_name_that_is_a_city_before_a_surname_is_a_person(gaz):
    by, _ = run(gaz, "Denver Moore, who visited the region last year, posted a message of support. "
                     "According to Victoria Nuland, the shortages are worst in Kharkiv.")
    assert not {"Denver", "Moore", "Victoria", "Nuland"} & set(by)
    assert "Kharkiv" in by


def test_city_after_a_preposition_stays_a_place_and_lists_are_not_people(gaz):
    by, _ = run(gaz, "The talks were held in Paris. Fighting moved from Balakliia to Lyman and Zmiiv.")
    assert place_of(gaz, by["Paris"]).country_code == "FR"
    assert "Lyman" in by and "Zmiiv" in by


def test_names_with_lower_case_particles(gaz):
    for text, name, cc in (
        ("Shelling was reported in Deir ez-Zor in eastern Syria.", "Deir ez-Zor", "SY"),
        ("Air strikes hit Bayt al Faqih, south of Hodeidah in Yemen.", "Bayt al Faqih", "YE"),
        ("In Lebanon, people in Jdaidet el Matn fled as Lebanon's army deployed.", "Jdaidet el Matn", "LB"),
    ):
        by, _ = run(gaz, text)
        assert place_of(gaz, by[name]).country_code == cc, text


def test_particles_do_not_glue_separate_places(gaz):
    by, _ = run(gaz, "Troops moved between Kharkiv and Izium, then the Donetsk region.")
    assert {"Kharkiv", "Izium"} <= set(by)


def test_arabic_given_name_before_a_surname_is_a_person(gaz):
    by, _ = run(gaz, "Omar Haddad, a local commander, said the road to Aleppo was cut.")
    assert "Omar" not in by and "Haddad" not in by
    assert "Aleppo" in by


def test_country_name_with_of_the_inside(gaz):
    by, _ = run(gaz, "Refugees from the Democratic Republic of the Congo crossed into Rwanda.")
    assert place_of(gaz, by["Democratic Republic of the Congo"]).country_code == "CD"


def test_country_adjectives_are_not_places(gaz):
    by, _ = run(gaz, "The Malian army and Sudanese militias clashed near Timbuktu in Mali.")
    assert "Malian" not in by and "Sudanese" not in by
    assert "Timbuktu" in by and "Mali" in by


def test_names_before_an_armed_group_noun_are_the_group(gaz):
    by, _ = run(gaz, "Boko Haram fighters attacked a market in Maiduguri. "
                     "The Fano militia withdrew from Gondar.")
    assert not {"Boko", "Haram", "Fano"} & set(by)
    assert "Maiduguri" in by and "Gondar" in by


def test_adjacent_names_in_a_person_context_are_a_person(gaz):
    by, mentions = run(gaz, "Troy Kingston, who visited the region last year, posted a message of support. "
                            "According to Chelsea Manning, the shortages are worst near Kharkiv.")
    assert not {"Troy", "Kingston", "Chelsea", "Manning"} & set(by)
    assert "Kharkiv" in by


def test_a_list_after_a_multi_word_name_gives_no_surname(gaz):
    by, mentions = run(gaz, "Fighting continued around Barri ash Sharqi and Saraqib. "
                            "Witnesses in Saraqib described columns of vehicles.")
    assert sum(m.surface == "Saraqib" for m in mentions) == 2


def test_a_village_named_so_beats_a_city_known_by_that_alternate_name(gaz):
    # GeoNames lists "Oleksandrivka" among Donetsk's alternate names; the villages are called that
    by, _ = run(gaz, "Shelling hit Oleksandrivka, about 20 km from Kropyvnytskyi in central Ukraine.")
    p = place_of(gaz, by["Oleksandrivka"])
    assert p.name == "Oleksandrivka"
    assert distance_km(p.lat, p.lon, 48.51, 32.26) < 100  # Kropyvnytskyi


def test_hyphenated_name_with_a_particle_head(gaz):
    by, _ = run(gaz, "Witnesses in As-Suwayda in southern Syria described columns of vehicles.")
    assert place_of(gaz, by["As-Suwayda"]).country_code == "SY"


def test_well_known_city_after_a_namesake_person_is_still_the_city(gaz):
    _, mentions = run(gaz, "Charlotte Berlin, who visited the region last year, posted a message. "
                           "Talks were held in Berlin on Friday.")
    cities = [m for m in mentions if m.surface == "Berlin" and m.place_id]
    assert len(cities) == 1 and place_of(gaz, cities[0]).country_code == "DE"


def test_apostrophe_s_before_a_particle_is_part_of_the_name(gaz):
    by, _ = run(gaz, "In Syria, shelling hit Ra's al Khashufah, near Quneitra. Russia's army denied it.")
    assert "Ra's al Khashufah" in by
    assert "Russia" in by


# --- proximity cues ----------------------------------------------------------------------------------
def test_proximity_cue_pins_a_name_near_its_anchor(gaz):
    from geo.proximity import pinned
    from geo.recognize import recognise

    text = "The village of Kamyanyi Brid, about 30 kilometres west of Zhytomyr, has changed hands twice."
    cands = recognise(text, gaz)
    pins = pinned(text, cands)
    assert [(cands[p.index].surface, cands[p.anchor].surface, p.max_km) for p in pins] == [
        ("Kamyanyi Brid", "Zhytomyr", 45.0)]
    by, _ = run(gaz, text)
    p, z = place_of(gaz, by["Kamyanyi Brid"]), place_of(gaz, by["Zhytomyr"])
    assert distance_km(p.lat, p.lon, z.lat, z.lon) <= 45


def test_proximity_cue_refuses_a_namesake_far_from_the_anchor(gaz):
    # every Shevchenkove of the gazetteer lies far from Lviv: better none than one 800 km away
    far = [p for p in gaz.lookup("Shevchenkove") if distance_km(p.lat, p.lon, 49.84, 24.03) < 60]
    assert gaz.lookup("Shevchenkove") and not far
    by, _ = run(gaz, "Fighting was also reported in Shevchenkove, a village outside Lviv, and in Kharkiv.")
    assert by["Shevchenkove"].place_id is None
    assert by["Lviv"].place_id is not None
    # a namesake within reach is taken (OpenStreetMap's Zaliznychne just outside Chuhuiv)
    by, _ = run(gaz, "Fighting was also reported in Zaliznychne, a village outside Chuhuiv, and in Kharkiv.")
    p = place_of(gaz, by["Zaliznychne"])
    assert distance_km(p.lat, p.lon, 49.84, 36.69) < 45


def test_no_proximity_cue_without_a_relation(gaz):
    from geo.proximity import pinned
    from geo.recognize import recognise

    text = "Shelling hit Izium, Kupiansk and Balakliia."
    assert pinned(text, recognise(text, gaz)) == []
