"""Saved web pages: the article text with the page's own title, date, source and URL (``geo.html_text``)."""

from __future__ import annotations

from geo.html_text import html_to_article
from geo.ingest.common import DEFAULT_LIMITS, IngestError, IngestLimits, SkippedInput, normalise_date
from geo.ingest.frontmatter import article_from_text
from geo.records import Article


def article_from_html(
    html: str,
    article_id: str,
    *,
    published: str | None = None,
    title: str = "",
    source: str = "",
    url: str = "",
    path: str = "",
    limits: IngestLimits = DEFAULT_LIMITS,
    warnings: list[str] | None = None,
) -> Article:
    """Build an article from a web page: its article text, with the page's own title, date, source and URL."""
    notes: list[str] = [] if warnings is None else warnings
    page = html_to_article(html, max_depth=limits.max_html_depth)
    if page.flattened:
        notes.append(f"HTML nested deeper than {limits.max_html_depth} levels; page structure was flattened")
    if not page.text.strip():
        raise SkippedInput("no article text in the HTML page")
    date = normalise_date(published)
    if page.published:
        try:
            date = normalise_date(page.published) or date
        except IngestError as exc:
            notes.append(f"page date ignored: {exc}")
    return article_from_text(
        page.text,
        article_id,
        published=date,
        title=title or page.title,
        source=source or page.source,
        url=url or page.url,
        path=path,
        warnings=notes,
    )



def looks_like_html(text: str) -> bool:
    """True when the text starts like a web page (doctype or an <html>/<head>/<body> tag)."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<?xml")) or (
        head.startswith("<") and ("<body" in head or "<article" in head or "<p>" in head)
    )


