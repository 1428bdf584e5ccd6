"""Command line: ``python -m geo extract|eval|render|ingest|store …``.

Every command prints a one-line error on stderr and exits non-zero on unusable input; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from geo.exits import EXIT_INPUT, EXIT_INTERNAL, EXIT_USAGE, Exit


def _add_extract_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("extract", help="extract places, quotes and claims from articles")
    p.add_argument("paths", nargs="*", type=Path, help="article files (.txt, .md, .html) or folders")
    p.add_argument(
        "--store",
        action="store_true",
        help="the store's articles instead of files, with the analysts' corrections applied",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="store folder for --store (default: $FRONTLINE_DATA_DIR or the user data folder)",
    )
    p.add_argument("--published", help="publication date YYYY-MM-DD for files without front matter")
    p.add_argument("--json", action="store_true", help="print the full result as one JSON object")
    p.add_argument(
        "--online",
        action="store_true",
        help="ask Nominatim (rate-limited, cached) for names the embedded gazetteer cannot resolve",
    )
    add_profile_argument(p)
    p.set_defaults(handler=run_extract)


def add_profile_argument(p: argparse.ArgumentParser) -> None:
    """``--profile ID``: the conflict profile for every article (default: each article's front matter
    ``profile:``, else detected from its text)."""
    p.add_argument(
        "--profile",
        default="",
        metavar="ID",
        help="conflict profile for every article (e.g. russia-ukraine, syria-iraq, sudan; default: detected)",
    )


def profile_error(profile: str) -> str:
    """'' when ``profile`` is empty, 'auto' or a known profile; else the one-line reason."""
    from geo.profiles import ProfileError, load_profile

    if profile in ("", "auto"):
        return ""
    try:
        load_profile(profile)
    except ProfileError as exc:
        return f"--profile: {exc}"
    return ""


def run_extract(args: argparse.Namespace) -> int:
    from geo.compose import compose_paths, compose_store
    from geo.extract.pipeline import Resources
    from geo.ingest import IngestError, normalise_date

    if args.store == bool(args.paths):
        return _fail("give article files or folders, or --store (not both)", EXIT_USAGE)
    if args.data_dir is not None and not args.store:
        return _fail("--data-dir goes with --store", EXIT_USAGE)
    try:
        published = normalise_date(args.published)
    except IngestError as exc:
        return _fail(f"--published: {exc}", EXIT_USAGE)
    missing = [str(p) for p in args.paths if not p.exists() and not p.is_symlink()]
    if missing:
        return _fail(f"no such file or folder: {', '.join(missing)}", EXIT_INPUT)
    if profile_error(args.profile):
        return _fail(profile_error(args.profile), EXIT_USAGE)
    online = None
    if args.online:
        from geo.geocoders import OnlineFallback

        online = OnlineFallback(enabled=True)
    resources = Resources(online=online, profile=args.profile)
    if args.store:
        from geo.store import DB_NAME, Store, StoreError, data_dir

        folder = data_dir(args.data_dir)
        if not (folder / DB_NAME).exists():
            return _fail(f"no store in {folder}", EXIT_INPUT)
        try:
            with Store.open(folder / DB_NAME) as store:
                composed = compose_store(store, resources)
        except StoreError as exc:
            return _fail(str(exc), EXIT_INPUT)
        for warning in composed.unapplied:
            print(f"correction not applied: {warning[1]}", file=sys.stderr)
    else:
        composed = compose_paths(args.paths, published=published, resources=resources)
    result = composed.extraction
    for path, reason in result.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    if not result.articles:
        return _fail(
            "no usable article in the input" if not args.store else "the store has no article", EXIT_INPUT
        )
    if args.json:
        json.dump(composed.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_summary(result)
    return Exit.OK


def _print_summary(result) -> None:  # type: ignore[no-untyped-def]
    names = {p.place_id: p.name for p in result.places}
    for article in result.articles:
        mentions = [m for m in result.mentions if m.article_id == article.article_id]
        quotes = [q for q in result.quotes if q.article_id == article.article_id]
        claims = [c for c in result.claims if c.article_id == article.article_id]
        print(f"{article.article_id} ({article.published or 'undated'}): {article.title}")
        print(f"  {len(mentions)} place mentions, {len(quotes)} quotes, {len(claims)} claims")
        for c in claims:
            where = ", ".join(names.get(p, p) for p in c.place_ids) or "-"
            print(
                f"  claim {c.kind} by {c.claimant} ({c.affiliation}) on {c.date}: "
                f"{c.value_min}-{c.value_max} {c.unit} holder={c.holder} at {where} "
                f"→ {c.verification.verdict}"
            )


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


_SUBCOMMANDS = (
    ("geo.evaluate", "add_eval_parser"),
    ("geo.render", "add_render_parser"),
    ("geo.ingest_cli", "add_ingest_parser"),
    ("geo.batch.cli", "add_batch_parser"),
    ("geo.record_cli", "add_record_parser"),
)


def _registrars() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Sub-command registrations; each lives beside the code it runs."""
    registrars: list[Callable[[argparse._SubParsersAction], None]] = [_add_extract_parser]
    for module_name, function in _SUBCOMMANDS:
        module = importlib.import_module(module_name)
        registrars.append(getattr(module, function))
    return registrars


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for register in _registrars():
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return _fail("interrupted", Exit.INTERRUPTED)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the contract: one line, never a traceback
        logging.getLogger(__name__).debug("unexpected error", exc_info=True)
        return _fail(f"{type(exc).__name__}: {exc}", EXIT_INTERNAL)
