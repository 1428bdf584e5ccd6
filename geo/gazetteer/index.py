"""The embedded gazetteer: memory-mapped arrays + marisa tries, loaded in milliseconds.

``Gazetteer.load()`` builds the index on first use (see ``geo.gazetteer.build``) and maps it read-only.
Rows are plain integers; ``place(row)`` turns one into a ``geo.records.Place`` only when needed.
Opening the index maps the tries and reads ``meta.json`` only: the numpy arrays are mapped on first use,
so a process that just opens the gazetteer does not pay for importing numpy.
"""

from __future__ import annotations

import json
import mmap
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import marisa_trie

from geo.gazetteer.build import FLAG_CAPITAL, FLAG_DERIVED, FLAG_SUPPLEMENT, KINDS, ensure_index

if TYPE_CHECKING:
    import numpy as np

    from geo.records import Place


def _array(path: Path) -> np.ndarray:
    """A plain ndarray view of a read-only memory-mapped .npy file (fast scalar access)."""
    import numpy as np

    return np.asarray(np.load(path, mmap_mode="r"))


class _Postings:
    """Key → rows over a marisa trie and CSR arrays (arrays mapped on first use)."""

    def __init__(self, directory: Path, stem: str) -> None:
        self.directory, self.stem = directory, stem
        self.trie = marisa_trie.Trie()
        self.trie.mmap(str(directory / f"{stem}.marisa"))

    @cached_property
    def off(self) -> np.ndarray:
        return _array(self.directory / f"{self.stem}_off.npy")

    @cached_property
    def ids(self) -> np.ndarray:
        return _array(self.directory / f"{self.stem}_ids.npy")

    @cached_property
    def _empty(self) -> np.ndarray:
        return self.ids[:0]

    def rows(self, key: str) -> np.ndarray:
        kid = self.trie.get(key)
        if kid is None:
            return self._empty
        return self.ids[self.off[kid] : self.off[kid + 1]]

    def __contains__(self, key: str) -> bool:
        return key in self.trie


class RowRef(NamedTuple):
    """What a mention needs of a gazetteer row."""

    place_id: str
    name: str
    country_code: str
    lat: float  # rounded to 5 decimals, as in ``Place``
    lon: float
    kind: str
    capital: bool


def _map_bytes(path: Path) -> mmap.mmap | bytes:
    """A read-only memory map of a file (empty bytes for an empty file, which cannot be mapped)."""
    if not path.stat().st_size:
        return b""
    with path.open("rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


class Gazetteer:
    """GeoNames cities500 + countries + the curated supplement, keyed by normalised name."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        self.input_hash: str = meta["input_hash"]
        self._strings: list[str] = meta["strings"]
        self._admin1_names: dict[str, str] = meta["admin1_names"]
        self.acronyms: frozenset[str] = frozenset(meta["acronyms"])
        self.names = _Postings(directory, "names")
        self.desig = _Postings(directory, "desig")
        self._places = int(meta.get("places", 0))
        self._name_blob = _map_bytes(directory / "name_blob.bin")
        self._gid_rows: dict[int, int] | None = None
        self._refs: dict[int, RowRef] = {}

    # --- row meta data (ids of non-GeoNames rows, sources), read on first use -------------------------
    @cached_property
    def _row_meta(self) -> dict:
        return json.loads((self.directory / "rows.json").read_text(encoding="utf-8"))

    @cached_property
    def _supplement_ids(self) -> dict[int, str]:
        return {int(k): v for k, v in self._row_meta["supplement_ids"].items()}

    @cached_property
    def _sup_rows(self) -> dict[str, int]:
        return {v: k for k, v in self._supplement_ids.items()}

    @cached_property
    def _sources(self) -> dict[int, str]:
        return {int(k): v for k, v in self._row_meta["sources"].items()}

    # --- column arrays, mapped on first use ------------------------------------------------------------
    @cached_property
    def lat(self) -> np.ndarray:
        return _array(self.directory / "lat.npy")

    @cached_property
    def lon(self) -> np.ndarray:
        return _array(self.directory / "lon.npy")

    @cached_property
    def pop(self) -> np.ndarray:
        return _array(self.directory / "pop.npy")

    @cached_property
    def kind(self) -> np.ndarray:
        return _array(self.directory / "kind.npy")

    @cached_property
    def flags(self) -> np.ndarray:
        return _array(self.directory / "flags.npy")

    @cached_property
    def gid(self) -> np.ndarray:
        return _array(self.directory / "gid.npy")

    @cached_property
    def cc(self) -> np.ndarray:
        return _array(self.directory / "cc.npy")

    @cached_property
    def adm(self) -> np.ndarray:
        return _array(self.directory / "adm.npy")

    @cached_property
    def _name_off(self) -> np.ndarray:
        return _array(self.directory / "name_off.npy")

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """Map the index for the current inputs, building it first when missing or stale."""
        return cls(ensure_index(cache_dir))

    def __len__(self) -> int:
        return self._places or int(self.lat.shape[0])

    @property
    def strings(self) -> list[str]:
        """The string table that ``cc`` and ``adm`` index into (country codes, "CC.admin1" codes)."""
        return self._strings

    # --- row accessors -------------------------------------------------------------------------------
    def rows_for_key(self, key: str) -> np.ndarray:
        """Rows whose name or alternate name has this key."""
        return self.names.rows(key)

    def designator_rows(self, key: str) -> np.ndarray:
        """Rows named by ``key`` only before a designator ("Kharkiv" in "Kharkiv region")."""
        return self.desig.rows(key)

    def has_key(self, key: str) -> bool:
        return key in self.names or key in self.desig

    def name(self, row: int) -> str:
        return self._name_blob[int(self._name_off[row]) : int(self._name_off[row + 1])].decode("utf-8")

    def ref(self, row: int) -> RowRef:
        """The fields of a row that mentions and runner-ups show (memoised: the same rows recur)."""
        ref = self._refs.get(row)
        if ref is None:
            lat, lon = round(float(self.lat[row]), 5), round(float(self.lon[row]), 5)
            ref = RowRef(self.place_id(row), self.name(row), self.country_of(row), lat, lon,
                         self.kind_of(row), self.is_capital(row))
            if len(self._refs) > 100_000:
                self._refs.clear()
            self._refs[row] = ref
        return ref

    def kind_of(self, row: int) -> str:
        return KINDS[int(self.kind[row])]

    def country_of(self, row: int) -> str:
        return self._strings[int(self.cc[row])]

    def admin1_of(self, row: int) -> str:
        """Admin-1 code as "CC.code" ("UA.07"), "" when unknown."""
        return self._strings[int(self.adm[row])]

    def admin1_name(self, code: str) -> str:
        return self._admin1_names.get(code, "")

    def is_capital(self, row: int) -> bool:
        return bool(int(self.flags[row]) & FLAG_CAPITAL)

    def is_supplement(self, row: int) -> bool:
        return bool(int(self.flags[row]) & FLAG_SUPPLEMENT)

    def is_derived(self, row: int) -> bool:
        """A row derived in bulk (admin-1 regions, water bodies, OSM villages), not curated."""
        return bool(int(self.flags[row]) & FLAG_DERIVED)

    def place_id(self, row: int) -> str:
        sup = self._supplement_ids.get(row)
        return sup if sup is not None else f"gn:{int(self.gid[row])}"

    def row_of(self, place_id: str) -> int | None:
        if not place_id.startswith("gn:"):  # sup: (curated), ne: / osm: (derived, geo.cyrillic.rows)
            return self._sup_rows.get(place_id)
        if not place_id.startswith("gn:") or not place_id[3:].isdigit():
            return None
        if self._gid_rows is None:
            self._gid_rows = {g: i for i, g in enumerate(self.gid.tolist()) if g >= 0}
        return self._gid_rows.get(int(place_id[3:]))

    def place(self, row: int, confidence: float = 1.0) -> Place:
        from geo.records import Place

        code = self.admin1_of(row)
        return Place(
            place_id=self.place_id(row),
            name=self.name(row),
            kind=self.kind_of(row),
            country_code=self.country_of(row),
            lat=round(float(self.lat[row]), 5),
            lon=round(float(self.lon[row]), 5),
            source=self._sources.get(row, "geonames"),
            confidence=confidence,
            admin1=self.admin1_name(code) or code,
            population=int(self.pop[row]),
        )

    # --- public look-ups -----------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Place]:
        """Every entry whose normalised name or alternate name equals the normalised ``name``."""
        from geo.names import name_keys

        rows: set[int] = set()
        for key in name_keys(name):
            rows.update(int(r) for r in self.rows_for_key(key))
        return [self.place(r) for r in sorted(rows, key=lambda r: (-int(self.pop[r]), r))]

    def get(self, place_id: str) -> Place | None:
        row = self.row_of(place_id)
        return None if row is None else self.place(row)
