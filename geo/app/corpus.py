"""The analyst's corpus for the dashboard: stored articles → ``geo.compose`` → corrected, verified tables.

The composition itself (cached extraction, corrections, verification) is ``geo.compose``, shared with the
command line; this module only packages its result as the dashboard's ``Corpus``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geo.compose import (
    ExtractionCache,
    Progress,
    StoreExtractionCache,
    compose,
    extract_cached,
    mark_corrections,
)
from geo.corrections import Correction
from geo.extract.pipeline import Resources
from geo.extract.serial import extraction_from_json, extraction_to_json
from geo.records import Article, Mention

__all__ = [
    "Corpus",
    "ExtractionCache",
    "Progress",
    "StoreExtractionCache",
    "build_corpus",
    "extract_cached",
    "extraction_from_json",
    "extraction_to_json",
    "mark_corrections",
]


@dataclass
class Corpus:
    """What the dashboard shows: the tables plus the record they were verified against."""

    tables: dict[str, pd.DataFrame]
    record: Any
    revision: str
    warnings: list[str] = field(default_factory=list)
    unapplied: list[tuple[Any, str]] = field(default_factory=list)  # (correction, why it found no target)
    dismissed: list[Mention] = field(default_factory=list)  # mentions an analyst marked "not a place"

    @property
    def empty(self) -> bool:
        return self.tables["articles"].empty


def build_corpus(
    articles: Sequence[Article],
    resources: Resources,
    *,
    cache: ExtractionCache | None = None,
    corrections: Sequence[Correction] = (),
    revision: str = "",
    progress: Progress | None = None,
) -> Corpus:
    """Extract (cached), apply the analysts' corrections, verify the claims, and tabulate."""
    composed = compose(articles, resources, cache=cache, corrections=corrections, progress=progress)
    return Corpus(
        tables=composed.tables(),
        record=resources.record,
        revision=revision,
        warnings=composed.warnings,
        unapplied=composed.unapplied,
        dismissed=composed.dismissed,
    )
