"""The analyst's corpus as tables: stored articles → cached extraction → corrected, verified tables.

Extraction of one article is the slow step (gazetteer lookups, quote and claim rules), so its result is kept
in the store, keyed by the article's content hash plus ``PIPELINE_VERSION``: a restart, or adding one article
to fifty, re-extracts only what changed. Verification and the join run on the whole
corpus every time (they are fast and depend on every article).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from geo.corrections import Correction, apply_corrections
from geo.pipeline import PIPELINE_VERSION, ArticleExtraction, Extraction, Resources, combine, extract_article
from geo.records import Article, CandidateRef, Claim, Mention, Place, Quote, Verification

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (done, total, article title)


class ExtractionCache(Protocol):
    """Where per-article extractions are kept between runs."""

    def get(self, article: Article) -> ArticleExtraction | None: ...

    def put(self, extraction: ArticleExtraction) -> None: ...


class StoreExtractionCache:
    """Per-article extractions in the store, keyed by article id, content hash and ``PIPELINE_VERSION``.

    Same JSON layout as ``python -m geo ingest`` writes (lists of record ``to_json`` dicts), so articles
    ingested from the command line open in the dashboard without being extracted again.
    """

    def __init__(self, store: Any) -> None:
        self.store = store

    def get(self, article: Article) -> ArticleExtraction | None:
        data = self.store.get_extraction(article.article_id, article.content_hash, PIPELINE_VERSION)
        if data is None:
            return None
        try:
            return extraction_from_json(article, data)
        except (KeyError, TypeError, ValueError) as exc:  # an outdated layout is only a cache miss
            log.warning("ignoring unreadable cached extraction of %s: %s", article.article_id, exc)
            return None

    def put(self, extraction: ArticleExtraction) -> None:
        a = extraction.article
        self.store.put_extraction(
            a.article_id, a.content_hash, PIPELINE_VERSION, extraction_to_json(extraction)
        )


def extraction_to_json(part: ArticleExtraction) -> dict[str, Any]:
    """An article's records as the store's JSON (without the article itself)."""
    return {
        name: [r.to_json() for r in getattr(part, name)]
        for name in ("mentions", "places", "quotes", "claims")
    }


def extraction_from_json(article: Article, data: dict[str, Any]) -> ArticleExtraction:
    """Rebuild an article's records from ``extraction_to_json`` output."""

    def mention(d: dict[str, Any]) -> Mention:
        fields = {k: d[k] for k in _fields(Mention) if k in d}
        fields["candidates"] = tuple(CandidateRef(**c) for c in d.get("candidates") or ())
        return Mention(**fields)

    def quote(d: dict[str, Any]) -> Quote:
        fields = {k: d[k] for k in _fields(Quote) if k in d}
        fields["place_ids"] = tuple(d.get("place_ids") or ())
        return Quote(**fields)

    def claim(d: dict[str, Any]) -> Claim:
        fields = {k: d[k] for k in _fields(Claim) if k in d}
        fields["place_ids"] = tuple(d.get("place_ids") or ())
        v = dict(d.get("verification") or {"verdict": "not checkable"})
        v["snapshots"] = tuple(v.get("snapshots") or ())
        fields["verification"] = Verification(**{k: v[k] for k in _fields(Verification) if k in v})
        return Claim(**fields)

    return ArticleExtraction(
        article=article,
        mentions=tuple(mention(d) for d in data["mentions"]),
        places=tuple(Place(**{k: d[k] for k in _fields(Place) if k in d}) for d in data["places"]),
        quotes=tuple(quote(d) for d in data["quotes"]),
        claims=tuple(claim(d) for d in data["claims"]),
    )


def _fields(record_type: type) -> tuple[str, ...]:
    return tuple(record_type.__dataclass_fields__)


def extract_cached(
    articles: Sequence[Article],
    resources: Resources,
    cache: ExtractionCache | None,
    progress: Progress | None = None,
) -> tuple[list[ArticleExtraction], list[tuple[str, str]]]:
    """Per-article extractions, from the cache where possible; failures are reported, never raised."""
    parts: list[ArticleExtraction] = []
    failed: list[tuple[str, str]] = []
    for done, article in enumerate(articles, start=1):
        part = cache.get(article) if cache is not None else None
        if part is None:
            try:
                part = extract_article(article, resources)
            except Exception as exc:  # one bad article must not take the dashboard down
                log.exception("extraction failed for %s", article.article_id)
                failed.append((article.title or article.article_id, f"extraction failed: {exc}"))
                continue
            if cache is not None:
                try:
                    cache.put(part)
                except OSError as exc:
                    log.warning("could not cache extraction of %s: %s", article.article_id, exc)
        parts.append(part)
        if progress is not None:
            progress(done, len(articles), article.title)
    return parts, failed


@dataclass
class Corpus:
    """What the dashboard shows: the tables plus the record they were verified against."""

    tables: dict[str, pd.DataFrame]
    record: Any
    revision: str
    warnings: list[str] = field(default_factory=list)
    unapplied: list[tuple[Any, str]] = field(default_factory=list)  # (correction, why it found no target)
    dismissed: list[Mention] = field(default_factory=list)  # mentions an analyst marked "not a place"

    @property
    def empty(self) -> bool:
        return self.tables["articles"].empty


def build_corpus(
    articles: Sequence[Article],
    resources: Resources,
    *,
    cache: ExtractionCache | None = None,
    corrections: Sequence[Correction] = (),
    revision: str = "",
    progress: Progress | None = None,
) -> Corpus:
    """Extract (cached), apply the analysts' corrections, verify the claims, and tabulate.

    Corrections apply before verification so an edited claim is checked with its new values.
    """
    from geo.verify import verify_claims

    parts, failed = extract_cached(articles, resources, cache, progress)
    merged = combine(parts, resources, verify=False)
    fixed = apply_corrections(
        merged.places, merged.mentions, merged.claims, corrections, quotes=merged.quotes
    )
    places = {p.place_id: p for p in fixed.places}
    claims = verify_claims(fixed.claims, places, resources.record)
    extraction = Extraction(
        articles=merged.articles,
        places=list(fixed.places),
        mentions=list(fixed.mentions),
        quotes=list(fixed.quotes),
        claims=list(claims),
        skipped=list(failed),
    )
    warnings = [f"{name}: {reason}" for name, reason in failed]
    if resources.record_error:
        warnings.append(resources.record_error)
    tables = mark_corrections(extraction.frames(), fixed.corrected, fixed.notes)
    return Corpus(
        tables=tables,
        record=resources.record,
        revision=revision,
        warnings=warnings,
        unapplied=list(fixed.unapplied),
        dismissed=list(fixed.dismissed),
    )


def mark_corrections(
    tables: dict[str, pd.DataFrame], corrected: frozenset[str], notes: dict[str, list[str]]
) -> dict[str, pd.DataFrame]:
    """Flag analyst-changed rows (``corrected``) in places, place_summary, mentions and claims; add notes."""
    from geo.corrections import mention_key

    out = dict(tables)
    for name, column in (("places", "place_id"), ("place_summary", "place_id"), ("claims", "claim_id")):
        frame = out.get(name)
        if frame is not None and column in frame:
            out[name] = frame.assign(corrected=frame[column].isin(corrected))
    mentions = out.get("mentions")
    if mentions is not None and not mentions.empty:
        keys = [
            mention_key(a, int(s), int(e))
            for a, s, e in zip(mentions["article_id"], mentions["start"], mentions["end"], strict=True)
        ]
        out["mentions"] = mentions.assign(corrected=[k in corrected for k in keys])
    elif mentions is not None:
        out["mentions"] = mentions.assign(corrected=pd.Series(dtype=bool))
    claims = out.get("claims")
    if claims is not None:
        out["claims"] = claims.assign(analyst_note=[" · ".join(notes.get(c, [])) for c in claims["claim_id"]])
    return out
