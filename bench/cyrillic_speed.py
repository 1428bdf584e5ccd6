"""Place-stage speed on Ukrainian/Russian text versus English text (MB/s of UTF-8 article text, one core).

Both corpora are made the same way: articles of ``PARAS`` paragraphs drawn with a fixed seed from the
repository's own test articles (English: geo/data/articles, tests/data/{handwritten,unseen,unseen2};
Cyrillic: tests/data/cyrillic). Prints a table and, as its last line, one JSON object.
Usage: ``.venv/bin/python bench/cyrillic_speed.py [-n 300] [--passes 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.gazetteer.index import Gazetteer  # noqa: E402
from geo.ingest import article_from_text, read_article  # noqa: E402
from geo.places import find_places  # noqa: E402

PARAS = 6


def _paragraphs(folders: list[Path]) -> list[str]:
    out: list[str] = []
    for folder in folders:
        for path in sorted(folder.glob("*.md")):
            out += [p.strip() for p in read_article(path).text.split("\n") if len(p.strip()) > 80]
    return out


def _corpus(paras: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["\n\n".join(rng.choice(paras) for _ in range(PARAS)) for _ in range(n)]


def _rate(gaz: Gazetteer, texts: list[str], passes: int) -> tuple[float, int]:
    arts = [article_from_text(t, f"b{i}") for i, t in enumerate(texts)]
    size = sum(len(t.encode("utf-8")) for t in texts)
    for a in arts[:20]:
        find_places(a, gaz)  # warm-up: loads the name tables once
    best = float("inf")
    for _ in range(passes):
        t0 = time.process_time()
        for a in arts:
            find_places(a, gaz)
        best = min(best, time.process_time() - t0)
    return size / best / 1e6, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    gaz = Gazetteer.load()
    en = _paragraphs([ROOT / "geo" / "data" / "articles", *(ROOT / "tests" / "data" / d
                                                          for d in ("handwritten", "unseen", "unseen2"))])
    cy = _paragraphs([ROOT / "tests" / "data" / "cyrillic"])
    en_rate, en_size = _rate(gaz, _corpus(en, args.n, args.seed), args.passes)
    cy_rate, cy_size = _rate(gaz, _corpus(cy, args.n, args.seed), args.passes)
    print(f"{'corpus':<10} {'MB':>6} {'MB/s':>7}")
    print(f"{'English':<10} {en_size / 1e6:6.2f} {en_rate:7.2f}")
    print(f"{'Cyrillic':<10} {cy_size / 1e6:6.2f} {cy_rate:7.2f}   "
          f"ratio English/Cyrillic {en_rate / cy_rate:.2f} "
          "(target <= 2)")
    print(json.dumps({"english_mb_s": round(en_rate, 3), "cyrillic_mb_s": round(cy_rate, 3),
                      "ratio": round(en_rate / cy_rate, 3), "articles": args.n}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
