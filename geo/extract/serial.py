"""The one JSON (de)serialisation of per-article extractions: the store's cache, ``ingest`` and the dashboard.

Lists of record ``to_json`` dicts, without the article itself; reading ignores unknown keys, so rows written
by a newer release still load, and missing optional fields take their defaults.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from geo.extract.doc import ArticleExtraction
from geo.records import Article, CandidateRef, Claim, Mention, Place, Quote, Verification

RECORDS = ("mentions", "places", "quotes", "claims")


def extraction_to_json(part: ArticleExtraction) -> dict[str, Any]:
    """An article's records as JSON-ready lists (without the article itself, but with its profile id)."""
    return {
        "profile": part.article.profile,
        **{name: [r.to_json() for r in getattr(part, name)] for name in RECORDS},
    }


def extraction_from_json(article: Article, data: dict[str, Any]) -> ArticleExtraction:
    """Rebuild an article's records from ``extraction_to_json`` output (KeyError/TypeError/ValueError when
    the layout is unusable)."""
    if data.get("profile") and not article.profile:
        article = replace(article, profile=str(data["profile"]))
    return ArticleExtraction(
        article=article,
        mentions=tuple(mention_from_json(d) for d in data["mentions"]),
        places=tuple(place_from_json(d) for d in data["places"]),
        quotes=tuple(quote_from_json(d) for d in data["quotes"]),
        claims=tuple(claim_from_json(d) for d in data["claims"]),
    )


def _known(record_type: type, d: dict[str, Any]) -> dict[str, Any]:
    return {k: d[k] for k in record_type.__dataclass_fields__ if k in d}


def place_from_json(d: dict[str, Any]) -> Place:
    return Place(**_known(Place, d))


def mention_from_json(d: dict[str, Any]) -> Mention:
    fields = _known(Mention, d)
    fields["candidates"] = tuple(CandidateRef(**_known(CandidateRef, c)) for c in d.get("candidates") or ())
    return Mention(**fields)


def quote_from_json(d: dict[str, Any]) -> Quote:
    fields = _known(Quote, d)
    fields["place_ids"] = tuple(d.get("place_ids") or ())
    return Quote(**fields)


def verification_from_json(d: dict[str, Any] | None) -> Verification:
    v = dict(d or {"verdict": "not checkable"})
    v["snapshots"] = tuple(v.get("snapshots") or ())
    return Verification(**_known(Verification, v))


def claim_from_json(d: dict[str, Any]) -> Claim:
    fields = _known(Claim, d)
    fields["place_ids"] = tuple(d.get("place_ids") or ())
    fields["verification"] = verification_from_json(d.get("verification"))
    fields["evidence_spans"] = tuple(tuple(span) for span in d.get("evidence_spans") or ())
    return Claim(**fields)
