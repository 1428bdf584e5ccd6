"""``python -m geo batch INPUT… --out DIR [--workers N | --scheduler tcp://HOST:PORT] [--load-store]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_batch_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "batch",
        help="run the pipeline over an archive on dask (folders, files, JSON Lines) into Parquet tables",
        description="Extract every article of an archive into GeoParquet tables (resumable: partitions "
        "already written are skipped on a rerun).",
    )
    p.add_argument("inputs", nargs="+", type=Path, help="article files, folders, .jsonl archives")
    p.add_argument("--out", type=Path, required=True, help="output folder (one sub-folder per table)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster (2)")
    where.add_argument("--scheduler", help="address of a running dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--partition-size", type=int, default=200, help="articles per partition (200)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--load-store", action="store_true", help="then load the tables into the store")
    p.add_argument(
        "--store-url", help="store to load into (default $FRONTLINE_STORE_URL, else the SQLite file)"
    )
    p.add_argument(
        "--data-dir", type=Path, help="data folder of the SQLite store (default $FRONTLINE_DATA_DIR)"
    )
    p.set_defaults(handler=run_batch_command)


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def run_batch_command(args: argparse.Namespace) -> int:
    from geo.batch.load import load_into_store
    from geo.batch.runner import run_batch
    from geo.store import StoreError, open_store

    missing = [str(p) for p in args.inputs if not p.exists() and not p.is_symlink()]
    if missing:
        return _fail(f"no such file or folder: {', '.join(missing)}", 3)
    if args.workers < 1 or args.partition_size < 1:
        return _fail("--workers and --partition-size must be at least 1", 2)
    if args.out.exists() and not args.out.is_dir():
        return _fail(f"--out {args.out} is not a folder", 2)
    summary = run_batch(
        args.inputs,
        args.out,
        workers=args.workers,
        scheduler=args.scheduler,
        partition_size=args.partition_size,
        progress=not args.no_progress,
    )
    print(summary.line(), file=sys.stderr)
    if args.load_store:
        try:
            with open_store(args.store_url, data_folder=args.data_dir) as store:
                print(load_into_store(args.out, store).line(), file=sys.stderr)
        except StoreError as exc:
            return _fail(str(exc), 3)
    return 0
