"""Name normalisation shared by the gazetteer build and recognition: one key per spelling family.

``name_key`` maps a place name as written (any case, diacritics, apostrophes, possessive, Latin or
Cyrillic script) to a compact ASCII key, so that transliteration variants collide on purpose:
Balakliia / Balaklia / Balakliya → ``balaklia``, Izyum / Izium → ``izium``, Kupyansk / Kupiansk →
``kupiansk``, Харків → ``kharkiv``. Renames (Kiev/Kyiv, Kharkov/Kharkiv) are not folded here; they come
from GeoNames alternate names and the supplement.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Ukrainian/Russian Cyrillic → Latin (close to the Ukrainian national system and BGN/PCGN for Russian).
# "г" is "h" in Ukrainian and "g" in Russian: a word with a Ukrainian-only letter uses the Ukrainian table.
_CYR_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "y", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "",
    "ю": "iu", "я": "ia", "є": "ie", "і": "i", "ї": "i", "ґ": "g", "ё": "e", "э": "e", "ы": "y",
    "ў": "u", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "ђ": "dj", "џ": "dz", "ѓ": "g", "ќ": "k",
    "ѕ": "dz",
}
_UK_ONLY = frozenset("єіїґ")
_RU_TABLE = {**_CYR_COMMON, "г": "g", "и": "i", "е": "e"}
_UK_TABLE = {**_CYR_COMMON, "г": "h", "и": "y", "е": "e"}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")

# Latin letters that Unicode decomposition leaves alone.
_LATIN_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
                              "ı": "i", "ŀ": "l", "ħ": "h"})
_APOSTROPHES = "'’ʼʹ`´‘ʻ′"
_POSSESSIVE = re.compile(r"[" + _APOSTROPHES + r"]s$", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DROP = re.compile(r"[" + _APOSTROPHES + r"\u02bc]")

# Spelling folds applied to the ASCII form (order matters).
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"y", "i"),  # Kupyansk/Kupiansk, Izyum/Izium, Balakliya/Balakliia
        (r"j(?=[aeiou])", "i"),  # Balaklija, Kijew: j before a vowel is the y-glide
        (r"i{2,}", "i"),  # Balakliia → balaklia, Kyiv (kiiv) → kiv
        (r"([b-df-hj-np-tv-z])\1+", r"\1"),  # doubled consonants (Donbass); Zaporizhzhia keeps zhzh
    )
)


def strip_possessive(text: str) -> str:
    """'Russia’s' → 'Russia'; other text unchanged."""
    return _POSSESSIVE.sub("", text)


def _translit_word(word: str, ukrainian: bool | None = None) -> str:
    lower = word.lower()
    if ukrainian is None:
        ukrainian = any(ch in _UK_ONLY for ch in lower)
    table = _UK_TABLE if ukrainian else _RU_TABLE
    return "".join(table.get(ch, ch) for ch in lower)


def transliterate(text: str, ukrainian: bool | None = None) -> str:
    """Cyrillic words → lower-case Latin romanisation; other characters unchanged.

    ``ukrainian=None`` picks the table per word (Ukrainian when it holds є, і, ї or ґ, else Russian).
    """
    return _CYRILLIC.sub(lambda m: _translit_word(m.group(), ukrainian), text)


def ascii_fold(text: str, ukrainian: bool | None = None) -> str:
    """Casefold, romanise Cyrillic, strip diacritics and apostrophes; words joined by single spaces."""
    text = strip_possessive(text.strip())
    text = transliterate(text.casefold(), ukrainian).translate(_LATIN_EXTRA)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROP.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()


def _fold(key: str) -> str:
    for pattern, repl in _FOLDS:
        key = pattern.sub(repl, key)
    return key


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The lookup key of a place name: ascii_fold plus spelling folds ('' for no letters)."""
    return _fold(ascii_fold(text))


@lru_cache(maxsize=200_000)
def name_keys(text: str) -> tuple[str, ...]:
    """All keys of a name: one, or two for Cyrillic "г" without a Ukrainian-only letter (h and g readings)."""
    key = name_key(text)
    lower = text.lower()
    if "г" in lower and not any(ch in _UK_ONLY for ch in lower):
        other = _fold(ascii_fold(text, ukrainian=True))
        if other != key:
            return (key, other)
    return (key,)
