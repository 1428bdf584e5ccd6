"""``python bench/control_record.py``: storage options for the control record, measured.

For the derived record in ``geo/data/control`` (gzipped GeoJSON per snapshot, as shipped) this prints the
bytes on disk and the time to read one snapshot for each encoding considered — plain GeoJSON, gzipped
GeoJSON, WKB + zlib per snapshot, one Parquet file (WKB column, zstd; GeoParquet's encoding) — the share
of features a delta encoding could reuse from the previous snapshot, and the product's own figures:
record load in a fresh process, first map layer of one snapshot, first point query. Figures, not a test.
"""

from __future__ import annotations

import gzip
import io
import json
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import shapely  # noqa: E402
from shapely.geometry import mapping, shape  # noqa: E402

FOLDER = ROOT / "geo" / "data" / "control"


def _median_ms(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    manifest = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["snapshots"]
    gz_paths = [FOLDER / e["file"] for e in entries]
    raws = [gzip.decompress(p.read_bytes()) for p in gz_paths]
    collections = [json.loads(r) for r in raws]
    sample = len(entries) - 1  # a 2025 snapshot, the largest kind

    rows = []
    gz_total = sum(p.stat().st_size for p in gz_paths)
    rows.append(
        (
            "gzipped GeoJSON per snapshot (shipped)",
            gz_total,
            _median_ms(lambda: json.loads(gzip.decompress(gz_paths[sample].read_bytes()))),
        )
    )
    rows.append(
        (
            "plain GeoJSON per snapshot",
            sum(len(r) for r in raws),
            _median_ms(lambda: json.loads(raws[sample])),
        )
    )

    def wkb_blob(fc):
        feats = fc["features"]
        props = json.dumps([f["properties"] for f in feats]).encode()
        geoms = shapely.to_wkb([shape(f["geometry"]) for f in feats])
        parts = [len(props).to_bytes(4, "little"), props] + [len(g).to_bytes(4, "little") + g for g in geoms]
        return zlib.compress(b"".join(parts), 9)

    def wkb_load(blob):
        data = zlib.decompress(blob)
        n = int.from_bytes(data[:4], "little")
        props = json.loads(data[4 : 4 + n])
        pos, geoms = 4 + n, []
        while pos < len(data):
            size = int.from_bytes(data[pos : pos + 4], "little")
            geoms.append(data[pos + 4 : pos + 4 + size])
            pos += 4 + size
        return [
            {"properties": p, "geometry": mapping(g)}
            for p, g in zip(props, shapely.from_wkb(geoms), strict=True)
        ]

    blobs = [wkb_blob(fc) for fc in collections]
    rows.append(
        ("WKB + zlib per snapshot", sum(len(b) for b in blobs), _median_ms(lambda: wkb_load(blobs[sample])))
    )

    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        cols = {"snapshot": [], "status": [], "label": [], "wkb": []}
        for e, fc in zip(entries, collections, strict=True):
            for f in fc["features"]:
                cols["snapshot"].append(e["id"])
                cols["status"].append(f["properties"]["status"])
                cols["label"].append(f["properties"].get("label", ""))
                cols["wkb"].append(shapely.to_wkb(shape(f["geometry"])))
        buffer = io.BytesIO()
        pq.write_table(pa.table(cols), buffer, compression="zstd", row_group_size=2000)
        blob = buffer.getvalue()
        sid = entries[sample]["id"]

        def parquet_one():
            table = pq.read_table(io.BytesIO(blob), filters=[("snapshot", "=", sid)])
            return [mapping(g) for g in shapely.from_wkb(table.column("wkb").to_pylist())]

        rows.append(("one Parquet file, WKB column, zstd", len(blob), _median_ms(parquet_one)))
    except ImportError:
        pass

    reused = total = 0
    for prev, cur in zip(collections, collections[1:], strict=False):
        seen = {json.dumps(f["geometry"], sort_keys=True) for f in prev["features"]}
        for f in cur["features"]:
            total += 1
            reused += json.dumps(f["geometry"], sort_keys=True) in seen
    print(f"{len(entries)} snapshots, {entries[0]['id']} … {entries[-1]['id']}")
    print(f"{'encoding':44} {'MB':>7} {'read one (ms)':>14}")
    for name, size, ms in rows:
        print(f"{name:44} {size / 1e6:7.1f} {ms:14.1f}")
    print(f"delta encoding: {reused / max(total, 1):.0%} of features identical to the previous snapshot's")

    code = "\n".join(
        [
            "import time",
            "from geo.mapping.control import control_features",
            "t = time.perf_counter()",
            "from geo.control import ControlRecord",
            "r = ControlRecord.load()",
            "t1 = time.perf_counter()",
            "s = r.snapshots[-1].snapshot_id",
            "control_features(r, s)",
            "t2 = time.perf_counter()",
            "r.status_in(48.0, 37.6, s)",
            "t3 = time.perf_counter()",
            "print(round((t1 - t) * 1000, 1), round((t2 - t1) * 1000, 1), round((t3 - t2) * 1000, 1))",
        ]
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    load_ms, map_ms, point_ms = out.stdout.split()
    print(
        f"fresh process: import + load the record {load_ms} ms; first map layer of one snapshot {map_ms} ms; "
        f"first point query (union + prepare) {point_ms} ms"
    )
    folder_mb = sum(p.stat().st_size for p in FOLDER.rglob("*") if p.is_file()) / 1e6
    print(f"geo/data/control on disk: {folder_mb:.1f} MB (budget 40 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
