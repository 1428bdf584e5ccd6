"""Read articles from files and folders into ``Article`` records.

Accepted: ``.txt`` and ``.md`` files, with optional front matter between ``---`` lines
(``title``, ``published``, ``source``, ``url``). Plain text takes ``published`` from the caller.
The stored text is the body with page boilerplate lines dropped by rule and paragraphs separated by a
blank line; every offset the product reports slices this stored text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.records import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")

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


class IngestError(ValueError):
    """An input that cannot become an article; the message is one line meant for the analyst."""


@dataclass
class IngestReport:
    """Articles read plus the inputs skipped, each with its reason."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def parse_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Split ``---``-delimited ``key: value`` front matter from the body; no front matter → ({}, raw)."""
    if not raw.startswith("---"):
        return {}, raw
    lines = raw.split("\n")
    if lines[0].strip() != "---":
        return {}, raw
    for i in range(1, min(len(lines), 200)):
        if lines[i].strip() in ("---", "..."):
            meta: dict[str, str] = {}
            for line in lines[1:i]:
                key, sep, value = line.partition(":")
                if sep and key.strip():
                    meta[key.strip().lower()] = value.strip().strip("\"'")
            return meta, "\n".join(lines[i + 1 :])
    raise IngestError("front matter opened with '---' is never closed")


def normalise_date(value: str | None) -> str | None:
    """ISO date (YYYY-MM-DD) from a date or datetime string; None for empty; IngestError when unreadable."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    for candidate in (text, text[:10]):
        try:
            return dt.date.fromisoformat(candidate).isoformat()
        except ValueError:
            continue
    raise IngestError(f"unreadable date {text!r} (expected YYYY-MM-DD)")


def is_boilerplate(line: str) -> bool:
    """True for page furniture lines such as "You are viewing a snapshot of an interactive graphic…"."""
    stripped = " ".join(line.split())
    return any(p.fullmatch(stripped) for p in BOILERPLATE_PATTERNS)


def clean_body(body: str) -> str:
    """Stored text: strip lines, drop boilerplate and empty lines, one blank line between paragraphs."""
    paragraphs = []
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if stripped and not is_boilerplate(stripped):
            paragraphs.append(stripped)
    return "\n\n".join(paragraphs)


def article_from_text(
    raw: str,
    article_id: str,
    *,
    published: str | None = None,
    title: str = "",
    source: str = "",
    url: str = "",
    path: str = "",
) -> Article:
    """Build an article from raw text with optional front matter; explicit arguments fill gaps in it."""
    meta, body = parse_front_matter(raw.lstrip("\ufeff"))
    text = clean_body(body)
    if not text:
        raise IngestError("no article text (empty or only boilerplate)")
    date = normalise_date(meta.get("published") or meta.get("date")) or normalise_date(published)
    return Article(
        article_id=article_id,
        title=meta.get("title") or title or _first_words(text),
        published=date,
        source=meta.get("source") or source,
        text=text,
        url=meta.get("url") or url,
        path=path,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _first_words(text: str, n: int = 10) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def read_article(path: Path, *, published: str | None = None) -> Article:
    """Read one article file; IngestError with a one-line reason when it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raise IngestError("not UTF-8 text") from None
    return article_from_text(raw, path.stem, published=published, path=str(path))


def iter_article_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into article files; files are passed through as given."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            yield path


def load_articles(paths: Iterable[Path | str], *, published: str | None = None) -> IngestReport:
    """Read every article under ``paths``; bad inputs are reported in ``skipped``, never raised."""
    report = IngestReport()
    seen: set[str] = set()
    for path in iter_article_paths(Path(p) for p in paths):
        try:
            article = read_article(path, published=published)
        except IngestError as exc:
            report.skipped.append((str(path), str(exc)))
            continue
        if article.article_id in seen:
            report.skipped.append((str(path), f"duplicate article id {article.article_id!r}"))
            continue
        seen.add(article.article_id)
        report.articles.append(article)
    return report
