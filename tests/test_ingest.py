"""Bad input to ingest: every case gets an article or a one-line reason, and good files are never lost."""

from __future__ import annotations

import codecs
import os
import random
from pathlib import Path

import pytest

from geo.ingest import (
    IngestError,
    IngestLimits,
    SkippedInput,
    article_from_paste,
    article_from_text,
    article_from_upload,
    ingest_files,
    load_articles,
    normalise_date,
)

GOOD = "Ukrainian forces entered Kupiansk on Friday, officials said.\n\nFighting continued near Izium."
CYRILLIC = "Українські війська звільнили Харків та Балаклію.\n\nБої тривають біля міста Ізюм."
MIXED = "Ukrainian forces entered Харків and Балаклія on Thursday, officials said."
SAMPLE = Path(__file__).resolve().parents[1] / "geo" / "data" / "articles"


def one_line(reason: str) -> bool:
    return bool(reason) and "\n" not in reason and "Traceback" not in reason and len(reason) < 300


def read_one(path: Path, **kw) -> tuple[list, list]:
    report = load_articles([path], **kw)
    return report.articles, report.skipped


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ---------------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding, with_bom",
    [("utf-16-le", True), ("utf-16-be", True), ("utf-16-le", False), ("utf-16-be", False), ("utf-8", True)],
)
def test_unicode_encodings_with_and_without_bom_decode_exactly(tmp_path, encoding, with_bom):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-8": codecs.BOM_UTF8}
    for name, text in (("mixed", MIXED), ("cyrillic", CYRILLIC)):
        data = (bom[encoding] if with_bom else b"") + text.encode(encoding)
        articles, skipped = read_one(write(tmp_path, f"{name}-{encoding}.txt", data))
        assert skipped == []
        assert articles[0].text == text
        assert not articles[0].text.startswith("\ufeff")


@pytest.mark.parametrize("text", [CYRILLIC, MIXED, "Харків", "Балаклія"])
@pytest.mark.parametrize("encoding", ["cp1251", "koi8-u"])
def test_legacy_cyrillic_is_detected_and_reported(tmp_path, text, encoding):
    path = write(tmp_path, "legacy.txt", text.encode(encoding))
    report = load_articles([path])
    assert report.skipped == []
    assert report.articles[0].text == text
    assert any("decoded as" in w for _, w in report.warnings)


def test_invalid_utf8_bytes_inside_utf8_are_replaced_and_reported(tmp_path):
    good = "“We are moving forward,” said an officer near Харків."
    data = good.encode()[:25] + b"\xff\xfe\x80" + good.encode()[25:]
    report = load_articles([write(tmp_path, "damaged.txt", data)])
    (article,) = report.articles
    assert "\ufffd" in article.text and "Харків" in article.text and article.text.startswith("“We")
    assert any("invalid UTF-8" in w for _, w in report.warnings)


# ---------------------------------------------------------------------------------------------- not text


@pytest.mark.parametrize(
    "name, data, fragment",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\t\r\n  ", "white space"),
        ("random.txt", random.Random(7).randbytes(4096), "binary"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(512), "PNG"),
        ("nul.md", b"text with a \x00 NUL byte", "NUL"),
        ("boilerplate.txt", b"Advertisement\n\nRead more\n", "no article text"),
        ("doc.txt", b"PK\x03\x04" + bytes(64), "ZIP"),
    ],
)
def test_empty_and_binary_inputs_are_skipped_with_one_line_reason(tmp_path, name, data, fragment):
    articles, skipped = read_one(write(tmp_path, name, data))
    assert articles == []
    ((path, reason),) = skipped
    assert path.endswith(name) and one_line(reason) and fragment.lower() in reason.lower()


def test_random_bytes_without_nul_are_refused_not_decoded(tmp_path):
    data = bytes(b for b in random.Random(3).randbytes(6000) if b)
    articles, skipped = read_one(write(tmp_path, "noise.txt", data))
    assert articles == [] and one_line(skipped[0][1])


def test_twenty_megabyte_text_is_read_whole(tmp_path):
    sentence = "Artillery fire was reported near the river crossing, and “the line held”, officials said. "
    paragraph = sentence * 40
    count = 20 * 1024 * 1024 // (len(paragraph) + 2) + 1
    path = write(tmp_path, "big.txt", "\n\n".join([paragraph.strip()] * count))
    assert path.stat().st_size >= 20 * 1024 * 1024
    articles, skipped = read_one(path)
    assert skipped == []
    assert len(articles[0].text) >= 20 * 1024 * 1024 - count * 2


def test_size_limit_is_explicit_and_configurable(tmp_path):
    path = write(tmp_path, "a.txt", GOOD * 100)
    articles, skipped = read_one(path, limits=IngestLimits(max_bytes=1000))
    assert articles == [] and "too large" in skipped[0][1] and "limit" in skipped[0][1]
    with pytest.raises(SkippedInput, match="too large"):
        article_from_upload("a.txt", (GOOD * 100).encode(), limits=IngestLimits(max_bytes=1000))


def test_file_count_limit_reports_what_was_not_read(tmp_path):
    for i in range(5):
        write(tmp_path, f"{i}.txt", f"Article number {i}. {GOOD}")
    report = load_articles([tmp_path], limits=IngestLimits(max_files=3))
    assert len(report.articles) == 3
    assert any("file limit reached (3); 2 not read" in reason for _, reason in report.skipped)


# ---------------------------------------------------------------------------------------------- HTML


PAGE = """<!doctype html><html><head><title>Site | Ukraine retakes a town</title>
<meta property="og:title" content="Ukraine retakes a town">
<meta property="article:published_time" content="2022-09-08T10:00:00+03:00">
<meta property="og:site_name" content="The Daily">
<link rel="canonical" href="https://example.com/story">
<script>var s = "<p>Not article text</p>";</script><style>p { color: red }</style></head>
<body><header><nav>Home · World · Sport</nav></header>
<main><article><p>Ukrainian troops entered the town on
Thursday, &ldquo;officials&rdquo; said.</p><p>Second <b>paragraph</b> here.</p>
<aside>Related: another story</aside></article></main><footer>© The Daily</footer></body></html>"""


def test_html_is_reduced_to_article_text_with_its_metadata(tmp_path):
    (article,), skipped = read_one(write(tmp_path, "story.html", PAGE))
    assert skipped == []
    assert article.text == (
        "Ukrainian troops entered the town on Thursday, “officials” said.\n\nSecond paragraph here."
    )
    assert article.title == "Ukraine retakes a town"
    assert article.published == "2022-09-08"
    assert (article.source, article.url) == ("The Daily", "https://example.com/story")


def test_html_without_article_takes_the_largest_text_block(tmp_path):
    page = (
        "<html><body><div class=menu><p>Home</p></div>"
        "<div id=story><p>The first long paragraph of reporting.</p><p>The second one.</p></div>"
        "<div><p>Tiny</p></div></body></html>"
    )
    article = article_from_upload("page.htm", page.encode("cp1251"))
    assert article.text == "The first long paragraph of reporting.\n\nThe second one."


def test_html_nested_five_thousand_levels_deep(tmp_path):
    page = (
        "<html><body>"
        + "<div>" * 5000
        + "<p>Deep text about Kharkiv.</p>"
        + "</div>" * 5000
        + "</body></html>"
    )
    report = load_articles([write(tmp_path, "deep.html", page)])
    assert [a.text for a in report.articles] == ["Deep text about Kharkiv."]
    assert any("flattened" in w for _, w in report.warnings)


def test_html_with_no_text_is_skipped(tmp_path):
    articles, skipped = read_one(
        write(tmp_path, "empty.html", "<html><head><script>x()</script></head></html>")
    )
    assert articles == [] and "no article text" in skipped[0][1]


def test_upload_sniffs_html_and_refuses_unknown_types():
    article = article_from_upload("story.txt", PAGE.encode())
    assert article.title == "Ukraine retakes a town" and "<p>" not in article.text
    with pytest.raises(SkippedInput, match="unsupported file type"):
        article_from_upload("photo.jpg", b"\xff\xd8\xff")
    with pytest.raises(IngestError, match="binary"):
        article_from_upload("photo.txt", b"\x89PNG\r\n\x1a\n\x00")


# ---------------------------------------------------------------------------------------------- text shapes


def test_ten_thousand_quotation_marks(tmp_path):
    for name, text in (
        ("straight.txt", '"' * 10_000),
        ("curly.txt", "“" * 5_000 + "”" * 5_000),
        ("mixed.txt", ("He said “yes” and \"no\" and 'maybe'. " * 2_500)),
    ):
        (article,), skipped = read_one(write(tmp_path, name, text))
        assert skipped == [] and article.text == text.strip()


def test_front_matter_without_closing_line_is_refused_with_reason(tmp_path):
    articles, skipped = read_one(
        write(tmp_path, "open.md", "---\ntitle: x\npublished: 2022-09-08\nBody text.")
    )
    assert articles == [] and "never closed" in skipped[0][1] and one_line(skipped[0][1])


def test_malformed_front_matter_lines_are_ignored_with_a_warning(tmp_path):
    text = "---\ntitle: Good title\nthis line is not metadata\n---\nBody text here."
    report = load_articles([write(tmp_path, "odd.md", text)])
    assert report.articles[0].title == "Good title" and report.articles[0].text == "Body text here."
    assert any("line 3 ignored" in w for _, w in report.warnings)


@pytest.mark.parametrize("bad", ["yesterday", "2022-13-45", "09/08/2022", "31.02.2022", "99999-01-01"])
def test_bad_dates_in_files_keep_the_article_undated_with_a_warning(tmp_path, bad):
    report = load_articles([write(tmp_path, "dated.md", f"---\ntitle: T\npublished: {bad}\n---\n{GOOD}")])
    assert report.articles[0].published is None
    assert any("unreadable date" in w and "without a date" in w for _, w in report.warnings)


def test_bad_date_in_file_falls_back_to_the_callers_date(tmp_path):
    report = load_articles(
        [write(tmp_path, "d.md", f"---\npublished: soon\n---\n{GOOD}")], published="2022-09-09"
    )
    assert report.articles[0].published == "2022-09-09"


def test_bad_caller_date_is_an_error():
    with pytest.raises(IngestError, match="unreadable date"):
        load_articles([SAMPLE], published="next week")


@pytest.mark.parametrize(
    "written, iso",
    [
        ("2022-09-08", "2022-09-08"),
        ("2022-09-08T23:30:00Z", "2022-09-08"),
        ("8 September 2022", "2022-09-08"),
        ("September 8, 2022", "2022-09-08"),
        ("08.09.2022", "2022-09-08"),
        ("Thu, 08 Sep 2022 10:00:00 GMT", "2022-09-08"),
    ],
)
def test_common_date_spellings(written, iso):
    assert normalise_date(written) == iso


def test_unknown_places_are_just_text():
    article = article_from_text("Fighting near Zzyzxville and Qwertyuiopsk continued.", "x")
    assert article.text == "Fighting near Zzyzxville and Qwertyuiopsk continued."


def test_odd_line_separators_become_newlines_so_offsets_are_stable():
    article = article_from_text("One\u2028two\rthree\x0bfour\x85five\u2029six\x1cseven", "x")
    assert article.text == "One\n\ntwo\n\nthree\n\nfour\n\nfive\n\nsix\n\nseven"


def test_article_ids_are_safe_for_mention_keys():
    article = article_from_text(GOOD, "a:b c/d")
    assert ":" not in article.article_id and " " not in article.article_id
    assert article_from_text(GOOD, ":::").article_id.startswith("article-")
    assert article_from_paste(GOOD, title="Kupiansk: troops enter").article_id == "kupiansk-troops-enter"


# ---------------------------------------------------------------------------------------------- folders


def test_dangling_symlink_and_unreadable_file_are_reported(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    locked = write(tmp_path, "locked.txt", GOOD)
    locked.chmod(0)
    report = load_articles([tmp_path])
    reasons = dict(report.skipped)
    assert "broken symbolic link" in reasons[str(tmp_path / "gone.txt")]
    if os.geteuid() != 0:  # root reads any file
        assert "cannot read" in reasons[str(locked)]
    assert all(one_line(r) for r in reasons.values())


def test_missing_path_is_reported(tmp_path):
    articles, skipped = read_one(tmp_path / "absent.txt")
    assert articles == [] and skipped[0][1] == "no such file"


def test_one_bad_file_in_a_folder_never_loses_the_good_ones(tmp_path):
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    good = {
        "a.txt": GOOD,
        "b.md": f"---\ntitle: B\npublished: 2022-09-09\n---\n{CYRILLIC}",
        "sub/c.html": PAGE,
        "d.txt": MIXED.encode("cp1251"),
        "e.txt": codecs.BOM_UTF16_LE + CYRILLIC.encode("utf-16-le"),
        "f.md": f"---\ntitle: F\npublished: never\n---\n{GOOD} Again.",
    }
    bad = {
        "empty.txt": b"",
        "blank.md": b" \n ",
        "binary.txt": random.Random(1).randbytes(2048),
        "png.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "open.md": "---\ntitle: never closed\nBody",
        "deep.html": "<div>" * 3000 + "</div>" * 3000,
        "notes.pdf": b"%PDF-1.7",
    }
    for name, data in {**good, **bad}.items():
        write(folder, name, data)
    (folder / "link.txt").symlink_to(folder / "missing-target.txt")
    (folder / ".hidden.txt").write_text(GOOD)
    report = load_articles([folder])
    assert sorted(a.path for a in report.articles) == sorted(str(folder / n) for n in good)
    skipped = dict(report.skipped)
    assert sorted(skipped) == sorted([str(folder / n) for n in bad] + [str(folder / "link.txt")])
    assert all(one_line(reason) for reason in skipped.values())
    assert report.failed == 2  # unclosed front matter and the broken link; the rest: skipped by design


def test_duplicate_ids_keep_the_first(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    write(tmp_path / "x", "same.txt", GOOD)
    write(tmp_path / "y", "same.txt", GOOD + " Other.")
    report = load_articles([tmp_path / "x", tmp_path / "y"])
    assert len(report.articles) == 1 and "duplicate article id" in report.skipped[0][1]


def test_progress_outcomes_announce_their_total_first(tmp_path):
    for i in range(3):
        write(tmp_path, f"{i}.txt", f"{i}. {GOOD}")
    totals: list[int] = []
    outcomes = list(ingest_files([tmp_path], on_total=totals.append))
    assert totals == [3] and [o.status for o in outcomes] == ["ok"] * 3


def test_sample_corpus_reads_cleanly():
    report = load_articles([SAMPLE])
    assert report.skipped == [] and len(report.articles) >= 2
    for article in report.articles:
        assert article.published and article.title and "You are viewing a snapshot" not in article.text
