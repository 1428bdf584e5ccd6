"""Lexicon of toponym recognition: token patterns, cue expressions, word lists and the records of
recognition (``Candidate`` and the per-sequence analysis), plus the text-scanning helpers that need
no gazetteer. Rules that use them: ``geo.recognize`` and ``geo.recognize_cues``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from geo.gazetteer.build import KIND_CODE
from geo.resources import data_path

DATA_DIR = data_path("gazetteer")
_FACILITY, _SETTLEMENT = KIND_CODE["facility"], KIND_CODE["settlement"]

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0400-\u042f\u0490"
_LOW = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u0430-\u045f\u0491\u1e00-\u1eff"
_AP = "'’"
# A capitalised word, or a dotted acronym ("U.S.", "U.K."); one leading character class keeps the scan fast.
# "St. Louis", "Mt. Hood", "Ft. Worth": an abbreviated saint/mount/fort before a name is part of it.
_TOKEN = (rf"[{_UP}](?:\.(?:[{_UP}]\.)+|(?<=[SMF])t\.(?=[ \u00a0][{_UP}])"
          rf"|[{_UP}{_LOW}]*(?:[{_AP}][{_UP}{_LOW}]+)*(?:-[{_UP}{_LOW}0-9]+(?:[{_AP}][{_UP}{_LOW}]+)*)*)")
# Lower-case particles inside names ("Bayt al Faqih", "Jdaidet el Matn", "Deir ez-Zor", "Rio de Janeiro");
# a span still has to be a gazetteer key as a whole, so joining them costs nothing elsewhere.
_LIST_JOINERS = frozenset({"and", "of", "on", "upon", "the", "am", "an", "na", "nad"})
_PARTICLES = frozenset("al el ez es ed ech ash ar ad az adh ibn bin bint wad bani beni abu "
                       "del la le di da du des dos van von den der ter".split())
_CONNECTORS = frozenset({"of", "on", "upon", "de", "am", "an", "na", "nad", "and", "the"}) | _PARTICLES
_SEQ = re.compile(rf"{_TOKEN}(?:[ \u00a0](?:(?:{'|'.join(sorted(_CONNECTORS))})[ \u00a0]){{0,2}}(?:"
                  rf"(?:{'|'.join(sorted(_PARTICLES))})-)?{_TOKEN})*")
_PARTICLE_AFTER = re.compile(rf"[ \u00a0](?:{'|'.join(sorted(_PARTICLES))})[ \u00a0-]")
_TOKEN_RE = re.compile(rf"{_TOKEN}|[{_LOW}]+")
_POSS = re.compile(rf"[{_AP}]s$")
MAX_SPAN_TOKENS = 6

REGION_WORDS = frozenset({"region", "regions", "oblast", "oblasts", "province", "provinces", "district",
                          "raion", "direction", "directions", "axis", "area", "front", "sector"})
RIVER_WORDS = frozenset({"river", "river's", "river’s"})
_DESIGNATOR = re.compile(r"[ \u00a0]*\[?[ \u00a0]*(region|regions|oblast|oblasts|province|provinces|district|"
                         r"raion|direction|directions|axis|river|river's|river’s)\b\]?", re.IGNORECASE)
# Head words of facility names: "<place> <head>" (capitalised or not) is a facility at or by that place —
# the facility itself when the gazetteer has one ("the Zaporizhzhia plant"), else the place it is at
# ("Sviatohirsk Lavra", "Kharkiv Thermal Power Plant"), never a separate place for the head word.
FACILITY_HEADS: dict[str, str] = {
    **dict.fromkeys(("plant", "plants", "npp", "station", "works", "factory", "refinery", "mine"), "plant"),
    **dict.fromkeys(("dam", "hpp", "reservoir"), "dam"),
    **dict.fromkeys(("airport", "airfield", "airbase", "base"), "airport"),
    **dict.fromkeys(("bridge",), "bridge"),
    **dict.fromkeys(("lavra", "monastery", "cathedral", "church", "abbey", "fortress", "castle"),
                    "monastery"),
    **dict.fromkeys(("port", "harbour", "harbor"), "port"),
}
# Capitalised words after a place name that make the phrase an institution ("U.S. Army", "Moscow Government").
STATE_BODIES = frozenset("army navy marines embassy congress senate government ministry department treasury "
                         "military command parliament cabinet consulate".split())
# Capitalised heads of names given after a place that need not lie there ("Moscow Street" in Kyiv): the
# phrase is no place at all.
NAMED_AFTER_HEADS = frozenset("street avenue square boulevard prospekt prospect lane road highway embankment "
                              "metro".split())
_FACILITY_AFTER = re.compile(r"[ \u00a0]+((?:nuclear[ \u00a0]+|thermal[ \u00a0]+|hydroelectric[ \u00a0]+)?"
                             r"(?:power[ \u00a0]+)?(?:plant|station)|dam|airport|airfield|air[ \u00a0]base|"
                             r"airbase|bridge|lavra|monastery|cathedral)\b", re.IGNORECASE)
# "Donetsk and Luhansk Oblasts": a plural designator after coordinated names applies to each of them.
_COORD_DESIGNATOR = re.compile(rf"(?:,[ \u00a0]+{_TOKEN})*,?[ \u00a0]+(?:and|or)[ \u00a0]+{_TOKEN}[ \u00a0]+"
                               r"(?i:(regions|oblasts|provinces|districts|raions|rivers))\b")
SPEECH_VERBS = frozenset("""said says told noted added wrote stated warned claimed insisted argued explained
tweeted posted stressed emphasised emphasized remarked recalled admitted acknowledged conceded replied
commented urged asked""".split())
_AUX = frozenset("""has have had is was were will would could can may might also already not did does
then now later reportedly""".split())
_ORG_AFTER = re.compile(r"[ \u00a0]+(?:news agency|agency|think[- ]tank|newspaper|broadcaster|consultancy|"
                        r"group|institute|foundation|university|channel|daily|magazine|website|"
                        r"militia|militias|fighters|rebels|insurgents|militants|jihadists)\b",
                        re.IGNORECASE)
# Name endings typical of East Slavic settlements: an unknown name with one of them after "near", "in"…
_SLAVIC_ENDING = re.compile(r"(?:ivka|ivske|ivsk|ove|eve|ive|ne|ke|ske|tske|zke|sk|ynka|yanka|anka|ino|ovo|"
                            r"evo|"
                            r"yar|pil|pol|hrad|horod|grad|gorod|ivtsi|yntsi|intsi|ichi|ychi|yi|ye|ivo|ets|ets'|"
                            r"ivka|ivske|ka|ya|ia|ets|iv|yn|ino)$")
_NAME = rf"{_TOKEN}(?:[ \u00a0]{_TOKEN})?"
_LIST_CUE = re.compile(
    rf"\b(?:villages?|towns?|cities|city|settlements?|hamlets?|townships?|outskirts|suburbs?)"
    rf"[ \u00a0]+of[ \u00a0]+"
    rf"((?:{_NAME})(?:,[ \u00a0]+(?:{_NAME}))*(?:,?[ \u00a0]+and[ \u00a0]+(?:{_NAME}))?)"
)
_NEAR_CUE = re.compile(
    rf"\b(?:near|outside|around|towards?|into|in|from|at|liberated|recaptured|retook|retaken|captured|"
    rf"entered|seized|took|reached|shelled|struck|defending|held)[ \u00a0]+(?:the[ \u00a0]+)?({_NAME})"
)
_NAME_RE = re.compile(_NAME)
_PERSON_AFTER = re.compile(rf",[ \u00a0]+who\b|[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?{_NAME}[ \u00a0]+"
                           rf"(?:{'|'.join(sorted(SPEECH_VERBS))})\b")
_PERSON_BEFORE = re.compile(r"\b(?:[Aa]ccording to|including|by)[ \u00a0]+$")
_DEMONYM_SUFFIXES = ("ian", "an", "n", "ese", "i", "ish")
_COMMA_NAME = re.compile(rf",[ \u00a0]+({_NAME})")


@lru_cache(maxsize=8)
def _word_list(filename: str) -> frozenset[str]:
    words: set[str] = set()
    path = DATA_DIR / filename
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        sep = "|" if "|" in line or filename == "organisations.txt" else None
        for word in line.split(sep):
            if word.strip():
                words.add(word.strip().casefold())
    return frozenset(words)


def stopwords() -> frozenset[str]:
    return _word_list("stopwords.txt")


def first_names() -> frozenset[str]:
    return _word_list("first_names.txt")


def organisations() -> frozenset[str]:
    return _word_list("organisations.txt")


def common_words() -> frozenset[str]:
    """The most frequent English words (derived by scripts/derive_word_lists.py from wordfreq)."""
    return _word_list("common_words.txt")


def given_names() -> frozenset[str]:
    """Given names common in English-language news (derived from gender-guesser's name list)."""
    return _word_list("given_names.txt")


WELL_KNOWN_POP = 500_000  # a sentence-opening common word names a place unaided only if this big


TITLES = frozenset("""mr mrs ms dr president secretary general gen minister chancellor governor mayor senator
commander colonel col lieutenant lt captain capt sergeant brigadier admiral adm marshal adviser advisor
spokesman spokeswoman spokesperson chief director ambassador king queen prince pope patriarch lord sir
judge deputy premier presidential professor prof rep sen gov brig maj sgt cpl pvt cmdr insp supt
rev""".split())
_DIRECTIONS = frozenset("north south east west northern southern eastern western central greater upper lower "
                        "new old northeastern northwestern southeastern southwestern north-eastern "
                        "north-western south-eastern south-western northeast northwest southeast "
                        "southwest".split())


class Candidate(NamedTuple):
    """A recognised place span with its gazetteer rows (empty: a toponym the gazetteer lacks)."""

    start: int
    end: int
    surface: str
    key: str
    rows: tuple[int, ...]
    designator: str = ""  # "region" | "river" | ""
    cue: bool = False  # a strong toponym cue (village of, near + place-name ending, X region)
    the: bool = False  # preceded by "the" (favours rivers and regions over homonymous towns)


@dataclass(frozen=True)
class _Token:
    start: int  # relative to the sequence
    end: int  # end of the name part (possessive excluded)
    text: str
    possessive: bool
    connector: bool


@dataclass(frozen=True)
class _Hit:
    first: int  # token indexes, inclusive/exclusive
    last: int
    key: str
    static_reject: str  # reason, "" when kept
    facility_end: int = 0  # token index after a facility phrase that follows the name (0: none)
    facility: str = ""  # the phrase's head category ("plant", "monastery", …)


class _Kept(NamedTuple):
    """A hit that passed the static filters, with what the per-article checks need (offsets relative)."""

    start: int
    end: int  # after cutting a "-based" tail off a single-token hit
    key: str
    single: bool
    seq_end: bool  # the hit reaches the end of its sequence
    folded: str  # casefolded surface, for the "also written in lower case" check
    facility: str = ""  # head category of a facility phrase the span was extended over


class _CueName(NamedTuple):
    """The leading name of a sequence as a "near X" cue would take it, when no static rule rejects it."""

    end: int  # relative, possessive excluded
    key: str
    words: int


class _Analysis(NamedTuple):
    kept: tuple[_Kept, ...]
    surname_keys: tuple[str, ...]
    cue_name: _CueName | None


def _appositive_cue_names(text: str) -> list[tuple[int, int]]:
    """Spans of names described by an appositive settlement noun: "Zaliman, a hamlet near …",
    "Hrakove, a tiny village east of …" (not "Smith, a village elder": the noun must end the phrase)."""
    out = []
    for m in _APPOSITIVE.finditer(text):
        p = m.start()
        name = _NAME_BEFORE.search(text, max(0, p - 80), p)
        if name is None:
            continue
        out.append((name.start(), p))
    return out


_APPOSITIVE = re.compile(
    r",[ \u00a0]+an?[ \u00a0]+(?:[a-z-]+[ \u00a0]+){0,2}?(?:village|hamlet|settlement|town|township|suburb)"
    r"(?=[,.;:]|[ \u00a0]+(?:near|outside|in|on|of|east|west|north|south|northeast|northwest|southeast|"
    r"southwest|just|about|some|close|along|between|located|around|that|which|where)\b|[ \u00a0]+\d)")
_NAME_BEFORE = re.compile(rf"(?<![{_UP}{_LOW}])(?:{_TOKEN})(?:[ \u00a0]{_TOKEN})?\Z")


def _facility_phrase(tokens: tuple[_Token, ...], j: int) -> tuple[str, int]:
    """(head category, end token) of a facility phrase of at most four capitalised words that follows a
    name ending before token ``j`` ("Lavra", "Thermal Power Plant"); ("named-after", end) for "Street"-type
    heads; ("", j) when none."""
    if j == 0 or tokens[j - 1].possessive:
        return "", j
    for k in range(j, min(len(tokens), j + 4)):
        tok = tokens[k]
        if tok.connector:
            return "", j
        low = tok.text.casefold()
        if low in FACILITY_HEADS:
            return FACILITY_HEADS[low], k + 1
        if low in NAMED_AFTER_HEADS:
            return "named-after", k + 1
        if tok.possessive:
            return "", j
    return "", j


def _list_cue_names(text: str) -> list[tuple[int, int]]:
    """Spans of the names listed after "villages of", "the town of"… (``_LIST_CUE`` over the text).

    Same matches as ``_LIST_CUE.finditer``, but the pattern is only tried where a cue noun comes before
    " of " (a literal-prefix search, much faster than trying the noun alternation at every position).
    """
    out: list[tuple[int, int]] = []
    last = 0
    for of in _OF.finditer(text):
        pos = of.start()
        if pos == 0 or text[pos - 1] not in " \u00a0":
            continue
        j = pos - 1
        while j > 0 and text[j - 1] in " \u00a0":
            j -= 1
        k = j
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] == "_"):
            k -= 1
        if k >= last and text[k:j] in _LIST_NOUNS:
            m = _LIST_CUE.match(text, k)
            if m is not None:
                at = m.start(1)
                out.extend((at + n.start(), at + n.end()) for n in _NAME_RE.finditer(m.group(1)))
                last = m.end()
    return out


_OF = re.compile(r"of(?=[ \u00a0])")
_LIST_NOUNS = frozenset("""village villages town towns cities city settlement settlements hamlet hamlets
township townships outskirts suburb suburbs""".split())
_BLANKS = (" ", "\u00a0")
_NEAR_WORDS = frozenset("""near outside around toward towards into in from at liberated recaptured retook
retaken captured entered seized took reached shelled struck defending held""".split())


def _skip_blanks(text: str, pos: int) -> int:
    while text[pos : pos + 1] in _BLANKS:
        pos += 1
    return pos


def _word_before(text: str, end: int) -> tuple[int, str] | None:
    """(start, word) of the \\w-run that ends where the blanks before ``end`` begin (None without blanks)."""
    j = end
    while j > 0 and text[j - 1] in " \u00a0":
        j -= 1
    if j == end:
        return None
    k = j
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] == "_"):
        k -= 1
    return k, text[k:j]


def _near_cue_before(text: str, start: int) -> bool:
    """True when ``_NEAR_CUE`` ("near X", "in the X", "liberated X") matches with its name at ``start``."""
    found = _word_before(text, start)
    if found is None:
        return False
    k, word = found
    if word in _NEAR_WORDS:
        return True
    if word != "the":
        return False
    found = _word_before(text, k)
    return found is not None and found[1] in _NEAR_WORDS


def _written_in_lower_case(text: str, folded: str) -> bool:
    """True when ``folded`` occurs in ``text`` as a whole lower-case word: a maximal run of lower-case
    letters not preceded by a letter (the words of ``(?<![UP LOW])[LOW]+``)."""
    if not _LOWER_WORD.fullmatch(folded):
        return False
    n = len(folded)
    i = text.find(folded)
    while i != -1:
        before = text[i - 1] if i else ""
        after = text[i + n : i + n + 1]
        if not (before and _LETTER.match(before)) and not (after and _LOWER_LETTER.match(after)):
            return True
        i = text.find(folded, i + 1)
    return False


def _org_name_start(text: str, start: int, kept: tuple[_Kept, ...]) -> int:
    """Where a run of adjacent names before an organisation noun begins ("Boko Haram fighters", "Fano
    militia"): those names form the organisation's name (a large number when there is none)."""
    last = kept[-1] if kept else None
    if last is None or not last.seq_end or last.facility or not _ORG_AFTER.match(text, start + last.end):
        return 1 << 30
    k = len(kept) - 1
    while k > 0 and kept[k - 1].end + 1 == kept[k].start:
        k -= 1
    return kept[k].start


def _capitalised_elsewhere(text: str, start: int, end: int) -> bool:
    """True when text[start:end] recurs as a whole word somewhere that is not a sentence start
    ("… advancing on Lyman. Lyman is now …"): the article uses it as a name."""
    word = text[start:end]
    n = len(word)
    i = text.find(word)
    while i != -1:
        if i != start:
            before = text[i - 1] if i else ""
            after = text[i + n : i + n + 1]
            if (not (before and _LETTER.match(before)) and not (after and _LETTER.match(after))
                    and not _sentence_initial(text, i)):
                return True
        i = text.find(word, i + 1)
    return False


_LOWER_WORD = re.compile(rf"[{_LOW}]+")
_LETTER = re.compile(rf"[{_UP}{_LOW}]")
_LOWER_LETTER = re.compile(rf"[{_LOW}]")
_FIRST_WORD = re.compile(r"\s*(\S+)")
_NEVER = re.compile(r"(?!)")


_DATELINE = re.compile(rf"(?m)^([{_UP}]{{2,}}(?:[ -][{_UP}]{{2,}})*),[ \u00a0]+[{_UP}]")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|asked|wrote|added)[ \u00a0]+$")
_APPOSITION_SPEECH = re.compile(r",[^,.;\n]{1,60},[ \u00a0]+(?:has[ \u00a0]+|had[ \u00a0]+|also[ \u00a0]+)?"
                                r"(?:said|says|told|noted|added|wrote|warned|stated|insisted|argued)\b")


def _speech_before(text: str, start: int) -> bool:
    """'…," said Natalia': a name right after a speech verb is the speaker."""
    i = start
    while i > 0 and text[i - 1] in " \u00a0":
        i -= 1
    if i == start or i == 0 or text[i - 1] not in "dse":  # said says told asked wrote added
        return False
    return _SPEECH_BEFORE.search(text[max(0, start - 12) : start]) is not None


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \u00a0\"“‘'([«":
        i -= 1
    return i < 0 or text[i] in ".!?\n…:"


