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
