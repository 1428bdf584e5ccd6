"""Precompute the offline basemap exactly as the map page embeds it: data/basemap/outlines.page.json.

The map draws the Natural Earth outlines of data/basemap/ (the world outside the regional window, coarse,
plus the regional outlines, fine). Clipping and simplifying the world with shapely and serialising both
collections costs ~0.5 s per process; this file holds the result, with the SHA-256 of both sources in its
first line, so ``geo.mapping.basemap`` uses it only while the sources are unchanged (else it recomputes).

    .venv/bin/python scripts/derive_basemap_outlines.py           # (re)write it
    .venv/bin/python scripts/derive_basemap_outlines.py --check   # exit 1 when missing or stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.mapping.basemap import (  # noqa: E402
    BASEMAP_DIR,
    PRECOMPUTED_FILE,
    _precomputed,
    compute_outline_collections,
    outlines_json,
    source_digests,
)


def main(argv: list[str]) -> int:
    target = BASEMAP_DIR / PRECOMPUTED_FILE
    body = outlines_json(compute_outline_collections())
    if "--check" in argv:
        ok = _precomputed() == body
        print(f"{target}: {'up to date' if ok else 'missing or stale'}")
        return 0 if ok else 1
    header = json.dumps({"sources": source_digests(), "by": "scripts/derive_basemap_outlines.py"})
    target.write_text(header + "\n" + body + "\n", encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
