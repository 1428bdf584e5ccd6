"""Cached data for the dashboard: the store (sample loaded on first start), resources, and the corpus tables.

Heavy things live in ``st.cache_resource`` so a rerun after a widget change costs nothing here: the
gazetteer and control record load once per process, and the corpus is rebuilt only when the store's
revision (articles and active corrections) changes. Per-article extractions are cached in the store itself,
so a restart re-extracts nothing that was extracted before.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.app.corpus import Corpus, Progress, StoreExtractionCache, build_corpus
from geo.extract.pipeline import Resources
from geo.resources import data_path
from geo.store import DB_NAME, Store, open_store, store_url
from geo.store import data_dir as store_data_dir

SAMPLE_DIR = data_path("articles")


def data_dir() -> str:
    """The store's cache key: ``FRONTLINE_STORE_URL`` (a team store) if set, else the data folder
    (``FRONTLINE_DATA_DIR`` or the platform default)."""
    return store_url() or str(store_data_dir())


@st.cache_resource(show_spinner="Loading the gazetteer and the control record…")
def resources() -> Resources:
    """Gazetteer and control record, loaded once per server process."""
    return Resources()


@st.cache_resource(show_spinner="Opening the article store…")
def store(folder: str) -> Store:
    """The store in ``folder``; on its first start it is filled with the sample articles."""
    opened = open_store(folder) if "://" in folder else Store.open(Path(folder) / DB_NAME)
    opened.ensure_sample(SAMPLE_DIR)
    return opened


def current_store() -> Store:
    return store(data_dir())


def compute_corpus(opened: Store, res: Resources, progress: Progress | None = None) -> Corpus:
    """Build the corpus from the store now (extractions come from, and go to, the store's cache)."""
    return build_corpus(
        opened.articles(),
        res,
        cache=StoreExtractionCache(opened),
        corrections=opened.corrections(),
        revision=opened.revision(),
        progress=progress,
    )


@st.cache_resource(show_spinner="Reading the articles…", max_entries=3)
def _corpus(folder: str, rev: str, profile: str = "") -> Corpus:
    return compute_corpus(store(folder), resources_for(profile))


def resources_for(profile: str = "") -> Resources:
    """``resources()``, or the same gazetteer and record with a forced conflict profile ("" / "auto": each
    article's own)."""
    base = resources()
    if profile in ("", "auto"):
        return base
    return _forced(profile)


@st.cache_resource(max_entries=4)
def _forced(profile: str) -> Resources:
    base = resources()
    return Resources(base.gazetteer, base.record, load_record=False, online=base.online, profile=profile)


def load_corpus(profile: str = "") -> Corpus:
    """The current corpus (under a forced conflict profile when given), cached per store revision (tables
    are shared: treat them as read-only)."""
    folder = data_dir()
    return _corpus(folder, store(folder).revision(), "" if profile == "auto" else profile)


def extract_pending(progress: Progress | None = None) -> Corpus:
    """Extract the articles not extracted yet, reporting progress (the next ``load_corpus`` reuses them)."""
    return compute_corpus(current_store(), resources(), progress)
