"""Score the place stage against hand-made gold files: recognition P/R/F1, resolution accuracy, metonymy.

Gold format (``tests/gold/<article_id>.places.json``)::

    {"article_id": "...", "article_path": "data/articles/....md", "text_sha256": "...",
     "toponyms": [{"start": 30, "end": 36, "surface": "Moscow", "kind": "settlement",
                   "lat": 55.75, "lon": 37.62, "country_code": "RU", "metonymic": true,
                   "place_id": null, "tolerance_km": null, "note": ""}, ...],
     "not_places": [{"start": 2669, "end": 2702, "surface": "Anna Novak", "why": "person"}, ...]}

Offsets slice the stored article text (``geo.ingest``). ``lat``/``lon`` null means the place is known
to be missing from the gazetteer: the right answer is an unresolved mention (countries are judged by
``country_code`` and need no point). ``metonymic`` null means
"not judged". A row with ``"optional": true`` is not scored: neither required nor spurious when found.
A predicted mention matches a gold toponym when their spans overlap (one-to-one).
Resolution is correct when the place_id equals the gold one, or (countries) the country code matches,
or the chosen point lies within the tolerance: 10 km for settlements and facilities, 100 km for regions,
rivers and other areas, unless the gold row sets ``tolerance_km``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.gazetteer.index import Gazetteer
from geo.ingest import load_articles
from geo.places import find_places
from geo.records import Article, Mention
from geo.resources import data_path
from geo.util.geodesy import distance_km
from geo.util.metrics import f1, precision, recall

TOLERANCE_KM = {"settlement": 10.0, "facility": 10.0, "region": 100.0, "river": 100.0, "other": 100.0}


@dataclass
class Score:
    """Counts of one or more gold files; figures are derived properties."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    resolved_ok: int = 0
    resolved_total: int = 0
    settle_ok: int = 0
    settle_total: int = 0
    meto_ok: int = 0
    meto_total: int = 0
    not_place_hits: int = 0
    not_place_total: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("tp", "fp", "fn", "resolved_ok", "resolved_total", "settle_ok", "settle_total",
                     "meto_ok", "meto_total", "not_place_hits", "not_place_total"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    @property
    def precision(self) -> float:
        return precision(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return recall(self.tp, self.fn)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def figures(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "resolution_accuracy": ratio(self.resolved_ok, self.resolved_total),
            "settlement_accuracy_10km": ratio(self.settle_ok, self.settle_total),
            "metonymy_accuracy": ratio(self.meto_ok, self.meto_total),
            "person_org_false_positives": self.not_place_hits,
            "counts": {"tp": self.tp, "fp": self.fp, "fn": self.fn, "resolved": self.resolved_total,
                       "metonymy_judged": self.meto_total, "not_places": self.not_place_total},
        }


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _resolution_ok(gold: dict[str, Any], mention: Mention, gazetteer: Gazetteer) -> tuple[bool, str]:
    place = gazetteer.get(mention.place_id) if mention.place_id else None
    if gold.get("kind") == "country":
        if place is None:
            return False, "unresolved"
        return place.kind == "country" and place.country_code == gold.get("country_code"), place.name
    if gold.get("lat") is None:
        if place is None:
            return True, ""
        return False, f"expected unresolved, got {place.name}"
    if place is None:
        return False, "unresolved"
    if gold.get("place_id") and gold["place_id"] == place.place_id:
        return True, ""
    tol = gold.get("tolerance_km") or TOLERANCE_KM.get(gold.get("kind", "settlement"), 10.0)
    d = distance_km(gold["lat"], gold["lon"], place.lat, place.lon)
    return d <= tol, f"{place.name} ({place.country_code}) at {d:.0f} km"


def score_article(gold: dict[str, Any], article: Article, gazetteer: Gazetteer) -> Score:
    """Compare the place stage's mentions of ``article`` with one gold file."""
    score = Score()
    mentions = find_places(article, gazetteer)
    used: set[int] = set()
    aid = article.article_id
    for g in gold["toponyms"]:
        match = next((i for i, m in enumerate(mentions)
                      if i not in used and _overlap(g["start"], g["end"], m.start, m.end)), None)
        if g.get("optional"):
            if match is not None:
                used.add(match)
            continue
        if match is None:
            score.fn += 1
            score.errors.append(f"{aid} {g['start']}: missed {g['surface']!r}")
            continue
        used.add(match)
        m = mentions[match]
        score.tp += 1
        ok, why = _resolution_ok(g, m, gazetteer)
        score.resolved_total += 1
        score.resolved_ok += ok
        if g.get("kind") == "settlement" and g.get("lat") is not None:
            score.settle_total += 1
            score.settle_ok += ok
        if not ok:
            score.errors.append(f"{aid} {g['start']}: {g['surface']!r} resolved wrong: {why}")
        if g.get("metonymic") is not None:
            score.meto_total += 1
            score.meto_ok += m.metonymic == g["metonymic"]
            if m.metonymic != g["metonymic"]:
                score.errors.append(f"{aid} {g['start']}: {g['surface']!r} metonymic={m.metonymic}, "
                                    f"gold {g['metonymic']}")
    for i, m in enumerate(mentions):
        if i not in used:
            score.fp += 1
            score.errors.append(f"{aid} {m.start}: spurious {m.surface!r} → {m.place_id}")
    for bad in gold.get("not_places", []):
        score.not_place_total += 1
        if any(_overlap(bad["start"], bad["end"], m.start, m.end) for m in mentions):
            score.not_place_hits += 1
            why = bad.get("why", "")
            score.errors.append(f"{aid} {bad['start']}: {bad['surface']!r} ({why}) taken as a place")
    return score


def load_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def article_for(gold: dict[str, Any], gold_path: Path, search: list[Path]) -> Article:
    """The article a gold file annotates: its ``article_path`` (relative to the repo or the gold file)
    or, failing that, the article with the same id under ``search``; the text hash must match."""
    candidates: list[Path] = []
    if gold.get("article_path"):
        rel = Path(gold["article_path"])
        candidates += [rel, Path(__file__).resolve().parents[1] / rel, gold_path.parent / rel]
    for path in candidates:
        if path.exists():
            arts = load_articles([path]).articles
            if arts:
                article = arts[0]
                break
    else:
        arts = [a for a in load_articles(search).articles if a.article_id == gold["article_id"]]
        if not arts:
            raise FileNotFoundError(f"article {gold['article_id']!r} of {gold_path} not found")
        article = arts[0]
    want = gold.get("text_sha256")
    if want and hashlib.sha256(article.text.encode("utf-8")).hexdigest() != want:
        raise ValueError(f"{gold_path}: article text changed since the gold file was made (offsets stale)")
    if article.article_id != gold["article_id"]:
        article = Article(**{**article.__dict__, "article_id": gold["article_id"]})
    return article


def evaluate(
    gold_paths: list[Path], gazetteer: Gazetteer, search: list[Path] | None = None
) -> dict[str, Any]:
    """Figures per gold file and in total."""
    total = Score()
    per_file: dict[str, Any] = {}
    for path in gold_paths:
        gold = load_gold(path)
        article = article_for(gold, path, search or [data_path("articles")])
        s = score_article(gold, article, gazetteer)
        per_file[str(path)] = s.figures()
        total.add(s)
    return {"files": per_file, "total": total.figures(), "errors": total.errors}


def add_eval_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``eval GOLD [GOLD ...]`` on an argparse subparsers object."""
    parser = subparsers.add_parser("eval", help="score place recognition/resolution against gold files",
                                   description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path, help="gold files (*.places.json)")
    parser.add_argument("--articles", nargs="*", type=Path, default=[data_path("articles")],
                        help="where to look for articles when a gold file's article_path is missing")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list every miss, spurious and wrong mention")
    parser.set_defaults(handler=run_eval, func=run_eval)
    return parser


def run_eval(args: argparse.Namespace) -> int:
    """Print precision, recall, F1, resolution and metonymy accuracy; 0 on success, 2 on bad input."""
    try:
        result = evaluate(list(args.gold), Gazetteer.load(), list(args.articles))
    except (OSError, ValueError, KeyError) as exc:
        print(f"eval: {exc}")
        return 2
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for name, figures in [*result["files"].items(), ("TOTAL", result["total"])]:
        print(f"{name}\n  " + "  ".join(f"{k}={v}" for k, v in figures.items() if k != "counts")
              + f"\n  counts: {figures['counts']}")
    if args.errors:
        for line in result["errors"]:
            print("  -", line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.evaluate")
    sub = parser.add_subparsers(dest="command", required=True)
    add_eval_parser(sub)
    args = parser.parse_args(["eval", *(argv or [])])
    return int(args.func(args))


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
