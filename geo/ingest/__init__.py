"""Articles in: files, folders, uploads, pasted text, Telegram exports and RSS/Atom feeds → ``Article``.

One module per source — ``files`` (paths, folders, uploads), ``frontmatter`` (plain text and Markdown),
``html`` (saved web pages), ``telegram`` (Telegram Desktop JSON exports), ``feeds`` (RSS/Atom files and,
opt-in, URLs) — over ``common`` (errors, limits, outcomes, dates, the stored text) and ``language``
(each article's detected language). Bad input is reported with a one-line reason, never raised.
"""

from geo.ingest.common import (
    ARTICLE_SUFFIXES,
    BOILERPLATE_PATTERNS,
    CONTAINER_SUFFIXES,
    DEFAULT_LIMITS,
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    INPUT_SUFFIXES,
    TELEGRAM_SUFFIXES,
    TEXT_SUFFIXES,
    FileOutcome,
    IngestError,
    IngestLimits,
    IngestReport,
    SkippedInput,
    clean_body,
    content_hash,
    is_boilerplate,
    normalise_date,
    safe_article_id,
)
from geo.ingest.containers import ContainerRead, articles_in, container_kind, open_container
from geo.ingest.feeds import fetch_feed, is_url, iter_feed
from geo.ingest.files import (
    article_from_bytes,
    article_from_paste,
    article_from_upload,
    articles_from_upload,
    ingest_files,
    list_inputs,
    load_articles,
    read_article,
    read_bytes,
)
from geo.ingest.frontmatter import article_from_body, article_from_text, parse_front_matter
from geo.ingest.html import article_from_html, looks_like_html
from geo.ingest.language import detect_language
from geo.ingest.telegram import TelegramRead, iter_telegram, message_text

__all__ = [
    "ARTICLE_SUFFIXES", "BOILERPLATE_PATTERNS", "CONTAINER_SUFFIXES", "DEFAULT_LIMITS", "FEED_SUFFIXES",
    "HTML_SUFFIXES", "INPUT_SUFFIXES", "TELEGRAM_SUFFIXES", "TEXT_SUFFIXES", "ContainerRead", "FileOutcome",
    "IngestError", "IngestLimits", "IngestReport", "SkippedInput", "TelegramRead", "article_from_body",
    "article_from_bytes", "article_from_html", "article_from_paste", "article_from_text",
    "article_from_upload",
    "articles_from_upload", "articles_in", "clean_body", "container_kind", "content_hash", "detect_language",
    "fetch_feed", "ingest_files", "is_boilerplate", "is_url", "iter_feed", "iter_telegram", "list_inputs",
    "load_articles", "looks_like_html", "message_text", "normalise_date", "open_container",
    "parse_front_matter", "read_article", "read_bytes", "safe_article_id",
]
