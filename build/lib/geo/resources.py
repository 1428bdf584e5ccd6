"""Where the package's own data lives: ``geo/data/`` (package data, present in an installed wheel too)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DATA_DIR = Path(str(files("geo") / "data"))


def data_path(*parts: str) -> Path:
    """A path inside the package data folder (``data_path("control", "manifest.json")``)."""
    return DATA_DIR.joinpath(*parts)
