"""The place stage: article → place mentions (recognise, resolve, flag metonymy) → distinct places.

Pure and deterministic: the same article and gazetteer always give the same mentions.
"""

from __future__ import annotations

from bisect import bisect_right

from geo.cyrillic.hook import cyrillic_candidates, with_english_names
from geo.districts import inside_cities
from geo.gazetteer.index import Gazetteer
from geo.metonymy import is_metonymic
from geo.proximity import enforce, pinned
from geo.recognize import recognise
from geo.records import Article, CandidateRef, Mention, Place
from geo.resolve import resolve
from geo.text.sentences import Sentence, split_sentences


def _ref(gazetteer: Gazetteer, row: int, score: float) -> CandidateRef:
    r = gazetteer.ref(row)
    return CandidateRef(place_id=r.place_id, name=r.name, country_code=r.country_code, lat=r.lat, lon=r.lon,
                        score=score)


def find_places(
    article: Article, gazetteer: Gazetteer, sentences: list[Sentence] | None = None, *,
    theatre: tuple[str, ...] = (), demonyms: bool = False,
) -> list[Mention]:
    """Every place mention of ``article``, resolved (place_id None when no entry fits), in text order.

    ``theatre``: ISO codes of the conflict's countries (evidence for resolution, see ``geo.resolve``).
    ``demonyms``: also return country and continent adjectives ("Russian", "European") as mentions of
    that country, for annotation schemes that count them as toponyms (GeoWebNews); off in the product.
    """
    text = article.text
    if sentences is None:
        sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    # hook (helper cyrillic): in Ukrainian/Russian text the Cyrillic spans come from geo.cyrillic (inflected
    # names, region adjectives) and only Latin-script ones from recognise; raion/hromada spans only place
    # their neighbours and are not mentions. Other text: recognise alone, as before.
    candidates, context_only = cyrillic_candidates(text, gazetteer, recognise)
    if demonyms:
        from geo.demonyms import demonym_candidates

        context_spans = {(candidates[i].start, candidates[i].end) for i in context_only}
        candidates = demonym_candidates(text, candidates, gazetteer)
        context_only = {i for i, c in enumerate(candidates) if (c.start, c.end) in context_spans}
    resolutions = enforce(pinned(text, candidates), resolve(candidates, gazetteer, theatre), gazetteer)
    resolutions = inside_cities(text, candidates, resolutions, gazetteer)
    mentions: list[Mention] = []
    runner_ups: dict[int, tuple[CandidateRef, ...]] = {}  # identical names share one Resolution object
    for i, (cand, res) in enumerate(zip(candidates, resolutions, strict=True)):
        if i in context_only:
            continue
        place_id = None
        metonymic = False
        if res.row is not None:
            ref = gazetteer.ref(res.row)
            place_id = ref.place_id
            if ref.kind == "country" or ref.capital:
                metonymic = is_metonymic(text, cand.start, cand.end)
        runners = runner_ups.get(id(res))
        if runners is None:
            runners = tuple(_ref(gazetteer, r, s) for r, s in res.ranked if r != res.row)
            runner_ups[id(res)] = runners
        mentions.append(
            Mention(
                article_id=article.article_id,
                start=cand.start,
                end=cand.end,
                surface=text[cand.start : cand.end],
                place_id=place_id,
                metonymic=metonymic,
                confidence=res.confidence if place_id else 0.0,
                candidates=runners,
                sentence=max(bisect_right(starts, cand.start) - 1, 0) if starts else -1,
            )
        )
    return with_english_names(mentions, gazetteer)  # hook (helper cyrillic): name_en of Cyrillic mentions


def places_for(mentions: list[Mention], gazetteer: Gazetteer) -> list[Place]:
    """Distinct places of ``mentions`` (first-mention order), confidence = max over their mentions."""
    best: dict[str, float] = {}
    for m in mentions:
        if m.place_id is not None:
            best[m.place_id] = max(best.get(m.place_id, 0.0), m.confidence)
    places = []
    for place_id, conf in best.items():
        row = gazetteer.row_of(place_id)
        if row is not None:
            places.append(gazetteer.place(row, confidence=conf))
    return places
