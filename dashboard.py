"""Frontline claims: places, quotes and territorial claims from the news, checked against DeepStateMap.

Run with ``streamlit run dashboard.py``. Reads top to bottom: cached data → sidebar inputs → map and quotes
→ claims, export, corrections and articles tabs → the view written back into the URL.
"""

from __future__ import annotations

import streamlit as st

from geo.app import data, exports, foliummap, forms, panels, state
from geo.app.filters import filter_claims, filter_quotes
from geo.app.mapview import base_map, initial_center_zoom, layer_groups, map_view, window_for
from geo.app.viewstate import LAYER_LABELS, LAYERS, ViewState
from geo.mapping.basemap import TILE_CHOICES, TILE_LABELS
from geo.mapping.places import place_id_from_tooltip
from geo.records import CLAIM_KINDS, SIDES

st.set_page_config(page_title="Frontline claims", page_icon=panels.page_icon(), layout="wide")

# --- data -------------------------------------------------------------------------------------------------
corpus = data.load_corpus()
tables, record = corpus.tables, corpus.record
window, choices = window_for(tables, record)
state.init_from_url(choices, window)
names = dict(zip(tables["places"]["place_id"], tables["places"]["name"], strict=True))
titles = dict(zip(tables["articles"]["article_id"], tables["articles"]["title"], strict=True))

# --- sidebar: view, filters, articles ---------------------------------------------------------------------
with st.sidebar:
    st.subheader("View")
    st.slider(
        "Date",
        window[0],
        window[1],
        key=state.K_DATE,
        format="D MMM YYYY",
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
    st.multiselect("Side", SIDES, key=state.K_SIDES, placeholder="All sides")
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
    st.slider("Quotes and claims dated", window[0], window[1], key=state.K_RANGE, format="D MMM")
    st.button("Reset filters", on_click=state.reset_filters, args=(window,), type="tertiary")
    st.subheader("Articles")
    forms.article_forms(data.current_store(), tables)

# --- the current view -------------------------------------------------------------------------------------
map_state = st.session_state.get("map")
state.handle_map_click(map_state, place_id_from_tooltip)
view: ViewState = state.current_view(window, map_state)
claims_shown = filter_claims(tables["claims"], view.filters, as_of=view.date)
quotes_shown = filter_quotes(tables["quotes"], view.filters, tables["claims"])
layers_view = map_view(view)

st.title("Frontline claims", anchor=False)
st.caption(panels.summary_line(tables, record, view.date))
for note in st.session_state.pop(state.K_NOTES, None) or []:
    st.warning(f"Shared link: {note}")
for warning in corpus.warnings:
    st.warning(warning)

map_col, panel_col = st.columns([3, 2], gap="medium")
with map_col:
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
    center, zoom, tiles = state.base_map_args(initial_center_zoom(tables, view), view)
    focus = st.session_state.get(state.K_FOCUS)
    layers, layer_problems = layer_groups(tables, claims_shown, record, layers_view, corpus.revision)
    foliummap.show_map(
        base_map(center, zoom, tiles),
        layers,
        key="map",
        height=620,
        center=focus.center_arg() if focus else None,
        zoom=focus.zoom if focus else None,
        returned_objects=[
            "last_object_clicked_tooltip",
            "last_object_clicked_count",
            "center",
            "zoom",
            "bounds",
        ],
    )
    for problem in layer_problems:
        st.warning(problem)
with panel_col, st.container(height=660, border=False, key="quotes-panel"):
    place = panels.place_row(tables, view.place_id) if view.place_id else None
    if place is not None:
        panels.place_card(
            place,
            filter_claims(tables["claims"], state.place_only(view.place_id)),
            place_names=names,
            on_clear=state.clear_selection,
        )
    panels.quotes_panel(
        quotes_shown,
        len(tables["quotes"]),
        article_titles=titles,
        place_names=names,
        selected_quote=view.quote_id,
        on_pick=state.quote_picker(tables),
    )

claims_tab, export_tab, corrections_tab, articles_tab = st.tabs(
    ["Claims", "Export", "Corrections", "Articles"]
)
with claims_tab:
    panels.claims_table(claims_shown, place_names=names, article_titles=titles)
    panels.area_chart(claims_shown, record, *window)
with export_tab:
    screen = exports.screen_size((map_state or {}).get("bounds"), view.zoom)
    exports.export_panel(tables, claims_shown, quotes_shown, record, layers_view, screen)
with corrections_tab:
    forms.corrections_panel(data.current_store(), tables, corpus.unapplied)
with articles_tab:
    panels.articles_table(tables)

state.sync_url(view, ViewState(date=choices.default_date))
