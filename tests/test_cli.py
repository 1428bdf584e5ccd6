"""The ``python -m geo extract --json`` contract: field names, offsets, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "geo" / "data" / "articles"

ARTICLE_FIELDS = {"article_id", "title", "published", "source"}
PLACE_FIELDS = {"place_id", "name", "kind", "country_code", "lat", "lon", "source", "confidence"}
MENTION_FIELDS = {"article_id", "start", "end", "surface", "place_id", "metonymic"}
QUOTE_FIELDS = {"quote_id", "article_id", "text", "speaker", "role", "affiliation", "date", "place_ids"}
CLAIM_FIELDS = {
    "claim_id",
    "article_id",
    "claimant",
    "affiliation",
    "date",
    "kind",
    "value_min",
    "value_max",
    "unit",
    "place_ids",
    "holder",
    "evidence",
    "quote_id",
    "verification",
}
VERIFICATION_FIELDS = {"verdict", "measured", "unit", "snapshots", "note"}


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def sample_json() -> dict:
    done = _run("extract", str(SAMPLE), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_extract_json_has_every_contract_field(sample_json):
    assert {"articles", "places", "mentions", "quotes", "claims"} <= set(sample_json)
    for key, fields in (
        ("articles", ARTICLE_FIELDS),
        ("places", PLACE_FIELDS),
        ("mentions", MENTION_FIELDS),
        ("quotes", QUOTE_FIELDS),
        ("claims", CLAIM_FIELDS),
    ):
        assert sample_json[key], f"no {key} on the sample"
        for row in sample_json[key]:
            assert fields <= set(row), (key, fields - set(row))
    for claim in sample_json["claims"]:
        assert set(claim["verification"]) >= VERIFICATION_FIELDS


def test_articles_carry_their_front_matter(sample_json):
    by_id = {a["article_id"]: a for a in sample_json["articles"]}
    assert by_id["2022-09-08-kharkiv-counteroffensive"]["published"] == "2022-09-08"
    assert by_id["2022-09-09-kupyansk-outskirts"]["published"] == "2022-09-09"
    assert {a["source"] for a in sample_json["articles"]} == {"news report"}


def test_mention_offsets_slice_the_stored_text(sample_json):
    from geo.ingest import load_articles

    texts = {a.article_id: a.text for a in load_articles([SAMPLE]).articles}
    place_ids = {p["place_id"] for p in sample_json["places"]}
    for m in sample_json["mentions"]:
        assert texts[m["article_id"]][m["start"] : m["end"]] == m["surface"]
        assert m["place_id"] is None or m["place_id"] in place_ids
    for q in sample_json["quotes"]:
        assert set(q["place_ids"]) <= place_ids


def test_boilerplate_is_dropped_by_rule(sample_json):
    from geo.ingest import load_articles

    for article in load_articles([SAMPLE]).articles:
        assert "You are viewing a snapshot" not in article.text


def test_plain_text_takes_published_from_the_command_line(tmp_path):
    path = tmp_path / "dispatch.txt"
    path.write_text("Ukrainian troops entered Izium on Saturday, the governor said.", encoding="utf-8")
    done = _run("extract", str(path), "--published", "2022-09-10", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["articles"][0]["published"] == "2022-09-10"
    assert data["articles"][0]["article_id"] == "dispatch"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("extract", "does/not/exist.txt", "--json"), "no such file"),
        (("extract", str(SAMPLE), "--published", "10/09/2022"), "--published"),
    ],
)
def test_unusable_input_gives_one_line_error(args, needle):
    done = _run(*args)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0]


def test_empty_file_is_reported_not_raised(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    done = _run("extract", str(tmp_path / "empty.txt"), "--json")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "empty.txt" in done.stderr
