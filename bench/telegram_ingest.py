"""Time ingesting a generated 10,000-message Telegram export: reading only, and ``python -m geo ingest``.

Usage: ``.venv/bin/python bench/telegram_ingest.py [--messages 10000] [--extract]``. Prints wall and CPU
seconds for (1) ``iter_telegram`` over the bytes (parse, text, language), (2) the ``ingest`` command into a
fresh store with ``--no-extract`` (progress line on stderr), and with ``--extract`` (3) with extraction too.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.telegram_export import make_export  # noqa: E402
from geo.ingest import TelegramRead, iter_telegram  # noqa: E402


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--extract", action="store_true", help="also time ingest with extraction")
    args = parser.parse_args()
    data = make_export(args.messages)
    print(f"export: {args.messages} messages, {len(data) / 1e6:.1f} MB")

    wall, cpu = time.perf_counter(), time.process_time()
    read = TelegramRead()
    articles = sum(1 for _ in iter_telegram(data, read=read))
    print(
        f"read:   {articles} articles ({read.summary()}) in {time.perf_counter() - wall:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU (incl. language model load)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp, "result.json")
        export.write_bytes(data)
        modes = [("--no-extract",)] + ([()] if args.extract else [])
        for extra in modes:
            store = Path(tmp, f"store{len(extra)}")
            cmd = [sys.executable, "-m", "geo", "ingest", "--data-dir", str(store), str(export), *extra]
            wall, cpu = time.perf_counter(), _child_cpu()
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=os.environ.copy())
            lines = proc.stderr.strip().splitlines()
            print(
                f"ingest {' '.join(extra) or '(with extraction)'}: rc={proc.returncode} "
                f"{time.perf_counter() - wall:.2f} s wall, {_child_cpu() - cpu:.2f} s CPU; "
                f"{len([ln for ln in lines if ln.startswith('ingest [')])} progress lines; last: {lines[-1]}"
            )


if __name__ == "__main__":
    main()
