"""Reading table cells safely: lists that may be arrays, missing values, hostile text."""

from __future__ import annotations

import html
import math
from collections import namedtuple
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pandas as pd


def text(value: Any) -> str:
    """A cell as plain text; None/NaN become ""."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def esc(value: Any) -> str:
    """A cell as HTML-escaped text (article text is hostile; quotes escaped too)."""
    return _escape(value) if isinstance(value, str) else html.escape(text(value), quote=True)


@lru_cache(maxsize=1 << 16)
def _escape(value: str) -> str:  # kinds, countries, dates, sides repeat across thousands of rows
    return html.escape(value, quote=True)


def fast_rows(frame: pd.DataFrame) -> Iterator[Any]:
    """Rows as named tuples, read column-wise first (iterating Arrow-backed string columns row by row is
    slow). Column names must be identifiers not starting with "_"."""
    row_type = namedtuple("Row", list(frame.columns))  # type: ignore[misc]
    columns = [frame[c].tolist() for c in frame.columns]
    return (row_type(*values) for values in zip(*columns, strict=True))


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
