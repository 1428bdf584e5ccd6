"""One store interface, two backends: every test runs on SQLite and on a throwaway PostgreSQL + PostGIS."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.corrections import Correction
from geo.ingest import article_from_text
from geo.records import Place
from geo.store import SQLiteStore, StoreError, open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["sqlite", "postgres"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'team.sqlite3'}"
    return request.getfixturevalue("pg_url")


def place(pid: str, lat: float, lon: float, confidence: float = 0.9) -> Place:
    return Place(pid, f"Name {pid}", "city", "UA", lat, lon, "geonames", confidence)


def test_the_same_interface_answers_the_same_on_both_backends(url):
    with open_store(url, user="olena") as s:
        assert s.schema_version() == s.schema_target
        a = article_from_text(
            "Shelling was reported near Vovchansk overnight.", "vov-1", published="2024-05-11"
        )
        assert s.add_article(a) == "added"
        assert s.add_article(a) == "unchanged"
        assert s.add_article(article_from_text("Shelling near Vovchansk and Lyptsi.", "vov-1")) == "updated"
        (stored,) = s.articles()
        assert s.put_extraction("vov-1", stored.content_hash, "1", {"places": [], "mentions": [2]})
        assert s.get_extraction("vov-1", stored.content_hash, "1") == {"places": [], "mentions": [2]}
        assert not s.put_extraction("vov-1", "0" * 64, "1", {})  # stale text
        cid = s.add_correction(Correction("claim_note", "vov-1:c0", {"note": "checked with the brigade"}))
        assert s.add_correction(s.corrections()[0]) == cid  # the same correction twice is stored once
        assert s.undo_correction(cid) and not s.undo_correction(cid)
        assert s.corrections() == [] and s.stored_corrections()[0].created_by == "olena"
        nid = s.add_note("vov-1", "Second source needed.")
        (note,) = s.notes("vov-1")
        assert (note.id, note.created_by, note.text) == (nid, "olena", "Second source needed.")
        assert note.created_at.endswith("Z")
        assert s.put_places([place("gn:1", 50.29, 36.94, 0.6), place("gn:1", 50.30, 36.95, 0.9)]) == 2
        assert s.put_places([place("gn:1", 1.0, 1.0, 0.1)]) == 1  # less confident: ignored
        assert [(p.place_id, p.lat, p.lon) for p in s.places()] == [("gn:1", 50.30, 36.95)]
        assert s.integrity_check() == "ok"
        rev = s.revision()
        assert s.delete_article("vov-1") and s.revision() != rev


def test_bundles_move_between_backends(url, tmp_path):
    with SQLiteStore.open(tmp_path / "laptop.sqlite3", user="taras") as laptop:
        laptop.add_article(article_from_text("Troops left Krynky, the command said.", "kry"))
        c = laptop.add_correction(Correction("claim_note", "kry:c0", {"note": "withdrawal"}))
        laptop.undo_correction(c)
        laptop.export_bundle(tmp_path / "b.json")
    with open_store(url) as team:
        first = team.import_bundle(tmp_path / "b.json")
        again = team.import_bundle(tmp_path / "b.json")
        assert (first.articles_added, first.corrections_added) == (1, 1)
        assert (again.articles_unchanged, again.corrections_unchanged) == (1, 1)
        assert team.corrections() == [] and len(team.corrections(active_only=False)) == 1


def test_reopen_is_idempotent_and_a_newer_schema_is_refused(url):
    open_store(url).close()
    with open_store(url) as s:
        assert s.schema_version() == s.schema_target
        with s._write() as conn:
            conn.execute("INSERT INTO schema_version VALUES (?, ?)", (s.schema_target + 1, "later"))
    with pytest.raises(StoreError, match="newer version"):
        open_store(url)


def test_store_urls_pick_the_backend_and_bad_ones_fail_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_STORE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    with open_store() as s:
        assert isinstance(s, SQLiteStore) and s.path == tmp_path / "env.sqlite3"
    with pytest.raises(StoreError, match="unknown store URL"):
        open_store("mysql://x")
    with pytest.raises(StoreError, match=r"cannot connect .*127\.0\.0\.1:1/"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    try:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    except StoreError as exc:
        assert "secret" not in str(exc) and "\n" not in str(exc)


def test_postgis_places_are_points_with_a_gist_index(pg_url):
    with open_store(pg_url) as s:
        s.put_places([place("gn:kh", 49.99, 36.23), place("gn:od", 46.48, 30.72)])
        assert s.places_within(35.0, 49.0, 37.0, 51.0) == ["gn:kh"]
        (kind,) = s._read("SELECT type FROM geometry_columns WHERE f_table_name = 'places'")[0]
        assert kind == "POINT"
        (index,) = s._read("SELECT indexdef FROM pg_indexes WHERE indexname = 'places_geom'")[0]
        assert "gist" in index.lower()
        assert s._read("SELECT ST_SRID(geom) FROM places LIMIT 1")[0][0] == 4326


# ------------------------------------------------------------------------------------- several writers

WRITER = """
import os, sys, time
from geo.corrections import Correction
from geo.ingest import article_from_text
from geo.store import open_store
url, name, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open_store(url, user=name) as store:
    while not os.path.exists(go):  # start together
        time.sleep(0.001)
    for i in range(n):
        store.add_correction(Correction("claim_note", f"claim-{i % 7}", {"note": f"{name} {i}"}))
        if i % 4 == 0:
            store.add_article(article_from_text(f"{name} filed report {i} from the front.", f"{name}-{i}"))
"""


def test_five_processes_writing_at_once_lose_no_row(url, tmp_path):
    open_store(url).close()  # migrated once; the writers only open it
    go, n, names = tmp_path / "go", 40, [f"analyst{k}" for k in range(5)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, name, str(n), str(go)], env=env, stderr=subprocess.PIPE
        )
        for name in names
    ]
    time.sleep(1.0)
    go.touch()
    for w in writers:
        _, err = w.communicate(timeout=180)
        assert w.returncode == 0, err.decode()
    with open_store(url) as s:
        stored = s.stored_corrections()
        assert sorted(c.correction.payload["note"] for c in stored) == sorted(
            f"{who} {i}" for who in names for i in range(n)
        )
        assert {c.created_by for c in stored} == set(names)
        assert s.count_articles() == len(names) * len(range(0, n, 4))
        assert s.integrity_check() == "ok"


KILLED = """
import sys
from geo.ingest import article_from_text
from geo.store import open_store
url = sys.argv[1]
with open_store(url) as store:
    for batch in range(100000):
        store.add_articles(
            article_from_text(f"Batch {batch} item {k}: " + "shells fell. " * 300, f"b{batch}-{k}")
            for k in range(5)
        )
"""


def test_a_killed_writer_leaves_whole_transactions(url):
    open_store(url).close()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, url],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
    )
    seen, deadline = 0, time.monotonic() + 120
    with open_store(url) as watcher:
        while seen < 40 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
            seen = watcher.count_articles()
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read().decode() if child.stderr else ""
    with open_store(url) as s:
        assert s.integrity_check() == "ok"
        articles = s.articles()
        assert len(articles) >= seen and len(articles) % 5 == 0  # whole batches only
        batches = {a.article_id.split("-")[0] for a in articles}
        assert batches == {f"b{i}" for i in range(len(articles) // 5)}  # in order, no gaps
        s.add_article(article_from_text("Writable after the crash.", "after"))  # the lock was released


# ------------------------------------------------------------------------------ pointing at a team store


def test_dashboard_and_ingest_use_the_team_store_from_the_environment(pg_url, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from geo.store.postgres import PostgresStore

    monkeypatch.setenv("FRONTLINE_STORE_URL", pg_url)
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "unused"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.txt").write_text("Ukrainian forces shelled positions near Tokmak on Monday.")
    ingest = subprocess.run(
        [sys.executable, "-m", "geo", "ingest", str(tmp_path / "in"), "--no-extract", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ingest.returncode == 0, ingest.stderr
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Frontline claims"
    with open_store(pg_url) as team:
        assert isinstance(team, PostgresStore)
        ids = {a.article_id for a in team.articles()}
        assert "report" in ids and len(ids) == 3  # the analyst's article and the two samples
        assert team.count_articles() == 3
    assert not (tmp_path / "unused").exists()  # nothing went to a local SQLite file
