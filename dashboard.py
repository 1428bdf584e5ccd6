"""Frontline claims: places, quotes and territorial claims from the news, checked against DeepStateMap.

Run with ``streamlit run dashboard.py``. This file plays two parts:

- ``streamlit run`` finds ``app`` below and serves it: the page is this same file, and the app's lifespan
  warms the caches (imports, store, gazetteer, corpus, base map) as soon as the server starts, before any
  browser has connected, and closes the export browser when the server stops;
- each session's run (and ``AppTest``) executes this file as ``__main__``: it draws the page
  (``geo/app/page.py``, which reads top to bottom).
"""

from __future__ import annotations

import streamlit as st

if __name__ == "__main__":
    from geo.app.page import main

    main()
else:
    from geo.app.warmup import lifespan

    app = st.App(__file__, lifespan=lifespan)
