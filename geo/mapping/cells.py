"""Reading table cells safely: lists that may be arrays, missing values, hostile text."""

from __future__ import annotations

import html
import math
from typing import Any


def text(value: Any) -> str:
    """A cell as plain text; None/NaN become ""."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def esc(value: Any) -> str:
    """A cell as HTML-escaped text (article text is hostile; quotes escaped too)."""
    return html.escape(text(value), quote=True)


def as_list(value: Any) -> list[Any]:
    """A list-like cell (list, tuple, numpy array) as a list; missing → []."""
    if value is None or isinstance(value, str):
        return [] if not value else [value]
    if isinstance(value, float) and math.isnan(value):
        return []
    try:
        return list(value)
    except TypeError:
        return [value]


def as_dict(value: Any) -> dict[str, Any]:
    """A dict cell; anything else → {}."""
    return dict(value) if isinstance(value, dict) else {}


def number(value: Any) -> float | None:
    """A numeric cell as float; missing → None."""
    if value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def on_or_before(day: Any, limit: str | None) -> bool:
    """True when ``day`` (ISO date or missing) is not after ``limit`` (missing limit → always)."""
    d = text(day)[:10]
    return not limit or not d or d <= limit


def fmt_value(lo: Any, hi: Any, unit: Any) -> str:
    """ "45–50 km", "700 km2" or "" for a claim's value range."""
    a, b = number(lo), number(hi)
    if a is None and b is None:
        return ""
    if a is None or b is None or a == b:
        v = a if a is not None else b
        return f"{v:g} {text(unit)}".strip()
    return f"{a:g}–{b:g} {text(unit)}".strip()
