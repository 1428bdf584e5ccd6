"""What a batch reads: folders and files of articles (as ``extract`` reads them) and JSON Lines archives.

One ``Item`` per article or per unusable input, in input order; article ids are unique across the whole
input (a repeated id is a failure, as in ``extract``). Readers are looked up by file suffix in ``READERS``:
other formats (Telegram exports, feeds — see ``register_reader``) plug in there without touching the runner.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.ingest import (
    ARTICLE_SUFFIXES,
    IngestError,
    IngestLimits,
    article_from_text,
    list_inputs,
    normalise_date,
    read_article,
)
from geo.records import Article

LIMITS = IngestLimits(max_files=10_000_000)  # a batch is an archive: no cap on the number of files


@dataclass(frozen=True)
class Item:
    """An article read, or the input (``path`` or ``path:line``) that could not become one and why."""

    source: str
    article: Article | None = None
    reason: str = ""


Reader = Callable[[Path], Iterator[Item]]


def read_jsonl(path: Path) -> Iterator[Item]:
    """One article per line: ``{"id", "title", "published", "source", "url", "text"}`` (text required)."""
    try:
        handle = path.open("r", encoding="utf-8", errors="strict")
    except OSError as exc:
        yield Item(str(path), reason=f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        lineno = 0
        while True:
            lineno += 1
            where = f"{path}:{lineno}"
            try:
                line = handle.readline(LIMITS.max_bytes + 1)
            except UnicodeDecodeError:
                yield Item(where, reason="not UTF-8 text; the rest of the file was not read")
                return
            if not line:
                return
            if len(line) > LIMITS.max_bytes:
                yield Item(where, reason="line too long; the rest of the file was not read")
                return
            if line.strip():
                yield _jsonl_item(line, where)


def _jsonl_item(line: str, where: str) -> Item:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return Item(where, reason=f"not JSON ({exc.msg})")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return Item(where, reason="no text field")
    fields = {k: data.get(k) for k in ("id", "title", "published", "source", "url")}
    if any(v is not None and not isinstance(v, str | int) for v in fields.values()):
        return Item(where, reason="id, title, published, source and url must be text")
    try:
        published = normalise_date(str(fields["published"])) if fields["published"] else None
    except IngestError:
        published = None  # like an unreadable front-matter date: kept, undated
    try:
        article = article_from_text(
            data["text"],
            str(fields["id"] or ""),
            published=published,
            title=str(fields["title"] or ""),
            source=str(fields["source"] or ""),
            url=str(fields["url"] or ""),
            path=where,
        )
    except IngestError as exc:
        return Item(where, reason=str(exc))
    return Item(where, article=article)


READERS: dict[str, Reader] = {".jsonl": read_jsonl, ".ndjson": read_jsonl}


def register_reader(suffix: str, reader: Reader) -> None:
    """Hook for more archive formats (e.g. a Telegram export's ``.json``): ``reader(path)`` yields Items."""
    READERS[suffix.lower()] = reader


def iter_items(paths: Iterable[Path | str]) -> Iterator[Item]:
    """Every input as Items, in order, with article ids unique across the whole input."""
    files, early = list_inputs(paths, LIMITS)
    archives = [Path(p) for p, _ in early if Path(p).suffix.lower() in READERS]
    for path, reason in early:
        if Path(path).suffix.lower() not in READERS:
            yield Item(path, reason=reason)
    seen: set[str] = set()
    for path in [*files, *archives]:
        for item in _read(path):
            if item.article is not None:
                if item.article.article_id in seen:
                    item = Item(item.source, reason=f"duplicate article id {item.article.article_id!r}")
                else:
                    seen.add(item.article.article_id)
            yield item


def _read(path: Path) -> Iterator[Item]:
    reader = READERS.get(path.suffix.lower())
    if reader is not None:
        yield from reader(path)
        return
    try:
        yield Item(str(path), article=read_article(path, limits=LIMITS))
    except IngestError as exc:
        yield Item(str(path), reason=str(exc))
    except (MemoryError, RecursionError) as exc:
        yield Item(str(path), reason=f"too complex to read ({type(exc).__name__})")


def count_inputs(paths: Iterable[Path | str]) -> int:
    """A quick estimate of how many articles the input holds (files, plus lines of archives)."""
    files, early = list_inputs(paths, LIMITS)
    total = 0
    for path in [*files, *(Path(p) for p, _ in early)]:
        if path.suffix.lower() in READERS:
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        elif path.suffix.lower() in ARTICLE_SUFFIXES or path in files:
            total += 1
    return total
