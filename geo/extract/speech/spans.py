"""Quotation spans: curly (“…”), guillemet («…»), low-high („…“), straight ("…") and single ('…', ‘…’)
quotation marks, paired per paragraph; an outer quotation hides the ones inside it."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"))
_WORD = re.compile(r"[\w’']+")


@dataclass(frozen=True)
class QuoteSpan:
    """One quotation in the text: ``start``/``end`` include the marks, ``inner_*`` the quoted words."""

    start: int
    end: int
    inner_start: int
    inner_end: int

    def words(self, text: str) -> int:
        return len(_WORD.findall(text[self.inner_start : self.inner_end]))


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quotation, in order. An opening mark left unclosed runs to the end of its paragraph."""
    spans: list[QuoteSpan] = []
    for opener, closer in _PAIRS:
        pos = 0
        while (i := text.find(opener, pos)) >= 0:
            para_end = text.find("\n", i)
            para_end = len(text) if para_end < 0 else para_end
            j = text.find(closer, i + 1, para_end)
            nxt = text.find(opener, i + 1, para_end)
            if j < 0 or (0 <= nxt < j):
                end = nxt if nxt >= 0 else para_end
                spans.append(QuoteSpan(i, end, i + 1, end))
                pos = end
            else:
                spans.append(QuoteSpan(i, j + 1, i + 1, j))
                pos = j + 1
    pos = 0
    while (a := text.find('"', pos)) >= 0:  # straight quotes pair up within a paragraph
        para_end = text.find("\n", a)
        para_end = len(text) if para_end < 0 else para_end
        b = text.find('"', a + 1, para_end)
        if b < 0:
            pos = para_end
            continue
        spans.append(QuoteSpan(a, b + 1, a + 1, b))
        pos = b + 1
    spans.extend(_single_quoted(text))
    spans.sort(key=lambda q: (q.start, -q.end))
    kept: list[QuoteSpan] = []
    for q in spans:
        if not kept or q.start >= kept[-1].end:
            kept.append(q)
    return kept


# A single quotation mark opens at the start of a word (not an apostrophe: "Ukraine's", "'90s" followed by
# a digit) and closes after a word, before a non-letter ("the Russians' lines" has no opener before it).
_SINGLE = re.compile(r"['‘](?=[^\W\d_])([^'‘’\n]{1,300}?[^\s'‘’])['’](?![^\W_])")
_SINGLE_MARKS = re.compile(r"['‘]")


def _single_quoted(text: str) -> list[QuoteSpan]:
    """Quotations in single marks, within a line; a phrase of one word with an apostrophe-like mark after
    a letter ("rock 'n' roll") is skipped."""
    out = []
    end = 0
    for opener in _SINGLE_MARKS.finditer(text):  # openers only: apostrophes inside words are skipped fast
        i = opener.start()
        if i < end or (i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_'’‘")):
            continue
        if not text[i + 1 : i + 2].isalpha():
            continue
        m = _SINGLE.match(text, opener.start())
        if m is None:
            continue
        inner = m.group(1)
        if len(_WORD.findall(inner)) < 2 and len(inner) < 3:
            continue
        out.append(QuoteSpan(m.start(), m.end(), m.start(1), m.end(1)))
        end = m.end()
    return out
