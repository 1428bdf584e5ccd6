"""The extraction stages: each a small object with one job, ``stage(doc) -> doc``.

Order: sentences → places (→ online fallback) → place sides → quote spans → attributions → sentence
dates → quotes → claims. A stage reads only what earlier stages wrote on the ``Doc``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from geo.extract.doc import Doc


class Stage(Protocol):
    """One step of the extraction."""

    name: str

    def __call__(self, doc: Doc) -> Doc: ...


class Sentences:
    name = "sentences"

    def __call__(self, doc: Doc) -> Doc:
        from geo.text.sentences import split_sentences

        doc.sentences = split_sentences(doc.article.text)
        return doc


class Places:
    """Mentions and their places, through the place modules (recognition, resolution, metonymy)."""

    name = "places"

    def __init__(self, gazetteer: Any) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        from geo.extract.sides import active_profile
        from geo.places import find_places, places_for

        # the article's conflict profile's theatre countries are evidence for resolution
        theatre = active_profile().theatre
        doc.mentions = find_places(doc.article, self.gazetteer, doc.sentences, theatre=theatre)
        doc.places = places_for(doc.mentions, self.gazetteer)
        return doc


class OnlineFallback:
    """Names the gazetteer could not resolve, asked of an online geocoder (opt-in)."""

    name = "online"

    def __init__(self, online: Any) -> None:
        self.online = online

    def __call__(self, doc: Doc) -> Doc:
        if not any(m.place_id is None for m in doc.mentions):
            return doc
        from geo.geocoders import resolve_unresolved

        mentions, found = resolve_unresolved(doc.mentions, self.online, places=doc.places)
        known = {p.place_id for p in doc.places}
        doc.mentions = list(mentions)
        doc.places = list(doc.places) + [p for p in found if p.place_id not in known]
        return doc


class PlaceSides:
    """Per sentence, the belligerent each resolved place's country belongs to (for roles like "the
    governor of the X region")."""

    name = "place_sides"

    def __call__(self, doc: Doc) -> Doc:
        from geo.extract.speech.speakers import place_sides

        doc.place_sides = place_sides(doc.sentences, doc.mentions, doc.places_by_id)
        return doc


class QuoteSpans:
    name = "quote_spans"

    def __call__(self, doc: Doc) -> Doc:
        from geo.extract.speech.spans import find_quote_spans

        doc.quote_spans = find_quote_spans(doc.article.text)
        return doc


class Attributions:
    """Speech verbs with their speaker phrases, resolved to speakers in article order."""

    name = "attributions"

    def __call__(self, doc: Doc) -> Doc:
        from geo.extract.speech.speakers import attribute

        spans = [(q.start, q.end) for q in doc.quote_spans]
        doc.attributions = attribute(doc.article.text, doc.sentences, spans, doc.place_sides)
        return doc


class SentenceDates:
    name = "dates"

    def __call__(self, doc: Doc) -> Doc:
        from geo.extract.speech.dates import sentence_dates

        doc.dates = sentence_dates(doc.article, doc.sentences)
        return doc


class Quotes:
    name = "quotes"

    def __call__(self, doc: Doc) -> Doc:
        from geo.extract.speech.quotes import quotes_of

        doc.quotes, doc.span_quotes = quotes_of(doc)
        return doc


class Claims:
    name = "claims"

    def __call__(self, doc: Doc) -> Doc:
        from geo.extract.claims.find import claims_of

        doc.claims = claims_of(doc)
        return doc


SPEECH: tuple[Stage, ...] = (PlaceSides(), QuoteSpans(), Attributions(), SentenceDates())


def run(doc: Doc, stages: Iterable[Stage]) -> Doc:
    """Run ``stages`` in order on ``doc``, recording each in ``doc.done``."""
    for stage in stages:
        doc = stage(doc)
        doc.done.append(stage.name)
    return doc


def ensure(doc: Doc, stages: Sequence[Stage]) -> Doc:
    """Run those of ``stages`` that have not run on ``doc`` yet (for callers that start mid-pipeline)."""
    return run(doc, [s for s in stages if not doc.has(s.name)])


def default_stages(gazetteer: Any, online: Any = None) -> list[Stage]:
    """The full extraction, in order."""
    stages: list[Stage] = [Sentences(), Places(gazetteer)]
    if online is not None:
        stages.append(OnlineFallback(online))
    return [*stages, *SPEECH, Quotes(), Claims()]
