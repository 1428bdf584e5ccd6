"""The batch runner: partitions of articles through the pipeline on ``dask.distributed``, resumable.

The driver reads the input as a stream, cuts it into partitions of ``partition_size`` articles and keeps only
a few partitions in flight (memory stays flat on any archive). Each worker process loads the pipeline's
resources once (the gazetteer is memory-mapped, so the workers of one machine share its pages) and writes
its partition's tables itself. A partition's name carries a hash of its articles' ids and texts; its
``_done/<name>`` marker is written last, so a rerun skips exactly the partitions already complete.
"""

from __future__ import annotations

import hashlib
import logging
import os
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.batch.inputs import Item, count_inputs, iter_items
from geo.batch.tables import rows_for, write_partition
from geo.records import Article

DONE = "_done"
_RESOURCES: Any = None  # per worker process: loaded on its first partition


class _Collect:
    """An extraction cache that never hits and keeps every per-article output it is given."""

    def __init__(self) -> None:
        self.parts: list[Any] = []

    def get(self, article: Article) -> None:
        return None

    def put(self, part: Any) -> None:
        self.parts.append(part)


def run_pipeline(articles: list[Article], resources: Any) -> tuple[list[Any], Any, list[tuple[str, str]]]:
    """The one call into the product: ``geo.compose.compose`` (the composition root ``extract`` uses) on a
    partition. Returns per-article output (unverified, as the store caches it), the partition's verified
    ``Extraction`` and the articles that failed, each with a one-line reason."""
    from geo.compose import compose

    collected = _Collect()
    composed = compose(articles, resources, cache=collected)
    return collected.parts, composed.extraction, list(composed.failed)


def worker_resources() -> Any:
    """The pipeline's resources, loaded once per worker process."""
    global _RESOURCES
    if _RESOURCES is None:
        from geo.extract.pipeline import Resources

        _RESOURCES = Resources()
    return _RESOURCES


@dataclass(frozen=True)
class PartitionResult:
    name: str
    articles: int
    failures: int
    seconds: float
    worker_pid: int
    peak_rss_mb: float
    cpu_seconds: float = 0.0  # the worker's CPU time on this partition (load-independent, for benchmarks)


def process_partition(out: str, name: str, articles: list[Article], failures: list[tuple[str, str]]) -> Any:
    """Extract one partition and write its tables; runs on a worker."""
    started, cpu = time.perf_counter(), time.process_time()
    parts, extraction, failed = run_pipeline(articles, worker_resources())
    rows = rows_for(extraction, [*failures, *failed], parts)
    folder = Path(out)
    write_partition(folder, name, rows)
    (folder / DONE).mkdir(exist_ok=True)
    (folder / DONE / name).write_text(f"{len(articles)} {len(failures) + len(failed)}\n", encoding="utf-8")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return PartitionResult(
        name,
        len(articles),
        len(failures) + len(failed),
        time.perf_counter() - started,
        os.getpid(),
        peak,
        time.process_time() - cpu,
    )


@dataclass
class Partition:
    index: int
    articles: list[Article] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        digest = hashlib.sha256()
        for a in self.articles:
            digest.update(f"{a.article_id}\x1f{a.content_hash}\n".encode())
        for source, reason in self.failures:
            digest.update(f"!{source}\x1f{reason}\n".encode())
        return f"part-{self.index:06d}-{digest.hexdigest()[:12]}"

    @property
    def size(self) -> int:
        return len(self.articles) + len(self.failures)


def partitions(items: Iterable[Item], size: int) -> Iterator[Partition]:
    """Consecutive partitions of ``size`` inputs (articles or failures) each."""
    part = Partition(0)
    for item in items:
        if item.article is not None:
            part.articles.append(item.article)
        else:
            part.failures.append((item.source, item.reason))
        if part.size >= size:
            yield part
            part = Partition(part.index + 1)
    if part.size:
        yield part


@dataclass
class BatchSummary:
    articles: int = 0
    failures: int = 0
    partitions_done: int = 0
    partitions_skipped: int = 0
    seconds: float = 0.0
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # worker pid → peak resident MB

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        peak = max(self.peak_rss_mb.values(), default=0.0)
        return (
            f"{self.articles} articles in {self.seconds:.1f} s ({self.rate:.1f} articles/s), "
            f"{self.failures} failures; partitions: {self.partitions_done} written, "
            f"{self.partitions_skipped} already done; peak memory per worker {peak:.0f} MB"
        )


class Progress:
    """A progress bar on stderr: articles done of the estimated total, articles per second; redrawn in
    place on a terminal, one line per partition otherwise (logs)."""

    def __init__(self, total: int, stream: Any = None, enabled: bool = True) -> None:
        self.total, self.done, self.stream, self.enabled = max(total, 1), 0, stream or sys.stderr, enabled
        self.started = time.perf_counter()

    def advance(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.started
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * 30)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        tty = getattr(self.stream, "isatty", lambda: False)()
        line = f"[{bar:<30}] {self.done}/{self.total} articles  {rate:.1f} articles/s"
        self.stream.write(f"\r{line}" if tty else f"{line}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and getattr(self.stream, "isatty", lambda: False)():
            self.stream.write("\n")


def prune(out: Path, names: set[str]) -> None:
    """Remove partitions of an earlier, differently cut run of the same folder (they would count twice)."""
    for path in [*out.glob("*/*.parquet"), *(out / DONE).glob("part-*")]:
        if path.stem not in names and path.name not in names:
            path.unlink()


def run_batch(
    inputs: Iterable[Path | str],
    out: Path,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    partition_size: int = 200,
    progress: bool = True,
    on_result: Callable[[PartitionResult], None] | None = None,
) -> BatchSummary:
    """Run the pipeline over ``inputs`` into ``out`` on a local cluster (``workers`` processes, loopback)
    or on the dask scheduler at ``scheduler``; partitions already written are skipped."""
    from distributed import Client, LocalCluster, as_completed

    logging.getLogger("distributed").setLevel(logging.ERROR)
    inputs = list(inputs)
    out.mkdir(parents=True, exist_ok=True)
    done_dir = out / DONE
    summary = BatchSummary()
    bar = Progress(count_inputs(inputs), enabled=progress)
    started = time.perf_counter()
    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="30s")
    else:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # loopback only, any free port
            memory_limit="2GiB",
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    names: set[str] = set()
    try:
        in_flight = as_completed()
        limit = 2 * max(len(client.scheduler_info().get("workers", {})), workers, 1)

        def collect(future: Any) -> None:
            result: PartitionResult = future.result()
            summary.articles += result.articles
            summary.failures += result.failures
            summary.partitions_done += 1
            pid = result.worker_pid
            summary.peak_rss_mb[pid] = max(summary.peak_rss_mb.get(pid, 0.0), result.peak_rss_mb)
            bar.advance(result.articles + result.failures)
            if on_result is not None:
                on_result(result)

        for part in partitions(iter_items(inputs), partition_size):
            name = part.name
            names.add(name)
            if (done_dir / name).exists():
                summary.partitions_skipped += 1
                bar.advance(part.size)
                continue
            in_flight.add(
                client.submit(process_partition, str(out), name, part.articles, part.failures, pure=False)
            )
            while in_flight.count() >= limit:
                collect(next(in_flight))
        for future in in_flight:
            collect(future)
        prune(out, names)
    finally:
        bar.close()
        client.close()
        if cluster is not None:
            cluster.close()
    summary.seconds = time.perf_counter() - started
    return summary
