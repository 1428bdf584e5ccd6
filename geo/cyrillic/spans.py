"""Place spans in Ukrainian and Russian text: runs of capitalised Cyrillic words matched to the name table.

Each run of capitalised words (plus a following designator such as області / району / напрямку) is split
into the longest sub-runs that are forms of a known name (``geo.cyrillic.lexicon``). General cues, with
vocabularies per language under geo/data/lang/{uk,ru}/, keep out what is no place:

- organisations and media ("Сили оборони", "Генштаб ЗСУ", "Минобороны"): stem-start phrases;
- persons: a given name before a capitalised word ("Олег Синєгубов"), a title or office before one
  ("губернатор Гладков"), a speech verb after one ("Синєгубов заявив"), and later bare uses of a surname
  seen so; a large place, a region or a country survives a title ("президент України", "мер Харкова");
- sentence-opening common words ("Сили", "Ми", "Бої"): a stop list, or the word written in lower case
  elsewhere in the article.

Adjectival forms before a raion, direction or hromada word ("Ізюмського району", "на Лиманському напрямку")
name the town they derive from: a raion or hromada is context only (it places namesake villages, it is no
mention of the town), a direction is a mention of the town. A capitalised word after a settlement word
("село", "селище", "н.п.") that the table lacks becomes an unresolved mention: a wrong place is worse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geo.cyrillic.lexicon import Lexicon, Match
from geo.cyrillic.morph import loose, normalise, splits
from geo.gazetteer.build import KIND_CODE
from geo.gazetteer.index import Gazetteer
from geo.names import name_key
from geo.recognize import Candidate
from geo.resources import data_path

LANG_DIR = data_path("lang")
LANGS = ("uk", "ru")
_UP = "А-ЯІЇЄҐЁ"
_LO = "а-яіїєґё"
_AP = "'’ʼ"
_CAP = rf"[{_UP}][{_LO}{_UP}{_AP}]*(?:-[{_UP}{_LO}][{_LO}{_AP}]*)*"
_WORD = re.compile(rf"[{_UP}{_LO}][{_LO}{_UP}{_AP}]*(?:-[{_UP}{_LO}][{_LO}{_AP}]*)*|[.!?…\n]")
_CAP_RE = re.compile(_CAP)
_CYR = re.compile(rf"[{_UP}{_LO}]")
_LETTER = re.compile(r"[^\W\d_]")
BIG_POP = 100_000
HOME = frozenset({"UA", "RU", "BY", "MD"})
_ADJ_AGREE = ("ого", "ому", "ої", "ій", "ий", "ый", "ой", "ая", "ую", "ою", "ое", "ее", "ым", "ими")
SPEECH = frozenset("""заявив заявила заявили повідомив повідомила повідомили сказав сказала написав написала
зазначив зазначила наголосив наголосила додав додала пояснив пояснила заявил заявила заявили сообщил сообщила
сообщили сказал сказала написал написала отметил отметила добавил добавила подчеркнул подчеркнула
пояснил пояснила""".split())
_ADJ_ENDING = re.compile(r"(?:ий|ій|ого|ому|им|ім|ый|ом|ая|ої|ою|ой|ую|ее|ое|а|у|е)$")
_COORD_OBLASTS = re.compile(rf"\A(?:,[ \u00a0]+{_CAP})*[ \u00a0]+(?:та|і|й|и|а також)[ \u00a0]+{_CAP}"
                            r"[ \u00a0]+"
                            r"(?:областей|областях|областям|областями|обл\.)")


@dataclass(frozen=True)
class Vocab:
    """The word lists of both languages, merged (a text may quote the other language)."""

    organisations: tuple[tuple[str, ...], ...]
    titles: tuple[str, ...]
    first_names: frozenset[str]  # stems (nominative minus its last vowel, й or ь)
    stopwords: frozenset[str]
    cues: dict[str, frozenset[str]]


def _lines(lang: str, name: str) -> list[str]:
    path = LANG_DIR / lang / name
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    orgs: set[tuple[str, ...]] = set()
    titles: set[str] = set()
    names: set[str] = set()
    stops: set[str] = set()
    cues: dict[str, set[str]] = {}
    for lang in LANGS:
        orgs.update(tuple(normalise(w) for w in ln.split()) for ln in _lines(lang, "organisations.txt"))
        titles.update(normalise(ln) for ln in _lines(lang, "titles.txt"))
        for ln in _lines(lang, "first_names.txt"):
            names.update(normalise(w).rstrip("аяоейіьї") for w in ln.split())
        for ln in _lines(lang, "stopwords.txt"):
            stops.update(normalise(w) for w in ln.split())
        for ln in _lines(lang, "cues.txt"):
            kind, _, words = ln.partition(":")
            cues.setdefault(kind.strip(), set()).update(normalise(w) for w in words.split())
    return Vocab(tuple(sorted(orgs, key=len, reverse=True)), tuple(sorted(titles)), frozenset(names),
                 frozenset(stops), {k: frozenset(v) for k, v in cues.items()})


def is_cyrillic_text(text: str) -> bool:
    """Most letters are Cyrillic (a Ukrainian or Russian article, not an English one quoting a name)."""
    sample = text[:5_000]
    cyr = len(_CYR.findall(sample))
    letters = len(_LETTER.findall(sample))
    return letters > 0 and cyr >= 0.5 * letters


@dataclass
class CyrillicSpans:
    """Candidates in text order, and the indexes of those that are context only (raions, hromadas)."""

    candidates: list[Candidate]
    context_only: set[int]
    english: dict[int, str]  # candidate index → lexicon of display names is ``Lexicon.english``


def _agrees(word: str, nxt: _Tok) -> bool:
    """``word`` and the lower-case word after it share an adjectival ending (adjective + adjective/noun)."""
    if nxt.cap:
        return False
    return any(word.endswith(e) and nxt.norm.endswith(e) for e in _ADJ_AGREE)


class _Tok:
    __slots__ = ("start", "end", "text", "norm", "cap")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text
        self.norm = normalise(text)
        self.cap = text[0].isupper()


_NAME_ENDINGS = frozenset("""а я о е й ь у ю і и ом ем ові еві ою ею ой ей ій ї ія ії ію ия ии ию ий ого ому
ья ьи ье ью ём єм""".split()) | {""}


def _is_first_name(norm: str, names: frozenset[str]) -> bool:
    """A given name in any case form (Олег, Олега; Віталій, Віталія) — not a word that merely starts alike
    (Давидів, Николаев)."""
    for cut in range(0, 4):
        stem = norm[: len(norm) - cut] if cut else norm
        if stem in names and norm[len(stem):] in _NAME_ENDINGS:
            return True
    return False


class Recognizer:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.lex = Lexicon.load()
        self.vocab = vocab()
        self._rows: dict[str, int | None] = {}
        self._memo: dict[tuple[str, ...], Match | None] = {}
        self._rows_memo: dict[int, tuple[Match, tuple[int, ...]]] = {}
        self._big_memo: dict[tuple[int, ...], bool] = {}
        self._orgs: dict[str, list[tuple[str, ...]]] = {}  # first two letters → organisation entries
        for entry in self.vocab.organisations:
            self._orgs.setdefault(entry[0][:2], []).append(entry)
        self._title_set = frozenset(self.vocab.titles)
        self._title_lengths = sorted({len(x) for x in self.vocab.titles})

    def _match(self, words: tuple[str, ...]) -> Match | None:
        """``Lexicon.match``, memoised (names recur across articles)."""
        memo = self._memo
        if words in memo:
            return memo[words]
        if len(memo) > 200_000:
            memo.clear()
        m = memo[words] = self.lex.match(words)
        return m

    def rows_of(self, match: Match) -> tuple[int, ...]:
        got = self._rows_memo.get(id(match))
        if got is not None and got[0] is match:
            return got[1]
        rows = self._rows_of(match)
        if len(self._rows_memo) > 200_000:
            self._rows_memo.clear()
        self._rows_memo[id(match)] = (match, rows)
        return rows

    def _rows_of(self, match: Match) -> tuple[int, ...]:
        """Rows of the matched names; entries bearing a name only as an alternate one are dropped when
        other entries bear it as their own."""
        own: set[int] = set()
        alt: set[int] = set()
        for name in match.names:
            for pid in name.place_ids:
                row = self._rows.get(pid, -1)
                if row == -1:
                    row = self._rows[pid] = self.gaz.row_of(pid)
                if row is not None:
                    (alt if pid in name.alternate else own).add(row)
        return tuple(sorted(own or alt))

    def _big(self, rows: tuple[int, ...]) -> bool:
        """A region, a country or a place of BIG_POP: it survives person cues."""
        got = self._big_memo.get(rows)
        if got is not None:
            return got
        gaz = self.gaz
        areas = (KIND_CODE["region"], KIND_CODE["country"])
        got = any(int(gaz.kind[r]) in areas or int(gaz.pop[r]) >= BIG_POP for r in rows)
        self._big_memo[rows] = got
        return got

    def find(self, text: str) -> CyrillicSpans:
        v = self.vocab
        toks = [_Tok(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        lower_words = {t.norm for t in toks if not t.cap and t.text not in ".!?…\n"}
        blocked: set[int] = set()  # token indexes that are no place (organisation or person)
        surnames: set[str] = set()
        n = len(toks)
        for i, t in enumerate(toks):
            if not t.cap or i in blocked:
                continue
            org = self._org_at(toks, i)
            if org:
                blocked.update(range(i, i + org))
                continue
            if _is_first_name(t.norm, v.first_names):
                blocked.add(i)
                j = i + 1
                while j < n and toks[j].cap and j - i <= 2 and toks[j].start - toks[j - 1].end <= 2:
                    blocked.add(j)
                    surnames.update(s[0] for s in splits(toks[j].norm))
                    surnames.add(loose(toks[j].norm))
                    j += 1
        cands: list[Candidate] = []
        context: set[int] = set()
        i = 0
        while i < n:
            t = toks[i]
            if not t.cap or i in blocked or t.text in ".!?…\n":
                i += 1
                continue
            j = i + 1  # the run of capitalised words (and one designator word) from i
            while j < n and j - i < 4 and toks[j].start - toks[j - 1].end <= 1 and j not in blocked and (
                    toks[j].cap or toks[j].norm in v.cues["oblast"]):
                j += 1
                if not toks[j - 1].cap:
                    break
            got = None
            derived = self._derived(text, toks, i) if self._before_designator(toks, i) else None
            if derived is not None:
                c, ctx_only = derived
                if ctx_only:
                    context.add(len(cands))
                cands.append(c)
                i += 1
                continue
            for k in range(j, i, -1):
                words = tuple(x.norm for x in toks[i:k])
                if len(words) == 1 and len(words[0]) < 3 and not toks[i].text.isupper():
                    continue
                m = self._match(words)
                if m is not None:
                    got = (k, m)
                    break
            if got is None:
                cand = self._derived(text, toks, i)
                if cand is not None:
                    c, ctx_only = cand
                    if ctx_only:
                        context.add(len(cands))
                    cands.append(c)
                elif self._prev_in(toks, i, "settlement") and not self._sentence_initial(toks, i):
                    cands.append(Candidate(t.start, t.end, t.text, name_key(t.text), (), cue=True))
                i += 1
                continue
            k, m = got
            rows = self.rows_of(m)
            if rows and self._keep(toks, i, k, rows, m, lower_words, surnames):
                start, end = toks[i].start, toks[k - 1].end
                key = name_key(m.names[0].text)
                region = any(x.norm in v.cues["oblast"] for x in toks[i:k])
                cands.append(Candidate(start, end, text[start:end], key, rows, "region" if region else "",
                                       cue=self._prev_in(toks, i, "settlement")))
            i = k
        return CyrillicSpans(cands, context, {})

    def _org_at(self, toks: list[_Tok], i: int) -> int:
        for entry in self._orgs.get(toks[i].norm[:2], ()):
            if i + len(entry) <= len(toks) and all(toks[i + a].norm.startswith(w)
                                                   for a, w in enumerate(entry)):
                if len(entry) == 1 and len(toks[i].norm) > len(entry[0]) + 4:
                    continue  # a longer word that merely starts alike
                return len(entry)
        return 0

    def _prev_in(self, toks: list[_Tok], i: int, kind: str) -> bool:
        return i > 0 and toks[i - 1].norm in self.vocab.cues[kind]

    def _sentence_initial(self, toks: list[_Tok], i: int) -> bool:
        return i == 0 or toks[i - 1].text in ".!?…\n"

    def _keep(self, toks: list[_Tok], i: int, k: int, rows: tuple[int, ...], m: Match,
              lower_words: set[str], surnames: set[str]) -> bool:
        v = self.vocab
        t = toks[i]
        big = self._big(rows)
        if any(s[0] in surnames for s in splits(t.norm)) or loose(t.norm) in surnames:
            return False  # a surname seen after a given name ("Віталій Кім" … "губернатор Кім")
        if not big:
            prev = toks[i - 1].norm if i > 0 else ""
            if prev and any(prev[:n] in self._title_set for n in self._title_lengths):
                return False
            if k < len(toks) and toks[k].norm in SPEECH and toks[k].start - toks[k - 1].end <= 1:
                return False
            if not m.strict and k == i + 1 and not self._cross_spelling(t.norm, m) and not (
                    self._prev_in(toks, i, "prepositions") or self._prev_in(toks, i, "settlement")):
                return False
        if k == i + 1 and k < len(toks) and _agrees(t.norm, toks[k]):
            return False  # an adjective agreeing with the next word: "Західного військового округу"
        if self._sentence_initial(toks, i) and k == i + 1:
            if t.norm in v.stopwords or (t.norm in common_words() and not self._home_big(rows)):
                return False
            if t.norm in lower_words and not big:
                return False
        return True

    def _home_big(self, rows: tuple[int, ...]) -> bool:
        """A region, a country, or a big place in the countries these texts are about."""
        gaz = self.gaz
        areas = (KIND_CODE["region"], KIND_CODE["country"])
        return any(int(gaz.kind[r]) in areas or (int(gaz.pop[r]) >= BIG_POP and gaz.country_of(r) in HOME)
                   for r in rows)

    def _derived(self, text: str, toks: list[_Tok], i: int) -> tuple[Candidate, bool] | None:
        """An adjective before a raion/direction/hromada word (the town it derives from), before a coordinated
        "… областей" or an oblast body ("Запорізької ОВА"): the oblast."""
        t, v = toks[i], self.vocab
        nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
        if _ADJ_ENDING.search(t.norm) is None:
            return None
        if nxt in v.cues["raion"] or nxt in v.cues["hromada"] or nxt in v.cues["direction"]:
            m = self._town_of_adjective(t.norm)
            if m is None:
                return None
            rows = self.rows_of(m)
            if not rows:
                return None
            end = toks[i + 1].end if nxt in v.cues["direction"] else t.end
            c = Candidate(t.start, end, text[t.start:end], name_key(m.names[0].text), rows)
            return c, nxt not in v.cues["direction"]
        if _COORD_OBLASTS.match(text, t.end) or nxt in v.cues["oblast_body"]:
            m = self.lex.match((t.norm, "області"))
            if m is not None:
                rows = self.rows_of(m)
                if rows:
                    return Candidate(t.start, t.end, t.text, name_key(m.names[0].text), rows, "region"), False
        return None

    @staticmethod
    def _cross_spelling(word: str, m: Match) -> bool:
        """A Russian-spelt word for Ukrainian-spelt names or the reverse (Давыдов → Давидів)."""
        uk = set("іїєґ")
        return any(bool(uk & set(n.text.lower())) != bool(uk & set(word)) for n in m.names)

    def _before_designator(self, toks: list[_Tok], i: int) -> bool:
        """An adjective-shaped word right before a raion, direction or hromada word."""
        if i + 1 >= len(toks) or _ADJ_ENDING.search(toks[i].norm) is None:
            return False
        cues = self.vocab.cues
        nxt = toks[i + 1].norm
        return (nxt in cues["raion"] or nxt in cues["hromada"] or nxt in cues["direction"]
                or nxt in cues["oblast_body"])

    def _town_of_adjective(self, norm: str) -> Match | None:
        """Куп'янського → Куп'янськ, Ізюмського → Ізюм, Лиманському → Лиман (a town named by the stem)."""
        stem = _ADJ_ENDING.sub("", norm)
        options = [stem]
        for suffix in ("ськ", "цьк", "зьк", "ск", "цк"):
            if stem.endswith(suffix):
                options.append(stem[: -len(suffix)])
                if suffix in ("цьк", "цк"):
                    options.append(stem[: -len(suffix)] + "к")
        for option in options:
            if len(option) < 3:
                continue
            m = self.lex.match((option,))
            if m is not None and m.strict:
                return m
        return None


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent word forms of Ukrainian and Russian (geo/data/lang/*/common_words.txt, from wordfreq)."""
    words: set[str] = set()
    for lang in LANGS:
        path = LANG_DIR / lang / "common_words.txt"
        if path.exists():
            words.update(ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
                         if ln.strip() and not ln.startswith("#"))
    return frozenset(words)


_RECOGNIZERS: dict[int, Recognizer] = {}


def recognizer_for(gazetteer: Gazetteer) -> Recognizer:
    r = _RECOGNIZERS.get(id(gazetteer))
    if r is None or r.gaz is not gazetteer:
        r = _RECOGNIZERS[id(gazetteer)] = Recognizer(gazetteer)
    return r
