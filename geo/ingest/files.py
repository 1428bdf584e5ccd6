"""Read articles from files, folders, uploads and feed URLs into ``Article`` records; bad input never raises.

Accepted: ``.txt``, ``.md`` (front matter, see ``geo.ingest.frontmatter``), ``.html``/``.htm`` (see
``geo.ingest.html``), Telegram Desktop exports (``.json``, see ``geo.ingest.telegram``) and RSS/Atom feeds
(``.xml``, ``.rss``, ``.atom``, or a feed URL when the network is allowed; see ``geo.ingest.feeds``). Bytes
are decoded by ``geo.textdecode`` (BOM, UTF-16, legacy code pages, binary refusal).

Files over ``IngestLimits.max_bytes`` and inputs beyond ``max_files`` are skipped with the limit named. A
container (export or feed) yields one outcome per article, then one for the file when anything was skipped
or it broke part-way (the articles read before the damage are kept).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from geo.ingest.common import (
    ARTICLE_SUFFIXES,
    CONTAINER_SUFFIXES,
    DEFAULT_LIMITS,
    HTML_SUFFIXES,
    INPUT_SUFFIXES,
    TEXT_SUFFIXES,
    FileOutcome,
    IngestError,
    IngestLimits,
    IngestReport,
    SkippedInput,
    _mb,
    _slug,
    normalise_date,
)
from geo.ingest.containers import ContainerKind, ContainerRead, articles_in, container_kind, open_container
from geo.ingest.feeds import fetch_feed, is_url
from geo.ingest.frontmatter import article_from_text
from geo.ingest.html import article_from_html, looks_like_html
from geo.records import Article
from geo.textdecode import NotText, decode_bytes

HEAD_BYTES = 4096


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


def articles_from_upload(
    name: str,
    data: bytes,
    *,
    published: str | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    telegram_username: str = "",
    warnings: list[str] | None = None,
) -> list[Article]:
    """An uploaded file (dashboard) as its articles: many for a Telegram export or a feed, else one."""
    suffix = Path(name).suffix.lower()
    if suffix and suffix not in INPUT_SUFFIXES:
        raise SkippedInput(f"unsupported file type {suffix!r} (use {', '.join(INPUT_SUFFIXES)})")
    if len(data) > limits.max_bytes:
        raise SkippedInput(f"too large: {_mb(len(data))} (limit {_mb(limits.max_bytes)})")
    kind = _container(suffix, data)
    if kind is not None:
        return articles_in(
            data, kind=kind, path=name, limits=limits, telegram_username=telegram_username, warnings=warnings
        )
    normalise_date(published)
    return [article_from_upload(name, data, published=published, limits=limits, warnings=warnings)]


def _container(suffix: str, data: bytes) -> ContainerKind | None:
    """The container kind of a file, or None for an article file; SkippedInput for a .json that is not an
    export and an .xml that is not a feed."""
    if suffix in ARTICLE_SUFFIXES:
        return None
    kind = container_kind(suffix, data[:HEAD_BYTES])
    if kind is None and suffix in CONTAINER_SUFFIXES:
        raise SkippedInput("not a Telegram chat export" if suffix == ".json" else "not an RSS or Atom feed")
    return kind


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



def read_bytes(path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> bytes:
    """The bytes of one input file; IngestError (SkippedInput for deliberate skips) with a one-line reason."""
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
            return handle.read(limits.max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None


def read_article(
    path: Path,
    *,
    published: str | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    warnings: list[str] | None = None,
) -> Article:
    """Read one article file; IngestError (SkippedInput for deliberate skips) with a one-line reason."""
    data = read_bytes(path, limits)
    return _article_file(path, data, published=published, limits=limits, warnings=warnings)


def _article_file(
    path: Path, data: bytes, *, published: str | None, limits: IngestLimits, warnings: list[str] | None
) -> Article:
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

    Files named explicitly are always tried, whatever their suffix; inside folders only article, export and
    feed suffixes are taken and other files are reported. Symbolic links to folders are not followed.
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
            if path.suffix.lower() in INPUT_SUFFIXES:
                found.append(path)
            else:
                problems.append((str(path), f"not an article file ({', '.join(INPUT_SUFFIXES)})"))
    return found, problems


def ingest_files(
    paths: Iterable[Path | str],
    *,
    published: str | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    on_total: Callable[[int], None] | None = None,
    online: bool = False,
    telegram_username: str = "",
) -> Iterator[FileOutcome]:
    """One outcome per article or skipped input, in order, for progress bars and batch runners.

    ``on_total`` learns the expected count before the first outcome, and again (larger) when a Telegram
    export or a feed turns out to hold many articles. Feed URLs (``http(s)://…``) are fetched only when
    ``online``. Duplicate article ids (same file name in two folders) keep the first and skip the rest.
    """
    normalise_date(published)  # a bad caller date is the caller's error, raised before any work
    given = list(paths)
    urls = [str(p) for p in given if isinstance(p, str) and is_url(p)]
    files, early = list_inputs([p for p in given if not (isinstance(p, str) and is_url(p))], limits)
    total = len(files) + len(early) + len(urls)
    if on_total is not None:
        on_total(total)
    for path, reason in early:
        yield FileOutcome(path, "skipped", reason=reason)
    seen: set[str] = set()
    sources: list[tuple[str, Path | None]] = [(u, None) for u in urls] + [(str(f), f) for f in files]
    for name, path in sources:
        notes: list[str] = []
        try:
            data = read_bytes(path, limits) if path is not None else _fetch(name, online, limits)
            kind = _container(Path(name).suffix.lower(), data) if path is not None else "feed"
            if kind is None:
                article = _article_file(path, data, published=published, limits=limits, warnings=notes)
        except SkippedInput as exc:
            yield FileOutcome(name, "skipped", reason=str(exc))
            continue
        except IngestError as exc:
            yield FileOutcome(name, "failed", reason=str(exc))
            continue
        except (MemoryError, RecursionError) as exc:  # last line of defence: one file never stops the rest
            yield FileOutcome(name, "failed", reason=f"too complex to read ({type(exc).__name__})")
            continue
        if kind is not None:
            read = open_container(
                data, kind=kind, path=name, limits=limits, telegram_username=telegram_username
            )
            expected = max(read.estimate, 1) + 1  # its articles, then one closing outcome for the file
            total += expected - 1
            if on_total is not None:
                on_total(total)
            for count, outcome in enumerate(_container_outcomes(name, read, seen)):
                if outcome.article is None:  # the closing outcome: the total is now known exactly
                    total += count + 1 - expected
                    if on_total is not None:
                        on_total(total)
                yield outcome
            continue
        yield _keep(name, article, seen, tuple(notes))


def _fetch(url: str, online: bool, limits: IngestLimits) -> bytes:
    if not online:
        raise IngestError("feed URLs are read only with --online (the network is opt-in)")
    return fetch_feed(url, limits=limits)


def _keep(name: str, article: Article, seen: set[str], notes: tuple[str, ...] = ()) -> FileOutcome:
    if article.article_id in seen:
        return FileOutcome(name, "skipped", reason=f"duplicate article id {article.article_id!r}")
    seen.add(article.article_id)
    return FileOutcome(name, "ok", article=article, warnings=notes)


def _container_outcomes(name: str, read: ContainerRead, seen: set[str]) -> Iterator[FileOutcome]:
    """The articles of an export or feed, then one outcome for the file itself: "ok" with the skip summary
    as a warning, "failed" when it broke part-way (the articles before the damage were already yielded)."""
    count = 0
    try:
        for article in read.articles:
            count += 1
            yield _keep(article.path or name, article, seen)
    except IngestError as exc:  # not an export or feed at all (SkippedInput) or unreadable
        status: Literal["skipped", "failed"] = "skipped" if isinstance(exc, SkippedInput) else "failed"
        yield FileOutcome(name, status, reason=str(exc))
        return
    if read.broken:
        yield FileOutcome(name, "failed", reason=f"{read.broken}; kept {count} articles read before it")
    elif count == 0:
        what = "posts with text" if read.kind == "telegram" else "entries with text"
        detail = f" ({read.summary})" if read.summary else ""
        yield FileOutcome(name, "skipped", reason=f"no {what}{detail}")
    else:
        summary = (f"{count} articles read; skipped {read.summary}",) if read.summary else ()
        yield FileOutcome(name, "ok", warnings=summary)


def load_articles(
    paths: Iterable[Path | str],
    *,
    published: str | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    online: bool = False,
    telegram_username: str = "",
) -> IngestReport:
    """Read every article under ``paths``; bad inputs are reported in ``skipped``, never raised.

    Only a malformed ``published`` argument raises IngestError (it is the caller's, not a file's, problem).
    """
    report = IngestReport()
    outcomes = ingest_files(
        paths, published=published, limits=limits, online=online, telegram_username=telegram_username
    )
    for outcome in outcomes:
        if outcome.article is not None or outcome.status == "ok":  # "ok" without one: an export's summary
            if outcome.article is not None:
                report.articles.append(outcome.article)
            report.warnings.extend((outcome.path, w) for w in outcome.warnings)
        else:
            report.skipped.append((outcome.path, outcome.reason))
            report.failed += outcome.status == "failed"
    return report
