"""Speaker phrases: the attribution and speaker records, masking, and splitting a phrase into name, role,
organisation and kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geo.extract.sides import (
    UNKNOWN,
    PerProfile,
    literal_alternation,
    profile_cache,
)
from geo.lang import vocabulary

MASK = "¤"

_EN = vocabulary("en")
_VERBS = _EN.alternation("speech", "verbs")
_PARTICIPLES = _EN.alternation("speech", "participles")
_VERB_RE = re.compile(rf"\b(?:(?P<verb>{_VERBS})|(?P<part>{_PARTICIPLES})|(?P<acc>[Aa]ccording to))\b")
# The literal first word of every alternative above, at a word start, as a fast trie scan over articles.
_VERB_STARTS = re.compile(
    r"\b"
    + literal_alternation(
        [
            *(
                re.match(r"[a-z]+", alt).group()  # type: ignore[union-attr]
                for alt in (*re.split(r"\|(?![^(]*\))", _VERBS), *_PARTICIPLES.split("|"))
            ),
            "according",
            "According",
        ]
    )
)

_AUX = _EN.words("speech", "auxiliaries")
_BOUNDARY_WORDS = _EN.words("speech", "boundary_words")
_PRONOUNS: dict[str, str] = dict(_EN.speech["pronouns"])
_DETERMINERS = _EN.words("speech", "determiners")
_CONNECTORS = _EN.words("speech", "name_connectors")
_TITLES = _EN.words("speech", "titles")
_NATIONALITIES = _EN.words("speech", "nationalities")
_TITLES_OR_NATIONALITIES = _TITLES | _NATIONALITIES
_ORG_HEADS = _EN.words("speech", "organisation_heads")
_COUNTRY_SPEAKERS = PerProfile(lambda p: p.speaker_names("en"))  # names that speak for a side ("Kyiv said")


@dataclass(frozen=True)
class Attribution:
    """A speech or reporting verb with its speaker phrase, as written in one sentence."""

    sentence: int
    verb_start: int  # article offsets of the verb phrase
    verb_end: int
    verb: str
    surface: str  # the speaker phrase as written ("he", "Novak", "a Ukrainian soldier", …)
    name: str  # proper name in the phrase ("Anna Novak", "Institute for the Study of War"), or ""
    role: str  # as written: the appositive after the name, else the title before it
    organisation: str
    kind: str  # "person" | "organisation" | "pronoun" | "description" | "subject"
    inverted: bool = False  # "said X" rather than "X said"


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: full name or description, role as written, side."""

    name: str
    role: str
    side: str
    kind: str  # "person" | "organisation" | "description" | "unknown"
    organisation: str = ""
    sentence: int = -1  # sentence of the attribution that introduced or last used it


UNKNOWN_SPEAKER = Speaker("unknown", "", UNKNOWN, "unknown")


def mask_spans(text: str, spans: Sequence[tuple[int, int]], offset: int = 0) -> str:
    """``text`` with each (article-offset) span replaced by MASK characters of the same length."""
    cuts = sorted(
        (max(start - offset, 0), min(end - offset, len(text)))
        for start, end in spans
        if start - offset < len(text) and end - offset > 0
    )
    if not cuts:
        return text
    pieces: list[str] = []
    pos = 0
    for a, b in cuts:
        if b <= pos or a >= b:
            continue
        a = max(a, pos)
        pieces.append(text[pos:a])
        pieces.append(MASK * (b - a))
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted and merged where they overlap, so they can be searched with bisect."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _words(text: str) -> list[str]:
    return text.split()


def _is_cap(token: str) -> bool:
    token = token.strip("“”\"'‘’()[]")
    return bool(token) and (token[0].isupper() or token[0].isdigit() and False)


def _clean_token(token: str) -> str:
    return token.strip(',.;:“”"()[]').lower()


_LOCATIVE_TAIL = re.compile(r"\s+(?:in|from)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?$")


@profile_cache(maxsize=8192)
def parse_speaker_phrase(phrase: str) -> tuple[str, str, str, str]:
    """Split a speaker phrase into (name, role prefix, organisation, kind).

    "US Defense Secretary Anna Novak" → ("Anna Novak", "US Defense Secretary", "", "person");
    "Konrad Muzyka of Rochan Consulting" → ("Konrad Muzyka", "", "Rochan Consulting", "person");
    "The US-based Institute for the Study of War" → ("Institute for the Study of War", "US-based", …,
    "organisation"); "a Ukrainian soldier" → ("", "", "", "description"); "he" → ("", "", "", "pronoun").
    """
    phrase = phrase.strip(" ,;:")
    located = _LOCATIVE_TAIL.sub("", phrase)
    if located != phrase and _words(located) and _is_cap(_words(located)[-1]):
        # "the General Staff in Kyiv" → "General Staff", with "in Kyiv" kept in the role
        name, role, org, kind = parse_speaker_phrase(located)
        return name, f"{role} {phrase[len(located) :].strip()}".strip(), org, kind
    tokens = _words(phrase)
    if not tokens:
        return "", "", "", "empty"
    if len(tokens) == 1 and _clean_token(tokens[0]) in _PRONOUNS:
        return "", "", "", "pronoun"
    # trailing run of capitalised tokens, allowing lower-case connectors inside it
    i = len(tokens)
    while i > 0:
        tok = tokens[i - 1]
        low = _clean_token(tok)
        if _is_cap(tok) or (
            low in _CONNECTORS and i < len(tokens) and any(_is_cap(t) for t in tokens[: i - 1])
        ):
            i -= 1
            continue
        break
    run = tokens[i:]
    while run and _clean_token(run[0]) in _CONNECTORS:
        run = run[1:]
        i += 1
    if not run or not _is_cap(tokens[-1]):
        return "", "", "", "description"
    prefix = tokens[:i]
    low_run = [_clean_token(t) for t in run]
    # "X of Organisation": a person name followed by an organisation
    for k, low in enumerate(low_run):
        if low in ("of", "at", "from") and 0 < k < len(run) - 1:
            after = [_clean_token(t) for t in run[k + 1 :]]
            before = run[:k]
            if any(a in _ORG_HEADS for a in after) and not any(_clean_token(b) in _ORG_HEADS for b in before):
                name, role, _, kind = parse_speaker_phrase(" ".join(prefix + before))
                if kind == "person":
                    return name, role, " ".join(run[k + 1 :]).strip(",.;:"), "person"
    heads = [k for k, low in enumerate(low_run) if low in _ORG_HEADS]
    # "Russian Defense Ministry Spokesman Lt. Gen. Igor Konashenkov": a title after the organisation and a
    # name after the title make a person, not an organisation
    titled = bool(heads) and any(
        low_run[k] in _TITLES and low_run[k] not in _ORG_HEADS for k in range(heads[-1] + 1, len(run) - 1)
    )
    if (heads and not titled) or (len(run) == 1 and low_run[0] in _COUNTRY_SPEAKERS):
        while run and (_clean_token(run[0]) in _DETERMINERS or run[0].lower().endswith("-based")):
            prefix.append(run[0])
            run = run[1:]
        role = " ".join(t for t in prefix if _clean_token(t) not in _DETERMINERS)
        return " ".join(run).strip(",.;:"), role.strip(" ,"), " ".join(run).strip(",.;:"), "organisation"
    # a person: the name follows the last title or nationality token of the run
    last_title = -1
    for k, low in enumerate(low_run):
        if (
            low in _TITLES
            or low in _NATIONALITIES
            or low.endswith("-based")
            or low.endswith("’s")
            or low.endswith("'s")
            or (run[k].isupper() and len(run[k]) <= 5 and run[k].isalpha())
        ):
            last_title = k
    name_tokens = run[last_title + 1 :]
    while name_tokens and _clean_token(name_tokens[0]) in _CONNECTORS:
        name_tokens = name_tokens[1:]
    role_tokens = prefix + run[: last_title + 1]
    role_tokens = [t for t in role_tokens] if role_tokens else []
    if role_tokens and _clean_token(role_tokens[0]) in _DETERMINERS:
        role_tokens = role_tokens[1:]
    if not name_tokens:
        return "", "", "", "description"
    return " ".join(name_tokens).strip(",.;:"), " ".join(role_tokens).strip(" ,"), "", "person"


def _strip_aux_tail(text: str) -> str:
    """Drop auxiliaries and adverbs just before a verb ("Novak also", "Sorokin had earlier")."""
    words = text.rstrip().split(" ")
    while words and words[-1].lower().strip(",") in _AUX:
        words.pop()
    return " ".join(words)


_FORCES = re.compile(
    r"\b(?:ukrainian|russian|ukraine['’]s|russia['’]s|kyiv['’]s|moscow['’]s|pro-russian|pro-kremlin)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:forces|troops|soldiers|army|units|military|fighters|brigades?|battalions?|"
    r"artillery|missiles|strikes|attacks?|offensive|counteroffensive|positions|lines)\b",
    re.IGNORECASE,
)
_OFFICIAL_WORDS = _EN.words("speech", "official_words")
