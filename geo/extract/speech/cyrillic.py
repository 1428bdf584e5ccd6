"""Ukrainian and Russian attributions: dash attribution after a quotation ("«…», — заявив голова ОВА
Ім'я Прізвище."), a colon after the speaker ("Речник заявив: «…»") and "за словами X" / "по словам X".

Vocabularies are data (``geo/data/lang/uk|ru/speech.toml``); a speaker phrase splits into a role (title
and office words), a name (the capitalised words after it) and an organisation; a pronoun or a bare title
("— додав губернатор") refers back to the latest person (with that title). The language of a text is told
from its letters (``language_of``).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from typing import Any

from geo.extract.speech.phrases import MASK, UNKNOWN_SPEAKER, Attribution, Speaker, _merged, mask_spans
from geo.records import Side
from geo.text.sentences import Sentence

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


def language_of(text: str, default: str = "uk") -> str:
    """ "uk", "ru" or "en" from the letters of ``text`` (Cyrillic beyond a third of the letters); ``default``
    when the letters of both Cyrillic languages balance."""
    if _CYRILLIC.search(text) is None:
        return "en"
    cyr = len(_CYRILLIC.findall(text))
    if not cyr or cyr < len(_LATIN.findall(text)) / 2:
        return "en"
    uk, ru = len(_UK_ONLY.findall(text)), len(_RU_ONLY.findall(text))
    return default if uk == ru and default in ("uk", "ru") else ("uk" if uk > ru else "ru")


@dataclass(frozen=True)
class CyrillicSpeech:
    """One language's speech words (see the data files)."""

    lang: str
    verbs: tuple[str, ...]
    according: tuple[str, ...]
    source_prepositions: frozenset[str]
    tail_prepositions: tuple[str, ...]
    titles: tuple[str, ...]
    organisations: tuple[str, ...]
    lemmas: dict[str, str]
    pronouns: dict[str, str]
    side_cues: dict[str, tuple[str, ...]]
    dates: dict[str, Any]

    def is_title(self, word: str) -> bool:
        return _stem_in(word, self.titles)

    def is_organisation(self, word: str) -> bool:
        return _stem_in(word, self.organisations)

    def side(self, phrase: str) -> str:
        """The belligerent id a role or organisation names (``side_cues``), else unknown."""
        low = phrase.lower().replace("-", "")
        for side, cues in self.side_cues.items():
            if any(c in low for c in cues):
                return Side(side) if side in Side.__members__.values() else side
        return Side.UNKNOWN


def _stem_in(word: str, stems: Sequence[str]) -> bool:
    w = word.lower().replace("-", "").strip(',.;:«»"()')
    return any(w == s or (len(s) >= 4 and w.startswith(s)) for s in stems)


@cache
def speech_words(lang: str) -> CyrillicSpeech:
    """The speech vocabulary of ``lang`` ("uk" or "ru") from ``geo/data/lang/<lang>/speech.toml``."""
    raw = files("geo").joinpath("data", "lang", lang, "speech.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return CyrillicSpeech(
        lang=lang,
        verbs=tuple(data["verbs"]),
        according=tuple(data["according"]),
        source_prepositions=frozenset(data["source_prepositions"]),
        tail_prepositions=tuple(data["tail_prepositions"]),
        titles=tuple(data["titles"]),
        organisations=tuple(data["organisations"]),
        lemmas=dict(data.get("lemmas", {})),
        pronouns=dict(data.get("pronouns", {})),
        side_cues={k: tuple(v) for k, v in data.get("side_cues", {}).items()},
        dates=dict(data.get("dates", {})),
    )


@cache
def _patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = speech_words(lang)
    verbs = "|".join(sorted(map(re.escape, words.verbs), key=len, reverse=True))
    according = "|".join(sorted(map(re.escape, words.according), key=len, reverse=True))
    dash = re.compile(rf"[,.!?…]?\s*[—–-]+\s*(?P<verb>{verbs})\b\s*(?P<phrase>[^.;:!?¤—–\n]*)", re.IGNORECASE)
    colon = re.compile(
        rf"(?P<phrase>[^.;:!?¤—–\n]*?)\s*\b(?P<verb>{verbs})\b[^.;:!?¤—–\n«»]{{0,60}}:\s*$", re.IGNORECASE
    )
    acc = re.compile(rf"\b(?P<verb>{according})\s+(?P<phrase>[^.;:!?¤—–\n,]*)", re.IGNORECASE)
    return dash, colon, acc


def _is_name_word(token: str) -> bool:
    t = token.strip(',.;:«»"()')
    return len(t) > 1 and t[0].isupper() and not t.isupper()


def parse_phrase(phrase: str, words: CyrillicSpeech) -> tuple[str, str, str, str]:
    """(name, role, organisation, kind) of a Cyrillic speaker phrase; kind as in ``Attribution``."""
    tokens = phrase.strip(" ,").split()
    if not tokens:
        return "", "", "", "empty"
    if tokens[0].lower() in words.source_prepositions:  # "в Генштабі ЗСУ": an impersonal source
        body = " ".join(words.lemmas.get(t.lower(), t) for t in tokens[1:])
        if not any(words.is_organisation(t) or t.isupper() for t in tokens[1:]):
            return "", "", "", "source"  # "— наголосили у зведенні": the source named before
        return body, "", body, "organisation"
    for k, t in enumerate(tokens[1:], 1):  # "він у Telegram", "губернатор під час брифінгу"
        if t.lower() in words.tail_prepositions:
            tokens = tokens[:k]
            break
    if len(tokens) == 1 and tokens[0].lower() in words.pronouns:
        return "", "", "", "pronoun"
    end = len(tokens)
    start = end
    while (
        start > 0
        and _is_name_word(tokens[start - 1])
        and not (words.is_organisation(tokens[start - 1]) or words.is_title(tokens[start - 1]))
    ):
        start -= 1
    name_tokens = tokens[start:end]
    role = " ".join(tokens[:start])
    if name_tokens:
        org = " ".join(t for t in tokens[:start] if words.is_organisation(t) or t.isupper())
        return " ".join(name_tokens), role, org, "person"
    if any(words.is_organisation(t) or t.isupper() for t in tokens):
        body = " ".join(words.lemmas.get(t.lower(), t) for t in tokens)
        return body, "", body, "organisation"
    if any(words.is_title(t) for t in tokens):
        return "", role or " ".join(tokens), "", "description"
    return "", "", "", "empty"


def find_cyrillic_attributions(
    text: str, sentences: Sequence[Sentence], quote_spans: Sequence[tuple[int, int]], lang: str
) -> list[tuple[Attribution, Speaker]]:
    """Attributions of a Ukrainian or Russian text with their speakers, in text order."""
    words = speech_words(lang)
    dash, colon, acc = _patterns(lang)
    spans = _merged(quote_spans)
    starts = [s.start for s in sentences]
    found: list[Attribution] = []

    def add(sent: Sentence, offset: int, m: re.Match[str], inverted: bool) -> None:
        phrase = m.group("phrase").strip()
        name, role, org, kind = parse_phrase(phrase, words)
        if kind == "empty":
            return
        a, b = offset + m.start("verb"), offset + m.end("verb")
        found.append(Attribution(sent.index, a, b, m.group("verb"), phrase, name, role, org, kind, inverted))

    for _, end in spans:  # «…», — заявив X
        index = max(bisect_right(starts, end) - 1, 0)
        if not sentences:
            break
        tail_end = text.find("\n", end)
        tail_end = len(text) if tail_end < 0 else tail_end
        m = dash.match(text, end, min(tail_end, end + 200))
        if m is not None:
            add(sentences[index], 0, m, True)
    for start, _ in spans:  # X заявив: «…»
        line_start = text.rfind("\n", 0, start) + 1
        m = colon.search(text, max(line_start, start - 200), start)
        if m is not None and m.group("phrase").strip():
            add(sentences[max(bisect_right(starts, start) - 1, 0)], 0, m, False)
    for s in sentences:  # за словами X, …
        masked = mask_spans(text[s.start : s.end], spans, s.start)
        for m in acc.finditer(masked):
            if MASK not in m.group("phrase"):
                add(s, s.start, m, True)
    found.sort(key=lambda a: a.verb_start)
    return [(a, sp) for a, sp in zip(found, _resolve(found, words, _introduced(text, words)), strict=True)]


_NAME_PAIR = re.compile(r"(?<![\w’'-])(?=([А-ЯІЇЄҐЁ][а-яіїєґё’'-]+\s+[А-ЯІЇЄҐЁ][а-яіїєґё’'-]+)\b)")


def _introduced(text: str, words: CyrillicSpeech) -> list[tuple[int, str, str]]:
    """(offset, name, role) of people named after a title ("Військовий блогер Андрій Гуменюк пише")."""
    out = []
    for m in _NAME_PAIR.finditer(text):
        if words.is_title(m.group(1).split()[0]) or words.is_organisation(m.group(1).split()[0]):
            continue
        before = text[max(0, m.start() - 80) : m.start()].split()[-4:]
        role: list[str] = []
        for t in reversed(before):
            if not (words.is_title(t) or words.is_organisation(t) or t[:1].islower() or t.isupper()):
                break
            role.insert(0, t)
        if any(words.is_title(t) for t in role):
            out.append((m.start(), m.group(1), " ".join(role)))
    return out


def _resolve(
    attributions: Sequence[Attribution],
    words: CyrillicSpeech,
    introduced: Sequence[tuple[int, str, str]] = (),
) -> list[Speaker]:
    """Speakers in text order: a surname is the person introduced or quoted before with it; pronouns and
    bare titles refer back to the latest person (with the title)."""
    people: list[Speaker] = []
    out: list[Speaker] = []
    pending = sorted(introduced)
    last_org: Speaker | None = None
    for att in attributions:
        while pending and pending[0][0] < att.verb_start:
            _, name, role = pending.pop(0)
            if not any(_same_person(p.name, name) for p in people):
                people.append(Speaker(name, role, words.side(role), "person", "", att.sentence))
        if att.kind == "person":
            known = next((p for p in reversed(people) if _same_person(p.name, att.name)), None)
            role = att.role or (known.role if known else "")
            sp = Speaker(
                known.name if known else att.name,
                role,
                words.side(f"{role} {att.organisation}"),
                "person",
                att.organisation,
                att.sentence,
            )
            people = [p for p in people if p.name != sp.name] + [sp]
        elif att.kind == "organisation":
            sp = Speaker(att.name, "", words.side(att.name), "organisation", att.organisation, att.sentence)
            last_org = sp
        elif att.kind == "source":
            sp = replace(last_org, sentence=att.sentence) if last_org else UNKNOWN_SPEAKER
        elif att.kind == "pronoun":
            sp = replace(people[-1], sentence=att.sentence) if people else UNKNOWN_SPEAKER
        else:  # a bare title: the latest person whose role shares a title word
            wanted = [t for t in att.role.split() if words.is_title(t)]
            sp = next(
                (
                    replace(p, sentence=att.sentence)
                    for p in reversed(people)
                    if any(_stem_match(w, p.role) for w in wanted)
                ),
                Speaker(att.role, att.role, words.side(att.role), "description", "", att.sentence),
            )
        out.append(sp)
    return out


def _stem_match(word: str, role: str) -> bool:
    stem = word.lower()[: max(4, len(word) - 3)]
    return any(r.lower().startswith(stem) for r in role.split())


def _same_person(a: str, b: str) -> bool:
    """Same surname up to its case ending ("Синєгубов" / "Синєгубова")."""
    x, y = a.split()[-1].lower(), b.split()[-1].lower()
    n = min(len(x), len(y))
    return n >= 4 and x[: n - 1] == y[: n - 1] if x != y else True
