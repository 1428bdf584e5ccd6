"""Safe display of text that came from articles: escaped for Streamlit markdown, never rendered as HTML.

Streamlit's markdown understands CommonMark plus its own directives (``:red[…]``, ``:material/…:``, ``$…$``);
an article could contain any of them. Backslash-escaping every ASCII punctuation character turns all of it
into literal text, including ``<script>``, which then shows as the characters ``<script>``.
"""

from __future__ import annotations

import math
import re
from typing import Any

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
_SPACE = re.compile(r"\s+")

# Streamlit badge colours per side (markdown ``:color-badge[…]``); matched to the map's holder colours.
SIDE_BADGE_COLORS: dict[str, str] = {
    "ukraine": "blue",
    "russia": "red",
    "west": "violet",
    "independent": "green",
    "unknown": "gray",
}
VERDICT_BADGE_COLORS: dict[str, str] = {
    "consistent": "green",
    "overstated": "orange",
    "not supported": "red",
    "not checkable": "gray",
}


def plain(value: Any) -> str:
    """A cell as display text: None/NaN → "", everything else ``str``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def md_escape(value: Any, *, one_line: bool = True) -> str:
    """Text shown literally by ``st.markdown`` (no formatting, links, HTML or directives)."""
    text = plain(value)
    if one_line:
        text = _SPACE.sub(" ", text).strip()
    return _PUNCTUATION.sub(r"\\\1", text)


def badge(label: str, color: str) -> str:
    """Markdown for a coloured badge with an escaped label."""
    return f":{color}-badge[{md_escape(label)}]"


def side_badge(side: Any) -> str:
    name = plain(side) or "unknown"
    return badge(name, SIDE_BADGE_COLORS.get(name, "gray"))


def verdict_badge(verdict: Any) -> str:
    name = plain(verdict) or "not checkable"
    return badge(name, VERDICT_BADGE_COLORS.get(name, "gray"))


def value_text(low: Any, high: Any, unit: Any) -> str:
    """ "700 km2", "50–60 km", or "" for claims without a number."""

    def num(v: Any) -> float | None:
        try:
            f = float(v)
        except (TypeError, ValueError):
            return None
        return None if math.isnan(f) else f

    lo, hi, u = num(low), num(high), plain(unit)
    if lo is None and hi is None:
        return ""
    if lo is None or hi is None or lo == hi:
        value = f"{(lo if lo is not None else hi):,.0f}"
    else:
        value = f"{lo:,.0f}–{hi:,.0f}"
    return f"{value} {u}".strip()
