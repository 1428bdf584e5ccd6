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

EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_INTERNAL = 70


def _add_extract_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("extract", help="extract places, quotes and claims from articles")
    p.add_argument("paths", nargs="+", type=Path, help="article files (.txt, .md, .html) or folders")
    p.add_argument("--published", help="publication date YYYY-MM-DD for files without front matter")
    p.add_argument("--json", action="store_true", help="print the full result as one JSON object")
    p.add_argument(
        "--online",
        action="store_true",
        help="ask Nominatim (rate-limited, cached) for names the embedded gazetteer cannot resolve",
    )
    p.set_defaults(handler=run_extract)


def run_extract(args: argparse.Namespace) -> int:
    from geo.ingest import IngestError, normalise_date
    from geo.pipeline import extract_paths

    try:
        published = normalise_date(args.published)
    except IngestError as exc:
        return _fail(f"--published: {exc}", EXIT_USAGE)
    missing = [str(p) for p in args.paths if not p.exists() and not p.is_symlink()]
    if missing:
        return _fail(f"no such file or folder: {', '.join(missing)}", EXIT_INPUT)
    resources = None
    if args.online:
        from geo.geocoders import OnlineFallback
        from geo.pipeline import Resources

        resources = Resources(online=OnlineFallback(enabled=True))
    result = extract_paths(args.paths, published=published, resources=resources)
    for path, reason in result.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    if not result.articles:
        return _fail("no usable article in the input", EXIT_INPUT)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_summary(result)
    return 0


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
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the contract: one line, never a traceback
        logging.getLogger(__name__).debug("unexpected error", exc_info=True)
        return _fail(f"{type(exc).__name__}: {exc}", EXIT_INTERNAL)
