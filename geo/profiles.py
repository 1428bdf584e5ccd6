"""Conflict profiles, as package data: ``geo/data/profiles/<id>.toml`` (see russia-ukraine.toml).

A profile names a conflict's belligerents — N of them, each with an id, label, map colour, whether it
fights, its countries and its opponents — the cue words per language that point to each side, the names
that stand for a side as a speaker ("Kyiv said"), the theatre's countries and a default map view. Named
people with a known side are a separate data file with a source per row. Adding a conflict is adding a
file; ``Side`` lists the ids of the profile that ships as the default. The analyst's own profiles live in
``$FRONTLINE_DATA_DIR/profiles/`` (same format; one there overrides a packaged one of the same id).

Which profile an article uses: ``profile:`` in its front matter or a forced id (``--profile``), else the
profile whose ``detect`` cues (the theatre's places, its armed groups) score highest in the text —
the default profile unless another scores higher and at least ``MIN_DETECT``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

DEFAULT_PROFILE = "russia-ukraine"
MIN_DETECT = 4  # weight another profile's detect cues need before it replaces the default


class ProfileError(LookupError):
    """A profile file is missing or malformed."""


@dataclass(frozen=True)
class Cue:
    """A case-insensitive, word-bounded pattern that points to ``side`` with ``weight``."""

    pattern: str
    side: str
    weight: int
    source: str = ""  # for people: where their side is documented


@dataclass(frozen=True)
class Belligerent:
    id: str
    label: str
    colour: str
    combatant: bool
    countries: tuple[str, ...] = ()
    opponents: tuple[str, ...] = ()
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language → names standing for it
    cues: dict[str, tuple[Cue, ...]] = field(default_factory=dict)  # language → cues, in priority order
    adjectives: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language → its forces' adjectives


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per loaded file
class Profile:
    id: str
    label: str
    belligerents: tuple[Belligerent, ...]
    theatre: tuple[str, ...] = ()
    default_view: dict[str, float] = field(default_factory=dict)
    control_record: str = ""
    unknown: str = "unknown"
    independent: str = ""
    upper_only: dict[str, tuple[str, ...]] = field(default_factory=dict)
    people: tuple[Cue, ...] = ()
    held: tuple[tuple[str, dict[str, str]], ...] = ()  # (side, language → "X-held" pattern), in order
    detect: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # language → (regex, weight)

    @property
    def sides(self) -> tuple[str, ...]:
        """Every side id, the unknown side last."""
        return (*(b.id for b in self.belligerents), self.unknown)

    @property
    def combatants(self) -> tuple[str, ...]:
        return tuple(b.id for b in self.belligerents if b.combatant)

    def belligerent(self, side: str) -> Belligerent | None:
        return next((b for b in self.belligerents if b.id == side), None)

    def country_sides(self) -> dict[str, str]:
        """ISO country code → the combatant whose country it is."""
        return {cc: b.id for b in self.belligerents if b.combatant for cc in b.countries}

    def opposite(self, side: str) -> str:
        """The one opponent of ``side`` when it has exactly one; else the unknown side."""
        b = self.belligerent(side)
        return b.opponents[0] if b is not None and len(b.opponents) == 1 else self.unknown

    def cues(self, lang: str = "en") -> tuple[Cue, ...]:
        """Every cue of ``lang`` in priority order: the belligerents' own, then the named people."""
        own = tuple(c for b in self.belligerents for c in b.cues.get(lang, ()))
        return own + self.people

    def speaker_names(self, lang: str = "en") -> dict[str, str]:
        """Lower-case name → side, for names that speak for a side ("Moscow said")."""
        return {n: b.id for b in self.belligerents for n in b.names.get(lang, ())}

    def side_words(self, lang: str = "en") -> tuple[tuple[str, str], ...]:
        """(regex alternation of the adjectives naming a side's forces, side) per belligerent with some."""
        return tuple(
            ("|".join(b.adjectives[lang]), b.id) for b in self.belligerents if b.adjectives.get(lang)
        )

    def held_cues(self, lang: str = "en") -> tuple[tuple[str, str], ...]:
        """(regex, side) of phrases saying who holds a place ("Russian-held"), in the profile's order."""
        return tuple((patterns[lang], side) for side, patterns in self.held if lang in patterns)

    def colours(self) -> dict[str, str]:
        return {b.id: b.colour for b in self.belligerents}

    def labels(self) -> dict[str, str]:
        return {b.id: b.label for b in self.belligerents}

    def detect_score(self, text: str, lang: str = "en") -> int:
        """Total weight of this profile's detect cues in ``text`` (each occurrence counts)."""
        return sum(w * len(rx.findall(text)) for rx, w in _detect_patterns(self, lang))


@cache
def _detect_patterns(profile: Profile, lang: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    return tuple(
        (re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE), w)
        for p, w in profile.detect.get(lang, ())
    )


def _belligerent(row: dict[str, Any]) -> Belligerent:
    side = row["id"]
    return Belligerent(
        id=side,
        label=row.get("label", side),
        colour=row.get("colour", "#6b6b6b"),
        combatant=bool(row.get("combatant", False)),
        countries=tuple(row.get("countries", ())),
        opponents=tuple(row.get("opponents", ())),
        names={lang: tuple(v) for lang, v in row.get("names", {}).items()},
        cues={lang: tuple(Cue(p, side, int(w)) for p, w in v) for lang, v in row.get("cues", {}).items()},
        adjectives={lang: tuple(v) for lang, v in row.get("adjectives", {}).items()},
    )


def user_profile_dir() -> Path | None:
    """``$FRONTLINE_DATA_DIR/profiles`` when the data folder is set (the analyst's own profiles)."""
    root = os.environ.get("FRONTLINE_DATA_DIR")
    return Path(root).expanduser() / "profiles" if root else None


def _folders() -> list[Any]:
    """Where profiles are looked up, the analyst's folder first."""
    user = user_profile_dir()
    return [
        *([user] if user is not None and user.is_dir() else []),
        files("geo").joinpath("data", "profiles"),
    ]


def _read(name: str) -> dict[str, Any]:
    for folder in _folders():
        resource = folder.joinpath(name)
        if not resource.is_file():
            continue
        try:
            return tomllib.loads(resource.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ProfileError(f"profile {name}: {exc}") from exc
    raise ProfileError(f"no profile file {name} (known profiles: {', '.join(profile_ids())})")


def profile_ids() -> tuple[str, ...]:
    """Every profile id, packaged and the analyst's, sorted."""
    names = {
        p.name.removesuffix(".toml")
        for folder in _folders()
        for p in folder.iterdir()
        if p.name.endswith(".toml") and ".people." not in p.name
    }
    return tuple(sorted(names))


def load_profile(profile_id: str = DEFAULT_PROFILE) -> Profile:
    """The profile ``<profile_id>.toml`` (with its people file, if any), from the analyst's folder or the
    package; ProfileError when unknown or malformed."""
    return _load(profile_id, user_profile_dir())


@cache
def _load(profile_id: str, user: Path | None) -> Profile:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", profile_id or ""):
        raise ProfileError(f"profile id {profile_id!r}: use lower-case letters, digits and '-'")
    data = _read(f"{profile_id}.toml")
    people = _read(data["people"]) if data.get("people") else None
    return profile_from_data(data, people)


def all_profiles() -> tuple[Profile, ...]:
    """Every loadable profile, the default first (a malformed analyst file is skipped)."""
    found = []
    for pid in sorted(profile_ids(), key=lambda p: p != DEFAULT_PROFILE):
        try:
            found.append(load_profile(pid))
        except ProfileError:
            continue
    return tuple(found)


def detect_profile(text: str) -> Profile:
    """The profile whose detect cues weigh most in ``text``; the default unless another beats it and
    reaches ``MIN_DETECT``."""
    default = load_profile()
    best, best_score = default, default.detect_score(text)
    for profile in all_profiles():
        score = profile.detect_score(text)
        if profile is not default and score > best_score and score >= MIN_DETECT:
            best, best_score = profile, score
    return best


def profile_sides(articles: Any, article_id: str) -> tuple[str, ...]:
    """The sides of an article's profile, from an articles table with a ``profile`` column (the default
    profile's when the article, its profile or the column is missing)."""
    pid = ""
    if "profile" in getattr(articles, "columns", ()):
        rows = articles[articles["article_id"] == article_id]
        pid = str(rows.iloc[0]["profile"] or "") if len(rows) else ""
    try:
        return load_profile(pid).sides if pid else load_profile().sides
    except ProfileError:
        return load_profile().sides


def choose_profile(text: str, *, forced: str = "", declared: str = "") -> Profile:
    """The article's profile: ``forced`` (CLI, dashboard), else ``declared`` (front matter), else detected."""
    for pid in (forced, declared):
        if pid and pid != "auto":
            return load_profile(pid)
    return detect_profile(text)


def profile_from_data(data: dict[str, Any], people: dict[str, Any] | None = None) -> Profile:
    """A profile from parsed TOML (``people``: the parsed people file); ProfileError when malformed."""
    try:
        rows = (people or {}).get("people", ())
        profile = Profile(
            id=data["id"],
            label=data.get("label", data["id"]),
            belligerents=tuple(_belligerent(b) for b in data["belligerents"]),
            theatre=tuple(data.get("theatre", ())),
            default_view=dict(data.get("default_view", {})),
            control_record=data.get("control_record", ""),
            unknown=data.get("unknown", "unknown"),
            independent=data.get("independent", ""),
            upper_only={lang: tuple(v) for lang, v in data.get("upper_only", {}).items()},
            people=tuple(Cue(r["pattern"], r["side"], int(r["weight"]), r["source"]) for r in rows),
            held=tuple(
                (r["side"], {k: v for k, v in r.items() if k != "side"}) for r in data.get("held", ())
            ),
            detect={lang: tuple((p, int(w)) for p, w in v) for lang, v in data.get("detect", {}).items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProfileError(f"profile {data.get('id', '?')}: malformed ({exc})") from exc
    _check(profile)
    return profile


def _check(profile: Profile) -> None:
    """ProfileError when a side named anywhere is not a belligerent, or a pattern does not compile."""
    known = set(profile.sides)
    named = [o for b in profile.belligerents for o in b.opponents]
    named += [side for side, _ in profile.held] + [c.side for c in profile.people]
    unknown = sorted(set(named) - known)
    if unknown:
        raise ProfileError(f"profile {profile.id}: unknown side(s) {', '.join(unknown)}")
    patterns = [c.pattern for b in profile.belligerents for cues in b.cues.values() for c in cues]
    patterns += [p for b in profile.belligerents for words in b.adjectives.values() for p in words]
    patterns += [p for _, by_lang in profile.held for p in by_lang.values()]
    patterns += [p for cues in profile.detect.values() for p, _ in cues]
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ProfileError(f"profile {profile.id}: bad pattern {pattern!r} ({exc})") from exc
