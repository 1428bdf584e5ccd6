"""Read articles from files, folders and uploads into ``Article`` records, never raising on bad input.

Accepted: ``.txt``, ``.md`` (optional front matter between ``---`` lines: ``title``, ``published``/``date``,
``source``, ``url``) and ``.html``/``.htm`` (reduced to the article text; title, date, source and URL from the
page's metadata). Bytes are decoded by ``geo.textdecode`` (BOM, UTF-16, legacy code pages, binary refusal).
The stored text is the body with page boilerplate lines dropped by rule and paragraphs separated by a blank
line; every offset the product reports slices this stored text.

Decisions on malformed input (each leaves a one-line reason or warning):
- front matter opened with ``---`` but never closed → the file is refused (``failed``): guessing where the
  metadata ends would put ``title: …`` lines into the article text or lose a paragraph;
- front matter lines that are not ``key: value`` → ignored, with a warning;
- an unreadable date in a file → the article is kept with ``published=None`` and a warning (its claims stay
  "not checkable" until an analyst sets the date); an unreadable date passed by the caller is an error;
- files over ``IngestLimits.max_bytes`` and inputs beyond ``max_files`` → skipped with the limit named.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from geo.html_text import html_to_article
from geo.records import Article
from geo.textdecode import NotText, decode_bytes

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

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
_FRONT_MATTER_MAX_LINES = 200


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


# ------------------------------------------------------------------------------------------ text → article


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
    text = clean_body(body)
    if not text:
        raise SkippedInput("no article text (empty or only boilerplate)")
    fallback = normalise_date(published)
    date = fallback
    written = meta.get("published") or meta.get("date")
    if written:
        try:
            date = normalise_date(written) or fallback
        except IngestError as exc:
            notes.append(f"{exc}; stored without a date" if fallback is None else f"{exc}; used {fallback}")
    return Article(
        article_id=safe_article_id(article_id, text),
        title=_one_line(meta.get("title") or title) or _first_words(text),
        published=date,
        source=_one_line(meta.get("source") or source),
        text=text,
        url=_one_line(meta.get("url") or url),
        path=path,
        content_hash=content_hash(text),
        profile=_one_line(meta.get("profile", "")).lower(),
    )


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


def article_from_bytes(
    data: bytes,
    article_id: str,
    *,
    kind: Literal["text", "html"] | None = None,
    published: str | None = None,
    title: str = "",
    source: str = "",
    url: str = "",
    path: str = "",
    limits: IngestLimits = DEFAULT_LIMITS,
    warnings: list[str] | None = None,
) -> Article:
    """Decode ``data`` (any common encoding) and build an article; ``kind`` None sniffs HTML from content."""
    notes: list[str] = [] if warnings is None else warnings
    if len(data) > limits.max_bytes:
        raise SkippedInput(f"too large: {_mb(len(data))} (limit {_mb(limits.max_bytes)})")
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        raise SkippedInput(str(exc)) from None
    notes.extend(decoded.notes)
    if kind is None:
        kind = "html" if looks_like_html(decoded.text) else "text"
    build = article_from_html if kind == "html" else article_from_text
    extra = {"limits": limits} if kind == "html" else {}
    return build(
        decoded.text, article_id, published=published, title=title, source=source, url=url, path=path,
        warnings=notes, **extra,
    )


def article_from_upload(
    name: str,
    data: bytes,
    *,
    published: str | None = None,
    title: str = "",
    source: str = "",
    url: str = "",
    limits: IngestLimits = DEFAULT_LIMITS,
    warnings: list[str] | None = None,
) -> Article:
    """An uploaded file (dashboard): id from the name, HTML by suffix or content; IngestError if unusable."""
    suffix = Path(name).suffix.lower()
    if suffix and suffix not in ARTICLE_SUFFIXES:
        raise SkippedInput(f"unsupported file type {suffix!r} (use {', '.join(ARTICLE_SUFFIXES)})")
    kind: Literal["text", "html"] | None = "html" if suffix in HTML_SUFFIXES else None
    return article_from_bytes(
        data, Path(name).stem or "upload", kind=kind, published=published, title=title, source=source,
        url=url, path=name, limits=limits, warnings=warnings,
    )


def article_from_paste(
    text: str, *, title: str, source: str = "", url: str = "", published: str | None = None
) -> Article:
    """Pasted text (dashboard form): the id is derived from the title, or from the content when untitled."""
    return article_from_text(
        text, _slug(title) or "pasted", published=published, title=title, source=source, url=url
    )


def looks_like_html(text: str) -> bool:
    """True when the text starts like a web page (doctype or an <html>/<head>/<body> tag)."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<?xml")) or (
        head.startswith("<") and ("<body" in head or "<article" in head or "<p>" in head)
    )


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


# ----------------------------------------------------------------------------------------- files → articles


def read_article(
    path: Path,
    *,
    published: str | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    warnings: list[str] | None = None,
) -> Article:
    """Read one article file; IngestError (SkippedInput for deliberate skips) with a one-line reason."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise IngestError(f"broken symbolic link (points to {os.readlink(path)})") from None
        raise IngestError("no such file") from None
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise SkippedInput("is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise SkippedInput("not a regular file (device, pipe or socket)")
    if info.st_size > limits.max_bytes:
        raise SkippedInput(f"too large: {_mb(info.st_size)} (limit {_mb(limits.max_bytes)})")
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    kind: Literal["text", "html"] | None = (
        "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
    )
    return article_from_bytes(
        data, path.stem, kind=kind, published=published, path=str(path), limits=limits, warnings=warnings
    )


def list_inputs(
    paths: Iterable[Path | str], limits: IngestLimits = DEFAULT_LIMITS
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to read (folders expanded recursively, sorted, hidden entries ignored) and inputs skipped early.

    Files named explicitly are always tried, whatever their suffix; inside folders only article suffixes are
    taken and other files are reported. Symbolic links to folders are not followed (no loops).
    """
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir() and not path.is_symlink():
            found, problems = _walk(path)
            files.extend(found)
            skipped.extend(problems)
        else:
            files.append(path)
    if len(files) > limits.max_files:
        rest = len(files) - limits.max_files
        reason = f"file limit reached ({limits.max_files}); {rest} not read"
        skipped.append((str(files[limits.max_files]), reason))
        files = files[: limits.max_files]
    return files, skipped


def _walk(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    found: list[Path] = []
    problems: list[tuple[str, str]] = []

    def on_error(exc: OSError) -> None:
        problems.append((str(exc.filename or folder), f"cannot list folder: {exc.strerror or exc}"))

    for root, dirs, names in os.walk(folder, onerror=on_error, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(root, name)
            if path.suffix.lower() in ARTICLE_SUFFIXES:
                found.append(path)
            else:
                problems.append((str(path), f"not an article file ({', '.join(ARTICLE_SUFFIXES)})"))
    return found, problems


def ingest_files(
    paths: Iterable[Path | str],
    *,
    published: str | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    on_total: Callable[[int], None] | None = None,
) -> Iterator[FileOutcome]:
    """One outcome per input, in order, for progress bars; ``on_total`` learns the count before the first one.

    Duplicate article ids (same file name in two folders) keep the first and skip the rest.
    """
    normalise_date(published)  # a bad caller date is the caller's error, raised before any work
    files, early = list_inputs(paths, limits)
    if on_total is not None:
        on_total(len(files) + len(early))
    for path, reason in early:
        yield FileOutcome(path, "skipped", reason=reason)
    seen: set[str] = set()
    for path in files:
        notes: list[str] = []
        try:
            article = read_article(path, published=published, limits=limits, warnings=notes)
        except SkippedInput as exc:
            yield FileOutcome(str(path), "skipped", reason=str(exc))
            continue
        except IngestError as exc:
            yield FileOutcome(str(path), "failed", reason=str(exc))
            continue
        except (MemoryError, RecursionError) as exc:  # last line of defence: one file never stops the rest
            yield FileOutcome(str(path), "failed", reason=f"too complex to read ({type(exc).__name__})")
            continue
        if article.article_id in seen:
            yield FileOutcome(str(path), "skipped", reason=f"duplicate article id {article.article_id!r}")
            continue
        seen.add(article.article_id)
        yield FileOutcome(str(path), "ok", article=article, warnings=tuple(notes))


def load_articles(
    paths: Iterable[Path | str], *, published: str | None = None, limits: IngestLimits = DEFAULT_LIMITS
) -> IngestReport:
    """Read every article under ``paths``; bad inputs are reported in ``skipped``, never raised.

    Only a malformed ``published`` argument raises IngestError (it is the caller's, not a file's, problem).
    """
    report = IngestReport()
    for outcome in ingest_files(paths, published=published, limits=limits):
        if outcome.article is not None:
            report.articles.append(outcome.article)
            report.warnings.extend((outcome.path, w) for w in outcome.warnings)
        else:
            report.skipped.append((outcome.path, outcome.reason))
            report.failed += outcome.status == "failed"
    return report
