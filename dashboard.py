"""Frontline claims: places, quotes and territorial claims from the news, checked against DeepStateMap.

Run with ``streamlit run dashboard.py``. This file plays two parts:

- ``streamlit run`` imports this file, finds ``app`` below and serves it: the page is this same file. The
  import starts warming the caches (imports, store, gazetteer, corpus, base map) on a background thread
  while the server starts, before any browser has connected; the app's lifespan closes the export browser
  when the server stops, and its middleware lets browsers cache the map's script bundle;
- each session's run (and ``AppTest``) executes this file as ``__main__``: it draws the page
  (``geo/app/page.py``, which reads top to bottom).
"""

from __future__ import annotations

import streamlit as st

if __name__ == "__main__":
    from geo.app.page import main

    main()
else:
    from starlette.middleware import Middleware
    from streamlit import config

    from geo.app.httpcache import CacheBundles
    from geo.app.warmup import lifespan, start

    # Streamlit's default file watcher walks this folder recursively (.venv included) when each browser
    # session connects, on the server's event loop: ~0.3 s before the first run can start. Watching the
    # sources is for developers editing them; they can still ask for it (--server.fileWatcherType auto).
    if not config.is_manually_set("server.fileWatcherType"):
        config.set_option("server.fileWatcherType", "none", "dashboard.py")
    start()  # the warm-up's imports overlap the server's own start (the lifespan's start() is then a no-op)
    app = st.App(__file__, lifespan=lifespan, middleware=[Middleware(CacheBundles)])
