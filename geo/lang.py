"""Per-language vocabularies, as package data: ``geo/data/lang/<code>/*.toml``.

Each language is one folder (``en`` now); adding a language is adding a folder with the same files:
``speech.toml`` (speech verbs, auxiliaries, titles, nationalities, organisation heads, pronouns),
``numbers.toml`` (number words) and ``claims.toml`` (claim trigger phrases). Loaded once per language.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

FILES = ("speech", "numbers", "claims")


class VocabularyError(LookupError):
    """A language folder or one of its files is missing or unreadable."""


@dataclass(frozen=True)
class Vocabulary:
    """One language's word lists (see the data files for what each list is)."""

    lang: str
    speech: dict[str, Any]
    claims: dict[str, Any]
    cardinals: dict[str, int]  # "fifty" → 50
    vague: dict[str, int]  # "a" → 1, "several" → 3

    @property
    def number_words(self) -> dict[str, int]:
        """Every number word with its value (cardinals first)."""
        return {**self.cardinals, **self.vague}

    def words(self, table: str, key: str) -> frozenset[str]:
        return frozenset(getattr(self, table)[key])

    def alternation(self, table: str, key: str) -> str:
        """A list of regular-expression alternatives joined with ``|``, in file order."""
        return "|".join(getattr(self, table)[key])


def _folder(lang: str) -> Any:
    return files("geo").joinpath("data", "lang", lang)


def languages() -> tuple[str, ...]:
    """The language codes with a vocabulary folder."""
    root = files("geo").joinpath("data", "lang")
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath("speech.toml").is_file()))


@cache
def vocabulary(lang: str = "en") -> Vocabulary:
    """The vocabulary of ``lang`` (a folder under ``geo/data/lang``)."""
    data: dict[str, dict[str, Any]] = {}
    for name in FILES:
        resource = _folder(lang).joinpath(f"{name}.toml")
        try:
            data[name] = tomllib.loads(resource.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise VocabularyError(f"vocabulary {lang}/{name}.toml: {exc}") from exc
    numbers = data["numbers"]
    return Vocabulary(
        lang=lang,
        speech=data["speech"],
        claims=data["claims"],
        cardinals=dict(numbers.get("cardinals", {})),
        vague=dict(numbers.get("vague", {})),
    )
