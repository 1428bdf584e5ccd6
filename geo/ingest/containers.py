"""Files that hold many articles — Telegram exports (``.json``) and RSS/Atom feeds — behind one interface.

:func:`open_container` sniffs the kind from the suffix and the first bytes and returns a
:class:`ContainerRead`: a lazy iterator of articles plus, once it is exhausted, what was skipped and where
the file broke. The CLI, ``load_articles``, the dashboard upload and a batch runner all use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from geo.ingest.common import (
    DEFAULT_LIMITS,
    FEED_SUFFIXES,
    TELEGRAM_SUFFIXES,
    IngestError,
    IngestLimits,
    SkippedInput,
)
from geo.ingest.feeds import FeedRead, iter_feed, looks_like_feed
from geo.ingest.telegram import TelegramRead, estimate_posts, iter_telegram, looks_like_telegram
from geo.records import Article

ContainerKind = Literal["telegram", "feed"]


def container_kind(suffix: str, head: bytes) -> ContainerKind | None:
    """"telegram" or "feed" when the file (by suffix, then content) holds many articles; else None."""
    suffix = suffix.lower()
    if suffix in TELEGRAM_SUFFIXES or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "telegram" if looks_like_telegram(head) else None
    if suffix in FEED_SUFFIXES or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "feed" if looks_like_feed(head) else None
    return None


@dataclass
class ContainerRead:
    """A file of many articles being read: iterate ``articles`` once; then read ``broken`` and ``summary``."""

    kind: ContainerKind
    path: str
    estimate: int  # expected number of items (for progress bars; 0 when unknown)
    articles: Iterator[Article]
    telegram: TelegramRead = field(default_factory=TelegramRead)
    feed: FeedRead = field(default_factory=FeedRead)

    @property
    def broken(self) -> str:
        return self.telegram.broken if self.kind == "telegram" else self.feed.broken

    @property
    def summary(self) -> str:
        """One line on skipped items ("12 service messages, 3 posts without text"), "" when none."""
        return self.telegram.summary() if self.kind == "telegram" else self.feed.summary()

    @property
    def source(self) -> str:
        return self.telegram.name if self.kind == "telegram" else self.feed.title


def open_container(
    data: bytes,
    *,
    kind: ContainerKind,
    path: str = "",
    limits: IngestLimits = DEFAULT_LIMITS,
    telegram_username: str = "",
) -> ContainerRead:
    """A lazy reader of ``data`` (the whole file's bytes, already within ``limits.max_bytes``)."""
    if kind == "telegram":
        read = ContainerRead(kind, path, estimate_posts(data), iter([]))
        read.articles = iter_telegram(data, path=path, username=telegram_username, read=read.telegram)
        return read
    read = ContainerRead(kind, path, data.count(b"<item") + data.count(b"<entry"), iter([]))
    read.articles = iter_feed(data, path=path, limits=limits, read=read.feed)
    return read


def articles_in(
    data: bytes,
    *,
    kind: ContainerKind,
    path: str = "",
    limits: IngestLimits = DEFAULT_LIMITS,
    telegram_username: str = "",
    warnings: list[str] | None = None,
) -> list[Article]:
    """Every article of a container, with its skip summary and damage as warnings; IngestError when none."""
    read = open_container(data, kind=kind, path=path, limits=limits, telegram_username=telegram_username)
    articles = list(read.articles)
    notes = [] if warnings is None else warnings
    if read.summary:
        notes.append(f"skipped {read.summary}")
    if read.broken:
        notes.append(f"{read.broken}; kept {len(articles)} articles")
    if not articles:
        if read.broken:
            raise IngestError(read.broken)
        raise SkippedInput(f"no articles in the {'export' if kind == 'telegram' else 'feed'}")
    return articles
