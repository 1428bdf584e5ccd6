"""Telegram Desktop exports: one article per post, dated in UTC, links kept, damage reported, nothing lost."""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
from pathlib import Path

import pytest

from bench.telegram_export import make_export
from geo.ingest import (
    TelegramRead,
    articles_from_upload,
    iter_telegram,
    load_articles,
    message_text,
)
from geo.ingest_cli import add_ingest_parser
from geo.store import DB_NAME, Store

EXPORT = Path(__file__).parent / "data" / "telegram" / "result.json"


@pytest.fixture(scope="module")
def export_articles():
    report = load_articles([EXPORT])
    return {a.article_id: a for a in report.articles}, report


def _post(articles, post_id):
    return articles[f"tg-1900000001-{post_id}"]


def _messages() -> list[dict]:
    return json.loads(EXPORT.read_text(encoding="utf-8"))["messages"]


def test_each_post_with_text_is_an_article(export_articles):
    articles, report = export_articles
    messages = _messages()
    service = [m["id"] for m in messages if m["type"] == "service"]
    assert len(messages) >= 15 and service
    assert len(articles) == 17
    assert not any(f"tg-1900000001-{i}" in articles for i in service)
    assert "tg-1900000001-5" not in articles  # a photo without a caption
    assert "tg-1900000001-21" not in articles  # only an emoji
    assert report.failed == 0 and not report.skipped
    assert any("2 service messages" in w and "2 posts without text" in w for _, w in report.warnings)


def test_source_path_and_title(export_articles):
    articles, _ = export_articles
    post = _post(articles, 2)
    assert post.source == "Вісті Сходу"
    assert post.path.endswith("result.json#2")
    assert post.title.startswith("Ранкове зведення.")
    assert post.url == ""  # the export names no username


def test_dates_come_from_date_unixtime_in_utc(export_articles):
    articles, _ = export_articles
    message = next(m for m in _messages() if m["id"] == 6)
    assert message["date"].startswith("2022-09-08T01:30")  # local time (UTC+3) in "date"
    assert _post(articles, 6).published == "2022-09-07"  # 22:30 UTC the day before
    assert _post(articles, 7).published == "2022-09-08"


def test_links_entities_and_forwarded_from(export_articles):
    articles, _ = export_articles
    linked = _post(articles, 3)
    assert linked.links == ("https://example.org/uk/zvedennia-07-09",)
    assert "Деталі — на сайті." in linked.text and "Важливо." in linked.text
    assert _post(articles, 9).links == ("https://example.org/en/kupiansk-push",)
    assert _post(articles, 8).forwarded_from == "Военный обозреватель"
    assert _post(articles, 2).forwarded_from == ""


def test_photo_captions_are_read(export_articles):
    articles, _ = export_articles
    assert _post(articles, 4).text == "Фото з Балаклії: місцеві мешканці зустрічають військових."
    assert "Шевченковим" in _post(articles, 13).text


def test_languages_of_the_posts(export_articles):
    articles, _ = export_articles
    assert _post(articles, 2).language == "uk"
    assert _post(articles, 10).language == "ru"
    assert _post(articles, 14).language == "en"
    assert {a.language for a in articles.values()} == {"uk", "ru", "en"}


def test_text_without_entities_string_or_list():
    assert message_text({"text": "Просто текст"}) == ("Просто текст", ())
    mixed = {"text": ["Див. ", {"type": "text_link", "text": "тут", "href": "https://example.org/x"}, "!"]}
    assert message_text(mixed) == ("Див. тут!", ("https://example.org/x",))
    odd = {"text": [None, 5, {"type": "bold"}, "ok"], "text_entities": []}
    assert message_text(odd) == ("ok", ())


def test_username_gives_t_me_links():
    data = EXPORT.read_bytes()
    caller = list(iter_telegram(data, username="vesti_test"))
    assert caller[0].url == f"https://t.me/vesti_test/{caller[0].article_id.rsplit('-', 1)[1]}"
    assert caller[0].article_id.startswith("tg-vesti_test-")
    export = json.loads(data)
    export = {"name": export["name"], "username": "@own_channel", "messages": export["messages"]}
    own = list(iter_telegram(json.dumps(export).encode()))
    assert own[0].url.startswith("https://t.me/own_channel/")


@pytest.mark.parametrize("fraction", [0.35, 0.6, 0.93])
def test_truncated_export_keeps_posts_before_the_break(tmp_path, fraction):
    data = EXPORT.read_bytes()
    cut = data[: int(len(data) * fraction)]
    complete_ids = [m["id"] for m in _messages() if m["type"] == "message"]
    read = TelegramRead()
    got = list(iter_telegram(cut, read=read))
    assert got, "posts before the damage are kept"
    assert "export damaged near byte" in read.broken and "after post id" in read.broken
    ids = [int(a.article_id.rsplit("-", 1)[1]) for a in got]
    assert ids == sorted(ids) and set(ids) <= set(complete_ids)
    path = tmp_path / "result.json"
    path.write_bytes(cut)
    report = load_articles([path])
    assert len(report.articles) == len(got) and report.failed == 1
    (where, reason), = report.skipped
    assert where == str(path) and "\n" not in reason and f"kept {len(got)} articles" in reason


def test_export_broken_before_any_post_fails_with_one_line(tmp_path):
    path = tmp_path / "result.json"
    data = EXPORT.read_bytes()
    path.write_bytes(data[: data.index(b'"messages"') + 30])  # inside the first (service) message
    report = load_articles([path])
    assert report.articles == [] and report.failed == 1
    assert "export damaged" in report.skipped[0][1]


def test_other_json_is_not_taken_for_an_export(tmp_path):
    (tmp_path / "notes.json").write_text('{"items": [1, 2]}', encoding="utf-8")
    (tmp_path / "chat.json").write_text('{"name": "x", "type": "personal_chat", "id": 1}', encoding="utf-8")
    report = load_articles([tmp_path])
    assert report.articles == [] and report.failed == 0
    reasons = dict(report.skipped)
    assert reasons[str(tmp_path / "notes.json")] == "not a Telegram chat export"
    assert reasons[str(tmp_path / "chat.json")] == "not a Telegram chat export"


def test_dashboard_upload_reads_every_post():
    notes: list[str] = []
    articles = articles_from_upload("result.json", EXPORT.read_bytes(), warnings=notes)
    assert len(articles) == 17 and any("service messages" in n for n in notes)


def test_store_keeps_the_new_fields(tmp_path, export_articles):
    articles, _ = export_articles
    with Store.open(tmp_path / DB_NAME) as store:
        store.add_articles(articles.values())
        kept = {a.article_id: a for a in store.articles()}
        bundle = tmp_path / "bundle.json"
        store.export_bundle(bundle)
    assert kept == articles
    with Store.open(tmp_path / "other" / DB_NAME) as other:
        other.import_bundle(bundle)
        assert {a.article_id: a for a in other.articles()} == articles


def _run_ingest(paths: list[str], data_dir: Path) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    add_ingest_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["ingest", *paths, "--data-dir", str(data_dir), "--no-extract"])
    err = io.StringIO()
    return args.handler(args, err), err.getvalue()


def _check_progress(stderr: str, articles: int) -> None:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("ingest [")]
    assert len(lines) >= 10
    done, total = lines[-1].split("[", 1)[1].split("]", 1)[0].split("/")
    assert done == total, "the bar ends full"
    assert f"done: {articles} added" in stderr


def test_generated_export_ingests_with_progress(tmp_path):
    data = make_export(600, seed=3)
    expected = sum(1 for _ in iter_telegram(data))
    path = tmp_path / "result.json"
    path.write_bytes(data)
    code, stderr = _run_ingest([str(path)], tmp_path / "store")
    assert code == 0
    _check_progress(stderr, expected)


@pytest.mark.slow
def test_ten_thousand_message_export(tmp_path):
    data = make_export(10_000, seed=1)
    path = tmp_path / "result.json"
    path.write_bytes(data)
    read = TelegramRead()
    expected = sum(1 for _ in iter_telegram(data, read=read))
    assert read.posts == 10_000 and expected > 9_000
    code, stderr = _run_ingest([str(path)], tmp_path / "store")
    assert code == 0
    _check_progress(stderr, expected)
    with Store.open(tmp_path / "store" / DB_NAME) as store:
        assert store.count_articles() == expected


def test_rows_stored_before_languages_get_one_on_reading(tmp_path, export_articles):
    articles, _ = export_articles
    post = _post(articles, 10)
    with Store.open(tmp_path / DB_NAME) as store:
        store.add_article(post)
    with sqlite3.connect(tmp_path / DB_NAME) as con:
        con.execute("UPDATE articles SET language = ''")
    with Store.open(tmp_path / DB_NAME) as store:
        assert store.articles()[0].language == "ru"
