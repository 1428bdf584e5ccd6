"""RSS and Atom feeds (files, and feed URLs when the caller opts in): one article per entry, via feedparser.

Each entry gives the title, the link (the article's URL), the date (``published``, else ``updated``; UTC)
and the text: the longest of the entry's ``content`` and ``summary``, HTML reduced to text as for web pages.
The feed's title is the source. A malformed feed keeps the entries parsed before the damage, with a warning.
Feed URLs are fetched only when the caller allows the network (``--online``, like the online geocoder),
with a timeout and a size limit; feedparser itself never fetches anything here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from geo.html_text import fragment_to_text
from geo.ingest.common import DEFAULT_LIMITS, IngestError, IngestLimits, SkippedInput, _mb, _slug
from geo.ingest.frontmatter import article_from_body
from geo.records import Article

FETCH_TIMEOUT_S = 20.0
_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes look like an RSS, RDF or Atom document."""
    text = head[:4096].lower()
    return any(marker in text for marker in _FEED_MARKERS)


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


@dataclass
class FeedRead:
    """What one feed yielded besides its articles."""

    title: str = ""
    entries: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    broken: str = ""  # why the feed is malformed, when feedparser says so (entries before it are kept)

    def summary(self) -> str:
        return ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))


def iter_feed(
    data: bytes, *, path: str = "", limits: IngestLimits = DEFAULT_LIMITS, read: FeedRead | None = None
) -> Iterator[Article]:
    """Articles of a feed document, entry by entry; SkippedInput when it is no feed at all."""
    import feedparser

    state = read if read is not None else FeedRead()
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    feed = parsed.get("feed", {})
    if not parsed.get("entries") and not feed.get("title") and parsed.get("bozo"):
        raise IngestError(f"not a readable feed: {_error(parsed.get('bozo_exception'))}")
    if not parsed.get("entries") and not looks_like_feed(data[:4096]):
        raise SkippedInput("no feed entries (not an RSS or Atom document)")
    if parsed.get("bozo") and parsed.get("entries"):
        state.broken = f"feed is malformed ({_error(parsed.get('bozo_exception'))}); entries before it kept"
    state.title = " ".join(str(feed.get("title") or "").split())
    stem = _slug(state.title, 40) or _slug(path.rsplit("/", 1)[-1].rsplit(".", 1)[0], 40) or "feed"
    for entry in parsed.get("entries", []):
        state.entries += 1
        article = _entry(entry, state, stem=stem, path=path, limits=limits)
        if article is not None:
            yield article


def _entry(entry: Any, state: FeedRead, *, stem: str, path: str, limits: IngestLimits) -> Article | None:
    link = str(entry.get("link") or "").strip()
    identity = str(entry.get("id") or link or entry.get("title") or state.entries)
    body = _body(entry, limits)
    if not body.strip():
        state.skipped["entries without text"] += 1
        return None
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:10]
    try:
        return article_from_body(
            body,
            f"{stem}-{digest}",
            published=_date(entry),
            title=fragment_to_text(str(entry.get("title") or "")),
            source=state.title,
            url=link,
            path=f"{path}#{state.entries}" if path else "",
            links=(link,) if link else (),
        )
    except SkippedInput:
        state.skipped["entries without text"] += 1
        return None


def _body(entry: Any, limits: IngestLimits) -> str:
    candidates = [str(c.get("value") or "") for c in entry.get("content") or [] if isinstance(c, dict)]
    candidates.append(str(entry.get("summary") or ""))
    longest = max(candidates, key=len)
    return fragment_to_text(longest, max_depth=limits.max_html_depth)


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except (AttributeError, ValueError):
                continue
    return None


def fetch_feed(url: str, *, limits: IngestLimits = DEFAULT_LIMITS, timeout: float = FETCH_TIMEOUT_S) -> bytes:
    """The bytes of a feed URL (http/https only, at most ``limits.max_bytes``); IngestError on failure."""
    if not is_url(url):
        raise IngestError(f"not an http(s) URL: {url[:80]}")
    from geo.geocoders.online import user_agent

    accept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            data = response.read(limits.max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise IngestError(f"feed URL answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IngestError(f"cannot fetch the feed: {reason}") from None
    if len(data) > limits.max_bytes:
        raise SkippedInput(f"feed too large (over {_mb(limits.max_bytes)})")
    return data


def _error(exc: Any) -> str:
    return " ".join(str(exc or "unknown error").split())[:160]
