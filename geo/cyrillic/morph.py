"""Inflection of Ukrainian and Russian place names, by endings: a name as written ↔ its nominative.

A nominative name word splits into a stem and a nominative ending, which fixes the set of endings its
inflected forms can take (noun and adjective declensions of both languages, merged: "Харків" → Харкова,
Харкові, Харковом; "Балаклія" → Балаклії, Балаклію; "Харківська" → Харківській, Харківської; "Мирне" →
Мирного, Мирному; Russian "Изюм" → Изюме, "Балаклея" → Балаклее). A written word splits into every
(stem, ending) pair whose ending is known; the two sides meet on the stem's *loose key*, which folds what
differs between the languages and between a name and its inflected forms: the vowels і/и/ы/ї/й/е/є/э/о
(Харків/Харкова/Харьков, Балаклія/Балаклея, Київ/Києва/Киев), я/а, ю/у, the soft sign and apostrophes
(Куп'янськ/Купянск), doubled letters (Запоріжжя/Запорожье), and к/г/х before the dative-locative ending і
or е (Каховка → Каховці, Ріг → Розі).
"""

from __future__ import annotations

from functools import lru_cache

APOSTROPHES = "'’ʼ`´‘ʹ"
_NORM = str.maketrans({**dict.fromkeys(APOSTROPHES, "'"), "ё": "е", "\u0301": None})
_LOOSE = str.maketrans({**dict.fromkeys("іиыїйеєэо", "и"), "я": "а", "ю": "у", "ґ": "г",
                        **dict.fromkeys("ьъ'", None)})

_NOUN_M = ("", "а", "у", "і", "ові", "еві", "єві", "ом", "ем", "єм", "е", "ю", "я")
_NOUN_F = ("а", "и", "і", "у", "ою", "е", "ой", "ы", "ої", "ій", "ую", "ей")
_NOUN_FJ = ("я", "ї", "і", "ю", "єю", "ею", "и", "е", "ей", "ій", "ии", "ию", "ией")
_ADJ_FR = ("ая", "ой", "ую", "ою", "ей", "яя", "юю")
_ADJ_N = ("е", "ого", "ому", "им", "ім", "ом", "ое", "ым", "ее", "его", "ему", "ем", "я", "ю", "і", "у", "а")
_ADJ_M = ("ий", "ій", "ый", "ой", "ого", "ього", "ому", "ьому", "им", "ім", "ым", "ом", "ем", "его", "ему")
_NOUN_O = ("о", "а", "у", "і", "ом", "е", "ові")
_PLURAL = ("і", "и", "ы", "ів", "їв", "ах", "ях", "ам", "ям", "ами", "ями", "ов", "ей", "их", "им", "ими",
           "ых", "ым", "ыми", "ие", "ые")
_SOFT = ("ь", "я", "ю", "і", "ем", "е", "єм", "и", "ью", "ей")

# Nominative ending → the endings its forms take. Longest nominative endings are tried first.
PARADIGMS: dict[str, frozenset[str]] = {
    "ий": frozenset(_ADJ_M), "ій": frozenset(_ADJ_M), "ый": frozenset(_ADJ_M), "ой": frozenset(_ADJ_M),
    "ая": frozenset(_ADJ_FR), "яя": frozenset(_ADJ_FR),
    "ое": frozenset(_ADJ_N), "ее": frozenset(_ADJ_N), "ые": frozenset(_PLURAL), "ие": frozenset(_PLURAL),
    "ья": frozenset(_NOUN_FJ), "ия": frozenset(_NOUN_FJ),
    "а": frozenset(_NOUN_F), "я": frozenset(_NOUN_FJ), "е": frozenset(_ADJ_N), "є": frozenset(_ADJ_N),
    "о": frozenset(_NOUN_O), "і": frozenset(_PLURAL), "и": frozenset(_PLURAL), "ы": frozenset(_PLURAL),
    "ь": frozenset(_SOFT), "": frozenset(_NOUN_M),
}
_NOMINATIVE = sorted(PARADIGMS, key=len, reverse=True)
ENDINGS: tuple[str, ...] = tuple(sorted({e for forms in PARADIGMS.values() for e in forms}, key=len,
                                        reverse=True))
_ALTERNATION = {"ц": "к", "з": "г", "с": "х"}  # Каховці ← Каховка, Розі ← Ріг, Ворзелі? (no: л)
MIN_STEM = 3


@lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """Lower case, one apostrophe, ё → е."""
    return word.lower().translate(_NORM)


def loose(stem: str) -> str:
    """The loose key of a normalised stem (see the module docstring)."""
    s = stem.translate(_LOOSE)
    out = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def nominative_split(word: str) -> tuple[str, str]:
    """(stem, nominative ending) of a normalised nominative word."""
    for ending in _NOMINATIVE:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: len(word) - len(ending)], ending
    return word, ""


@lru_cache(maxsize=100_000)
def splits(word: str) -> tuple[tuple[str, str, str], ...]:
    """Every (loose stem, strict stem, ending) reading of a normalised written word."""
    out: list[tuple[str, str, str]] = []
    for ending in ENDINGS:
        if ending and not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] if ending else word
        if len(stem) < MIN_STEM:
            continue
        out.append((loose(stem), stem, ending))
        if ending in ("і", "е") and stem[-1] in _ALTERNATION:
            alt = stem[:-1] + _ALTERNATION[stem[-1]]
            out.append((loose(alt), alt, ending))
    return tuple(out)


def word_key(word: str) -> tuple[str, str, str]:
    """(loose stem, strict stem, nominative ending) of a nominative name word (normalised first)."""
    stem, ending = nominative_split(normalise(word))
    return loose(stem), stem, ending


def strict_alike(a: str, b: str) -> bool:
    """Stems equal but for the і/о/е alternation of a closed last syllable (Харків/Харков-)."""
    if a == b:
        return True
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and {diff[0][0], diff[0][1]} <= set("іоеєї") or all(
        {x, y} <= set("кцгзхс") for x, y in diff) and len(diff) == 1
