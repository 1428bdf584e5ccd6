"""The team store on PostgreSQL + PostGIS: the same interface as the SQLite store, for several analysts.

Point ``FRONTLINE_STORE_URL`` (or ``--store-url``) at ``postgresql://user@host:5432/db``. Places carry a
``geometry(Point, 4326)`` (generated from lat/lon, GiST-indexed) for spatial queries. Every write is one
transaction holding a transaction-scoped advisory lock, so writers from many processes and machines queue
like SQLite's ``BEGIN IMMEDIATE`` and none loses an update; a writer killed mid-transaction is rolled back by
the server. Migrations are versioned in ``schema_version`` and run under the same lock.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from geo.store.base import BaseStore, Migrations, StoreError, current_user

WRITE_LOCK = 0x46524F4E  # advisory lock key shared by every writer of a store ("FRON")

MIGRATIONS: Migrations = (
    (
        1,
        (
            "CREATE EXTENSION IF NOT EXISTS postgis",
            """CREATE TABLE articles (
                article_id TEXT PRIMARY KEY,
                content_hash TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                published TEXT,
                source TEXT NOT NULL DEFAULT '',
                url TEXT NOT NULL DEFAULT '',
                path TEXT NOT NULL DEFAULT '',
                text TEXT NOT NULL,
                added_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                added_by TEXT NOT NULL DEFAULT '',
                updated_by TEXT NOT NULL DEFAULT ''
            )""",
            """CREATE TABLE extractions (
                article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                content_hash TEXT NOT NULL,
                pipeline_version TEXT NOT NULL,
                json TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (article_id, content_hash, pipeline_version)
            )""",
            """CREATE TABLE corrections (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                uid TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at TEXT NOT NULL,
                undone_at TEXT,
                created_by TEXT NOT NULL DEFAULT '',
                undone_by TEXT
            )""",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE deleted_articles (
                content_hash TEXT PRIMARY KEY,
                article_id TEXT NOT NULL,
                deleted_at TEXT NOT NULL
            )""",
            """CREATE TABLE notes (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                target TEXT NOT NULL,
                text TEXT NOT NULL,
                created_by TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE places (
                place_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                country_code TEXT NOT NULL DEFAULT '',
                lat DOUBLE PRECISION NOT NULL,
                lon DOUBLE PRECISION NOT NULL,
                source TEXT NOT NULL DEFAULT '',
                confidence DOUBLE PRECISION NOT NULL DEFAULT 1.0,
                admin1 TEXT NOT NULL DEFAULT '',
                population BIGINT NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL DEFAULT '',
                geom geometry(Point, 4326)
                    GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
            )""",
        ),
    ),
    (
        2,
        (
            "CREATE INDEX places_geom ON places USING GIST (geom)",
            "CREATE INDEX corrections_target ON corrections(target)",
            "CREATE INDEX notes_target ON notes(target)",
            "CREATE INDEX articles_published ON articles(published)",
        ),
    ),
    (
        3,
        (
            # Article.language (detected), links (JSON list) and forwarded_from (Telegram posts).
            "ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE articles ADD COLUMN links TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE articles ADD COLUMN forwarded_from TEXT NOT NULL DEFAULT ''",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class Row(tuple):
    """A result row readable by position and by column name (like ``sqlite3.Row``)."""

    _names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        return super().__getitem__(self._names[key] if isinstance(key, str) else key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Any:
    names = {c.name: i for i, c in enumerate(cursor.description or ())}
    return lambda values: Row(values, names)


class _Connection:
    """The psycopg connection with ``?`` placeholders, so the shared SQL runs unchanged."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.raw.execute(sql.replace("?", "%s"), tuple(params))


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", url)


class PostgresStore(BaseStore):
    """A store on a PostgreSQL server with PostGIS; thread-safe (one connection behind a lock)."""

    MIGRATIONS = MIGRATIONS

    def __init__(self, url: str, connection: Any, user: str | None = None) -> None:
        self.url = url
        self.location = redact(url)
        self.user = current_user() if user is None else user
        self._conn = _Connection(connection)
        self._lock = threading.RLock()

    @classmethod
    def open(cls, url: str, *, user: str | None = None) -> PostgresStore:
        """Connect to ``url`` and migrate the schema as needed; StoreError (one line) when it cannot."""
        import psycopg

        try:
            conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory, connect_timeout=10)
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split())
            raise StoreError(f"cannot connect to the store at {redact(url)}: {reason}") from None
        store = cls(url, conn, user)
        try:
            store._migrate()
        except psycopg.Error as exc:
            conn.close()
            reason = " ".join(str(exc).split())
            raise StoreError(f"{redact(url)} is not a usable store: {reason}") from None
        return store

    def close(self) -> None:
        with self._lock:
            self._conn.raw.close()

    @contextmanager
    def _write(self) -> Iterator[_Connection]:
        """One transaction under the store's advisory write lock (released at commit or rollback)."""
        with self._lock, self._conn.raw.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            yield self._conn

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _has_table(self, name: str) -> bool:
        return bool(self._read("SELECT to_regclass(?) IS NOT NULL AS present", (name,))[0][0])

    def integrity_check(self) -> str:
        """Relations and derived values agree: no orphan extraction, each geometry at its lat/lon."""
        problems = []
        orphans = self._read(
            "SELECT COUNT(*) FROM extractions e LEFT JOIN articles a USING (article_id) "
            "WHERE a.article_id IS NULL"
        )[0][0]
        if orphans:
            problems.append(f"{orphans} extractions without an article")
        off = self._read(
            "SELECT COUNT(*) FROM places "
            "WHERE ST_X(geom) <> lon OR ST_Y(geom) <> lat OR ST_SRID(geom) <> 4326"
        )[0][0]
        if off:
            problems.append(f"{off} places whose geometry is not at their lat/lon")
        return "; ".join(problems) or "ok"

    def places_within(self, west: float, south: float, east: float, north: float) -> list[str]:
        """Ids of the places inside a lon/lat box (GiST index), for maps that query only what is drawn."""
        rows = self._read(
            "SELECT place_id FROM places WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) ORDER BY place_id",
            (west, south, east, north),
        )
        return [r[0] for r in rows]
