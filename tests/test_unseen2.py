"""Independent evaluation on six articles nobody tuned on (tests/data/unseen2, gold in tests/gold/unseen2).

Runs the real pipeline (``geo.extract.pipeline.extract_articles`` with the real gazetteer) and scores:

- places: recognition P/R/F1 (span overlap, one-to-one), resolution (settlements/facilities within 10 km,
  regions/rivers within 100 km unless a gold row sets ``tolerance_km``, countries by code, gazetteer-less
  villages must stay unresolved), metonymy, and persons/organisations taken for places;
- quotes: for every gold quotation (four words or more) whether it is found and its speaker, side and date;
- claims: settlement claims per (place, holder) unit, other kinds per claim (kind, value, holder, places,
  date); claimant is reported but not part of the floor.

``pytest tests/test_unseen2.py -s`` prints the per-article figures and every miss.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from geo.evaluate import TOLERANCE_KM, distance_km
from geo.extract.pipeline import Extraction, Resources, extract_articles
from geo.ingest import load_articles
from geo.records import Claim, Mention, Place, Quote
from geo.util import metrics

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "unseen2"
GOLD = ROOT / "tests" / "gold" / "unseen2"

FLOORS = {
    "place_f1": 0.90,
    "place_resolution": 0.85,
    "person_org_as_place": 0,
    "quote_found": 0.90,
    "quote_speaker": 0.85,
    "quote_side": 0.85,
    "claim_recall": 0.80,
    "claim_precision": 0.70,
}


# ------------------------------------------------------------------------------------------- helpers


def _norm(text: str) -> str:
    text = re.sub(r"[“”\"‘’'`]", "'", text)
    return " ".join(re.sub(r"[^\w' -]", " ", text).split()).casefold()


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


_TITLES = {
    "president",
    "gen",
    "general",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "maj",
    "major",
    "brig",
    "minister",
    "governor",
    "mayor",
    "dr",
    "mr",
    "ms",
    "mrs",
    "spokesman",
    "spokeswoman",
    "chief",
    "leader",
    "head",
    "adviser",
    "prime",
    "foreign",
    "deputy",
    "secretary",
    "sir",
}


def speaker_ok(found: str, gold: dict[str, Any]) -> tuple[bool, str]:
    """Right when equal to the gold speaker or an accepted spelling, when it is the gold name with titles
    before it ("President Volodymyr Zelensky"), or a two-word-or-longer part of it ("Defense Ministry")."""
    f = _norm(found).split()
    names = [_norm(gold["speaker"]).split()] + [_norm(a).split() for a in gold.get("speaker_also", [])]
    for g in names:
        if f == g:
            return True, ""
        if len(f) > len(g) and f[len(f) - len(g) :] == g and set(f[: len(f) - len(g)]) <= _TITLES:
            return True, ""
        if 2 <= len(f) < len(g) and any(g[i : i + len(f)] == f for i in range(len(g))):
            return True, ""
    if f and any(f[i : i + len(names[0])] == names[0] for i in range(len(f))):
        return False, "gold name with extra words"
    if f and f[-1:] == names[0][-1:]:
        return False, "surname only"
    return False, "wrong speaker"


@dataclass
class PlaceScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    res_ok: int = 0
    res_total: int = 0
    settle_ok: int = 0
    settle_total: int = 0
    unres_ok: int = 0
    unres_total: int = 0
    meto_ok: int = 0
    meto_total: int = 0
    not_place_hits: int = 0

    def add(self, other: PlaceScore) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def precision(self) -> float:
        return metrics.precision(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return metrics.recall(self.tp, self.fn)

    @property
    def f1(self) -> float:
        return metrics.f1(self.precision, self.recall)


@dataclass
class QuoteScore:
    total: int = 0
    found: int = 0
    speaker: int = 0
    side_total: int = 0
    side: int = 0
    date: int = 0
    spurious: int = 0

    def add(self, other: QuoteScore) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))


@dataclass
class ClaimScore:
    units: int = 0  # required gold units
    detected: int = 0  # a found claim of the right kind in the sentence, about the right place / value
    correct: int = 0  # detected and holder, value, places and date all right
    claimant_ok: int = 0
    found_units: int = 0
    found_matched: int = 0  # found units that correspond to some gold unit (required or optional)

    def add(self, other: ClaimScore) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def recall(self) -> float:
        return self.correct / self.units if self.units else 1.0

    @property
    def precision(self) -> float:
        return self.found_matched / self.found_units if self.found_units else 1.0


@dataclass
class Report:
    places: dict[str, PlaceScore] = field(default_factory=dict)
    quotes: dict[str, QuoteScore] = field(default_factory=dict)
    claims: dict[str, ClaimScore] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def total(self, what: str) -> Any:
        table = getattr(self, what)
        out = {"places": PlaceScore, "quotes": QuoteScore, "claims": ClaimScore}[what]()
        for score in table.values():
            out.add(score)
        return out


# ---------------------------------------------------------------------------------------- scoring


class Scorer:
    def __init__(self, extraction: Extraction, gazetteer: Any) -> None:
        self.ex = extraction
        self.gaz = gazetteer
        self.places: dict[str, Place] = {p.place_id: p for p in extraction.places}

    def place(self, place_id: str | None) -> Place | None:
        if not place_id:
            return None
        return self.places.get(place_id) or self.gaz.get(place_id)

    def is_at(self, place_id: str | None, gold: dict[str, Any], tolerance: float | None = None) -> bool:
        """Does ``place_id`` name the gold place (same id, same country for countries, or close enough)?"""
        place = self.place(place_id)
        if place is None:
            return False
        if gold.get("place_id") and gold["place_id"] == place_id:
            return True
        if gold["kind"] == "country":
            return place.kind == "country" and place.country_code == gold["country_code"]
        if gold.get("lat") is None:
            return False
        tol = tolerance or gold.get("tolerance_km") or TOLERANCE_KM.get(gold["kind"], 10.0)
        return distance_km(gold["lat"], gold["lon"], place.lat, place.lon) <= tol

    def describe(self, place_id: str | None) -> str:
        place = self.place(place_id)
        if place is None:
            return "unresolved"
        return f"{place.name} ({place.country_code}, {place.lat:.2f},{place.lon:.2f})"

    # -- places
    def score_places(
        self, aid: str, gold: dict[str, Any], mentions: list[Mention], misses: list[str]
    ) -> PlaceScore:
        s = PlaceScore()
        used: set[int] = set()
        for g in gold["toponyms"]:
            match = next(
                (
                    i
                    for i, m in enumerate(mentions)
                    if i not in used and _overlap(g["start"], g["end"], m.start, m.end)
                ),
                None,
            )
            if g.get("optional"):
                if match is not None:
                    used.add(match)
                continue
            if match is None:
                s.fn += 1
                misses.append(f"place missed: {g['surface']!r} @{g['start']} ({g['kind']})")
                continue
            used.add(match)
            m = mentions[match]
            s.tp += 1
            if g["kind"] != "country" and g["lat"] is None:
                s.unres_total += 1
                ok = m.place_id is None
                s.unres_ok += ok
                if not ok:
                    misses.append(
                        f"place not in gazetteer but resolved: {g['surface']!r} @{g['start']} "
                        f"→ {self.describe(m.place_id)}"
                    )
            else:
                ok = self.is_at(m.place_id, g)
                if g["kind"] in ("settlement", "facility"):
                    s.settle_total += 1
                    s.settle_ok += ok
                if not ok:
                    where = ""
                    place = self.place(m.place_id)
                    if place is not None and g["lat"] is not None:
                        where = f", {distance_km(g['lat'], g['lon'], place.lat, place.lon):.0f} km off"
                    misses.append(
                        f"place resolved wrong: {g['surface']!r} @{g['start']} ({g['kind']}) → "
                        f"{self.describe(m.place_id)}{where}"
                    )
            s.res_total += 1
            s.res_ok += ok
            if g.get("metonymic") is not None:
                s.meto_total += 1
                s.meto_ok += m.metonymic == g["metonymic"]
                if m.metonymic != g["metonymic"]:
                    misses.append(
                        f"metonymy wrong: {g['surface']!r} @{g['start']} metonymic={m.metonymic}, "
                        f"gold {g['metonymic']} ({g.get('note', '')})"
                    )
        for i, m in enumerate(mentions):
            if i in used:
                continue
            bad = next(
                (b for b in gold["not_places"] if _overlap(b["start"], b["end"], m.start, m.end)), None
            )
            s.fp += 1
            if bad is not None:
                s.not_place_hits += 1
                misses.append(
                    f"{bad['why']} taken as a place: {m.surface!r} @{m.start} → {self.describe(m.place_id)}"
                )
            else:
                misses.append(f"spurious place: {m.surface!r} @{m.start} → {self.describe(m.place_id)}")
        return s

    # -- quotes
    def score_quotes(
        self, gold: dict[str, Any], quotes: list[Quote], text: str, misses: list[str]
    ) -> QuoteScore:
        s = QuoteScore()
        matched: set[str] = set()
        for g in gold["quotes"]:
            q = next(
                (q for q in quotes if q.start >= 0 and _overlap(g["start"], g["end"], q.start, q.end)), None
            )
            if q is None:
                q = next((q for q in quotes if _norm(g["text"])[:40] in _norm(q.text)), None)
            if q is not None:
                matched.add(q.quote_id)
            if not g["required"]:
                continue
            s.total += 1
            short = g["text"][:50]
            if q is None:
                misses.append(f"quote missed: {short!r} (speaker {g['speaker']})")
                continue
            s.found += 1
            ok, why = speaker_ok(q.speaker, g)
            s.speaker += ok
            if not ok:
                misses.append(
                    f"quote speaker wrong ({why}): {short!r} → {q.speaker!r}, gold {g['speaker']!r}"
                )
            if g["affiliation"] is not None:
                s.side_total += 1
                s.side += q.affiliation == g["affiliation"]
                if q.affiliation != g["affiliation"]:
                    misses.append(
                        f"quote side wrong: {short!r} ({q.speaker}) → {q.affiliation}, "
                        f"gold {g['affiliation']}"
                    )
            s.date += q.date == g["date"]
            if q.date != g["date"]:
                misses.append(f"quote date wrong: {short!r} → {q.date}, gold {g['date']}")
        not_quotes = [_norm(n) for n in gold.get("not_quotes", [])]
        for q in quotes:
            if q.quote_id in matched:
                continue
            if len(re.findall(r"[\w’']+", q.text)) >= 4 and not any(n in _norm(q.text) for n in not_quotes):
                s.spurious += 1
                misses.append(f"spurious quote: {q.text[:50]!r} ({q.speaker})")
        return s

    # -- claims
    def _units(self, claim: Claim) -> list[str | None]:
        if claim.kind == "settlement_control":
            return list(claim.place_ids) or [None]
        return [None]

    def _value_ok(self, claim: Claim, g: dict[str, Any]) -> bool:
        def close(a: float | None, b: float | None) -> bool:
            if a is None or b is None:
                return a is None and b is None
            return abs(a - b) <= 0.01 * max(1.0, abs(b))

        return (
            close(claim.value_min, g["value_min"])
            and close(claim.value_max, g["value_max"])
            and (claim.unit == g["unit"])
        )

    def _places_ok(self, claim: Claim, g: dict[str, Any]) -> bool:
        found = list(claim.place_ids)
        for gp in g["places"]:
            if not any(self.is_at(pid, gp) for pid in found):
                return False
        allowed = g["places"] + g["places_ok"]
        # a country as an extra place is harmless ("retaken 3,000 sq km", said Ukraine's commander)
        return all(
            any(self.is_at(pid, gp) for gp in allowed) or getattr(self.place(pid), "kind", "") == "country"
            for pid in found
        )

    def score_claims(self, gold: dict[str, Any], claims: list[Claim], misses: list[str]) -> ClaimScore:
        s = ClaimScore()
        in_sentence = [
            [c for c in claims if _overlap(g["start"], g["end"], c.start, c.end)] for g in gold["claims"]
        ]
        used_units: set[tuple[str, str | None]] = set()
        for g, near in zip(gold["claims"], in_sentence, strict=True):
            dates = {g["date"], *g.get("dates_ok", [])}
            same_kind = [c for c in near if c.kind == g["kind"]]
            label = f"{g['kind']} {g['evidence'][:55]!r}"
            if g["kind"] == "settlement_control":
                for gp in g["places"]:
                    hits = [c for c in same_kind for pid in c.place_ids if self.is_at(pid, gp)]
                    for c in hits:
                        used_units.update((c.claim_id, pid) for pid in c.place_ids if self.is_at(pid, gp))
                    if not g["required"]:
                        continue
                    s.units += 1
                    if not hits:
                        why = (
                            "no claim in the sentence"
                            if not near
                            else f"found {[(c.kind, [self.describe(p) for p in c.place_ids]) for c in near]}"
                        )
                        misses.append(
                            f"claim missed: {label} place {gp['name']} holder {g['holder']} — {why}"
                        )
                        continue
                    s.detected += 1
                    best = next((c for c in hits if c.holder == g["holder"] and c.date in dates), None)
                    if best is None:
                        c = hits[0]
                        misses.append(
                            f"claim wrong: {label} place {gp['name']}: holder {c.holder} "
                            f"(gold {g['holder']}), date {c.date} (gold {g['date']})"
                        )
                        best_claimant = c
                    else:
                        s.correct += 1
                        best_claimant = best
                    self._claimant(s, best_claimant, g, label, misses)
                continue
            hits = [c for c in same_kind if self._value_ok(c, g)]
            for c in hits:
                used_units.add((c.claim_id, None))
            if not g["required"]:
                continue
            s.units += 1
            if not hits:
                why = (
                    "no claim in the sentence"
                    if not near
                    else f"found {[(c.kind, c.value_min, c.value_max, c.unit) for c in near]}"
                )
                misses.append(
                    f"claim missed: {label} value {g['value_min']}–{g['value_max']} {g['unit']} — {why}"
                )
                continue
            s.detected += 1
            good = [c for c in hits if c.holder == g["holder"] and c.date in dates and self._places_ok(c, g)]
            if good:
                s.correct += 1
                self._claimant(s, good[0], g, label, misses)
            else:
                c = hits[0]
                problems = []
                if c.holder != g["holder"]:
                    problems.append(f"holder {c.holder} (gold {g['holder']})")
                if c.date not in dates:
                    problems.append(f"date {c.date} (gold {g['date']})")
                if not self._places_ok(c, g):
                    problems.append(
                        f"places {[self.describe(p) for p in c.place_ids]} "
                        f"(gold {[p['name'] for p in g['places']]})"
                    )
                misses.append(f"claim wrong: {label}: " + "; ".join(problems))
                self._claimant(s, c, g, label, misses)
        for c in claims:
            for pid in self._units(c):
                s.found_units += 1
                if (c.claim_id, pid) in used_units:
                    s.found_matched += 1
                else:
                    what = self.describe(pid) if pid else f"{c.value_min}–{c.value_max} {c.unit}"
                    misses.append(f"spurious claim: {c.kind} {what} holder {c.holder} in {c.evidence[:70]!r}")
        return s

    def _claimant(self, s: ClaimScore, c: Claim, g: dict[str, Any], label: str, misses: list[str]) -> None:
        ok, _ = speaker_ok(c.claimant, {"speaker": g["claimant"]})
        s.claimant_ok += ok
        if not ok:
            misses.append(f"claimant differs: {label}: {c.claimant!r} (gold {g['claimant']!r})")


# ------------------------------------------------------------------------------------------ fixture


def _gold(aid: str, what: str) -> dict[str, Any]:
    return json.loads((GOLD / f"{aid}.{what}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> Report:
    paths = sorted(ARTICLES.glob("*.md"))
    articles = load_articles(paths).articles
    assert len(articles) == 6
    resources = Resources()
    extraction = extract_articles(articles, resources)
    scorer = Scorer(extraction, resources.gazetteer)
    rep = Report()
    for article in articles:
        aid = article.article_id
        places_gold = _gold(aid, "places")
        assert hashlib.sha256(article.text.encode()).hexdigest() == places_gold["text_sha256"], aid
        mentions = sorted((m for m in extraction.mentions if m.article_id == aid), key=lambda m: m.start)
        quotes = [q for q in extraction.quotes if q.article_id == aid]
        claims = [c for c in extraction.claims if c.article_id == aid]
        misses = rep.misses[aid]
        rep.places[aid] = scorer.score_places(aid, places_gold, mentions, misses)
        rep.quotes[aid] = scorer.score_quotes(_gold(aid, "quotes"), quotes, article.text, misses)
        rep.claims[aid] = scorer.score_claims(_gold(aid, "claims"), claims, misses)
    _print(rep)
    return rep


def _pct(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "n/a"


def _print(rep: Report) -> None:
    print("\n=== unseen2 evaluation ===")
    for aid in [*rep.places, "TOTAL"]:
        p = rep.total("places") if aid == "TOTAL" else rep.places[aid]
        q = rep.total("quotes") if aid == "TOTAL" else rep.quotes[aid]
        c = rep.total("claims") if aid == "TOTAL" else rep.claims[aid]
        print(f"\n{aid}")
        print(
            f"  places: P={p.precision:.2f} R={p.recall:.2f} F1={p.f1:.2f} (tp {p.tp} fp {p.fp} fn {p.fn})  "
            f"resolution={_pct(p.res_ok, p.res_total)} settlements10km={_pct(p.settle_ok, p.settle_total)} "
            f"unresolved-as-expected={_pct(p.unres_ok, p.unres_total)} "
            f"metonymy={_pct(p.meto_ok, p.meto_total)} person/org-as-place={p.not_place_hits}"
        )
        print(
            f"  quotes: found={_pct(q.found, q.total)} speaker={_pct(q.speaker, q.total)} "
            f"side={_pct(q.side, q.side_total)} date={_pct(q.date, q.total)} spurious={q.spurious}"
        )
        print(
            f"  claims: recall(all fields)={_pct(c.correct, c.units)} detected={_pct(c.detected, c.units)} "
            f"precision={_pct(c.found_matched, c.found_units)} claimant={_pct(c.claimant_ok, c.detected)}"
        )
    for aid, misses in rep.misses.items():
        print(f"\n--- misses in {aid} ({len(misses)})")
        for line in misses:
            print("  -", line)


# -------------------------------------------------------------------------------------------- tests


def test_gold_is_consistent() -> None:
    """Gold offsets slice the stored text and every gold quote/claim fragment is where it says."""
    for path in sorted(ARTICLES.glob("*.md")):
        article = load_articles([path]).articles[0]
        places = _gold(article.article_id, "places")
        for row in places["toponyms"] + places["not_places"]:
            assert article.text[row["start"] : row["end"]] == row["surface"]
        for row in _gold(article.article_id, "quotes")["quotes"]:
            assert article.text[row["start"] : row["end"]] == row["text"]
        for row in _gold(article.article_id, "claims")["claims"]:
            assert article.text[row["start"] : row["end"]] == row["evidence"]
            assert row["kind"] in ("area_gain", "advance_distance", "settlement_control", "distance")


def test_places(report: Report) -> None:
    p = report.total("places")
    assert p.f1 >= FLOORS["place_f1"], f"place F1 {p.f1:.2f}"
    assert p.res_ok / p.res_total >= FLOORS["place_resolution"], f"resolution {p.res_ok}/{p.res_total}"
    assert p.not_place_hits <= FLOORS["person_org_as_place"], (
        f"{p.not_place_hits} persons/orgs taken as places"
    )


def test_quotes(report: Report) -> None:
    q = report.total("quotes")
    assert q.found / q.total >= FLOORS["quote_found"], f"quotes found {q.found}/{q.total}"
    assert q.speaker / q.total >= FLOORS["quote_speaker"], f"speakers {q.speaker}/{q.total}"
    assert q.side / q.side_total >= FLOORS["quote_side"], f"sides {q.side}/{q.side_total}"


def test_claims(report: Report) -> None:
    c = report.total("claims")
    assert c.recall >= FLOORS["claim_recall"], f"claim recall {c.correct}/{c.units}"
    assert c.precision >= FLOORS["claim_precision"], f"claim precision {c.found_matched}/{c.found_units}"
