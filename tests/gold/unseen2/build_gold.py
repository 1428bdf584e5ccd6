"""Build the unseen2 gold files from the hand-written specs in ``specs.py``.

The specs name surfaces, coordinates, speakers and claims by hand; this script only computes offsets in
the *stored* text (``geo.ingest``), checks every fragment exists, attaches gazetteer ids of the intended
places (by coordinates, never by the product's resolver) and writes
``<article_id>.{places,quotes,claims}.json``.
It also prints every quotation of four words or more that the quote spec does not cover, and every
capitalised word that is neither a toponym nor a listed non-place, so nothing is silently left out.

Run: ``.venv/bin/python -m tests.gold.unseen2.build_gold``
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from geo.evaluate import TOLERANCE_KM, distance_km
from geo.gazetteer import Gazetteer
from geo.ingest import load_articles
from tests.gold.unseen2 import specs

ROOT = Path(__file__).resolve().parents[3]
ARTICLES = ROOT / "tests" / "data" / "unseen2"
GOLD = ROOT / "tests" / "gold" / "unseen2"


def _occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def gazetteer_id(gaz: Gazetteer, surface: str, ref: specs.Ref) -> str | None:
    """The gazetteer entry for ``surface`` that lies at the intended place (None when there is none)."""
    if ref.lat is None:
        return None
    tol = TOLERANCE_KM.get(ref.kind, 10.0)
    best = None
    for place in gaz.lookup(surface) + gaz.lookup(ref.name):
        if ref.kind == "country":
            if place.kind == "country" and place.country_code == ref.cc:
                return place.place_id
            continue
        d = distance_km(ref.lat, ref.lon, place.lat, place.lon)
        if d <= tol and (best is None or d < best[0]):
            best = (d, place.place_id)
    return best[1] if best else None


def build_places(article, spec: specs.ArticleSpec, gaz: Gazetteer) -> dict:
    text = article.text
    taken: list[tuple[int, int]] = []
    rows = []
    for t in sorted(spec.toponyms, key=lambda t: -len(t.surface)):
        occs = _occurrences(text, t.surface)
        if not occs:
            raise SystemExit(f"{article.article_id}: toponym {t.surface!r} not in text")
        chosen = [occs[i] for i in t.occ] if t.occ is not None else occs
        for span in chosen:
            if _overlaps(span, taken):
                if t.occ is not None:
                    raise SystemExit(f"{article.article_id}: {t.surface!r} occurrence overlaps another")
                continue
            taken.append(span)
            ref = t.ref
            rows.append({
                "start": span[0], "end": span[1], "surface": text[span[0]:span[1]], "kind": ref.kind,
                "lat": None if ref.kind == "country" else ref.lat,
                "lon": None if ref.kind == "country" else ref.lon,
                "country_code": ref.cc, "metonymic": t.meto, "place_id": None, "tolerance_km": t.tol,
                "note": t.note or ref.note, "optional": t.optional,
            })
    rows.sort(key=lambda r: r["start"])
    not_places = []
    for n in spec.not_places:
        occs = _occurrences(text, n.surface)
        if not occs:
            raise SystemExit(f"{article.article_id}: non-place {n.surface!r} not in text")
        for span in occs:
            if _overlaps(span, taken):
                continue
            not_places.append({"start": span[0], "end": span[1], "surface": n.surface, "why": n.why})
    not_places.sort(key=lambda r: r["start"])
    for row in rows:
        if row["lat"] is not None and row["kind"] != "country":
            ref = specs.Ref(row["kind"], row["lat"], row["lon"], row["country_code"], row["surface"])
            if gazetteer_id(gaz, row["surface"], ref) is None:
                print(f"  note: {article.article_id} {row['surface']!r}: no gazetteer entry under this name "
                      f"within tolerance of the gold point")
        elif row["lat"] is None and row["kind"] != "country" and gaz.lookup(row["surface"]):
            print(f"  WARNING: {row['surface']!r} is gold-unresolved but the gazetteer knows the name")
    _report_uncovered(text, rows, not_places, spec)
    return {
        "article_id": article.article_id,
        "article_path": str((ARTICLES / f"{article.article_id}.md").relative_to(ROOT)),
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "annotator": "hand-annotated (unseen2); coordinates are real-world reference points; lat/lon null = "
                     "village missing from the gazetteer (expect unresolved); optional rows are not scored",
        "toponyms": rows,
        "not_places": not_places,
    }


def _report_uncovered(text: str, rows: list[dict], not_places: list[dict], spec: specs.ArticleSpec) -> None:
    spans = [(r["start"], r["end"]) for r in rows] + [(n["start"], n["end"]) for n in not_places]
    ignore = set(spec.ignore_words) | specs.COMMON_CAPITALS
    seen = set()
    for m in re.finditer(r"\b[A-ZА-ЯІЇЄҐ][\w’'-]+", text):
        if _overlaps((m.start(), m.end()), spans) or m.group() in ignore or m.group() in seen:
            continue
        seen.add(m.group())
    if seen:
        print(f"  uncovered capitalised words: {sorted(seen)}")


def build_quotes(article, spec: specs.ArticleSpec) -> dict:
    text = article.text
    rows = []
    for q in spec.quotes:
        i = text.find(q.text)
        if i < 0:
            raise SystemExit(f"{article.article_id}: quote fragment {q.text!r} not in text")
        row = {"text": q.text, "speaker": q.speaker, "affiliation": q.affiliation, "date": q.date,
               "required": q.required, "start": i, "end": i + len(q.text)}
        if q.role is not None:
            row["role"] = q.role
        if q.also:
            row["speaker_also"] = list(q.also)
        rows.append(row)
    covered = [(r["start"], r["end"]) for r in rows]
    for m in re.finditer(r"[“\"]([^”\"\n]+)[”\"]", text):
        words = re.findall(r"[\w’']+", m.group(1))
        if len(words) >= 4 and not _overlaps((m.start(1), m.end(1)), covered):
            print(f"  WARNING: quotation not in gold: {m.group(1)[:60]!r}")
    return {"article_id": article.article_id, "quotes": rows, "not_quotes": list(spec.not_quotes)}


def build_claims(article, spec: specs.ArticleSpec, gaz: Gazetteer) -> dict:
    text = article.text
    rows = []
    for c in spec.claims:
        i = text.find(c.evidence)
        if i < 0:
            raise SystemExit(f"{article.article_id}: claim evidence {c.evidence!r} not in text")
        if text.find(c.evidence, i + 1) >= 0:
            raise SystemExit(f"{article.article_id}: claim evidence {c.evidence!r} is ambiguous")
        places = []
        for name in c.places:
            ref = specs.PLACES[name]
            places.append({"name": name, "kind": ref.kind, "lat": ref.lat, "lon": ref.lon,
                           "country_code": ref.cc, "place_id": gazetteer_id(gaz, name, ref)})
        ok = []
        for name in c.places_ok:
            ref = specs.PLACES[name]
            ok.append({"name": name, "kind": ref.kind, "lat": ref.lat, "lon": ref.lon,
                       "country_code": ref.cc, "place_id": gazetteer_id(gaz, name, ref)})
        rows.append({
            "kind": c.kind, "value_min": c.value_min, "value_max": c.value_max, "unit": c.unit,
            "place_ids": [p["place_id"] for p in places], "holder": c.holder, "date": c.date,
            "claimant": c.claimant, "affiliation": c.affiliation, "from_quote": c.from_quote,
            "required": c.required, "places": places, "places_ok": ok,
            "evidence": c.evidence, "start": i, "end": i + len(c.evidence), "note": c.note,
            "dates_ok": list(c.dates_ok),
        })
    return {"article_id": article.article_id, "claims": rows}


def main() -> None:
    gaz = Gazetteer.load()
    GOLD.mkdir(parents=True, exist_ok=True)
    for spec in specs.ARTICLES:
        path = ARTICLES / f"{spec.article_id}.md"
        article = load_articles([path]).articles[0]
        assert article.article_id == spec.article_id, article.article_id
        print(spec.article_id)
        for what, data in (("places", build_places(article, spec, gaz)),
                           ("quotes", build_quotes(article, spec)),
                           ("claims", build_claims(article, spec, gaz))):
            out = GOLD / f"{spec.article_id}.{what}.json"
            out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
