"""Hand-made place mentions for tests that must not depend on the gazetteer or the place finder.

``mentions_for`` finds the given surfaces (whole words, longest first, no overlaps) in an article's text
and builds ``Mention`` records with the given ids, so quote/claim/join tests stay independent of
``geo.places``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo.records import Article, Mention
from geo.text.sentences import Sentence, sentence_index

# surface → (place_id, kind, metonymic)
SAMPLE_PLACES: dict[str, tuple[str, str, bool]] = {
    "Kharkiv region": ("gn:kharkiv-oblast", "region", False),
    "Kharkiv province": ("gn:kharkiv-oblast", "region", False),
    "Kharkiv Oblast": ("gn:kharkiv-oblast", "region", False),
    "Kharkiv": ("gn:kharkiv", "settlement", False),
    "Kherson": ("gn:kherson", "settlement", False),
    "Donbass": ("gn:donbas", "region", False),
    "Donbas": ("gn:donbas", "region", False),
    "Balakliia": ("gn:balakliia", "settlement", False),
    "Balaklia": ("gn:balakliia", "settlement", False),
    "Izyum": ("gn:izium", "settlement", False),
    "Izium": ("gn:izium", "settlement", False),
    "Dnipro River": ("gn:dnipro-river", "river", False),
    "Ukraine": ("gn:ukraine", "country", False),
    "Germany": ("gn:germany", "country", False),
    "Kyiv": ("gn:kyiv", "settlement", True),
    "Moscow": ("gn:moscow", "settlement", True),
    "Washington": ("gn:washington", "settlement", True),
    "Bayrak": ("gn:bayrak", "settlement", False),
    "Ramstein Air Base": ("gn:ramstein", "facility", False),
    "Kupyansk": ("gn:kupiansk", "settlement", False),
    "Kupiansk": ("gn:kupiansk", "settlement", False),
    "Prague": ("gn:prague", "settlement", False),
    "Brussels": ("gn:brussels", "settlement", False),
    # places of the hand-written generality paragraphs
    "Vovchansk": ("gn:vovchansk", "settlement", False),
    "Hrakove": ("gn:hrakove", "settlement", False),
    "Chuhuiv": ("gn:chuhuiv", "settlement", False),
    "Lyman": ("gn:lyman", "settlement", False),
    "Sviatohirsk": ("gn:sviatohirsk", "settlement", False),
    "Donetsk": ("gn:donetsk", "settlement", False),
    "Shevchenkove": ("gn:shevchenkove", "settlement", False),
    "Kreminna": ("gn:kreminna", "settlement", False),
    "Oskil River": ("gn:oskil-river", "river", False),
    # places of the hand-written articles on the southern front and around Lyman
    "Kherson Oblast": ("gn:kherson-oblast", "region", False),
    "Kherson region": ("gn:kherson-oblast", "region", False),
    "Mykhailivka": ("gn:mykhailivka", "settlement", False),
    "Zolota Balka": ("gn:zolota-balka", "settlement", False),
    "Davydiv Brid": ("gn:davydiv-brid", "settlement", False),
    "Nova Kakhovka": ("gn:nova-kakhovka", "settlement", False),
    "Mykolaiv": ("gn:mykolaiv", "settlement", False),
    "Oleshky": ("gn:oleshky", "settlement", False),
    "Hola Prystan": ("gn:hola-prystan", "settlement", False),
    "Dudchany": ("gn:dudchany", "settlement", False),
    "Mylove": ("gn:mylove", "settlement", False),
    "Torske": ("gn:torske", "settlement", False),
    "Zarichne": ("gn:zarichne", "settlement", False),
    "Sloviansk": ("gn:sloviansk", "settlement", False),
}


def place_kinds(table: dict[str, tuple[str, str, bool]] = SAMPLE_PLACES) -> dict[str, str]:
    """place_id → kind for the table."""
    return {pid: kind for pid, kind, _ in table.values()}


def mentions_for(
    article: Article,
    sentences: Sequence[Sentence],
    table: dict[str, tuple[str, str, bool]] = SAMPLE_PLACES,
) -> list[Mention]:
    """Mentions of every table surface in the article text (whole words, longest surface first)."""
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for surface in sorted(table, key=len, reverse=True):
        pid, _, metonymic = table[surface]
        for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", article.text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(
                Mention(
                    article_id=article.article_id,
                    start=m.start(),
                    end=m.end(),
                    surface=m.group(),
                    place_id=pid,
                    metonymic=metonymic,
                    confidence=1.0,
                    sentence=sentence_index(list(sentences), m.start()),
                )
            )
    return sorted(found, key=lambda m: m.start)
