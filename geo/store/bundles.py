"""Bundles: a store's articles and corrections as one JSON file, written atomically, read with validation."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from geo.corrections import Correction, CorrectionError
from geo.ingest import IngestError, content_hash, detect_language, normalise_date, safe_article_id
from geo.records import Article
from geo.store.base import _ARTICLE_FIELDS, BUNDLE_FORMAT, BUNDLE_VERSION, StoreError, now


def make_bundle(articles: list[Any], corrections: list[Any]) -> dict[str, Any]:
    """The bundle of a store's article and correction rows (what ``export_bundle`` writes)."""
    return {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "exported_at": now(),
        "articles": [
            {**{k: r[k] for k in _ARTICLE_FIELDS}, "links": json.loads(r["links"] or "[]")}
            for r in articles
        ],
        "corrections": [
            {
                "kind": r["kind"],
                "target": r["target"],
                "payload": json.loads(r["payload"]),
                "created_at": r["created_at"],
                "undone_at": r["undone_at"],
                "created_by": r["created_by"],
            }
            for r in corrections
        ],
    }


def write_json_atomic(target: Path, data: Any) -> None:
    """Write JSON to ``target`` through a temporary file and a rename (never a half-written file)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from None


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
