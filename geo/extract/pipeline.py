"""The one-way flow: articles → mentions and places → quotes and claims → verification → tables.

Each stage is a pure function in its own module; this module only composes them and packages the result
as the ``extract --json`` contract (``Extraction.to_json``) and as pandas tables (``Extraction.frames``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


from geo.extract.doc import ArticleExtraction, Doc
from geo.records import Article, Claim, Mention, Place, Quote

log = logging.getLogger(__name__)

PIPELINE_VERSION = "1"  # bump when extraction output changes, so stored extractions are recomputed


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
            "articles": [{**a.to_json(), "text": a.text} for a in self.articles],
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
            "articles": _frame([_article_row(a) for a in self.articles], _ARTICLE_COLUMNS),
            "places": _frame([_plain(p) for p in self.places], _columns(Place)),
            "mentions": _frame([_plain(m) for m in self.mentions], _columns(Mention)),
            "quotes": _frame([_plain(q) for q in self.quotes], _columns(Quote)),
            "claims": _frame([_plain(c) for c in self.claims], _columns(Claim)),
        }
        tables["place_summary"] = place_summary(
            tables["places"], tables["mentions"], tables["quotes"], tables["claims"], tables["articles"]
        )
        return tables


_ARTICLE_COLUMNS = [
    "article_id", "title", "published", "source", "url", "path", "content_hash", "chars", "language",
    "forwarded_from", "profile",
]


def _article_row(a: Article) -> dict[str, Any]:
    """``Article.to_json()``'s table columns, without measuring or copying anything else."""
    return {
        "article_id": a.article_id, "title": a.title, "published": a.published, "source": a.source,
        "url": a.url, "path": a.path, "content_hash": a.content_hash, "chars": len(a.text),
        "language": a.language, "forwarded_from": a.forwarded_from, "profile": a.profile,
    }  # fmt: skip


def _plain(value: Any) -> Any:
    """A record as its ``to_json()`` dict (tuples as lists, nested records as dicts) without ``asdict``'s
    deep copies — the table builder's hot path; ``test_pipeline`` checks it equals ``to_json()``."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in vars(value).items()}
    return value


def _columns(record_type: type) -> list[str]:
    return list(record_type.__dataclass_fields__)


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

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
        profile: str = "",
    ) -> None:
        from geo.gazetteer import Gazetteer
        from geo.profiles import load_profile

        # a forced conflict profile id for every article ("" or "auto": each article's own or detected)
        self.profile = "" if profile in ("", "auto") else load_profile(profile).id

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
        self._stages: list[Any] | None = None

    def stages(self) -> list[Any]:
        """The extraction stages over these resources (built once)."""
        if self._stages is None:
            from geo.extract.stages import default_stages

            self._stages = default_stages(self.gazetteer, self.online)
        return self._stages


def extract_article(article: Article, resources: Resources) -> ArticleExtraction:
    """Run every extraction stage on one article (without verification, which needs the whole corpus)."""
    return extract_doc(article, resources).extraction()


def extract_doc(article: Article, resources: Resources) -> Doc:
    """The article's ``Doc`` after every extraction stage, under the article's conflict profile (forced by
    ``resources.profile``, else its front matter's, else detected from its text); ``article.profile`` says
    which."""
    from dataclasses import replace

    from geo.extract.sides import use_profile
    from geo.extract.stages import run
    from geo.profiles import choose_profile

    profile = choose_profile(article.text, forced=getattr(resources, "profile", ""), declared=article.profile)
    if article.profile != profile.id:
        article = replace(article, profile=profile.id)
    with use_profile(profile, article.text):
        return run(Doc(article), resources.stages())


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
    """Full extraction and verification of a list of articles (through ``geo.compose``)."""
    from geo.compose import compose

    return compose(articles, resources or Resources()).extraction


def extract_paths(
    paths: Iterable[Path | str], *, published: str | None = None, resources: Resources | None = None
) -> Extraction:
    """Read articles from files and folders and extract them; unreadable inputs land in ``skipped``."""
    from geo.compose import compose_paths

    return compose_paths(paths, published=published, resources=resources).extraction
