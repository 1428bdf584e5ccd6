"""The embedded store: analysts' articles, cached machine output and corrections, in one SQLite file.

Durability: WAL journal, ``synchronous=FULL``, foreign keys, a busy timeout, and every write in one
``BEGIN IMMEDIATE`` transaction: a process killed mid-ingest leaves whole articles or none, and writers in two
app sessions (or processes) queue instead of losing updates. The schema is versioned (``schema_version``);
migrations run in order, each in its own transaction, when a store is opened.

The file lives in the data folder: ``FRONTLINE_DATA_DIR`` if set, else the platform's user data folder
(``platformdirs.user_data_dir("frontline-claims")``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import platformdirs

from geo.corrections import Correction, CorrectionError
from geo.ingest import (
    IngestError,
    content_hash,
    detect_language,
    load_articles,
    normalise_date,
    safe_article_id,
)
from geo.records import Article

APP_NAME = "frontline-claims"
DB_NAME = "frontline.sqlite3"
ENV_DATA_DIR = "FRONTLINE_DATA_DIR"
BUNDLE_FORMAT = "frontline-claims-bundle"
BUNDLE_VERSION = 1
BUSY_TIMEOUT_MS = 30_000

AddResult = Literal["added", "unchanged", "updated"]


class StoreError(RuntimeError):
    """The store or a bundle cannot be used; the message is one line for the analyst."""


# Each migration is a list of statements run in one transaction; never edit a released one, append a new one.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
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
            # Article.language (detected), links (JSON list) and forwarded_from (Telegram posts).
            "ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE articles ADD COLUMN links TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE articles ADD COLUMN forwarded_from TEXT NOT NULL DEFAULT ''",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
_BUNDLE_ARTICLE_KEYS = (
    "article_id", "content_hash", "title", "published", "source", "url", "path", "text", "language",
    "forwarded_from", "added_at", "updated_at",
)


@dataclass(frozen=True)
class StoredCorrection:
    """A correction as stored, with its undo state."""

    correction: Correction
    undone_at: str | None = None


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed; importing the same bundle twice changes nothing the second time."""

    articles_added: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    corrections_added: int = 0
    corrections_unchanged: int = 0
    corrections_undone: int = 0

    def line(self) -> str:
        return (
            f"articles: {self.articles_added} added, {self.articles_updated} updated, "
            f"{self.articles_unchanged} unchanged; corrections: {self.corrections_added} added, "
            f"{self.corrections_unchanged} unchanged, {self.corrections_undone} undone"
        )


def data_dir(override: Path | str | None = None) -> Path:
    """The data folder: ``override``, else ``$FRONTLINE_DATA_DIR``, else the platform's user data folder."""
    chosen = override or os.environ.get(ENV_DATA_DIR) or platformdirs.user_data_dir(APP_NAME)
    return Path(chosen).expanduser()


def now() -> str:
    """UTC timestamp with microseconds, sortable as text."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def correction_uid(kind: str, target: str, payload: dict[str, Any], created_at: str) -> str:
    """Identity of a correction across stores (for merging bundles): hash of what it says and when."""
    canonical = json.dumps([kind, target, payload, created_at], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


class Store:
    """One SQLite store. Thread-safe (one connection behind a lock); several processes may share the file."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._conn = connection
        self._lock = threading.RLock()

    # ------------------------------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | str | None = None) -> Store:
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
            store = cls(db, conn)
            store._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{db} is not a usable store: {exc}") from None
        return store

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    def schema_version(self) -> int:
        rows = self._read("SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'")
        if not rows:
            return 0
        return int(self._read("SELECT COALESCE(MAX(version), 0) AS v FROM schema_version")[0]["v"])

    def _migrate(self) -> None:
        with self._write() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)"
            )
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version (schema {current} > {SCHEMA_VERSION})"
            )
        for version, statements in MIGRATIONS:
            with self._write() as conn:
                # Re-checked inside the transaction: another process may have migrated meanwhile.
                done = conn.execute("SELECT 1 FROM schema_version WHERE version = ?", (version,)).fetchone()
                if done:
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version VALUES (?, ?)", (version, now()))

    # ------------------------------------------------------------------------------------------ articles

    def add_article(self, article: Article) -> AddResult:
        """Store an article: same content hash → "unchanged"; same id with new text → "updated" (its cached
        extractions are dropped); otherwise "added". The hash is recomputed from the text."""
        with self._write() as conn:
            return self._add_article(conn, article, now())

    def add_articles(self, articles: Iterable[Article]) -> dict[str, AddResult]:
        """Several articles in one transaction (all or nothing); article_id → result."""
        with self._write() as conn:
            stamp = now()
            return {a.article_id: self._add_article(conn, a, stamp) for a in articles}

    def _add_article(
        self, conn: sqlite3.Connection, article: Article, stamp: str, updated_at: str | None = None
    ) -> AddResult:
        digest = content_hash(article.text)
        article_id = safe_article_id(article.article_id, article.text)
        same = conn.execute("SELECT article_id FROM articles WHERE content_hash = ?", (digest,)).fetchone()
        if same:
            return "unchanged"
        row = conn.execute("SELECT content_hash FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        values = (
            article.title, article.published, article.source, article.url, article.path, article.text,
            article.language, json.dumps(list(article.links), ensure_ascii=False), article.forwarded_from,
        )
        if row:
            conn.execute(
                "UPDATE articles SET content_hash=?, title=?, published=?, source=?, url=?, path=?, text=?, "
                "language=?, links=?, forwarded_from=?, updated_at=? WHERE article_id=?",
                (digest, *values, updated_at or stamp, article_id),
            )
            conn.execute(
                "DELETE FROM extractions WHERE article_id = ? AND content_hash != ?", (article_id, digest)
            )
            return "updated"
        conn.execute(
            "INSERT INTO articles (article_id, content_hash, title, published, source, url, path, text, "
            "language, links, forwarded_from, added_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, digest, *values, stamp, updated_at or stamp),
        )
        conn.execute("DELETE FROM deleted_articles WHERE content_hash = ?", (digest,))
        return "added"

    def articles(self) -> list[Article]:
        """Every stored article, by publication date then id."""
        rows = self._read("SELECT * FROM articles ORDER BY COALESCE(published, ''), article_id")
        return [_article(r) for r in rows]

    def get_article(self, article_id: str) -> Article | None:
        rows = self._read("SELECT * FROM articles WHERE article_id = ?", (article_id,))
        return _article(rows[0]) if rows else None

    def count_articles(self) -> int:
        return int(self._read("SELECT COUNT(*) AS n FROM articles")[0]["n"])

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and its cached output (its corrections stay, inert, for undo and export)."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT content_hash FROM articles WHERE article_id = ?", (article_id,)
            ).fetchone()
            if not row:
                return False
            conn.execute(
                "INSERT OR REPLACE INTO deleted_articles VALUES (?, ?, ?)", (row[0], article_id, now())
            )
            conn.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
            return True

    def ensure_sample(self, sample_dir: Path | str) -> int:
        """Load the sample corpus on the store's first start only; returns how many articles were added.

        Done once: a sample article an analyst deleted later is not brought back on the next start.
        """
        if self._meta("sample_loaded") or not Path(sample_dir).is_dir():
            return 0  # done before, or no sample shipped (try again on the next start)
        report = load_articles([sample_dir])
        added = 0
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM meta WHERE key = 'sample_loaded'").fetchone():
                return 0  # another session did it meanwhile
            deleted = {r[0] for r in conn.execute("SELECT content_hash FROM deleted_articles")}
            stamp = now()
            for article in report.articles:
                if article.content_hash not in deleted:
                    added += self._add_article(conn, article, stamp) == "added"
            conn.execute("INSERT INTO meta VALUES ('sample_loaded', ?)", (stamp,))
        return added

    def _meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0]["value"] if rows else None

    # ------------------------------------------------------------------------------------------ extractions

    def get_extraction(self, article_id: str, content_hash: str, version: str) -> dict[str, Any] | None:
        """Cached machine output for this exact text and pipeline version, or None."""
        rows = self._read(
            "SELECT json FROM extractions WHERE article_id=? AND content_hash=? AND pipeline_version=?",
            (article_id, content_hash, version),
        )
        return json.loads(rows[0]["json"]) if rows else None

    def put_extraction(self, article_id: str, content_hash: str, version: str, data: dict[str, Any]) -> bool:
        """Cache machine output; False (nothing stored) when the article's text has changed meanwhile."""
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        with self._write() as conn:
            row = conn.execute(
                "SELECT content_hash FROM articles WHERE article_id = ?", (article_id,)
            ).fetchone()
            if not row or row[0] != content_hash:
                return False
            conn.execute(
                "DELETE FROM extractions WHERE article_id = ? AND pipeline_version != ?",
                (article_id, version),
            )
            conn.execute(
                "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?)",
                (article_id, content_hash, version, payload, now()),
            )
            return True

    # ------------------------------------------------------------------------------------------ corrections

    def add_correction(self, correction: Correction) -> int:
        """Store a correction (validated again); returns its id. The same correction twice is stored once."""
        c = Correction(
            correction.kind,
            correction.target,
            dict(correction.payload),
            created_at=correction.created_at or now(),
        )
        uid = correction_uid(c.kind, c.target, c.payload, c.created_at)
        with self._write() as conn:
            row = conn.execute("SELECT id FROM corrections WHERE uid = ?", (uid,)).fetchone()
            if row:
                return int(row[0])
            cur = conn.execute(
                "INSERT INTO corrections (uid, kind, target, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                (
                    uid,
                    c.kind,
                    c.target,
                    json.dumps(c.payload, ensure_ascii=False, sort_keys=True),
                    c.created_at,
                ),
            )
            return int(cur.lastrowid or 0)

    def undo_correction(self, correction_id: int) -> bool:
        """Mark a correction undone (kept for history and export); False if unknown or already undone."""
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL",
                (now(), correction_id),
            )
            return cur.rowcount == 1

    def corrections(self, active_only: bool = True) -> list[Correction]:
        """Corrections oldest first (the order they apply in); by default without undone ones."""
        return [s.correction for s in self.stored_corrections(active_only)]

    def stored_corrections(self, active_only: bool = False) -> list[StoredCorrection]:
        where = "WHERE undone_at IS NULL" if active_only else ""
        rows = self._read(f"SELECT * FROM corrections {where} ORDER BY created_at, id")
        return [StoredCorrection(_correction(r), r["undone_at"]) for r in rows]

    # ------------------------------------------------------------------------------------------ bundles

    def export_bundle(self, path: Path | str) -> dict[str, int]:
        """Write articles and corrections (with undo state) to one JSON file, atomically; returns counts."""
        with self._lock:
            articles = self._read("SELECT * FROM articles ORDER BY article_id")
            corrections = self._read("SELECT * FROM corrections ORDER BY created_at, id")
        bundle = {
            "format": BUNDLE_FORMAT,
            "version": BUNDLE_VERSION,
            "exported_at": now(),
            "articles": [
                {
                    **{k: r[k] for k in _BUNDLE_ARTICLE_KEYS},
                    "links": json.loads(r["links"] or "[]"),
                }
                for r in articles
            ],
            "corrections": [
                {
                    "kind": r["kind"],
                    "target": r["target"],
                    "payload": json.loads(r["payload"]),
                    "created_at": r["created_at"],
                    "undone_at": r["undone_at"],
                }
                for r in corrections
            ],
        }
        target = Path(path)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with tmp.open("w", encoding="utf-8") as handle:
                json.dump(bundle, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from None
        return {"articles": len(bundle["articles"]), "corrections": len(bundle["corrections"])}

    def import_bundle(self, path: Path | str) -> ImportSummary:
        """Merge a bundle: articles by content hash (a newer edit of the same article id wins), corrections
        by identity (undone anywhere → undone). All or nothing; importing twice changes nothing."""
        articles, corrections = read_bundle(path)
        counts = dict.fromkeys(
            (
                "articles_added",
                "articles_updated",
                "articles_unchanged",
                "corrections_added",
                "corrections_unchanged",
                "corrections_undone",
            ),
            0,
        )
        with self._write() as conn:
            for article, updated_at in articles:
                row = conn.execute(
                    "SELECT updated_at, content_hash FROM articles WHERE article_id = ?",
                    (article.article_id,),
                ).fetchone()
                if row and row[1] != article.content_hash and row[0] >= updated_at:
                    counts["articles_unchanged"] += 1  # the local edit is newer
                    continue
                result = self._add_article(conn, article, now(), updated_at=updated_at)
                counts[f"articles_{result}"] += 1
            for c, undone_at in corrections:
                uid = correction_uid(c.kind, c.target, c.payload, c.created_at)
                row = conn.execute("SELECT id, undone_at FROM corrections WHERE uid = ?", (uid,)).fetchone()
                if row is None:
                    conn.execute(
                        "INSERT INTO corrections (uid, kind, target, payload, created_at, undone_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            uid,
                            c.kind,
                            c.target,
                            json.dumps(c.payload, ensure_ascii=False, sort_keys=True),
                            c.created_at,
                            undone_at,
                        ),
                    )
                    counts["corrections_added"] += 1
                elif undone_at and row[1] is None:
                    conn.execute("UPDATE corrections SET undone_at = ? WHERE id = ?", (undone_at, row[0]))
                    counts["corrections_undone"] += 1
                else:
                    counts["corrections_unchanged"] += 1
        return ImportSummary(**counts)

    def revision(self) -> str:
        """A short fingerprint of the articles and active corrections; changes on every write that matters."""
        digest = hashlib.sha256()
        for row in self._read("SELECT article_id, content_hash, published, title FROM articles ORDER BY 1"):
            digest.update("\x1f".join(str(v) for v in row).encode("utf-8") + b"\n")
        for row in self._read("SELECT id FROM corrections WHERE undone_at IS NULL ORDER BY id"):
            digest.update(f"c{row[0]}\n".encode())
        return digest.hexdigest()[:16]

    def integrity_check(self) -> str:
        return str(self._read("PRAGMA integrity_check")[0][0])


def read_bundle(path: Path | str) -> tuple[list[tuple[Article, str]], list[tuple[Correction, str | None]]]:
    """Parse and validate a bundle file; StoreError with a one-line reason when it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path} is not a bundle (not JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        raise StoreError(f"{path} is not a {BUNDLE_FORMAT} file")
    if not isinstance(data.get("version"), int) or data["version"] > BUNDLE_VERSION:
        raise StoreError(
            f"{path} has bundle version {data.get('version')!r}; this app reads up to {BUNDLE_VERSION}"
        )
    articles: list[tuple[Article, str]] = []
    corrections: list[tuple[Correction, str | None]] = []
    try:
        for i, a in enumerate(data.get("articles", [])):
            text = a["text"]
            if not isinstance(text, str) or not text.strip():
                raise StoreError(f"{path}: article {i + 1} has no text")
            article = Article(
                article_id=safe_article_id(str(a["article_id"]), text),
                title=str(a.get("title") or ""),
                published=_date_or_none(a.get("published")),
                source=str(a.get("source") or ""),
                text=text,
                url=str(a.get("url") or ""),
                path=str(a.get("path") or ""),
                content_hash=content_hash(text),
                language=str(a.get("language") or detect_language(text)),
                forwarded_from=str(a.get("forwarded_from") or ""),
                links=tuple(str(link) for link in a.get("links") or ()),
            )
            articles.append((article, str(a.get("updated_at") or now())))
        for i, c in enumerate(data.get("corrections", [])):
            try:
                correction = Correction(c["kind"], c["target"], c["payload"], created_at=str(c["created_at"]))
            except CorrectionError as exc:
                raise StoreError(f"{path}: correction {i + 1}: {exc}") from None
            corrections.append((correction, c.get("undone_at")))
    except (KeyError, TypeError, AttributeError) as exc:
        raise StoreError(f"{path}: malformed bundle entry ({type(exc).__name__}: {exc})") from None
    return articles, corrections


def _date_or_none(value: Any) -> str | None:
    try:
        return normalise_date(value) if isinstance(value, str) else None
    except IngestError:
        return None


def _article(row: sqlite3.Row) -> Article:
    return Article(
        article_id=row["article_id"],
        title=row["title"],
        published=row["published"],
        source=row["source"],
        text=row["text"],
        url=row["url"],
        path=row["path"],
        content_hash=row["content_hash"],
        language=row["language"] or detect_language(row["text"]),  # rows stored before schema 3
        links=tuple(json.loads(row["links"] or "[]")),
        forwarded_from=row["forwarded_from"],
    )


def _correction(row: sqlite3.Row) -> Correction:
    return Correction(
        row["kind"],
        row["target"],
        json.loads(row["payload"]),
        id=int(row["id"]),
        created_at=row["created_at"],
    )
