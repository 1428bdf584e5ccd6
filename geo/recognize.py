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

import weakref

from geo.gazetteer.index import Gazetteer
from geo.names import name_key, strip_possessive
from geo.recognize_cues import CueRules
from geo.recognize_lex import (  # noqa: F401
    _AP,
    _APPOSITION_SPEECH,
    _APPOSITIVE,
    _AUX,
    _BLANKS,
    _COMMA_NAME,
    _CONNECTORS,
    _COORD_DESIGNATOR,
    _DATELINE,
    _DEMONYM_SUFFIXES,
    _DESIGNATOR,
    _DIRECTIONS,
    _FACILITY_AFTER,
    _FIRST_WORD,
    _LETTER,
    _LIST_CUE,
    _LIST_JOINERS,
    _LIST_NOUNS,
    _LOW,
    _LOWER_LETTER,
    _LOWER_WORD,
    _NAME,
    _NAME_BEFORE,
    _NAME_RE,
    _NEAR_CUE,
    _NEAR_WORDS,
    _NEVER,
    _OF,
    _ORG_AFTER,
    _PARTICLE_AFTER,
    _PARTICLES,
    _PERSON_AFTER,
    _PERSON_BEFORE,
    _POSS,
    _SEQ,
    _SLAVIC_ENDING,
    _SPEECH_BEFORE,
    _TOKEN,
    _TOKEN_RE,
    _UP,
    DATA_DIR,
    FACILITY_HEADS,
    MAX_SPAN_TOKENS,
    NAMED_AFTER_HEADS,
    REGION_WORDS,
    RIVER_WORDS,
    SPEECH_VERBS,
    STATE_BODIES,
    TITLES,
    WELL_KNOWN_POP,
    Candidate,
    _Analysis,
    _appositive_cue_names,
    _capitalised_elsewhere,
    _CueName,
    _facility_phrase,
    _Hit,
    _Kept,
    _list_cue_names,
    _near_cue_before,
    _org_name_start,
    _sentence_initial,
    _skip_blanks,
    _speech_before,
    _Token,
    _word_before,
    _word_list,
    _written_in_lower_case,
    common_words,
    first_names,
    given_names,
    organisations,
    stopwords,
)


class Recognizer(CueRules):
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
        if j - i == 1 and not compound and self._generic_inside_name(tokens, i, low):
            return "part of a longer name"  # "Colorado State University", "Washington Post", "Third Street"
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

    def _generic_inside_name(self, tokens: tuple[_Token, ...], i: int, low: str) -> bool:
        """A common English word after another word of a capitalised name is that name's word, not the
        homonymous town ("State", "University", "Post", "Street"): unless it is a well-known place."""
        if low not in self.common or low in self.first:
            return False  # a given name before a surname is the person rules' business
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) and not tokens[i].possessive else None
        after_word = prev is not None and not prev.connector and not prev.possessive
        # before a word that is no place name ("Commerce Department"); two place names side by side
        # ("Troy Kingston") are left to the person rules
        before_word = nxt is not None and not nxt.connector and not self._key_known(name_key(nxt.text))
        if not (after_word or before_word):
            return False
        key = name_key(tokens[i].text)
        return not self._well_known(key, tuple(int(r) for r in self.gaz.rows_for_key(key)))

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
