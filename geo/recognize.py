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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from geo.gazetteer.build import KIND_CODE
from geo.gazetteer.index import Gazetteer
from geo.names import name_key, strip_possessive

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0400-\u042f\u0490"
_LOW = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u0430-\u045f\u0491\u1e00-\u1eff"
_AP = "'’"
_TOKEN = rf"[{_UP}][{_UP}{_LOW}]*(?:[{_AP}][{_UP}{_LOW}]+)*(?:-[{_UP}{_LOW}0-9]+(?:[{_AP}][{_UP}{_LOW}]+)*)*"
_CONNECTORS = frozenset({"of", "on", "upon", "de", "del", "la", "le", "am", "an", "na", "nad", "and"})
_SEQ = re.compile(rf"{_TOKEN}(?:[ \u00a0](?:(?:{'|'.join(sorted(_CONNECTORS))})[ \u00a0])?{_TOKEN})*")
_TOKEN_RE = re.compile(rf"{_TOKEN}|[{_LOW}]+")
_POSS = re.compile(rf"[{_AP}]s$")
MAX_SPAN_TOKENS = 6

REGION_WORDS = frozenset({"region", "regions", "oblast", "oblasts", "province", "provinces", "district",
                          "raion", "direction", "directions", "axis", "area", "front", "sector"})
RIVER_WORDS = frozenset({"river", "river's", "river’s"})
_DESIGNATOR = re.compile(r"[ \u00a0]*\[?[ \u00a0]*(region|regions|oblast|oblasts|province|provinces|district|"
                         r"raion|direction|directions|axis|river|river's|river’s)\b\]?", re.IGNORECASE)
SPEECH_VERBS = frozenset("""said says told noted added wrote stated warned claimed insisted argued explained
tweeted posted stressed emphasised emphasized remarked recalled admitted acknowledged conceded replied
commented urged asked""".split())
_AUX = frozenset("""has have had is was were will would could can may might also already not did does
then now later reportedly""".split())
_ORG_AFTER = re.compile(r"[ \u00a0]+(?:news agency|agency|think[- ]tank|newspaper|broadcaster|consultancy|"
                        r"group|institute|foundation|university|channel|daily|magazine|website)\b",
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


TITLES = frozenset("""mr mrs ms dr president secretary general gen minister chancellor governor mayor senator
commander colonel col lieutenant lt captain capt sergeant brigadier admiral adm marshal adviser advisor
spokesman spokeswoman spokesperson chief director ambassador king queen prince pope patriarch lord sir
judge deputy premier presidential professor prof rep sen gov""".split())
_DIRECTIONS = frozenset("north south east west northern southern eastern western central greater upper lower "
                        "new old".split())


@dataclass(frozen=True)
class Candidate:
    """A recognised place span with its gazetteer rows (empty: a toponym the gazetteer lacks)."""

    start: int
    end: int
    surface: str
    key: str
    rows: tuple[int, ...]
    designator: str = ""  # "region" | "river" | ""
    cue: bool = False  # a strong toponym cue (village of, near + place-name ending, X region)
    the: bool = False  # preceded by "the" (favours rivers and regions over homonymous towns)
    speech: bool = False  # followed by a speech verb (only kept for countries and capitals)


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


class Recognizer:
    """Recognition bound to one gazetteer, with a memo of analysed capitalised sequences."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.stop = stopwords()
        self.first = first_names()
        self.orgs = organisations()
        self._memo: dict[str, tuple[tuple[_Token, ...], tuple[_Hit, ...], tuple[str, ...]]] = {}
        self._rows_memo: dict[tuple[str, str], tuple[int, ...]] = {}
        self._rows_arr: dict[tuple[str, str], np.ndarray] = {}

    # --- per-sequence analysis (memoised) -----------------------------------------------------------
    def _tokens(self, seq: str) -> tuple[_Token, ...]:
        tokens = []
        for m in _TOKEN_RE.finditer(seq):
            text = m.group()
            poss = bool(_POSS.search(text))
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
            rest = [t for t in tokens[i + 1 :] if not t.connector]
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
            hits.append(_Hit(i, j, key, self._static_reject(tokens, i, j, person_from)))
            i = j
        result = (tokens, tuple(hits), tuple(surnames))
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[seq] = result
        return result

    def _static_reject(self, tokens: tuple[_Token, ...], i: int, j: int, person_from: int,
                       compound: bool = False) -> str:
        """Why the span tokens[i:j] is not a place regardless of context ("" when it may be).

        ``compound``: the span is the head of "X-based"-type compound, which modifies the next word.
        """
        surface = " ".join(t.text for t in tokens[i:j])
        low = surface.casefold()
        if i >= person_from:
            return "person"
        if low in self.orgs:
            return "organisation"
        if j - i == 1:
            text = tokens[i].text.split("-", 1)[0]
            letters = text.replace(".", "")
            if 1 < len(letters) <= 4 and letters.isupper():  # longer capitals: datelines ("KHARKIV, Ukraine")
                if name_key(text) not in self.gaz.acronyms:
                    return "acronym"
            elif text.casefold() in self.stop:
                return "common word"
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
            if q in self.orgs or f"{low} {q}" in self.orgs:
                return "organisation"
        return ""

    # --- per-article recognition ----------------------------------------------------------------------
    def recognise(self, text: str) -> list[Candidate]:
        """Candidate place spans of ``text`` in order of position (non-overlapping)."""
        seqs = [(m.start(), m.group()) for m in _SEQ.finditer(text)]
        analysed = [(start, seq, self.analyse(seq)) for start, seq in seqs]
        surnames = {name_key(s) for _, _, (_, _, sn) in analysed for s in sn}
        out: list[Candidate] = []
        lower_words: set[str] | None = None
        for start, _seq, (tokens, hits, _) in analysed:
            for hit in hits:
                if hit.static_reject:
                    continue
                s = start + tokens[hit.first].start
                e = start + tokens[hit.last - 1].end
                single = hit.last - hit.first == 1
                if "-" in text[s:e] and single and not self.gaz.has_key(name_key(text[s:e])):
                    e = s + text[s:e].index("-")
                if hit.key in surnames and single:
                    continue
                after = text[e : e + 40]
                if _ORG_AFTER.match(after):
                    continue
                designator, e2 = self._designator(text, e, hit.last == len(tokens))
                rows = self._rows(hit.key, designator)
                speech = single and (self._speech_after(text, e2) or _speech_before(text, s))
                if speech and not self._country_or_capital(rows):
                    continue  # "Austin said": a person
                if single and _sentence_initial(text, s):
                    if lower_words is None:
                        lower_words = set(re.findall(rf"(?<![{_UP}{_LOW}])[{_LOW}]+", text))
                    if text[s:e].casefold() in lower_words:
                        continue
                if rows.size == 0:
                    continue
                the = text[max(0, s - 4) : s].casefold() == "the "
                out.append(Candidate(s, e2, text[s:e2], hit.key, self._row_tuple(hit.key, designator, rows),
                                     designator, bool(designator), the, speech))
        out.extend(self._cued_unknowns(text, out, surnames))
        out.sort(key=lambda c: c.start)
        return out

    def _rows(self, key: str, designator: str) -> np.ndarray:
        """Candidate rows of a key, restricted by a designator word (memoised)."""
        cached = self._rows_arr.get((key, designator))
        if cached is None:
            cached = self.gaz.rows_for_key(key)
            if designator:
                cached = self._restrict(key, cached, designator)
            self._rows_arr[(key, designator)] = cached
        return cached

    def _row_tuple(self, key: str, designator: str, rows: np.ndarray) -> tuple[int, ...]:
        cached = self._rows_memo.get((key, designator))
        if cached is None:
            cached = self._rows_memo[(key, designator)] = tuple(rows.tolist())
        return cached

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
        pool = np.unique(np.concatenate([rows, extra])) if rows.size else extra
        code = KIND_CODE[designator]
        chosen = pool[np.asarray(gaz.kind)[pool] == code] if pool.size else pool
        return chosen if chosen.size else rows

    def _speech_after(self, text: str, end: int) -> bool:
        if _APPOSITION_SPEECH.match(text, end):  # "Austin, speaking in Brussels, said"
            return True
        words = text[end : end + 40].split()
        for w in words[:3]:
            w = w.strip(",.;:").casefold()
            if w in SPEECH_VERBS:
                return True
            if w not in _AUX:
                return False
        return False

    def _country_or_capital(self, rows: np.ndarray) -> bool:
        return any(self.gaz.kind_of(int(r)) == "country" or self.gaz.is_capital(int(r)) for r in rows)

    def _cued_unknowns(self, text: str, found: list[Candidate], surnames: set[str]) -> list[Candidate]:
        """Names after strong cues that recognition above did not yield (unknown villages…)."""
        covered = bytearray(len(text))  # 1 where a span was already found
        for c in found:
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
        out: list[Candidate] = []

        def overlaps(s: int, e: int) -> bool:
            return covered.find(1, s, e) != -1

        def add(s: int, e: int, require_ending: bool) -> None:
            surface = strip_possessive(text[s:e])
            e = s + len(surface)
            if overlaps(s, e):
                return
            words = surface.split()
            if any(w.casefold() in self.stop or w.casefold() in TITLES or w.casefold() in self.first
                   for w in words):
                return
            if surface.casefold() in self.orgs or surface.isupper():
                return
            key = name_key(surface)
            if not key or key in surnames:
                return
            if require_ending and not _SLAVIC_ENDING.search(words[-1].casefold()):
                return
            rows = self.gaz.rows_for_key(key)
            designator, e2 = self._designator(text, e, True)
            if designator and rows.size:
                rows = self._restrict(key, rows, designator)
            if rows.size == 0 and len(words) > 1:
                return  # unknown two-word names are too often persons or organisations
            covered[s:e2] = b"\x01" * (e2 - s)
            out.append(Candidate(s, e2, text[s:e2], key, tuple(int(r) for r in rows), designator, True,
                                 text[max(0, s - 4) : s].casefold() == "the "))

        for m in _LIST_CUE.finditer(text):
            for n in _NAME_RE.finditer(m.group(1)):
                add(m.start(1) + n.start(), m.start(1) + n.end(), False)
        for m in _NEAR_CUE.finditer(text):
            add(m.start(1), m.end(1), True)
        return out


_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|asked|wrote|added)[ \u00a0]+$")
_APPOSITION_SPEECH = re.compile(r",[^,.;\n]{1,60},[ \u00a0]+(?:has[ \u00a0]+|had[ \u00a0]+|also[ \u00a0]+)?"
                                r"(?:said|says|told|noted|added|wrote|warned|stated|insisted|argued)\b")


def _speech_before(text: str, start: int) -> bool:
    """'…," said Natalia': a name right after a speech verb is the speaker."""
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
