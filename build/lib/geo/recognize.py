"""Toponym recognition: candidate place spans in article text, before any choice among homonyms.

One regex pass finds capitalised token sequences (Latin or Cyrillic); each distinct sequence is split once
(memoised) into the longest spans whose normalised key is in the gazetteer. Spans are then filtered by
general cues rather than by name lists of the sample:

- persons: a first name or a title before a capitalised word ("Lloyd Austin", "President Putin"), a bare
  surname already seen in a person name or followed by a speech verb ("Austin said");
- organisations and media: a compact stop list, an all-caps acronym that is not a country code, a name
  embedded in a longer capitalised name ("Ria Novosti"), or a following "news agency" / "think-tank";
- common words: sentence openers and demonyms from a stop list, and a sentence-initial word that also
  occurs in lower case in the same article.

Designator words after a name ("Kharkiv region", "Kherson [region]", "the Oskil river", "Kherson
direction") restrict the candidates to regions or rivers. Strong cues ("the village of X", "near X" with
an East Slavic place-name ending) also yield spans for names the gazetteer lacks: they become unresolved
mentions rather than wrong places.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from geo.gazetteer.build import KIND_CODE
from geo.gazetteer.index import Gazetteer
from geo.names import name_key, strip_possessive
from geo.resources import data_path

DATA_DIR = data_path("gazetteer")
_FACILITY, _SETTLEMENT = KIND_CODE["facility"], KIND_CODE["settlement"]

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0400-\u042f\u0490"
_LOW = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u0430-\u045f\u0491\u1e00-\u1eff"
_AP = "'’"
# A capitalised word, or a dotted acronym ("U.S.", "U.K."); one leading character class keeps the scan fast.
_TOKEN = (rf"[{_UP}](?:\.(?:[{_UP}]\.)+"
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


class Recognizer:
    """Recognition bound to one gazetteer, with a memo of analysed capitalised sequences."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.stop = stopwords()
        self.first = first_names() | given_names()
        self.orgs = organisations()
        self.common = common_words()
        self._memo: dict[str, tuple[tuple[_Token, ...], tuple[_Hit, ...], tuple[str, ...]]] = {}
        self._analysis: dict[str, _Analysis] = {}
        self._rows_memo: dict[tuple[str, str], tuple[int, ...]] = {}
        self._rows_plain: dict[str, tuple[int, ...]] = {}  # the same for names without a designator
        self._state_memo: dict[tuple[str, str], bool] = {}
        self._known_memo: dict[str, bool] = {}

    # --- per-sequence analysis (memoised) -----------------------------------------------------------
    def _tokens(self, seq: str) -> tuple[_Token, ...]:
        tokens = []
        for m in _TOKEN_RE.finditer(seq):
            text = m.group()
            parts = text.split("-")
            if (len(parts) > 1 and all(p[:1].isupper() for p in parts) and not self._key_known(name_key(text))
                    and all(self._key_known(name_key(strip_possessive(p))) for p in parts)):
                at = m.start()  # "Izyum-Balakleya grouping": two places joined by a hyphen
                for p in parts:
                    poss = bool(_POSS.search(p))
                    end = at + len(p) - (2 if poss else 0)
                    tokens.append(_Token(at, end, seq[at:end], poss, False))
                    at += len(p) + 1
                continue
            poss = bool(_POSS.search(text)) and not _PARTICLE_AFTER.match(seq, m.end())  # "Ra's al Khashufah"
            end = m.end() - 2 if poss else m.end()
            tokens.append(_Token(m.start(), end, seq[m.start() : end], poss, text in _CONNECTORS))
        return tuple(tokens)

    def _key_known(self, key: str) -> bool:
        return bool(key) and self.gaz.has_key(key)

    def analyse(self, seq: str) -> tuple[tuple[_Token, ...], tuple[_Hit, ...], tuple[str, ...]]:
        """Tokens, longest gazetteer hits and person surnames of one capitalised sequence."""
        cached = self._memo.get(seq)
        if cached is not None:
            return cached
        tokens = self._tokens(seq)
        n = len(tokens)
        person_from = n  # tokens at or after this index belong to a person's name
        surnames: list[str] = []
        for i, tok in enumerate(tokens):
            low = tok.text.casefold()
            if tok.connector or not (low in self.first or low in TITLES):
                continue
            rest = []
            for t in tokens[i + 1 :]:  # the name ends at a list joiner ("Barri ash Sharqi and Saraqib")
                if t.text in _LIST_JOINERS:
                    break
                if not t.connector:
                    rest.append(t)
            if len(rest) > 0 and low not in TITLES and self._known_span_from(seq, tokens, i):
                continue  # "Barri ash Sharqi", "Kara K'ore": a known multi-word name, not a person
            if tokens[i + 1 : i + 2] and tokens[i + 1].text in _LIST_JOINERS and low not in TITLES:
                continue  # "Lyman and Zmiiv": a list of names, not "first name + surname"
            if rest and rest[0].text.casefold() not in TITLES | self.stop - self.first:
                person_from = min(person_from, i + 1 if low in TITLES else i)
                surnames.append(rest[-1].text)
                break
        hits: list[_Hit] = []
        i = 0
        while i < n:
            if tokens[i].connector:
                i += 1
                continue
            found = None
            limit = min(n, i + MAX_SPAN_TOKENS)
            for j in range(i, limit):  # a possessive token ends every span that reaches it
                if tokens[j].possessive:
                    limit = j + 1
                    break
            for j in range(limit, i, -1):
                if tokens[j - 1].connector:
                    continue
                key = name_key(seq[tokens[i].start : tokens[j - 1].end])
                if self._key_known(key):
                    found = (j, key)
                    break
            if found is None:
                head = tokens[i].text.split("-", 1)
                if len(head) == 2 and head[1][:1].islower():  # "US-based", "Moscow-instigated"
                    key = name_key(head[0])
                    if self._key_known(key):
                        reason = self._static_reject(tokens, i, i + 1, person_from, compound=True)
                        hits.append(_Hit(i, i + 1, key, reason))
                i += 1
                continue
            j, key = found
            head, k = _facility_phrase(tokens, j)
            if head == "named-after":
                i = k  # "Moscow Street": named after a place, not at it
                continue
            if head:
                reason = self._static_reject(tokens, i, j, person_from, compound=True)
                hits.append(_Hit(i, j, key, reason, k, head))
                i = k
                continue
            hits.append(_Hit(i, j, key, self._static_reject(tokens, i, j, person_from)))
            i = j
        result = (tokens, tuple(hits), tuple(surnames))
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[seq] = result
        return result

    def _analyse_seq(self, seq: str) -> _Analysis:
        """``analyse`` plus everything about the sequence that does not depend on the article."""
        tokens, hits, surnames = self.analyse(seq)
        kept = []
        for hit in hits:
            if hit.static_reject:
                continue
            s, e = tokens[hit.first].start, tokens[hit.last - 1].end
            single = hit.last - hit.first == 1
            if hit.facility:
                e = tokens[hit.facility_end - 1].end
                kept.append(_Kept(s, e, hit.key, single, hit.facility_end == len(tokens), seq[s:e].casefold(),
                                  hit.facility))
                continue
            if single and "-" in seq[s:e] and not self.gaz.has_key(name_key(seq[s:e])):
                e = s + seq[s:e].index("-")
            kept.append(_Kept(s, e, hit.key, single, hit.last == len(tokens), seq[s:e].casefold()))
        result = _Analysis(tuple(kept), tuple(name_key(x) for x in surnames), self._cue_name(seq))
        if len(self._analysis) > 200_000:
            self._analysis.clear()
        self._analysis[seq] = result
        return result

    def _person_pairs(self, text: str, start: int, kept: tuple[_Kept, ...], surnames: set[str]) -> set[int]:
        """Indices of two adjacent one-word names that a person context makes a person's name
        ("Troy Kingston, who visited …", "According to Chelsea Manning, …", "Kent Preston of X said");
        the second word is then a surname for the rest of the article."""
        out: set[int] = set()
        for k in range(len(kept) - 1):
            a, b = kept[k], kept[k + 1]
            if not (a.single and b.single and not a.facility and not b.facility and a.end + 1 == b.start):
                continue
            s, e = start + a.start, start + b.end
            if text[s + (a.end - a.start)] != " " or not b.seq_end:
                continue
            if (_PERSON_AFTER.match(text, e) or self._speech_after(text, e) or _speech_before(text, s)
                    or _PERSON_BEFORE.search(text, max(0, s - 20), s)):
                out.update((k, k + 1))
                surnames.add(b.key)
        return out

    def _known_span_from(self, seq: str, tokens: tuple[_Token, ...], i: int) -> bool:
        """True when tokens[i:j] for some j > i + 1 is a gazetteer name."""
        for j in range(min(len(tokens), i + MAX_SPAN_TOKENS), i + 1, -1):
            last = tokens[j - 1]
            if not last.connector and self._key_known(name_key(seq[tokens[i].start : last.end])):
                return True
        return False

    def _demonym(self, word: str) -> bool:
        """True for a country's adjective formed by a suffix ("Malian", "Sudanese", "Yemeni", "Somali")."""
        low = word.casefold()
        for suffix in _DEMONYM_SUFFIXES:
            if len(low) > len(suffix) + 2 and low.endswith(suffix):
                stem = low[: -len(suffix)]
                for key in (stem, stem + "a", stem + "ia"):
                    if self._key_known(key) and any(self.gaz.kind_of(int(r)) == "country"
                                                    for r in self.gaz.rows_for_key(key)):
                        return True
        return False

    def _cue_name(self, seq: str) -> _CueName | None:
        """The name a "near X" cue would take from the start of ``seq``, unless a static rule drops it."""
        m = _NAME_RE.match(seq)
        if m is None:
            return None
        surface = strip_possessive(m.group())
        words = surface.split()
        if self._common_or_person(words) or surface.casefold() in self.orgs or surface.isupper():
            return None
        key = name_key(surface)
        if not key or not _SLAVIC_ENDING.search(words[-1].casefold()):
            return None
        return _CueName(len(surface), key, len(words))

    def _common_or_person(self, words: list[str]) -> bool:
        return any(w.casefold() in self.stop or w.casefold() in TITLES or w.casefold() in self.first
                   for w in words)

    def _static_reject(self, tokens: tuple[_Token, ...], i: int, j: int, person_from: int,
                       compound: bool = False) -> str:
        """Why the span tokens[i:j] is not a place regardless of context ("" when it may be).

        ``compound``: the span is the head of "X-based"-type compound, which modifies the next word.
        """
        surface = " ".join(t.text for t in tokens[i:j])
        low = surface.casefold()
        if i >= person_from and not (i == person_from and j - i > 1):  # "Kara K'ore" is a known name
            return "person"
        if low in self.orgs:
            return "organisation"
        if j - i == 1:
            text = tokens[i].text.split("-", 1)[0] if compound else tokens[i].text  # "As-Suwayda" is whole
            letters = text.replace(".", "")
            if 1 < len(letters) <= 4 and letters.isupper():  # longer capitals: datelines ("KHARKIV, Ukraine")
                if name_key(text) not in self.gaz.acronyms:
                    return "acronym"
            elif text.casefold() in self.stop:
                return "common word"
            elif text.casefold() in TITLES:
                return "title"  # "Gen Valerii Zaluzhnyi", "Brig. Gen. Pat Ryder"
            elif self._demonym(text):
                return "demonym"  # "the Malian army": an adjective of a country
        prev = tokens[i - 1] if i > 0 else None
        if prev is not None and not prev.connector and not prev.possessive:
            p = prev.text.casefold()
            if p not in self.stop and p not in _DIRECTIONS and not self._key_known(name_key(prev.text)):
                return "part of a longer name"
        nxt = tokens[j] if j < len(tokens) and not tokens[j - 1].possessive and not compound else None
        if nxt is not None and not nxt.connector:
            q = nxt.text.casefold()
            if (q not in self.stop and q not in TITLES and q not in REGION_WORDS and q not in RIVER_WORDS
                    and not self._key_known(name_key(nxt.text))):
                return "part of a longer name"
            if q in self.orgs or f"{low} {q}" in self.orgs or q in STATE_BODIES:
                return "organisation"  # "U.S. Army", "Kyiv Independent"
        return ""

    # --- per-article recognition ----------------------------------------------------------------------
    def recognise(self, text: str) -> list[Candidate]:
        """Candidate place spans of ``text`` in order of position (non-overlapping)."""
        memo = self._analysis
        seqs: list[tuple[int, _Analysis]] = []
        surnames: set[str] = set()
        after_title = -1  # where a name after an abbreviated title ("Gen. ") would start
        for m in _SEQ.finditer(text):
            seq = m.group()
            start = m.start()
            if start == after_title:  # "Brig. Gen. Pat Ryder": a person (or a further title)
                if seq.casefold() in TITLES and text[m.end() : m.end() + 1] == ".":
                    after_title = _skip_blanks(text, m.end() + 1)
                else:
                    surnames.add(name_key(seq.split()[-1]))
                continue
            if seq.casefold() in TITLES and text[m.end() : m.end() + 1] == ".":
                after_title = _skip_blanks(text, m.end() + 1)
                continue
            a = memo.get(seq)
            if a is None:
                a = self._analyse_seq(seq)
            if a.kept or a.cue_name is not None:
                seqs.append((start, a))
            if a.surname_keys:
                surnames.update(a.surname_keys)
        out: list[Candidate] = []
        named_at: set[int] = set()  # sequences whose first word starts a candidate
        lower_seen: dict[str, bool] = {}
        rows_plain = self._rows_plain
        for start, a in seqs:
            org_from = _org_name_start(text, start, a.kept)
            people = self._person_pairs(text, start, a.kept, surnames)
            for n_hit, hit in enumerate(a.kept):
                if hit.start >= org_from:
                    break
                if n_hit in people:
                    continue
                s, e, key, single = start + hit.start, start + hit.end, hit.key, hit.single
                if single and key in surnames and not (_near_cue_before(text, s) and self._well_known(
                        key, rows_plain.get(key) or self._rows(key, ""))):
                    continue  # a surname again; but "in Berlin" after "Charlotte Berlin" is the city
                c = text[e : e + 1]
                designator, e2 = "", e
                if hit.facility:
                    designator = "facility:" + hit.facility
                elif c == " " or c == "\u00a0" or c == "[":
                    if c != "[" and _ORG_AFTER.match(text, e, e + 40):
                        continue
                    designator, e2 = self._designator(text, e, hit.seq_end)
                    if not designator and c != "[":
                        designator, e2 = self._designator_after(text, e, key)
                elif c.isalpha():
                    designator, e2 = self._designator(text, e, hit.seq_end)
                elif c == ",":
                    designator, e2 = self._designator_after(text, e, key)
                rows = rows_plain.get(key) if not designator else None
                if rows is None:
                    rows = self._rows(key, designator)
                if (single and not designator and not self._country_or_capital(key, designator, rows)
                        and (self._speech_after(text, e2) or _speech_before(text, s))):
                    continue  # "Austin said": a person (a country or capital that speaks is metonymic)
                if single and _sentence_initial(text, s):
                    seen = lower_seen.get(hit.folded)
                    if seen is None:
                        seen = lower_seen[hit.folded] = _written_in_lower_case(text, hit.folded)
                    if seen:
                        continue
                    if (not designator and hit.folded in self.common and not self._well_known(key, rows)
                            and not self._place_cue_after(text, e2)
                            and not _capitalised_elsewhere(text, s, e)):
                        continue  # "Drone footage showed …", "Mobile networks were down …"
                if not rows:
                    continue
                the = s >= 4 and text[s - 1] == " " and text[s - 4 : s].casefold() == "the "
                out.append(Candidate(s, e2, text[s:e2], key, rows, designator, bool(designator), the))
                if not hit.start:
                    named_at.add(start)
        extra = self._cued_unknowns(text, out, surnames, [x for x in seqs if x[0] not in named_at])
        extra.extend(self._datelines(text, out))
        if extra:
            out.extend(extra)
            out.sort(key=lambda c: c.start)
        return out

    def _datelines(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """Capitalised names opening a dateline ("KYIV, Ukraine (AP) —"), which the acronym rule drops."""
        out = []
        taken = {c.start for c in found}
        for m in _DATELINE.finditer(text):
            s, e = m.span(1)
            if s in taken:
                continue
            key = name_key(m.group(1))
            rows = self._rows(key, "") if self._key_known(key) else ()
            if rows:
                out.append(Candidate(s, e, text[s:e], key, rows, "", True, False))
        return out

    def _rows(self, key: str, designator: str) -> tuple[int, ...]:
        """Candidate rows of a key, restricted by a designator word (memoised)."""
        cached = self._rows_memo.get((key, designator))
        if cached is None:
            rows = self.gaz.rows_for_key(key)
            if designator:
                rows = self._restrict(key, rows, designator)
            cached = self._rows_memo[(key, designator)] = tuple(rows.tolist())
            if not designator:
                self._rows_plain[key] = cached
        return cached

    def _designator_after(self, text: str, end: int, key: str) -> tuple[str, int]:
        """A lower-case facility word ("the Zaporizhzhia plant") or a plural designator after coordinated
        names ("Donetsk and Luhansk oblasts") right after the name ending at ``end``: (designator, end)."""
        if text[end] != ",":
            m = _FACILITY_AFTER.match(text, end)
            if m is not None:
                word = m.group(1).casefold().split()[-1]
                head = FACILITY_HEADS.get(word, "airport" if word == "base" else "")
                designator = "facility:" + head
                rows = self._rows(key, designator)
                if rows and any(self.gaz.kind_of(r) in ("facility", "settlement") for r in rows):
                    return designator, m.end()
                return "", end
            if not (text.startswith(" and ", end) or text.startswith(" or ", end)):
                return "", end
        m = _COORD_DESIGNATOR.match(text, end, end + 120)
        if m is None:
            return "", end
        return ("river" if m.group(1).casefold() == "rivers" else "region"), end

    def _designator(self, text: str, end: int, seq_ends: bool) -> tuple[str, int]:
        """("region"|"river"|"", new end) for a designator word right after a name."""
        if not seq_ends and end < len(text) and text[end : end + 1] not in " \u00a0[":
            return "", end
        m = _DESIGNATOR.match(text, end)
        if not m:
            return "", end
        word = m.group(1).casefold()
        kind = "river" if word in RIVER_WORDS else "region"
        bracketed = "[" in m.group()
        return kind, (end if bracketed else m.end())

    def _restrict(self, key: str, rows: np.ndarray, designator: str) -> np.ndarray:
        gaz = self.gaz
        extra = gaz.designator_rows(key)
        if designator.startswith("facility:"):
            return self._facility_rows(rows, extra, designator[len("facility:") :])
        pool = np.unique(np.concatenate([rows, extra])) if rows.size else extra
        code = KIND_CODE[designator]
        chosen = pool[np.asarray(gaz.kind)[pool] == code] if pool.size else pool
        return chosen if chosen.size else rows

    def _facility_rows(self, rows: np.ndarray, extra: np.ndarray, head: str) -> np.ndarray:
        """Rows for "<name> <facility head>": facilities of that name (designator-only names only when
        their own name has a head of the same category), else the settlements of that name, else ``rows``."""
        gaz = self.gaz
        fac = _FACILITY
        chosen = [int(r) for r in rows if gaz.kind[r] == fac]
        chosen += [int(r) for r in extra if gaz.kind[r] == fac and int(r) not in chosen
                   and any(FACILITY_HEADS.get(w) == head for w in gaz.name(int(r)).casefold().split())]
        if not chosen:
            chosen = [int(r) for r in rows if gaz.kind[r] == _SETTLEMENT]
        return np.asarray(sorted(chosen), dtype=rows.dtype) if chosen else rows

    def _speech_after(self, text: str, end: int) -> bool:
        if text.startswith(",", end) and _APPOSITION_SPEECH.match(text, end):  # "Austin, speaking …, said"
            return True
        first = _FIRST_WORD.match(text, end, end + 40)
        if first is None:
            return False
        w = first.group(1).strip(",.;:").casefold()
        if w in SPEECH_VERBS:
            return True
        if w not in _AUX:
            return False
        for w in text[end : end + 40].split(None, 3)[:3]:
            w = w.strip(",.;:").casefold()
            if w in SPEECH_VERBS:
                return True
            if w not in _AUX:
                return False
        return False

    def _well_known(self, key: str, rows: tuple[int, ...]) -> bool:
        """A country, a capital or a city of ``WELL_KNOWN_POP`` people: named without a cue."""
        cached = self._known_memo.get(key)
        if cached is None:
            gaz = self.gaz
            cached = self._country_or_capital(key, "", rows) or any(int(gaz.pop[r]) >= WELL_KNOWN_POP
                                                                   for r in rows)
            self._known_memo[key] = cached
        return cached

    def _place_cue_after(self, text: str, end: int) -> bool:
        """"Mobile, Alabama": a comma and a further known place name right after a name."""
        m = _COMMA_NAME.match(text, end, end + 60)
        return m is not None and self._key_known(name_key(m.group(1)))

    def _country_or_capital(self, key: str, designator: str, rows: tuple[int, ...]) -> bool:
        cached = self._state_memo.get((key, designator))
        if cached is None:
            gaz = self.gaz
            cached = any(gaz.kind_of(r) == "country" or gaz.is_capital(r) for r in rows)
            self._state_memo[(key, designator)] = cached
        return cached

    def _cued_unknowns(self, text: str, found: list[Candidate], surnames: set[str],
                       seqs: list[tuple[int, _Analysis]]) -> list[Candidate]:
        """Names after strong cues that recognition above did not yield (unknown villages…)."""
        starts: list[int] = []  # disjoint covered spans, sorted
        ends: list[int] = []
        for c in found:
            if starts and c.start < ends[-1]:
                ends[-1] = max(ends[-1], c.end)
            else:
                starts.append(c.start)
                ends.append(c.end)
        out: list[Candidate] = []

        def overlaps(s: int, e: int) -> bool:
            i = bisect_left(starts, e) - 1
            return i >= 0 and ends[i] > s

        def add(s: int, e: int, key: str, words: int) -> None:
            if overlaps(s, e) or key in surnames:
                return
            rows = self.gaz.rows_for_key(key)
            designator, e2 = self._designator(text, e, True)
            if designator and rows.size:
                rows = self._restrict(key, rows, designator)
            if rows.size == 0 and words > 1:
                return  # unknown two-word names are too often persons or organisations
            i = bisect_left(starts, s)
            starts.insert(i, s)
            ends.insert(i, e2)
            out.append(Candidate(s, e2, text[s:e2], key, tuple(rows.tolist()), designator, True,
                                 text[max(0, s - 4) : s].casefold() == "the "))

        for s, e in _list_cue_names(text):
            surface = strip_possessive(text[s:e])
            words = surface.split()
            if self._common_or_person(words) or surface.casefold() in self.orgs or surface.isupper():
                continue
            key = name_key(surface)
            if key:
                add(s, s + len(surface), key, len(words))
        for s, e in _appositive_cue_names(text):
            surface = text[s:e]
            if " " in surface and not self._key_known(name_key(surface)):
                s = e - len(surface.split()[-1])  # "The Zaliman, a hamlet": the last word only
                surface = text[s:e]
            if not self._common_or_person(surface.split()) and surface.casefold() not in self.orgs:
                add(s, e, name_key(surface), len(surface.split()))
        for start, a in seqs:
            name = a.cue_name
            if name is not None and text[start - 1 : start] in _BLANKS and _near_cue_before(text, start):
                add(start, start + name.end, name.key, name.words)
        return out


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


_RECOGNIZERS: weakref.WeakKeyDictionary[Gazetteer, Recognizer] = weakref.WeakKeyDictionary()


def recognizer_for(gazetteer: Gazetteer) -> Recognizer:
    """The (memoising) recogniser of a gazetteer."""
    rec = _RECOGNIZERS.get(gazetteer)
    if rec is None:
        rec = _RECOGNIZERS[gazetteer] = Recognizer(gazetteer)
    return rec


def recognise(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Candidate place spans of ``text`` (see the module doc for the rules)."""
    return recognizer_for(gazetteer).recognise(text)
