"""The page's layout rules: a map that fills the window beside the side panel, stacked below 1000 px.

Streamlit lays elements out by content; these rules size the two pieces that should follow the window
instead (the map's frame and the side panel) and fold the page into one column on narrow screens. The one
script starts the sidebar collapsed on a narrow window, once per browser tab (the analyst can open it).
Only fixed text of ours goes into ``st.html``; nothing from an article.
"""

from __future__ import annotations

import streamlit as st

SIDEBAR_WIDTH = 240  # px: st.set_page_config(initial_sidebar_state=...) takes it as "auto, this wide"
STACK_BELOW_PX = 1000
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TOP_PX = 76  # title row and gaps above the map (and a margin below it)
PANEL = ".st-key-side-panel"  # a content-high container, scrolled when taller than the window
NARROW_MAP_VH = 62  # the map's height when the columns are stacked

CSS = f"""
<style>
[data-testid="stMainBlockContainer"] {{ padding: 0.35rem 1rem 0.5rem 1rem; max-width: none; }}
header[data-testid="stHeader"] {{ background: transparent; pointer-events: none; }}
header[data-testid="stHeader"] button, header[data-testid="stHeader"] a {{ pointer-events: auto; }}
.st-key-title-block {{ margin: 0 3rem 0 2.6rem; min-height: 2.6rem; position: relative; z-index: 999991;
  width: auto !important; }}
.st-key-title-block h1 {{ font-size: 1.35rem; padding: 0; margin: 0; white-space: nowrap; }}
.st-key-title-block [data-testid="stCaptionContainer"] {{ margin: 0; }}
{MAP_FRAME} {{ height: calc(100vh - {TOP_PX + 10}px) !important; min-height: 360px; }}
{PANEL} {{ max-height: calc(100vh - {TOP_PX + 10}px); overflow-y: auto; flex-wrap: nowrap; }}
@media (max-width: {STACK_BELOW_PX - 1}px) {{
  [data-testid="stHorizontalBlock"]:has(.st-key-side-panel) {{ flex-direction: column; }}
  [data-testid="stHorizontalBlock"]:has(.st-key-side-panel) > [data-testid="stColumn"] {{
    width: 100% !important; flex: 1 1 auto !important; min-width: 100%; }}
  {MAP_FRAME} {{ height: {NARROW_MAP_VH}vh !important; }}
  {PANEL} {{ max-height: 80vh; }}
  .st-key-title-block {{ row-gap: 0; margin-right: 2.5rem; }}
  .st-key-title-block h1 {{ font-size: 1.15rem; }}
  .st-key-title-block [data-testid="stCaptionContainer"] p {{ font-size: 0.72rem; line-height: 1.25; }}
}}
</style>
"""

COLLAPSE_SCRIPT = f"""
<script>
(function() {{
  var flag = 'frontline-sidebar-folded';
  if (window.innerWidth >= {STACK_BELOW_PX} || sessionStorage.getItem(flag)) return;
  var tries = 0;
  (function fold() {{
    var doc = window.parent && window.parent.document ? window.parent.document : document;
    var sidebar = doc.querySelector('[data-testid="stSidebar"]');
    var button = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (sidebar && button && sidebar.getAttribute('aria-expanded') !== 'false') {{
      button.click();
      sessionStorage.setItem(flag, '1');
    }} else if (sidebar && sidebar.getAttribute('aria-expanded') === 'false') {{
      sessionStorage.setItem(flag, '1');
    }} else if (tries++ < 200) {{
      setTimeout(fold, 100);
    }}
  }})();
}})();
</script>
"""


def apply() -> None:
    """Add the layout rules (and, on a narrow window, fold the sidebar once)."""
    st.html(CSS + COLLAPSE_SCRIPT, unsafe_allow_javascript=True)
