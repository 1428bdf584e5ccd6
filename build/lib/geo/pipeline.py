"""The one-way flow: articles → mentions and places → quotes and claims → verification → tables.

Each stage is a pure function in its own module; this module only composes them and packages the result
as the ``extract --json`` contract (``Extraction.to_json``) and as pandas tables (``Extraction.frames``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from geo.records import Article, Claim, Mention, Place, Quote

log = logging.getLogger(__name__)

PIPELINE_VERSION = "1"  # bump when extraction output changes, so stored extractions are recomputed


@dataclass(frozen=True)
class ArticleExtraction:
    """Machine output for one article."""

    article: Article
    mentions: tuple[Mention, ...]
    places: tuple[Place, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]


@dataclass
class Extraction:
    """Machine output for a corpus: the records of every article plus what was skipped and why."""

    articles: list[Article] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``python -m geo extract --json`` object. Field names are a contract: extend, never rename."""
        return {
            "articles": [a.to_json() for a in self.articles],
            "places": [p.to_json() for p in self.places],
            "mentions": [m.to_json() for m in self.mentions],
            "quotes": [q.to_json() for q in self.quotes],
            "claims": [c.to_json() for c in self.claims],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "warnings": list(self.warnings),
        }

    def frames(self) -> dict[str, pd.DataFrame]:
        """Tables for the map and panel: articles, places, mentions, quotes, claims and place_summary."""
        from geo.join import place_summary

        tables = {
            "articles": _frame([a.to_json() for a in self.articles], _ARTICLE_COLUMNS),
            "places": _frame([p.to_json() for p in self.places], _columns(Place)),
            "mentions": _frame([m.to_json() for m in self.mentions], _columns(Mention)),
            "quotes": _frame([q.to_json() for q in self.quotes], _columns(Quote)),
            "claims": _frame([c.to_json() for c in self.claims], _columns(Claim)),
        }
        tables["place_summary"] = place_summary(
            tables["places"], tables["mentions"], tables["quotes"], tables["claims"], tables["articles"]
        )
        return tables


_ARTICLE_COLUMNS = ["article_id", "title", "published", "source", "url", "path", "content_hash", "chars"]


def _columns(record_type: type) -> list[str]:
    return list(record_type.__dataclass_fields__)


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


class Resources:
    """Heavy shared inputs of the pipeline (gazetteer, control record), loaded once and reused."""

    def __init__(
        self,
        gazetteer: Any = None,
        record: Any = None,
        *,
        load_record: bool = True,
        record_dir: Path | None = None,
        online: Any = None,
    ) -> None:
        from geo.gazetteer import Gazetteer

        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        # Opt-in online fallback (geo.geocoders.OnlineFallback): only for names the gazetteer cannot resolve.
        self.online = online if online is not None and online.enabled else None
        self.record = record
        self.record_error = ""
        if record is None and load_record:
            from geo.control import ControlRecord, ControlRecordError

            try:
                self.record = ControlRecord.load(record_dir)
            except ControlRecordError as exc:
                self.record_error = f"control record unavailable: {exc}"
                log.warning(self.record_error)


def extract_article(article: Article, resources: Resources) -> ArticleExtraction:
    """Run every extraction stage on one article (without verification, which needs the whole corpus)."""
    from geo.claims import find_claims
    from geo.places import find_places, places_for
    from geo.quotes import find_quotes
    from geo.sentences import split_sentences

    sentences = split_sentences(article.text)
    mentions = find_places(article, resources.gazetteer, sentences)
    places = places_for(mentions, resources.gazetteer)
    if resources.online is not None and any(m.place_id is None for m in mentions):
        from geo.geocoders import resolve_unresolved

        mentions, found_online = resolve_unresolved(mentions, resources.online, places=places)
        places = places + [p for p in found_online if p.place_id not in {q.place_id for q in places}]
    kinds = {p.place_id: p.kind for p in places}
    by_id = {p.place_id: p for p in places}
    quotes = find_quotes(article, sentences, mentions, places=by_id)
    claims = find_claims(article, sentences, mentions, quotes, place_kinds=kinds, places=by_id)
    return ArticleExtraction(article, tuple(mentions), tuple(places), tuple(quotes), tuple(claims))


def combine(parts: Iterable[ArticleExtraction], resources: Resources, *, verify: bool = True) -> Extraction:
    """Merge per-article output into one corpus extraction and verify its claims against the record.

    ``verify=False`` leaves verification to the caller (the dashboard applies analysts' corrections first).
    """
    from geo.verify import verify_claims

    result = Extraction()
    places: dict[str, Place] = {}
    for part in parts:
        result.articles.append(part.article)
        result.mentions.extend(part.mentions)
        result.quotes.extend(part.quotes)
        result.claims.extend(part.claims)
        for place in part.places:
            known = places.get(place.place_id)
            if known is None or place.confidence > known.confidence:
                places[place.place_id] = place
    result.places = sorted(places.values(), key=lambda p: p.place_id)
    if verify:
        result.claims = verify_claims(result.claims, places, resources.record)
    if resources.record_error:
        result.warnings.append(resources.record_error)
    return result


def extract_articles(articles: Sequence[Article], resources: Resources | None = None) -> Extraction:
    """Full extraction of a list of articles."""
    resources = resources or Resources()
    return combine((extract_article(a, resources) for a in articles), resources)


def extract_paths(
    paths: Iterable[Path | str], *, published: str | None = None, resources: Resources | None = None
) -> Extraction:
    """Read articles from files and folders and extract them; unreadable inputs land in ``skipped``."""
    from geo.ingest import load_articles

    report = load_articles(paths, published=published)
    result = extract_articles(report.articles, resources)
    result.skipped = list(report.skipped)
    return result
