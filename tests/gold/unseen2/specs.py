"""Hand-made annotation specs for the unseen2 evaluation articles (see build_gold.py).

Coordinates are real-world reference points from the annotator's own knowledge (town centres; oblast and
river points near the part the articles talk about), not gazetteer output. ``lat=None`` marks a village
that no gazetteer of places with 500+ inhabitants holds: the right answer is an unresolved mention.
Metonymy is judged (True/False) only where a capital or country clearly does or does not stand for its
government; ``None`` means not judged. Quote sides: ``None`` means not judged (civilians).
Claim dates: the date the claim's own clause gives, else the date the claim was made, else publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ref:
    kind: str
    lat: float | None
    lon: float | None
    cc: str
    name: str = ""
    note: str = ""


def _r(kind: str, lat: float | None, lon: float | None, cc: str = "UA", note: str = "") -> Ref:
    return Ref(kind, lat, lon, cc, "", note)


# name → reference point; names are the canonical keys the specs below use
PLACES: dict[str, Ref] = {
    "Kyiv": _r("settlement", 50.4501, 30.5234),
    "Moscow": _r("settlement", 55.7558, 37.6173, "RU"),
    "Washington": _r("settlement", 38.9072, -77.0369, "US"),
    "Paris": _r("settlement", 48.8566, 2.3522, "FR"),
    "Geneva": _r("settlement", 46.2044, 6.1432, "CH"),
    "Samarkand": _r("settlement", 39.6542, 66.9597, "UZ"),
    "Kharkiv": _r("settlement", 49.9935, 36.2304),
    "Kupiansk": _r("settlement", 49.7106, 37.6156),
    "Kupiansk-Vuzlovyi": _r("settlement", 49.6694, 37.6589),
    "Izium": _r("settlement", 49.2090, 37.2580),
    "Balakliia": _r("settlement", 49.4627, 36.8586),
    "Chuhuiv": _r("settlement", 49.8356, 36.6881),
    "Pechenihy": _r("settlement", 49.8683, 36.9372),
    "Vovchansk": _r("settlement", 50.2908, 36.9411),
    "Velykyi Burluk": _r("settlement", 50.0594, 37.3883),
    "Dvorichna": _r("settlement", 49.8511, 37.6833),
    "Kozacha Lopan": _r("settlement", 50.3347, 36.2089),
    "Shevchenkove": _r("settlement", 49.6959, 37.1744),
    "Borova": _r("settlement", 49.3784, 37.6202),
    "Sviatohirsk": _r("settlement", 49.0335, 37.5664),
    "Sviatohirsk Lavra": _r("facility", 49.0297, 37.5686),
    "Lyman": _r("settlement", 48.9886, 37.8023),
    "Sloviansk": _r("settlement", 48.8528, 37.6053),
    "Kramatorsk": _r("settlement", 48.7389, 37.5844),
    "Bakhmut": _r("settlement", 48.5950, 38.0003),
    "Donetsk": _r("settlement", 48.0159, 37.8029),
    "Svatove": _r("settlement", 49.4092, 38.1531),
    "Kreminna": _r("settlement", 49.0472, 38.2178),
    "Bilohorivka": _r("settlement", 48.9264, 38.2464),
    "Lysychansk": _r("settlement", 48.9047, 38.4422),
    "Kherson": _r("settlement", 46.6354, 32.6169),
    "Vysokopillia": _r("settlement", 47.4889, 33.5306),
    "Belgorod": _r("settlement", 50.5977, 36.5858, "RU"),
    "Valuyki": _r("settlement", 50.2106, 38.0997, "RU"),
    "Enerhodar": _r("settlement", 47.4989, 34.6558),
    # tiny villages that no 500+ gazetteer holds (real positions in the note)
    "Hrakove": _r("settlement", None, None, note="village east of Chuhuiv, about 49.70 N 36.90 E"),
    "Zaliman": _r("settlement", None, None, note="hamlet near Balakliia, about 49.50 N 36.95 E"),
    "Dovhenke": _r("settlement", None, None, note="village south of Izium, about 49.03 N 37.23 E"),
    "Hlushkivka": _r("settlement", None, None, note="on the Oskil south of Kupiansk, ~49.58 N 37.62 E"),
    "Senkove": _r("settlement", None, None, note="on the Oskil north of Kupiansk, ~49.82 N 37.63 E"),
    # regions and rivers
    "Kharkiv Oblast": _r("region", 49.5, 36.6),
    "Donetsk Oblast": _r("region", 48.2, 37.7),
    "Luhansk Oblast": _r("region", 48.9, 39.1),
    "Kherson Oblast": _r("region", 46.8, 33.4),
    "Poltava Oblast": _r("region", 49.6, 34.0),
    "Sumy Oblast": _r("region", 50.9, 34.2),
    "Dnipropetrovsk Oblast": _r("region", 48.4, 35.1),
    "Zaporizhzhia Oblast": _r("region", 47.4, 35.7),
    "Belgorod Oblast": _r("region", 50.7, 37.3, "RU"),
    "Donbas": _r("region", 48.3, 38.3),
    "Oskil River": _r("river", 49.55, 37.65),
    "Siverskyi Donets": _r("river", 49.05, 37.6),
    "Zaporizhzhia Nuclear Power Plant": _r("facility", 47.5119, 34.5858),
    "Kharkiv TPP-5": _r("facility", 49.93, 36.09, note="Kharkiv Thermal Power Plant No. 5, Podvirky"),
    # countries
    "Ukraine": _r("country", None, None, "UA"),
    "Russia": _r("country", None, None, "RU"),
    "United States": _r("country", None, None, "US"),
    "Britain": _r("country", None, None, "GB"),
    "France": _r("country", None, None, "FR"),
    "China": _r("country", None, None, "CN"),
    "Uzbekistan": _r("country", None, None, "UZ"),
    "Beijing": _r("settlement", 39.9042, 116.4074, "CN"),
    "Berlin": _r("settlement", 52.5200, 13.4050, "DE"),
    "London": _r("settlement", 51.5074, -0.1278, "GB"),
    "Sievierodonetsk": _r("settlement", 48.9482, 38.4925),
    "Zhuravlevka": _r("settlement", None, None, "RU", note="village in Belgorod Oblast, ~50.44 N 36.53 E"),
    "Dnipro River": _r("river", 47.5, 33.6),
    "Europe": _r("other", 50.0, 10.0, ""),
    "Northeastern Ukraine": _r("region", 49.9, 36.8, note="Kharkiv and Sumy oblasts"),
    "Eastern Ukraine": _r("region", 48.6, 37.8, note="Donbas and Kharkiv"),
    "Southern Ukraine": _r("region", 46.9, 33.2, note="Kherson, Zaporizhzhia, Mykolaiv"),
    "India": _r("country", None, None, "IN"),
}
PLACES = {name: Ref(r.kind, r.lat, r.lon, r.cc, name, r.note) for name, r in PLACES.items()}


@dataclass(frozen=True)
class T:
    """A toponym: every whole-word occurrence of ``surface`` (or the ``occ``-th ones) names ``place``."""

    surface: str
    place: str
    meto: bool | None = None
    occ: tuple[int, ...] | None = None
    note: str = ""
    optional: bool = False
    tol: float | None = None  # tolerance_km for this row (long rivers, plants outside their town)

    @property
    def ref(self) -> Ref:
        return PLACES[self.place]


@dataclass(frozen=True)
class N:
    """A capitalised span that is not a place (every occurrence not inside a toponym)."""

    surface: str
    why: str


@dataclass(frozen=True)
class Q:
    text: str  # a verbatim fragment of the quotation
    speaker: str
    affiliation: str | None
    date: str
    required: bool = True
    role: str | None = None
    also: tuple[str, ...] = ()  # other acceptable spellings of the speaker


@dataclass(frozen=True)
class C:
    kind: str
    evidence: str  # a verbatim, unique fragment of the claim's sentence
    holder: str
    date: str | None
    claimant: str
    affiliation: str
    value_min: float | None = None
    value_max: float | None = None
    unit: str = ""
    places: tuple[str, ...] = ()
    places_ok: tuple[str, ...] = ()  # places a claim may also carry without being wrong
    from_quote: bool = False
    required: bool = True
    note: str = ""
    dates_ok: tuple[str, ...] = ()  # other dates that are right too ("over the weekend")


@dataclass(frozen=True)
class ArticleSpec:
    article_id: str
    toponyms: tuple[T, ...]
    not_places: tuple[N, ...]
    quotes: tuple[Q, ...]
    claims: tuple[C, ...]
    not_quotes: tuple[str, ...] = ()
    ignore_words: tuple[str, ...] = field(default_factory=tuple)


SQMI = 2.58999
MI = 1.609344

# capitalised words that are neither places nor names worth listing
COMMON_CAPITALS = {
    "The", "A", "An", "In", "On", "It", "He", "She", "We", "They", "But", "And", "If", "Now", "Not", "Our",
    "Here", "His", "Its", "Their", "This", "That", "These", "What", "Earlier", "Further", "Photos", "Russian",
    "Ukrainian", "Ukrainians", "Russians", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "September", "Sept", "April", "March", "June", "August", "Aug", "Feb", "BST", "Glory", "No",
    "Civilians", "Chechen", "Western", "Orthodox", "Soviet", "Kremlin", "President", "Gen", "Maj", "Mayor",
    "Governor", "Minister", "Foreign", "Brig", "Defense", "Defence", "Ministry", "Armed", "Forces", "General",
    "Staff", "Advertisement", "Welcome", "Residents", "Chester", "Lincoln", "Paris", "Footage", "According",
    "Kyiv", "Moscow", "While", "At", "As", "By", "For", "From", "To", "Of", "With", "After",
}

ARTICLES: list[ArticleSpec] = []

# ------------------------------------------------------------------------------------------ 1: AP, 10 Sep
ARTICLES.append(ArticleSpec(
    article_id="2022-09-10-ap-izium-kupiansk",
    toponyms=(
        T("KYIV", "Kyiv", False, note="dateline"),
        T("Ukraine", "Ukraine", False, occ=(0,), note="dateline"),
        T("Kupiansk", "Kupiansk"),
        T("Izium", "Izium"),
        T("Russia", "Russia", True, occ=(0, 1, 2), note="Russia's Defense Ministry (twice) / Russia seized"),
        T("Russia", "Russia", False, occ=(3,), note="Russia's Belgorod region"),
        T("Kharkiv region", "Kharkiv Oblast"),
        T("Ukraine", "Ukraine", False, occ=(1,), note="Ukraine's northeast"),
        T("Oskil River", "Oskil River"),
        T("Oskil", "Oskil River"),
        T("Kharkiv", "Kharkiv Oblast", optional=True, note="Kharkiv regional council (name of a body)"),
        T("Ukraine", "Ukraine", None, occ=(2, 3), note="inside the quotation"),
        T("Ukraine", "Ukraine", True, occ=(4,), note="Ukraine's General Staff"),
        T("Balakliia", "Balakliia"),
        T("Donetsk region", "Donetsk Oblast"),
        T("Donbas", "Donbas"),
        T("Kyiv", "Kyiv", False, note="retreated from around Kyiv"),
        T("Moscow", "Moscow", True, occ=(0, 2), note="Moscow's forces / Moscow had given no figures"),
        T("Moscow", "Moscow", True, occ=(1,), note="Moscow-appointed"),
        T("Washington", "Washington", False, occ=(0, 1)),
        T("Vovchansk", "Vovchansk"),
        T("Velykyi Burluk", "Velykyi Burluk"),
        T("Belgorod region", "Belgorod Oblast"),
        T("Hrakove", "Hrakove"),
        T("Chuhuiv", "Chuhuiv"),
        T("Zaliman", "Zaliman"),
        T("Geneva", "Geneva", False),
    ),
    not_places=(
        N("AP", "organisation"), N("Defense Ministry", "organisation"), N("Facebook", "organisation"),
        N("Natalia Popova", "person"), N("Igor Konashenkov", "person"),
        N("Volodymyr Zelenskyy", "person"), N("Institute for the Study of War", "organisation"),
        N("Vitaly Ganchev", "person"), N("Ramzan Kadyrov", "person"), N("Kadyrov", "person"),
        N("Vladimir Putin", "person"), N("Telegram", "organisation"), N("Halyna Kovalenko", "person"),
        N("General Staff", "organisation"), N("International Committee of the Red Cross", "organisation"),
        N("Marta Paris", "person"), N("ICRC", "organisation"), N("Paris", "person"),
        N("Armed Forces", "organisation"),
    ),
    quotes=(
        Q("Kupiansk is Ukraine. Glory to the Armed Forces of Ukraine!", "Natalia Popova", "ukraine",
          "2022-09-10", role="an adviser to the head of the Kharkiv regional council"),
        Q("to achieve the stated goals of the special military operation to liberate Donbas.",
          "Russia's Defense Ministry", "russia", "2022-09-10",
          also=("Russian Defense Ministry", "Defense Ministry", "Russia’s Defense Ministry")),
        Q("conducting a number of distracting and demonstrative actions.", "Igor Konashenkov", "russia",
          "2022-09-10", role="Ministry spokesman"),
        Q("The Russian army these days is demonstrating the best it can do", "Volodymyr Zelenskyy",
          "ukraine", "2022-09-10", role="President"),
        Q("And, of course, it's a good choice for them to run.", "Volodymyr Zelenskyy", "ukraine",
          "2022-09-10"),
        Q("outnumbered ours by eight times", "Vitaly Ganchev", "russia", "2022-09-10"),
        Q("If today or tomorrow no changes are made", "Ramzan Kadyrov", "russia", "2022-09-10",
          role="Chechen leader"),
        Q("We waited six months for this day,", "Halyna Kovalenko", None, "2022-09-10"),
        Q("Now we just need electricity and bread.", "Halyna Kovalenko", None, "2022-09-10"),
        Q("Civilians in these areas need food, water and medical care right now,", "Marta Paris",
          "independent", "2022-09-10", role="an ICRC spokeswoman"),
    ),
    claims=(
        C("settlement_control", "Ukrainian troops raised their flag in the center of Kupiansk", "ukraine",
          "2022-09-10", "news report (written for evaluation)", "unknown", places=("Kupiansk",)),
        C("settlement_control", "pushed into the city of Izium", "ukraine", "2022-09-10",
          "news report (written for evaluation)", "unknown", places=("Izium",)),
        C("settlement_control", "Photos posted on social media showed Ukrainian soldiers standing outside",
          "ukraine", "2022-09-10", "Photos posted on social media", "ukraine", places=("Kupiansk",)),
        C("settlement_control", "Kupiansk is Ukraine. Glory", "ukraine", "2022-09-10", "Natalia Popova",
          "ukraine", places=("Kupiansk",), from_quote=True, required=False),
        C("settlement_control", "troops in the Balakliia and Izium areas were being moved", "ukraine",
          "2022-09-10", "Russia's Defense Ministry", "russia", places=("Balakliia", "Izium"),
          note="regrouping = withdrawal from Balakliia and Izium"),
        C("settlement_control", "a city of about 45,000 that Russia seized in April", "russia", "2022-04-01",
          "news report (written for evaluation)", "unknown", places=("Izium",), required=False,
          note="historical"),
        C("settlement_control", "retreated from around Kyiv in the spring", "ukraine", None,
          "news report (written for evaluation)", "unknown", places=("Kyiv",), required=False,
          note="historical"),
        C("area_gain", "had liberated about 2,000 square kilometers", "ukraine", "2022-09-10",
          "Volodymyr Zelenskyy", "ukraine", 2000, 2000, "km2"),
        C("advance_distance", "had advanced as much as 70 kilometers", "ukraine", "2022-09-10",
          "Institute for the Study of War", "independent", None, 70, "km",
          places_ok=("Balakliia", "Oskil River")),
        C("settlement_control", "In Balakliia, which Ukrainian troops retook on Thursday", "ukraine",
          "2022-09-08", "news report (written for evaluation)", "unknown", places=("Balakliia",)),
        C("settlement_control", "its troops had also recaptured Hrakove", "ukraine", "2022-09-10",
          "General Staff", "ukraine", required=False,
          note="Hrakove and Zaliman are not in the gazetteer: no place id can be expected"),
    ),
    not_quotes=("special military operation",),
))

# ---------------------------------------------------------------------------- 2: British live blog, 11 Sep
ARTICLES.append(ArticleSpec(
    article_id="2022-09-11-live-kharkiv-blackout",
    toponyms=(
        T("Kharkiv", "Kharkiv", occ=(0, 3, 4), note="city (outskirts / mayor's city / north of Kharkiv)"),
        T("Kharkiv", "Kharkiv Oblast", occ=(1,), note="the Kharkiv and Poltava regions"),
        T("Poltava regions", "Poltava Oblast"),
        T("Sumy", "Sumy Oblast", note="the Sumy, Dnipropetrovsk and Donetsk regions"),
        T("Dnipropetrovsk", "Dnipropetrovsk Oblast"),
        T("Donetsk regions", "Donetsk Oblast"),
        T("Ukraine", "Ukraine", True, occ=(0, 1, 2), note="commander-in-chief / nuclear operator / can hold"),
        T("Ukraine", "Ukraine", None, occ=(3,), note="returned to Ukraine (quotation)"),
        T("Ukraine", "Ukraine", False, occ=(4,), note="the war in Ukraine"),
        T("Zaporizhzhia Nuclear Power Plant", "Zaporizhzhia Nuclear Power Plant"),
        T("Zaporizhzhia plant", "Zaporizhzhia Nuclear Power Plant"),
        T("Britain", "Britain", True),
        T("Russia", "Russia", True),
        T("Kharkiv oblast", "Kharkiv Oblast"),
        T("Kharkiv region", "Kharkiv Oblast"),
        T("Oskil River", "Oskil River"),
        T("Oskil", "Oskil River"),
        T("Moscow", "Moscow", True),
        T("Balakliia", "Balakliia"),
        T("France", "France", True),
        T("Paris", "Paris", True),
        T("Kyiv", "Kyiv", False, occ=(0,), note="the battle for Kyiv"),
        T("Kyiv", "Kyiv", True, occ=(1,), note="Kyiv has released few details"),
        T("Svatove", "Svatove"),
        T("Lyman", "Lyman"),
        T("Kozacha Lopan", "Kozacha Lopan"),
        T("Vovchansk", "Vovchansk"),
        T("Luhansk region", "Luhansk Oblast"),
        T("Bilohorivka", "Bilohorivka"),
        T("Kreminna", "Kreminna"),
        T("Kupiansk", "Kupiansk"),
        T("Izium", "Izium"),
        T("Donetsk front", "Donetsk Oblast", note="the Donetsk front (direction)"),
    ),
    not_places=(
        N("Valerii Zaluzhnyi", "person"), N("Energoatom", "organisation"),
        N("Ministry of Defence", "organisation"),
        N("Volodymyr Zelenskiy", "person"), N("Twitter", "organisation"), N("Ihor Terekhov", "person"),
        N("Telegram", "organisation"), N("Isobel Chester", "person"), N("Chester", "person"),
        N("Olena", "person"), N("Emmanuel Macron", "person"), N("Vladimir Putin", "person"),
        N("Élysée", "organisation"), N("Ben Lincoln", "person"), N("Lincoln", "person"),
        N("Royal United Services Institute", "organisation"), N("Serhiy Haidai", "person"),
    ),
    quotes=(
        Q("Russian terrorists remain terrorists and attack critical infrastructure.", "Volodymyr Zelenskiy",
          "ukraine", "2022-09-11", role="the Ukrainian president"),
        Q("It is revenge for the successes of our army at the front,", "Ihor Terekhov", "ukraine",
          "2022-09-11", role="Kharkiv's mayor"),
        Q("They took everything, even the washing machines,", "Olena", None, "2022-09-11"),
        Q("What we are seeing is a collapse of the Russian front", "Ben Lincoln", "independent",
          "2022-09-11", role="a former British army officer now at the Royal United Services Institute"),
        Q("The question now is whether Ukraine can hold the line", "Ben Lincoln", "independent",
          "2022-09-11"),
        Q("in a very uncomfortable position", "Ben Lincoln", "independent", "2022-09-11"),
        Q("likely ordered the withdrawal of troops from the whole of occupied Kharkiv oblast",
          "Britain's Ministry of Defence", "west", "2022-09-11",
          also=("Britain’s Ministry of Defence", "Ministry of Defence", "British Ministry of Defence")),
        Q("Russia has likely prioritised defending its positions", "Britain's Ministry of Defence", "west",
          "2022-09-11", also=("Britain’s Ministry of Defence", "Ministry of Defence",
                              "British Ministry of Defence")),
    ),
    claims=(
        C("area_gain", "said his forces had retaken more than 3,000 sq km", "ukraine", "2022-09-11",
          "Valerii Zaluzhnyi", "ukraine", 3000, None, "km2"),
        C("distance", "were 50km from the Russian border in some areas", "ukraine", "2022-09-11",
          "Valerii Zaluzhnyi", "ukraine", 50, 50, "km", required=False,
          note="distance to the border, not to the front"),
        C("settlement_control", "which has been held by Russian forces since March", "russia", "2022-03-04",
          "news report (written for evaluation)", "unknown", places=("Zaporizhzhia Nuclear Power Plant",),
          required=False, note="a facility, not a settlement"),
        C("settlement_control", "its troops have entered Kozacha Lopan", "ukraine", "2022-09-11",
          "The Ukrainian military", "ukraine", places=("Kozacha Lopan",)),
        C("settlement_control", "are fighting on the outskirts of Vovchansk", "ukraine", "2022-09-11",
          "The Ukrainian military", "ukraine", places=("Vovchansk",),
          note="approach phrase: the product records the attacker as holder"),
        C("settlement_control", "Ukrainian troops were also fighting for Bilohorivka", "ukraine",
          "2022-09-11", "Serhiy Haidai", "ukraine", places=("Bilohorivka",), required=False,
          note="contested"),
        C("advance_distance", "Ukrainian forces have advanced up to 70km in places", "ukraine", "2022-09-11",
          "Britain's Ministry of Defence", "west", None, 70, "km"),
        C("area_gain", "had \"returned to Ukraine\" more than 3,000 sq km", "ukraine", "2022-09-11",
          "Valerii Zaluzhnyi", "ukraine", 3000, None, "km2"),
        C("settlement_control", "Balakliia, the first town retaken in the offensive", "ukraine", "2022-09-11",
          "Isobel Chester", "unknown", places=("Balakliia",)),
        C("settlement_control", "the Ukrainian flag now flies over the town hall", "ukraine", "2022-09-11",
          "Isobel Chester", "unknown", places=("Balakliia",), required=False, note="anaphoric"),
    ),
    not_quotes=("regrouped",),
))

# --------------------------------------------------------------------------------- 3: TASS style, 12 Sep
ARTICLES.append(ArticleSpec(
    article_id="2022-09-12-tass-regrouping",
    toponyms=(
        T("MOSCOW", "Moscow", False, note="dateline"),
        T("Kupyansk", "Kupiansk"),
        T("Izyum", "Izium", occ=(0, 1)),
        T("Izyum", "Izium", occ=(2,), optional=True, note="the Izyum-Balakleya grouping (unit name)"),
        T("Balakleya", "Balakliia", occ=(0,)),
        T("Balakleya", "Balakliia", occ=(1,), optional=True, note="the Izyum-Balakleya grouping (unit name)"),
        T("Krasny Liman", "Lyman"),
        T("Oskol River", "Oskil River"),
        T("Oskol", "Oskil River"),
        T("Svyatogorsk", "Sviatohirsk"),
        T("Donetsk direction", "Donetsk Oblast"),
        T("Donetsk People's Republic", "Donetsk Oblast", note="occupied part of Donetsk Oblast"),
        T("Kharkov Region", "Kharkiv Oblast"),
        T("Belgorod Region", "Belgorod Oblast"),
        T("Belgorod", "Belgorod"),
        T("Valuyki", "Valuyki"),
        T("Volchansk", "Vovchansk"),
        T("Zhuravlevka", "Zhuravlevka"),
        T("Donbass", "Donbas"),
        T("Artyomovsk", "Bakhmut"),
        T("Bakhmut", "Bakhmut"),
        T("Lugansk People's Republic", "Luhansk Oblast", note="occupied part of Luhansk Oblast"),
        T("LPR", "Luhansk Oblast", optional=True),
        T("Lisichansk", "Lysychansk"),
        T("Severodonetsk", "Sievierodonetsk"),
        T("Russia", "Russia", False, note="mobilization in Russia"),
        T("Kiev", "Kyiv", True),
        T("Washington", "Washington", True),
        T("London", "London", True),
        T("Ukraine", "Ukraine", False),
    ),
    not_places=(
        N("TASS", "organisation"), N("Defense Ministry", "organisation"), N("Igor Konashenkov", "person"),
        N("Konashenkov", "person"), N("Aerospace Forces", "organisation"), N("Vitaly Ganchev", "person"),
        N("Ganchev", "person"), N("Vyacheslav Gladkov", "person"), N("Telegram", "organisation"),
        N("Denis Pushilin", "person"), N("Pushilin", "person"), N("Rossiya-24", "organisation"),
        N("Kremlin", "organisation"), N("Dmitry Peskov", "person"), N("Peskov", "person"),
        N("Vladimir Putin", "person"), N("Foreign Ministry", "organisation"), N("Maria Zakharova", "person"),
    ),
    quotes=(
        Q("Over the past day, high-precision strikes by the Aerospace Forces", "Igor Konashenkov", "russia",
          "2022-09-12", role="Russian Defense Ministry Spokesman Lieutenant General"),
        Q("was driven back with heavy losses.", "Igor Konashenkov", "russia", "2022-09-12"),
        Q("More than 5,000 people have already crossed into the Belgorod Region", "Vitaly Ganchev",
          "russia", "2022-09-12"),
        Q("We did not leave, we regrouped,", "Vitaly Ganchev", "russia", "2022-09-12"),
        Q("The Kharkov Region will be liberated again.", "Vitaly Ganchev", "russia", "2022-09-12"),
        Q("Our units are holding their positions in Krasny Liman", "Denis Pushilin", "russia", "2022-09-12",
          role="Acting head of the Donetsk People's Republic"),
        Q("At the moment, this is not on the agenda.", "Dmitry Peskov", "russia", "2022-09-12",
          role="Kremlin Spokesman"),
        Q("Washington and London are pumping weapons into Ukraine", "Dmitry Peskov", "russia", "2022-09-12"),
        Q("for the Western audience", "Maria Zakharova", "russia", "2022-09-12",
          role="Russian Foreign Ministry Spokeswoman"),
    ),
    claims=(
        C("settlement_control", "attempts to force the Oskol River near Kupyansk were thwarted", "russia",
          "2022-09-12", "Igor Konashenkov", "russia", places=("Kupiansk",), required=False,
          note="failed river crossing near the town"),
        C("settlement_control", "tried to break through to Krasny Liman from the direction of Svyatogorsk",
          "russia", "2022-09-12", "Igor Konashenkov", "russia", places=("Lyman",),
          places_ok=("Sviatohirsk",), note="failed attack: the defender holds"),
        C("settlement_control", "decided to regroup the troops stationed in the Balakleya and Izyum areas",
          "ukraine", "2022-09-10", "Russian Defense Ministry", "russia", places=("Balakliia", "Izium"),
          note="regrouping = withdrawal"),
        C("settlement_control", "A three-day operation to curtail and transfer", "ukraine", "2022-09-10",
          "Russian Defense Ministry", "russia", places=("Balakliia", "Izium"), required=False),
        C("settlement_control", "Ukrainian troops have entered Kupyansk and Volchansk", "ukraine",
          "2022-09-12", "Vitaly Ganchev", "russia", places=("Kupiansk", "Vovchansk")),
        C("settlement_control", "Our units are holding their positions in Krasny Liman", "russia",
          "2022-09-12", "Denis Pushilin", "russia", places=("Lyman",), from_quote=True),
        C("advance_distance", "allied forces had advanced about 2 km", "russia", "2022-09-11",
          "Denis Pushilin", "russia", 2, 2, "km", places=("Bakhmut",),
          dates_ok=("2022-09-10", "2022-09-12")),
        C("settlement_control", "which have been under LPR control since early July", "russia", "2022-09-12",
          "The Lugansk People's Republic militia", "russia", places=("Lysychansk", "Sievierodonetsk"),
          dates_ok=("2022-07-01", "2022-07-02", "2022-07-03")),
    ),
    not_quotes=("special military operation",),
    ignore_words=("MOSCOW", "Lieutenant", "Spokesman", "Spokeswoman", "Evacuation", "Situation", "Acting",
                  "Asked", "Over", "More", "Kharkov", "Kiev", "Washington", "Aerospace"),
))

# ------------------------------------------------------------------------------ 4: Kyiv outlet, 13 Sep
ARTICLES.append(ArticleSpec(
    article_id="2022-09-13-kyiv-border-sviatohirsk",
    toponyms=(
        T("Russia", "Russia", False, occ=(0, 1)),
        T("Russia", "Russia", True, occ=(2, 3)),
        T("Russian Federation", "Russia", None, note="inside the quotation"),
        T("Kharkiv Oblast", "Kharkiv Oblast"),
        T("Kharkiv Thermal Power Plant No. 5", "Kharkiv TPP-5", tol=20.0),
        T("Kharkiv area", "Kharkiv Oblast"),
        T("Kharkiv", "Kharkiv"),
        T("Ukraine", "Ukraine", None, occ=(0, 4), note="quotation / Ukraine's energy infrastructure"),
        T("Ukraine", "Ukraine", True, occ=(1, 3, 5, 6, 7)),
        T("Ukraine", "Ukraine", False, occ=(2,), note="monasteries in Ukraine"),
        T("Kozacha Lopan", "Kozacha Lopan"),
        T("Козача Лопань", "Kozacha Lopan"),
        T("Belgorod Oblast", "Belgorod Oblast"),
        T("Velykyi Burluk", "Velykyi Burluk"),
        T("Dvorichna", "Dvorichna"),
        T("Kupiansk", "Kupiansk"),
        T("Sviatohirsk Lavra", "Sviatohirsk Lavra"),
        T("Sviatohirsk", "Sviatohirsk"),
        T("Donetsk Oblast", "Donetsk Oblast"),
        T("Siverskyi Donets River", "Siverskyi Donets"),
        T("Lyman", "Lyman"),
        T("Sloviansk", "Sloviansk"),
        T("Kramatorsk", "Kramatorsk"),
        T("Dovhenke", "Dovhenke"),
        T("Izium", "Izium"),
        T("Kherson Oblast", "Kherson Oblast"),
        T("Vysokopillia", "Vysokopillia"),
        T("Moscow", "Moscow", False, note="told journalists in Moscow"),
        T("Washington", "Washington", False),
        T("U.S.", "United States", True),
        T("Kyiv", "Kyiv", True),
    ),
    not_places=(
        N("Oleh Syniehubov", "person"), N("Syniehubov", "person"), N("Telegram", "organisation"),
        N("State Border Guard Service", "organisation"), N("Volodymyr Zelensky", "person"),
        N("Armed Forces", "organisation"), N("National Guard", "organisation"),
        N("Pavlo Kyrylenko", "person"), N("Kyrylenko", "person"), N("Natalia Humeniuk", "person"),
        N("Southern Operational Command", "organisation"), N("Ihor Terekhov", "person"),
        N("Terekhov", "person"), N("Oleksandr Kubrakov", "person"), N("Kremlin", "organisation"),
        N("Dmitry Peskov", "person"), N("Pentagon", "organisation"), N("Pat Ryder", "person"),
        N("Ryder", "person"), N("Dmytro Kuleba", "person"),
    ),
    quotes=(
        Q("Our defenders have reached the state border of Ukraine with the Russian Federation",
          "Oleh Syniehubov", "ukraine", "2022-09-12", role="Governor"),
        Q("The occupiers are fleeing.", "Oleh Syniehubov", "ukraine", "2022-09-12", required=False),
        Q("since the beginning of September, our warriors have already liberated more than 6,000",
          "Volodymyr Zelensky", "ukraine", "2022-09-12", role="President"),
        Q("We are moving further.", "Volodymyr Zelensky", "ukraine", "2022-09-12"),
        Q("their supply lines are under our fire control.", "Pavlo Kyrylenko", "ukraine", "2022-09-13",
          role="Donetsk Oblast Governor"),
        Q("The city is living, the trams are running,", "Ihor Terekhov", "ukraine", "2022-09-12",
          role="Kharkiv Mayor"),
        Q("These are not military facilities. These are deliberate attacks on civilians,",
          "Oleksandr Kubrakov", "ukraine", "2022-09-13", role="Ukraine's minister of infrastructure"),
        Q("The special military operation continues and will continue", "Dmitry Peskov", "russia",
          "2022-09-12", role="Kremlin spokesman"),
        Q("Our assessment is that the Ukrainians have retaken a significant amount of territory",
          "Pat Ryder", "west", "2022-09-12", role="Pentagon spokesman Brig. Gen."),
        Q("the faster we get them, the sooner this war will end.", "Dmytro Kuleba", "ukraine", "2022-09-13",
          role="Foreign Minister"),
    ),
    claims=(
        C("settlement_control", "Ukrainian border guards raising the national flag in Kozacha Lopan",
          "ukraine", "2022-09-12", "Footage published by the State Border Guard Service", "ukraine",
          places=("Kozacha Lopan",)),
        C("settlement_control", "The village had been occupied since the first day", "russia", "2022-02-24",
          "news report (written for evaluation)", "unknown", places=("Kozacha Lopan",), required=False),
        C("area_gain", "our warriors have already liberated more than 6,000 square kilometers", "ukraine",
          "2022-09-12", "Volodymyr Zelensky", "ukraine", 6000, None, "km2", from_quote=True),
        C("settlement_control", "including Velykyi Burluk and Dvorichna", "ukraine", "2022-09-12",
          "Ukraine's Armed Forces", "ukraine", places=("Velykyi Burluk", "Dvorichna"),
          note="'Earlier in the day' = the day of the Sept. 12 address"),
        C("settlement_control", "Ukrainian troops retook Sviatohirsk", "ukraine", "2022-09-13",
          "news report (written for evaluation)", "unknown", places=("Sviatohirsk",)),
        C("settlement_control", "that Russia had occupied since June", "russia", "2022-06-01",
          "news report (written for evaluation)", "unknown", places=("Sviatohirsk",), required=False),
        C("settlement_control", "raising the flag over the Sviatohirsk Lavra", "ukraine", "2022-09-12",
          "A video", "ukraine", places=("Sviatohirsk Lavra",), required=False, note="a facility"),
        C("settlement_control", "Russian troops still hold Lyman", "russia", "2022-09-13", "Pavlo Kyrylenko",
          "ukraine", places=("Lyman",)),
        C("area_gain", "have liberated about 500 square kilometers in Kherson Oblast", "ukraine",
          "2022-09-13", "Natalia Humeniuk", "ukraine", 500, 500, "km2", places=("Kherson Oblast",)),
        C("advance_distance", "troops had advanced between 2 and 12 kilometers", "ukraine", "2022-09-13",
          "Natalia Humeniuk", "ukraine", 2, 12, "km", places_ok=("Kherson Oblast",)),
        C("area_gain", "cleared some 1,100 hectares of forest near Vysokopillia", "ukraine", "2022-09-13",
          "Natalia Humeniuk", "ukraine", 11, 11, "km2", places=("Vysokopillia",)),
        C("settlement_control", "Russian forces had ceded territory north of Kharkiv and around Izium",
          "ukraine", "2022-09-12", "Pat Ryder", "west", places=("Izium",), required=False),
    ),
    not_quotes=("real progress", "speed up"),
    ignore_words=("Sept", "Governor", "Footage", "State", "Border", "Guard", "Service", "Kharkiv",
                  "Sviatohirsk", "Mayor", "Pentagon", "U"),
))

# --------------------------------------------------------------------------------- 5: ISW style, 14 Sep
ARTICLES.append(ArticleSpec(
    article_id="2022-09-14-isw-assessment",
    toponyms=(
        T("Izium", "Izium"),
        T("Kharkiv axis", "Kharkiv Oblast"),
        T("Kharkiv front", "Kharkiv Oblast"),
        T("Kharkiv Oblast", "Kharkiv Oblast"),
        T("Oskil River", "Oskil River"),
        T("Oskil", "Oskil River"),
        T("Siverskyi Donets River", "Siverskyi Donets"),
        T("Siverskyi Donets", "Siverskyi Donets"),
        T("Kupiansk-Vuzlovyi", "Kupiansk-Vuzlovyi"),
        T("Купянск-Узловой", "Kupiansk-Vuzlovyi"),
        T("Kupiansk", "Kupiansk"),
        T("Senkove", "Senkove"),
        T("Hlushkivka", "Hlushkivka"),
        T("Balakliia", "Balakliia"),
        T("Sviatohirsk", "Sviatohirsk"),
        T("Lyman", "Lyman"),
        T("Northeastern Ukraine", "Northeastern Ukraine", note="section heading", tol=250.0),
        T("Eastern Ukraine", "Eastern Ukraine", note="section heading", tol=250.0),
        T("Southern Ukraine", "Southern Ukraine", note="section heading", tol=250.0),
        T("Donetsk", "Donetsk Oblast", occ=(0,), note="Donetsk and Luhansk Oblasts"),
        T("Donetsk City", "Donetsk"),
        T("Luhansk Oblasts", "Luhansk Oblast"),
        T("Luhansk Oblast", "Luhansk Oblast"),
        T("Bilohorivka", "Bilohorivka"),
        T("Kreminna", "Kreminna"),
        T("Svatove", "Svatove"),
        T("Bakhmut", "Bakhmut"),
        T("Vovchansk", "Vovchansk"),
        T("Dovhenke", "Dovhenke"),
        T("Kherson Oblast", "Kherson Oblast"),
        T("Moscow", "Moscow", True),
    ),
    not_places=(
        N("Jordan Mayfield", "person"), N("Grace Kellerman", "person"), N("Frederick Hale", "person"),
        N("Volodymyr Zelensky", "person"), N("Zelensky", "person"), N("ISW", "organisation"),
        N("Kremlin", "organisation"), N("Ministry of Defense", "organisation"), N("MoD", "organisation"),
        N("Telegram", "organisation"), N("General Staff", "organisation"), N("Oleh Syniehubov", "person"),
        N("Serhiy Haidai", "person"), N("Wagner Group", "organisation"),
        N("Southern Operational Command", "organisation"),
    ),
    quotes=(
        Q("It is impossible to occupy our land and our people,", "Volodymyr Zelensky", "ukraine",
          "2022-09-14", role="Ukrainian President"),
        Q("We will definitely win, and we will definitely return every one of our cities.",
          "Volodymyr Zelensky", "ukraine", "2022-09-14"),
        Q("the front has stabilized along the Oskil for now", "One milblogger", "russia", "2022-09-14",
          also=("a milblogger", "milblogger", "One milblogger, writing on Telegram", "a Russian milblogger")),
        Q("do not have enough infantry to hold the river line.", "One milblogger", "russia", "2022-09-14",
          also=("a milblogger", "milblogger", "One milblogger, writing on Telegram", "a Russian milblogger")),
        Q("more than 300 settlements", "Oleh Syniehubov", "ukraine", "2022-09-13", required=False),
        Q("are holding Lyman with the last of their reserves.", "A Russian milblogger", "russia",
          "2022-09-14", also=("Russian milblogger", "a milblogger")),
    ),
    claims=(
        C("settlement_control", "visited recently liberated Izium on September 14", "ukraine", "2022-09-14",
          "news report (written for evaluation)", "unknown", places=("Izium",)),
        C("area_gain", "have liberated more than 8,000 square kilometers", "ukraine", "2022-09-14",
          "Volodymyr Zelensky", "ukraine", 8000, None, "km2"),
        C("area_gain", "up from the 6,000 square kilometers he reported on September 12", "ukraine",
          "2022-09-12", "Volodymyr Zelensky", "ukraine", 6000, 6000, "km2"),
        C("settlement_control", "- Ukrainian forces likely liberated Sviatohirsk on September 12", "ukraine",
          "2022-09-12", "news report (written for evaluation)", "unknown", places=("Sviatohirsk",)),
        C("settlement_control", "Ukrainian forces likely liberated Sviatohirsk, on the southern bank",
          "ukraine", "2022-09-12", "news report (written for evaluation)", "unknown",
          places=("Sviatohirsk",)),
        C("settlement_control", "are pressing on Lyman from the northwest", "ukraine", "2022-09-14",
          "news report (written for evaluation)", "unknown", places=("Lyman",), required=False,
          note="approach"),
        C("settlement_control", "and are advancing on Lyman.", "ukraine", "2022-09-14",
          "news report (written for evaluation)", "unknown", places=("Lyman",), required=False,
          note="approach"),
        C("settlement_control", "shows Ukrainian troops in Senkove", "ukraine", "2022-09-13",
          "Geolocated footage", "ukraine", required=False, note="Senkove is not in the gazetteer"),
        C("settlement_control", "Russian troops still hold Kupiansk-Vuzlovyi", "russia", "2022-09-14",
          "Russian milbloggers", "russia", places=("Kupiansk-Vuzlovyi",)),
        C("settlement_control", "repelled Ukrainian attempts to cross the Oskil near Hlushkivka", "russia",
          "2022-09-14", "The Russian MoD", "russia", places=("Kupiansk",), required=False),
        C("advance_distance", "have advanced up to 15 km south and southeast of Izium", "ukraine",
          "2022-09-14", "Ukrainian General Staff", "ukraine", None, 15, "km", places=("Izium",)),
        C("settlement_control", "reportedly reached the outskirts of Dovhenke", "ukraine", "2022-09-14",
          "news report (written for evaluation)", "unknown", required=False,
          note="Dovhenke is not in the gazetteer"),
        C("settlement_control", "Ukrainian forces had liberated Vovchansk", "ukraine", "2022-09-13",
          "Oleh Syniehubov", "ukraine", places=("Vovchansk",)),
        C("distance", "Lyman is now less than 10 km from the front line", "russia", "2022-09-14",
          "news report (written for evaluation)", "unknown", None, 10, "km", places=("Lyman",)),
        C("settlement_control", "are holding Lyman with the last of their reserves", "russia", "2022-09-14",
          "A Russian milblogger", "russia", places=("Lyman",), from_quote=True),
        C("settlement_control", "Ukrainian forces were fighting on the outskirts of Bilohorivka", "ukraine",
          "2022-09-14", "Serhiy Haidai", "ukraine", places=("Bilohorivka",),
          note="approach phrase: the product records the attacker as holder"),
        C("settlement_control", "had begun fortifying positions in Kreminna and Svatove", "russia",
          "2022-09-14", "Serhiy Haidai", "ukraine", places=("Kreminna", "Svatove"), required=False),
        C("area_gain", "liberated roughly 500 square kilometers in the south", "ukraine", "2022-09-12",
          "The Ukrainian Southern Operational Command", "ukraine", 500, 500, "km2",
          places_ok=("Kherson Oblast",)),
    ),
    ignore_words=("ET", "Key", "Takeaways", "Northeastern", "Eastern", "Southern", "Counteroffensive",
                  "Geolocated", "Administration", "Head", "Luhansk", "City", "One", "Kharkiv", "Donetsk"),
))

# ------------------------------------------------------------------------------ 6: analysis, 16 Sep
ARTICLES.append(ArticleSpec(
    article_id="2022-09-16-analysis-what-next",
    toponyms=(
        T("Ukraine", "Ukraine", False, occ=(0, 2), note="northeastern Ukraine / second city"),
        T("Ukraine", "Ukraine", None, occ=(1,), note="Ukraine's flag"),
        T("Ukraine", "Ukraine", True, occ=(3,), note="Ukraine's supply lines"),
        T("Kharkiv region", "Kharkiv Oblast"),
        T("Kharkiv", "Kharkiv"),
        T("Izium", "Izium"),
        T("Kupiansk", "Kupiansk"),
        T("Balakliia", "Balakliia"),
        T("Kyiv", "Kyiv", True, occ=(0, 1, 3)),
        T("Kyiv", "Kyiv", False, occ=(2,), note="Kyiv-based"),
        T("Kherson Oblast", "Kherson Oblast"),
        T("Kherson", "Kherson"),
        T("Russia", "Russia", True),
        T("Dnipro River", "Dnipro River", tol=500.0),
        T("Dnipro", "Dnipro River", tol=500.0),
        T("Oskil River", "Oskil River"),
        T("Oskil", "Oskil River"),
        T("Moscow", "Moscow", True),
        T("Samarkand", "Samarkand", False),
        T("Uzbekistan", "Uzbekistan", False),
        T("Donbas", "Donbas"),
        T("Beijing", "Beijing", True),
        T("India", "India", True),
        T("Svatove", "Svatove"),
        T("Kreminna", "Kreminna"),
        T("Luhansk region", "Luhansk Oblast"),
        T("Lyman", "Lyman"),
        T("Donetsk region", "Donetsk Oblast"),
        T("Sievierodonetsk", "Sievierodonetsk"),
        T("Washington", "Washington", True),
        T("Berlin", "Berlin", True),
        T("Europe", "Europe", False, optional=True),
    ),
    not_places=(
        N("Sophie Jordan", "person"), N("Jordan", "person"), N("King's College London", "organisation"),
        N("Douglas Austin", "person"), N("Austin", "person"), N("U.S. Army", "organisation"),
        N("Volodymyr Zelensky", "person"), N("Kremlin", "organisation"),
        N("Shanghai Cooperation Organization", "organisation"), N("Vladimir Putin", "person"),
        N("Putin", "person"), N("Xi Jinping", "person"), N("Narendra Modi", "person"),
        N("Taras Kyrychenko", "person"), N("Center for Defence Strategies", "organisation"),
        N("Leopard", "product"),
    ),
    quotes=(
        Q("This was not a lucky break. It was a deception operation that worked,", "Sophie Jordan",
          "independent", "2022-09-16", role="a lecturer in war studies at King's College London"),
        Q("When the blow came near Balakliia, there was almost nothing behind the Russian line,",
          "Sophie Jordan", "independent", "2022-09-16"),
        Q("The Russians had a crust and no depth,", "Douglas Austin", "independent", "2022-09-16",
          role="a retired U.S. Army colonel"),
        Q("Once the crust broke, the whole thing unraveled.", "Douglas Austin", "independent", "2022-09-16"),
        Q("Russia leaves death everywhere,", "Volodymyr Zelensky", "ukraine", "2022-09-15", role="President"),
        Q("It must be held accountable.", "Volodymyr Zelensky", "ukraine", "2022-09-15"),
        Q("The Kyiv authorities announced that they have launched", "Vladimir Putin", "russia", "2022-09-16",
          role="President"),
        Q("Well, let's see how it develops and how it ends.", "Vladimir Putin", "russia", "2022-09-16"),
        Q("I know that today's era is not an era of war.", "Narendra Modi", "independent", "2022-09-16",
          role="India's prime minister"),
        Q("Lyman is the key to the north of the Donbas.", "Taras Kyrychenko", None, "2022-09-16",
          role="a military analyst at the Kyiv-based Center for Defence Strategies"),
        Q("The Ukrainians have shown what they can do with what they have,", "Sophie Jordan", "independent",
          "2022-09-16"),
        Q("The question for the West is whether it wants them to win", "Sophie Jordan", "independent",
          "2022-09-16"),
    ),
    claims=(
        C("settlement_control", "Ukraine's flag flies again over Izium, Kupiansk and Balakliia", "ukraine",
          "2022-09-16", "news report (written for evaluation)", "unknown",
          places=("Izium", "Kupiansk", "Balakliia")),
        C("area_gain", "say more than 8,000 square kilometers", "ukraine", "2022-09-16",
          "Ukrainian officials", "ukraine", 8000, None, "km2"),
        C("area_gain", "roughly 3,100 square miles", "ukraine", "2022-09-16", "Ukrainian officials",
          "ukraine", 3100 * SQMI, 3100 * SQMI, "km2", required=False, note="same claim in square miles"),
        C("advance_distance", "carved out a bulge roughly 50 miles deep", "ukraine", "2022-09-16",
          "news report (written for evaluation)", "unknown", 50 * MI, 50 * MI, "km",
          places_ok=("Balakliia", "Oskil River")),
        C("distance", "is now some 30 miles from the nearest Russian positions", "ukraine", "2022-09-16",
          "news report (written for evaluation)", "unknown", 30 * MI, 30 * MI, "km", places=("Kharkiv",)),
        C("settlement_control", "Russian forces still hold Svatove and Kreminna", "russia", "2022-09-16",
          "news report (written for evaluation)", "unknown", places=("Svatove", "Kreminna", "Lyman")),
        C("settlement_control", "which Ukrainian troops are now approaching", "ukraine", "2022-09-16",
          "news report (written for evaluation)", "unknown", places=("Lyman",), required=False),
        C("advance_distance", "have advanced no more than 5 kilometers beyond the river", "ukraine",
          "2022-09-16", "news report (written for evaluation)", "unknown", None, 5, "km",
          places_ok=("Oskil River",)),
        C("area_gain", "they have retaken around 500 square kilometers in Kherson Oblast", "ukraine",
          "2022-09-16", "Ukrainian officials", "ukraine", 500, 500, "km2", places=("Kherson Oblast",)),
        C("settlement_control", "including in the city of Kherson itself", "russia", "2022-09-16",
          "news report (written for evaluation)", "unknown", places=("Kherson",), required=False),
    ),
    not_quotes=("are not stopping", "rather restrained", "questions and concerns"),
    ignore_words=("Analysis", "Ten", "Today", "Western", "Chinese", "West", "Kremlin's", "Speaking", "Well",
                  "Once", "When", "Lyman", "Kyiv", "Army", "Russians", "U", "Leopard", "Thursday", "Friday"),
))
