"""Quotation spans: curly (“…”), guillemet («…») and straight ("…") quotation marks, paired per paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAIRS = (("“", "”"), ("«", "»"))
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
    spans.sort(key=lambda q: q.start)
    kept: list[QuoteSpan] = []
    for q in spans:
        if not kept or q.start >= kept[-1].end:
            kept.append(q)
    return kept
