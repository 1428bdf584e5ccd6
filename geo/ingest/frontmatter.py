"""Plain-text and Markdown articles: optional front matter between ``---`` lines (``title``,
``published``/``date``, ``source``, ``url``) above the body.

Decisions on malformed input (each leaves a one-line reason or warning):
- front matter opened with ``---`` but never closed → the file is refused (``failed``): guessing where the
  metadata ends would put ``title: …`` lines into the article text or lose a paragraph;
- front matter lines that are not ``key: value`` → ignored, with a warning;
- an unreadable date in a file → the article is kept with ``published=None`` and a warning (its claims stay
  "not checkable" until an analyst sets the date); an unreadable date passed by the caller is an error.
"""

from __future__ import annotations

from dataclasses import replace

from geo.ingest.common import (
    IngestError,
    SkippedInput,
    _first_words,
    _one_line,
    clean_body,
    content_hash,
    normalise_date,
    safe_article_id,
)
from geo.ingest.language import detect_language
from geo.records import Article

_FRONT_MATTER_MAX_LINES = 200


def parse_front_matter(raw: str, warnings: list[str] | None = None) -> tuple[dict[str, str], str]:
    """Split ``---``-delimited ``key: value`` front matter from the body; no front matter → ({}, raw)."""
    if not raw.startswith("---"):
        return {}, raw
    first_end = raw.find("\n")
    if raw[: first_end if first_end >= 0 else len(raw)].strip() != "---":
        return {}, raw
    lines = raw.split("\n", _FRONT_MATTER_MAX_LINES + 1)
    for i in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES)):
        if lines[i].strip() in ("---", "..."):
            meta: dict[str, str] = {}
            for n, line in enumerate(lines[1:i], start=2):
                key, sep, value = line.partition(":")
                if sep and key.strip() and " " not in key.strip():
                    meta[key.strip().lower()] = value.strip().strip("\"'")
                elif line.strip() and warnings is not None:
                    warnings.append(f"front matter line {n} ignored (not 'key: value')")
            return meta, "\n".join(lines[i + 1 :])
    raise IngestError("front matter opened with '---' on line 1 is never closed (add a '---' line after it)")



def article_from_text(
    raw: str,
    article_id: str,
    *,
    published: str | None = None,
    title: str = "",
    source: str = "",
    url: str = "",
    path: str = "",
    warnings: list[str] | None = None,
) -> Article:
    """Build an article from raw text with optional front matter; explicit arguments fill gaps in it.

    Warnings about the input (ignored front-matter lines, an unreadable date) are appended to ``warnings``.
    """
    notes: list[str] = [] if warnings is None else warnings
    meta, body = parse_front_matter(raw.lstrip("\ufeff"), notes)
    fallback = normalise_date(published)
    date = fallback
    written = meta.get("published") or meta.get("date")
    if written:
        try:
            date = normalise_date(written) or fallback
        except IngestError as exc:
            notes.append(f"{exc}; stored without a date" if fallback is None else f"{exc}; used {fallback}")
    article = article_from_body(
        body,
        article_id,
        published=date,
        title=meta.get("title") or title,
        source=meta.get("source") or source,
        url=meta.get("url") or url,
        path=path,
    )
    declared = _one_line(meta.get("profile", "")).lower()  # the conflict profile, when the file names one
    return replace(article, profile=declared) if declared else article


def article_from_body(
    body: str,
    article_id: str,
    *,
    published: str | None,
    title: str = "",
    source: str = "",
    url: str = "",
    path: str = "",
    links: tuple[str, ...] = (),
    forwarded_from: str = "",
) -> Article:
    """An article from a body that has no front matter (a Telegram post, a feed entry); ``published`` is an
    ISO date or None. The stored text is ``clean_body(body)``; the language is detected from it."""
    text = clean_body(body)
    if not text:
        raise SkippedInput("no article text (empty or only boilerplate)")
    return Article(
        article_id=safe_article_id(article_id, text),
        title=_one_line(title) or _first_words(text),
        published=published,
        source=_one_line(source),
        text=text,
        url=_one_line(url),
        path=path,
        content_hash=content_hash(text),
        language=detect_language(text),
        links=links,
        forwarded_from=_one_line(forwarded_from),
    )
