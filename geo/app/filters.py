"""Pure filters over the pipeline's tables: which quotes, claims and places the views show.

Every function takes DataFrames (the columns of ``Extraction.frames()``) and returns new ones; nothing here
touches Streamlit, so the dashboard's behaviour can be tested without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Filters:
    """What the analyst narrowed the panels to. Empty tuples mean "no restriction"."""

    sides: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    claim_kinds: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    place_id: str | None = None


def _dates(column: pd.Series) -> pd.Series:
    """ISO date strings (or None) → datetime64 (NaT when missing or unreadable)."""
    return pd.to_datetime(column, errors="coerce", format="mixed")


def _has_place(place_ids: pd.Series, place_id: str) -> pd.Series:
    return place_ids.map(lambda ids: place_id in tuple(ids or ()))


def in_date_range(dates: pd.Series, start: dt.date | None, end: dt.date | None) -> pd.Series:
    """True where the date lies in [start, end]; undated rows always pass (they cannot be placed in time)."""
    parsed = _dates(dates)
    keep = pd.Series(True, index=dates.index)
    if start is not None:
        keep &= parsed.isna() | (parsed >= pd.Timestamp(start))
    if end is not None:
        keep &= parsed.isna() | (parsed <= pd.Timestamp(end))
    return keep


def filter_quotes(
    quotes: pd.DataFrame,
    filters: Filters,
    claims: pd.DataFrame | None = None,
    *,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Quotes matching the side, speaker, article, date range and selected place filters; with ``as_of``,
    only quotes made on or before that day (the same rule as claims and places: undated ones pass).

    A claim-kind filter keeps the quotes that carry a claim of those kinds (linked by ``quote_id``), which
    needs ``claims``; without it that filter keeps nothing, since no quote can be shown to match. A place
    filter keeps quotes naming the place and, given ``claims``, quotes carrying a claim about it.
    """
    keep = pd.Series(True, index=quotes.index)
    if filters.sides:
        keep &= quotes["affiliation"].isin(filters.sides)
    if filters.speakers:
        keep &= quotes["speaker"].isin(filters.speakers)
    if filters.articles:
        keep &= quotes["article_id"].isin(filters.articles)
    keep &= in_date_range(quotes["date"], filters.date_from, filters.date_to)
    if as_of is not None:
        keep &= in_date_range(quotes["date"], None, as_of)
    if filters.claim_kinds:
        keep &= quotes["quote_id"].isin(quote_ids_with_claims(claims, filters.claim_kinds))
    if filters.place_id:
        via_claims = set()
        if claims is not None and not claims.empty:
            about = claims[_has_place(claims["place_ids"], filters.place_id)]
            via_claims = {str(q) for q in about["quote_id"] if q is not None and not pd.isna(q)}
        keep &= _has_place(quotes["place_ids"], filters.place_id) | quotes["quote_id"].isin(via_claims)
    return quotes[keep]


def quote_ids_with_claims(claims: pd.DataFrame | None, kinds: Iterable[str]) -> set[str]:
    """Ids of the quotes that carry a claim of one of ``kinds``."""
    if claims is None or claims.empty:
        return set()
    rows = claims[claims["kind"].isin(tuple(kinds))]
    return {str(q) for q in rows["quote_id"] if q is not None and not pd.isna(q)}


def filter_claims(claims: pd.DataFrame, filters: Filters, *, as_of: dt.date | None = None) -> pd.DataFrame:
    """Claims matching the filters; with ``as_of``, only claims already made on that date."""
    keep = pd.Series(True, index=claims.index)
    if filters.sides:
        keep &= claims["affiliation"].isin(filters.sides)
    if filters.speakers:
        keep &= claims["claimant"].isin(filters.speakers)
    if filters.articles:
        keep &= claims["article_id"].isin(filters.articles)
    if filters.claim_kinds:
        keep &= claims["kind"].isin(filters.claim_kinds)
    keep &= in_date_range(claims["date"], filters.date_from, filters.date_to)
    if as_of is not None:
        keep &= claims_made_by(claims, as_of)
    if filters.place_id:
        keep &= _has_place(claims["place_ids"], filters.place_id)
    return claims[keep]


def claims_made_by(claims: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """True for claims dated on or before ``as_of`` (undated claims count as made)."""
    return in_date_range(claims["date"], None, as_of)


def mentions_of(mentions: pd.DataFrame, place_id: str) -> pd.DataFrame:
    """Mentions resolved to one place."""
    return mentions[mentions["place_id"] == place_id]


def conflicts(claims: pd.DataFrame) -> list[pd.DataFrame]:
    """Groups of settlement-control claims about the same place that name different holders."""
    control = claims[(claims["kind"] == "settlement_control") & claims["holder"].notna()]
    groups: dict[str, list[int]] = {}
    for index, ids in control["place_ids"].items():
        for place_id in tuple(ids or ()):
            groups.setdefault(place_id, []).append(index)
    found = []
    for place_id in sorted(groups):
        rows = control.loc[groups[place_id]]
        if rows["holder"].nunique() > 1:
            found.append(rows.assign(conflict_place_id=place_id))
    return found


def options(values: Iterable[object]) -> list[str]:
    """Sorted distinct non-empty strings, for a filter's choices."""
    return sorted({str(v) for v in values if v is not None and str(v) and not pd.isna(v)})


def date_bounds(*columns: pd.Series) -> tuple[dt.date, dt.date] | None:
    """Earliest and latest date across ISO date columns; None when there is none."""
    parsed = pd.concat([_dates(c) for c in columns]) if columns else pd.Series(dtype="datetime64[ns]")
    parsed = parsed.dropna()
    if parsed.empty:
        return None
    return parsed.min().date(), parsed.max().date()


def restrict(values: Sequence[str], allowed: Iterable[str]) -> tuple[str, ...]:
    """``values`` kept in order, without the ones no longer available (e.g. after data changed)."""
    allowed_set = set(allowed)
    return tuple(v for v in values if v in allowed_set)
