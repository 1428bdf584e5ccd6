"""The composed pipeline: stages wired in order, the opt-in online fallback only for unresolved names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geo.extract.pipeline import Resources, _plain, extract_article, extract_articles
from geo.geocoders import GeocodeCache
from geo.ingest import article_from_text, load_articles

ROOT = Path(__file__).resolve().parents[1]

UNKNOWN_VILLAGE = (
    "Ukrainian troops entered the village of Zzyxkivka near Izium on Saturday, the regional governor said. "
    "Shelling continued around Izium and Kupiansk."
)


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


def test_sample_corpus_goes_through_every_stage(resources):
    articles = load_articles([ROOT / "geo" / "data" / "articles"]).articles
    result = extract_articles(articles, resources)
    assert len(result.articles) == 2
    assert result.mentions and result.places and result.quotes and result.claims
    frames = result.frames()
    assert set(frames) == {"articles", "places", "mentions", "quotes", "claims", "place_summary"}
    assert len(frames["place_summary"]) == len(frames["places"])
    verdicts = {c.verification.verdict for c in result.claims}
    assert verdicts - {"not checkable"}, "the record checked no claim"
    # the tables hold exactly the contract's rows (the fast row builder equals every record's to_json)
    contract = result.to_json()
    for name in ("places", "mentions", "quotes", "claims"):
        assert [_plain(r) for r in getattr(result, name)] == contract[name]
    assert frames["articles"]["chars"].tolist() == [len(a.text) for a in articles]


def test_extraction_is_deterministic(resources):
    article = load_articles([ROOT / "geo" / "data" / "articles"]).articles[0]
    assert extract_article(article, resources) == extract_article(article, resources)


def test_online_fallback_off_leaves_unknown_names_unresolved(resources):
    article = article_from_text(UNKNOWN_VILLAGE, "dispatch", published="2022-09-10")
    part = extract_article(article, resources)
    unknown = [m for m in part.mentions if m.surface == "Zzyxkivka"]
    assert unknown and unknown[0].place_id is None


def test_online_fallback_resolves_only_unknown_names(tmp_path, resources, nominatim: Any):
    fake = nominatim.FakeNominatim().start()
    try:
        with GeocodeCache(tmp_path / "cache.sqlite3") as cache:
            online = nominatim.make_fallback(cache, fake.domain)
            with_online = Resources(resources.gazetteer, resources.record, online=online)
            article = article_from_text(UNKNOWN_VILLAGE, "dispatch", published="2022-09-10")
            part = extract_article(article, with_online)
    finally:
        fake.stop()
    asked = [r.params.get("q", [""])[0] for r in fake.requests]
    assert asked and all(q == "Zzyxkivka" for q in asked)  # never for names the gazetteer knows
    village = next(m for m in part.mentions if m.surface == "Zzyxkivka")
    assert village.place_id is not None and village.place_id.startswith("osm:")
    assert village.place_id in {p.place_id for p in part.places}
    izium = next(m for m in part.mentions if m.surface == "Izium")
    assert izium.place_id is not None and izium.place_id.startswith("gn:")


def test_dead_network_keeps_the_offline_result(tmp_path, resources, nominatim: Any):
    with GeocodeCache(tmp_path / "cache.sqlite3") as cache:
        online = nominatim.make_fallback(cache, f"127.0.0.1:{nominatim.closed_port()}")
        with_online = Resources(resources.gazetteer, resources.record, online=online)
        article = article_from_text(UNKNOWN_VILLAGE, "dispatch", published="2022-09-10")
        offline = extract_article(article, resources)
        degraded = extract_article(article, with_online)
    assert degraded == offline
    assert online.status.failures >= 1


def test_missing_control_record_leaves_claims_not_checkable(tmp_path, resources):
    from geo.control import ControlRecord, ControlRecordError

    with pytest.raises(ControlRecordError):
        ControlRecord.load(tmp_path / "no-record")
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ControlRecordError):
        ControlRecord.load(corrupt)

    without = Resources(resources.gazetteer, record_dir=corrupt)
    articles = load_articles([ROOT / "geo" / "data" / "articles"]).articles
    result = extract_articles(articles, without)
    assert result.claims
    assert {c.verification.verdict for c in result.claims} == {"not checkable"}
    assert len(result.warnings) == 1 and "control record unavailable" in result.warnings[0]
