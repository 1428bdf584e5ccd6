"""``python -m geo ingest PATH …`` and ``python -m geo store export|import|info``: the store from the shell.

``ingest`` reads files and folders (``.txt``, ``.md``, ``.html``, Telegram exports ``.json``, RSS/Atom feeds
``.xml``/``.rss``/``.atom``; feed URLs with ``--online``), stores the articles in transactions of up to
``BATCH`` (re-adding the same text does nothing, changed text replaces the old version), caches each one's
machine extraction when the pipeline is available, and shows a progress line on stderr with counts of added,
unchanged, updated, skipped and failed inputs. Exit status: 0 when nothing failed and at least one article
was read, 3 otherwise, 2 for a bad option.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from geo.exits import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from geo.ingest import (
    DEFAULT_LIMITS,
    FileOutcome,
    IngestError,
    IngestLimits,
    ingest_files,
    is_url,
    normalise_date,
)
from geo.store import DB_NAME, Store, StoreError, data_dir, open_store

BATCH = 200  # articles per store transaction, at most
BATCH_SECONDS = 0.5  # … and at most this long between transactions
COUNT_NAMES = ("added", "unchanged", "updated", "skipped", "failed")


def add_ingest_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``ingest`` and ``store`` on the ``python -m geo`` parser."""
    p = subparsers.add_parser("ingest", help="add articles (files or folders) to the store")
    p.add_argument(
        "paths",
        nargs="+",
        help="article files (.txt, .md, .html), Telegram exports (result.json), feeds (.xml, .rss, .atom), "
        "folders, or feed URLs (with --online)",
    )
    p.add_argument("--published", help="publication date YYYY-MM-DD for files that do not state one")
    _add_data_dir(p)
    p.add_argument(
        "--max-mb",
        type=float,
        default=DEFAULT_LIMITS.max_bytes / 1024 / 1024,
        help="skip files larger than this many MB (default %(default)g)",
    )
    p.add_argument(
        "--max-files",
        type=int,
        default=DEFAULT_LIMITS.max_files,
        help="read at most this many files (default %(default)d)",
    )
    p.add_argument(
        "--online", action="store_true", help="allow fetching feed URLs (http/https) given as paths"
    )
    p.add_argument(
        "--telegram-username",
        default="",
        help="the channel's public username, for t.me links to each post of a Telegram export",
    )
    p.add_argument("--no-extract", action="store_true", help="store the articles only; extract later")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line, only the summary")
    from geo.cli import add_profile_argument

    add_profile_argument(p)
    p.set_defaults(handler=run_ingest)

    s = subparsers.add_parser("store", help="export, import or describe the article store")
    _add_data_dir(s)
    actions = s.add_subparsers(dest="store_action", required=True)
    exp = actions.add_parser("export", help="write articles and corrections to one bundle file")
    exp.add_argument("file", type=Path)
    imp = actions.add_parser("import", help="merge a bundle file into the store (idempotent)")
    imp.add_argument("file", type=Path)
    actions.add_parser("info", help="where the store is and what it holds")
    s.set_defaults(handler=run_store)


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="store folder (default: $FRONTLINE_DATA_DIR or the user data folder)",
    )


def _open_store(args: argparse.Namespace) -> Store:
    """``--data-dir`` if given, else ``$FRONTLINE_STORE_URL`` (a team store), else the default data folder."""
    if args.data_dir is not None:
        return Store.open(data_dir(args.data_dir) / DB_NAME)
    return open_store()  # type: ignore[return-value]  # same interface (geo.store.BaseStore)


class Progress:
    """A one-line counter on ``stream``: redrawn in place on a terminal, else printed every few percent."""

    def __init__(self, stream: TextIO, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty()
        self.total = 0
        self.done = 0
        self.counts: Counter[str] = Counter()
        self._last = 0.0

    def line(self) -> str:
        counts = ", ".join(f"{self.counts[name]} {name}" for name in COUNT_NAMES)
        return f"ingest [{self.done}/{self.total}] {counts}"

    def step(self, status: str) -> None:
        self.done += 1
        self.counts[status] += 1
        if not self.enabled:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._last > 0.1 or self.done == self.total:
                self._last = now
                print(f"\r{self.line()}", end="", file=self.stream, flush=True)
        elif self.done == self.total or self.done % max(1, self.total // 20) == 0:
            print(self.line(), file=self.stream, flush=True)

    def finish(self) -> None:
        if self.enabled and self.tty:
            print(file=self.stream)


def run_ingest(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Ingest ``args.paths`` into the store; see the module docstring for the exit status."""
    err = stream or sys.stderr
    try:
        published = normalise_date(args.published)
    except IngestError as exc:
        print(f"error: --published: {exc}", file=err)
        return EXIT_USAGE
    if args.max_mb <= 0 or args.max_files <= 0:
        print("error: --max-mb and --max-files must be positive", file=err)
        return EXIT_USAGE
    limits = IngestLimits(max_bytes=int(args.max_mb * 1024 * 1024), max_files=args.max_files)
    from geo.cli import profile_error

    forced = getattr(args, "profile", "")
    if profile_error(forced):
        print(f"error: {profile_error(forced)}", file=err)
        return EXIT_USAGE
    try:
        store = _open_store(args)
    except StoreError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INPUT
    extractor, why_not = (None, "--no-extract") if args.no_extract else _extractor(forced)
    progress = Progress(err, enabled=not args.quiet)
    problems: list[FileOutcome] = []
    read_any = False
    with store:
        outcomes = ingest_files(
            [str(p) if is_url(str(p)) else Path(p) for p in args.paths],
            published=published,
            limits=limits,
            on_total=lambda n: setattr(progress, "total", n),
            online=getattr(args, "online", False),
            telegram_username=getattr(args, "telegram_username", "").lstrip("@"),
        )
        for batch in _batches(outcomes):
            for outcome, status in _store_batch(store, batch):
                read_any = read_any or outcome.article is not None
                if status in ("added", "updated") and extractor is not None and outcome.article is not None:
                    note = extractor(store, outcome.article)
                    if note:
                        problems.append(FileOutcome(outcome.path, "ok", reason=note))
                if outcome.status != "ok" or outcome.warnings:
                    problems.append(outcome)
                progress.step(status)
        progress.finish()
    for outcome in problems:
        if outcome.reason:
            print(
                f"{outcome.status if outcome.status != 'ok' else 'note'}: {outcome.path}: {outcome.reason}",
                file=err,
            )
        for warning in outcome.warnings:
            print(f"warning: {outcome.path}: {warning}", file=err)
    summary = ", ".join(f"{progress.counts[name]} {name}" for name in COUNT_NAMES)
    print(f"done: {summary} → {store.location}", file=err)
    if why_not and not args.no_extract:
        print(f"note: articles stored without extraction ({why_not})", file=err)
    return EXIT_OK if read_any and not progress.counts["failed"] else EXIT_INPUT


def _batches(
    outcomes: Iterable[FileOutcome], size: int = BATCH, seconds: float = BATCH_SECONDS
) -> Iterator[list[FileOutcome]]:
    """Consecutive outcomes in groups of at most ``size`` read within ``seconds`` (a Telegram export's posts
    share transactions; slow inputs are still stored, and shown, within a fraction of a second)."""
    batch: list[FileOutcome] = []
    started = time.monotonic()
    for outcome in outcomes:
        if not batch:
            started = time.monotonic()
        batch.append(outcome)
        if len(batch) >= size or outcome.article is None or time.monotonic() - started > seconds:
            yield batch
            batch = []
    if batch:
        yield batch


def _store_batch(store: Store, batch: list[FileOutcome]) -> list[tuple[FileOutcome, str]]:
    """Store a batch's articles in one transaction (one by one when that fails); (outcome, status) each."""
    articles = [o.article for o in batch if o.article is not None]
    try:
        results: dict[str, str] = dict(store.add_articles(articles)) if len(articles) > 1 else {}
    except StoreError:
        results = {}
    done: list[tuple[FileOutcome, str]] = []
    for outcome in batch:
        if outcome.article is None:
            done.append((outcome, outcome.status))
            continue
        status = results.get(outcome.article.article_id)
        if status is None:
            try:
                status = store.add_article(outcome.article)
            except StoreError as exc:
                outcome, status = FileOutcome(outcome.path, "failed", reason=str(exc)), "failed"
        done.append((outcome, status))
    return done


def _extractor(profile: str = "") -> tuple[Any, str]:
    """A function that extracts one article (under ``profile`` when given) and caches the result in the
    store, or (None, why not)."""
    try:
        from geo.extract.pipeline import PIPELINE_VERSION, Resources, extract_article
        from geo.extract.serial import extraction_to_json

        for stage in ("geo.places", "geo.extract.speech.quotes", "geo.extract.claims"):
            importlib.import_module(stage)
        resources = Resources(load_record=False, profile=profile)
    except Exception as exc:  # the pipeline is optional here: articles are stored regardless
        return None, f"pipeline unavailable: {type(exc).__name__}: {exc}"

    def extract(store: Store, article: Any) -> str:
        try:
            part = extract_article(article, resources)
        except Exception as exc:  # one article's failure must not stop the ingest
            return f"extraction failed ({type(exc).__name__}: {exc}); the article is stored"
        data = extraction_to_json(part)
        store.put_extraction(article.article_id, article.content_hash, PIPELINE_VERSION, data)
        return ""

    return extract, ""


def run_store(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """``store export FILE`` / ``store import FILE`` / ``store info``."""
    err = stream or sys.stderr
    try:
        with _open_store(args) as store:
            if args.store_action == "export":
                counts = store.export_bundle(args.file)
                print(
                    f"exported {counts['articles']} articles and {counts['corrections']} corrections "
                    f"to {args.file}",
                    file=err,
                )
            elif args.store_action == "import":
                print(f"imported {args.file}: {store.import_bundle(args.file).line()}", file=err)
            else:
                active = len(store.corrections())
                print(
                    f"store: {store.location}\nschema version: {store.schema_version()}\n"
                    f"articles: {store.count_articles()}\ncorrections: {active} active, "
                    f"{len(store.corrections(active_only=False)) - active} undone"
                )
    except StoreError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INPUT
    return EXIT_OK
