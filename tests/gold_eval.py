"""Loading the sample and hand-written articles with hand-made mentions, and matching output to gold."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from geo.extract.claims import find_claims
from geo.extract.speech.quotes import find_quotes
from geo.ingest import read_article
from geo.records import Article, Claim, Mention, Quote
from geo.text.sentences import Sentence, split_sentences
from tests.handmade_mentions import mentions_for, place_kinds

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SAMPLE_IDS = ("2022-09-08-kharkiv-counteroffensive", "2022-09-09-kupyansk-outskirts")
HANDWRITTEN_IDS = (
    "2022-09-12-vovchansk-izium",
    "2022-09-13-hrakove-lyman",
    "2022-10-03-torske-lyman",
    "2022-10-04-dudchany-mykolaiv",
)


@dataclass
class Extracted:
    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    quotes: list[Quote]
    claims: list[Claim]


def article_path(article_id: str) -> Path:
    for folder in (ROOT / "geo" / "data" / "articles", ROOT / "tests" / "data" / "handwritten"):
        path = folder / f"{article_id}.md"
        if path.exists():
            return path
    raise FileNotFoundError(article_id)


def extract(article_id: str) -> Extracted:
    article = read_article(article_path(article_id))
    sentences = split_sentences(article.text)
    mentions = mentions_for(article, sentences)
    quotes = find_quotes(article, sentences, mentions)
    claims = find_claims(article, sentences, mentions, quotes, place_kinds=place_kinds())
    return Extracted(article, sentences, mentions, quotes, claims)


def gold(article_id: str, what: str) -> dict:
    return json.loads((GOLD / f"{article_id}.{what}.json").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    return " ".join(re.sub(r"[“”\"‘’']", "'", text).split()).casefold()


def quote_matches(found: Quote, expected: dict) -> list[str]:
    """Differences between a found quote and a gold quote (empty when it matches)."""
    problems = []
    if norm(found.speaker) != norm(expected["speaker"]):
        problems.append(f"speaker {found.speaker!r} != {expected['speaker']!r}")
    if found.affiliation != expected["affiliation"]:
        problems.append(f"side {found.affiliation!r} != {expected['affiliation']!r}")
    if found.date != expected["date"]:
        problems.append(f"date {found.date!r} != {expected['date']!r}")
    if "role" in expected and norm(found.role) != norm(expected["role"]):
        problems.append(f"role {found.role!r} != {expected['role']!r}")
    return problems


def find_quote(quotes: list[Quote], text: str) -> Quote | None:
    return next((q for q in quotes if norm(text) in norm(q.text)), None)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.01 * max(1.0, abs(b))


def claim_matches(found: Claim, expected: dict) -> bool:
    return (
        found.kind == expected["kind"]
        and _close(found.value_min, expected["value_min"])
        and _close(found.value_max, expected["value_max"])
        and found.unit == expected["unit"]
        and list(found.place_ids) == expected["place_ids"]
        and found.holder == expected["holder"]
        and found.date == expected["date"]
        and norm(found.claimant) == norm(expected["claimant"])
        and found.affiliation == expected["affiliation"]
        and (found.quote_id is not None) == expected["from_quote"]
    )


def score_claims(claims: list[Claim], expected: list[dict]) -> tuple[list[dict], list[Claim]]:
    """(required gold claims not found, found claims that match no gold claim)."""
    missing = [e for e in expected if e["required"] and not any(claim_matches(c, e) for c in claims)]
    extra = [c for c in claims if not any(claim_matches(c, e) for e in expected)]
    return missing, extra
