"""What every ingest source shares: accepted suffixes, errors, limits, outcomes, dates and the stored text.

The stored text is the body with page boilerplate lines dropped by rule and paragraphs separated by a blank
line; every offset the product reports slices this stored text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from geo.records import Article

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TELEGRAM_SUFFIXES = (".json",)
FEED_SUFFIXES = (".xml", ".rss", ".atom")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
CONTAINER_SUFFIXES = TELEGRAM_SUFFIXES + FEED_SUFFIXES  # one file, many articles
INPUT_SUFFIXES = ARTICLE_SUFFIXES + CONTAINER_SUFFIXES

# Lines that are page furniture rather than reporting. Matched against a whole (stripped) line.
BOILERPLATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"you are viewing a snapshot of an interactive graphic\b.*",
        r"this is probably because you are offline or javascript is disabled.*",
        r"(please )?enable javascript( to view| in your browser).*",
        r"(advertisement|sponsored content|skip advertisement)",
        r"(sign up|subscribe) (to|for) (our|the) [\w\s]{0,40}newsletter.*",
        r"(share|share this article|copy link|read more|related articles?):?",
    )
)
_BOILERPLATE_MAX_LINE = 400  # longer lines are reporting, never furniture


class IngestError(ValueError):
    """An input that cannot become an article; the message is one line meant for the analyst."""


class SkippedInput(IngestError):
    """An input deliberately not taken (empty, binary, too large, wrong type, duplicate), not a broken one."""


@dataclass(frozen=True)
class IngestLimits:
    """Explicit limits on what one ingest reads; change them per call, CLI option or dashboard setting."""

    max_bytes: int = 25 * 1024 * 1024  # per file
    max_files: int = 10_000  # per call (files found in folders count too)
    max_html_depth: int = 1_000  # deeper pages are flattened before parsing (see geo.html_text)


DEFAULT_LIMITS = IngestLimits()


@dataclass(frozen=True)
class FileOutcome:
    """What became of one input: an article, or a status and a one-line reason."""

    path: str
    status: Literal["ok", "skipped", "failed"]
    article: Article | None = None
    reason: str = ""
    warnings: tuple[str, ...] = ()


@dataclass
class IngestReport:
    """Articles read plus the inputs skipped, each with its reason, and warnings about kept articles."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): skipped and failed inputs
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, warning) for articles kept
    failed: int = 0  # how many of ``skipped`` were broken rather than deliberately skipped


_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
    "%B %d %Y", "%b %d %Y", "%d %B, %Y",
)


def normalise_date(value: str | None) -> str | None:
    """ISO date (YYYY-MM-DD) from common date/datetime spellings; None for empty; IngestError when unreadable.

    Accepted: ISO dates and datetimes (``Z`` or offsets), ``2022/09/08``, ``08.09.2022`` (day first),
    ``8 September 2022``, ``September 8, 2022``, RFC 2822 (``Thu, 08 Sep 2022 10:00:00 GMT``). Slash dates
    with the day or month first (``09/08/2022``) are ambiguous and refused, as are years outside 1800–2200.
    """
    if value is None or not str(value).strip():
        return None
    text = " ".join(str(value).split())
    parsed: dt.date | None = None
    with contextlib.suppress(ValueError):
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    if parsed is None and len(text) >= 10:
        with contextlib.suppress(ValueError):
            parsed = dt.date.fromisoformat(text[:10])
    for fmt in _DATE_FORMATS if parsed is None else ():
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    if parsed is None:
        try:
            parsed = email.utils.parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None or not 1800 <= parsed.year <= 2200:
        raise IngestError(f"unreadable date {text[:40]!r} (expected YYYY-MM-DD)")
    return parsed.isoformat()


def is_boilerplate(line: str) -> bool:
    """True for page furniture lines such as "You are viewing a snapshot of an interactive graphic…"."""
    if len(line) > _BOILERPLATE_MAX_LINE:
        return False
    stripped = " ".join(line.split())
    return any(p.fullmatch(stripped) for p in BOILERPLATE_PATTERNS)


_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff]")


def clean_body(body: str) -> str:
    """Stored text: NFC, stripped lines without boilerplate or control characters, blank-line paragraphs.

    Every line separator ``str.splitlines`` knows becomes ``\\n`` first, so offsets computed on the stored
    text mean the same thing to every consumer.
    """
    body = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", body)))
    paragraphs = []
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped and not is_boilerplate(stripped):
            paragraphs.append(stripped)
    return "\n\n".join(paragraphs)


def content_hash(text: str) -> str:
    """sha256 of the stored text: the identity of an article's content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_ID_UNSAFE = re.compile(r"[^\w.-]+")


def _slug(value: str, max_len: int = 80) -> str:
    return _ID_UNSAFE.sub("-", unicodedata.normalize("NFC", value).strip().lower()).strip("-.")[:max_len]


def safe_article_id(article_id: str, text: str) -> str:
    """An id safe inside mention keys (``id:start:end``) and URLs: letters, digits, ``-_.``; never empty."""
    cleaned = _ID_UNSAFE.sub("-", unicodedata.normalize("NFC", article_id).strip()).strip("-.")[:120]
    return cleaned or f"article-{content_hash(text)[:10]}"


def _one_line(value: str) -> str:
    return " ".join(value.split())[:500]


def _first_words(text: str, n: int = 10) -> str:
    words = text[:2000].split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


