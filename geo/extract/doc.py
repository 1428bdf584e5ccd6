"""``Doc``: one article and everything the stages found in it, passed from stage to stage.

Each stage (``geo.extract.stages``) reads what earlier stages wrote and adds its own fields; no stage
recomputes another's result. ``ArticleExtraction`` is the frozen machine output kept in the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geo.records import Article, Claim, Mention, Place, Quote, Verification

if TYPE_CHECKING:
    from geo.extract.speech.dates import SentenceDate
    from geo.extract.speech.phrases import Attribution, Speaker
    from geo.extract.speech.spans import QuoteSpan
    from geo.text.sentences import Sentence


@dataclass(frozen=True)
class ArticleExtraction:
    """Machine output for one article."""

    article: Article
    mentions: tuple[Mention, ...]
    places: tuple[Place, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]


@dataclass
class Doc:
    """An article on its way through the stages; fields are filled in stage order."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    # per sentence index, (surface, side) of the mentions resolved to a belligerent's country
    place_sides: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    quote_spans: list[QuoteSpan] = field(default_factory=list)
    attributions: list[tuple[Attribution, Speaker]] = field(default_factory=list)  # article order
    dates: list[SentenceDate] = field(default_factory=list)  # one per sentence
    quotes: list[Quote] = field(default_factory=list)
    span_quotes: list[Quote | None] = field(default_factory=list)  # per quote span: its quote, if any
    claims: list[Claim] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # names of the stages that ran, in order

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def places_by_id(self) -> dict[str, Place]:
        return {p.place_id: p for p in self.places}

    @property
    def verifications(self) -> tuple[Verification, ...]:
        return tuple(c.verification for c in self.claims)

    def has(self, stage: str) -> bool:
        return stage in self.done

    def extraction(self) -> ArticleExtraction:
        return ArticleExtraction(
            self.article, tuple(self.mentions), tuple(self.places), tuple(self.quotes), tuple(self.claims)
        )
