"""The composition root: ``extract --store`` shows a store's articles with the analysts' corrections applied,
and ``extract PATH`` and the dashboard's corpus go through the same composition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.compose import compose_paths, compose_store
from geo.corrections import Correction, mention_key
from geo.extract.pipeline import Resources
from geo.resources import data_path
from geo.store import DB_NAME, Store

SAMPLE = data_path("articles")


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


def _extract_store(capsys: pytest.CaptureFixture[str], folder: Path) -> dict:
    assert main(["extract", "--store", "--data-dir", str(folder), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def corrected_store(tmp_path: Path, resources: Resources) -> tuple[Path, dict]:
    """A store written by the current code (articles, cached extractions, corrections of every kind the
    analysts use most), closed; returns its folder and what the corrections target."""
    with Store.open(tmp_path / DB_NAME) as store:
        assert store.ensure_sample(SAMPLE) >= 2
        before = compose_store(store, resources).extraction  # also caches the extractions in the store
        claim = next(c for c in before.claims if c.kind == "settlement_control" and c.place_ids)
        moved = claim.place_ids[0]
        dismissed = next(m for m in before.mentions if m.place_id and m.place_id != moved)
        store.add_correction(Correction("move_place", moved, {"lat": 10.5, "lon": 20.25}))
        key = mention_key(dismissed.article_id, dismissed.start, dismissed.end)
        store.add_correction(Correction("not_a_place", key, {"surface": dismissed.surface}))
        store.add_correction(Correction("edit_claim", claim.claim_id, {"holder": "russia"}))
        store.add_correction(Correction("claim_note", claim.claim_id, {"note": "checked against the map"}))
        targets = {
            "moved": moved,
            "dismissed": key,
            "claim": claim.claim_id,
            "articles": len(before.articles),
        }
    return tmp_path, targets


def test_extract_store_shows_the_corrections(capsys, corrected_store) -> None:
    folder, t = corrected_store
    out = _extract_store(capsys, folder)
    assert len(out["articles"]) == t["articles"]
    place = next(p for p in out["places"] if p["place_id"] == t["moved"])
    assert (place["lat"], place["lon"]) == (10.5, 20.25)
    keys = {mention_key(m["article_id"], m["start"], m["end"]) for m in out["mentions"]}
    assert t["dismissed"] not in keys
    claim = next(c for c in out["claims"] if c["claim_id"] == t["claim"])
    assert claim["holder"] == "russia"
    assert out["notes"][t["claim"]] == ["checked against the map"]
    assert {t["moved"], t["claim"], t["dismissed"]} <= set(out["corrected"])
    assert out["unapplied"] == []


def test_store_survives_reopening_with_every_article_and_correction(corrected_store) -> None:
    folder, t = corrected_store
    with Store.open(folder / DB_NAME) as store:
        assert store.count_articles() == t["articles"]
        assert {c.kind for c in store.corrections()} == {
            "move_place",
            "not_a_place",
            "edit_claim",
            "claim_note",
        }


def test_extract_store_json_keeps_the_contract_and_adds_the_text(capsys, corrected_store) -> None:
    folder, _ = corrected_store
    out = _extract_store(capsys, folder)
    for key in ("articles", "places", "mentions", "quotes", "claims", "skipped", "warnings"):
        assert key in out
    article = out["articles"][0]
    assert len(article["text"]) == article["chars"]
    for m in out["mentions"]:
        text = next(a["text"] for a in out["articles"] if a["article_id"] == m["article_id"])
        assert text[m["start"] : m["end"]] == m["surface"]


def test_extract_paths_and_store_agree_without_corrections(tmp_path: Path, resources: Resources) -> None:
    from_files = compose_paths([SAMPLE], resources=resources).extraction
    with Store.open(tmp_path / DB_NAME) as store:
        store.ensure_sample(SAMPLE)
        from_store = compose_store(store, resources).extraction
    assert [c.to_json() for c in from_store.claims] == [c.to_json() for c in from_files.claims]
    assert [q.to_json() for q in from_store.quotes] == [q.to_json() for q in from_files.quotes]


@pytest.mark.parametrize(
    "argv,message",
    [
        (["extract"], "give article files or folders, or --store"),
        (["extract", "--store", "x.md"], "not both"),
        (["extract", "x.md", "--data-dir", "d"], "--data-dir goes with --store"),
    ],
)
def test_extract_arguments_are_checked(capsys, argv, message) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_extract_store_without_a_store_is_a_one_line_error(capsys, tmp_path: Path) -> None:
    assert main(["extract", "--store", "--data-dir", str(tmp_path / "none"), "--json"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: no store in") and err.count("\n") == 1
