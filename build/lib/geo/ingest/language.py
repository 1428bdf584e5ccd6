"""The language of an article's text, as an ISO 639-1 code ("en", "uk", "ru", "de", …; "" when unknown).

Detection is ``py3langid`` (a maintained fork of langid.py: a naive Bayes model over byte n-grams, 97
languages, shipped inside the wheel, nothing downloaded at run time). The model is loaded once per process,
on the first article (about 0.7 CPU s). Only the first ``SAMPLE_CHARS`` characters are read: language does
not change within a news article, and the cost stays flat for long texts.
"""

from __future__ import annotations

import threading
from typing import Any

SAMPLE_CHARS = 3000
MIN_LETTERS = 12  # fewer letters than this ("Фото", "10:45") is too little to tell a language
MIN_CONFIDENCE = 0.5  # a normalised probability below this on a short text is reported as unknown
_SHORT = 200

_lock = threading.Lock()
_identifier: Any = None


def _model() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


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
