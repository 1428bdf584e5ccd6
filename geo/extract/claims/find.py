"""Territorial claims: who says which side took, holds or advanced how far, where and when.

Four kinds, found by grammar-level patterns in each sentence:

- ``area_gain``: an area ("over 700 square kilometers", "3,000 sq miles", "1.000 km²", "500 hectares")
  in a clause about gaining, retaking or losing ground; normalised to km².
- ``advance_distance``: a distance with a movement cue ("moving about 45 to 50 kilometers into …",
  "advanced 20 km", "30 miles deep"); normalised to km.
- ``distance``: a distance to the front ("a city that just days ago was 70 kilometers from the front lines").
- ``settlement_control``: capture verbs ("liberated", "recaptured", "took back", "raised a flag over"),
  control phrases ("under our control", "in Russian hands", "still held"), failed attacks ("attempts to
  storm the city had failed", "repelled an assault on" → the defender holds), withdrawals ("withdrew from",
  "regroup the troops stationed in the X and Y areas", "troops in the X area were being moved" → the other
  side holds), approach phrases ("troops on the outskirts of", "… and are fighting on the outskirts of",
  "closing in on"), participles in an appositive ("X, the first town retaken in the offensive") and
  footage of a side's soldiers in a place ("photos showed Ukrainian soldiers standing outside … in X").
  Places are the settlements the trigger governs, with their list ("X and Y in the Z region and the rail
  town of W", "20 settlements, including X and Y"); something "near"/"north of" a town is not the town.

Approach phrases ("troops on the outskirts of X", "closing in on X", "advanced to within 15 km of X") are
their own kind, ``approach`` (holder = the advancing side), never a control claim. ``settlement_count``:
numbers of settlements taken ("retook more than 20 settlements"). Figure claims carry ``period_start``/
``period_end`` from their clause (``periods``); Ukrainian and Russian sentences go to ``cyrillic``.

Values: "over/more than/at least" give only ``value_min``; "nearly/up to/less than" only ``value_max``;
"about N" and exact figures give both; ranges give both ends.

Holder: the acting side named in the clause ("Ukrainian forces", "Russia's troops", "Kyiv"), the side
the phrase names ("under Russian control", "beyond the Russian line", "from the nearest Russian positions"
→ the other side), "our" → the speaker's side; else the claimant's side when it is a combatant; else the
acting side of the previous sentence; else, for verbs of taking back ("retaken", "liberated"), the side of
a combatant source, else the country the places lie in; else "unknown".

Date: the date phrase of the claim's own clause, ended before the sentence's next claim ("8,000 sq km, up
from the 6,000 sq km reported on September 12" dates only the second); else the statement's date; else the
sentence's inherited date (only through linked sentences); else the publication date.

Claimant: the speaker of the quotation the claim sits in; else the speaker of the sentence's attribution
("X said that …", "according to X") unless the claim lies in the writer's description of a place (", a city
that …"); else footage named in the sentence ("videos on social media") is the evidence (``footage``) and
the claimant is its publisher when the text names one ("posted by …", "X posted pictures of …"), else
``unknown``; else the article's source. The same claim stated again is one claim with ``evidence_spans``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from geo.extract.claims.context import ClaimDraft, _Context, _quote_at
from geo.extract.claims.cyrillic import named_side, period_of, sentence_language
from geo.extract.claims.measures import _CONTRAST_GAP, _sentence_claims
from geo.extract.claims.patterns import _FOOTAGE_RE, _SCOPE_BREAK
from geo.extract.claims.periods import claim_period, unit_period
from geo.extract.claims.scope import _FOOTAGE_WORDS
from geo.extract.doc import Doc
from geo.extract.sides import (
    UNKNOWN,
    country_sides,
    fold,
    infer_side,
)
from geo.extract.speech.dates import find_date_expressions, resolve_expression, statement_date
from geo.extract.speech.phrases import Speaker
from geo.records import Article, Claim, ClaimKind, Mention, Place, Quote
from geo.text.sentences import Sentence


def find_claims(
    article: Article,
    sentences: list[Sentence],
    mentions: list[Mention],
    quotes: list[Quote],
    place_kinds: Mapping[str, str] | None = None,
    *,
    places: Mapping[str, Place] | None = None,
) -> list[Claim]:
    """Territorial claims of the article, in text order, with claim ids ``<article_id>:c<n>``.

    ``quotes`` are the article's quotes (``find_quotes``); ``places`` (the resolved places of ``mentions``)
    gives claimants whose role names a belligerent's place a side; ``place_kinds`` defaults to their kinds.
    The pipeline calls ``claims_of`` on its ``Doc`` instead, which already holds all of these."""
    from geo.extract.speech.quotes import quotes_of
    from geo.extract.stages import SPEECH, run

    doc = run(Doc(article, list(sentences), list(mentions), list((places or {}).values())), SPEECH)
    given = {q.quote_id: q for q in quotes}
    doc.quotes = list(quotes)
    doc.span_quotes = [given.get(q.quote_id) if q else None for q in quotes_of(doc)[1]]
    return claims_of(doc, place_kinds)


def claims_of(doc: Doc, place_kinds: Mapping[str, str] | None = None) -> list[Claim]:
    """The claims of a ``Doc`` whose quotes stage ran (quotes, attributions and dates are read from it)."""
    article, sentences = doc.article, doc.sentences
    places = doc.places_by_id
    if place_kinds is None:
        place_kinds = {pid: p.kind for pid, p in places.items()}
    ctx = _context(doc, place_kinds)
    ctx.place_sides = country_sides(places.values())
    ctx.cyrillic = _CYRILLIC.search(article.text) is not None  # one scan per article
    ctx.source_side = _side_of(ctx, article.source) if article.source else UNKNOWN
    drafts: list[ClaimDraft] = []
    for s in sentences:
        drafts.extend(_sentence_claims(ctx, s))
    rows: dict[tuple, dict] = {}
    anchors: dict[int, list[int]] = {}
    for d in drafts:
        anchors.setdefault(d.sentence, []).append(d.at)
    for d in sorted(drafts, key=lambda d: d.at):
        d.neighbours = tuple(anchors[d.sentence])
        s = sentences[d.sentence]
        claimant, affiliation, quote_id, date, footage = _claimant(ctx, d)
        # the same claim restated (same kind, places, holder, figures, claimant and date): one claim with
        # the evidence of every sentence that states it
        key = (d.kind, d.place_ids, d.holder, d.value_min, d.value_max, claimant, affiliation, date)
        if key in rows:
            spans = rows[key]["evidence_spans"]
            if (s.start, s.end) not in spans:
                spans.append((s.start, s.end))
            rows[key]["quote_id"] = rows[key]["quote_id"] or quote_id
            continue
        rows[key] = dict(
            article_id=article.article_id,
            claimant=claimant,
            affiliation=affiliation,
            date=date,
            kind=d.kind,
            value_min=d.value_min,
            value_max=d.value_max,
            unit=d.unit,
            place_ids=d.place_ids,
            holder=d.holder if d.holder != "footage" else UNKNOWN,
            evidence=article.text[s.start : s.end],
            quote_id=quote_id,
            start=s.start,
            end=s.end,
            evidence_spans=[(s.start, s.end)],
            footage=footage,
            **_period(ctx, d, date),
        )
    claims: list[Claim] = []
    for n, row in enumerate(rows.values(), 1):
        row["evidence_spans"] = tuple(row["evidence_spans"])
        claims.append(Claim(claim_id=f"{article.article_id}:c{n}", **row))
    return claims


def _context(doc: Doc, place_kinds: Mapping[str, str] | None) -> _Context:
    article = doc.article
    text = article.text
    pairs = zip(doc.quote_spans, doc.span_quotes, strict=True)
    quote_spans = [(q.inner_start, q.inner_end, quote) for q, quote in pairs]
    attributions = [(a.sentence, a.verb_start, a.verb_end, sp) for a, sp in doc.attributions]
    by_sentence: dict[int, list[tuple[int, int, int, Speaker]]] = {}
    for a in attributions:
        by_sentence.setdefault(a[0], []).append(a)
    literal = sorted(
        (
            m
            for m in doc.mentions
            if m.place_id
            and not m.metonymic
            and m.article_id in ("", article.article_id)
            and not text.startswith("-based", m.end)  # "a Washington-based think tank": not a place of it
        ),
        key=lambda m: m.start,
    )
    return _Context(
        article,
        doc.sentences,
        literal,
        doc.quotes,
        quote_spans,
        attributions,
        place_kinds,
        doc.dates,
        mention_starts=[m.start for m in literal],
        quote_starts=[start for start, _, _ in quote_spans],
        atts_by_sentence=by_sentence,
    )


def _clause_span(ctx: _Context, index: int, at: int, neighbours: Sequence[int] = ()) -> tuple[int, int]:
    """The claim's own clause around ``at``, ended before the next claim of the sentence (anchors in
    ``neighbours``): "X have liberated 8,000 sq km, up from the 6,000 sq km reported on September 12"
    dates only the second figure, while "On Monday, troops entered X and were fighting near Y" dates both."""
    s = ctx.sentences[index]
    text = ctx.article.text
    start = s.start
    for m in _SCOPE_BREAK.finditer(text, s.start, at):
        start = m.end()
    m = _SCOPE_BREAK.search(text, at, s.end)
    end = m.start() if m else s.end
    end = min([end] + [n for n in neighbours if n > at])
    return start, end


_PERIOD_KINDS = frozenset({ClaimKind.AREA_GAIN, ClaimKind.ADVANCE_DISTANCE, ClaimKind.SETTLEMENT_COUNT})


def _period(ctx: _Context, d: ClaimDraft, date: str | None) -> dict[str, str | None]:
    """``period_start``/``period_end`` of a figure claim from its own clause (see ``periods``)."""
    if d.kind not in _PERIOD_KINDS:
        return {"period_start": None, "period_end": None}
    start, end = _clause_span(ctx, d.sentence, d.at, d.neighbours)
    clause = ctx.article.text[start:end]
    code = sentence_language(clause) if ctx.cyrillic else None
    first, last = unit_period(period_of(code, clause), date) if code else claim_period(clause, date)
    return {"period_start": first, "period_end": last}


def _clause_has_date(ctx: _Context, index: int, at: int, neighbours: Sequence[int] = ()) -> bool:
    start, end = _clause_span(ctx, index, at, neighbours)
    return bool(find_date_expressions(ctx.article.text[start:end]))


def _claim_date(ctx: _Context, index: int, at: int, neighbours: Sequence[int] = ()) -> str | None:
    """The date phrase of the claim's own clause (nearest the trigger); else the sentence's inherited
    date when it has no date of its own; else the publication date."""
    start, end = _clause_span(ctx, index, at, neighbours)
    exprs = find_date_expressions(ctx.article.text[start:end])
    previous = ctx.dates[index - 1].date if index > 0 else ctx.article.published
    if exprs:
        expr = min(exprs, key=lambda e: abs(start + e.start - at))
        return resolve_expression(expr, ctx.article.published, previous)
    own = ctx.dates[index]
    return own.date if own.source != "explicit" else ctx.article.published


def _claimant(ctx: _Context, d: ClaimDraft) -> tuple[str, str, str | None, str | None, str]:
    """(claimant, affiliation, quote_id, date, footage) for a draft claim (see the module docstring)."""
    article, sentences = ctx.article, ctx.sentences
    at, index = d.at, d.sentence
    _, quote = _quote_at(ctx, at)
    if quote is not None:
        return quote.speaker, quote.affiliation, quote.quote_id, quote.date, ""
    neighbours = d.neighbours
    date = _claim_date(ctx, index, at, neighbours)
    sent_text = article.text[sentences[index].start : sentences[index].end]
    start = sentences[index].start
    low = fold(sent_text)
    footage = [
        (start + f.start(), f.group().strip())
        for f in (_FOOTAGE_RE.finditer(sent_text) if any(n in low for n in _FOOTAGE_WORDS) else ())
        if re.search(r"video|photo|footage|image|picture|clip", f.group(), re.I)
    ]
    own = ctx.atts_by_sentence.get(index, [])
    verbs = [(vs, ve) for _, vs, ve, _ in own]
    footage = [(pos, ph) for pos, ph in footage if not any(vs <= pos < ve for vs, ve in verbs)]
    atts = [(vs, sp) for _, vs, _, sp in own if sp.kind != "unknown"]
    atts = [(vs, sp) for vs, sp in atts if not _FOOTAGE_RE.fullmatch(sp.name.strip())]
    sources: list[tuple[int, str, str, str]] = [(vs, sp.name, sp.side, "") for vs, sp in atts]
    for pos, phrase in footage:
        # footage is evidence, not a claimant: its publisher when the text names one ("a video posted by
        # the defence ministry"), else unknown
        # (the footage phrase may end with its verb: "a video posted | by …"; "geolocated by" is no publisher)
        by = _PUBLISHED_BY.match(article.text, pos + len(phrase.rsplit(None, 1)[0]))
        who = by.group("by").strip() if by else ""
        if not who and (pub := _PUBLISHER_BEFORE.search(article.text[start:pos])):
            who = pub.group("who").strip()  # "Ukrainian soldiers posted pictures of …"
        sources.append((pos, who or UNKNOWN, infer_side(organisation=who) if who else UNKNOWN, phrase))
    # a source after the claim speaks for it unless a contrasting clause lies between ("troops raised their
    # flag over X, while the ministry announced …": the ministry did not say so)
    sources = [x for x in sources if x[0] <= at or not _CONTRAST_GAP.search(article.text, at, x[0])]
    if sources:
        before = [x for x in sources if x[0] <= at]
        pos, name, side, shown = max(before) if before else min(sources)
        verb_end = next((ve for _, vs, ve, _ in own if vs == pos), None)
        if verb_end is not None and verb_end <= at and _BACKGROUND.search(article.text, verb_end, at):
            # "X said the troops were near Y, a city that days ago was 70 km from the front": the writer's
            # own description of Y, not what X said
            source = article.source or "reporter"
            return source, _side_of(ctx, source), None, date, ""
        if not _clause_has_date(ctx, index, at, neighbours):
            stated = statement_date(article, sentences, index, verb_end, ctx.dates) if verb_end else None
            date = stated or date
        return name, side, None, date, shown
    source = article.source or "reporter"
    return source, _side_of(ctx, source), None, date, ""


def _side_of(ctx: _Context, organisation: str) -> str:
    side = infer_side(organisation=organisation)
    return named_side(organisation) if side == UNKNOWN and ctx.cyrillic else side


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# footage's publisher, right after the footage phrase: "a video posted by the Ukrainian defence ministry"
_PUBLISHED_BY = re.compile(
    r"\s+(?:(?:was|were|has been|have been)\s+)?(?:posted|released|published|shared|distributed|issued)\s+"
    r"by\s+"
    r"(?P<by>(?:[\w’'-]+\s+){0,5}?[\w’'-]+)(?=\s+(?:show|shows|showed|showing|on|in|that|depict\w*)\b|[,.;:]|$)",
    re.IGNORECASE,
)
# footage's publisher as the subject before it: "Ukrainian soldiers posted pictures of …"
_PUBLISHER_BEFORE = re.compile(
    r"(?:^|(?<=,\s))(?P<who>(?:[\w’'-]+\s+){0,8}?[\w’'-]+)\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:released|posted|published|shared|distributed|issued|circulated|uploaded)\s+$",
    re.IGNORECASE,
)
# a non-restrictive description of a place inside reported speech (", a city that …", ", which …"):
# the writer's background, not the speaker's words
_BACKGROUND = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:city|town|village|settlement|hub|port|region|area|"
    r"district)\s+(?:that|which|where)\b[^;:—–]*",
    re.IGNORECASE,
)
