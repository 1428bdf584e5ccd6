"""The dashboard's write side: add articles (upload or paste), store bundles, and analysts' corrections.

Every action reports in one line (added / unchanged / skipped with the reason) and never stops the app:
bad input becomes a message. After a write the page reruns, and the corpus (cached per store revision)
is rebuilt from the store, so what an analyst adds or fixes survives a restart.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from geo.app import data
from geo.app.text import md_escape, plain
from geo.corrections import Correction, CorrectionError, mention_key
from geo.ingest import INPUT_SUFFIXES, IngestError, article_from_paste, articles_from_upload
from geo.profiles import profile_sides
from geo.records import PLACE_KINDS
from geo.store import Store, StoreError

K_FLASH = "_flash"  # messages to show after the rerun that follows a write
K_UPLOAD_GEN = "_upload_generation"  # bumping it clears the file uploader
K_ADD, K_BUNDLE = "add-articles", "store-bundle"  # the sidebar's expanders (open state)


def flash(kind: str, message: str) -> None:
    """Keep a plain-text message (file names, titles, errors: shown escaped) for after the rerun."""
    st.session_state.setdefault(K_FLASH, []).append((kind, message))


def show_flash() -> None:
    for kind, message in st.session_state.pop(K_FLASH, []) or []:
        getattr(st, kind if kind in ("success", "info", "warning", "error") else "info")(md_escape(message))


# ------------------------------------------------------------------------------------------ articles


def article_forms(store: Store, tables: Mapping[str, pd.DataFrame]) -> None:
    """Sidebar: article count, upload and paste forms, and the store bundle export/import."""
    show_flash()
    st.caption(f"{len(tables['articles'])} articles in the store")
    # Folded forms are built only when opened (on_change="rerun"): a first page needs none of them.
    adding = st.expander("Add articles", icon=":material/upload_file:", key=K_ADD, on_change="rerun")
    if adding.open:
        with adding:
            upload_form(store)
            paste_form(store)
    bundles = st.expander(
        "Store: export / import", icon=":material/archive:", key=K_BUNDLE, on_change="rerun"
    )
    if bundles.open:
        with bundles:
            bundle_forms(store)


def upload_form(store: Store) -> None:
    generation = st.session_state.setdefault(K_UPLOAD_GEN, 0)
    files = st.file_uploader(
        "Article files",
        type=[s.lstrip(".") for s in INPUT_SUFFIXES],
        accept_multiple_files=True,
        key=f"uploader-{generation}",
        help="Plain text or Markdown (front matter: title, published, source, url), saved web pages, "
        "Telegram exports (result.json) or RSS/Atom feeds (.xml, .rss, .atom).",
    )
    published = st.date_input("Published (for files without a date)", value=None, key="upload-date")
    if st.button("Add files", disabled=not files, key="add-files", type="primary"):
        date = published.isoformat() if isinstance(published, dt.date) else None
        add_uploads(store, [(f.name, f.getvalue()) for f in files or []], date)
        st.session_state[K_UPLOAD_GEN] = generation + 1
        st.rerun()


def add_uploads(store: Store, files: list[tuple[str, bytes]], published: str | None) -> None:
    """Store each file as an article (progress bar), then extract the new ones (second progress bar)."""
    bar = st.progress(0.0, text="Reading files…")
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for i, (name, payload) in enumerate(files, start=1):
        notes: list[str] = []
        try:
            articles = articles_from_upload(name, payload, published=published, warnings=notes)
            results = store.add_articles(articles)
        except (IngestError, StoreError) as exc:
            flash("error", f"{name}: not added — {exc}")
        else:
            for result in results.values():
                counts[result] = counts.get(result, 0) + 1
            if results and set(results.values()) == {"unchanged"}:
                flash("info", f"{name}: already in the store")
            for note in notes:
                flash("warning", f"{name}: {note}")
        bar.progress(i / len(files), text=f"Read {i} of {len(files)} files")
    _extract_with_progress(bar)
    if counts["added"] or counts["updated"]:
        flash(
            "success",
            f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged",
        )


def _extract_with_progress(bar: Any) -> None:
    def report(done: int, total: int, title: str) -> None:
        bar.progress(done / max(total, 1), text=md_escape(f"Extracting {done} of {total}: {title[:60]}"))

    try:
        corpus = data.extract_pending(report)
    except Exception as exc:  # the articles are stored; the map will show them once extraction works
        flash("error", f"extraction failed: {exc}")
        return
    for warning in corpus.warnings:
        flash("warning", warning)
    bar.empty()


def paste_form(store: Store) -> None:
    with st.form("paste-article", clear_on_submit=True, border=False):
        st.markdown("**…or paste an article**")
        title = st.text_input("Title")
        source = st.text_input("Source", placeholder="e.g. news agency")
        url = st.text_input("URL")
        published = st.date_input("Published", value=None)
        text = st.text_area("Text", height=160)
        if not st.form_submit_button("Add article"):
            return
    if not text.strip():
        st.error("Paste the article's text first.")
        return
    try:
        article = article_from_paste(
            text,
            title=title.strip() or "",
            source=source.strip(),
            url=url.strip(),
            published=published.isoformat() if isinstance(published, dt.date) else None,
        )
        result = store.add_article(article)
    except (IngestError, StoreError) as exc:
        st.error(md_escape(f"Not added: {exc}"))
        return
    if result == "unchanged":
        flash("info", "That text is already in the store.")
    else:
        bar = st.progress(0.0, text="Extracting…")
        _extract_with_progress(bar)
        flash("success", f"Article {result}: {article.title or article.article_id}")
    st.rerun()


def bundle_forms(store: Store) -> None:
    """Export the whole store (articles + corrections) as one file, or merge one in."""
    st.download_button(
        "Export store (.json)",
        data=lambda: _bundle_bytes(store),
        file_name=f"frontline-claims-{dt.date.today().isoformat()}.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
        key="export-bundle",
    )
    bundle = st.file_uploader("Import a store file", type=["json"], key="bundle-upload")
    if bundle is not None and st.button("Import", key="import-bundle"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bundle.json"
            path.write_bytes(bundle.getvalue())
            try:
                summary = store.import_bundle(path)
            except StoreError as exc:
                st.error(md_escape(f"Not imported: {exc}"))
                return
        bar = st.progress(0.0, text="Extracting…")
        _extract_with_progress(bar)
        flash("success", f"Imported — {summary.line()}")
        st.rerun()


def _bundle_bytes(store: Store) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.json"
        store.export_bundle(path)
        return path.read_bytes()


# ------------------------------------------------------------------------------------------ corrections

ACTIONS: dict[str, str] = {
    "move_place": "Move a place",
    "choose_candidate": "Pick another gazetteer candidate",
    "add_place": "Add a missing place",
    "not_a_place": "Mark a mention as not a place",
    "set_metonymic": "Mark a mention as metonymic (or literal)",
    "merge_places": "Merge two places",
    "edit_claim": "Edit a claim's value or holder",
    "claim_note": "Add an analyst note to a claim",
}


def corrections_panel(store: Store, tables: Mapping[str, pd.DataFrame], unapplied: list[Any]) -> None:
    """Forms for every correction kind, then the list of corrections with Undo."""
    show_flash()
    left, right = st.columns([3, 2], gap="large")
    with left:
        action = st.selectbox("Correction", list(ACTIONS), format_func=ACTIONS.get, key="correction-kind")
        names = _place_names(tables)
        correction = _CORRECTION_FORMS[action](tables, names)
        if correction is not None:
            save(store, correction)
    with right:
        corrections_list(store, tables)
        for correction, why in unapplied:
            st.warning(f"Correction {correction.id} ({ACTIONS.get(correction.kind, correction.kind)}) "
                       f"no longer applies: {md_escape(why)}")  # fmt: skip


def save(store: Store, correction: Correction) -> None:
    try:
        store.add_correction(correction)
    except (CorrectionError, StoreError) as exc:
        st.error(md_escape(f"Not saved: {exc}"))
        return
    flash("success", f"Saved: {ACTIONS[correction.kind].lower()}.")
    st.rerun()


def corrections_list(store: Store, tables: Mapping[str, pd.DataFrame]) -> None:
    stored = store.stored_corrections()
    st.markdown(f"**Corrections** · {sum(s.undone_at is None for s in stored)} active")
    if not stored:
        st.caption(
            "None yet. Corrections are kept apart from the machine output and re-applied after every run."
        )
        return
    names = _place_names(tables)
    for item in reversed(stored[-50:]):
        c = item.correction
        cols = st.columns([5, 1])
        label = f"{ACTIONS.get(c.kind, c.kind)}: {describe(c, names)}"
        if item.undone_at:
            cols[0].markdown(f":gray[~~{md_escape(label)}~~ (undone)]")
        else:
            cols[0].markdown(md_escape(label))
            cols[1].button("Undo", key=f"undo-{c.id}", on_click=undo, args=(store, int(c.id or 0)))


def undo(store: Store, correction_id: int) -> None:
    try:
        if store.undo_correction(correction_id):
            flash("success", "Correction undone.")
    except StoreError as exc:
        flash("error", f"Could not undo: {exc}")


def describe(c: Correction, names: Mapping[str, str]) -> str:
    """One line about what a correction does, for the list."""
    p = c.payload
    target = names.get(c.target, c.target)
    if c.kind == "move_place":
        return f"{target} → {p.get('lat')}, {p.get('lon')}"
    if c.kind == "merge_places":
        return f"{target} into {names.get(str(p.get('into')), p.get('into'))}"
    if c.kind in ("choose_candidate", "add_place"):
        chosen = p.get("name") or names.get(str(p.get("place_id")), p.get("place_id"))
        return f"“{p.get('surface', c.target)}” → {chosen}"
    if c.kind in ("not_a_place", "set_metonymic"):
        extra = "" if c.kind == "not_a_place" else (" (metonymic)" if p.get("metonymic") else " (literal)")
        return f"“{p.get('surface', c.target)}”{extra}"
    if c.kind == "edit_claim":
        return f"{c.target}: " + ", ".join(f"{k}={v}" for k, v in p.items())
    if c.kind == "claim_note":
        return f"{c.target}: {p.get('note')}"
    return c.target


def _place_names(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    places = tables["places"]
    return dict(zip(places["place_id"], places["name"], strict=True))


def _place_label(names: Mapping[str, str]) -> Any:
    return lambda pid: f"{names.get(pid, pid)} ({pid})"


def _mention_options(tables: Mapping[str, pd.DataFrame], *, with_candidates: bool = False) -> dict[str, str]:
    """Mention key → readable label ("Izyum" in <article> → place)."""
    titles = dict(zip(tables["articles"]["article_id"], tables["articles"]["title"], strict=True))
    names = _place_names(tables)
    options: dict[str, str] = {}
    for m in tables["mentions"].to_dict("records"):
        if with_candidates and not len(m.get("candidates") or ()):
            continue
        key = mention_key(m["article_id"], int(m["start"]), int(m["end"]))
        where = names.get(plain(m.get("place_id")), "no place")
        flag = " · metonymic" if m.get("metonymic") else ""
        options[key] = (
            f"“{m['surface']}” → {where}{flag} · {titles.get(m['article_id'], m['article_id'])[:50]}"
        )
    return options


def _mention(tables: Mapping[str, pd.DataFrame], key: str) -> dict[str, Any]:
    mentions = tables["mentions"]
    for m in mentions.to_dict("records"):
        if mention_key(m["article_id"], int(m["start"]), int(m["end"])) == key:
            return m
    return {}


def _form_move_place(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> Correction | None:
    places = tables["places"]
    if places.empty:
        st.info("No place to move.")
        return None
    pid = st.selectbox("Place", list(places["place_id"]), format_func=_place_label(names), key="mv-place")
    row = places[places["place_id"] == pid].iloc[0]
    with st.form("move-place", border=False):
        c1, c2 = st.columns(2)
        lat = c1.number_input("Latitude", -90.0, 90.0, float(row["lat"]), format="%.5f")
        lon = c2.number_input("Longitude", -180.0, 180.0, float(row["lon"]), format="%.5f")
        if st.form_submit_button("Move place"):
            return Correction("move_place", pid, {"lat": lat, "lon": lon})
    return None


def _form_choose_candidate(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> Correction | None:
    options = _mention_options(tables, with_candidates=True)
    if not options:
        st.info("No mention has other gazetteer candidates.")
        return None
    key = st.selectbox("Mention", list(options), format_func=options.get, key="cc-mention")
    mention = _mention(tables, key)
    candidates = list(mention.get("candidates") or ())
    labels = {
        c[
            "place_id"
        ]: f"{c['name']} ({c['country_code']}) {c['lat']:.3f}, {c['lon']:.3f} · score {c['score']:.2f}"
        for c in candidates
    }
    with st.form("choose-candidate", border=False):
        chosen = st.radio("Candidate", list(labels), format_func=labels.get)
        if st.form_submit_button("Use this candidate") and chosen:
            return Correction(
                "choose_candidate", key, {"place_id": chosen, "surface": mention.get("surface", "")}
            )
    return None


def _form_add_place(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> Correction | None:
    articles = tables["articles"]
    if articles.empty:
        return None
    titles = dict(zip(articles["article_id"], articles["title"], strict=True))
    article_id = st.selectbox("Article", list(titles), format_func=titles.get, key="ap-article")
    store_article = data.current_store().get_article(article_id)
    with st.form("add-place", border=False):
        surface = st.text_input("Words in the article that name the place (exactly as written)")
        name = st.text_input("Place name")
        c1, c2 = st.columns(2)
        lat = c1.number_input("Latitude", -90.0, 90.0, 0.0, format="%.5f")
        lon = c2.number_input("Longitude", -180.0, 180.0, 0.0, format="%.5f")
        c3, c4 = st.columns(2)
        kind = c3.selectbox("Kind", PLACE_KINDS)
        country = c4.text_input("Country code", max_chars=2)
        if not st.form_submit_button("Add place"):
            return None
    text = store_article.text if store_article else ""
    start = text.find(surface.strip()) if surface.strip() else -1
    if start < 0:
        st.error("Those words are not in the article; copy them exactly as written.")
        return None
    if not name.strip() or (lat == 0.0 and lon == 0.0):
        st.error("Give the place a name and its coordinates.")
        return None
    payload = {"name": name.strip(), "lat": lat, "lon": lon, "kind": kind, "surface": surface.strip()}
    if country.strip():
        payload["country_code"] = country.strip().upper()
    return Correction("add_place", mention_key(article_id, start, start + len(surface.strip())), payload)


def _pick_mention(tables: Mapping[str, pd.DataFrame], widget_key: str) -> str | None:
    """A mention chosen in a select box, or None (with a note) when there is none to correct."""
    options = _mention_options(tables)
    if not options:
        st.info("No mention to correct.")
        return None
    return st.selectbox("Mention", list(options), format_func=options.get, key=widget_key)


def _form_not_a_place(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> Correction | None:
    key = _pick_mention(tables, "nap-mention")
    if key is None:
        return None
    if st.button("Not a place", key="nap-save"):
        return Correction("not_a_place", key, {"surface": _mention(tables, key).get("surface", "")})
    return None


def _form_metonymic(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> Correction | None:
    key = _pick_mention(tables, "met-mention")
    if key is None:
        return None
    mention = _mention(tables, key)
    metonymic = st.toggle(
        "Metonymic (stands for a government or army, not an event there)",
        value=not bool(mention.get("metonymic")),
        key=f"met-value-{key}",
    )
    if st.button("Save", key="met-save"):
        return Correction(
            "set_metonymic", key, {"metonymic": metonymic, "surface": mention.get("surface", "")}
        )
    return None


def _form_merge(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> Correction | None:
    ids = list(tables["places"]["place_id"])
    if len(ids) < 2:
        st.info("Fewer than two places.")
        return None
    with st.form("merge-places", border=False):
        gone = st.selectbox("Merge this place…", ids, format_func=_place_label(names))
        kept = st.selectbox("…into this one (kept)", ids, index=1, format_func=_place_label(names))
        if st.form_submit_button("Merge"):
            if gone == kept:
                st.error("Choose two different places.")
                return None
            return Correction("merge_places", gone, {"into": kept})
    return None


def _claim_options(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    return {
        c[
            "claim_id"
        ]: f"{c['claimant']} ({c['date']}): {c['kind'].replace('_', ' ')} · {plain(c['evidence'])[:70]}"
        for c in tables["claims"].to_dict("records")
    }


def _form_edit_claim(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> Correction | None:
    options = _claim_options(tables)
    if not options:
        st.info("No claim to edit.")
        return None
    claim_id = st.selectbox("Claim", list(options), format_func=options.get, key="ec-claim")
    claim = tables["claims"][tables["claims"]["claim_id"] == claim_id].iloc[0]
    with st.form(f"edit-claim-{claim_id}", border=False):
        c1, c2 = st.columns(2)
        low = c1.number_input("Value from", min_value=0.0, value=_num(claim["value_min"]), step=1.0)
        high = c2.number_input("Value to", min_value=0.0, value=_num(claim["value_max"]), step=1.0)
        sides = list(profile_sides(tables["articles"], claim["article_id"]))
        at = sides.index(claim["holder"]) if claim["holder"] in sides else len(sides) - 1
        holder = st.selectbox("Holder", sides, index=at)
        if st.form_submit_button("Save claim"):
            payload: dict[str, Any] = {"holder": holder}
            if low is not None:
                payload["value_min"] = low
            if high is not None:
                payload["value_max"] = high
            return Correction("edit_claim", claim_id, payload)
    return None


def _num(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(f) else f


def _form_claim_note(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> Correction | None:
    options = _claim_options(tables)
    if not options:
        st.info("No claim to annotate.")
        return None
    claim_id = st.selectbox("Claim", list(options), format_func=options.get, key="cn-claim")
    with st.form("claim-note", clear_on_submit=True, border=False):
        note = st.text_area("Note", height=100)
        if st.form_submit_button("Add note") and note.strip():
            return Correction("claim_note", claim_id, {"note": note.strip()})
    return None


_CORRECTION_FORMS = {
    "move_place": _form_move_place,
    "choose_candidate": _form_choose_candidate,
    "add_place": _form_add_place,
    "not_a_place": _form_not_a_place,
    "set_metonymic": _form_metonymic,
    "merge_places": _form_merge,
    "edit_claim": _form_edit_claim,
    "claim_note": _form_claim_note,
}
