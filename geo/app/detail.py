"""The detail view of one quote or claim: the article's text with the evidence highlighted, the source and
its link, the places (a button flies the map there), the verdict with its snapshots and figures, notes.

The article is shown as text: every piece is ``md_escape``d and only our own ``:orange-background[…]``
directive marks the evidence, so nothing in an article can become markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from geo.app.quotespanel import K_DETAIL, names_for
from geo.app.text import md_escape, plain, side_badge, value_text, verdict_badge

CONTEXT_CHARS = 900  # article text shown around the evidence before "the whole article"


def evidence_span(text: str, start: Any, end: Any, evidence: str = "") -> tuple[int, int] | None:
    """The evidence's offsets in ``text``: the stored ones when they slice it, else where it occurs."""
    try:
        a, b = int(start), int(end)
    except (TypeError, ValueError):
        a = b = -1
    if 0 <= a < b <= len(text):
        return a, b
    found = text.find(evidence) if evidence else -1
    return (found, found + len(evidence)) if found >= 0 else None


def _escaped_paragraphs(text: str) -> str:
    """Text as literal markdown, its paragraphs kept (each line escaped on its own)."""
    return "\n\n".join(md_escape(part) for part in text.split("\n") if part.strip())


def highlighted(text: str, span: tuple[int, int] | None, context: int | None = CONTEXT_CHARS) -> str:
    """Markdown of ``text`` (or ``context`` characters either side of ``span``) with the span highlighted."""
    if span is None:
        return _escaped_paragraphs(text if context is None else text[: 2 * context])
    a, b = span
    lo = 0 if context is None else max(0, a - context)
    hi = len(text) if context is None else min(len(text), b + context)
    before, marked, after = text[lo:a], text[a:b], text[b:hi]
    mark = " ".join(f":orange-background[{md_escape(line)}]" for line in marked.split("\n") if line.strip())
    out = _escaped_paragraphs(before).rstrip() + (" " if before and not before.endswith("\n") else "\n\n")
    out += f"**{mark}**" + (" " if after and not after.startswith("\n") else "\n\n")
    out += _escaped_paragraphs(after)
    return ("… " if lo > 0 else "") + out.strip() + (" …" if hi < len(text) else "")


def safe_link(url: Any) -> str | None:
    """An http(s) URL fit for a link button, else None."""
    value = plain(url).strip()
    parsed = urlparse(value)
    return value if parsed.scheme in ("http", "https") and parsed.netloc else None


def _row(frame: pd.DataFrame | None, column: str, value: str) -> dict[str, Any] | None:
    if frame is None or frame.empty or column not in frame:
        return None
    rows = frame[frame[column] == value]
    return rows.iloc[0].to_dict() if not rows.empty else None


def detail_body(
    kind: str,
    item_id: str,
    tables: Mapping[str, pd.DataFrame],
    article_text: Callable[[str], Any],
    fly_to: Callable[[list[str]], None],
) -> None:
    """The detail of a quote (``kind`` "quote") or claim ("claim")."""
    item = _row(tables.get("quotes" if kind == "quote" else "claims"), f"{kind}_id", item_id)
    if item is None:
        st.info("This item is no longer in the corpus.")
        return
    names = dict(zip(tables["places"]["place_id"], tables["places"]["name"], strict=True))
    who = item.get("speaker") if kind == "quote" else item.get("claimant")
    head = [f"**{md_escape(who) or 'unknown'}**"]
    if plain(item.get("role")):
        head.append(f"*{md_escape(item.get('role'))}*")
    head += [side_badge(item.get("affiliation")), md_escape(item.get("date")) or "undated"]
    st.markdown(" · ".join(head))
    if kind == "claim":
        _verdict(item)
    else:
        st.markdown(f"“{md_escape(item.get('text'))}”")

    article = _row(tables.get("articles"), "article_id", plain(item.get("article_id"))) or {}
    source = " · ".join(
        md_escape(x)
        for x in (article.get("title"), article.get("source"), article.get("published"))
        if plain(x)
    )
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f":gray[Source:] {source or md_escape(item.get('article_id'))}")
        link = safe_link(article.get("url"))
        if link:
            st.link_button("Open the source", link, icon=":material/open_in_new:")

    place_ids = [str(p) for p in (item.get("place_ids") if item.get("place_ids") is not None else ())]
    if place_ids:
        with st.container(horizontal=True, key="detail-places"):
            for place_id, name in zip(place_ids, names_for(place_ids, names), strict=True):
                if st.button(name, key=f"fly-{place_id}", icon=":material/my_location:"):
                    fly_to([place_id])
            if len(place_ids) > 1 and st.button("All places", key="fly-all", icon=":material/zoom_out_map:"):
                fly_to(place_ids)

    note = plain(item.get("analyst_note"))
    if note:
        st.markdown(f":gray[Analyst notes:] {md_escape(note)}")

    text = plain(article_text(plain(item.get("article_id"))))
    if not text:
        st.caption("The article's text is not in the store.")
        return
    evidence = plain(item.get("text") if kind == "quote" else item.get("evidence"))
    span = evidence_span(text, item.get("start"), item.get("end"), evidence)
    st.markdown("**In the article**")
    with st.container(border=True, key="detail-text"):
        st.markdown(highlighted(text, span))
    if len(text) > 2 * CONTEXT_CHARS:
        with st.expander("The whole article"):
            st.markdown(highlighted(text, span, context=None))


def _verdict(claim: Mapping[str, Any]) -> None:
    v = claim.get("verification") if isinstance(claim.get("verification"), dict) else {}
    what = plain(claim.get("kind")).replace("_", " ")
    value = value_text(claim.get("value_min"), claim.get("value_max"), claim.get("unit"))
    holder = f" · holder: {md_escape(claim.get('holder'))}" if plain(claim.get("holder")) else ""
    st.markdown(
        f"{md_escape(what)} {md_escape(value)}{holder}  \nRecord check: {verdict_badge(v.get('verdict'))}"
    )
    measured = v.get("measured")
    figures = []
    if measured is not None and not pd.isna(measured):
        figures.append(f"measured {float(measured):,.1f} {md_escape(v.get('unit'))}")
    snapshots = [md_escape(s) for s in (v.get("snapshots") or ())]
    if snapshots:
        figures.append("DeepStateMap snapshots " + ", ".join(snapshots))
    if figures:
        st.markdown(":gray[" + " · ".join(figures) + "]")
    if plain(v.get("note")):
        st.caption(md_escape(v.get("note")))


def show_detail(
    tables: Mapping[str, pd.DataFrame],
    article_text: Callable[[str], Any],
    fly_to: Callable[[list[str]], None],
) -> None:
    """Open the detail dialog when a card or table row asked for it on this run."""
    wanted = st.session_state.pop(K_DETAIL, None)
    if not wanted:
        return
    kind, item_id = wanted

    @st.dialog("Quote" if kind == "quote" else "Claim", width="large")
    def dialog() -> None:
        detail_body(kind, item_id, tables, article_text, fly_to)

    dialog()
