"""The language of an article's text, as an ISO 639-1 code ("en", "uk", "ru", "de", …; "" when unknown).

Detection is ``py3langid`` (a maintained fork of langid.py: a naive Bayes model over byte n-grams, 97
languages, shipped inside the wheel, nothing downloaded at run time). The model is loaded once per process,
on the first article. It ships LZMA-compressed (0.5 CPU s to unpack), so the unpacked arrays are kept in the
cache folder beside the gazetteer index, and later processes map them in milliseconds. Only the first
``SAMPLE_CHARS`` characters are read: language does not change within a news article, and the cost stays
flat for long texts.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

SAMPLE_CHARS = 3000
MIN_LETTERS = 12  # fewer letters than this ("Фото", "10:45") is too little to tell a language
MIN_CONFIDENCE = 0.5  # a normalised probability below this on a short text is reported as unknown
_SHORT = 200

_ARRAYS = ("ptc", "pc", "classes", "nextmove", "row", "output")
_lock = threading.Lock()
_identifier: Any = None


def _model() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            _identifier = _load()
    return _identifier


def _load() -> Any:
    from py3langid import langid

    try:
        return _load_cached(langid)
    except Exception:  # any trouble with the cached copy: the packaged model is always there
        return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def _load_cached(langid: Any) -> Any:
    """The model from unpacked arrays in the cache folder (made on first use); the large table is mapped."""
    import numpy as np
    from py3langid.modelio import _to_array, load_model

    from geo.gazetteer.build import default_cache_dir

    packaged = Path(langid.MODEL_DIR) / langid.MODEL_FILE
    stat = packaged.stat()
    folder = default_cache_dir() / f"langid-{stat.st_size}-{int(stat.st_mtime)}"
    if not (folder / "done").exists():
        ptc, pc, classes, nextmove, row, output = load_model(packaged)
        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        arrays = {"ptc": ptc, "pc": pc, "classes": np.array(classes), "nextmove": np.asarray(nextmove),
                  "row": np.asarray(row), "output": np.asarray(output)}
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", array, allow_pickle=False)
        (tmp / "done").write_text("ok\n", encoding="utf-8")
        try:
            os.replace(tmp, folder)
        except OSError:  # another process finished first
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    data = {n: np.load(folder / f"{n}.npy", mmap_mode="r" if n == "ptc" else None) for n in _ARRAYS}
    return langid.LanguageIdentifier(
        data["ptc"], data["pc"], data["classes"].tolist(), _to_array(data["nextmove"]),
        data["output"].tolist(), norm_probs=True, tk_row=_to_array(data["row"]),
    )


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, or "" when the text is too short or the model unsure."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    if letters < MIN_LETTERS:
        return ""
    code, probability = _model().classify(sample)
    if letters < _SHORT and probability < MIN_CONFIDENCE:
        return ""
    return str(code)
