"""Direct quotations with their speakers, sides, dates and places.

Finds curly (“…”), straight ("…") and guillemet («…») quotations; joins a quotation that its
attribution splits in two ("“…,” Novak said. “…”"); attributes each to a speaker through
``geo.extract.speech.speakers``; dates it through ``geo.extract.speech.dates``; links it to the places
named in it and its sentence.
Scare quotes and quoted names ("positive", the "military-civilian administration") are not speaker
quotes: a quotation of three words or fewer counts only when an attribution shares its sentence, it ends
its clause and no determiner or naming word ("the", "so-called", "dubbed") stands before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from geo.extract.doc import Doc
from geo.extract.sides import UNKNOWN, infer_side
from geo.extract.speech.cyrillic import language_of
from geo.extract.speech.dates import SentenceDate, statement_date
from geo.extract.speech.phrases import UNKNOWN_SPEAKER, Attribution, Speaker
from geo.extract.speech.spans import QuoteSpan
from geo.lang import vocabulary
from geo.records import Article, Mention, Place, Quote
from geo.text.sentences import Sentence

_WORD = re.compile(r"[\w’']+")
_NAMING_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|so-called|called|dubbed|named|titled|known as|its|his|her|their|our|this|that|"
    r"what|of)\s*)$",
    re.IGNORECASE,
)


def _clean_quote_text(text: str) -> str:
    return " ".join(text.split()).strip().rstrip(",;:").strip()


@dataclass
class _Draft:
    span: QuoteSpan
    sentences: tuple[int, ...]
    attribution: Attribution | None = None
    speaker: Speaker = UNKNOWN_SPEAKER
    text: str = ""
    extra_sentences: tuple[int, ...] = ()
    joined_to: int = -1  # index of the draft this one continues
    date: str | None = None


def is_speaker_quote(
    text: str,
    span: QuoteSpan,
    sentence: Sentence,
    has_attribution: bool,
    *,
    reported: bool = False,
    characterised: bool = False,
    echo: bool = False,
) -> bool:
    """False for scare quotes and quoted names; see the module docstring for the rule.

    ``reported``: an attribution verb stands before the quotation in its sentence ("X said that … had
    “collapsed” in …"); ``characterised``: that verb characterises ("called the retreat a “rout”"), so a
    determiner before the fragment is part of the speaker's phrase; ``echo``: the fragment repeats words
    of a longer quotation of its paragraph (the long one is the quote)."""
    inner = text[span.inner_start : span.inner_end]
    words = _WORD.findall(inner)
    if not words:
        return False
    before = text[sentence.start : span.start]
    if len(words) >= 4:
        title_case = all(
            w[0].isupper() or w.lower() in ("of", "for", "the", "and", "in", "on") for w in words
        )
        return not (title_case and _NAMING_BEFORE.search(before))
    if not has_attribution or echo or _NAMING_WORD_BEFORE.search(before):
        return False
    named = all(w[0].isupper() for w in words)  # "the “Storm” unit": a name
    if _NAMING_BEFORE.search(before) and (named or not characterised):
        return False
    after = text[span.end : sentence.end]
    if inner.rstrip()[-1:] in ".,!?;" or not after.strip() or after.lstrip()[:1] in ",.;:!?)—–":
        return True
    follower = _FIRST_WORD.match(after)
    return reported and not named and follower is not None and follower.group(1) in _PHRASE_FOLLOWERS


_NAMING_WORD_BEFORE = re.compile(
    r"(?:\b(?:so-called|called|dubbed|named|titled|known as|nicknamed|codenamed)\s*)$", re.IGNORECASE
)
_FIRST_WORD = re.compile(r"\s+([a-z]+)\b")
_PHRASE_FOLLOWERS = vocabulary("en").words("speech", "phrase_followers")
_CHARACTERISING = vocabulary("en").words("speech", "characterising_verbs")


def _is_echo(text: str, span: QuoteSpan, spans: Sequence[QuoteSpan]) -> bool:
    """True when a short fragment's words occur in a longer quotation of the same paragraph."""
    inner = text[span.inner_start : span.inner_end].strip(" .,;:!?").lower()
    if not inner:
        return False
    para_start = text.rfind("\n", 0, span.start) + 1
    para_end = text.find("\n", span.end)
    para_end = len(text) if para_end < 0 else para_end
    for other in spans:
        if other is span or other.end <= para_start or other.start >= para_end:
            continue
        if other.words(text) >= 4 and inner in text[other.inner_start : other.inner_end].lower():
            return True
    return False


def find_quotes(
    article: Article,
    sentences: list[Sentence],
    mentions: list[Mention],
    *,
    places: Mapping[str, Place] | None = None,
) -> list[Quote]:
    """Speaker quotations of the article, in order, with quote ids ``<article_id>:q<n>``.

    ``places`` (the resolved places of ``mentions``) lets a speaker whose role names a belligerent's place
    ("the governor of the Romny region") get that side. The pipeline calls ``quotes_of`` on its ``Doc``."""
    from geo.extract.doc import Doc
    from geo.extract.stages import SPEECH, run

    doc = Doc(article, list(sentences), list(mentions), list((places or {}).values()))
    return quotes_of(run(doc, SPEECH))[0]


def quotes_of(doc: Doc) -> tuple[list[Quote], list[Quote | None]]:
    """The quotes of a ``Doc`` whose speech stages ran, and for every quote span the quote it is part of."""
    article, sentences, mentions = doc.article, doc.sentences, doc.mentions
    text = article.text
    spans = doc.quote_spans
    pairs = doc.attributions
    attributions = [att for att, _ in pairs]
    resolved: dict[int, Speaker] = {k: sp for k, (_, sp) in enumerate(pairs)}
    dates = doc.dates
    by_sentence: dict[int, list[int]] = {}
    for k, att in enumerate(attributions):
        by_sentence.setdefault(att.sentence, []).append(k)

    starts = [s.start for s in sentences]
    drafts: list[_Draft] = []
    last_draft_of: dict[int, int] = {}  # sentence index → latest draft ending in it
    draft_of_span: dict[int, int] = {}  # span index → its draft
    for n, span in enumerate(spans):
        first = _sentence_at(starts, span.inner_start)
        last = _sentence_at(starts, max(span.inner_end - 1, span.inner_start))
        sent_ids = tuple(range(first, last + 1))
        candidates = [k for i in sent_ids for k in by_sentence.get(i, [])]
        earlier = [k for k in candidates if attributions[k].verb_end <= span.start]
        short = span.words(text) < 4
        if not is_speaker_quote(
            text,
            span,
            sentences[first],
            bool(candidates),
            reported=bool(earlier),
            characterised=bool(earlier) and attributions[earlier[-1]].verb.lower() in _CHARACTERISING,
            echo=short and bool(candidates) and _is_echo(text, span, spans),
        ):
            continue
        drafts.append(_Draft(span, sent_ids, text=_clean_quote_text(text[span.inner_start : span.inner_end])))
        draft_of_span[n] = len(drafts) - 1
        draft = drafts[-1]
        if candidates:
            k = min(candidates, key=lambda c: _distance(attributions[c], span, text))
            draft.attribution, draft.speaker = attributions[k], resolved[k]
        else:
            _attribute_from_neighbours(
                draft, drafts, last_draft_of, text, sentences, attributions, resolved, by_sentence
            )
        last_draft_of[sent_ids[-1]] = len(drafts) - 1

    _date_drafts(drafts, article, sentences, attributions, resolved, dates)
    quotes, group_of = _merge(drafts, text, sentences, mentions, article)
    quotes = _fill_unknown_sides(quotes)
    span_quotes = [
        quotes[group_of[draft_of_span[n]]] if n in draft_of_span else None for n in range(len(spans))
    ]
    return quotes, span_quotes


def _sentence_at(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence holding ``offset`` (``geo.text.sentences.sentence_index``, starts given)."""
    return max(bisect_right(starts, offset) - 1, 0) if starts else -1


_CLAUSE_GAP = re.compile(r"[;:]|,\s+(?:while|but|whereas|although)\b|\.\s")


def _distance(att: Attribution, span: QuoteSpan, text: str) -> int:
    """Characters between a quotation and an attribution verb; another clause in between costs extra
    ("X said the Ukrainians were making “real progress”, while Kyiv urged …" → X)."""
    if att.verb_start >= span.end:
        gap = text[span.end : att.verb_start]
        return len(gap) + (1000 if _CLAUSE_GAP.search(gap) else 0)
    if att.verb_end <= span.start:
        gap = text[att.verb_end : span.start]
        return len(gap) + (1000 if _CLAUSE_GAP.search(gap) else 0)
    return 0


def _is_bare_quote(text: str, sentence: Sentence, span: QuoteSpan) -> bool:
    return not text[sentence.start : span.start].strip() and not text[span.end : sentence.end].strip(" .")


def _attribute_from_neighbours(
    draft: _Draft,
    drafts: list[_Draft],
    last_draft_of: dict[int, int],
    text: str,
    sentences: Sequence[Sentence],
    attributions: Sequence[Attribution],
    resolved: dict[int, Speaker],
    by_sentence: dict[int, list[int]],
) -> None:
    """A quotation without an attribution in its own sentence: the next sentence's leading attribution
    ("“…?” X said on Friday."), the previous quotation it continues, or the previous sentence's speaker."""
    first, last = draft.sentences[0], draft.sentences[-1]
    bare = _is_bare_quote(text, sentences[first], draft.span)
    prev_index = last_draft_of.get(first - 1, -1)
    inner = text[draft.span.inner_start : draft.span.inner_end].rstrip()
    nxt = last + 1
    if inner[-1:] in "?!" and nxt < len(sentences) and not text[draft.span.end : sentences[last].end].strip():
        s = sentences[nxt]
        following = text[s.start : s.end]
        ks = [
            k
            for k in by_sentence.get(nxt, [])
            if attributions[k].kind in ("person", "organisation", "description", "pronoun")
        ]
        if (
            ks
            and "“" not in following
            and '"' not in following
            and following.startswith(attributions[ks[0]].surface)
        ):
            draft.attribution, draft.speaker = attributions[ks[0]], resolved[ks[0]]
            draft.extra_sentences = (nxt,)
            return
    if first == 0:
        return
    if not bare:
        # "X reported that … . …, with Ukraine taking so many prisoners that they had “…”": the quotation
        # continues the report of the sentence before, in the same paragraph
        prev = sentences[first - 1]
        ks = [k for k in by_sentence.get(first - 1, []) if attributions[k].kind in ("person", "organisation")]
        if ks and "\n" not in text[prev.end : sentences[first].start]:
            draft.attribution, draft.speaker = attributions[ks[-1]], resolved[ks[-1]]
        return
    if prev_index >= 0 and drafts[prev_index].speaker is not UNKNOWN_SPEAKER:
        prev = drafts[prev_index]
        draft.speaker, draft.attribution = prev.speaker, prev.attribution
        draft.joined_to = prev_index
        return
    ks = by_sentence.get(first - 1, [])
    if ks:
        draft.attribution, draft.speaker = attributions[ks[-1]], resolved[ks[-1]]


def _date_drafts(
    drafts: list[_Draft],
    article: Article,
    sentences: Sequence[Sentence],
    attributions: Sequence[Attribution],
    resolved: dict[int, Speaker],
    dates: Sequence[SentenceDate],
) -> None:
    """A quotation's date: the date phrase of its attribution ("said on Thursday"); else that of the same
    speaker's attribution just before (within three sentences); else its sentence's date."""
    index_of: dict[int, int] = {}
    for k, a in enumerate(attributions):
        index_of.setdefault(id(a), k)
    stated: dict[int, str | None] = {}  # attribution index → date phrase after its verb (memo)

    def said_on(k: int) -> str | None:
        if k not in stated:
            a = attributions[k]
            stated[k] = statement_date(article, sentences, a.sentence, a.verb_end, dates)
        return stated[k]

    for d in drafts:
        att = d.attribution
        if att is None:
            d.date = dates[d.sentences[0]].date
            continue
        k = index_of[id(att)]
        date = said_on(k)
        if date is None and d.speaker is not UNKNOWN_SPEAKER:
            for j in range(k - 1, -1, -1):
                a = attributions[j]
                if att.sentence - a.sentence > 3:
                    break
                if resolved[j].name == d.speaker.name:
                    date = said_on(j)
                    if date:
                        break
        d.date = date or dates[att.sentence].date


def _places(
    mentions: Sequence[Mention],
    starts: Sequence[int],
    spans: Sequence[tuple[int, int]],
    excluded: Sequence[tuple[int, int]] = (),
) -> tuple[str, ...]:
    """Place ids of literal mentions inside ``spans`` but not ``excluded`` (the speaker's name and role:
    "US Defense Secretary" does not put a quote in the United States) (``mentions`` sorted by start,
    ``starts`` their starts), in text order, without repeats."""
    inside: set[int] = set()
    for a, b in spans:
        for i in range(bisect_left(starts, a), bisect_right(starts, b)):
            m = mentions[i]
            if m.end <= b and not any(x <= m.start and m.end <= y for x, y in excluded):
                inside.add(i)
    ids: list[str] = []
    for i in sorted(inside):
        m = mentions[i]
        if m.place_id and not m.metonymic and m.place_id not in ids:
            ids.append(m.place_id)
    return tuple(ids)


def _speaker_spans(
    text: str, sentences: Sequence[Sentence], attributions: Sequence[Attribution], speaker: Speaker
) -> list[tuple[int, int]]:
    """Where the speaker phrase and role of the attributions are written in their sentences."""
    out = []
    for att in attributions:
        s = sentences[att.sentence]
        for phrase in {att.surface, att.role, speaker.role, speaker.name}:
            if phrase and (i := text.find(phrase, s.start, s.end)) >= 0:
                out.append((i, i + len(phrase)))
    return out


def _merge(
    drafts: list[_Draft],
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    article: Article,
) -> tuple[list[Quote], dict[int, int]]:
    """Quotes from drafts (joined continuations as one), and for each draft index its quote's index."""
    groups: list[list[_Draft]] = []
    index_of: dict[int, int] = {}
    for i, d in enumerate(drafts):
        if d.joined_to >= 0 and d.joined_to in index_of:
            groups[index_of[d.joined_to]].append(d)
            index_of[i] = index_of[d.joined_to]
        else:
            index_of[i] = len(groups)
            groups.append([d])
    article_mentions = sorted(
        (m for m in mentions if m.article_id in ("", article.article_id)), key=lambda m: m.start
    )
    mention_starts = [m.start for m in article_mentions]
    quotes: list[Quote] = []
    # the detected language of the article (``Article.language``) breaks a tie between uk and ru letters
    article_language = article.language or language_of(text) if groups else "en"
    for n, group in enumerate(groups, 1):
        head = group[0]
        sent_ids = sorted({i for d in group for i in d.sentences})
        spans = [(sentences[i].start, sentences[i].end) for i in sent_ids]
        sp = head.speaker
        excluded = _speaker_spans(text, sentences, [d.attribution for d in group if d.attribution], sp)
        quotes.append(
            Quote(
                quote_id=f"{article.article_id}:q{n}",
                article_id=article.article_id,
                text=" ".join(d.text for d in group),
                speaker=sp.name,
                role=sp.role,
                affiliation=sp.side,
                date=head.date,
                place_ids=_places(article_mentions, mention_starts, spans, excluded),
                start=head.span.inner_start,
                end=head.span.inner_end,
                language=language_of(" ".join(d.text for d in group), article_language),
            )
        )
    return quotes, index_of


def _fill_unknown_sides(quotes: list[Quote]) -> list[Quote]:
    """A named speaker whose description gives no side: judge from the words of all their quotations."""
    by_speaker: dict[str, list[Quote]] = {}
    for q in quotes:
        by_speaker.setdefault(q.speaker, []).append(q)
    sides = {}
    for name, qs in by_speaker.items():
        if name == "unknown" or qs[0].affiliation != UNKNOWN:
            continue
        sides[name] = infer_side(context=" ".join(q.text for q in qs))
    return [replace(q, affiliation=sides[q.speaker]) if q.speaker in sides else q for q in quotes]
