"""Claim vocabulary and trigger patterns: quantities, cues, settlement-control triggers and their gates."""

from __future__ import annotations

import re

from geo.extract.sides import (
    PerProfile,
    as_side,
    literal_alternation,
)
from geo.lang import vocabulary

_EN = vocabulary("en")
_NUMBER_WORDS = _EN.number_words
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
_COUNT_UNIT = (
    r"(?P<unit>(?:(?:more|other|further|unnamed|small|frontline|front-line|nearby|border)\s+)?(?:settlements|villages|"
    r"towns|localities|communities|hamlets|population\s+cent(?:er|re)s|cities))\b"
)
_COUNT_RE = re.compile(
    r"(?:{q}\s+)?(?P<a>{n})(?:\s*(?:-|–|to)\s*(?P<b>{n}))?\s+{u}".format(
        q=_QUAL.replace("|an?)", ")"), n=_NUM, u=_COUNT_UNIT
    ),
    re.IGNORECASE,
)
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
# "Russian-held", "Ukrainian-controlled" and the side's adjectives: the conflict profile's data
# (the active article's profile: PerProfile views, built once per profile)
_HELD_CUE = PerProfile(lambda pr: tuple((re.compile(p, re.I), as_side(s)) for p, s in pr.held_cues("en")))
_SIDE_WORDS = PerProfile(lambda pr: tuple((p, as_side(s)) for p, s in pr.side_words("en")))
_FORCE_NOUNS = _EN.alternation("claims", "force_nouns")


def _adjectives(pr) -> str:  # noqa: ANN001 - a geo.profiles.Profile
    return "|".join(p for p, _ in pr.side_words("en"))


_ACTOR_RE = PerProfile(lambda pr: re.compile(
    rf"\b(?P<adj>{_adjectives(pr)})\s+(?:[\w-]+\s+){{0,3}}?(?:{_FORCE_NOUNS})\b",
    re.IGNORECASE,
))
_STATE_ACTOR_RE = re.compile(
    r"\b(?P<adj>Ukraine|Kyiv|Kiev|Russia|Moscow)\s+(?:has\s+|had\s+|have\s+|was\s+|were\s+|is\s+)?(?:\w+ly\s+)?"
    r"(?=liberat|recaptur|retook|retak|seiz|captur|took|regain|withdr|pull|advanc|push|repel|repuls|control|hold|held)"
)
_FORCES_THERE = PerProfile(lambda pr: re.compile(
    rf"\b(?P<adj>{_adjectives(pr)})\s+(?:[\w-]+\s+){{0,2}}?(?:{_FORCE_NOUNS})\s+"
    r"(?:there|in\s+(?:the\s+)?(?:city|town|village|it))\b",
    re.IGNORECASE,
))
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

_CAPTURE_VERBS = tuple(v.replace("_", " ") for v in _EN.claims["capture_verbs"])
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
# "claimed to have retaken", "is reported to have captured": a report of the act, not an intent
_REPORTED_TO = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|sa(?:id|ys)|reported(?:ly)?|believed|thought|known|appears?|appeared|seems?|"
    r"seemed|announced)\s+to\s+(?:have\s+)?(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
_CONTROL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (mode, re.compile(p, re.IGNORECASE))
    for mode, p in (
        (
            "passive",
            r"\b(?:was|were|has been|have been|had been|is|are|being)\s+(?:now\s+|fully\s+|finally\s+|"
            r"officially\s+|reportedly\s+|completely\s+|entirely\s+|"
            r"effectively\s+)?(?P<verb>liberated|recaptured|retaken|taken back|captured|seized|"
            r"freed|de-?occupied|cleared|taken|occupied(?=\s+by\b))\b(?:\s+by\s+(?P<by>[^,.;]+))?",
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
            # "Novoselivka, the first town retaken in the offensive": a participle in an appositive
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
            r"pulling out|fled|fleeing|abandoned|abandoning|left|was forced out|were forced out|driven out|"
            r"pushed out|moved out|moving out|evacuated\s+(?:their\s+|its\s+)?(?:forces|troops)|lost control)"
            r"\s+(?:of\s+|from\s+)?(?:the\s+)?",
        ),
        (
            # "declared full control over X", "established complete control of X"
            "full_control",
            r"\b(?P<verb>(?:declared|declares|declaring|established|establishes|establishing|announced|gained|"
            r"took|taken|taking|assumed|seized|have|has|had|now\s+in|in)\s+(?:(?:a|the)\s+)?(?:full|complete|total)\s+"
            r"control)\s+(?:over|of)\s+(?:the\s+)?",
        ),
        (
            # "the liberation of X", "the loss of X", "the defence of X had begun": a nominal capture or hold
            "nominal",
            r"\b(?P<verb>liberation|recapture|capture|seizure|fall|loss|defen[cs]e)\s+of\s+(?:the\s+)?"
            r"(?:(?:[\w-]+\s+)?(?:town|city|village|settlement|hub|port)s?\s+of\s+)?",
        ),
        (
            # "the raising of the Ukrainian flag in X", "the Ukrainian flag being raised in front of the hall"
            "flag",
            r"\b(?:raising|hoisting|planting)\s+of\s+(?:the\s+|a\s+|their\s+)?(?P<adj>[\w’'-]+\s+)?flags?\b|"
            r"\b(?P<adj2>[\w’'-]+\s+)?flags?\s+(?:being|was|were|had\s+been|has\s+been|is|are)\s+(?:raised|hoisted|"
            r"planted)\b",
        ),
        (
            # "Ukrainian forces successfully defended X": the defender holds it
            "defend",
            r"\b(?P<verb>defended|defending|defend|held\s+off\s+(?:the\s+)?(?:attacks?|assaults?)\s+on)\s+"
            r"(?:the\s+(?:[\w-]+\s+)?(?:town|city|village)\s+of\s+)?",
        ),
        (
            "surrender",
            r"\b(?P<verb>surrendered|surrendering|handed\s+over|ceded|ceding)\s+",
        ),
        (
            # "X, a command post of the enemy, fell to Ukrainian forces"
            "fell",
            r"\b(?:fell|has\s+fallen|had\s+fallen|have\s+fallen)\s+(?:to|into\s+the\s+hands\s+of)\s+"
            r"(?P<by>[^,.;]+)",
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
        "withdr", "retreat", "pulled", "pulling", "fled", "flee", "abandon", "left", "forced",
        "driven", "pushed", "moved out", "moving out", "evacuated", "lost control",
    ),
    "approach": (
        "outskirts", "edge", "approach", "gates", "closing", "closed", "advancing", "advanced", "nearing",
        "neared",
    ),
    "centre": ("centre", "center", "heart", "middle"),
    "nominal": ("liberation", "recapture", "capture", "seizure", "fall", "loss", "defence", "defense"),
    "flag": ("flag",),
    "full_control": ("full control", "complete control", "total control"),
    "defend": ("defend", "held off"),
    "fell": ("fell", "fallen"),
    "surrender": ("surrender", "handed over", "ceded", "ceding"),
    "appositive": ("retaken", "recaptured", "liberated", "captured", "seized", "taken", "freed", "occupied"),
    "redeploy": ("regroup", "redeploy", "withdr", "pull", "mov", "transfer", "relocat"),
    "footage": ("video", "photo", "footage", "image", "picture", "clip"),
}  # fmt: skip
_GATE_NEEDLES: dict[str, tuple[str, ...]] = {
    **_CONTROL_NEEDLES,
    "number": tuple(w for w in _NUMBER_WORDS if w not in ("a", "several")),
    "area": ("square", "sq", "km", "hectare", "mi²"),
    "dist": ("km", "kilomet", "mile"),
    "count": ("settlements", "villages", "towns", "localities", "communities", "hamlets", "population cent",
              "cities"),
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
_COUNT_LOW = _folded_pattern(_COUNT_RE)
# before a distance: where the force now stands, not how far it moved ("advanced to within 15 km of X",
# "the advance placed them 44 km north of X", "the troops are now 10 km from X")
_POSITION_BEFORE = re.compile(
    r"\bwithin\s+$|\b(?:placed|put|brought|left)\s+(?:them|it|us|him|the\s+[\w-]+)\s+$|"
    rf"\b(?:{_FORCE_NOUNS}|they)\s+(?:are|were|is|was|stood|stand|remain\w*)\s+(?:now\s+|just\s+|only\s+|still\s+)?$",
    re.IGNORECASE,
)
_OF_PLACE = re.compile(
    r"^\s*(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+)?(?:of|from)\s+", re.IGNORECASE
)
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
