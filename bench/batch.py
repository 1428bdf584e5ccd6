"""Benchmark of ``geo batch``: a generated archive through 1 and 2 local workers.

    .venv/bin/python bench/batch.py -n 20000            # 20,000 articles, 1 then 2 workers
    .venv/bin/python bench/batch.py -n 2000 --workers 2  # only 2 workers

Writes the archive once as JSON Lines (``bench/out/batch/archive-<seed>-<n>.jsonl``, articles from
``bench/corpus.py``'s generator), runs ``run_batch`` into a fresh folder per worker count and prints, per run:
wall time, articles/s, the workers' CPU seconds and articles per CPU-second (what a worker does when it has
its core to itself), peak resident memory per worker, and the machine's load average; then the speed-up
of 2 workers over 1 (wall clock) and the hours a 100,000 and a 1,000,000-article archive would take at the
measured rates. The last line is one JSON object with every figure (also saved to ``bench/out/batch.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import (  # noqa: E402
    FOREIGN_VENUES,  # noqa: E402
    THEATRES,
    World,
    _article,
)
from geo.ingest import article_from_text  # noqa: E402

OUT = ROOT / "bench" / "out"


def archive(n: int, seed: int) -> Path:
    """The generated archive as JSON Lines (reused when complete)."""
    path = OUT / "batch" / f"archive-{seed}-{n}.jsonl"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    world = World({name for t in THEATRES for name, _ in t.capitals} | {name for name, _ in FOREIGN_VENUES})
    rng = random.Random(seed)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for i in range(n):
            article_id, raw, _ = _article(rng, world, i)
            a = article_from_text(raw, article_id)
            row = {"id": a.article_id, "title": a.title, "published": a.published, "source": a.source,
                   "url": "", "text": a.text}  # fmt: skip
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def run(path: Path, workers: int, partition_size: int) -> dict:
    from geo.batch.runner import run_batch

    out = OUT / "batch" / f"out-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    cpu = {"seconds": 0.0}
    load_before = os.getloadavg()[0]

    def on_result(result) -> None:  # type: ignore[no-untyped-def]
        cpu["seconds"] += result.cpu_seconds

    started = time.perf_counter()
    summary = run_batch([path], out, workers=workers, partition_size=partition_size, on_result=on_result)
    wall = time.perf_counter() - started
    figures = {
        "workers": workers,
        "articles": summary.articles,
        "failures": summary.failures,
        "wall_s": round(wall, 1),
        "articles_per_s": round(summary.articles / wall, 2),
        "worker_cpu_s": round(cpu["seconds"], 1),
        "articles_per_cpu_s": round(summary.articles / cpu["seconds"], 2) if cpu["seconds"] else 0.0,
        "peak_rss_mb_per_worker": {str(k): round(v) for k, v in sorted(summary.peak_rss_mb.items())},
        "load_avg_before": round(load_before, 2),
        "load_avg_after": round(os.getloadavg()[0], 2),
        "mb_text": round(path.stat().st_size / 1e6, 1),
    }
    print(
        f"{workers} worker(s): {summary.articles} articles in {wall:.0f} s = {figures['articles_per_s']} "
        f"articles/s; worker CPU {cpu['seconds']:.0f} s = {figures['articles_per_cpu_s']} articles/CPU-s; "
        f"peak memory per worker {figures['peak_rss_mb_per_worker']} MB; load {load_before:.1f} → "
        f"{figures['load_avg_after']:.1f}",
        flush=True,
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (1,2)")
    parser.add_argument("--partition-size", type=int, default=250)
    args = parser.parse_args(argv)
    path = archive(args.n, args.seed)
    runs = [run(path, int(w), args.partition_size) for w in args.workers.split(",")]
    result: dict = {"n": args.n, "runs": runs}
    by_workers = {r["workers"]: r for r in runs}
    if 1 in by_workers and 2 in by_workers:
        result["speedup_2_over_1"] = round(
            by_workers[2]["articles_per_s"] / by_workers[1]["articles_per_s"], 2
        )
        print(f"speed-up of 2 workers over 1 (wall clock): {result['speedup_2_over_1']}x")
        # What the CPU time says when each worker has a core of its own (a busy machine shares them):
        cpu1, cpu2 = by_workers[1]["articles_per_cpu_s"], by_workers[2]["articles_per_cpu_s"]
        result["speedup_2_over_1_cpu_bound"] = round(2 * cpu2 / cpu1, 2) if cpu1 else 0.0
        result["quiet_hours_for_100000_2_workers"] = round(100_000 / (2 * cpu2) / 3600, 2) if cpu2 else 0.0
        print(
            f"if each worker had its own core: speed-up {result['speedup_2_over_1_cpu_bound']}x, 100,000 "
            f"articles in {result['quiet_hours_for_100000_2_workers']} h"
        )
    best = max(runs, key=lambda r: r["articles_per_s"])
    for target in (100_000, 1_000_000):
        hours = target / best["articles_per_s"] / 3600
        result[f"hours_for_{target}"] = round(hours, 2)
        rate = best["articles_per_s"]
        print(f"{target:,} articles at {rate} articles/s ({best['workers']} workers): {hours:.1f} h")
    (OUT / "batch.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
