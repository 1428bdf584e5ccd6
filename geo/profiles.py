"""Conflict profiles, as package data: ``geo/data/profiles/<id>.toml`` (see russia-ukraine.toml).

A profile names a conflict's belligerents — N of them, each with an id, label, map colour, whether it
fights, its countries and its opponents — the cue words per language that point to each side, the names
that stand for a side as a speaker ("Kyiv said"), the theatre's countries and a default map view. Named
people with a known side are a separate data file with a source per row. Adding a conflict is adding a
file; ``Side`` lists the ids of the profile that ships as the default.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

DEFAULT_PROFILE = "russia-ukraine"


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


@dataclass(frozen=True)
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


def _read(name: str) -> dict[str, Any]:
    resource = files("geo").joinpath("data", "profiles", name)
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"profile {name}: {exc}") from exc


def profile_ids() -> tuple[str, ...]:
    root = files("geo").joinpath("data", "profiles")
    names = (p.name for p in root.iterdir() if p.name.endswith(".toml") and ".people." not in p.name)
    return tuple(sorted(n.removesuffix(".toml") for n in names))


@cache
def load_profile(profile_id: str = DEFAULT_PROFILE) -> Profile:
    """The profile ``geo/data/profiles/<profile_id>.toml`` (with its people file, if any)."""
    data = _read(f"{profile_id}.toml")
    people = _read(data["people"]) if data.get("people") else None
    return profile_from_data(data, people)


def profile_from_data(data: dict[str, Any], people: dict[str, Any] | None = None) -> Profile:
    """A profile from parsed TOML (``people``: the parsed people file); ProfileError when malformed."""
    try:
        rows = (people or {}).get("people", ())
        return Profile(
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
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProfileError(f"profile {data.get('id', '?')}: malformed ({exc})") from exc
