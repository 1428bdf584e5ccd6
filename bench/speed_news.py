"""``python bench/speed_news.py [--passes N] [--limit N]``: extraction speed on real news (GeoWebNews texts).

Reads ``../shared/bench/geowebnews.jsonl`` (each line an article's text; read at run time, never copied into
the repo), runs the full extraction (``geo.extract.stages.default_stages``) over every text ``--passes`` times
after one warm-up pass, and prints the marginal throughput in MB of text per CPU second (median of the
passes; start-up, gazetteer load and the warm-up excluded), the CPU share of each stage, and geotext's
``GeoText(text)`` speed over the same texts in the same run. Also the CPU seconds of one fresh
``python -m geo extract`` start-up. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT = ROOT.parent.parent / "shared" / "bench" / "geowebnews.jsonl"


def load_texts(path: Path, limit: int = 0) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts[:limit] if limit else texts


def time_extraction(texts: list[str], passes: int) -> tuple[float, dict[str, float]]:
    """Median CPU seconds of one pass over ``texts``, and CPU seconds per stage summed over the passes."""
    from geo.extract.doc import Doc
    from geo.extract.pipeline import Resources
    from geo.ingest import article_from_text

    resources = Resources(load_record=False)
    stages = resources.stages()
    articles = [article_from_text(t, f"gwn-{i}") for i, t in enumerate(texts)]
    per_stage: dict[str, float] = {s.name: 0.0 for s in stages}
    runs = []
    for n in range(passes + 1):
        c0 = time.process_time()
        for article in articles:
            doc = Doc(article)
            for stage in stages:
                s0 = time.process_time()
                doc = stage(doc)
                if n:
                    per_stage[stage.name] += time.process_time() - s0
        if n:  # pass 0 warms caches and lazy imports
            runs.append(time.process_time() - c0)
    return statistics.median(runs), {k: v / passes for k, v in per_stage.items()}


def startup_cpu() -> float:
    """CPU seconds (user + system of the child) of ``python -m geo extract`` on a one-line article."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.txt"
        path.write_text("Officials said on Monday that shelling hit Kharkiv.\n", encoding="utf-8")
        before = os.times()
        subprocess.run(
            [sys.executable, "-m", "geo", "extract", str(path), "--json"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="first N texts only")
    parser.add_argument("--no-startup", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"error: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    texts = load_texts(args.corpus, args.limit)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    cpu, stages = time_extraction(texts, args.passes)
    from bench.peer_geotext import time_geotext

    _, _, geo_cpu = time_geotext(texts, passes=args.passes)
    print(f"texts {len(texts)}  {mb:.3f} MB  passes {args.passes} (median CPU s per pass)")
    print(f"full extraction  {mb / cpu:6.2f} MB/s CPU   ({cpu:.2f} s)   target >= 2")
    print(f"geotext          {mb / geo_cpu:6.2f} MB/s CPU   ({geo_cpu:.2f} s)")
    total = sum(stages.values()) or 1.0
    for name, sec in stages.items():
        rate = mb / sec if sec else 0.0
        print(f"  stage {name:<12} {sec:6.2f} s  {100 * sec / total:5.1f}%  {rate:8.2f} MB/s")
    startup = None if args.no_startup else startup_cpu()
    if startup is not None:
        print(f"start-up of python -m geo extract: {startup:.2f} CPU s   target <= 1")
    print(
        json.dumps(
            {
                "mb": round(mb, 3),
                "full_mb_s": round(mb / cpu, 3),
                "geotext_mb_s": round(mb / geo_cpu, 3),
                "stages_s": {k: round(v, 3) for k, v in stages.items()},
                "startup_cpu_s": startup,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
