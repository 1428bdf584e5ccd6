"""Copy the seed articles from ../shared/seeds into data/articles/ with front matter.

Run once by a developer (``python scripts/import_seeds.py``); the product reads only data/articles/.
The article text is copied verbatim: page boilerplate is dropped by the ingest rules, not here.
"""

from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

SAMPLE = {
    "000_947eb694c8e6dd96": (
        "2022-09-08-kharkiv-counteroffensive",
        "Ukraine claims gains in Kharkiv region as Balakliia is contested",
        "2022-09-08",
    ),
    "001_a76ed23be10cccbf": (
        "2022-09-09-kupyansk-outskirts",
        "Ukrainian troops reach the outskirts of Kupyansk",
        "2022-09-09",
    ),
}


def main() -> int:
    out = ROOT / "geo" / "data" / "articles"
    out.mkdir(parents=True, exist_ok=True)
    for seed, (stem, title, published) in SAMPLE.items():
        body = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
        header = (
            f"---\ntitle: {title}\npublished: {published}\nsource: news report\n"
            f"seed: shared/seeds/{seed}.txt\n---\n"
        )
        (out / f"{stem}.md").write_text(header + body, encoding="utf-8")
        print(f"wrote data/articles/{stem}.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
