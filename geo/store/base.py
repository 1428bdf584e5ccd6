"""The store interface and the logic both backends share (SQLite embedded, PostgreSQL/PostGIS for teams).

A backend supplies a connection and four hooks: ``_write()`` (one serialised write transaction), ``_read()``,
its ``MIGRATIONS`` and ``integrity_check()``. Everything else — articles keyed by content hash, cached
extractions, corrections with undo, notes, places, bundles — is written once here in SQL both understand
(``?`` placeholders; the PostgreSQL connection translates them). Every write records who (``FRONTLINE_USER``
or the login name) and when (UTC, microseconds, sortable as text).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import platformdirs

from geo.corrections import Correction
from geo.ingest import content_hash, detect_language, load_articles, safe_article_id
from geo.records import Article, Place

APP_NAME = "frontline-claims"
DB_NAME = "frontline.sqlite3"
ENV_DATA_DIR = "FRONTLINE_DATA_DIR"
ENV_STORE_URL = "FRONTLINE_STORE_URL"
ENV_USER = "FRONTLINE_USER"
BUNDLE_FORMAT = "frontline-claims-bundle"
BUNDLE_VERSION = 1

AddResult = Literal["added", "unchanged", "updated"]
Migrations = tuple[tuple[int, tuple[str, ...]], ...]


class StoreError(RuntimeError):
    """The store or a bundle cannot be used; the message is one line for the analyst."""


@dataclass(frozen=True)
class StoredCorrection:
    """A correction as stored, with its undo state and author."""

    correction: Correction
    undone_at: str | None = None
    created_by: str = ""


@dataclass(frozen=True)
class Note:
    """An analyst's free-text note on anything with an id (article, claim, place, mention key)."""

    id: int
    target: str
    text: str
    created_by: str
    created_at: str


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


def current_user() -> str:
    """Who writes: ``$FRONTLINE_USER``, else the login name, else ""."""
    try:
        return os.environ.get(ENV_USER) or getpass.getuser()
    except (KeyError, OSError):
        return ""


def correction_uid(kind: str, target: str, payload: dict[str, Any], created_at: str) -> str:
    """Identity of a correction across stores (for merging bundles): hash of what it says and when."""
    canonical = json.dumps([kind, target, payload, created_at], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


_ARTICLE_FIELDS = (
    "article_id", "content_hash", "title", "published", "source", "url", "path", "text", "language",
    "forwarded_from", "added_at", "updated_at",
)  # fmt: skip
# Both dialects: the most confident version of a place wins.
UPSERT_PLACE = (
    "INSERT INTO places (place_id, name, kind, country_code, lat, lon, source, confidence, admin1, "
    "population, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (place_id) DO UPDATE SET "
    "name=excluded.name, kind=excluded.kind, country_code=excluded.country_code, lat=excluded.lat, "
    "lon=excluded.lon, source=excluded.source, confidence=excluded.confidence, admin1=excluded.admin1, "
    "population=excluded.population, updated_at=excluded.updated_at, updated_by=excluded.updated_by "
    "WHERE excluded.confidence >= places.confidence"
)
_PLACE_FIELDS = tuple(Place.__dataclass_fields__)


class BaseStore:
    """The store interface. Thread-safe; several processes (or analysts' machines, on PostgreSQL) may write
    at once: writes are serialised transactions, so no update is lost and a killed writer leaves whole rows.
    """

    MIGRATIONS: Migrations = ()
    location: str = ""
    user: str = ""

    # ------------------------------------------------------------------------------ backend hooks

    def _write(self) -> AbstractContextManager[Any]:
        """One serialised write transaction; yields a connection with ``execute(sql, params)``."""
        raise NotImplementedError

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        raise NotImplementedError

    def _has_table(self, name: str) -> bool:
        raise NotImplementedError

    def _upsert_place_sql(self) -> str:
        return UPSERT_PLACE

    def integrity_check(self) -> str:
        """ "ok" when the store is consistent, else what is wrong."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> BaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------ schema

    @property
    def schema_target(self) -> int:
        return self.MIGRATIONS[-1][0]

    def schema_version(self) -> int:
        if not self._has_table("schema_version"):
            return 0
        return int(self._read("SELECT COALESCE(MAX(version), 0) AS v FROM schema_version")[0]["v"])

    def _migrate(self) -> None:
        """Apply the migrations not applied yet, in order, each in its own transaction."""
        with self._write() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)"
            )
        current = self.schema_version()
        if current > self.schema_target:
            raise StoreError(
                f"{self.location} was written by a newer version (schema {current} > {self.schema_target})"
            )
        for version, statements in self.MIGRATIONS:
            with self._write() as conn:
                # Re-checked inside the transaction: another process may have migrated meanwhile.
                done = conn.execute("SELECT 1 FROM schema_version WHERE version = ?", (version,)).fetchone()
                if done:
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version VALUES (?, ?)", (version, now()))

    # ------------------------------------------------------------------------------ articles

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
        self, conn: Any, article: Article, stamp: str, updated_at: str | None = None
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
                "language=?, links=?, forwarded_from=?, updated_at=?, updated_by=? WHERE article_id=?",
                (digest, *values, updated_at or stamp, self.user, article_id),
            )
            conn.execute(
                "DELETE FROM extractions WHERE article_id = ? AND content_hash != ?", (article_id, digest)
            )
            return "updated"
        conn.execute(
            "INSERT INTO articles (article_id, content_hash, title, published, source, url, path, text, "
            "language, links, forwarded_from, added_at, updated_at, added_by, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, digest, *values, stamp, updated_at or stamp, self.user, self.user),
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
                "INSERT INTO deleted_articles VALUES (?, ?, ?) ON CONFLICT (content_hash) DO UPDATE SET "
                "article_id = excluded.article_id, deleted_at = excluded.deleted_at",
                (row[0], article_id, now()),
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
            deleted = {r[0] for r in conn.execute("SELECT content_hash FROM deleted_articles").fetchall()}
            stamp = now()
            for article in report.articles:
                if article.content_hash not in deleted:
                    added += self._add_article(conn, article, stamp) == "added"
            conn.execute("INSERT INTO meta VALUES ('sample_loaded', ?)", (stamp,))
        return added

    def _meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0]["value"] if rows else None

    # ------------------------------------------------------------------------------ extractions

    def get_extraction(self, article_id: str, content_hash: str, version: str) -> dict[str, Any] | None:
        """Cached machine output for this exact text and pipeline version, or None."""
        rows = self._read(
            "SELECT json FROM extractions WHERE article_id=? AND content_hash=? AND pipeline_version=?",
            (article_id, content_hash, version),
        )
        return json.loads(rows[0]["json"]) if rows else None

    def put_extraction(self, article_id: str, content_hash: str, version: str, data: dict[str, Any]) -> bool:
        """Cache machine output; False (nothing stored) when the article's text has changed meanwhile."""
        with self._write() as conn:
            return self._put_extraction(conn, article_id, content_hash, version, data, now())

    def put_extractions(self, items: Iterable[tuple[str, str, str, dict[str, Any]]]) -> int:
        """Several ``(article_id, content_hash, version, data)`` in one transaction; how many were stored."""
        with self._write() as conn:
            stamp = now()
            return sum(self._put_extraction(conn, *item, stamp) for item in items)

    def _put_extraction(
        self, conn: Any, article_id: str, digest: str, version: str, data: dict[str, Any], stamp: str
    ) -> bool:
        row = conn.execute("SELECT content_hash FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        if not row or row[0] != digest:
            return False
        conn.execute(
            "DELETE FROM extractions WHERE article_id = ? AND pipeline_version != ?", (article_id, version)
        )
        conn.execute(
            "INSERT INTO extractions (article_id, content_hash, pipeline_version, json, created_at, "
            "created_by) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (article_id, content_hash, pipeline_version) DO UPDATE SET "
            "json = excluded.json, created_at = excluded.created_at, created_by = excluded.created_by",
            (article_id, digest, version, json.dumps(data, ensure_ascii=False, separators=(",", ":")), stamp,
             self.user),
        )  # fmt: skip
        return True

    # ------------------------------------------------------------------------------ places

    def put_places(self, places: Iterable[Place]) -> int:
        """Upsert places (the most confident version of each wins); how many rows were written."""
        sql = self._upsert_place_sql()
        with self._write() as conn:
            stamp, n = now(), 0
            for p in places:
                conn.execute(sql, (*(getattr(p, f) for f in _PLACE_FIELDS), stamp, self.user))
                n += 1
            return n

    def places(self) -> list[Place]:
        rows = self._read(f"SELECT {', '.join(_PLACE_FIELDS)} FROM places ORDER BY place_id")
        return [Place(**{f: r[f] for f in _PLACE_FIELDS}) for r in rows]

    # ------------------------------------------------------------------------------ corrections

    def add_correction(self, correction: Correction) -> int:
        """Store a correction (validated again); returns its id. The same correction twice is stored once."""
        c = Correction(
            correction.kind,
            correction.target,
            dict(correction.payload),
            created_at=correction.created_at or now(),
        )
        with self._write() as conn:
            return abs(self._insert_correction(conn, c, None))

    def _insert_correction(self, conn: Any, c: Correction, undone_at: str | None) -> int:
        uid = correction_uid(c.kind, c.target, c.payload, c.created_at)
        row = conn.execute("SELECT id FROM corrections WHERE uid = ?", (uid,)).fetchone()
        if row:
            return -int(row[0])  # negative: it was there already
        payload = json.dumps(c.payload, ensure_ascii=False, sort_keys=True)
        row = conn.execute(
            "INSERT INTO corrections (uid, kind, target, payload, created_at, undone_at, created_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (uid, c.kind, c.target, payload, c.created_at, undone_at, self.user),
        ).fetchone()
        return int(row[0])

    def undo_correction(self, correction_id: int) -> bool:
        """Mark a correction undone (kept for history and export); False if unknown or already undone."""
        with self._write() as conn:
            return self._mark_undone(conn, correction_id, now())

    def _mark_undone(self, conn: Any, correction_id: int, stamp: str) -> bool:
        cur = conn.execute(
            "UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL",
            (stamp, self.user, correction_id),
        )
        return cur.rowcount == 1

    def corrections(self, active_only: bool = True) -> list[Correction]:
        """Corrections oldest first (the order they apply in); by default without undone ones."""
        return [s.correction for s in self.stored_corrections(active_only)]

    def stored_corrections(self, active_only: bool = False) -> list[StoredCorrection]:
        where = "WHERE undone_at IS NULL" if active_only else ""
        rows = self._read(f"SELECT * FROM corrections {where} ORDER BY created_at, id")
        return [StoredCorrection(_correction(r), r["undone_at"], r["created_by"]) for r in rows]

    # ------------------------------------------------------------------------------ notes

    def add_note(self, target: str, text: str) -> int:
        """An analyst's note on ``target``, signed with the store's user; returns its id."""
        if not text.strip():
            raise StoreError("a note needs some text")
        with self._write() as conn:
            row = conn.execute(
                "INSERT INTO notes (target, text, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                (target, text, self.user, now()),
            ).fetchone()
            return int(row[0])

    def notes(self, target: str | None = None) -> list[Note]:
        sql, params = "SELECT * FROM notes", ()
        if target is not None:
            sql, params = sql + " WHERE target = ?", (target,)
        rows = self._read(sql + " ORDER BY created_at, id", params)
        return [Note(int(r["id"]), r["target"], r["text"], r["created_by"], r["created_at"]) for r in rows]

    # ------------------------------------------------------------------------------ bundles

    def export_bundle(self, path: Path | str) -> dict[str, int]:
        """Write articles and corrections (with undo state) to one JSON file, atomically; returns counts."""
        articles = self._read("SELECT * FROM articles ORDER BY article_id")
        corrections = self._read("SELECT * FROM corrections ORDER BY created_at, id")
        from geo.store.bundles import make_bundle, write_json_atomic

        bundle = make_bundle(articles, corrections)
        write_json_atomic(Path(path), bundle)
        return {"articles": len(bundle["articles"]), "corrections": len(bundle["corrections"])}

    def import_bundle(self, path: Path | str) -> ImportSummary:
        """Merge a bundle: articles by content hash (a newer edit of the same article id wins), corrections
        by identity (undone anywhere → undone). All or nothing; importing twice changes nothing."""
        from geo.store.bundles import read_bundle

        articles, corrections = read_bundle(path)
        counts = dict.fromkeys(ImportSummary.__dataclass_fields__, 0)
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
                cid = self._insert_correction(conn, c, undone_at)
                if cid > 0:
                    counts["corrections_added"] += 1
                    continue
                undone = bool(undone_at) and self._mark_undone(conn, -cid, undone_at)
                counts["corrections_undone" if undone else "corrections_unchanged"] += 1
        return ImportSummary(**counts)

    def revision(self) -> str:
        """A short fingerprint of the articles and active corrections; changes on every write that matters."""
        digest = hashlib.sha256()
        for row in self._read("SELECT article_id, content_hash, published, title FROM articles ORDER BY 1"):
            digest.update("\x1f".join(str(v) for v in row).encode("utf-8") + b"\n")
        for row in self._read("SELECT id FROM corrections WHERE undone_at IS NULL ORDER BY id"):
            digest.update(f"c{row[0]}\n".encode())
        return digest.hexdigest()[:16]


def _article(row: Any) -> Article:
    return Article(
        article_id=row["article_id"],
        title=row["title"],
        published=row["published"],
        source=row["source"],
        text=row["text"],
        url=row["url"],
        path=row["path"],
        content_hash=row["content_hash"],
        language=row["language"] or detect_language(row["text"]),  # rows stored before the language column
        links=tuple(json.loads(row["links"] or "[]")),
        forwarded_from=row["forwarded_from"],
    )


def _correction(row: Any) -> Correction:
    return Correction(
        row["kind"],
        row["target"],
        json.loads(row["payload"]),
        id=int(row["id"]),
        created_at=row["created_at"],
    )
