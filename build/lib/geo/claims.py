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

Approach phrases are recorded as a claim that the attacker's side holds (has gained) the ground; the
verification against the control record then says whether it really held the place. This is what makes
"Ukrainian troops on the outskirts of X" and "attempts to storm X failed" show up as a conflict.

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
("X said that …", "according to X"); else footage named in the sentence ("videos on social media",
"photos posted on Telegram"), attributed to the side it shows (footage of a side's soldiers is, in
practice, published by that side); else the article's source.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from geo.dates import find_date_expressions, resolve_expression, sentence_dates, statement_date
from geo.quotes import find_quote_spans
from geo.records import Article, Claim, Mention, Place, Quote
from geo.sentences import Sentence, sentence_index
from geo.sides import COMBATANTS, RUSSIA, UKRAINE, UNKNOWN, fold, infer_side, literal_alternation, opposite
from geo.speakers import Speaker, attribute, place_sides

KM2_PER_SQ_MILE = 2.58999
KM_PER_MILE = 1.609344

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "several": 3,
}  # fmt: skip
_NUM = (
    r"(?:\d{1,3}(?:[,.]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted((w for w in _NUMBER_WORDS if w not in ("a", "several")), key=len, reverse=True))
    + r")(?:\s+(?:thousand|hundred))?"
)
_QUAL = (
    r"(?P<qual>as far as|as much as|as many as|no more than|not more than|no less than|not less than|"
    r"more than|well over|just over|over|at least|upwards of|"
    r"in excess of|nearly|almost|up to|"
    r"less than|just under|under|close to|about|around|roughly|some|approximately|an estimated|an?)"
)
_AREA_UNIT = (
    r"(?P<unit>square[\s-]+kilomet(?:er|re)s?|sq\.?[\s-]*km|km2|km²|square[\s-]+km|sq\.?\s*kilomet(?:er|re)s?"
    r"|square[\s-]+miles?|sq\.?[\s-]*mi(?:les?)?\b|mi²|hectares?)"
)
_DIST_UNIT = r"(?P<unit>kilomet(?:er|re)s?|km|miles?|mi)(?![\w²])"
_QUANTITY = r"(?:{q}\s+)?(?:between\s+)?(?P<a>{n})(?:\s*(?:-|–|—|to|and)\s*(?P<b>{n}))?[\s-]*{u}"
_AREA_RE = re.compile(_QUANTITY.format(q=_QUAL, n=_NUM, u=_AREA_UNIT), re.IGNORECASE)
_DIST_RE = re.compile(_QUANTITY.format(q=_QUAL, n=_NUM, u=_DIST_UNIT), re.IGNORECASE)

_GAIN_CUE = re.compile(
    r"\b(?:liberat|recaptur|retak|retook|regain|return|seiz|captur|took|taken|gain|freed|de-?occup|advanc|"
    r"push|clear|lost|los[ei]|territor|control|reclaim|won back|occupied)",
    re.IGNORECASE,
)
_LOSS_CUE = re.compile(r"\b(?:lost|los[ei]ng|ceded|surrendered|gave up|abandoned)\b", re.IGNORECASE)
_MOVE_CUE = re.compile(
    r"\b(?:mov(?:e|ed|ing)|advanc(?:e|ed|ing)|push(?:ed|ing)?|penetrat\w*|broke through|break through|drove|"
    r"driven|progress(?:ed)?|gain(?:ed)?|forward|deep|march(?:ed)?)\b",
    re.IGNORECASE,
)
_AFTER_MOVE = re.compile(
    r"^\s*(?:deep|into|beyond|behind|forward|further|toward|towards|past|through)\b", re.I
)
_TOWARD_ANAPHOR = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:beyond|past|toward|towards|from|of|around|outside)\s+(?:the|this|that)\s+"
    r"(?:city|town|village|settlement)\b",
    re.IGNORECASE,
)
_FRONT = re.compile(
    r"^\s*(?:away\s+)?from\s+(?:the\s+)?(?:front(?:[\s-]*lines?)?|frontline|line of contact|contact line)\b",
    re.I,
)
_FROM_POSITIONS = re.compile(
    r"^\s*(?:away\s+)?from\s+(?:the\s+)?(?:nearest\s+|closest\s+)?(?P<adj>russian|ukrainian|enemy)\s+"
    r"(?:positions|lines|troops|forces|guns|artillery)\b",
    re.IGNORECASE,
)
_HELD_CUE = (
    (re.compile(r"\b(?:russian|russia-)[\s-]*(?:held|occupied|controlled)\b|\boccupied\b", re.I), RUSSIA),
    (re.compile(r"\b(?:ukrainian|ukraine-)[\s-]*(?:held|controlled)\b", re.I), UKRAINE),
)

_SIDE_WORDS = (
    (r"ukrainian|ukraine[’']s|kyiv[’']s|kiev[’']s|pro-ukrainian", UKRAINE),
    (r"russian|russia[’']s|moscow[’']s|pro-russian|pro-kremlin|separatist|wagner|chechen|dpr|lpr", RUSSIA),
)
_FORCE_NOUNS = (
    r"forces|troops|soldiers|army|armed forces|units?|military|defenders|fighters|brigades?|marines|"
    r"paratroopers|servicemen|counteroffensive|counter-offensive|offensive|attacks?|attempts?|assaults?|advance|"
    r"tanks|artillery|infantry|battalions?|sabotage groups?|special forces|commandos|rangers|guards?|flags?|"
    r"thrust|breakthrough|push|drive|grouping|garrisons?"
)
_ACTOR_RE = re.compile(
    rf"\b(?P<adj>{'|'.join(p for p, _ in _SIDE_WORDS)})\s+(?:[\w-]+\s+){{0,3}}?(?:{_FORCE_NOUNS})\b",
    re.IGNORECASE,
)
_STATE_ACTOR_RE = re.compile(
    r"\b(?P<adj>Ukraine|Kyiv|Kiev|Russia|Moscow)\s+(?:has\s+|had\s+|have\s+|was\s+|were\s+|is\s+)?(?:\w+ly\s+)?"
    r"(?=liberat|recaptur|retook|retak|seiz|captur|took|regain|withdr|pull|advanc|push|repel|repuls|control|hold|held)"
)
_FORCES_THERE = re.compile(
    rf"\b(?P<adj>{'|'.join(p for p, _ in _SIDE_WORDS)})\s+(?:[\w-]+\s+){{0,2}}?(?:{_FORCE_NOUNS})\s+"
    r"(?:there|in\s+(?:the\s+)?(?:city|town|village|it))\b",
    re.IGNORECASE,
)
_OUR_RE = re.compile(
    rf"\b(?:our|my|his|its|allied)\s+(?:[\w-]+\s+){{0,2}}?(?:{_FORCE_NOUNS})\b", re.IGNORECASE
)
_ENEMY_RE = re.compile(r"\b(?:the\s+)?enemy\b", re.IGNORECASE)

_FOOTAGE_RE = re.compile(
    r"\b(?:(?:several|many|numerous|new|the|a|an|two|three|other|social media|online)\s+)?"
    r"(?:videos?|photos?|photographs?|footage|images?|pictures?|clips?)"
    r"(?:\s+(?:posted|shared|published|circulating|released|geolocated|verified))?"
    r"(?:\s+(?:on|to|by)\s+(?:social media|telegram|twitter|x|facebook|youtube|tiktok|vkontakte|online))?",
    re.IGNORECASE,
)

_CAPTURE_VERBS = (
    "liberated liberating recaptured recapturing retook retaking retaken took_back taking_back taken_back "
    "took_control_of taken_control_of taking_control_of took_over seized seizing captured capturing entered "
    "entering freed freeing regained regaining reclaimed won_back cleared"
).split()
_CAPTURE_VERBS = tuple(v.replace("_", " ") for v in _CAPTURE_VERBS)
_REDEPLOY_VERBS = (
    r"regroup(?:ed|ing)?|redeploy(?:ed|ing)?|withdraw(?:n|ing)?|withdrew|pull(?:ed|ing)?\s+(?:out|back)|"
    r"mov(?:e|ed|ing)|transfer(?:red|ring)?|relocat(?:e|ed|ing)"
)
_STATIONED = r"(?:stationed|deployed|based|located|positioned|fighting)\s+(?:in|at|near|around)"
# The subject before a passive move verb: "troops (stationed) in the X and Y areas | were being moved"
_MOVED_SUBJECT = re.compile(
    rf"\b(?:{_FORCE_NOUNS})\s+(?:{_STATIONED}|in|from)\s+(?:the\s+)?(?P<span>[^,;.:]{{1,60}}?)\s+"
    r"(?:(?:areas?|sectors?|directions?|districts?)\s+)?$",
    re.IGNORECASE,
)

# settlement_control triggers: (mode, pattern). Modes say where the place is and who holds it.
_GUARD = re.compile(
    r"\b(?:trying|tried|try|attempt(?:s|ed|ing)?|aim(?:s|ed|ing)?(?:\s+at)?|bid|order|seek(?:ing|s)?|sought|"
    r"plans?|planning|threaten(?:s|ed|ing)?|fail(?:s|ed)?|hopes?|hoping|intend(?:s|ed)?|want(?:s|ed)?|not|never|"
    r"n['’]t|could|would|may|might|will|to)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_CONTROL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (mode, re.compile(p, re.IGNORECASE))
    for mode, p in (
        (
            "passive",
            r"\b(?:was|were|has been|have been|had been|is|are|being)\s+(?:now\s+|fully\s+|finally\s+|"
            r"officially\s+|reportedly\s+)?(?P<verb>liberated|recaptured|retaken|taken back|captured|seized|"
            r"freed|de-?occupied|cleared|taken)\b(?:\s+by\s+(?P<by>[^,.;]+))?",
        ),
        (
            "adjectival",
            r"\b(?P<verb>newly[\s-]+liberated|liberated|recaptured|retaken|newly[\s-]+captured|captured|"
            r"occupied|russian-held|russian-occupied|russian-controlled|ukrainian-held|"
            r"ukrainian-controlled|de-?occupied)\s+(?:(?:frontline|front-line|strategic|key|eastern|"
            r"western|southern|northern|nearby|small)\s+)?(?:village|town|city|settlement|hamlet|"
            r"hub|port)s?\s+of\b",
        ),
        (
            # "Balakliia, the first town retaken in the offensive": a participle in an appositive
            "appositive",
            r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:town|city|village|settlement|hamlet|hub|port|"
            r"stronghold)s?\s+(?:to\s+(?:be|have\s+been)\s+)?(?:(?:recently|newly|fully|already)\s+)?"
            r"(?P<verb>retaken|recaptured|liberated|captured|seized|taken|freed|de-?occupied|occupied)\b"
            r"(?:\s+by\s+(?P<by>[^,.;]+))?",
        ),
        (
            "capture",
            # the verbs as a trie (one character per step), then the phrases
            rf"\b(?P<verb>{literal_alternation(_CAPTURE_VERBS)}|de-?occupied|"
            r"(?:raised|raising|hoisted|hoisting|planted|planting|flew|flying)"
            r"\s+(?:a|the|their|its|his)?\s*(?:[\w-]+\s+)?flags?\s+(?:over|above|in|on)|"
            r"(?:pushed|pushing|moved|moving|rolled|rolling|drove|driving|broke|breaking)\s+into|"
            r"(?:(?<=flag )|(?<=flags ))(?:now\s+|again\s+)?(?:flies|fly|flew|flying|is\s+flying|waves|waved|"
            r"is\s+waving)\s+(?:again\s+|once\s+again\s+)?(?:over|above))\b",
        ),
        (
            "hold_phrase",
            r"\b(?:remains?|remained|is|are|was|were|been|stays?|stayed|still|firmly|fully|completely|"
            r"now)\s+(?:firmly\s+|fully\s+|completely\s+|still\s+|entirely\s+)?"
            r"(?:under\s+(?P<who>[\w’'-]+)\s+control|under\s+the\s+(?:full\s+)?control\s+of\s+"
            r"(?P<who3>[\w’'-]+(?:\s+[\w’'-]+){0,2})|in\s+(?P<who2>[\w’'-]+)\s+hands)\b",
        ),
        ("ours", r"\b(?:is|are|remains?)\s+(?:still\s+)?(?P<verb>ours)\b"),
        (
            "hold",
            r"\b(?P<verb>still\s+holds?|still\s+held|continues?\s+to\s+hold|continued\s+to\s+hold|"
            r"holds?|held|holding|controls|controlled)\s+(?!back|out|talks|a\s|an\s|the\s+line|on\b)"
            r"(?:(?:their|its|our|the)\s+(?:positions|ground|defen[cs]es|lines?)\s+(?:in|at|near|around)\s+)?",
        ),
        (
            "attempt",
            r"\b(?:attempts?|attempted|tried|trying|efforts?|bid|offensive|push)\s+(?:[\w-]+\s+){0,3}?to\s+"
            r"(?:[\w-]+\s+and\s+)?(?P<verb>storm|capture|take|seize|surround|enter|break into|retake|"
            r"recapture|encircle|advance on|push into|reach|break through to|break into)\b",
        ),
        (
            "repel",
            r"\b(?P<verb>repelled|repulsed|fought off|beat back|beaten back|thwarted|foiled|stopped|"
            r"halted)\s+(?:a|an|the|several|two|three|multiple|all)?\s*(?:[\w-]+\s+){0,2}?"
            r"(?:attacks?|assaults?|offensives?|attempts?|advances?|counterattacks?|counter-attacks?)"
            r"\s+(?:on|near|against|towards?|at|in|around)\b",
        ),
        (
            # "regroup the troops stationed in the X and Y areas", "troops in the X area were being moved":
            # forces leaving an area (the other side then holds it)
            "redeploy",
            rf"\b(?P<verb>{_REDEPLOY_VERBS})\s+(?:the\s+|its\s+|their\s+|our\s+|his\s+)?(?:[\w-]+\s+){{0,2}}?"
            rf"(?:{_FORCE_NOUNS})\s+(?:{_STATIONED}|from|out\s+of)\s+(?:the\s+)?|"
            r"\b(?:were|was|are|is|had\s+been|have\s+been|has\s+been)\s+(?:being\s+)?(?P<pverb>moved|withdrawn|"
            r"redeployed|regrouped|relocated|transferred|pulled\s+(?:out|back))\b",
        ),
        (
            "withdraw",
            r"\b(?P<verb>withdr[ae]w|withdrawn|withdrawing|retreated|retreating|pulled out|pulled back|"
            r"pulling out|fled|fleeing|abandoned|left|was forced out|were forced out|driven out|"
            r"pushed out)\s+(?:of\s+|from\s+)?(?:the\s+)?",
        ),
        (
            "approach",
            r"\b(?:on|at|reached|reaching|to|into|entered|entering|approached|approaching)\s+the\s+"
            r"(?:outskirts|edge|approaches|gates)\s+(?:of|to)\b|\b(?:approached|approaching|closing\s+in\s+"
            r"on|closed\s+in\s+on|advancing\s+on|advanced\s+on|nearing|neared)\b",
        ),
        ("centre", r"\b(?:in|into|reached|entered)\s+the\s+(?:centre|center|heart|middle)\s+of\b"),
        (
            # "photos posted on social media showed Ukrainian soldiers standing outside … in X": presence
            "footage",
            r"\b(?:show(?:s|ed|ing)?|depict(?:s|ed|ing)?|feature[sd]?|captur(?:es|ed))\s+(?:what\s+"
            rf"appears?\s+to\s+be\s+)?(?P<adj>{'|'.join(p for p, _ in _SIDE_WORDS)})\s+(?:[\w-]+\s+){{0,2}}?"
            rf"(?:{_FORCE_NOUNS})\b",
        ),
    )
)
# Cheap pre-checks so the heavy patterns only run on sentences that can hold a claim: every match of a
# pattern contains one of its needles (in the case-folded sentence), so a sentence without any is skipped.
_CONTROL_NEEDLES: dict[str, tuple[str, ...]] = {
    "passive": ("liberated", "recaptured", "taken", "captured", "seized", "freed", "occupied", "cleared"),
    "adjectival": ("liberated", "recaptured", "retaken", "captured", "occupied", "-held", "-controlled"),
    "capture": (
        "liberat", "recaptur", "retook", "retak", "took", "taking", "taken", "seiz", "captur", "enter",
        "free", "regain", "reclaim", "won back", "occupied", "cleared", "flag", "pushed", "pushing", "moved",
        "moving", "rolled", "rolling", "drove", "driving", "broke", "breaking",
    ),
    "hold_phrase": ("control", "hands"),
    "ours": ("ours",),
    "hold": ("hold", "held", "control"),
    "attempt": ("attempt", "tried", "trying", "effort", "bid", "offensive", "push"),
    "repel": ("repelled", "repulsed", "fought", "beat", "thwarted", "foiled", "stopped", "halted"),
    "withdraw": (
        "withdr", "retreat", "pulled", "pulling", "fled", "flee", "abandoned", "left", "forced", "driven",
        "pushed",
    ),
    "approach": (
        "outskirts", "edge", "approach", "gates", "closing", "closed", "advancing", "advanced", "nearing",
        "neared",
    ),
    "centre": ("centre", "center", "heart", "middle"),
    "appositive": ("retaken", "recaptured", "liberated", "captured", "seized", "taken", "freed", "occupied"),
    "redeploy": ("regroup", "redeploy", "withdr", "pull", "mov", "transfer", "relocat"),
    "footage": ("video", "photo", "footage", "image", "picture", "clip"),
}  # fmt: skip
_GATE_NEEDLES: dict[str, tuple[str, ...]] = {
    **_CONTROL_NEEDLES,
    "number": tuple(w for w in _NUMBER_WORDS if w not in ("a", "several")),
    "area": ("square", "sq", "km", "hectare", "mi²"),
    "dist": ("km", "kilomet", "mile"),
    "mi": ("mi ", "mi.", "mi,", "mi)", "mi;", "mi:", "mi-"),  # "mi" as a word ("30 mi", "30-mi")
}


def _needle_groups() -> dict[str, frozenset[str]]:
    """needle → the gates it opens, including those of needles it starts with (one scan position reports
    only the longest needle found there)."""
    groups: dict[str, set[str]] = {}
    for gate, needles in _GATE_NEEDLES.items():
        for n in needles:
            groups.setdefault(n, set()).add(gate)
    return {n: frozenset(g for m, gs in groups.items() if n.startswith(m) for g in gs) for n in groups}


_NEEDLE_GATES = _needle_groups()
_GATE_RE = re.compile("(?=(" + literal_alternation(_NEEDLE_GATES) + "))")  # every needle at every position
_MI = re.compile(r"\bmi\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def _gates(low: str) -> set[str]:
    """The gates (control modes, "number", "area", "dist", "mi") whose needles occur in ``low``."""
    found: set[str] = set()
    for needle in set(_GATE_RE.findall(low)):
        found |= _NEEDLE_GATES[needle]
    return found


def _folded_pattern(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The case-sensitive twin of an ASCII ``re.IGNORECASE`` pattern, for case-folded text (2-3x faster)."""
    letters = re.sub(r"\\.|\(\?P<\w+>", "", rx.pattern)
    assert not re.search("[A-Z]", letters), rx.pattern
    return re.compile(rx.pattern)


def _finditer_folded(folded: re.Pattern[str], rx: re.Pattern[str], text: str, low: str):
    """``rx.finditer(text)`` computed as ``folded.finditer(low)`` (``low == fold(text)``, same length);
    each match is re-read from ``text`` so groups keep their case."""
    for m in folded.finditer(low):
        yield rx.match(text, m.start()) or m


_CONTROL_LOW = tuple(_folded_pattern(rx) for _, rx in _CONTROL_PATTERNS)
_AREA_LOW = _folded_pattern(_AREA_RE)
_DIST_LOW = _folded_pattern(_DIST_RE)
_FAILURE = re.compile(
    r"\b(?:failed|fail|repulsed|repelled|beaten back|thwarted|unsuccessful|foiled|fought off|pushed back|"
    r"in vain|came to nothing|were stopped|was stopped|halted|driven back|beaten off|repulsed)\b",
    re.IGNORECASE,
)
_TROOPS_BEFORE = re.compile(
    rf"\b(?:{_FORCE_NOUNS}|they|we|reached|approached|entered|advanced|pushed)\b(?:\s+[\w’'-]+){{0,3}}\s*$|"
    # "… and are fighting on the outskirts of X": a combat verb whose subject is an earlier force
    r"\b(?:fighting|battling|clashing|operating|engaged|entrenched|dug\s+in|massing|positioned)\s*$",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(?:(?:strategic|key|besieged|embattled)\s+)?"
    r"(?P<noun>city|town|village|settlement|hamlet|hub)\b|\bit\b",
    re.IGNORECASE,
)
_SCOPE_BREAK = re.compile(r"[;:—–]|,\s+(?:and|but|while|which|who|as|although|whereas)\b|\.\s", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s+(?:which|who|where|while|but|and\s+(?:the|a)\b)|\.\s", re.IGNORECASE)


@dataclass
class _Context:
    """What claim finding needs to know about one article."""

    article: Article
    sentences: Sequence[Sentence]
    mentions: list[Mention]  # resolved, literal, in text order
    quotes: Sequence[Quote]
    quote_spans: list[tuple[int, int, Quote | None]]
    attributions: list[tuple[int, int, int, Speaker]]  # (sentence, verb_start, verb_end, speaker)
    place_kinds: Mapping[str, str] | None
    dates: list
    mention_starts: list[int] = field(default_factory=list)
    quote_starts: list[int] = field(default_factory=list)
    atts_by_sentence: dict[int, list[tuple[int, int, int, Speaker]]] = field(default_factory=dict)
    place_sides: Mapping[str, str] = field(default_factory=dict)  # place id → side of its country
    source_side: str = UNKNOWN  # side of the article's source ("TASS" → russia)


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

    ``places`` (the resolved places of ``mentions``) gives claimants whose role names a Ukrainian or Russian
    place a side, as in ``geo.quotes.find_quotes``; ``place_kinds`` defaults to their kinds."""
    if place_kinds is None and places:
        place_kinds = {pid: p.kind for pid, p in places.items()}
    sides_of_places = place_sides(sentences, mentions, places)
    ctx = _context(article, sentences, mentions, quotes, place_kinds, sides_of_places)
    ctx.place_sides = {
        pid: _COUNTRY_SIDES[p.country_code]
        for pid, p in (places or {}).items()
        if p.country_code in _COUNTRY_SIDES
    }
    ctx.source_side = infer_side(organisation=article.source) if article.source else UNKNOWN
    drafts: list[dict] = []
    for s in sentences:
        drafts.extend(_sentence_claims(ctx, s))
    claims: list[Claim] = []
    seen: set[tuple] = set()
    anchors: dict[int, list[int]] = {}
    for d in drafts:
        anchors.setdefault(d["sentence"], []).append(d["at"])
    for d in sorted(drafts, key=lambda d: d["at"]):
        d["neighbours"] = anchors[d["sentence"]]
        key = (d["kind"], d["place_ids"], d["holder"], d["sentence"], d["value_min"], d["value_max"])
        if key in seen:
            continue
        seen.add(key)
        s = sentences[d["sentence"]]
        claimant, affiliation, quote_id, date = _claimant(ctx, d)
        claims.append(
            Claim(
                claim_id=f"{article.article_id}:c{len(claims) + 1}",
                article_id=article.article_id,
                claimant=claimant,
                affiliation=affiliation,
                date=date,
                kind=d["kind"],
                value_min=d["value_min"],
                value_max=d["value_max"],
                unit=d["unit"],
                place_ids=d["place_ids"],
                holder=d["holder"] if d["holder"] != "footage" else UNKNOWN,
                evidence=article.text[s.start : s.end],
                quote_id=quote_id,
                start=s.start,
                end=s.end,
            )
        )
    return claims


_COUNTRY_SIDES = {"UA": UKRAINE, "RU": RUSSIA}


def _context(article, sentences, mentions, quotes, place_kinds, sides_of_places) -> _Context:
    text = article.text
    spans = find_quote_spans(text)
    by_start: dict[int, Quote] = {}
    for q in quotes:
        by_start.setdefault(q.start, q)
    # Continuation parts of joined quotations: the first quote whose text holds the part's words.
    joined = "\n".join(q.text for q in quotes)
    joined_starts: list[int] = []
    pos = 0
    for q in quotes:
        joined_starts.append(pos)
        pos += len(q.text) + 1
    quote_spans: list[tuple[int, int, Quote | None]] = []
    for span in spans:
        match = by_start.get(span.inner_start)
        if match is None:
            inner = " ".join(text[span.inner_start : span.inner_end].split()).rstrip(",;: ")
            at = joined.find(inner) if inner else -1
            match = quotes[bisect_right(joined_starts, at) - 1] if at >= 0 else None
        quote_spans.append((span.inner_start, span.inner_end, match))
    pairs = attribute(text, sentences, [(q.start, q.end) for q in spans], sides_of_places)
    attributions = [(a.sentence, a.verb_start, a.verb_end, sp) for a, sp in pairs]
    by_sentence: dict[int, list[tuple[int, int, int, Speaker]]] = {}
    for a in attributions:
        by_sentence.setdefault(a[0], []).append(a)
    literal = sorted(
        (
            m
            for m in mentions
            if m.place_id
            and not m.metonymic
            and m.article_id in ("", article.article_id)
            and not text.startswith("-based", m.end)  # "a Washington-based think tank": not a place of it
        ),
        key=lambda m: m.start,
    )
    return _Context(
        article,
        sentences,
        literal,
        quotes,
        quote_spans,
        attributions,
        place_kinds,
        sentence_dates(article, sentences),
        mention_starts=[m.start for m in literal],
        quote_starts=[start for start, _, _ in quote_spans],
        atts_by_sentence=by_sentence,
    )


# ---------------------------------------------------------------------------------------------- numbers


def parse_number(text: str) -> float:
    """ "1,000" / "1.000" / "2.5" / "fifty" / "two thousand" → a float."""
    t = text.strip().lower()
    mult = 1.0
    for word, factor in (("thousand", 1000.0), ("hundred", 100.0)):
        if t.endswith(word):
            t, mult = t[: -len(word)].strip(), factor
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t] * mult
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", t):
        return float(re.sub(r"[,.]", "", t)) * mult
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", t):
        return float(t.replace(",", "")) * mult
    return float(t) * mult


def quantity_bounds(m: re.Match[str], factor: float) -> tuple[float | None, float | None]:
    """(value_min, value_max) of a quantity match, scaled by ``factor`` (unit conversion)."""
    a = parse_number(m.group("a")) * factor
    b = parse_number(m.group("b")) * factor if m.group("b") else None
    qual = (m.group("qual") or "").lower()
    if b is not None:
        return round(min(a, b), 3), round(max(a, b), 3)
    a = round(a, 3)
    if qual in (
        "more than", "well over", "just over", "over", "at least", "upwards of", "in excess of",
        "no less than", "not less than",
    ):  # fmt: skip
        return a, None
    if qual in (
        "as far as",
        "as much as",
        "as many as",
        "no more than",
        "not more than",
        "nearly",
        "almost",
        "up to",
        "less than",
        "just under",
        "under",
        "close to",
    ):
        return None, a
    return a, a


def _area_factor(unit: str) -> float:
    u = unit.lower()
    if "mi" in u:
        return KM2_PER_SQ_MILE
    if u.startswith("hectare"):
        return 0.01
    return 1.0


def _dist_factor(unit: str) -> float:
    return KM_PER_MILE if unit.lower().startswith("mi") else 1.0


# ---------------------------------------------------------------------------------------------- sides


def _adj_side(word: str) -> str:
    for pattern, side in _SIDE_WORDS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return side
    return {"ukraine": UKRAINE, "kyiv": UKRAINE, "kiev": UKRAINE, "russia": RUSSIA, "moscow": RUSSIA}.get(
        word.lower(), UNKNOWN
    )


@lru_cache(maxsize=4096)
def _actors(text: str, speaker_side: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, side) of every acting force named in ``text`` (memoised: sentences are asked often)."""
    found = [(m.start(), m.end(), _adj_side(m.group("adj"))) for m in _ACTOR_RE.finditer(text)]
    found += [(m.start(), m.end(), _adj_side(m.group("adj"))) for m in _STATE_ACTOR_RE.finditer(text)]
    if speaker_side in COMBATANTS:
        found += [(m.start(), m.end(), speaker_side) for m in _OUR_RE.finditer(text)]
        found += [(m.start(), m.end(), opposite(speaker_side)) for m in _ENEMY_RE.finditer(text)]
    return tuple(sorted(found))


def _actor_before(text: str, pos: int, speaker_side: str, limit: int = 160) -> str:
    before = [a for a in _actors(text, speaker_side) if a[1] <= pos + 1 and pos - a[1] <= limit]
    return before[-1][2] if before else UNKNOWN


def _actor_after(text: str, pos: int, speaker_side: str) -> str:
    after = [a for a in _actors(text, speaker_side) if a[0] >= pos]
    return after[0][2] if after else UNKNOWN


# ---------------------------------------------------------------------------------------------- places


def _is_settlement(ctx: _Context, m: Mention) -> bool:
    if ctx.place_kinds is not None and m.place_id in ctx.place_kinds:
        return ctx.place_kinds[m.place_id] == "settlement"
    after = ctx.article.text[m.end : m.end + 20].lower()
    return not re.match(r"\s*(?:region|oblast|province|district|river|raion|front|direction)", after)


def _is_country(ctx: _Context, m: Mention) -> bool:
    return bool(ctx.place_kinds) and ctx.place_kinds.get(m.place_id or "") == "country"


def _mentions_in(ctx: _Context, start: int, end: int) -> list[Mention]:
    ms = ctx.mentions
    lo, hi = bisect_left(ctx.mention_starts, start), bisect_right(ctx.mention_starts, end)
    return [ms[i] for i in range(lo, hi) if ms[i].end <= end]


def _dedupe(ids: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for i in ids:
        if i not in out:
            out.append(i)
    return tuple(out)


_NAME_IN_GAP = re.compile(r"\s*(?:the\s+)?[A-Z][\w’'-]+,")


def _relative_antecedent(ctx: _Context, s: Sentence, pos: int) -> tuple[str, ...]:
    """ "Izium, which Moscow seized in April", "Lysychansk and Sievierodonetsk, which have been under LPR
    control": the settlements a relative clause holding the trigger at ``pos`` is about."""
    m = _RELATIVE.search(ctx.article.text[s.start : pos])
    return _list_before(ctx, s, s.start + m.start()) if m else ()


def _list_before(ctx: _Context, s: Sentence, comma: int) -> tuple[str, ...]:
    """The settlement (with its coordinated list, "X and Y") that ends right before ``comma``."""
    text = ctx.article.text
    chosen: list[Mention] = []
    for x in reversed(_mentions_in(ctx, s.start, comma)):
        end = chosen[-1].start if chosen else comma
        between = text[x.end : end]
        if not _is_settlement(ctx, x) or not (
            (not chosen and not between.strip()) or (chosen and _LIST_JOIN.fullmatch(between))
        ):
            break
        chosen.append(x)
    return _dedupe([x.place_id for x in reversed(chosen) if x.place_id])


_RELATIVE = re.compile(r",\s+which\s+(?:[\w’'-]+\s+){0,6}$")
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+", re.IGNORECASE)
# Between two items of a list of places: an optional locative after the first ("Svatove and Kreminna in the
# Luhansk region and the rail town of Lyman") and an optional "the (rail) town of" before the next.
_LIST_GAP = re.compile(
    r"(?:\s+in\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?(?:\s+(?:region|oblast|province|district|area))?)?"
    r"\s*(?:,|,?\s+and|,?\s+or|&)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,2}?(?:town|city|village|hub|settlement|"
    r"hamlet|port)s?\s+of\s+)?",
    re.IGNORECASE,
)
# "liberated more than 20 settlements over the past day, including X and Y": the places listed
_INCLUDING_GAP = re.compile(
    r"[^;:.]*?\b(?:settlements|villages|towns|cities|localities|communities|hamlets)\b[^;:.]{0,60}?,?\s+"
    r"(?:including|among them|such as)\s+(?:the\s+)?(?:(?:towns?|city|cities|villages?)\s+of\s+)?",
    re.IGNORECASE,
)
# "cleared 1,100 hectares of forest near X", "retook villages north of X": something near X, not X
_NEAR_GAP = re.compile(
    r".*\S\s+(?:near|nearby|around|outside|close\s+to|beyond|toward|towards|(?:north|south|east|west|"
    r"north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of)\s+(?:the\s+)?",
    re.IGNORECASE | re.DOTALL,
)


def _coordinated(ctx: _Context, first: Mention, after: Sequence[Mention]) -> tuple[str, ...]:
    """``first`` and the settlements of ``after`` coordinated with it ("X, Y and Z")."""
    text = ctx.article.text
    chosen = [first]
    for m in after:
        if m.start < first.end:
            continue
        if _LIST_GAP.fullmatch(text, chosen[-1].end, m.start):
            chosen.append(m)
        else:
            break
    return _dedupe([m.place_id for m in chosen if m.place_id])


def _object_places(ctx: _Context, pos: int, clause_end: int) -> tuple[str, ...]:
    """Settlements named right after a trigger, with their coordinated list ("X, Y and Z")."""
    text = ctx.article.text
    after = [m for m in _mentions_in(ctx, pos, clause_end) if _is_settlement(ctx, m)]
    if after:
        gap = text[pos : after[0].start]
        named = _NAME_IN_GAP.match(gap)  # "recaptured Hrakove, a village east of Chuhuiv": not Chuhuiv
        near = len(gap.split()) >= 2 and _NEAR_GAP.fullmatch(gap)
        if (len(gap.split()) <= 6 and not _CLAUSE_BREAK.search(gap) and not named and not near) or (
            len(gap.split()) <= 20 and _INCLUDING_GAP.fullmatch(gap)
        ):
            return _coordinated(ctx, after[0], after[1:])
    ana = _ANAPHOR.match(text, _SPACES.match(text, pos).end())  # (no slice of the rest of the article)
    if ana:
        return _antecedent(ctx, pos)
    return ()


def _settlements(ctx: _Context, start: int, end: int) -> tuple[str, ...]:
    found = _mentions_in(ctx, start, end)
    return _dedupe([m.place_id for m in found if _is_settlement(ctx, m) and m.place_id])


_SPACES = re.compile(r"\s*")
_FOOTAGE_WORDS = ("video", "photo", "footage", "image", "picture", "clip")
_FOOTAGE_NOUN = re.compile(r"\b(?:videos?|photos?|photographs?|footage|images?|pictures?|clips?)\b", re.I)
_SHOWN_IN = re.compile(
    r"(?:\b(?:in|inside|within|across|around|over|into|through|outside)|\b(?:centre|center|streets|heart|middle|"
    r"outskirts|edge|square)\s+of)\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)
_SHOWN_NOT_HOLDING = re.compile(
    r"\b(?:shell\w*|fir(?:e|ed|ing)|attack\w*|bomb\w*|strik\w*|struck|target\w*|destroy\w*|shoot\w*|"
    r"storm\w*|captured|surrender\w*|prisoners?|killed|dead|bodies|wounded|detained|held\s+captive)\b",
    re.IGNORECASE,
)
_INTENT = re.compile(
    r"\b(?:plans?|planning|planned|intends?|intended|would|will|could|may|might|not|never|n['’]t|"
    r"threaten\w*|wants?|wanted|hop(?:e|es|ed|ing)|refus\w*|tried|trying|attempt\w*|urged?|demand\w*|"
    r"asked)\s+(?:to\s+)?(?:\w+\s+){0,1}$",
    re.IGNORECASE,
)


def _shown_in(ctx: _Context, pos: int, clause_end: int) -> tuple[str, ...]:
    """The settlement footage shows a side's soldiers in ("… soldiers standing outside the council building
    in X"): the first one after ``pos``, reached through a locative and no verb of attack or captivity."""
    text = ctx.article.text
    after = [m for m in _mentions_in(ctx, pos, clause_end) if _is_settlement(ctx, m)]
    if not after:
        return ()
    gap = text[pos : after[0].start]
    if len(gap.split()) > 14 or not _SHOWN_IN.search(gap) or _SHOWN_NOT_HOLDING.search(gap):
        return ()
    return _coordinated(ctx, after[0], after[1:])


def _subject_places(ctx: _Context, pos: int, clause_start: int) -> tuple[str, ...]:
    """The settlement a passive or "is under … control" trigger is about: named just before, or "the city"."""
    text = ctx.article.text
    before = [m for m in _mentions_in(ctx, clause_start, pos) if _is_settlement(ctx, m)]
    if before:
        m = before[-1]
        for head in reversed(before[:-1]):  # "Hrakove, a village east of Chuhuiv, was retaken": the head
            if re.fullmatch(r",\s+(?:a|an|the)\b[^,;]*", text[head.end : m.start]):
                m = head
                break
        gap = text[m.end : pos]
        if len(gap.split()) <= 8 and not _CLAUSE_BREAK.search(gap):
            return (m.place_id,) if m.place_id else ()
    window = text[clause_start:pos]
    anaphors = list(_ANAPHOR.finditer(window))
    if anaphors and len(window[anaphors[-1].end() :].split()) <= 6:
        return _antecedent(ctx, clause_start + anaphors[-1].start())
    return ()


def _antecedent(ctx: _Context, pos: int) -> tuple[str, ...]:
    """The most recent settlement named before ``pos`` ("the city" → the last city mentioned)."""
    for i in range(bisect_right(ctx.mention_starts, pos) - 1, -1, -1):
        m = ctx.mentions[i]
        if m.end <= pos and _is_settlement(ctx, m) and m.place_id:
            return (m.place_id,)
    return ()


def _scope_places(ctx: _Context, start: int, end: int, at: int | None = None) -> tuple[str, ...]:
    """Places named in a claim's scope (its quotation, else the clause around ``at`` in the sentence),
    countries dropped when others remain."""
    if at is not None:
        text = ctx.article.text
        for m in _SCOPE_BREAK.finditer(text, start, at):
            start = m.end()
        m = _SCOPE_BREAK.search(text, at, end)
        end = m.start() if m else end
    found = _mentions_in(ctx, start, end)
    specific = [m for m in found if not _is_country(ctx, m)]
    return _dedupe([m.place_id for m in (specific or found) if m.place_id])


# ---------------------------------------------------------------------------------------------- claims


def _quote_at(ctx: _Context, pos: int) -> tuple[tuple[int, int] | None, Quote | None]:
    i = bisect_right(ctx.quote_starts, pos) - 1  # quotation spans never overlap
    if i >= 0:
        start, end, quote = ctx.quote_spans[i]
        if start <= pos < end:
            return (start, end), quote
    return None, None


def _speaker_side(ctx: _Context, sentence: int, pos: int) -> str:
    _, quote = _quote_at(ctx, pos)
    if quote is not None:
        return quote.affiliation
    atts = ctx.atts_by_sentence.get(sentence)
    return atts[0][3].side if atts else UNKNOWN


def _clause_bounds(text: str, s: Sentence, pos: int) -> tuple[int, int]:
    """Start and end of the clause around ``pos`` inside sentence ``s``."""
    start = s.start
    for m in _CLAUSE_BREAK.finditer(text, s.start, pos):
        start = m.end()
    m = _CLAUSE_BREAK.search(text, pos, s.end)
    return start, (m.start() if m else s.end)


def _holder_fallback(
    ctx: _Context, s: Sentence, speaker_side: str, verb: str = "", places: Sequence[str] = ()
) -> str:
    """Holder when the clause names no acting side: the speaker's combatant side; else the acting side of
    the previous sentence; else, for a verb of taking back ("retaken", "liberated"), the side of the
    article's source when it is a combatant, else the country the places lie in (a town is retaken by
    the country it belongs to)."""
    if speaker_side in COMBATANTS:
        return speaker_side
    if s.index > 0:
        prev = ctx.sentences[s.index - 1]
        text = ctx.article.text[prev.start : prev.end]
        actors = _actors(text, UNKNOWN)
        if actors:
            return actors[-1][2]
    if verb and _REGAIN_VERB.match(verb):
        if ctx.source_side in COMBATANTS:
            return ctx.source_side
        sides = {ctx.place_sides.get(p, UNKNOWN) for p in places}
        if len(sides) == 1 and next(iter(sides)) in COMBATANTS:
            return next(iter(sides))
    return UNKNOWN


_PASSIVE_AFTER = re.compile(r"\s+(?:in|at|near|around|during|by|on|from|outside)\b", re.IGNORECASE)
_REGAIN_VERB = re.compile(
    r"(?:recaptur|retook|retak|regain|reclaim|liberat|free|de-?occup|won back|took back|taken back|"
    r"taking back)",
    re.I,
)


def _sentence_claims(ctx: _Context, s: Sentence) -> list[dict]:
    text = ctx.article.text
    sent = text[s.start : s.end]
    drafts: list[dict] = []

    def add(kind, at, vmin, vmax, unit, places, holder, allow_empty=True):
        if not places and not allow_empty:
            return
        drafts.append(
            dict(
                kind=kind,
                at=at,
                value_min=vmin,
                value_max=vmax,
                unit=unit,
                place_ids=tuple(places),
                holder=holder,
                sentence=s.index,
            )
        )

    area_spans: list[tuple[int, int]] = []
    low = fold(sent)
    gates = _gates(low)
    has_number = "number" in gates or _DIGIT.search(sent) is not None
    areas = _finditer_folded(_AREA_LOW, _AREA_RE, sent, low) if has_number and "area" in gates else ()
    for m in areas:
        at = s.start + m.start()
        area_spans.append((m.start(), m.end()))
        if _is_conversion(sent, m.start(), area_spans[:-1]):
            continue
        c_start, c_end = _clause_bounds(text, s, at)
        clause = text[s.start : c_end]
        if c_end < s.end and text[c_end] in "—–":  # "8,000 sq km — roughly 3,100 sq mi — have been retaken"
            close = text.find(text[c_end], c_end + 1, s.end)
            if close > 0:
                clause = text[s.start : _clause_bounds(text, s, close + 1)[1]]
        if not _GAIN_CUE.search(clause):
            continue
        side = _speaker_side(ctx, s.index, at)
        vmin, vmax = quantity_bounds(m, _area_factor(m.group("unit")))
        holder = _returned_to(clause) or _actor_before(text[s.start : s.end], m.start(), side)
        if holder == UNKNOWN:
            holder = _actor_after(sent[: _clause_stop(sent, m.end())], m.end(), side)
        if _LOSS_CUE.search(clause) and holder != UNKNOWN:
            holder = opposite(holder)
        if holder == UNKNOWN:
            holder = _holder_fallback(ctx, s, side)
        span, _ = _quote_at(ctx, at)
        places = _scope_places(ctx, *span) if span else _scope_places(ctx, s.start, s.end, at)
        add("area_gain", at, vmin, vmax, "km2", places, holder)

    dist_spans: list[tuple[int, int]] = []
    has_dist_unit = "dist" in gates or ("mi" in gates and _MI.search(sent) is not None)
    for m in _finditer_folded(_DIST_LOW, _DIST_RE, sent, low) if has_number and has_dist_unit else ():
        if any(a <= m.start() < b for a, b in area_spans) or _is_conversion(sent, m.start(), dist_spans):
            continue
        dist_spans.append((m.start(), m.end()))
        at = s.start + m.start()
        side = _speaker_side(ctx, s.index, at)
        vmin, vmax = quantity_bounds(m, _dist_factor(m.group("unit")))
        rest = sent[m.end() :]
        enemy = _FROM_POSITIONS.match(rest)
        if _FRONT.match(rest) or enemy:
            c_start, c_end = _clause_bounds(text, s, at)
            clause = text[c_start : s.end]
            holder = next((h for rx, h in _HELD_CUE if rx.search(clause)), UNKNOWN)
            if enemy:  # "30 miles from the nearest Russian positions": the other side holds the place
                adj = enemy.group("adj").lower()
                holder = side if adj == "enemy" and side in COMBATANTS else opposite(_adj_side(adj))
            if holder == UNKNOWN and (there := _FORCES_THERE.search(rest)):
                holder = _adj_side(there.group("adj"))  # "…, and Russian forces there risk being encircled"
            before = [x for x in _mentions_in(ctx, s.start, at) if _is_settlement(ctx, x)]
            places = (before[-1].place_id,) if before else _antecedent(ctx, at)
            add("distance", at, vmin, vmax, "km", places, holder)
            continue
        window = sent[max(0, m.start() - 45) : m.start()]
        if not (_MOVE_CUE.search(window) or _AFTER_MOVE.match(rest)):
            continue
        moved_just_before = _MOVE_CUE.search(window[-28:]) is not None  # "advanced up to 15 km south of X"
        if _GEOGRAPHY.match(rest) and not (moved_just_before and _DIRECTION.match(rest)):
            continue  # "40 km from Kharkiv", "30 miles north of …": geography, not an advance
        beyond = re.search(
            r"\b(?:beyond|behind|into|through)\s+(?:the\s+)?(?:existing\s+|enemy\s+)?(?P<adj>\w+)\s+"
            r"(?:lines?|territory|positions|defen[cs]es)\b",
            rest[:80],
            re.IGNORECASE,
        )
        holder = opposite(_adj_side(beyond.group("adj"))) if beyond else UNKNOWN
        if holder == UNKNOWN:
            holder = _actor_before(sent, m.start(), side)
        if holder == UNKNOWN:
            holder = _holder_fallback(ctx, s, side)
        span, _ = _quote_at(ctx, at)
        places = _scope_places(ctx, *span) if span else _scope_places(ctx, s.start, s.end, at)
        if not places and _TOWARD_ANAPHOR.match(rest):
            places = _antecedent(ctx, at)
        add("advance_distance", at, vmin, vmax, "km", places, holder)

    drafts.extend(_control_claims(ctx, s, low, gates))
    return drafts


_CONVERSION_GAP = re.compile(r"\s*(?:\(|[—–-]{1,2}|,)\s*(?:or\s+|roughly\s+|about\s+|some\s+|nearly\s+)?$")


def _is_conversion(sent: str, start: int, earlier: Sequence[tuple[int, int]]) -> bool:
    """ "70 kilometers (43 miles)", "8,000 square kilometers — roughly 3,100 square miles —": the second
    figure restates the first in another unit."""
    return any(
        0 <= start - end <= 20 and _CONVERSION_GAP.fullmatch(sent[end:start]) for _, end in earlier
    ) and bool(_CONVERSION_GAP.fullmatch(sent[max(e for _, e in earlier) : start]))


_GEOGRAPHY = re.compile(r"^\s*(?:from|away|north|south|east|west|of)\b", re.IGNORECASE)
_DIRECTION = re.compile(r"^\s*(?:north|south|east|west)", re.IGNORECASE)


_CONTRAST_GAP = re.compile(r",\s+(?:while|whereas|but|although|though)\b|;", re.IGNORECASE)
_CONTRAST = re.compile(r",\s+(?:but|while|whereas|although|though|yet)\b|;|\.\s", re.IGNORECASE)


def _clause_stop(sent: str, pos: int) -> int:
    """Where the clause holding ``pos`` ends before a contrast ("…, but Russian forces remain …")."""
    m = _CONTRAST.search(sent, pos)
    return m.start() if m else len(sent)


def _returned_to(clause: str) -> str:
    m = re.search(r"\b(?:returned|back)\s+(?:to|under)\s+(?P<adj>\w+[’']?s?)(?:\s+control)?\b", clause, re.I)
    if not m:
        return ""
    side = _adj_side(
        m.group("adj").rstrip("’'s") if m.group("adj").endswith(("’s", "'s")) else m.group("adj")
    )
    return side if side != UNKNOWN else ""


def _control_claims(ctx: _Context, s: Sentence, low: str, gates: set[str]) -> list[dict]:
    text = ctx.article.text
    sent = text[s.start : s.end]
    out: list[dict] = []
    taken: list[tuple[int, int]] = []
    for (mode, rx), folded in zip(_CONTROL_PATTERNS, _CONTROL_LOW, strict=True):
        if mode not in gates:
            continue
        for m in _finditer_folded(folded, rx, sent, low):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            at = s.start + m.start()
            claim = _control_claim(ctx, s, mode, m, at)
            if claim is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(claim)
    return out


def _control_claim(ctx: _Context, s: Sentence, mode: str, m: re.Match[str], at: int) -> dict | None:
    text = ctx.article.text
    sent = text[s.start : s.end]
    rel = m.start()
    c_start, c_end = _clause_bounds(text, s, at)
    side = _speaker_side(ctx, s.index, at)
    before_text = sent[max(0, rel - 40) : rel]
    holder = UNKNOWN
    places: tuple[str, ...] = ()
    if mode in ("capture", "withdraw", "hold") and _GUARD.search(before_text):
        return None
    if mode == "passive":
        places = _subject_places(ctx, at, c_start)
        by = m.group("by")
        holder = _actor_after(by, 0, side) if by else UNKNOWN
        if holder == UNKNOWN and by:
            holder = _adj_side(by.split()[0]) if by.split() else UNKNOWN
    elif mode == "adjectival":
        places = _object_places(ctx, s.start + m.end(), c_end)
        verb = m.group("verb").lower()
        holder = next((h for rx, h in _HELD_CUE if rx.search(verb)), UNKNOWN)
        if "captured" in verb:
            holder = _actor_before(sent, rel, side)
    elif mode == "capture":
        # "soldiers captured in X", "equipment seized near X": a participle, not a capture of X
        passive = _PASSIVE_AFTER.match(sent, m.end()) and m.group("verb").lower().endswith("ed")
        places = () if passive else _object_places(ctx, s.start + m.end(), c_end)
        holder = _actor_before(sent, rel, side)
    elif mode == "appositive":
        places = _list_before(ctx, s, at)
        by = m.group("by")
        holder = _actor_after(by, 0, side) if by else UNKNOWN
        if holder == UNKNOWN:
            holder = next((h for rx, h in _HELD_CUE if rx.search(m.group("verb"))), UNKNOWN)
    elif mode == "redeploy":
        if _INTENT.search(before_text):
            return None
        if m.group("pverb") is not None:  # "troops in the X and Y areas were being moved to …"
            subject = _MOVED_SUBJECT.search(sent, max(0, rel - 120), rel)
            if subject is None:
                return None
            places = _settlements(ctx, s.start + subject.start("span"), s.start + subject.end("span"))
        else:
            places = _object_places(ctx, s.start + m.end(), c_end)
        inside = _actors(m.group(), side)
        mover = inside[0][2] if inside else _actor_before(sent, rel, side)
        if mover == UNKNOWN and side in COMBATANTS:
            mover = side  # "the ministry said it had decided to regroup the troops …": its own side
        holder = opposite(mover)
        if holder == UNKNOWN:
            return None
    elif mode == "footage":
        if not _FOOTAGE_NOUN.search(text, c_start, at):
            return None
        places = _shown_in(ctx, s.start + m.end(), c_end)
        holder = _adj_side(m.group("adj"))
    elif mode in ("hold_phrase", "ours"):
        places = _subject_places(ctx, at, c_start)
        who = ((m.groupdict().get("who") or m.groupdict().get("who2") or "").split() or [""])[-1]
        who3 = m.groupdict().get("who3") or ""
        if who3:
            found = _actors(who3, side)
            holder = found[0][2] if found else (_adj_side(who3.split()[0]) if who3.split() else UNKNOWN)
            if holder == UNKNOWN and who3.split()[0].lower() in ("our", "my", "allied", "the"):
                holder = side if side in COMBATANTS else UNKNOWN
        elif mode == "ours" or who.lower() in ("our", "my"):
            holder = side
        elif who.lower() in ("their", "its", "his"):
            holder = _actor_before(sent, rel, side)
        else:
            holder = _adj_side(re.sub(r"[’']s$", "", who))
    elif mode == "hold":
        places = _object_places(ctx, s.start + m.end(), c_end)
        holder = _actor_before(sent, rel, side, limit=60)
        if holder == UNKNOWN:
            return None  # "held" without a named force is too loose ("talks were held in …")
    elif mode == "attempt":
        if not _FAILURE.search(sent):
            return None
        places = _object_places(ctx, s.start + m.end(), c_end)
        attacker = _actor_before(sent, rel + 20, side)
        holder = opposite(attacker) if attacker != UNKNOWN else (side if side in COMBATANTS else UNKNOWN)
    elif mode == "repel":
        places = _object_places(ctx, s.start + m.end(), c_end)
        inside = _actors(m.group(), side)
        holder = opposite(inside[0][2]) if inside else _actor_before(sent, rel, side)
        if holder == UNKNOWN:
            holder = side
    elif mode == "withdraw":
        places = _object_places(ctx, s.start + m.end(), c_end)
        mover = _actor_before(sent, rel, side)
        if mover == UNKNOWN and side in COMBATANTS:
            mover = side  # "X said its forces had withdrawn from …": the speaker's own side moved
        holder = opposite(mover) if mover != UNKNOWN else UNKNOWN
    elif mode in ("approach", "centre"):
        needs_troops = mode == "centre" or m.group().lower().split()[0] in ("on", "at", "to", "into")
        if needs_troops and not _TROOPS_BEFORE.search(sent[max(0, rel - 60) : rel]):
            return None
        places = _object_places(ctx, s.start + m.end(), c_end)
        holder = _actor_before(sent, rel, side)
    if not places and mode in ("capture", "passive", "hold", "hold_phrase", "withdraw"):
        places = _relative_antecedent(ctx, s, at)
    if not places:
        return None
    if holder == UNKNOWN and mode not in ("hold",):
        holder = _holder_fallback(ctx, s, side, (m.groupdict().get("verb") or "").lower(), places)
    return dict(
        kind="settlement_control",
        at=at,
        value_min=None,
        value_max=None,
        unit="",
        place_ids=places,
        holder=holder,
        sentence=s.index,
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


def _claimant(ctx: _Context, d: dict) -> tuple[str, str, str | None, str | None]:
    """(claimant, affiliation, quote_id, date) for a draft claim (see the module docstring)."""
    article, sentences = ctx.article, ctx.sentences
    at, index = d["at"], d["sentence"]
    _, quote = _quote_at(ctx, at)
    if quote is not None:
        return quote.speaker, quote.affiliation, quote.quote_id, quote.date
    neighbours = d.get("neighbours", ())
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
    sources: list[tuple[int, str, str]] = [(vs, sp.name, sp.side) for vs, sp in atts]
    holder = d["holder"]
    for pos, phrase in footage:
        sources.append((pos, phrase, holder if holder in COMBATANTS else infer_side(phrase)))
    # a source after the claim speaks for it unless a contrasting clause lies between ("troops raised their
    # flag over X, while the ministry announced …": the ministry did not say so)
    sources = [x for x in sources if x[0] <= at or not _CONTRAST_GAP.search(article.text, at, x[0])]
    if sources:
        before = [x for x in sources if x[0] <= at]
        pos, name, side = max(before) if before else min(sources)
        if not _clause_has_date(ctx, index, at, neighbours):
            verb_end = next((ve for _, vs, ve, _ in own if vs == pos), None)
            stated = statement_date(article, sentences, index, verb_end, ctx.dates) if verb_end else None
            date = stated or date
        return name, side, None, date
    source = article.source or "reporter"
    return source, infer_side(organisation=source), None, date


__all__ = ["find_claims", "parse_number", "quantity_bounds", "sentence_index"]
