"""The embedded store: analysts' articles, cached machine output and corrections, in one SQLite file.

Durability: WAL journal, ``synchronous=FULL``, foreign keys, a busy timeout, and every write in one
``BEGIN IMMEDIATE`` transaction: a process killed mid-ingest leaves whole articles or none, and writers in two
app sessions (or processes) queue instead of losing updates. The schema is versioned (``schema_version``);
migrations run in order, each in its own transaction, when a store is opened.

The file lives in the data folder: ``FRONTLINE_DATA_DIR`` if set, else the platform's user data folder
(``platformdirs.user_data_dir("frontline-claims")``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geo.store.base import DB_NAME, BaseStore, Migrations, StoreError, current_user, data_dir

BUSY_TIMEOUT_MS = 30_000

# Each migration is a list of statements run in one transaction; never edit a released one, append a new one.
MIGRATIONS: Migrations = (
    (
        1,
        (
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
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE extractions (
                article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                content_hash TEXT NOT NULL,
                pipeline_version TEXT NOT NULL,
                json TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (article_id, content_hash, pipeline_version)
            )""",
            """CREATE TABLE corrections (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                uid TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at TEXT NOT NULL,
                undone_at TEXT
            )""",
            "CREATE INDEX corrections_target ON corrections(target)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ),
    ),
    (
        2,
        (
            # Sample articles an analyst deleted stay deleted: remember which content hashes were removed.
            """CREATE TABLE deleted_articles (
                content_hash TEXT PRIMARY KEY,
                article_id TEXT NOT NULL,
                deleted_at TEXT NOT NULL
            )""",
        ),
    ),
    (
        3,
        (
            # Who wrote what (the same columns as the team store), notes, and places from batch loads.
            "ALTER TABLE articles ADD COLUMN added_by TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE articles ADD COLUMN updated_by TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE extractions ADD COLUMN created_by TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE corrections ADD COLUMN created_by TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE corrections ADD COLUMN undone_by TEXT",
            """CREATE TABLE notes (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                target TEXT NOT NULL,
                text TEXT NOT NULL,
                created_by TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX notes_target ON notes(target)",
            """CREATE TABLE places (
                place_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                country_code TEXT NOT NULL DEFAULT '',
                lat REAL NOT NULL,
                lon REAL NOT NULL,
                source TEXT NOT NULL DEFAULT '',
                confidence REAL NOT NULL DEFAULT 1.0,
                admin1 TEXT NOT NULL DEFAULT '',
                population INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX places_lat_lon ON places(lat, lon)",
        ),
    ),
    (
        4,
        (
            # Article.language (detected), links (JSON list) and forwarded_from (Telegram posts).
            "ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE articles ADD COLUMN links TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE articles ADD COLUMN forwarded_from TEXT NOT NULL DEFAULT ''",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class SQLiteStore(BaseStore):
    """One SQLite store. Thread-safe (one connection behind a lock); several processes may share the file."""

    MIGRATIONS = MIGRATIONS

    def __init__(self, path: Path, connection: sqlite3.Connection, user: str | None = None) -> None:
        self.path = path
        self.location = str(path)
        self.user = current_user() if user is None else user
        self._conn = connection
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path | str | None = None, *, user: str | None = None) -> SQLiteStore:
        """Open (creating and migrating as needed) ``path`` or ``<data dir>/frontline.sqlite3``."""
        db = Path(path) if path is not None else data_dir() / DB_NAME
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                db, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store at {db}: {exc}") from None
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"cannot use WAL journaling for {db} (got {mode})")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(db, conn, user)
            store._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{db} is not a usable store: {exc}") from None
        return store

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken immediately so concurrent writers queue (busy_timeout) instead of
        failing on lock upgrade; rolled back on any error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _has_table(self, name: str) -> bool:
        return bool(self._read("SELECT name FROM sqlite_master WHERE type='table' AND name=?", (name,)))

    def integrity_check(self) -> str:
        return str(self._read("PRAGMA integrity_check")[0][0])
