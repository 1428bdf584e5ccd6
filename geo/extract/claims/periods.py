"""The period a figure claim covers, from its clause: "since the beginning of the year", "since June 14",
"in May", "over the past week", "in three days" → (period_start, period_end) as ISO dates.

The end is the claim's date; the start is resolved against it (a month or day without a year is the
latest one not after the claim date). Phrases that name no day ("since the start of the war") give none.
"""

from __future__ import annotations

import datetime as dt
import re

from geo.extract.claims.patterns import _NUMBER_WORDS

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_COUNT = (
    r"(?P<n>\d{1,3}|"
    + "|".join(sorted((w for w in _NUMBER_WORDS if w != "several"), key=len, reverse=True))
    + ")"
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_PERIOD = re.compile(
    "|".join(
        (
            # since the beginning / start of the year / of the month / of May / of 2024
            r"\bsince\s+the\s+(?:beginning|start|outset)\s+of\s+(?:(?P<this>the|this)\s+(?P<unit0>year|month)|"
            + _MONTH.format(g="mon0")
            + r"|(?P<year0>\d{4}))\b",
            # since June 14 / since 14 June (2024)
            r"\bsince\s+(?:" + _MONTH.format(g="mon1") + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})"
            r"(?:st|nd|rd|th)?\s+(?:of\s+)?"
            + _MONTH.format(g="mon2")
            + r")(?![a-z\d])(?:,?\s+(?P<y1>\d{4}))?",
            # since May, in May (2024), during May, throughout May
            r"\b(?P<prep>since|in|during|throughout|over)\s+(?:the\s+month\s+of\s+)?"
            + _MONTH.format(g="mon3")
            + r"(?![a-z])(?!\s+\d)(?:\s+(?P<y2>\d{4}))?",
            # over / in / during the past (two) week(s), the last 24 hours, the past day
            r"\b(?:over|in|during|within)\s+the\s+(?:past|last|previous)\s+(?:"
            + _COUNT.replace("?P<n>", "?P<n1>")
            + r"\s+)?(?P<unit1>day|week|month|year)s?\b",
            # in three days, in just two weeks, within 10 days
            r"\b(?:in|within)\s+(?:just\s+|only\s+)?"
            + _COUNT.replace("?P<n>", "?P<n2>")
            + r"\s+(?P<unit2>day|week)s?\b",
            # since the beginning of the year, "this year", "so far this year"
            r"\b(?P<soFar>so\s+far\s+)?this\s+(?P<unit3>year|month)\b",
        )
    ),
    re.IGNORECASE,
)
_NEEDLES = (
    "since",
    "past",
    "last",
    "previous",
    "this year",
    "this month",
    " in ",
    "during",
    "throughout",
    "within",
)


def _count(word: str | None) -> int:
    if not word:
        return 1
    w = word.lower()
    return int(w) if w.isdigit() else int(_NUMBER_WORDS.get(w, 1))


def _month_start(month: str, year: str | None, end: dt.date) -> dt.date:
    m = _MONTHS[month.lower()[:3]]
    y = int(year) if year else (end.year if m <= end.month else end.year - 1)
    return dt.date(y, m, 1)


def _day(month: str, day: str, year: str | None, end: dt.date) -> dt.date | None:
    m = _MONTHS[month.lower()[:3]]
    y = int(year) if year else end.year
    try:
        d = dt.date(y, m, int(day))
    except ValueError:
        return None
    return d if year or d <= end else d.replace(year=y - 1)


def claim_period(clause: str, date: str | None) -> tuple[str | None, str | None]:
    """(period_start, period_end) of a figure claim whose clause is ``clause`` and date ``date``."""
    low = clause.lower()
    if not date or not any(n in low for n in _NEEDLES):
        return None, None
    try:
        end = dt.date.fromisoformat(date)
    except ValueError:
        return None, None
    m = _PERIOD.search(clause)
    if m is None:
        return None, None
    g = m.groupdict()
    start: dt.date | None = None
    last = end
    if g["unit0"]:
        start = end.replace(month=1, day=1) if g["unit0"].lower() == "year" else end.replace(day=1)
    elif g["mon0"]:
        start = _month_start(g["mon0"], None, end)
    elif g["year0"]:
        start = dt.date(int(g["year0"]), 1, 1)
    elif g["mon1"] or g["mon2"]:
        start = _day(g["mon1"] or g["mon2"], g["d1"] or g["d2"], g["y1"], end)
    elif g["mon3"]:
        start = _month_start(g["mon3"], g["y2"], end)
        if g["prep"].lower() != "since":  # "in May": the whole month (to the claim date if it is May)
            nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
            last = min(end, nxt - dt.timedelta(days=1))
    elif g["unit1"] or g["unit2"]:
        unit = (g["unit1"] or g["unit2"]).lower()
        start = end - dt.timedelta(days=_count(g["n1"] or g["n2"]) * _UNIT_DAYS[unit])
    elif g["unit3"]:
        start = end.replace(month=1, day=1) if g["unit3"].lower() == "year" else end.replace(day=1)
    if start is None or start > last:
        return None, None
    return start.isoformat(), last.isoformat()


def unit_period(unit: str | None, date: str | None) -> tuple[str | None, str | None]:
    """(period_start, period_end) of a period named by its unit ("year": since the year began, "month",
    "week": the past 7 days, "day": the past day), ending on the claim date."""
    if not unit or not date:
        return None, None
    try:
        end = dt.date.fromisoformat(date)
    except ValueError:
        return None, None
    start = {
        "year": end.replace(month=1, day=1),
        "month": end.replace(day=1),
        "week": end - dt.timedelta(days=7),
        "day": end - dt.timedelta(days=1),
    }.get(unit)
    return (start.isoformat(), end.isoformat()) if start else (None, None)
