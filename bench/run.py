"""``python bench/run.py [--quick]``: measure speed, memory and accuracy in one run.

Prints a table (figure, value, target, met/missed) and, as its last line, one JSON object with every figure.
What each figure means and how it is measured: bench/README.md. Nothing here is a test: tests never time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import fresh_process  # noqa: E402
from bench.corpus import SAMPLE_DIR, CorpusArticle, load_corpus  # noqa: E402
from bench.scoring import Prediction, not_place_hits, score_corpus  # noqa: E402

OUT = ROOT / "bench" / "out"
FULL_N, QUICK_N = 2000, 300
F1_MARGIN = 0.20  # "our_f1 far above geotext_f1": at least this much higher


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str
    target: str = ""
    check: Callable[[dict[str, Any]], bool] | None = None


def _ge(key: str, limit: float) -> Callable[[dict[str, Any]], bool]:
    return lambda f: f[key] >= limit


def _le(key: str, limit: float) -> Callable[[dict[str, Any]], bool]:
    return lambda f: f[key] <= limit


ROWS: tuple[Row, ...] = (
    Row("cores", "CPU cores on this machine", ""),
    Row("corpus_articles", "corpus articles (generated + sample)", ""),
    Row("corpus_mb", "corpus size", "MB"),
    Row("extract_mb_per_s", "full extraction, one core", "MB/s", ">= 2", _ge("extract_mb_per_s", 2.0)),
    Row("extract_articles_per_s", "full extraction, one core", "articles/s"),
    Row(
        "places_mb_per_s",
        "place stage alone, one core",
        "MB/s",
        ">= geotext",
        lambda f: f["places_mb_per_s"] >= f["geotext_mb_per_s"],
    ),
    Row("geotext_mb_per_s", "geotext (peer), one core", "MB/s"),
    Row(
        "our_f1",
        "our F1 (span + resolution <= 10 km)",
        "",
        f">= geotext_f1 + {F1_MARGIN}",
        lambda f: f["our_f1"] >= f["geotext_f1"] + F1_MARGIN,
    ),
    Row("geotext_f1", "geotext F1 (most populous match)", ""),
    Row("our_f1_sample", "our F1 on the sample articles' gold", ""),
    Row("geotext_f1_sample", "geotext F1 on the sample articles' gold", ""),
    Row("gazetteer_load_s", "gazetteer load, fresh process", "s", "<= 0.3", _le("gazetteer_load_s", 0.3)),
    Row("gazetteer_rss_mb", "gazetteer load, peak RSS", "MB", "<= 120", _le("gazetteer_rss_mb", 120)),
    Row("naive_load_s", "json.load(cities500.json), fresh process", "s"),
    Row("naive_rss_mb", "json.load(cities500.json), peak RSS", "MB"),
    Row("peak_rss_mb", "peak RSS extracting the whole corpus", "MB"),
    Row("map_build_s", "default map for the sample (build + HTML)", "s"),
    Row(
        "map_html_bytes",
        "default map HTML for the sample",
        "bytes",
        "<= 1.5 MB",
        _le("map_html_bytes", 1_500_000),
    ),
    Row("map_build_10k_s", "map with 10,000 places (build + HTML)", "s", "<= 2", _le("map_build_10k_s", 2.0)),
    Row("png_export_s", "PNG 1600x1000 of the default view", "s", "<= 4", _le("png_export_s", 4.0)),
    Row(
        "dashboard_cold_start_s",
        "dashboard cold start to map drawn",
        "s",
        "<= 4",
        _le("dashboard_cold_start_s", 4.0),
    ),
    Row("rerun_s", "server rerun after a layer toggle", "s", "<= 0.3", _le("rerun_s", 0.3)),
)


class Bench:
    """Collects figures and the reasons figures could not be measured."""

    def __init__(self) -> None:
        self.figures: dict[str, Any] = {}
        self.notes: dict[str, str] = {}
        self.details: dict[str, Any] = {}
        self.cpu: dict[str, float] = {}  # the same figure computed from CPU time instead of wall-clock time

    def step(self, name: str, keys: tuple[str, ...], fn: Callable[[], dict[str, Any]]) -> None:
        """Run one measurement; on failure its figures become null with the reason noted."""
        print(f"… {name}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            values = fn()
        except Exception as exc:  # a module not there yet, a browser missing: report, keep going
            reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            if os.environ.get("BENCH_DEBUG"):
                traceback.print_exc()
            values = {}
            for key in keys:
                self.notes[key] = reason
        for key in keys:
            self.figures[key] = values.get(key)
        print(f"  done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)


def _load_preds(path: Path) -> dict[str, list[Prediction]]:
    return {aid: [Prediction(**r) for r in rows] for aid, rows in json.loads(path.read_text()).items()}


def _scores(items: list[CorpusArticle], preds: dict[str, list[Prediction]]) -> dict[str, Any]:
    """Strict F1 over all gold, over the sample's gold alone, recognition-only F1, and person traps hit."""
    scored = [i for i in items if i.origin in ("generated", "sample")]
    gold = {i.article.article_id: i.gold for i in scored}
    samples = [i.article.article_id for i in items if i.origin == "sample"]
    full = score_corpus(gold, preds)
    sample = score_corpus(gold, preds, articles=samples)
    recog = score_corpus(gold, preds, resolve=False)
    hits = sum(not_place_hits(i.not_places, preds.get(i.article.article_id, ())) for i in scored)
    return {
        "f1": full.f1,
        "precision": full.precision,
        "recall": full.recall,
        "counts": {"tp": full.tp, "fp": full.fp, "fn": full.fn},
        "f1_sample": sample.f1 if sample.tp + sample.fn else None,
        "sample_counts": {"tp": sample.tp, "fp": sample.fp, "fn": sample.fn},
        "recognition_f1": recog.f1,
        "not_place_hits": hits,
        "not_places": sum(len(i.not_places) for i in scored),
    }


def measure_extraction(b: Bench, items: list[CorpusArticle], n: int, seed: int, passes: int) -> None:
    def ours() -> dict[str, Any]:
        out = OUT / "our_predictions.json"
        r = fresh_process.run("extract", n, seed, passes, out)
        if "error" in r:
            raise RuntimeError(r["error"])
        mb = r["bytes"] / 1e6
        score = b.details["our_score"] = _scores(items, _load_preds(out))
        b.details["extract"] = r
        if "full_cpu_s" in r:
            b.cpu["extract_mb_per_s"] = mb / r["full_cpu_s"]
            b.cpu["extract_articles_per_s"] = r["articles"] / r["full_cpu_s"]
            b.cpu["places_mb_per_s"] = mb / r["places_cpu_s"]
        return {
            "extract_mb_per_s": mb / r["full_s"],
            "extract_articles_per_s": r["articles"] / r["full_s"],
            "places_mb_per_s": mb / r["places_s"],
            "peak_rss_mb": r["peak_rss_mb"],
            "our_f1": score["f1"],
            "our_f1_sample": score["f1_sample"],
        }

    def peer() -> dict[str, Any]:
        out = OUT / "geotext_predictions.json"
        r = fresh_process.run("geotext", n, seed, passes, out)
        if "error" in r:
            raise RuntimeError(r["error"])
        score = b.details["geotext_score"] = _scores(items, _load_preds(out))
        b.details["geotext"] = r
        if "cpu_seconds" in r:
            b.cpu["geotext_mb_per_s"] = r["bytes"] / 1e6 / r["cpu_seconds"]
        return {
            "geotext_mb_per_s": r["bytes"] / 1e6 / r["seconds"],
            "geotext_f1": score["f1"],
            "geotext_f1_sample": score["f1_sample"],
        }

    b.step("geotext on the corpus (one core)", ("geotext_mb_per_s", "geotext_f1", "geotext_f1_sample"), peer)
    b.step(
        "our extraction on the corpus (one core)",
        (
            "extract_mb_per_s",
            "extract_articles_per_s",
            "places_mb_per_s",
            "peak_rss_mb",
            "our_f1",
            "our_f1_sample",
        ),
        ours,
    )


def measure_loads(b: Bench, quick: bool) -> None:
    def ours() -> dict[str, Any]:
        r = fresh_process.repeated("gazetteer", 3 if quick else 7)
        if "error" in r:
            raise RuntimeError(r["error"])
        b.details["gazetteer_load"] = r
        b.cpu["gazetteer_load_s"] = r["cpu_seconds"]
        return {"gazetteer_load_s": r["seconds"], "gazetteer_rss_mb": r["peak_rss_mb"]}

    def naive() -> dict[str, Any]:
        r = fresh_process.repeated("naive", 1 if quick else 3)
        if "error" in r:
            raise RuntimeError(r["error"])
        b.details["naive_load"] = r
        b.cpu["naive_load_s"] = r["cpu_seconds"]
        return {"naive_load_s": r["seconds"], "naive_rss_mb": r["peak_rss_mb"]}

    b.step("gazetteer load in fresh processes", ("gazetteer_load_s", "gazetteer_rss_mb"), ours)
    b.step("json.load of cities500 in fresh processes", ("naive_load_s", "naive_rss_mb"), naive)


def sample_tables() -> tuple[dict[str, Any], Any, Any]:
    """Extraction tables of the sample articles, the control record, and the extraction."""
    from geo.extract.pipeline import Resources, extract_paths

    resources = Resources()
    result = extract_paths([SAMPLE_DIR], resources=resources)
    return result.frames(), resources.record, result


def synthetic_tables(count: int) -> dict[str, Any]:
    """Tables with ``count`` distinct gazetteer settlements, each mentioned once, over 100 articles."""
    import numpy as np

    from geo.extract.pipeline import Extraction
    from geo.gazetteer import Gazetteer
    from geo.records import Article, Mention

    gazetteer = Gazetteer.load()
    rows = [
        r
        for r in range(0, len(gazetteer), max(1, len(gazetteer) // (count * 2)))
        if gazetteer.kind_of(r) == "settlement"
    ][:count]
    if len(rows) < count:
        rows = list(np.linspace(0, len(gazetteer) - 1, count, dtype=int))
    result = Extraction()
    for i in range(100):
        text = f"Synthetic article {i}."
        result.articles.append(Article(f"syn-{i:03d}", f"Synthetic {i}", "2022-09-08", "bench", text))
    for i, row in enumerate(rows):
        place = gazetteer.place(int(row))
        result.places.append(place)
        result.mentions.append(
            Mention(f"syn-{i % 100:03d}", 0, 9, "Synthetic", place.place_id, confidence=0.9, sentence=0)
        )
    return result.frames()


def _render(m: Any) -> str:
    return m.get_root().render()


def measure_map(b: Bench, quick: bool) -> None:
    state: dict[str, Any] = {}

    def sample() -> dict[str, Any]:
        from geo.mapping import MapView, build_map

        tables, record, _ = sample_tables()
        state.update(tables=tables, record=record)
        times, cpu, html = [], [], ""
        for _ in range(3 if quick else 5):
            t0, c0 = time.perf_counter(), time.process_time()
            html = _render(build_map(tables, record, MapView()))
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        b.details["map_build_runs"] = times
        b.cpu["map_build_s"] = statistics.median(cpu)
        try:
            from geo.exporting import standalone_html

            b.details["map_standalone_bytes"] = len(
                standalone_html(build_map(tables, record, MapView())).encode()
            )
        except Exception as exc:
            b.details["map_standalone_bytes"] = f"{type(exc).__name__}: {exc}"
        return {"map_build_s": statistics.median(times), "map_html_bytes": len(html.encode("utf-8"))}

    def big() -> dict[str, Any]:
        from geo.mapping import MapView, build_map

        tables = synthetic_tables(10_000)
        times, cpu = [], []
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            html = _render(build_map(tables, state.get("record"), MapView()))
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        b.details["map_build_10k_runs"] = times
        b.cpu["map_build_10k_s"] = statistics.median(cpu)
        b.details["map_10k_html_bytes"] = len(html.encode("utf-8"))
        return {"map_build_10k_s": statistics.median(times)}

    def png() -> dict[str, Any]:
        from geo.exporting import close_browser, export_png, map_attributions
        from geo.mapping import MapView, build_map

        if "tables" not in state:
            raise RuntimeError("sample tables unavailable")
        view = MapView().with_(controls=False)
        times = []
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(2 if quick else 3):
                close_browser()  # every export is a first export: browser launch included
                t0 = time.perf_counter()
                export_png(
                    build_map(state["tables"], state["record"], view),
                    Path(tmp) / f"map{i}.png",
                    width=1600,
                    height=1000,
                    title="Sample articles",
                    date=None,
                    attributions=map_attributions(view, state["record"]),
                )
                times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            export_png(
                build_map(state["tables"], state["record"], view),
                Path(tmp) / "warm.png",
                width=1600,
                height=1000,
                attributions=map_attributions(view, state["record"]),
            )
            b.details["png_export_warm_s"] = time.perf_counter() - t0
            close_browser()
        b.details["png_export_runs"] = times
        return {"png_export_s": statistics.median(times)}

    b.step("default map for the sample", ("map_build_s", "map_html_bytes"), sample)
    b.step("map with 10,000 places", ("map_build_10k_s",), big)
    b.step("PNG export 1600x1000", ("png_export_s",), png)


def measure_dashboard(b: Bench, quick: bool) -> None:
    def cold() -> dict[str, Any]:
        from bench.browser import cold_start

        r = cold_start(2 if quick else 3)
        b.details["cold_start"] = r
        return {"dashboard_cold_start_s": r["seconds"]}

    def rerun() -> dict[str, Any]:
        from bench.browser import rerun_times

        r = rerun_times(3 if quick else 7)
        b.details["rerun"] = r
        b.cpu["rerun_s"] = r["cpu_seconds"]
        return {"rerun_s": r["seconds"]}

    b.step("dashboard cold start in headless Chromium", ("dashboard_cold_start_s",), cold)
    b.step("dashboard rerun after a layer toggle", ("rerun_s",), rerun)


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "bytes":
        return f"{value:,} ({value / 1e6:.2f} MB)"
    if isinstance(value, float):
        text = f"{value:.3f}" if value < 10 else f"{value:.1f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} {unit}".strip()


def print_table(b: Bench) -> None:
    f = b.figures
    lines = [("figure", "key", "value", "target", "status", "same on CPU time")]
    for row in ROWS:
        value = f.get(row.key)
        status = ""
        if row.check is not None:
            try:
                status = "met" if row.check(f) else "MISSED"
            except (TypeError, KeyError):  # a figure it depends on is missing
                status = "not measured"
        cpu = _fmt(b.cpu[row.key], row.unit) if row.key in b.cpu else ""
        lines.append((row.label, row.key, _fmt(value, row.unit), row.target, status, cpu))
    widths = [max(len(line[i]) for line in lines) for i in range(6)]
    for i, line in enumerate(lines):
        print("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(line)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    if b.notes:
        print("\nnot measured:")
        for key, reason in b.notes.items():
            print(f"  {key}: {reason}")
    for name in ("our_score", "geotext_score"):
        s = b.details.get(name)
        if s:
            print(
                f"{name}: P={s['precision']:.3f} R={s['recall']:.3f} {s['counts']}; recognition-only "
                f"F1 {s['recognition_f1']:.3f}; people named like places taken as places: "
                f"{s['not_place_hits']}/{s['not_places']}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_N} generated articles, fewer repeats")
    parser.add_argument("-n", type=int, default=None, help="generated articles (default 2000, quick 300)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--skip", default="", help="comma-separated: extract,loads,map,dashboard")
    args = parser.parse_args(argv)
    n = args.n or (QUICK_N if args.quick else FULL_N)
    passes = 1 if args.quick else 3
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    b = Bench()
    b.figures["cores"] = os.cpu_count()
    print(f"… corpus: {n} generated articles, seed {args.seed}", file=sys.stderr, flush=True)
    items = load_corpus(n, args.seed)
    b.figures["corpus_articles"] = len(items)
    b.figures["corpus_mb"] = round(sum(len(i.article.text.encode("utf-8")) for i in items) / 1e6, 3)
    missing_gold = [i.article.article_id for i in items if i.origin == "sample-no-gold"]
    if missing_gold:
        b.notes["sample_gold"] = f"no tests/gold/<id>.places.json for {', '.join(missing_gold)}"

    if "extract" not in skip:
        measure_extraction(b, items, n, args.seed, passes)
    if "loads" not in skip:
        measure_loads(b, args.quick)
    if "map" not in skip:
        measure_map(b, args.quick)
    if "dashboard" not in skip:
        measure_dashboard(b, args.quick)

    b.details["cpu_time_figures"] = b.cpu
    (OUT / "details.json").write_text(json.dumps(b.details, indent=1, default=str))
    print()
    print_table(b)
    print(f"\n{time.perf_counter() - started:.0f} s in total; details in bench/out/details.json")
    result = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in b.figures.items()}
    result["quick"] = args.quick
    result["seed"] = args.seed
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
