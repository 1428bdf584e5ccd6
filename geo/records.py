"""Typed records that flow through the pipeline: article → mentions/places → quotes/claims.

These are the nouns of ``python -m geo extract --json``: field names here are a contract read by the
dashboard, the exports and outside checks. Extend with new fields; never rename or remove one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class PlaceKind(StrEnum):
    SETTLEMENT = "settlement"
    REGION = "region"
    COUNTRY = "country"
    RIVER = "river"
    FACILITY = "facility"
    OTHER = "other"


class Side(StrEnum):
    """The sides of the default conflict profile (``geo/data/profiles/russia-ukraine.toml``); other
    profiles' belligerent ids are plain strings. Members compare equal to their values."""

    UKRAINE = "ukraine"
    RUSSIA = "russia"
    WEST = "west"
    INDEPENDENT = "independent"
    UNKNOWN = "unknown"


class ClaimKind(StrEnum):
    AREA_GAIN = "area_gain"
    ADVANCE_DISTANCE = "advance_distance"
    SETTLEMENT_CONTROL = "settlement_control"
    DISTANCE = "distance"


class Verdict(StrEnum):
    CONSISTENT = "consistent"
    OVERSTATED = "overstated"
    NOT_SUPPORTED = "not supported"
    NOT_CHECKABLE = "not checkable"


SIDES: tuple[str, ...] = tuple(s.value for s in Side)
PLACE_KINDS: tuple[str, ...] = tuple(k.value for k in PlaceKind)
CLAIM_KINDS: tuple[str, ...] = tuple(k.value for k in ClaimKind)
VERDICTS: tuple[str, ...] = tuple(v.value for v in Verdict)


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about an article besides its text (front matter, page metadata, form fields): one
    value to pass instead of fanning out ``published=…, title=…, source=…, url=…, path=…``."""

    published: str | None = None
    title: str = ""
    source: str = ""
    url: str = ""
    path: str = ""

    def filled_from(self, other: ArticleMeta) -> ArticleMeta:
        """These values, with the empty ones taken from ``other``."""
        return ArticleMeta(
            published=self.published or other.published,
            title=self.title or other.title,
            source=self.source or other.source,
            url=self.url or other.url,
            path=self.path or other.path,
        )


@dataclass(frozen=True)
class Article:
    """One article as the product stores it; every offset elsewhere slices ``text``."""

    article_id: str
    title: str
    published: str | None  # ISO date YYYY-MM-DD, or None when unknown
    source: str
    text: str
    url: str = ""
    path: str = ""
    content_hash: str = ""  # sha256 of ``text``
    profile: str = ""  # conflict profile id: front matter's ``profile:``, then the one extraction chose
    language: str = ""  # ISO 639-1 code detected from ``text`` ("en", "uk", "ru", …); "" when unknown
    links: tuple[str, ...] = ()  # links kept beside the text (Telegram text_link hrefs, a feed entry link)
    forwarded_from: str = ""  # a Telegram post forwarded from another channel or person

    @property
    def meta(self) -> ArticleMeta:
        return ArticleMeta(self.published, self.title, self.source, self.url, self.path)

    def to_json(self) -> dict[str, Any]:
        """The ``articles`` row of the CLI contract (without the full text)."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "url": self.url,
            "path": self.path,
            "content_hash": self.content_hash,
            "chars": len(self.text),
            "profile": self.profile,
            "language": self.language,
            "links": list(self.links),
            "forwarded_from": self.forwarded_from,
        }


@dataclass(frozen=True)
class Place:
    """A gazetteer entry (or analyst-added place) that at least one mention resolved to."""

    place_id: str  # "gn:<geonameid>", "sup:<slug>", "osm:<type><id>", "user:<n>"
    name: str
    kind: str  # one of PLACE_KINDS
    country_code: str  # ISO 3166-1 alpha-2, "" when none (seas, rivers across borders)
    lat: float
    lon: float
    source: str  # coordinates from: "geonames", "supplement: <reference>", "nominatim", "analyst"
    confidence: float = 1.0  # highest confidence among the mentions resolved to it
    admin1: str = ""  # first-level region name or code, when known
    population: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CandidateRef:
    """A runner-up gazetteer candidate for a mention, with the resolver's score."""

    place_id: str
    name: str
    country_code: str
    lat: float
    lon: float
    score: float


@dataclass(frozen=True)
class Mention:
    """A span of an article's stored text that names a place."""

    article_id: str
    start: int
    end: int
    surface: str  # == article.text[start:end]
    place_id: str | None  # None when no gazetteer entry could be chosen
    metonymic: bool = False  # a capital or country standing for its government ("Kyiv launched …")
    confidence: float = 0.0
    candidates: tuple[CandidateRef, ...] = ()  # runner-ups, best first, excluding the chosen one
    sentence: int = -1  # index of the sentence that holds the mention
    name_en: str = ""  # for a Cyrillic surface: the place's English name (KMU 2010 for Ukrainian places)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["candidates"] = [asdict(c) for c in self.candidates]
        return data


@dataclass(frozen=True)
class Quote:
    """A direct quotation with its speaker."""

    quote_id: str
    article_id: str
    text: str
    speaker: str  # full name when known, else a description ("a Ukrainian soldier")
    role: str  # as written in the article
    affiliation: str  # one of SIDES
    date: str | None  # ISO date the words were said or written
    place_ids: tuple[str, ...] = ()
    start: int = -1  # offsets of the quoted text (first part, when split by attribution)
    end: int = -1
    language: str = "en"  # the quotation's language ("en", "uk", "ru"), kept as written

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["place_ids"] = list(self.place_ids)
        return data


@dataclass(frozen=True)
class Verification:
    """What the independent control record shows for a claim."""

    verdict: str  # one of VERDICTS
    measured: float | None = None  # the record's figure in ``unit``
    unit: str = ""
    snapshots: tuple[str, ...] = ()  # snapshot ids (UTC timestamps) used
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["snapshots"] = list(self.snapshots)
        return data


@dataclass(frozen=True)
class Claim:
    """A territorial claim: who says which side took, holds or advanced how far, where and when."""

    claim_id: str
    article_id: str
    claimant: str
    affiliation: str  # side of the claimant, one of SIDES
    date: str | None
    kind: str  # one of CLAIM_KINDS
    value_min: float | None
    value_max: float | None
    unit: str  # "km2", "km", or "" for settlement_control
    place_ids: tuple[str, ...]
    holder: str  # side the claim says holds or gained the ground, one of SIDES
    evidence: str  # the sentence the claim comes from
    quote_id: str | None = None
    verification: Verification = field(default_factory=lambda: Verification("not checkable"))
    start: int = -1  # offsets of the evidence sentence
    end: int = -1
    # The period an area or advance claim covers, when the text gives one ("since the beginning of the
    # year", "since 14 June", "in May", "over the past week"): ISO dates, both ends inclusive; None = the
    # verifier's default (period start: first day of the claim's month; period end: the claim date).
    period_start: str | None = None
    period_end: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["place_ids"] = list(self.place_ids)
        data["verification"] = self.verification.to_json()
        return data
