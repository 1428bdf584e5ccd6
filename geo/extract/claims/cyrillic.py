"""Ukrainian and Russian claims of one sentence: control ("звільнили", "освобождён", "овладели", "взяли під
контроль"), withdrawals, area ("квадратних кілометрів", "кв. км"), advances ("просунулися на 5 км",
"продвинулись") and numbers of settlements, from ``geo/data/lang/<uk|ru>/claims.toml`` and ``numbers.toml``.

Holder: the side whose forces the clause names before the trigger (else after it: "освобождён российскими
войсками"); "наші" → the speaker's side, "ворог"/"противник" → its opponent; else, as in English, the
claimant's side when it is a combatant, else the side of the article's source. Withdrawals give the other
side. Claimant and date follow the English rules (``find``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from geo.extract.claims.context import ClaimDraft, _Context, _speaker_side
from geo.extract.claims.scope import _mentions_in
from geo.extract.sides import COMBATANTS, PROFILE, UNKNOWN, as_side, opposite
from geo.records import ClaimKind
from geo.text.sentences import Sentence

LANGS = ("uk", "ru")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UK_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RU_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
_BREAK = re.compile(r"[;:—–]|\.\s|,\s+(?:але|проте|однак|але|но|однако|а\s+також)\b", re.IGNORECASE)


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Lang:
    """One language's compiled claim patterns."""

    capture: re.Pattern[str]
    withdraw: re.Pattern[str]
    hold: re.Pattern[str]
    area: re.Pattern[str]
    distance: re.Pattern[str]
    count: re.Pattern[str]
    advance: re.Pattern[str]
    guard: re.Pattern[str]
    place_gap: re.Pattern[str]
    list_gap: re.Pattern[str]
    sides: tuple[tuple[re.Pattern[str], str], ...]
    ours: re.Pattern[str]
    enemy: re.Pattern[str]
    at_least: re.Pattern[str]
    at_most: re.Pattern[str]
    cardinals: tuple[tuple[str, int], ...]  # longest stems first
    multipliers: tuple[tuple[str, int], ...]
    periods: tuple[tuple[re.Pattern[str], str], ...]


def _table(lang: str, name: str) -> dict:
    resource = files("geo").joinpath("data", "lang", lang, f"{name}.toml")
    return tomllib.loads(resource.read_text(encoding="utf-8"))


@cache
def language(lang: str) -> _Lang:
    """The compiled claim vocabulary of ``lang`` ("uk" or "ru")."""
    c, n = _table(lang, "claims"), _table(lang, "numbers")
    i = re.IGNORECASE
    number_words = _alt(
        [re.escape(w) + r"\w*" for w in n["cardinals"]] + [re.escape(w) + r"\w*" for w in n["multipliers"]]
    )
    num = rf"(?:\d{{1,3}}(?:[\s ,.]\d{{3}})+|\d+(?:[.,]\d+)?|{number_words})(?:\s+(?:{number_words}))*\.?"
    qual = _alt(c["at_least"] + c["at_most"] + c["about"])
    quantity = rf"(?:(?<!\w)(?P<qual>{qual})(?!\w)\s*)?(?P<a>{num})(?:\s*(?:-|–|—|до)\s*(?P<b>{num}))?\s*"
    joins = _alt([j for j in c["list_joins"] if j != ","])
    sides = [(p, as_side(side)) for p, side in PROFILE.side_words(lang)]
    for side, row in c.get("sides", {}).items():  # (until the profile carries the language's adjectives)
        sides.append((_alt(row["words"]), as_side(side)))
    return _Lang(
        capture=re.compile(rf"(?<!\w)(?:{_alt(c['capture'])})(?!\w)", i),
        withdraw=re.compile(rf"(?<!\w)(?:{_alt(c['withdraw'])})(?!\w)", i),
        hold=re.compile(rf"(?<!\w)(?:{_alt(c['hold'])})(?!\w)", i),
        area=re.compile(quantity + rf"(?P<unit>{_alt(c['area_units'])})(?!\w)", i),
        distance=re.compile(quantity + rf"(?P<unit>{_alt(c['distance_units'])})(?!\w)", i),
        count=re.compile(quantity + rf"(?P<unit>{_alt(c['settlement_nouns'])})(?!\w)", i),
        advance=re.compile(rf"(?<!\w)(?:{_alt(c['advance'])})(?!\w)", i),
        guard=re.compile(rf"(?<!\w)(?:{_alt(c['guard'])})\s+(?:\w+\s+)?$", i),
        place_gap=re.compile(
            rf"\s*(?:(?:{_alt(c['place_preps'])})\s+)?(?:(?:{_alt(c['place_nouns'])})\s+)?[«\"]?\s*", i
        ),
        list_gap=re.compile(rf"\s*(?:,\s*|\s(?:{joins})\s+)+(?:(?:{_alt(c['place_nouns'])})\s+)?", i),
        sides=tuple((re.compile(rf"(?<!\w)(?:{p})(?!\w)", i), side) for p, side in sides),
        ours=re.compile(rf"(?<!\w)(?:{_alt(c['ours'])})(?!\w)", i),
        enemy=re.compile(rf"(?<!\w)(?:{_alt(c['enemy'])})(?!\w)", i),
        at_least=re.compile(rf"^(?:{_alt(c['at_least'])})\s*$", i),
        at_most=re.compile(rf"^(?:{_alt(c['at_most'])})\s*$", i),
        cardinals=tuple(sorted(n["cardinals"].items(), key=lambda kv: -len(kv[0]))),
        multipliers=tuple(sorted(n["multipliers"].items(), key=lambda kv: -len(kv[0]))),
        periods=tuple((re.compile(p, i), unit) for unit, ps in c.get("periods", {}).items() for p in ps),
    )


def sentence_language(sent: str) -> str | None:
    """ "uk", "ru" or None (no Cyrillic) for one sentence, from letters only one of the two uses."""
    if not _CYRILLIC.search(sent):
        return None
    uk, ru = len(_UK_LETTERS.findall(sent)), len(_RU_LETTERS.findall(sent))
    return "uk" if uk > ru else "ru"  # Ukrainian prose rarely goes a sentence without і, ї, є or ґ


def named_side(text: str) -> str:
    """The side a Cyrillic name or organisation names ("Генштаб ЗСУ" → ukraine), else unknown."""
    for code in LANGS:
        found = _sides_in(language(code), text, UNKNOWN)
        if found:
            return found[0][1]
    return UNKNOWN


def parse_number(lang: _Lang, text: str) -> float:
    """ "1 000", "1,5", "двадцять п'ять", "дві тисячі", "1,5 тис." → a float."""
    t = text.strip().rstrip(".").lower()
    digits = re.fullmatch(r"\d{1,3}(?:[\s ,.]\d{3})+", t)
    if digits:
        return float(re.sub(r"[\s ,.]", "", t))
    value, mult = 0.0, 1.0
    for word in t.split():
        if re.fullmatch(r"\d+(?:[.,]\d+)?", word):
            value += float(word.replace(",", "."))
            continue
        m = next((v for stem, v in lang.multipliers if word.startswith(stem)), None)
        if m is not None:
            mult = m
            continue
        value += next((v for stem, v in lang.cardinals if word.startswith(stem)), 0)
    return (value or 1.0) * mult


def _bounds(lang: _Lang, m: re.Match[str], factor: float = 1.0) -> tuple[float | None, float | None]:
    a = parse_number(lang, m.group("a")) * factor
    if m.group("b"):
        b = parse_number(lang, m.group("b")) * factor
        return min(a, b), max(a, b)
    qual = (m.group("qual") or "").lower()
    if lang.at_least.match(qual + " "):
        return a, None
    if lang.at_most.match(qual + " "):
        return None, a
    return a, a


def _sides_in(lang: _Lang, text: str, speaker: str) -> list[tuple[int, str]]:
    """(offset, side) of the forces named in ``text``; "the enemy" only when nothing else is named (it is
    more often the object: "вибили ворога і звільнили …")."""
    found = [(m.start(), side) for rx, side in lang.sides for m in rx.finditer(text)]
    if speaker in COMBATANTS:
        found += [(m.start(), speaker) for m in lang.ours.finditer(text)]
        if not found:
            found += [(m.start(), opposite(speaker)) for m in lang.enemy.finditer(text)]
    return sorted(found)


def _holder(ctx: _Context, lang: _Lang, s: Sentence, c_start: int, c_end: int, at: int, side: str) -> str:
    """The acting side: named before the trigger in its clause, else after it, else the claimant's or the
    source's combatant side."""
    text = ctx.article.text
    side = (
        side if side in COMBATANTS else ctx.source_side
    )  # "наші" in a channel's own post: the channel's side
    before = _sides_in(lang, text[c_start:at], side)
    if before:
        return before[-1][1]
    after = _sides_in(lang, text[at:c_end], side)
    if after:
        return after[0][1]
    if side in COMBATANTS:
        return side
    return ctx.source_side if ctx.source_side in COMBATANTS else UNKNOWN


def _places_after(ctx: _Context, lang: _Lang, pos: int, end: int) -> tuple[str, ...]:
    text = ctx.article.text
    after = [m for m in _mentions_in(ctx, pos, end) if m.place_id]
    if not after or not lang.place_gap.fullmatch(text, pos, after[0].start):
        return ()
    chosen = [after[0]]
    for m in after[1:]:
        if lang.list_gap.fullmatch(text, chosen[-1].end, m.start):
            chosen.append(m)
        else:
            break
    return tuple(dict.fromkeys(m.place_id for m in chosen if m.place_id))


def _place_before(ctx: _Context, lang: _Lang, start: int, at: int) -> tuple[str, ...]:
    before = [m for m in _mentions_in(ctx, start, at) if m.place_id]
    if before and len(ctx.article.text[before[-1].end : at].split()) <= 3:
        return (before[-1].place_id,)
    return ()


def _bounds_of_clause(ctx: _Context, s: Sentence, at: int) -> tuple[int, int]:
    text = ctx.article.text
    start = s.start
    for m in _BREAK.finditer(text, s.start, at):
        start = m.end()
    m = _BREAK.search(text, at, s.end)
    return start, (m.start() if m else s.end)


def period_of(lang_code: str, clause: str) -> str | None:
    """The period unit ("year", "month", "week", "day") a Cyrillic clause names, if any."""
    lang = language(lang_code)
    return next((unit for rx, unit in lang.periods if rx.search(clause)), None)


def cyrillic_claims(ctx: _Context, s: Sentence, code: str) -> list[ClaimDraft]:
    """The claims of one Ukrainian or Russian sentence (``code`` from ``sentence_language``)."""
    lang = language(code)
    text = ctx.article.text
    sent = text[s.start : s.end]
    out: list[ClaimDraft] = []

    def add(kind: str, at: int, vmin, vmax, unit: str, places: tuple[str, ...], holder: str) -> None:
        out.append(ClaimDraft(kind, at, vmin, vmax, unit, places, holder, s.index))

    figures: list[tuple[int, int]] = []
    for rx, kind, unit in (
        (lang.area, ClaimKind.AREA_GAIN, "km2"),
        (lang.count, ClaimKind.SETTLEMENT_COUNT, "settlements"),
    ):
        for m in rx.finditer(sent):
            at = s.start + m.start()
            c_start, c_end = _bounds_of_clause(ctx, s, at)
            clause = text[c_start:c_end]
            if not (lang.capture.search(clause) or lang.advance.search(clause) or lang.hold.search(clause)):
                continue
            figures.append((m.start(), m.end()))
            vmin, vmax = _bounds(lang, m)
            side = _speaker_side(ctx, s.index, at)
            add(kind, at, vmin, vmax, unit, (), _holder(ctx, lang, s, c_start, c_end, at, side))
    for m in lang.advance.finditer(sent):
        at = s.start + m.start()
        c_start, c_end = _bounds_of_clause(ctx, s, at)
        d = lang.distance.search(text, s.start + m.end(), c_end)
        if d is None or d.start() - (s.start + m.end()) > 25:
            continue
        vmin, vmax = _bounds(lang, d)
        side = _speaker_side(ctx, s.index, at)
        places = tuple(dict.fromkeys(x.place_id for x in _mentions_in(ctx, d.end(), c_end) if x.place_id))
        add(
            ClaimKind.ADVANCE_DISTANCE,
            at,
            vmin,
            vmax,
            "km",
            places,
            _holder(ctx, lang, s, c_start, c_end, at, side),
        )
    for rx, withdraw in ((lang.capture, False), (lang.withdraw, True), (lang.hold, False)):
        for m in rx.finditer(sent):
            if any(a <= m.start() < b for a, b in figures) or lang.guard.search(sent[: m.start()]):
                continue
            at = s.start + m.start()
            c_start, c_end = _bounds_of_clause(ctx, s, at)
            places = _places_after(ctx, lang, s.start + m.end(), c_end) or _place_before(
                ctx, lang, c_start, at
            )
            if not places:
                continue
            side = _speaker_side(ctx, s.index, at)
            holder = _holder(ctx, lang, s, c_start, c_end, at, side)
            if withdraw:
                holder = opposite(holder) if holder != UNKNOWN else UNKNOWN
            add(ClaimKind.SETTLEMENT_CONTROL, at, None, None, "", places, holder)
    return out


__all__ = [
    "LANGS",
    "cyrillic_claims",
    "language",
    "named_side",
    "parse_number",
    "period_of",
    "sentence_language",
]
