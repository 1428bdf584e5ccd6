"""Absolute dates for what articles report, resolved from the publication date.

News prose dates events relative to the day it is published: "on Thursday" is the most recent Thursday on
or before publication (the same day when it is one), "yesterday" the day before, "on September 5" /
"5 September" that day of the publication year (the previous year when that would lie more than a week
ahead), and "that afternoon" / "that day" the day already in context. Month-only and year-only phrases
("in February", "since January", "in 2014") are not day dates and are ignored.

A sentence's date is its own explicit date; else, when it continues the previous sentence (starts with a
pronoun, carries a pronoun attribution such as "he said", or is a bare quotation), the previous sentence's
date; else the publication date. Dates are not carried across unrelated sentences of a long paragraph, so
a photo caption's "on Wednesday" does not re-date the quotes after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from geo.lang import vocabulary
from geo.records import Article
from geo.text.sentences import Sentence

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = vocabulary("en").number_words  # "two days ago"

_MONTH = (
    r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
        (
            "month_day",
            _MONTH.format(g="mon") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>\d{4}))?",
        ),
        (
            "day_month",
            r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            + _MONTH.format(g="mon")
            + r"(?![a-z])(?:,?\s+(?P<y>\d{4}))?",
        ),
        (
            "weekday",
            r"\b(?:(?P<mod>last|this|next|past)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday"
            r"|saturday|sunday)s?\b" + _PART,
        ),
        ("day_before_yesterday", r"\bthe day before yesterday\b"),
        ("yesterday", r"\byesterday\b" + _PART + r"|\blast night\b"),
        ("today", r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b"),
        ("days_ago", r"\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten) days? ago\b"),
        ("last_week", r"\blast week\b"),
        ("this_week", r"\b(?:earlier |later )?this week\b"),
        ("next_day", r"\bthe (?:next|following) day\b|\bthe day after\b"),
        ("previous_day", r"\bthe (?:previous|preceding) day\b|\bthe day before\b"),
        (
            "same_day",
            r"\b(?:that|the same) (?:day|morning|afternoon|evening|night)\b|"
            r"\b(?:earlier|later) (?:that|in the|on the) day\b",
        ),
    )
)
# Case-sensitive twins of the patterns, run on case-folded text (same length, 2-3x faster).
_FOLDED = {kind: re.compile(pattern.pattern) for kind, pattern in _PATTERNS}
_PERIOD_START = re.compile(
    r"\b(?:since|until|till|from|through)\s+(?:early\s+|late\s+|last\s+)?$"
    # "since launching the counteroffensive on Aug. 29": an event that starts the period, not the day reported
    r"|\b(?:since|until)\s+\w+ing\b[^,.;:]{0,50}?\b(?:on|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PRIORITY = {kind: i for i, (kind, _) in enumerate(_PATTERNS)}
ANAPHORIC = frozenset({"same_day", "next_day", "previous_day"})


@dataclass(frozen=True)
class DateExpression:
    """A date phrase found in text; ``start``/``end`` are offsets in the text searched."""

    start: int
    end: int
    text: str
    kind: str
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def anaphoric(self) -> bool:
        """True for phrases that need the day in context ("that afternoon", "the next day")."""
        return self.kind in ANAPHORIC


def find_date_expressions(text: str) -> list[DateExpression]:
    """Day-level date phrases in ``text``, in order, without overlaps (earlier-listed patterns win)."""
    return list(_find_date_expressions(text))


# What each pattern needs in the (case-folded) text; patterns whose need is absent cannot match and are
# skipped, and a text that needs none of them holds no date phrase.
_MONTH_STEMS = tuple(_MONTHS)
_TIME_WORDS = ("day", "night", "morning", "afternoon", "evening")
_ANY_WORDS = (*_TIME_WORDS, "ago", "week")
_DIGIT = re.compile(r"\d")
_FOLD = str.maketrans({"İ": "I", "ı": "i", "ſ": "s"})  # as re.IGNORECASE matches them
_NEEDS: dict[str, Callable[[str, bool], bool]] = {
    "iso": lambda low, digit: digit and "-" in low,
    "month_day": lambda low, digit: digit and any(m in low for m in _MONTH_STEMS),
    "day_month": lambda low, digit: digit and any(m in low for m in _MONTH_STEMS),
    "weekday": lambda low, digit: "day" in low and any(w in low for w in _WEEKDAYS),
    "day_before_yesterday": lambda low, digit: "yesterday" in low,
    "yesterday": lambda low, digit: "yesterday" in low or "night" in low,
    "today": lambda low, digit: "today" in low or "tonight" in low or "this " in low,
    "days_ago": lambda low, digit: "ago" in low,
    "last_week": lambda low, digit: "week" in low,
    "this_week": lambda low, digit: "week" in low,
    "next_day": lambda low, digit: "the " in low and "day" in low,
    "previous_day": lambda low, digit: "the " in low and "day" in low,
    "same_day": lambda low, digit: (
        ("that " in low or "same " in low or "the day" in low) and any(w in low for w in _TIME_WORDS)
    ),
}


@lru_cache(maxsize=4096)
def _find_date_expressions(text: str) -> tuple[DateExpression, ...]:
    low = text.lower()
    if "ı" in low or "ſ" in low or "\u0307" in low:  # rare letters that fold differently
        low = text.translate(_FOLD).lower()
    digit = _DIGIT.search(text) is not None
    found: list[DateExpression] = []
    if _CYRILLIC.search(low):
        found.extend(_cyrillic_expressions(text, low))
    if not digit and not any(w in low for w in _ANY_WORDS):
        return tuple(found)
    for kind, pattern in _PATTERNS:
        if not _NEEDS[kind](low, digit):
            continue
        for folded in _FOLDED[kind].finditer(low):
            m = pattern.match(text, folded.start()) or folded  # re-read from the text: groups keep case
            if any(m.start() < e.end and e.start < m.end() for e in found):
                continue
            if kind == "month_day" and m.group("mon").lower() == "may" and not m.group("mon")[0].isupper():
                continue  # "may 5" in lower case is a modal verb before a number
            if _PERIOD_START.search(text[max(0, m.start() - 72) : m.start()]):
                continue  # "since Saturday", "until Monday": the edge of a period, not the day reported
            fields = tuple((k, v) for k, v in m.groupdict().items() if v is not None)
            found.append(DateExpression(m.start(), m.end(), m.group(), kind, fields))
    return tuple(sorted(_without_overlaps(found), key=lambda e: e.start))


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MONTH_ABBR = tuple(_MONTHS)  # month number - 1 → "jan" … "dec", the fields the resolver reads


@lru_cache(maxsize=4)
def _cyrillic_patterns(lang: str) -> tuple[tuple[str, re.Pattern[str], dict[str, int]], ...]:
    """The date patterns of a Ukrainian or Russian vocabulary (``[dates]`` of its speech.toml)."""
    from geo.extract.speech.cyrillic import speech_words

    d = speech_words(lang).dates
    months, weekdays = d["months"], d["weekdays"]
    month = "|".join(months)
    prep = "|".join(d["prepositions"])
    out = [
        (
            "day_month",
            re.compile(rf"(?<!\w)(?P<d>\d{{1,2}})\s+(?P<mon>{month})(?!\w)(?:\s+(?P<y>\d{{4}}))?"),
            months,
        ),
        ("weekday", re.compile(rf"(?<!\w)(?:{prep})\s+(?P<wd>{'|'.join(weekdays)})(?!\w)"), weekdays),
    ]
    for kind in ("day_before_yesterday", "yesterday", "today"):
        out.append((kind, re.compile(rf"(?<!\w)(?:{'|'.join(d[kind])})(?!\w)"), {}))
    return tuple(out)


def _cyrillic_expressions(text: str, low: str) -> list[DateExpression]:
    """Ukrainian and Russian day phrases ("15 вересня", "у неділю", "во вторник", "вчера"), with the same
    kinds and fields as the English ones."""
    found: list[DateExpression] = []
    for lang in ("uk", "ru"):
        for kind, pattern, table in _cyrillic_patterns(lang):
            for m in pattern.finditer(low):
                if any(m.start() < e.end and e.start < m.end() for e in found):
                    continue
                fields: dict[str, str] = {k: v for k, v in m.groupdict().items() if v is not None}
                if "mon" in fields:
                    number = next(n for p, n in table.items() if re.fullmatch(p, fields["mon"]))
                    fields["mon"] = _MONTH_ABBR[number - 1]
                if "wd" in fields:
                    fields["wd"] = _WEEKDAYS[
                        next(n for p, n in table.items() if re.fullmatch(p, fields["wd"]))
                    ]
                found.append(
                    DateExpression(m.start(), m.end(), text[m.start() : m.end()], kind, tuple(fields.items()))
                )
    return found


def _without_overlaps(found: list[DateExpression]) -> list[DateExpression]:
    kept: list[DateExpression] = []
    for e in found:
        if not any(e.start < k.end and k.start < e.end for k in kept):
            kept.append(e)
    return kept


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _parse(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve_expression(expr: DateExpression, published: str | None, context: str | None = None) -> str | None:
    """ISO date of one phrase; ``context`` is the day in context for "that afternoon" (default: published)."""
    pub = _parse(published)
    ctx = _parse(context) or pub
    f = dict(expr.fields)
    kind = expr.kind
    if kind == "iso":
        return _iso(_safe_date(int(f["y"]), int(f["m"]), int(f["d"])))
    if kind in ("month_day", "day_month"):
        month = _MONTHS[f["mon"].lower()[:3]]
        if "y" in f:
            return _iso(_safe_date(int(f["y"]), month, int(f["d"])))
        if pub is None:
            return None
        day = _safe_date(pub.year, month, int(f["d"]))
        if day and day > pub + dt.timedelta(days=7):
            day = _safe_date(pub.year - 1, month, int(f["d"]))
        return _iso(day)
    if kind in ANAPHORIC:
        if ctx is None:
            return None
        shift = {"same_day": 0, "next_day": 1, "previous_day": -1}[kind]
        return _iso(ctx + dt.timedelta(days=shift))
    if pub is None:
        return None
    if kind == "weekday":
        target = _WEEKDAYS.index(f["wd"].lower())
        back = (pub.weekday() - target) % 7
        modifier = f.get("mod", "").lower()
        if modifier == "next":
            return _iso(pub + dt.timedelta(days=(target - pub.weekday()) % 7 or 7))
        if modifier in ("last", "past") and back == 0:
            back = 7
        return _iso(pub - dt.timedelta(days=back))
    offsets = {"yesterday": 1, "day_before_yesterday": 2, "today": 0, "last_week": 7, "this_week": 0}
    if kind in offsets:
        return _iso(pub - dt.timedelta(days=offsets[kind]))
    if kind == "days_ago":
        n = f["n"].lower()
        return _iso(pub - dt.timedelta(days=int(n) if n.isdigit() else _NUMBER_WORDS[n]))
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_date(
    expression_context: str,
    published: str | None,
    context_date: str | None = None,
    anchor: int | None = None,
) -> str | None:
    """ISO date of the date phrase in ``expression_context`` (the one nearest ``anchor`` when given, else
    the first), resolved against ``published``; None when the text holds no day-level date phrase."""
    expressions = find_date_expressions(expression_context)
    expr = _nearest(expressions, anchor)
    return resolve_expression(expr, published, context_date) if expr else None


def _nearest(expressions: Sequence[DateExpression], anchor: int | None) -> DateExpression | None:
    if not expressions:
        return None
    if anchor is None:
        return expressions[0]

    def distance(e: DateExpression) -> int:
        return 0 if e.start <= anchor < e.end else min(abs(e.start - anchor), abs(e.end - anchor))

    return min(expressions, key=distance)


@dataclass(frozen=True)
class SentenceDate:
    """A sentence's date and where it came from: "explicit", "chain" (previous sentence), "published"."""

    date: str | None
    source: str


_PRONOUN_START = re.compile(r"^(?:he|she|they|it|his|her|their|its)\b", re.IGNORECASE)
_PRONOUN_ATTRIBUTION = re.compile(
    r"[,”\"?!]\s*(?:he|she|they|it)\s+(?:also\s+)?(?:said|says|added|adds|wrote|writes|told|noted|continued|"
    r"warned|explained|insisted|stressed|argued)\b",
    re.IGNORECASE,
)


def continues_previous(sentence_text: str) -> bool:
    """True when a sentence leans on the one before it: pronoun start, pronoun attribution, bare quote."""
    text = sentence_text.strip()
    if _PRONOUN_START.match(text) or _PRONOUN_ATTRIBUTION.search(text):
        return True
    return text[:1] in '“"' and text.rstrip()[-1:] in '”"' and text.count("“") + text.count('"') <= 2


def sentence_dates(article: Article, sentences: Sequence[Sentence]) -> list[SentenceDate]:
    """The date of every sentence, in order (see the module docstring for the rule)."""
    return list(_sentence_dates(article, sentences))


def _sentence_dates(article: Article, sentences: Sequence[Sentence]) -> tuple[SentenceDate, ...]:
    dates: list[SentenceDate] = []
    previous: str | None = article.published
    for s in sentences:
        text = article.text[s.start : s.end]
        expressions = find_date_expressions(text)
        if expressions:
            expr = next((e for e in expressions if not e.anaphoric), expressions[0])
            date = resolve_expression(expr, article.published, previous)
            result = SentenceDate(date, "explicit")
        elif dates and continues_previous(text):
            result = SentenceDate(previous, "chain")
        else:
            result = SentenceDate(article.published, "published")
        dates.append(result)
        previous = result.date
    return tuple(dates)


def date_for_sentence(
    article: Article,
    sentences: Sequence[Sentence],
    index: int,
    anchor: int | None = None,
    dates: Sequence[SentenceDate] | None = None,
) -> str | None:
    """Date for sentence ``index``: its explicit date phrase nearest ``anchor`` (an article offset), else
    the date the sentence inherits (previous sentence in a chain, else publication)."""
    dates = dates if dates is not None else sentence_dates(article, sentences)
    if not 0 <= index < len(sentences):
        return article.published
    s = sentences[index]
    text = article.text[s.start : s.end]
    local_anchor = None if anchor is None else anchor - s.start
    expressions = find_date_expressions(text)
    if expressions:
        context = dates[index - 1].date if index > 0 else article.published
        expr = _nearest(expressions, local_anchor)
        if expr is not None:
            return resolve_expression(expr, article.published, context)
    return dates[index].date


_STATEMENT_GAP = re.compile(
    r"^(?:\s+(?:on|in|at|during|to|via|from|after|before)\s+[\w’'. -]*?)*\s*(?:on\s+)?$"
)


def statement_date(
    article: Article,
    sentences: Sequence[Sentence],
    index: int,
    verb_end: int,
    dates: Sequence[SentenceDate] | None = None,
) -> str | None:
    """The date of a statement from the phrase right after its verb ("said on Thursday", "wrote on
    Facebook on Friday", "said in its assessment on Monday"), not a date inside the reported clause."""
    s = sentences[index]
    tail = article.text[verb_end : min(s.end, verb_end + 60)]
    for expr in find_date_expressions(tail):
        if expr.start <= 45 and _STATEMENT_GAP.match(tail[: expr.start]):
            dates = dates if dates is not None else sentence_dates(article, sentences)
            context = dates[index - 1].date if index > 0 else article.published
            return resolve_expression(expr, article.published, context)
        break
    return None
