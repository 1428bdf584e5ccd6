"""``geo batch``: ``extract --json``'s answers as GeoParquet tables; failures kept; resumable; loadable."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import generate
from geo.batch import read_contract, read_rows
from geo.batch.inputs import iter_items
from geo.batch.runner import DONE, run_batch
from geo.compose import compose_paths
from geo.extract.pipeline import Resources, extract_article
from geo.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ("articles", "places", "mentions", "quotes", "claims")


def _articles_only(folder: Path) -> Path:
    for f in folder.iterdir():
        if f.suffix != ".md":
            f.unlink()
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _articles_only(generate(14, seed=31, out=tmp_path_factory.mktemp("corpus") / "c"))


@pytest.fixture(scope="module")
def scheduler():
    """One running cluster (two worker processes, loopback) shared by the tests: ``--scheduler`` mode."""
    import logging

    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def batch_out(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    summary = run_batch([corpus], out, workers=2, partition_size=4, progress=False)
    assert (summary.articles, summary.partitions_done, summary.failures) == (14, 4, 0)
    return out


def _same_as_extract(inputs: list[Path], out: Path) -> None:
    expected = compose_paths(inputs).to_json()  # what ``extract --json`` prints
    got = read_contract(out)
    for table in CONTRACT:
        assert len(got[table]) == len(expected[table]), table
        assert got[table] == expected[table], table  # same rows, ids, coordinates, verdicts, in order


def test_batch_output_equals_extract_json(corpus, batch_out):
    _same_as_extract([corpus], batch_out)
    claims = read_rows(batch_out, "claims")
    verifications = read_rows(batch_out, "verifications")
    assert [(c["claim_id"], c["verdict"]) for c in claims] == [
        (v["claim_id"], v["verdict"]) for v in verifications
    ]
    assert claims and read_rows(batch_out, "places")


def test_places_and_mentions_are_geoparquet_points(batch_out):
    import geopandas

    places = geopandas.read_parquet(batch_out / "places")
    assert places.crs.to_epsg() == 4326 and len(places)
    assert (places.geometry.x == places["lon"]).all() and (places.geometry.y == places["lat"]).all()
    mentions = geopandas.read_parquet(batch_out / "mentions")
    resolved = mentions[mentions["place_id"].notna()]
    assert len(resolved) and resolved.geometry.notna().all()
    assert mentions[mentions["place_id"].isna()].geometry.isna().all()


def test_rerun_skips_written_partitions_and_redoes_an_unfinished_one(corpus, batch_out, tmp_path, scheduler):
    out = tmp_path / "out"
    shutil.copytree(batch_out, out)
    again = run_batch([corpus], out, scheduler=scheduler, partition_size=4, progress=False)
    assert (again.partitions_done, again.partitions_skipped) == (0, 4)
    marker = sorted((out / DONE).iterdir())[1]
    marker.unlink()  # as if killed before this partition finished
    (out / "claims" / f"{marker.name}.parquet").unlink()
    redo = run_batch([corpus], out, scheduler=scheduler, partition_size=4, progress=False)
    assert (redo.partitions_done, redo.partitions_skipped, redo.articles) == (1, 3, 4)
    _same_as_extract([corpus], out)
    recut = run_batch(
        [corpus], out, scheduler=scheduler, partition_size=7, progress=False
    )  # other partitions
    assert recut.partitions_done == 2 and len(list((out / "articles").glob("*.parquet"))) == 2
    _same_as_extract([corpus], out)


def test_jsonl_archives_and_bad_inputs_become_articles_or_failures(tmp_path, scheduler):
    archive = tmp_path / "wire.jsonl"
    lines = [
        {"id": "w1", "title": "Drone strike", "published": "2024-03-02", "source": "Wire", "url": "https://x/1",
         "text": "A drone struck an oil depot in Novorossiysk overnight, officials said."},
        "not json at all",
        {"id": "w2", "title": "No body"},
        {"id": "w1", "text": "Another story that reuses the first id."},
        {"id": "w3", "published": "sometime", "text": "Fighting continued near Toretsk, the brigade said."},
    ]  # fmt: skip
    archive.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    items = list(iter_items([archive]))
    assert [i.article.article_id if i.article else i.reason.split(" (")[0] for i in items] == [
        "w1", "not JSON", "no text field", "duplicate article id 'w1'", "w3",
    ]  # fmt: skip
    first = items[0].article
    assert (first.title, first.published, first.source, first.url) == (
        "Drone strike", "2024-03-02", "Wire", "https://x/1",
    )  # fmt: skip
    assert items[-1].article.published is None  # an unreadable date keeps the article, undated
    out = tmp_path / "out"
    summary = run_batch(
        [archive, tmp_path / "notes.bin"], out, scheduler=scheduler, partition_size=10, progress=False
    )
    assert (summary.articles, summary.failures) == (2, 4)
    failures = read_rows(out, "failures")
    assert {f["article"] for f in failures} == {
        f"{archive}:2",
        f"{archive}:3",
        f"{archive}:4",
        str(tmp_path / "notes.bin"),
    }
    assert [a["article_id"] for a in read_rows(out, "articles")] == ["w1", "w3"]


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'loaded.sqlite3'}"
    return request.getfixturevalue("pg_url")


def test_load_store_fills_articles_extractions_and_places(corpus, batch_out, store_url):
    from geo.batch.load import load_into_store
    from geo.compose import StoreExtractionCache

    with open_store(store_url) as store:
        first = load_into_store(batch_out, store)
        assert (first.articles_added, first.extractions) == (14, 14)
        assert load_into_store(batch_out, store).articles_unchanged == 14  # idempotent
        res = Resources()
        for article in store.articles()[:4]:  # the cache holds what the dashboard would compute
            cached = StoreExtractionCache(store).get(article)
            assert cached is not None and cached == extract_article(article, res)
        expected = compose_paths([corpus], resources=res).extraction
        assert {p.place_id for p in store.places()} == {p.place_id for p in expected.places}
        assert store.integrity_check() == "ok"


def test_cli_batch_with_load_store_and_one_line_errors(corpus, tmp_path):
    env_cmd = [sys.executable, "-m", "geo", "batch"]
    out, url = tmp_path / "out", f"sqlite:///{tmp_path / 's.sqlite3'}"
    small = tmp_path / "small"
    small.mkdir()
    for f in sorted(corpus.iterdir())[:3]:
        shutil.copy(f, small)
    done = subprocess.run(
        [*env_cmd, str(small), "--out", str(out), "--workers", "1", "--load-store", "--store-url", url],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        "3 articles" in done.stderr
        and "articles/s" in done.stderr
        and "store: articles 3 added" in done.stderr
    )
    with open_store(url) as store:
        assert store.count_articles() == 3
    missing = subprocess.run(
        [*env_cmd, str(tmp_path / "nope"), "--out", str(out)], capture_output=True, text=True
    )
    assert missing.returncode == 3 and missing.stderr.count("\n") == 1 and "no such file" in missing.stderr


@pytest.mark.slow
def test_500_articles_batch_equals_extract_json(tmp_path):
    corpus = _articles_only(generate(500, seed=2022, out=tmp_path / "c500"))
    out = tmp_path / "out"
    summary = run_batch([corpus], out, workers=2, partition_size=50, progress=False)
    assert (summary.articles, summary.failures) == (500, 0)
    _same_as_extract([corpus], out)


def test_progress_redraws_on_a_terminal_and_writes_lines_to_a_log():
    import io

    from geo.batch.runner import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    log, tty = io.StringIO(), Terminal()
    for stream in (log, tty):
        bar = Progress(10, stream=stream)
        bar.advance(4)
        bar.advance(6)
        bar.close()
    assert log.getvalue().count("\n") == 2 and "\r" not in log.getvalue()
    assert "10/10 articles" in log.getvalue() and "articles/s" in log.getvalue()
    assert tty.getvalue().count("\r") == 2 and tty.getvalue().endswith("\n")
