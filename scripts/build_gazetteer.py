"""Prebuild the gazetteer index into the cache directory and print how long it took and its size.

Usage: .venv/bin/python scripts/build_gazetteer.py [--cache-dir DIR] [--force]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.gazetteer.build import build_index, index_dir  # noqa: E402
from geo.gazetteer.index import Gazetteer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--force", action="store_true", help="rebuild even when the index is current")
    args = parser.parse_args(argv)
    target = index_dir(args.cache_dir)
    if args.force and target.exists():
        shutil.rmtree(target)
    started = time.perf_counter()
    built = not (target / "meta.json").exists()
    if built:
        meta = build_index(target)
        took = time.perf_counter() - started
        print(f"built {meta['places']:,} places, {meta['keys']:,} name keys in {took:.1f} s")
    else:
        print("index is current; nothing to build (use --force to rebuild)")
    size = sum(p.stat().st_size for p in target.iterdir())
    started = time.perf_counter()
    gaz = Gazetteer.load(args.cache_dir)
    took = 1e3 * (time.perf_counter() - started)
    print(f"{target}: {size / 1e6:.1f} MB on disk; {len(gaz):,} places; load {took:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
