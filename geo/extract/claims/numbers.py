"""Numbers and quantities in claims: "1,000", "fifty", "45 to 50 km", units normalised to km and km²."""

from __future__ import annotations

import re

from geo.extract.claims.patterns import _NUMBER_WORDS

# ---------------------------------------------------------------------------------------------- numbers


KM2_PER_SQ_MILE = 2.58999
KM_PER_MILE = 1.609344


def parse_number(text: str) -> float:
    """ "1,000" / "1.000" / "2.5" / "fifty" / "two thousand" → a float."""
    t = text.strip().lower()
    mult = 1.0
    for word, factor in (("thousand", 1000.0), ("hundred", 100.0)):
        if t.endswith(word):
            t, mult = t[: -len(word)].strip(), factor
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t] * mult
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", t):
        return float(re.sub(r"[,.]", "", t)) * mult
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", t):
        return float(t.replace(",", "")) * mult
    return float(t) * mult


def quantity_bounds(m: re.Match[str], factor: float) -> tuple[float | None, float | None]:
    """(value_min, value_max) of a quantity match, scaled by ``factor`` (unit conversion)."""
    a = parse_number(m.group("a")) * factor
    b = parse_number(m.group("b")) * factor if m.group("b") else None
    qual = (m.group("qual") or "").lower()
    if b is not None:
        return round(min(a, b), 3), round(max(a, b), 3)
    a = round(a, 3)
    if qual in (
        "more than", "well over", "just over", "over", "at least", "upwards of", "in excess of",
        "no less than", "not less than",
    ):  # fmt: skip
        return a, None
    if qual in (
        "as far as",
        "as much as",
        "as many as",
        "no more than",
        "not more than",
        "nearly",
        "almost",
        "up to",
        "less than",
        "just under",
        "under",
        "close to",
    ):
        return None, a
    return a, a


def _area_factor(unit: str) -> float:
    u = unit.lower()
    if "mi" in u:
        return KM2_PER_SQ_MILE
    if u.startswith("hectare"):
        return 0.01
    return 1.0


def _dist_factor(unit: str) -> float:
    return KM_PER_MILE if unit.lower().startswith("mi") else 1.0
