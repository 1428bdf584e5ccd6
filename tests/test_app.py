"""The dashboard's logic through Streamlit's AppTest: sample data, filters, shared links, escaping, uploads,
corrections. Each test gets its own data folder (FRONTLINE_DATA_DIR), so stores never leak between tests."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.records import Article
from geo.store import DB_NAME, Store

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 180
QUOTES_HEADER = re.compile(r"\*\*Quotes\*\* · (\d+) of (\d+)")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    return tmp_path


def app(query: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if query:
        at.query_params.update(query)
    return at.run()


def quote_count(at: AppTest) -> tuple[int, int]:
    for md in at.markdown:
        found = QUOTES_HEADER.search(md.value)
        if found:
            return int(found.group(1)), int(found.group(2))
    raise AssertionError("no quotes panel header")


def quote_cards(at: AppTest) -> list[str]:
    return [md.value for md in at.markdown if "Article\\:" in md.value or "Article:" in md.value]


def _day(micros: float) -> dt.date:
    """A date slider's bound as AppTest reports it (microseconds since the epoch, UTC)."""
    return (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=micros)).date()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_app_opens_on_the_sample(data_dir: Path) -> None:
    at = app()
    no_exception(at)
    assert at.title[0].value == "Frontline claims"
    shown, total = quote_count(at)
    assert shown == total > 0
    assert quote_cards(at)
    date = at.slider(key="date")
    assert (_day(date.min), _day(date.max)) == (dt.date(2022, 9, 1), dt.date(2022, 9, 15))
    assert date.value == dt.date(2022, 9, 9)
    assert any("DeepStateMap snapshot" in c.value for c in at.caption)
    assert Store.open(data_dir / DB_NAME).count_articles() == 2


def test_side_filter_changes_the_quotes_and_the_url(data_dir: Path) -> None:
    at = app()
    _, total = quote_count(at)
    at.multiselect(key="f_sides").set_value(["russia"]).run()
    no_exception(at)
    shown, _ = quote_count(at)
    assert 0 < shown < total
    assert all("red-badge[russia]" in card for card in quote_cards(at))
    assert at.query_params["side"] == ["russia"] or at.query_params["side"] == "russia"


def test_speaker_and_article_filters(data_dir: Path) -> None:
    at = app()
    _, total = quote_count(at)
    speaker = sorted(_tables()["quotes"]["speaker"])[0]
    assert speaker in at.multiselect(key="f_speakers").options
    at.multiselect(key="f_speakers").set_value([speaker]).run()
    shown, _ = quote_count(at)
    assert 0 < shown < total
    at.multiselect(key="f_speakers").set_value([]).run()
    article = at.multiselect(key="f_articles").options[0]
    at.multiselect(key="f_articles").set_value([article]).run()
    by_article, _ = quote_count(at)
    assert 0 < by_article < total


def test_layer_toggle_and_date_go_into_the_url(data_dir: Path) -> None:
    at = app()
    at.checkbox(key="layer_claims").uncheck().run()
    at.slider(key="date").set_value(dt.date(2022, 9, 12)).run()
    no_exception(at)
    params = {k: v if isinstance(v, str) else ",".join(v) for k, v in at.query_params.items()}
    assert params["date"] == "2022-09-12"
    assert "claims" not in params["layers"].split(",") and "places" in params["layers"].split(",")
    assert any("12 Sep 2022" in c.value for c in at.caption)


def test_query_parameters_restore_the_view(data_dir: Path) -> None:
    app()
    place_id = _a_place_with_quotes()
    at = app({"date": "2022-09-12", "layers": "places,control", "side": "ukraine", "place": place_id})
    no_exception(at)
    assert at.slider(key="date").value == dt.date(2022, 9, 12)
    assert not at.checkbox(key="layer_claims").value and at.checkbox(key="layer_control").value
    assert at.multiselect(key="f_sides").value == ["ukraine"]
    assert at.session_state["place_id"] == place_id
    assert any(md.value.startswith("#### :material/location_on:") for md in at.markdown)


def test_a_bad_link_is_reported_not_fatal(data_dir: Path) -> None:
    at = app({"date": "someday", "layers": "places,nonsense", "side": "martians", "zoom": "x"})
    no_exception(at)
    notes = " ".join(w.value for w in at.warning)
    assert "someday" in notes and "nonsense" in notes and "martians" in notes


def _a_place_with_quotes() -> str:
    """The place named by most quotes in the current data folder."""
    quotes = _tables()["quotes"]
    ids = [p for ids in quotes["place_ids"] for p in ids]
    return max(set(ids), key=ids.count)


def _tables() -> dict:
    from geo.app.corpus import StoreExtractionCache, build_corpus
    from geo.extract.pipeline import Resources
    from geo.store import data_dir as store_dir

    store = Store.open(store_dir() / DB_NAME)
    return build_corpus(store.articles(), Resources(), cache=StoreExtractionCache(store)).tables


def test_selecting_a_place_filters_the_quotes(data_dir: Path) -> None:
    at = app()
    _, total = quote_count(at)
    place_id = _a_place_with_quotes()
    at.session_state["place_id"] = place_id
    at.run()
    no_exception(at)
    shown, _ = quote_count(at)
    assert 0 < shown < total
    assert any(md.value.startswith("#### :material/location_on:") for md in at.markdown)
    at.button(key="clear-place").click().run()
    assert quote_count(at)[0] == total


def test_hostile_article_text_is_shown_as_text(data_dir: Path) -> None:
    text = (
        "Ukrainian forces entered Izyum on Saturday. “<script>alert('owned')</script> We hold Izyum now,” "
        "said Oleksiy Gromov, a Ukrainian general. <img src=x onerror=alert(2)> **not bold**"
    )
    store = Store.open(data_dir / DB_NAME)
    store.add_article(
        Article("hostile", "<script>alert('title')</script> Izyum report", "2022-09-10", "test", text)
    )
    at = app()
    no_exception(at)
    markdown = [md for md in at.markdown if "script" in md.value]
    assert markdown, "the hostile article's text or title should be on the page"
    for md in markdown:
        assert not md.allow_html
        assert "<script>" not in md.value and "\\<script\\>" in md.value
    # the only raw HTML on the page is the layout's own fixed rules, never an article's text
    from geo.app.layout import COLLAPSE_SCRIPT, CSS

    assert [h.proto.body for h in at.get("html")] == [(CSS + COLLAPSE_SCRIPT).strip()]


def opened(at: AppTest, key: str, value: bool | str = True) -> AppTest:
    """Open a lazy expander (True) or pick a tab (its label): their content is built only when open."""
    at.session_state[key] = value
    return at.run()


def test_folded_forms_and_hidden_tabs_are_not_built(data_dir: Path) -> None:
    at = app()
    assert not at.get("file_uploader") and not at.text_area
    assert any("Loading the claims" in c.value for c in at.caption)  # first run: tabs wait for the map
    at.run()
    assert at.dataframe and not at.get("file_uploader")  # the Claims tab's table, the forms still folded
    assert not any(s.key == "correction-kind" for s in at.selectbox)
    opened(at, "add-articles")
    assert at.get("file_uploader") and at.text_area
    opened(at, "tab", "Corrections")
    assert any(s.key == "correction-kind" for s in at.selectbox)


def test_upload_adds_articles_with_progress_and_reports_bad_files(data_dir: Path) -> None:
    at = opened(app(), "add-articles")
    uploader = at.get("file_uploader")[0]
    good = (
        "---\ntitle: Fighting near Kupiansk\npublished: 2022-09-11\nsource: wire\n---\n"
        "Russian troops left Kupiansk on Sunday, said Ivan Petrov, a Ukrainian officer. "
        "“We took Kupiansk back,” Petrov said."
    ).encode()
    broken = b"\x00\x01\x02\xff" * 50
    uploader.set_value([("kupiansk.md", good, "text/markdown"), ("broken.txt", broken, "text/plain")])
    at.run()
    at.button(key="add-files").click().run()
    no_exception(at)
    messages = " ".join(m.value for m in [*at.success, *at.error, *at.info, *at.warning]).replace("\\", "")
    assert "broken.txt" in messages
    assert "1 added" in messages
    assert any("3 articles in the store" in c.value for c in at.caption)
    assert Store.open(data_dir / DB_NAME).count_articles() == 3


def test_paste_an_article(data_dir: Path) -> None:
    at = opened(app(), "add-articles")
    form_inputs = {t.label: t for t in at.text_input}
    form_inputs["Title"].input("Pasted report")
    form_inputs["Source"].input("analyst")
    at.text_area[0].input(
        "Fighting continued near Balakliia, officials said. “Balakliia is ours,” said a Ukrainian soldier."
    )
    at.button(key="FormSubmitter:paste-article-Add article").click().run()
    no_exception(at)
    assert Store.open(data_dir / DB_NAME).count_articles() == 3
    assert any("Pasted report" in s.value.replace("\\", "") for s in at.success)


def test_move_a_place_then_undo(data_dir: Path) -> None:
    at = opened(app(), "tab", "Corrections")
    at.selectbox(key="correction-kind").set_value("move_place").run()
    place_id = at.selectbox(key="mv-place").value
    at.number_input[0].set_value(50.0)
    at.number_input[1].set_value(36.0)
    at.button(key="FormSubmitter:move-place-Move place").click().run()
    no_exception(at)
    store = Store.open(data_dir / DB_NAME)
    corrections = store.corrections()
    assert [(c.kind, c.target) for c in corrections] == [("move_place", place_id)]
    assert any(f"undo-{corrections[0].id}" == b.key for b in at.button)
    at.button(key=f"undo-{corrections[0].id}").click().run()
    no_exception(at)
    assert store.corrections() == []


def test_adding_articles_never_moves_the_analysts_date(data_dir: Path) -> None:
    at = app()
    at.slider(key="date").set_value(dt.date(2022, 9, 8)).run()
    no_exception(at)
    store = Store.open(data_dir / DB_NAME)
    text = "Russian forces shelled Kupyansk on Tuesday, the regional governor said."
    store.add_article(Article("later", "A later report", "2022-10-04", "test", text))
    at.run()
    no_exception(at)
    date = at.slider(key="date")
    assert _day(date.max) >= dt.date(2022, 10, 4)  # the window widened …
    assert date.value == dt.date(2022, 9, 8)  # … and the date stayed where the analyst put it
    assert any("dated after" in c.value for c in at.caption)  # the later quotes are not silently gone
