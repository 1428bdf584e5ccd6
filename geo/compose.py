"""The composition root: ingest → extract (→ online fallback) → analysts' corrections → verification → tables.

Every entry point goes through here: ``python -m geo extract PATH…`` (``compose_paths``), ``extract --store``
(``compose_store``), the dashboard's corpus (``geo.app.corpus``), the benchmark and batch runs.
Per-article extraction is the slow step, so it can be cached (``StoreExtractionCache``: in the store, keyed
by article id, content hash and ``PIPELINE_VERSION``); corrections, verification and the join run on the
whole corpus every time (they are fast and depend on every article).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd


from geo.extract.doc import ArticleExtraction
from geo.extract.pipeline import PIPELINE_VERSION, Extraction, Resources, combine, extract_article
from geo.extract.serial import extraction_from_json, extraction_to_json
from geo.records import Article, Mention

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (done, total, article title)


class ExtractionCache(Protocol):
    """Where per-article extractions are kept between runs."""

    def get(self, article: Article) -> ArticleExtraction | None: ...

    def put(self, extraction: ArticleExtraction) -> None: ...


class StoreExtractionCache:
    """Per-article extractions in the store, keyed by article id, content hash and ``PIPELINE_VERSION``
    (the layout ``python -m geo ingest`` writes, so ingested articles are not extracted again)."""

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


def extract_cached(
    articles: Sequence[Article],
    resources: Resources,
    cache: ExtractionCache | None,
    progress: Progress | None = None,
) -> tuple[list[ArticleExtraction], list[tuple[str, str]]]:
    """Per-article extractions, from the cache where possible; failures are reported, never raised."""
    parts: list[ArticleExtraction] = []
    failed: list[tuple[str, str]] = []
    if getattr(resources, "profile", ""):
        cache = None  # the cache holds each article's own profile's extraction, not a forced one's
    for done, article in enumerate(articles, start=1):
        part = cache.get(article) if cache is not None else None
        if part is not None and not part.article.profile:
            from dataclasses import replace

            from geo.profiles import choose_profile

            chosen = choose_profile(article.text, declared=article.profile).id
            part = replace(part, article=replace(part.article, profile=chosen))
            try:  # remember it: detecting a profile costs more than reading the cached extraction
                cache.put(part)
            except OSError as exc:
                log.warning("could not cache extraction of %s: %s", article.article_id, exc)
        if part is None:
            try:
                part = extract_article(article, resources)
            except Exception as exc:  # one bad article must not take the corpus down
                log.warning("extraction failed for %s: %s: %s", article.article_id, type(exc).__name__, exc)
                log.debug("extraction failure", exc_info=True)
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
class Composed:
    """A corrected, verified corpus: the extraction plus what the corrections changed."""

    extraction: Extraction
    corrected: frozenset[str] = frozenset()  # ids (place, claim, mention key) an analyst changed
    notes: dict[str, list[str]] = field(default_factory=dict)  # claim id → analysts' notes
    unapplied: list[tuple[Any, str]] = field(default_factory=list)  # (correction, why it found no target)
    dismissed: list[Mention] = field(default_factory=list)  # mentions an analyst marked "not a place"
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article, reason) extraction failures

    @property
    def warnings(self) -> list[str]:
        return [f"{name}: {reason}" for name, reason in self.failed] + [w for w in self.extraction.warnings]

    def to_json(self) -> dict[str, Any]:
        """The ``extract --json`` object, plus what the analysts' corrections changed (``corrected``: ids
        of changed places, claims and mention keys; ``notes``: claim id → notes; ``unapplied``)."""
        data = self.extraction.to_json()
        data["corrected"] = sorted(self.corrected)
        data["notes"] = {k: list(v) for k, v in sorted(self.notes.items())}
        data["unapplied"] = [{"correction": c.to_json(), "reason": why} for c, why in self.unapplied]
        return data

    def tables(self) -> dict[str, pd.DataFrame]:
        """The dashboard's tables, with analyst-changed rows flagged and notes attached."""
        return mark_corrections(self.extraction.frames(), self.corrected, self.notes)


def compose(
    articles: Sequence[Article],
    resources: Resources,
    *,
    cache: ExtractionCache | None = None,
    corrections: Sequence[Any] = (),
    progress: Progress | None = None,
) -> Composed:
    """Extract (cached), apply the analysts' corrections, then verify the claims against the record.

    Corrections apply before verification so an edited claim is checked with its new values."""
    from geo.corrections import apply_corrections
    from geo.verify import verify_claims

    parts, failed = extract_cached(articles, resources, cache, progress)
    merged = combine(parts, resources, verify=False)
    fixed = apply_corrections(
        merged.places, merged.mentions, merged.claims, corrections, quotes=merged.quotes
    )
    places = {p.place_id: p for p in fixed.places}
    order = {a.article_id: n for n, a in enumerate(merged.articles)}  # mentions stay in article order
    extraction = Extraction(
        articles=merged.articles,
        places=list(fixed.places),
        mentions=sorted(fixed.mentions, key=lambda m: (order.get(m.article_id, -1), m.start, m.end)),
        quotes=list(fixed.quotes),
        claims=list(verify_claims(fixed.claims, places, resources.record)),
        skipped=list(failed),
        warnings=list(merged.warnings),
    )
    return Composed(
        extraction,
        corrected=fixed.corrected,
        notes=fixed.notes,
        unapplied=list(fixed.unapplied),
        dismissed=list(fixed.dismissed),
        failed=list(failed),
    )


def compose_paths(
    paths: Iterable[Path | str], *, published: str | None = None, resources: Resources | None = None
) -> Composed:
    """Articles read from files and folders (no corrections: they are not in a store); unreadable inputs
    land in ``extraction.skipped``."""
    from geo.ingest import load_articles

    report = load_articles(paths, published=published)
    composed = compose(report.articles, resources or Resources())
    composed.extraction.skipped = list(report.skipped) + composed.extraction.skipped
    return composed


def compose_store(
    store: Any, resources: Resources | None = None, progress: Progress | None = None
) -> Composed:
    """The store's articles with its active corrections applied (extractions cached in the store)."""
    return compose(
        store.articles(),
        resources or Resources(),
        cache=StoreExtractionCache(store),
        corrections=store.corrections(),
        progress=progress,
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
        import pandas as pd

        out["mentions"] = mentions.assign(corrected=pd.Series(dtype=bool))
    claims = out.get("claims")
    if claims is not None:
        out["claims"] = claims.assign(analyst_note=[" · ".join(notes.get(c, [])) for c in claims["claim_id"]])
    return out
