"""Batch output as (Geo)Parquet tables: one file per partition and table, typed from the record dataclasses.

``OUT/<table>/<partition>.parquet`` for articles, places, mentions, quotes, claims, verifications and
failures. ``places`` and ``mentions`` are GeoParquet (a WKB ``geometry`` Point column in EPSG:4326 and the
``geo`` metadata of GeoParquet 1.0), readable by ``geopandas.read_parquet``. Columns are the records'
``to_json`` fields (the ``extract --json`` contract); nested fields (tuples, sub-records) are JSON text.
``read_contract`` reassembles the ``extract --json`` object from a batch folder.
"""

from __future__ import annotations

import functools
import json
import os
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from geo.records import Article, Claim, Mention, Place, Quote, Verification

TABLES = ("articles", "places", "mentions", "quotes", "claims", "verifications", "failures", "extractions")
GEO_TABLES = ("places", "mentions")
_SCALARS = {bool: pa.bool_(), str: pa.string(), int: pa.int64(), float: pa.float64()}  # bool before int
_GEO_METADATA = {
    "version": "1.0.0",
    "primary_column": "geometry",
    "columns": {
        "geometry": {
            "encoding": "WKB",
            "geometry_types": ["Point"],
            "edges": "planar",
        }
    },
}


@functools.cache
def _geo_metadata() -> bytes:
    """GeoParquet 1.0 metadata: WKB points, CRS EPSG:4326 as PROJJSON (x = longitude, y = latitude)."""
    import pyproj

    meta = json.loads(json.dumps(_GEO_METADATA))
    meta["columns"]["geometry"]["crs"] = pyproj.CRS.from_epsg(4326).to_json_dict()
    return json.dumps(meta).encode()


def _arrow_field(name: str, hint: Any) -> tuple[pa.Field, bool]:
    """The Arrow field for a dataclass field, and whether its values are stored as JSON text."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) and len(args) == 1:
        hint = args[0]
    for scalar, arrow in _SCALARS.items():  # str/int enums are stored as their values
        if isinstance(hint, type) and issubclass(hint, scalar):
            return pa.field(name, arrow), False
    return pa.field(name, pa.string()), True  # tuples, lists, sub-records


def _layout(record_type: type, extra: dict[str, Any] | None = None) -> tuple[pa.Schema, frozenset[str]]:
    hints = typing.get_type_hints(record_type)
    fields, encoded = [], set()
    for name, hint in {**hints, **(extra or {})}.items():
        field, is_json = _arrow_field(name, hint)
        fields.append(field)
        if is_json:
            encoded.add(name)
    return pa.schema(fields), frozenset(encoded)


_VERIFICATION_KEYS = {"claim_id": str, "article_id": str}
LAYOUTS: dict[str, tuple[pa.Schema, frozenset[str]]] = {
    "articles": _layout(Article, {"chars": int}),
    "places": _layout(Place),
    "mentions": _layout(Mention),
    "quotes": _layout(Quote),
    "claims": _layout(Claim, {"verdict": str}),
    "failures": (pa.schema([pa.field("article", pa.string()), pa.field("reason", pa.string())]), frozenset()),
    # Per-article machine output as the store caches it (``--load-store`` fills the store's cache with it).
    "extractions": (
        pa.schema(
            [pa.field(k, pa.string()) for k in ("article_id", "content_hash", "pipeline_version", "json")]
        ),
        frozenset(),
    ),
}
_v_schema, _v_json = _layout(Verification)
LAYOUTS["verifications"] = (
    pa.schema([pa.field(k, pa.string()) for k in _VERIFICATION_KEYS] + list(_v_schema)),
    _v_json,
)
_EXTRA = {"claims": ("verdict",)}  # columns beyond the ``extract --json`` rows


def rows_for(
    extraction: Any, failures: Iterable[tuple[str, str]], parts: Iterable[Any] = ()
) -> dict[str, list[dict[str, Any]]]:
    """A partition's ``geo.extract.pipeline.Extraction``, failures and per-article output as table rows.

    Each record's ``to_json`` runs once: the per-article JSON of ``parts`` also gives the mention and quote
    rows when they are the same records in the same order (no correction moved them).
    """
    from geo.extract.pipeline import PIPELINE_VERSION

    parts = list(parts)
    per_article = [extraction_json(p) for p in parts]
    mentions = [m for j in per_article for m in j["mentions"]]
    quotes = [q for j in per_article for q in j["quotes"]]
    if [(m["article_id"], m["start"], m["end"]) for m in mentions] != [
        (m.article_id, m.start, m.end) for m in extraction.mentions
    ]:
        mentions = [m.to_json() for m in extraction.mentions]
    if [q["quote_id"] for q in quotes] != [q.quote_id for q in extraction.quotes]:
        quotes = [q.to_json() for q in extraction.quotes]
    text = {a.article_id: a.text for a in extraction.articles}
    claims = [c.to_json() for c in extraction.claims]
    return {
        "articles": [{**a.to_json(), "text": text[a.article_id]} for a in extraction.articles],
        "places": [p.to_json() for p in extraction.places],
        "mentions": mentions,
        "quotes": quotes,
        "claims": [{**c, "verdict": c["verification"]["verdict"]} for c in claims],
        "verifications": [
            {"claim_id": c["claim_id"], "article_id": c["article_id"], **c["verification"]} for c in claims
        ],
        "failures": [{"article": a, "reason": r} for a, r in failures],
        "extractions": [
            {
                "article_id": p.article.article_id,
                "content_hash": p.article.content_hash,
                "pipeline_version": PIPELINE_VERSION,
                "json": json.dumps(j, ensure_ascii=False, separators=(",", ":")),
            }
            for p, j in zip(parts, per_article, strict=True)
        ],
    }


def extraction_json(part: Any) -> dict[str, Any]:
    """An article's records in the store's cache layout (the one serialisation, ``geo.extract.serial``)."""
    from geo.extract.serial import extraction_to_json

    return extraction_to_json(part)


def _table(name: str, rows: list[dict[str, Any]], points: dict[str, tuple[float, float]]) -> pa.Table:
    schema, encoded = LAYOUTS[name]
    columns = {
        f.name: [
            json.dumps(r.get(f.name), ensure_ascii=False) if f.name in encoded else r.get(f.name)
            for r in rows
        ]
        for f in schema
    }
    table = pa.table(columns, schema=schema)
    if name in GEO_TABLES:
        import shapely

        key = "place_id"
        xy = [points.get(r.get(key) or "") for r in rows]
        geoms = [shapely.Point(p[1], p[0]) if p else None for p in xy]
        wkb = shapely.to_wkb(geoms) if geoms else []
        table = table.append_column(pa.field("geometry", pa.binary()), pa.array(list(wkb), pa.binary()))
        meta = dict(table.schema.metadata or {})
        meta[b"geo"] = _geo_metadata()
        table = table.replace_schema_metadata(meta)
    return table


def write_partition(out: Path, part: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Write every table of one partition; each file appears whole (temporary name, then rename)."""
    points = {r["place_id"]: (r["lat"], r["lon"]) for r in rows["places"]}
    for name in TABLES:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{part}.{os.getpid()}.tmp"
        pq.write_table(_table(name, rows[name], points), tmp, compression="zstd")
        os.replace(tmp, folder / f"{part}.parquet")


def read_rows(out: Path, name: str) -> list[dict[str, Any]]:
    """Every row of one table, partitions in order, nested fields decoded, geometry dropped."""
    _, encoded = LAYOUTS[name]
    rows: list[dict[str, Any]] = []
    for path in sorted((out / name).glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            row.pop("geometry", None)
            rows.append({k: json.loads(v) if k in encoded and v is not None else v for k, v in row.items()})
    return rows


def read_contract(out: Path) -> dict[str, Any]:
    """The ``extract --json`` object for a batch folder: places merged across partitions the way
    ``geo.extract.pipeline.combine`` merges articles (the most confident copy of each place, sorted by id)."""
    places: dict[str, dict[str, Any]] = {}
    for p in read_rows(out, "places"):
        known = places.get(p["place_id"])
        if known is None or p["confidence"] > known["confidence"]:
            places[p["place_id"]] = p
    contract = {name: read_rows(out, name) for name in ("articles", "mentions", "quotes", "claims")}
    for name, extra in _EXTRA.items():
        for row in contract[name]:
            for key in extra:
                row.pop(key, None)
    contract["places"] = [places[k] for k in sorted(places)]
    contract["skipped"] = [{"path": f["article"], "reason": f["reason"]} for f in read_rows(out, "failures")]
    return contract


def record_field_names(name: str) -> list[str]:
    """Column names of a table (without geometry)."""
    return [f.name for f in LAYOUTS[name][0]]
