"""RSS and Atom feeds: one article per entry with title, link, date and text; feed URLs only when allowed."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.ingest import articles_from_upload, detect_language, load_articles

FEEDS = Path(__file__).parent / "data" / "feeds"
RSS = FEEDS / "news.rss"
ATOM = FEEDS / "reports.atom"


def _by_url(report):
    return {a.url: a for a in report.articles}


def test_rss_entries_become_articles():
    report = load_articles([RSS])
    articles = _by_url(report)
    assert len(articles) == 4 and report.failed == 0
    push = articles["https://example.org/en/2022/09/08/balakliia-push"]
    assert push.title == "Ukrainian troops push east of Balakliia"
    assert push.source == "Frontline Wire (test feed)"
    assert push.published == "2022-09-09"  # 21:40 at -04:00 is the next day in UTC
    assert push.text == (
        "Ukrainian units advanced east of Balakliia on Thursday, a regional official said.\n\n"
        "Russian forces shelled Chuhuiv overnight & the road to Kupiansk stayed closed."
    )
    assert push.links == (push.url,) and push.language == "en"
    assert articles["https://example.org/en/briefing-note"].published is None
    assert any("1 entries without text" in w for _, w in report.warnings)


def test_rss_full_content_is_preferred_and_html_never_kept():
    oskil = _by_url(load_articles([RSS]))["https://example.org/uk/2022/09/11/oskil"]
    assert oskil.text.startswith("Українські підрозділи закріплюються на правому березі Осколу")
    assert "Сватового" in oskil.text
    assert "<" not in oskil.text and "alert" not in oskil.text
    assert oskil.language == "uk" and oskil.published == "2022-09-11"


def test_atom_entries_use_updated_when_unpublished():
    articles = _by_url(load_articles([ATOM]))
    assert len(articles) == 3
    izium = articles["https://example.org/uk/2022/09/11/izium"]
    assert izium.published == "2022-09-11" and izium.source == "Звіти з фронту (тестова стрічка)"
    assert izium.text.split("\n\n") == [
        "Українські військові увійшли до Ізюма, повідомило Міністерство оборони.",
        "Триває зачистка міста.",
        "Сапери перевіряють мости.",
    ]
    statement = articles["https://example.org/en/2022/09/10/statement"]
    assert statement.published == "2022-09-10" and statement.language == "en"
    assert articles["https://example.org/uk/2022/09/12/nikopol"].text.startswith("Вночі російські війська")


def test_ids_are_stable_across_reads():
    first = [a.article_id for a in load_articles([RSS]).articles]
    assert first == [a.article_id for a in load_articles([RSS]).articles]
    assert len(set(first)) == len(first)


def test_malformed_feed_keeps_the_entries_before_the_damage(tmp_path):
    data = RSS.read_bytes()
    cut = tmp_path / "cut.rss"
    cut.write_bytes(data[: data.index(b"<item>", data.index(b"</item>"))] + b"<item><title>Broken")
    report = load_articles([cut])
    assert [a.title for a in report.articles] == ["Ukrainian troops push east of Balakliia"]
    assert report.failed == 1 and "malformed" in report.skipped[0][1]


def test_xml_that_is_no_feed_is_skipped(tmp_path):
    (tmp_path / "config.xml").write_text("<?xml version='1.0'?><settings><a>1</a></settings>")
    report = load_articles([tmp_path])
    assert report.articles == [] and report.failed == 0
    assert report.skipped == [(str(tmp_path / "config.xml"), "not an RSS or Atom feed")]


def test_upload_of_a_feed():
    assert len(articles_from_upload("reports.atom", ATOM.read_bytes())) == 3


@pytest.fixture()
def feed_server() -> Iterator[str]:
    body = RSS.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path != "/feed.rss":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_feed_url_needs_the_network_allowed(feed_server):
    report = load_articles([f"{feed_server}/feed.rss"])
    assert report.articles == [] and report.failed == 1
    assert "--online" in report.skipped[0][1]


def test_feed_url_read_when_allowed(feed_server):
    report = load_articles([f"{feed_server}/feed.rss"], online=True)
    assert {a.url for a in report.articles} == set(_by_url(load_articles([RSS])))
    missing = load_articles([f"{feed_server}/nothing.rss"], online=True)
    assert missing.failed == 1 and missing.skipped[0][1] == "feed URL answered HTTP 404"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Вночі над областю збили дев'ять дронів, уламки пошкодили склад.", "uk"),
        ("Ночью над областью сбили девять беспилотников, обломки повредили склад.", "ru"),
        ("Overnight air defences downed nine drones; debris damaged a warehouse.", "en"),
        ("In der Nacht wurden über der Region neun Drohnen abgeschossen.", "de"),
        ("10:45 🔥", ""),
    ],
)
def test_language_detection(text, code):
    assert detect_language(text) == code
