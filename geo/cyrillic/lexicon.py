"""The Cyrillic name table (geo/data/lang/names.tsv), indexed by the loose keys of its words' stems.

``Lexicon.match(words)`` finds the names that a run of written (inflected) words can be a form of: every
word's ending must belong to the paradigm of the name word's nominative ending. Names whose stems agree
strictly (up to the і/о alternation) are preferred over names that agree only loosely (Балаклії is a form
of Балаклія, not of Балаклея, although both name the same town and Балаклея also names a village).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from geo.cyrillic.morph import PARADIGMS, normalise, splits, strict_alike, word_key
from geo.resources import data_path

NAMES_FILE = data_path("lang", "names.tsv")
MIN_NAME_LETTERS = 3
MAX_WORDS = 4
MIN_LOOSE_STEM = 4


@dataclass(frozen=True)
class Name:
    """One Cyrillic name: its words' (strict stem, nominative ending) and the entries it names."""

    text: str
    words: tuple[tuple[str, str], ...]
    place_ids: tuple[str, ...]
    alternate: frozenset[str] = frozenset()  # ids that bear the name only as an alternate name


@dataclass(frozen=True)
class Match:
    """The names a run of words can be a form of; ``strict``: the stems agree strictly."""

    names: tuple[Name, ...]
    strict: bool
    exact: bool  # the words are the nominative name as written


class Lexicon:
    def __init__(self, lines: list[str]) -> None:
        by_name: dict[str, list[str]] = {}
        alternates: dict[str, set[str]] = {}
        self.english: dict[str, str] = {}  # place_id → KMU romanisation of its Ukrainian name
        for line in lines:
            if not line or line.startswith("#"):
                continue
            name, pid, en, alt = line.split("\t")
            by_name.setdefault(name, []).append(pid)
            if alt:
                alternates.setdefault(name, set()).add(pid)
            if en and pid not in self.english:
                self.english[pid] = en
        self.index: dict[tuple[str, ...], list[Name]] = {}
        self.exact: dict[str, Name] = {}
        for text, pids in by_name.items():
            if sum(c.isalpha() for c in text) < MIN_NAME_LETTERS and not text.isupper():
                continue
            keys, words = [], []
            for w in text.split():
                lk, stem, ending = word_key(w)
                keys.append(lk)
                words.append((stem, ending))
            if len(words) > MAX_WORDS:
                continue
            name = Name(text, tuple(words), tuple(pids), frozenset(alternates.get(text, ())))
            self.index.setdefault(tuple(keys), []).append(name)
            self.exact[normalise(text)] = name

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Lexicon:
        return cls(NAMES_FILE.read_text(encoding="utf-8").splitlines())

    def match(self, words: tuple[str, ...]) -> Match | None:
        """Names that the normalised written ``words`` are a form of (None: none)."""
        exact = self.exact.get(" ".join(words))
        found: dict[str, tuple[Name, bool]] = {}
        if exact is not None:
            found[exact.text] = (exact, True)
        options = [splits(w) for w in words]
        if any(not o for o in options):
            return None
        for combo in product(*options):
            names = self.index.get(tuple(c[0] for c in combo))
            if not names:
                continue
            for name in names:
                ok, strict = True, True
                for (_, stem, ending), (nstem, nend) in zip(combo, name.words, strict=True):
                    if ending not in PARADIGMS[nend]:
                        ok = False
                        break
                    strict = strict and strict_alike(stem, nstem)
                if not strict and any(len(c[1]) < MIN_LOOSE_STEM for c in combo):
                    ok = False  # short stems agree loosely by chance ("Бої" / "Бэй")
                if ok and (name.text not in found or strict):
                    found[name.text] = (name, strict)
        if not found:
            return None
        if exact is not None:  # the name as written, and what it can be a form of ("Боровой": Боровая)
            return Match(tuple(n for n, s in found.values() if s), True, True)
        stricts = tuple(n for n, s in found.values() if s)
        if stricts:
            return Match(stricts, True, False)
        return Match(tuple(n for n, _ in found.values()), False, False)
