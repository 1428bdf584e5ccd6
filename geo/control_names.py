"""Reading DeepStateMap feature names, keys and fill colours into categories (vocabulary as data).

The archive's format drifts: Ukrainian-only names (2022), bilingual ``Ukrainian /// English``, then a
third ``geoJSON.status.*`` / ``geoJSON.territories.*`` key, in 2025 sometimes only the key. Keys are the
steadiest, then names, then fill colours. DeepState's political layers of far-away "occupied territories"
(fill ``#ff5252``; Karelia, Kurils, East Prussia…) are ``foreign`` and never count as Ukraine.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import datetime

# Category of a ``geojson.<key>`` suffix; any other ``territories.*`` key is a foreign political layer.
KEY_RULES: tuple[tuple[str, str], ...] = (
    ("territories.crimea", "crimea"),
    ("territories.ordlo", "cadr_calr"),
    ("territories.tuzla", "other"),
    ("territories.transnistria", "other"),
    ("zmiinyi_island", "other"),
    ("status.dismissed", "recaptured"),
    ("status.unknown", "contested"),
    ("status.occupied", "occupied"),
    ("status.direction", "direction"),
    ("territories.", "foreign"),
)
# Keyword rules on the normalised name (both languages), checked in order; the first match wins.
KEYWORD_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("other", ("transnistria", "придністров", "tuzla", "тузла", "snake island", "зміїний")),
    (
        "foreign",
        (
            "karelia",
            "карелі",
            "kuril",
            "курильськ",
            "prussia",
            "прусі",
            "пруссі",
            "ichkeria",
            "ічкері",
            "abkhazia",
            "абхазі",
            "tskhinval",
            "цхінвал",
            "petsamo",
            "петсамо",
            "salla",
            "салла",
            "pechorsky",
            "печорськ",
            "latvia",
            "латві",
            "estonia",
            "естоні",
        ),
    ),
    ("direction_retreat", ("direction of escape", "напрямок втечі")),
    ("direction", ("direction of attack", "напрямок удару")),
    ("cadr_calr", ("cadr", "calr", "ордло")),
    ("crimea", ("occupied crimea", "окупований крим")),
    (
        "contested",
        (
            "contested",
            "contensed",
            "під питанням",
            "unknown status",
            "status unknown",
            "situation is unknown",
            "статус невідомий",
            "ситуація невідома",
            "невідомо",
        ),
    ),
    ("recaptured", ("liberated", "taken back", "recaptured", "звільнено")),
    ("occupied", ("occupied", "окуповано", "окуповані", "зайняті ворогом")),
)
EXACT_NAMES = {"крим": "crimea", "crimea": "crimea"}
# Fill colours, used when neither key nor name decides (names such as "24.03" or "Polygon 47").
FILL_RULES = {
    "#ff5252": "foreign",
    "#a52714": "occupied",
    "#0f9d58": "recaptured",
    "#0288d1": "recaptured",
    "#01579b": "recaptured",
    "#bcaaa4": "contested",
    "#bdbdbd": "contested",
}
FOREIGN_FILLS = frozenset({"#ff5252"})
FUZZY_MIN_RATIO = 0.8
FUZZY_PHRASES: tuple[tuple[str, str], ...] = tuple(
    (category, phrase) for category, phrases in KEYWORD_RULES for phrase in phrases if len(phrase) >= 6
)
DATE_RE = re.compile(r"(\d{1,2})(?:\.(\d{1,2}))?\s*-\s*(\d{1,2})\.(\d{1,2})|(\d{1,2})\.(\d{1,2})")
KEY_RE = re.compile(r"geojson\.([a-z0-9_.\-]+)")


def normalise_name(name: str | None) -> str:
    """Lower-case, NFKC, NBSP/newlines → single spaces, trimmed."""
    text = unicodedata.normalize("NFKC", name or "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def _fuzzy_category(text: str) -> str | None:
    parts = [re.sub(r"[\d.\-]+", " ", p).strip() for p in text.split("///")]
    best, best_ratio = None, 0.0
    for part in parts:
        if not part:
            continue
        for category, phrase in FUZZY_PHRASES:
            ratio = difflib.SequenceMatcher(None, part, phrase).ratio()
            if ratio > best_ratio:
                best, best_ratio = category, ratio
    return best if best_ratio >= FUZZY_MIN_RATIO else None


def key_category(text: str) -> str | None:
    """Category of a ``geojson.*`` key inside a normalised name, or None."""
    match = KEY_RE.search(text)
    if not match:
        return None
    key = match.group(1)
    return next((category for prefix, category in KEY_RULES if key.startswith(prefix)), None)


def classify_name(name: str | None, fill: str | None = None) -> str | None:
    """Category of a feature from its name (key first, then words), then its fill; None for labels."""
    text = normalise_name(name)
    colour = (fill or "").strip().lower()
    if colour in FOREIGN_FILLS and text and not any(w in text for w in ("transnistria", "придністров")):
        return "foreign"
    if text:
        by_key = key_category(text)
        if by_key:
            return by_key
        for category, keywords in KEYWORD_RULES:
            if any(k in text for k in keywords):
                return category
        if text.strip(" .") in EXACT_NAMES:
            return EXACT_NAMES[text.strip(" .")]
        if "\ufffd" in text or "///" in text:
            fuzzy = _fuzzy_category(text)
            if fuzzy:
                return fuzzy
    return FILL_RULES.get(colour) if colour else None


def recapture_date_text(name: str) -> str:
    """The ``DD.MM`` (or range) written in a recaptured-area name, Ukrainian part first; '' if none."""
    for part in normalise_name(name).split("///"):
        match = DATE_RE.search(part)
        if match:
            return re.sub(r"\s+", "", match.group(0))
    return ""


def recapture_iso(date_text: str, taken: datetime) -> str:
    """ISO date of the (last day of the) recapture written as ``DD.MM``; year from the snapshot."""
    match = DATE_RE.search(date_text or "")
    if not match:
        return ""
    if match.group(5):
        day, month = int(match.group(5)), int(match.group(6))
    else:
        day, month = int(match.group(3)), int(match.group(4))
    year = taken.year if (month, day) <= (taken.month, taken.day) else taken.year - 1
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return ""
