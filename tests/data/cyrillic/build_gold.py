"""Build the Cyrillic test articles and their gold files from hand-marked sources (marked/*.txt).

Markup in a source: ``[[surface|target]]`` where target is
- ``Назва/Oblast`` — a Ukrainian settlement looked up in the OSM extract by its Ukrainian name and oblast
  (``/Oblast@Town`` takes the one nearest to that town when the oblast holds several);
- ``@lat,lon`` (settlement) or ``@lat,lon,region`` — coordinates written by hand;
- ``#CC`` — a country; ``?`` — a place the gazetteer lacks (expected unresolved); a leading ``~`` makes the
  row optional (not scored either way); ``!why`` — marked as no place (a person or organisation).
A source starts with front matter (title, published, source, held_out). Writes <id>.md and <id>.places.json
beside this script. Reads ../shared (evaluation only). Usage: ``python tests/data/cyrillic/build_gold.py``
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
OSM = ROOT.parent.parent / "shared" / "data" / "osm-ua-settlements" / "ua_settlements.csv"
_MARK = re.compile(r"\[\[([^|\]]+)\|([^\]]+)\]\]")


def _osm() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    with OSM.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault((r["name:uk"] or r["name"]).replace("’", "'"), []).append(r)
    return out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dlon = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _locate(osm: dict[str, list[dict[str, str]]], target: str) -> tuple[float, float]:
    name, _, where = target.partition("/")
    oblast, _, near = where.partition("@")
    rows = [r for r in osm.get(name, []) if r["place"] in ("city", "town", "village", "hamlet")
            and (not oblast or r["region:name"].startswith(oblast))]
    if near:
        town = osm[near][0]
        here = (float(town["lat"]), float(town["lon"]))
        rows.sort(key=lambda r: _km((float(r["lat"]), float(r["lon"])), here))
        rows = rows[:1]
    if len(rows) != 1:
        raise SystemExit(f"{target}: {len(rows)} OSM rows")
    return float(rows[0]["lat"]), float(rows[0]["lon"])


def build(src: Path, osm: dict[str, list[dict[str, str]]]) -> None:
    from geo.ingest import read_article

    raw = src.read_text(encoding="utf-8")
    head, body = raw.split("\n---\n", 1)
    plain = _MARK.sub(lambda m: m.group(1), body)
    article_id = src.stem
    md = HERE / f"{article_id}.md"
    md.write_text(head + "\n---\n" + plain, encoding="utf-8")
    text = read_article(md).text
    toponyms, not_places = [], []
    pos = 0
    for m in _MARK.finditer(body):
        surface, target = m.group(1), m.group(2)
        start = text.index(surface, pos)
        pos = start + len(surface)
        row: dict[str, object] = {"start": start, "end": pos, "surface": surface}
        optional = target.startswith("~")
        target = target.lstrip("~")
        if target.startswith("!"):
            not_places.append({**row, "why": target[1:]})
            continue
        if target.startswith("#"):
            row.update(kind="country", lat=None, lon=None, country_code=target[1:])
        elif target == "?":
            row.update(kind="settlement", lat=None, lon=None, country_code="UA")
        elif target.startswith("@"):
            parts = target[1:].split(",")
            row.update(kind=parts[2] if len(parts) > 2 else "settlement", lat=float(parts[0]),
                       lon=float(parts[1]), country_code="")
        else:
            lat, lon = _locate(osm, target)
            row.update(kind="settlement", lat=round(lat, 5), lon=round(lon, 5), country_code="UA")
        row.update(metonymic=None, place_id=None, tolerance_km=None, note=target)
        if optional:
            row["optional"] = True
        toponyms.append(row)
    gold = {"article_id": article_id, "article_path": str(md.relative_to(ROOT)),
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "held_out": "held_out: true" in head,
            "annotator": "hand-marked in marked/; settlement points from the OSM extract by Ukrainian name "
                         "and oblast, or written by hand", "toponyms": toponyms, "not_places": not_places}
    (HERE / f"{article_id}.places.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")


def main() -> int:
    osm = _osm()
    for src in sorted((HERE / "marked").glob("*.txt")):
        build(src, osm)
        print(src.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
