"""The quotes panel: newest first, a text search, pages of cards; each card opens its detail view.

Every string from an article goes through ``md_escape``; nothing here renders HTML.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from geo.app.text import md_escape, plain, side_badge

PAGE_SIZE = 20
K_SEARCH, K_PAGE = "quote_search", "quote_page"
K_DETAIL = "_detail"  # ("quote" | "claim", id) to show in the detail view on this run


def names_for(place_ids: Any, names: Mapping[str, str]) -> list[str]:
    """Place names for a cell of place ids (ids without a name are shown as they are)."""
    return [names.get(str(p), str(p)) for p in tuple(place_ids if place_ids is not None else ())]


def search_quotes(
    quotes: pd.DataFrame, query: str | None, titles: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Quotes whose text, speaker, role or article title contain every word of ``query`` (ignoring case)."""
    words = [w for w in (query or "").casefold().split() if w]
    if not words or quotes.empty:
        return quotes
    haystack = (
        quotes["text"].fillna("").astype(str)
        + " "
        + quotes["speaker"].fillna("").astype(str)
        + " "
        + quotes.get("role", pd.Series("", index=quotes.index)).fillna("").astype(str)
        + " "
        + quotes["article_id"].map(lambda a: (titles or {}).get(a, "")).fillna("").astype(str)
    ).str.casefold()
    keep = pd.Series(True, index=quotes.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return quotes[keep]


def newest_first(quotes: pd.DataFrame) -> pd.DataFrame:
    """Newest quotes first (undated last), in article order within a day."""
    if quotes.empty:
        return quotes
    day = pd.to_datetime(quotes["date"], errors="coerce", format="mixed")
    order = quotes.assign(_day=day).sort_values(
        ["_day", "article_id", "start"], ascending=[False, True, True], na_position="last", kind="stable"
    )
    return order.drop(columns="_day")


def page_of(frame: pd.DataFrame, page: int, size: int = PAGE_SIZE) -> tuple[pd.DataFrame, int, int]:
    """Rows of page ``page`` (1-based, clamped) and (page, pages)."""
    pages = max(1, math.ceil(len(frame) / size))
    page = min(max(int(page or 1), 1), pages)
    return frame.iloc[(page - 1) * size : page * size], page, pages


def quote_card(
    quote: Mapping[str, Any],
    *,
    article_titles: Mapping[str, str],
    place_names: Mapping[str, str],
    selected: bool,
    on_pick: Callable[[str], None] | None,
) -> None:
    """One quote: speaker, role, side, date, article, text and named places; buttons for the map and
    the detail view."""
    quote_id = plain(quote["quote_id"])
    places = names_for(quote.get("place_ids"), place_names)
    with st.container(border=True, key=f"quote-card-{quote_id}"):
        head = [f"**{md_escape(quote.get('speaker')) or 'unknown speaker'}**"]
        if plain(quote.get("role")):
            head.append(f"*{md_escape(quote.get('role'))}*")
        head.append(side_badge(quote.get("affiliation")))
        if plain(quote.get("date")):
            head.append(md_escape(quote.get("date")))
        if selected:
            head.append(":orange-badge[on map]")
        lines = [" · ".join(head), f"“{md_escape(quote.get('text'))}”"]
        article = article_titles.get(plain(quote.get("article_id")), plain(quote.get("article_id")))
        meta = f"Article: {md_escape(article)}"
        if places:
            meta += " · Places: " + ", ".join(md_escape(p) for p in places)
        lines.append(f":gray[{meta}]")
        st.markdown("  \n".join(lines))
        with st.container(horizontal=True, gap="small"):
            if on_pick is not None and places:
                st.button(
                    "Show on map",
                    key=f"pick-quote-{quote_id}",
                    icon=":material/my_location:",
                    type="tertiary",
                    on_click=on_pick,
                    args=(quote_id,),
                )
            st.button(
                "Details",
                key=f"detail-quote-{quote_id}",
                icon=":material/article:",
                type="tertiary",
                on_click=open_detail,
                args=("quote", quote_id),
            )


def open_detail(kind: str, item_id: str) -> None:
    """Widget callback: show this quote's or claim's detail view on the next run."""
    st.session_state[K_DETAIL] = (kind, item_id)


def _turn(step: int) -> None:
    st.session_state[K_PAGE] = int(st.session_state.get(K_PAGE) or 1) + step


def _first_page() -> None:
    st.session_state[K_PAGE] = 1


def quotes_panel(
    quotes: pd.DataFrame,
    total: int,
    *,
    article_titles: Mapping[str, str],
    place_names: Mapping[str, str],
    selected_quote: str | None,
    on_pick: Callable[[str], None] | None,
    hidden_after: tuple[int, Any] = (0, None),
) -> None:
    """The quote cards: searched, newest first, one page at a time (``hidden_after``: how many quotes the
    view's date leaves out, and that date)."""
    found = search_quotes(quotes, st.session_state.get(K_SEARCH), article_titles)
    st.markdown(f"**Quotes** · {len(found)} of {total}")
    later, date = hidden_after
    if later and date is not None:
        st.caption(
            f"{later} quote{'s' if later != 1 else ''} dated after {date:%d %b %Y} not shown (move the date)."
        )
    st.text_input(
        "Search the quotes",
        key=K_SEARCH,
        placeholder="Search quotes (text, speaker, role, article)…",
        label_visibility="collapsed",
        on_change=_first_page,
        icon=":material/search:",
    )
    if found.empty:
        st.info("No quote matches the filters." if quotes.empty else "No quote contains those words.")
        return
    shown, page, pages = page_of(newest_first(found), st.session_state.get(K_PAGE) or 1)
    st.session_state[K_PAGE] = page  # clamped: fewer pages after a filter change
    for row in shown.to_dict("records"):
        quote_card(
            row,
            article_titles=article_titles,
            place_names=place_names,
            selected=plain(row["quote_id"]) == (selected_quote or ""),
            on_pick=on_pick,
        )
    if pages > 1:
        with st.container(horizontal=True, vertical_alignment="center", key="quote-pages"):
            st.button("Newer", key="quotes-newer", on_click=_turn, args=(-1,), disabled=page <= 1,
                      icon=":material/chevron_left:")  # fmt: skip
            st.caption(f"Page {page} of {pages} · newest first")
            st.button("Older", key="quotes-older", on_click=_turn, args=(1,), disabled=page >= pages,
                      icon=":material/chevron_right:")  # fmt: skip
