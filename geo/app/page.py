"""The dashboard page, run top to bottom on every rerun: cached data → sidebar inputs → map and quotes →
claims, export, corrections and articles tabs → the view written back into the URL.

``dashboard.py`` calls :func:`main`. Only the open tab is computed (``st.tabs(on_change="rerun")``), and the
export machinery is imported when the Export tab is opened, so the first paint costs only the map and quotes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

import streamlit as st

from geo.app import data, detail, foliummap, forms, layout, panels, quotespanel, state, warmup
from geo.app.filters import filter_claims, filter_quotes
from geo.app.mapview import (
    base_map,
    initial_center_zoom,
    layer_groups,
    legend_profile,
    map_view,
    record_note,
    window_for,
)
from geo.app.text import md_escape
from geo.app.viewstate import LAYER_LABELS, LAYERS, Choices, ViewState
from geo.mapping.basemap import TILE_CHOICES, TILE_LABELS
from geo.mapping.places import place_id_from_tooltip
from geo.profiles import all_profiles, profile_ids
from geo.records import CLAIM_KINDS, SIDES

TABS = ("Claims", "Export", "Corrections", "Articles")
K_TAB = "tab"
K_PROFILE = "profile"  # the dashboard's conflict profile choice
K_PAINTED = "_painted"  # set after a session's first run
K_PICKED_CLAIM = "_picked_claim"  # the claims table's selected row last opened in the detail view
MAP_HEIGHT = 620
RETURNED = ("last_object_clicked_tooltip", "last_object_clicked_count", "center", "zoom", "bounds")


def main() -> None:
    """One run of the page."""
    st.set_page_config(
        page_title="Frontline claims",
        page_icon=panels.page_icon(),
        layout="wide",
        initial_sidebar_state=layout.SIDEBAR_WIDTH,
    )
    layout.apply()
    warmup.start()  # no-op when the server's start already began it

    # --- data ---------------------------------------------------------------------------------------------
    chosen_profile = st.session_state.get(K_PROFILE, "auto")
    corpus = data.load_corpus(chosen_profile)
    tables, record = corpus.tables, corpus.record
    window, choices = window_for(tables, record)
    state.init_from_url(choices, window)
    names = dict(zip(tables["places"]["place_id"], tables["places"]["name"], strict=True))
    titles = dict(zip(tables["articles"]["article_id"], tables["articles"]["title"], strict=True))

    # --- sidebar: view, filters, articles -----------------------------------------------------------------
    with st.sidebar:
        st.selectbox(
            "Conflict profile",
            ("auto", *profile_ids()),
            key=K_PROFILE,
            help="Sides and colours: 'auto' takes each article's profile from its front matter or text.",
        )
        sidebar(window, choices, titles)
        st.subheader("Articles")
        forms.article_forms(data.current_store(), tables)

    # --- the current view ---------------------------------------------------------------------------------
    map_state = st.session_state.get("map")
    state.handle_map_click(map_state, place_id_from_tooltip)
    view: ViewState = state.current_view(window, map_state)
    claims_shown = filter_claims(tables["claims"], view.filters, as_of=view.date)
    quotes_shown = filter_quotes(tables["quotes"], view.filters, tables["claims"], as_of=view.date)
    later = len(filter_quotes(tables["quotes"], view.filters, tables["claims"])) - len(quotes_shown)
    layers_view = map_view(view)

    with st.container(key="title-block", horizontal=True, vertical_alignment="center", gap="medium"):
        st.title("Frontline claims", anchor=False)
        st.caption(panels.summary_line(tables, record, view.date))

    map_col, panel_col = st.columns([3.2, 1], gap="small")
    with map_col:
        center, zoom = state.base_map_args(initial_center_zoom(tables, view))
        focus = st.session_state.get(state.K_FOCUS)
        # the map draws every claim of the date and dims those a selected place does not concern
        map_claims = filter_claims(tables["claims"], replace(view.filters, place_id=None), as_of=view.date)
        layers, layer_problems = layer_groups(tables, map_claims, record, layers_view, corpus.revision)
        foliummap.show_map(
            base_map(center, zoom, legend_profile(chosen_profile, tables["articles"])),
            layers,
            key="map",
            height=MAP_HEIGHT,
            center=focus.center_arg() if focus else None,
            zoom=focus.zoom if focus else None,
            returned_objects=list(RETURNED),
        )
    with panel_col, st.container(border=False, key="side-panel"):
        st.selectbox(
            "Find a place",
            sorted(names, key=lambda p: names[p].lower()),
            index=None,
            key="place_search",
            format_func=names.get,
            placeholder="Find a place…",
            on_change=state.search_place,
            args=(tables["place_summary"],),
            label_visibility="collapsed",
        )
        notices(corpus.warnings, layer_problems, record_note(record, view.date))
        active = panels.active_filters(view.filters, names, titles)
        if active:
            panels.filtered_badge(active, on_reset=state.reset_filters, args=(window,))
        place = panels.place_row(tables, view.place_id) if view.place_id else None
        if place is not None:
            panels.place_card(
                place,
                filter_claims(tables["claims"], state.place_only(view.place_id)),
                place_names=names,
                on_clear=state.clear_selection,
                written_as=panels.written_as(tables["mentions"], view.place_id),  # helper cyrillic
            )
        quotespanel.quotes_panel(
            quotes_shown,
            len(tables["quotes"]),
            article_titles=titles,
            place_names=names,
            selected_quote=view.quote_id,
            on_pick=state.quote_picker(tables),
            hidden_after=(later, view.date),
        )

    # --- tabs: only the open one is computed, and none on a session's first run ----------------------------
    # The tabs sit below the map. On the first run their tables and chart would make the browser fetch and
    # start the data-grid and Vega bundles (~2 MB) before the map's frame; the run the map triggers when it
    # has drawn (it reports its bounds) or any other rerun fills them in.
    first_run = not st.session_state.get(K_PAINTED)
    st.session_state[K_PAINTED] = True
    claims_tab, export_tab, corrections_tab, articles_tab = st.tabs(TABS, key=K_TAB, on_change="rerun")
    if first_run:
        with claims_tab:
            st.caption("Loading the claims…")
    elif claims_tab.open:
        with claims_tab:
            picked = panels.claims_table(claims_shown, place_names=names, article_titles=titles)
            if picked and picked != st.session_state.get(K_PICKED_CLAIM):
                quotespanel.open_detail("claim", picked)
            st.session_state[K_PICKED_CLAIM] = picked
            panels.area_chart(claims_shown, record, *window)
    if export_tab.open and not first_run:
        from geo.app import exports  # imports the exporters (and warms Chromium) only when asked for

        with export_tab:
            screen = exports.screen_size((map_state or {}).get("bounds"), view.zoom)
            exports.export_panel(tables, claims_shown, quotes_shown, record, layers_view, screen)
    if corrections_tab.open and not first_run:
        with corrections_tab:
            forms.corrections_panel(data.current_store(), tables, corpus.unapplied)
    if articles_tab.open and not first_run:
        with articles_tab:
            panels.articles_table(tables)

    detail.show_detail(tables, article_text, state.fly_to(tables["place_summary"]))
    state.sync_url(view, ViewState(date=choices.default_date))


def article_text(article_id: str) -> str:
    """An article's stored text ("" when it is gone)."""
    article = data.current_store().get_article(article_id)
    return article.text if article is not None else ""


def notices(warnings: list[str], problems: list[str], outside: str | None) -> None:
    """Warnings beside the map: a bad shared link (kept until dismissed: the map's first report reruns
    the page a moment after it opens), a date outside the record, unreadable articles, undrawn layers."""
    notes = st.session_state.get(state.K_NOTES) or []
    if notes:
        with st.container(key="link-notes"):
            for note in notes:
                st.warning(md_escape(f"Shared link: {note}"))  # a link's values are as hostile as an article
            st.button("Dismiss", key="dismiss-link-notes", on_click=state.dismiss_notes, type="tertiary")
    if outside:
        st.info(outside, icon=":material/event_busy:")
    for warning in [*warnings, *problems]:
        st.warning(md_escape(warning))


def side_choices() -> tuple[str, ...]:
    """Every side of every conflict profile (the default profile's first)."""
    return tuple(dict.fromkeys([*SIDES, *(s for p in all_profiles() for s in p.sides)]))


def sidebar(window: tuple[dt.date, dt.date], choices: Choices, titles: Mapping[str, str]) -> None:
    """The view's date, layers and basemap, and the filters (widgets own their values by key)."""
    st.subheader("View")
    state.restore_dates(window)
    st.slider(
        "Date",
        window[0],
        window[1],
        key=state.K_DATE,
        format="D MMM YYYY",
        on_change=state.keep_dates,
        args=(window,),
        help="Control areas from the latest DeepStateMap snapshot on or before this day; "
        "claims made and places named by then.",
    )
    for layer in LAYERS:
        st.checkbox(LAYER_LABELS[layer], key=state.layer_key(layer))
    st.selectbox(
        "Basemap",
        TILE_CHOICES,
        key=state.K_TILES,
        format_func=TILE_LABELS.get,
        help="Online tiles need internet; the offline outlines always show underneath.",
    )
    st.subheader("Filters")
    st.multiselect("Side", side_choices(), key=state.K_SIDES, placeholder="All sides")
    st.multiselect("Speaker", choices.speakers, key=state.K_SPEAKERS, placeholder="All speakers")
    st.multiselect(
        "Article",
        choices.articles,
        key=state.K_ARTICLES,
        format_func=lambda a: titles.get(a, a),
        placeholder="All articles",
    )
    st.multiselect(
        "Claim kind",
        CLAIM_KINDS,
        key=state.K_KINDS,
        format_func=lambda k: k.replace("_", " "),
        placeholder="Any kind",
    )
    st.slider(
        "Quotes and claims dated",
        window[0],
        window[1],
        key=state.K_RANGE,
        format="D MMM",
        on_change=state.keep_dates,
        args=(window,),
    )
    st.button("Reset filters", on_click=state.reset_filters, args=(window,), type="tertiary")
