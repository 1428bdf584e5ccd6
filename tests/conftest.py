"""Shared test fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def record():  # type: ignore[no-untyped-def]
    """The derived DeepStateMap record (skips when geo/data/control is missing)."""
    from geo.control import ControlRecord, ControlRecordError

    try:
        return ControlRecord.load()
    except ControlRecordError:
        pytest.skip("no derived control record in geo/data/control")
