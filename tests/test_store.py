"""The SQLite store on real files: content identity, migrations, corrections, bundles, crashes, races."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from geo.corrections import Correction, apply_corrections
from geo.ingest import article_from_text
from geo.records import Claim, Mention, Place
from geo.store import DB_NAME, ENV_DATA_DIR, SCHEMA_VERSION, Store, StoreError, data_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "geo" / "data" / "articles"


def art(article_id: str, text: str, **kw):
    return article_from_text(text, article_id, **kw)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "s.sqlite3") as opened:
        yield opened


# ---------------------------------------------------------------------------------------------- articles


def test_add_is_keyed_by_content_hash(store):
    first = art("a", "Troops entered Kupiansk.", published="2022-09-09")
    assert store.add_article(first) == "added"
    assert store.add_article(first) == "unchanged"
    assert store.add_article(art("copy", "Troops entered Kupiansk.")) == "unchanged"  # same text, other name
    assert store.add_article(art("a", "Troops entered Kupiansk and Izium.")) == "updated"
    (stored,) = store.articles()
    assert stored.text == "Troops entered Kupiansk and Izium."
    assert stored.content_hash == hashlib.sha256(stored.text.encode()).hexdigest()


def test_changed_text_invalidates_the_cached_extraction(store):
    a = art("a", "Old text about Kharkiv.")
    store.add_article(a)
    assert store.put_extraction("a", a.content_hash, "1", {"mentions": [1]})
    assert store.get_extraction("a", a.content_hash, "1") == {"mentions": [1]}
    assert store.get_extraction("a", a.content_hash, "2") is None
    b = art("a", "New text about Kherson.")
    assert store.add_article(b) == "updated"
    assert store.get_extraction("a", a.content_hash, "1") is None
    assert not store.put_extraction("a", a.content_hash, "1", {"stale": True})  # the text moved on meanwhile
    assert store.put_extraction("a", b.content_hash, "1", {"mentions": []})


def test_store_survives_reopen_with_everything_as_left(tmp_path):
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as s:
        s.add_article(art("a", "Text one."))
        cid = s.add_correction(Correction("move_place", "gn:1", {"lat": 49.5, "lon": 36.2}))
    with Store.open(path) as s:
        assert [a.article_id for a in s.articles()] == ["a"]
        assert [c.id for c in s.corrections()] == [cid]
        assert s.corrections()[0].payload == {"lat": 49.5, "lon": 36.2}


# ---------------------------------------------------------------------------------------------- schema


def test_migrations_from_an_empty_file_and_idempotent_reopen(tmp_path):
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    with Store.open(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.integrity_check() == "ok"
    with Store.open(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
    con = sqlite3.connect(path)
    versions = [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY version")]
    tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    assert {"articles", "extractions", "corrections", "meta", "schema_version"} <= tables


def test_partial_migration_state_is_completed(tmp_path):
    path = tmp_path / "old.sqlite3"
    with Store.open(path):
        pass
    con = sqlite3.connect(path)
    con.execute("DROP TABLE deleted_articles")
    con.execute("DELETE FROM schema_version WHERE version = 2")
    con.commit()
    con.close()
    with Store.open(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        s.add_article(art("a", "Some text."))
        assert s.delete_article("a")


def test_unusable_files_give_one_line_errors(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database, just some bytes" * 100)
    with pytest.raises(StoreError, match="not a usable store"):
        Store.open(junk)
    newer = tmp_path / "newer.sqlite3"
    with Store.open(newer):
        pass
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_version VALUES (999, 'future')")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer version"):
        Store.open(newer)


def test_data_dir_from_environment_and_default(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "team"))
    assert data_dir() == tmp_path / "team"
    with Store.open() as s:
        assert s.path == tmp_path / "team" / DB_NAME and s.path.exists()
    assert data_dir(tmp_path / "other") == tmp_path / "other"
    monkeypatch.delenv(ENV_DATA_DIR)
    assert "frontline-claims" in str(data_dir())


# ---------------------------------------------------------------------------------------------- sample


def test_sample_is_loaded_on_first_start_only(store):
    assert store.ensure_sample(SAMPLE) >= 2
    ids = [a.article_id for a in store.articles()]
    assert store.delete_article(ids[0])
    assert store.ensure_sample(SAMPLE) == 0
    assert [a.article_id for a in store.articles()] == ids[1:]


# ---------------------------------------------------------------------------------------------- corrections


def _machine_output(text: str, article_id: str = "a"):
    """A small extraction as the pipeline would produce it: one place, its mention, one claim."""
    start = text.index("Balakliia")
    mention = Mention(article_id, start, start + 9, "Balakliia", "gn:1", confidence=0.6)
    place = Place("gn:1", "Balakliia", "settlement", "UA", 49.46, 35.0, "geonames")
    claim = Claim(
        "c1",
        article_id,
        "Gromov",
        "ukraine",
        "2022-09-08",
        "area_gain",
        700.0,
        700.0,
        "km2",
        ("gn:1",),
        "ukraine",
        text,
        start=0,
        end=len(text),
    )
    return [place], [mention], [claim]


def test_corrections_are_stored_apart_and_reapplied_after_reprocessing(store):
    text = "Troops retook Balakliia on Thursday."
    store.add_article(art("a", text))
    places, mentions, claims = _machine_output(text)
    store.put_extraction("a", store.articles()[0].content_hash, "1", {"places": len(places)})
    store.add_correction(Correction("move_place", "gn:1", {"lat": 49.45, "lon": 36.27}))
    store.add_correction(Correction("edit_claim", "c1", {"value_min": 500.0}))
    store.add_correction(Correction("claim_note", "c1", {"note": "figure disputed"}))
    machine = store.get_extraction("a", store.articles()[0].content_hash, "1")
    assert machine == {"places": 1}  # the machine output is untouched by corrections

    # Re-processing with new text: offsets shift, the correction follows the surface.
    store.add_article(art("a", "Update: troops retook Balakliia on Thursday."))
    store.add_correction(Correction("set_metonymic", "a:14:23", {"metonymic": True, "surface": "Balakliia"}))
    places2, mentions2, claims2 = _machine_output("Update: troops retook Balakliia on Thursday.")
    fixed = apply_corrections(places2, mentions2, claims2, store.corrections())
    assert (fixed.places[0].lat, fixed.places[0].lon, fixed.places[0].source) == (49.45, 36.27, "analyst")
    assert fixed.claims[0].value_min == 500.0 and fixed.notes == {"c1": ["figure disputed"]}
    assert fixed.mentions[0].metonymic and fixed.unapplied == []
    assert {"gn:1", "c1", "a:22:31"} <= fixed.corrected


def test_undo_removes_a_correction_from_what_applies_but_keeps_history(store):
    cid = store.add_correction(Correction("move_place", "gn:1", {"lat": 1.0, "lon": 2.0}))
    assert store.undo_correction(cid)
    assert not store.undo_correction(cid)
    assert store.corrections() == []
    (kept,) = store.stored_corrections()
    assert kept.correction.id == cid and kept.undone_at
    places, mentions, claims = _machine_output("Troops retook Balakliia.")
    assert apply_corrections(places, mentions, claims, store.corrections()).places[0].lat == 49.46


def test_the_same_correction_twice_is_stored_once(store):
    c = Correction("claim_note", "c1", {"note": "x"}, created_at="2022-09-10T00:00:00Z")
    assert store.add_correction(c) == store.add_correction(c)
    assert len(store.corrections()) == 1


# ---------------------------------------------------------------------------------------------- bundles


def test_export_import_round_trip_into_a_fresh_store(tmp_path):
    with Store.open(tmp_path / "one.sqlite3") as one:
        one.ensure_sample(SAMPLE)
        one.add_article(
            art("extra", "Текст про Харків і Балаклію.", published="2022-09-10", source="Telegram")
        )
        keep = one.add_correction(Correction("claim_note", "c1", {"note": "ask the desk"}))
        gone = one.add_correction(Correction("move_place", "gn:1", {"lat": 49.0, "lon": 36.0}))
        one.undo_correction(gone)
        one.export_bundle(tmp_path / "team.json")
        articles = one.articles()
        stored = one.stored_corrections()
    with Store.open(tmp_path / "two.sqlite3") as two:
        summary = two.import_bundle(tmp_path / "team.json")
        assert summary.articles_added == len(articles) and summary.corrections_added == 2
        assert two.articles() == articles
        assert [
            (s.correction.kind, s.correction.payload, s.correction.created_at, bool(s.undone_at))
            for s in two.stored_corrections()
        ] == [
            (s.correction.kind, s.correction.payload, s.correction.created_at, bool(s.undone_at))
            for s in stored
        ]
        assert [c.payload for c in two.corrections()] == [{"note": "ask the desk"}]
        again = two.import_bundle(tmp_path / "team.json")
        assert (again.articles_added, again.articles_updated, again.corrections_added) == (0, 0, 0)
    assert keep


def test_import_merges_undo_and_keeps_newer_local_edits(tmp_path):
    with Store.open(tmp_path / "a.sqlite3") as a, Store.open(tmp_path / "b.sqlite3") as b:
        a.add_article(art("x", "First version."))
        cid = a.add_correction(Correction("claim_note", "c1", {"note": "n"}))
        a.export_bundle(tmp_path / "v1.json")
        b.import_bundle(tmp_path / "v1.json")
        a.undo_correction(cid)
        a.export_bundle(tmp_path / "v2.json")
        time.sleep(0.01)
        b.add_article(art("x", "Second version, edited later in b."))
        summary = b.import_bundle(tmp_path / "v2.json")
        assert summary.corrections_undone == 1 and b.corrections() == []
        assert b.get_article("x").text == "Second version, edited later in b."


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not json", "not JSON"),
        (b'{"format": "something-else"}', "is not a"),
        (b'{"format": "frontline-claims-bundle", "version": 99}', "bundle version"),
        (
            b'{"format": "frontline-claims-bundle", "version": 1, "articles": [{"title": "no text"}]}',
            "malformed",
        ),
        (
            b'{"format": "frontline-claims-bundle", "version": 1, "corrections": '
            b'[{"kind": "teleport", "target": "x", "payload": {}, "created_at": "t"}]}',
            "unknown correction kind",
        ),
    ],
)
def test_corrupt_bundles_are_refused_whole(store, tmp_path, content, message):
    (tmp_path / "b.json").write_bytes(content)
    with pytest.raises(StoreError, match=message):
        store.import_bundle(tmp_path / "b.json")
    assert store.articles() == [] and store.corrections(active_only=False) == []


# ---------------------------------------------------------------------------------------------- crashes


def _row_is_whole(row: tuple[str, str, str]) -> bool:
    _, digest, text = row
    return hashlib.sha256(text.encode("utf-8")).hexdigest() == digest


def test_sigkill_during_ingest_loses_nothing_committed(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    files = 400
    for i in range(files):
        body = f"Report {i:04d}. " + ("Shelling continued near the front line, officials said. " * 2000)
        (folder / f"{i:04d}.txt").write_text(body, encoding="utf-8")
    data = tmp_path / "data"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import argparse, sys
            from geo.ingest_cli import add_ingest_parser
            parser = argparse.ArgumentParser()
            add_ingest_parser(parser.add_subparsers(dest="command"))
            argv = ["ingest", {str(folder)!r}, "--data-dir", {str(data)!r}, "--no-extract", "-q"]
            args = parser.parse_args(argv)
            sys.exit(args.handler(args))
        """),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
    )
    db = data / DB_NAME
    seen = 0
    deadline = time.monotonic() + 120
    try:
        while seen < 40 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
                        seen = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:
                    continue  # the schema is not created yet
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL, "the writer finished before it could be killed"
    assert seen >= 40
    with Store.open(db) as reopened:
        assert reopened.integrity_check() == "ok"
        rows = reopened._read("SELECT article_id, content_hash, text FROM articles ORDER BY article_id")
    assert len(rows) >= seen  # nothing committed was lost
    assert len(rows) < files  # it was killed mid-ingest
    assert all(_row_is_whole(tuple(r)) for r in rows)  # no half-written article
    assert [r[0] for r in rows] == [f"{i:04d}" for i in range(len(rows))]  # committed in order, no gaps


# ---------------------------------------------------------------------------------------------- races


WRITER = """
import sys
from geo.corrections import Correction
from geo.store import Store
import os, time
path, name, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with Store.open(path) as store:
    while not os.path.exists(go):  # start together
        time.sleep(0.001)
    for i in range(n):
        store.add_correction(Correction("claim_note", f"claim-{i % 7}", {"note": f"{name} {i}"}))
        if i % 10 == 0:
            from geo.ingest import article_from_text
            store.add_article(article_from_text(f"{name} wrote article {i}.", f"{name}-{i}"))
"""


def test_two_processes_writing_at_once_lose_no_update(tmp_path):
    path = tmp_path / "shared.sqlite3"
    Store.open(path).close()
    go = tmp_path / "go"
    n = 150
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, str(n), str(go)], env=env, stderr=subprocess.PIPE
        )
        for name in ("alice", "bob")
    ]
    time.sleep(0.5)
    go.touch()
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err.decode()
    with Store.open(path) as s:
        notes = [c.payload["note"] for c in s.corrections()]
        assert len(notes) == 2 * n
        assert {f"{who} {i}" for who in ("alice", "bob") for i in range(n)} == set(notes)
        assert s.count_articles() == 2 * len(range(0, n, 10))


def test_threads_sharing_one_store_and_separate_stores_lose_no_update(tmp_path):
    path = tmp_path / "threads.sqlite3"
    shared = Store.open(path)
    n = 100
    errors: list[BaseException] = []

    def work(name: str, own: bool) -> None:
        try:
            store = Store.open(path) if own else shared
            for i in range(n):
                store.add_correction(Correction("claim_note", "c", {"note": f"{name} {i}"}))
            if own:
                store.close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"t{k}", k % 2 == 0)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(shared.corrections()) == 4 * n
    shared.close()


def test_export_is_one_valid_json_file(store, tmp_path):
    store.add_article(art("a", "Text."))
    counts = store.export_bundle(tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert counts == {"articles": 1, "corrections": 0}
    assert data["format"] == "frontline-claims-bundle" and data["version"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# ---------------------------------------------------------------------------------------------- CLI


def _cli(*argv: str) -> tuple[int, str]:
    import argparse
    import io

    from geo.ingest_cli import add_ingest_parser

    parser = argparse.ArgumentParser()
    add_ingest_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    err = io.StringIO()
    return args.handler(args, err), err.getvalue()


def test_cli_ingest_counts_added_unchanged_updated_skipped_failed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Troops entered Kupiansk.")
    (folder / "b.md").write_text("---\ntitle: B\npublished: 2022-09-09\n---\nShelling near Izium.")
    (folder / "c.txt").write_bytes(b"")
    (folder / "d.md").write_text("---\ntitle: open\nno end")
    data = str(tmp_path / "data")
    code, err = _cli("ingest", str(folder), "--data-dir", data, "--no-extract")
    assert code == 3  # one input failed
    assert "done: 2 added, 0 unchanged, 0 updated, 1 skipped, 1 failed" in err
    assert "failed: " in err and "never closed" in err and "Traceback" not in err
    (folder / "a.txt").write_text("Troops entered Kupiansk and Izium.")
    (folder / "d.md").unlink()
    code, err = _cli("ingest", str(folder), "--data-dir", data, "--no-extract", "-q")
    assert code == 0 and "done: 0 added, 1 unchanged, 1 updated, 1 skipped, 0 failed" in err
    code, err = _cli("ingest", str(folder), "--data-dir", data, "--published", "someday")
    assert code == 2 and err.startswith("error: --published")


def test_cli_store_export_import_and_bad_bundle(tmp_path):
    with Store.open(tmp_path / "one" / DB_NAME) as s:
        s.add_article(art("a", "Text about Lyman."))
        s.add_correction(Correction("claim_note", "c1", {"note": "n"}))
    code, err = _cli("store", "--data-dir", str(tmp_path / "one"), "export", str(tmp_path / "b.json"))
    assert code == 0 and "exported 1 articles and 1 corrections" in err
    code, err = _cli("store", "--data-dir", str(tmp_path / "two"), "import", str(tmp_path / "b.json"))
    assert code == 0 and "1 added" in err
    (tmp_path / "bad.json").write_text("{")
    code, err = _cli("store", "--data-dir", str(tmp_path / "two"), "import", str(tmp_path / "bad.json"))
    assert code == 3 and err.count("\n") == 1 and "not a bundle" in err
