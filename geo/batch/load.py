"""``--load-store``: a batch folder into a store (SQLite or PostgreSQL), in chunks, idempotently.

Articles go in by content hash (a rerun adds nothing twice), their per-article machine output into the
store's extraction cache (the dashboard then opens them without extracting again), places by id with the
most confident copy winning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from geo.records import Article, Place
from geo.store import BaseStore

CHUNK = 500


@dataclass(frozen=True)
class LoadSummary:
    articles_added: int
    articles_unchanged: int
    articles_updated: int
    extractions: int
    places: int

    def line(self) -> str:
        return (
            f"store: articles {self.articles_added} added, {self.articles_updated} updated, "
            f"{self.articles_unchanged} unchanged; {self.extractions} extractions, {self.places} places"
        )


def _rows(out: Path, table: str, columns: list[str] | None = None) -> Iterator[dict]:
    for path in sorted((out / table).glob("*.parquet")):
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=CHUNK, columns=columns):
            yield from batch.to_pylist()


def _chunks(rows: Iterator[dict]) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load_into_store(out: Path, store: BaseStore) -> LoadSummary:
    """Load a batch folder; each chunk is one transaction (a killed load leaves whole chunks)."""
    counts = {"added": 0, "unchanged": 0, "updated": 0}
    fields = ["article_id", "title", "published", "source", "text", "url", "path", "content_hash"]
    for chunk in _chunks(_rows(out, "articles", fields)):
        for result in store.add_articles(Article(**row) for row in chunk).values():
            counts[result] += 1
    stored = 0
    for chunk in _chunks(_rows(out, "extractions")):
        stored += store.put_extractions(
            (r["article_id"], r["content_hash"], r["pipeline_version"], json.loads(r["json"])) for r in chunk
        )
    best: dict[str, Place] = {}
    names = list(Place.__dataclass_fields__)
    for row in _rows(out, "places", names):
        place = Place(**row)
        known = best.get(place.place_id)
        if known is None or place.confidence > known.confidence:
            best[place.place_id] = place
    places = store.put_places(best[k] for k in sorted(best)) if best else 0
    return LoadSummary(counts["added"], counts["unchanged"], counts["updated"], stored, places)
