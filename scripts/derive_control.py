"""Derive the compact control record (DeepStateMap snapshots) into ``geo/data/control/``.

Sources: the DeepStateMap archive (``../shared/data/deepstate-archive``, Apr 2022 - Aug 2025) and the
2022 snapshots (``../shared/data/deepstate-2022``); a snapshot id (UTC publication time) present in both
is taken once. Each snapshot is derived by ``geo.control_derive`` (classification by key, name and fill;
repair; areas by category with since-2014 and since-2022 occupation kept apart; line of contact;
simplified gzipped GeoJSON). The 2014 reference outline (Crimea, CADR/CALR) comes from the earliest
snapshot that names both layers and is written first, as ``reference_2014.geojson``.

Usage: ``python scripts/derive_control.py [source_dir …] [--out geo/data/control] [--jobs 2]``
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from shapely.geometry import mapping
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.control import ATTRIBUTION  # noqa: E402
from geo.control_derive import (  # noqa: E402, F401  (re-exported for tests)
    BORDER_BUFFER_KM,
    CLIP_BBOX,
    CLOSE_GAPS_KM,
    DECIMALS,
    MIN_FREE_KM2,
    SIMPLIFY_DEG,
    Context,
    DeriveError,
    derive_snapshot,
    geodesic_km2,
    parse_snapshot,
    repair,
    write_snapshot,
)
from geo.control_names import classify_name, recapture_date_text, recapture_iso  # noqa: E402, F401

log = logging.getLogger("derive_control")

SHARED = ROOT.parents[1] / "shared" if (ROOT.parents[1] / "shared").exists() else ROOT.parent / "shared"
DEFAULT_SOURCES = (SHARED / "data" / "deepstate-archive", SHARED / "data" / "deepstate-2022")
DEFAULT_OUT = ROOT / "geo" / "data" / "control"
REFERENCE_SIMPLIFY_DEG = 0.001

README = """# Control record (derived from DeepStateMap)

Territorial control as published by **{attribution}**, {count} snapshots from {first} to {last}
(the last snapshot of every day from 20 Aug to 30 Nov 2022, several a day 25 Aug - 30 Sep 2022, the last of
every ISO week otherwise). Archived snapshots from the public repository DanielRose2310/deepstatemaps-history.
Credit "DeepStateMap" wherever this data is shown or exported. Total size {size_mb:.1f} MB.

- `manifest.json`: attribution, derivation parameters, and per snapshot: `id` (UTC publication time from the
  source file name), `taken`, `file`, `occupied_km2` (geodesic area of all occupied ground, since 2014 and
  since 2022, measured on the full-resolution repaired geometry), `areas_km2` (`occupied_since_2022`,
  `occupied_since_2014` = `cadr_calr` + `crimea`, `contested`, `recaptured`), `front_line_km`,
  `since_2014_from_reference` (the snapshot names no Crimea/CADR layer: since-2014 = occupied ∩ the 2014
  outline), feature `counts` (`foreign` = DeepState's political layers far from Ukraine, never counted)
  and `unclassified` names.
- `snapshots/<id>.geojson.gz`: gzipped FeatureCollection; polygons with `status` (occupied / contested /
  recaptured), `category` (occupied = since 2022, cadr_calr, crimea, contested, recaptured; the three occupied
  categories are disjoint), `label`, `snapshot`, for recaptured areas `date_text` and `recaptured_on`;
  one `front_line` (Multi)LineString; `direction` points (`kind` attack or retreat).
- `reference_2014.geojson`: the 2014 outlines of Crimea and CADR/CALR (from {reference}).

Derivation (`python scripts/derive_control.py`, code in `geo/control_derive.py`): classification by
`geoJSON.*` key, then name (Ukrainian or English, odd spellings), then fill colour; fill `#ff5252` and the
named far-away territories are dropped; invalid polygons repaired with `make_valid`; dissolved per
category; clipped to lon {x0}–{x1}, lat {y0}–{y1}; simplified {tol}° and rounded to {dec} decimals.
Line of contact (an approximation): the occupied boundary where it meets free Ukrainian land (Natural
Earth outline minus the occupied area, minus a {buf} km zone along borders and coasts, minus enclosed
pieces under {free:.0f} km²), after closing gaps under {gap:.0f} km wide (rivers); it stops a few km short
of borders and coasts.
"""


def source_files(sources: list[Path]) -> dict[str, Path]:
    """Snapshot id → file, the first source winning when an id is in several."""
    chosen: dict[str, Path] = {}
    for source in sources:
        for path in sorted(Path(source).glob("*.geojson")):
            if path.name != "manifest.json":
                chosen.setdefault(path.stem, path)
    return dict(sorted(chosen.items()))


def write_reference(files: dict[str, Path], out: Path) -> str:
    """Write ``reference_2014.geojson`` from the earliest snapshot naming both 2014 layers; its id."""
    context = Context.load(reference=None)
    for sid, path in files.items():
        parsed = parse_snapshot(json.loads(path.read_text(encoding="utf-8")))
        cats = {c for c, _ in parsed.areas}
        if {"crimea", "cadr_calr"} <= cats:
            features = []
            for category in ("cadr_calr", "crimea"):
                parts = [g for (c, _), gs in parsed.areas.items() if c == category for g in gs]
                geom = repair(unary_union([repair(g) for g in parts]))
                geom = repair(geom.simplify(REFERENCE_SIMPLIFY_DEG, preserve_topology=True))
                features.append(
                    {
                        "type": "Feature",
                        "properties": {"category": category, "snapshot": sid},
                        "geometry": mapping(geom),
                    }
                )
            out.mkdir(parents=True, exist_ok=True)
            (out / "reference_2014.geojson").write_text(
                json.dumps({"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}),
                encoding="utf-8",
            )
            del context
            return sid
    raise SystemExit("no snapshot names both Crimea and CADR/CALR: cannot derive the 2014 outline")


_CONTEXT: Context | None = None


def _derive_one(args: tuple[str, str, str]) -> tuple[dict[str, Any] | None, str]:
    global _CONTEXT
    sid, path, out = args
    if _CONTEXT is None:
        _CONTEXT = Context.load(reference=Path(out) / "reference_2014.geojson")
    try:
        collection, entry = derive_snapshot(json.loads(Path(path).read_text(encoding="utf-8")), sid, _CONTEXT)
    except DeriveError as exc:
        return None, f"{sid}: skipped ({exc})"
    write_snapshot(Path(out), collection, entry)
    return entry, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path, default=list(DEFAULT_SOURCES))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    files = source_files(args.sources)
    if not files:
        log.error("no *.geojson snapshots in %s", ", ".join(map(str, args.sources)))
        return 1
    reference = write_reference(files, args.out)
    snapshots_dir = args.out / "snapshots"
    snapshots_dir.mkdir(parents=True, exist_ok=True)
    for old in [*snapshots_dir.glob("*.geojson"), *snapshots_dir.glob("*.geojson.gz")]:
        old.unlink()
    jobs = [(sid, str(path), str(args.out)) for sid, path in files.items()]
    entries, unclassified = [], Counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for entry, problem in pool.map(_derive_one, jobs, chunksize=4):
            if entry is None:
                log.warning(problem)
                continue
            unclassified.update(entry["unclassified"])
            log.info(
                "%s occupied %.0f km² (since 2014 %.0f) front %.0f km",
                entry["id"],
                entry["occupied_km2"],
                entry["areas_km2"]["occupied_since_2014"],
                entry["front_line_km"],
            )
            entries.append(entry)
    for name, count in unclassified.most_common():
        log.warning("unclassified polygon name ×%d: %r", count, name)
    manifest = {
        "attribution": ATTRIBUTION,
        "source": "DeepStateMap snapshots archived by DanielRose2310/deepstatemaps-history",
        "generated_by": "scripts/derive_control.py",
        "clip_bbox": list(CLIP_BBOX),
        "simplify_deg": SIMPLIFY_DEG,
        "border_buffer_km": BORDER_BUFFER_KM,
        "reference_2014": reference,
        "snapshots": entries,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=0)
    (args.out / "manifest.json").write_text(text, encoding="utf-8")
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    x0, y0, x1, y1 = CLIP_BBOX
    (args.out / "README.md").write_text(
        README.format(
            attribution=ATTRIBUTION,
            count=len(entries),
            first=entries[0]["id"],
            last=entries[-1]["id"],
            size_mb=size / 1e6,
            reference=reference,
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            tol=SIMPLIFY_DEG,
            dec=DECIMALS,
            free=MIN_FREE_KM2,
            gap=2 * CLOSE_GAPS_KM,
            buf=BORDER_BUFFER_KM,
        ),
        encoding="utf-8",
    )
    log.info("%d snapshots, %.1f MB in %s", len(entries), size / 1e6, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
