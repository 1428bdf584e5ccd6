"""The store: articles, cached extractions, corrections, notes and places behind one interface.

``SQLiteStore`` (one file in the data folder) is the embedded default; ``PostgresStore`` (PostgreSQL +
PostGIS) is the team store. ``open_store()`` picks one from ``--store-url`` / ``FRONTLINE_STORE_URL``:
``postgresql://…`` → PostgreSQL, ``sqlite:///path`` or nothing → SQLite. ``Store`` stays the SQLite class.
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.store.base import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    DB_NAME,
    ENV_DATA_DIR,
    ENV_STORE_URL,
    ENV_USER,
    AddResult,
    BaseStore,
    ImportSummary,
    Note,
    StoredCorrection,
    StoreError,
    correction_uid,
    current_user,
    data_dir,
    now,
)
from geo.store.bundles import read_bundle
from geo.store.sqlite import BUSY_TIMEOUT_MS, MIGRATIONS, SCHEMA_VERSION, SQLiteStore

Store = SQLiteStore

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_VERSION",
    "BUSY_TIMEOUT_MS",
    "DB_NAME",
    "ENV_DATA_DIR",
    "ENV_STORE_URL",
    "ENV_USER",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AddResult",
    "BaseStore",
    "ImportSummary",
    "Note",
    "SQLiteStore",
    "Store",
    "StoreError",
    "StoredCorrection",
    "correction_uid",
    "current_user",
    "data_dir",
    "now",
    "open_store",
    "read_bundle",
    "store_url",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def store_url(url: str | None = None) -> str:
    """The store to use: ``url``, else ``$FRONTLINE_STORE_URL``, else "" (the SQLite file in the data dir)."""
    return (url or os.environ.get(ENV_STORE_URL) or "").strip()


def open_store(
    url: str | None = None, *, data_folder: Path | str | None = None, user: str | None = None
) -> BaseStore:
    """Open the store named by ``url`` / ``$FRONTLINE_STORE_URL``, else ``<data dir>/frontline.sqlite3``."""
    chosen = store_url(url)
    if chosen.startswith(_POSTGRES_SCHEMES):
        from geo.store.postgres import PostgresStore

        return PostgresStore.open(chosen, user=user)
    if chosen.startswith("sqlite:///"):
        return SQLiteStore.open(Path(chosen.removeprefix("sqlite:///")), user=user)
    if chosen:
        raise StoreError(f"unknown store URL {chosen!r} (use postgresql://… or sqlite:///path)")
    return SQLiteStore.open(data_dir(data_folder) / DB_NAME, user=user)
