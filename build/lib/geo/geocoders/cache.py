"""On-disk cache of geocoder answers, so an online service is asked about a name at most once in a while.

Nominatim's usage policy requires caching, and a dead network must not be hammered: answers are kept for
months, "no such place" for days, and failures (timeouts, 429/5xx, refused connections) for minutes.
SQLite in WAL mode lets the dashboard and the CLI share one file; one connection guarded by a lock makes an
instance safe to share between threads.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import platformdirs

APP_NAME = "frontline-claims"
ENV_DATA_DIR = "FRONTLINE_DATA_DIR"
CACHE_FILENAME = "geocode-cache.sqlite3"

DAY = 86_400.0
DEFAULT_FOUND_TTL = 90 * DAY
DEFAULT_NOT_FOUND_TTL = 7 * DAY
DEFAULT_FAILURE_TTL = 600.0

EntryStatus = Literal["found", "not_found", "failed"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS geocode_cache (
    service TEXT NOT NULL,
    query TEXT NOT NULL,
    params TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('found', 'not_found', 'failed')),
    value TEXT,
    error TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (service, query, params)
)
"""


def data_dir() -> Path:
    """The product's per-user data directory: ``$FRONTLINE_DATA_DIR`` or the platform's user data dir."""
    override = os.environ.get(ENV_DATA_DIR, "").strip()
    return Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP_NAME))


def default_cache_path() -> Path:
    return data_dir() / CACHE_FILENAME


def cache_key_query(query: str) -> str:
    """Normalise a query for use as a key: NFKC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", query).casefold().split())


def _params_key(params: Mapping[str, Any] | None) -> str:
    return json.dumps(dict(params or {}), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class CacheEntry:
    """One cached answer: a found value (JSON), a confirmed absence, or a recent failure."""

    status: EntryStatus
    value: Any  # decoded JSON for "found", None otherwise
    error: str
    created: float  # epoch seconds
    expires: float


class GeocodeCache:
    """SQLite store keyed by (service, normalised query, params) with a time-to-live per kind of entry."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        found_ttl: float = DEFAULT_FOUND_TTL,
        not_found_ttl: float = DEFAULT_NOT_FOUND_TTL,
        failure_ttl: float = DEFAULT_FAILURE_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.found_ttl = found_ttl
        self.not_found_ttl = not_found_ttl
        self.failure_ttl = failure_ttl
        self._clock = clock
        self._lock = threading.Lock()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(self.path), timeout=5.0, check_same_thread=False)
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute(_SCHEMA)
            self._conn.commit()

    # -- reading ---------------------------------------------------------------------------------------

    def get(self, service: str, query: str, params: Mapping[str, Any] | None = None) -> CacheEntry | None:
        """The live entry for this key, or None when absent or expired."""
        key = (service, cache_key_query(query), _params_key(params))
        with self._lock:
            row = self._conn.execute(
                "SELECT status, value, error, created, expires FROM geocode_cache "
                "WHERE service = ? AND query = ? AND params = ?",
                key,
            ).fetchone()
        if row is None or row[4] <= self._clock():
            return None
        status, value, error, created, expires = row
        return CacheEntry(status, json.loads(value) if value is not None else None, error, created, expires)

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM geocode_cache").fetchone()[0])

    def counts(self) -> dict[str, int]:
        """Live entries by status, for the dashboard."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT status, COUNT(*) FROM geocode_cache WHERE expires > ? GROUP BY status",
                (self._clock(),),
            ).fetchall()
        return {status: int(n) for status, n in rows}

    # -- writing ---------------------------------------------------------------------------------------

    def put_found(
        self, service: str, query: str, params: Mapping[str, Any] | None, value: Any, ttl: float | None = None
    ) -> None:
        self._put(
            service,
            query,
            params,
            "found",
            json.dumps(value, ensure_ascii=False),
            "",
            self.found_ttl if ttl is None else ttl,
        )

    def put_not_found(
        self, service: str, query: str, params: Mapping[str, Any] | None, ttl: float | None = None
    ) -> None:
        self._put(service, query, params, "not_found", None, "", self.not_found_ttl if ttl is None else ttl)

    def put_failure(
        self, service: str, query: str, params: Mapping[str, Any] | None, error: str, ttl: float | None = None
    ) -> None:
        """Remember a failure briefly; never overwrites a live answer for the same key."""
        existing = self.get(service, query, params)
        if existing is not None and existing.status != "failed":
            return
        self._put(
            service, query, params, "failed", None, error[:500], self.failure_ttl if ttl is None else ttl
        )

    def purge_expired(self) -> int:
        """Delete expired entries; returns how many."""
        with self._lock:
            cur = self._conn.execute("DELETE FROM geocode_cache WHERE expires <= ?", (self._clock(),))
            self._conn.commit()
            return cur.rowcount

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> GeocodeCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _put(
        self,
        service: str,
        query: str,
        params: Mapping[str, Any] | None,
        status: EntryStatus,
        value: str | None,
        error: str,
        ttl: float,
    ) -> None:
        now = self._clock()
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO geocode_cache "
                "(service, query, params, status, value, error, created, expires) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (service, cache_key_query(query), _params_key(params), status, value, error, now, now + ttl),
            )
            self._conn.commit()
