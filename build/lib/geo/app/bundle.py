"""One script file for the map's vendored JavaScript, so the map frame fetches it in one request.

streamlit-folium loads ``js_links`` one after another (each waits for the previous), five round trips to
the Streamlit server before the map script can run. :func:`bundled` concatenates the local files, in order,
into ``static/vendor/_bundles/<digest>.js`` (git-ignored like the rest of ``static/vendor``), written once
per set of files and contents, and returns its URL. Anything it cannot bundle (a remote URL, a missing
file, a read-only folder) leaves the links as they were. ``CacheBundles`` (``dashboard.py``'s
middleware, in ``geo.app.httpcache``) marks the bundles, whose names change with their content, as cacheable
for good.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from geo.app.httpcache import BUNDLES_URL
from geo.mapping.assets import STREAMLIT_PREFIX, vendor_dir

log = logging.getLogger(__name__)

BUNDLE_DIR = "_bundles"
if f"{STREAMLIT_PREFIX}{BUNDLE_DIR}/" != BUNDLES_URL:  # the middleware's copy must match where bundles go
    raise ImportError(f"geo.app.httpcache.BUNDLES_URL is {BUNDLES_URL!r}, bundles are served elsewhere")
_lock = threading.Lock()
_made: dict[tuple[str, tuple[str, ...]], list[str]] = {}


def bundled(js_links: Sequence[str]) -> list[str]:
    """``[bundle URL]`` for these ``/app/static/vendor/…`` scripts, or ``js_links`` unchanged."""
    links = tuple(js_links)
    if len(links) < 2 or not all(link.startswith(STREAMLIT_PREFIX) for link in links):
        return list(links)
    key = (str(vendor_dir()), links)
    with _lock:
        if key not in _made:
            _made[key] = _write(links)
        return list(_made[key])


def _write(links: tuple[str, ...]) -> list[str]:
    base = vendor_dir()
    try:
        parts = [(base / link[len(STREAMLIT_PREFIX) :]).read_bytes() for link in links]
    except OSError as exc:  # not installed: the component reports the missing file as before
        log.warning("map scripts not bundled: %s", exc)
        return list(links)
    # Each part ends its statement and line, so one file's last line cannot merge with the next one's first.
    body = b"".join(
        b"/* " + link.encode() + b" */\n" + part + b"\n;\n" for link, part in zip(links, parts, strict=True)
    )
    name = hashlib.sha256(body).hexdigest()[:16] + ".js"
    target = base / BUNDLE_DIR / name
    try:
        if not target.is_file():
            _atomic_write(target, body)
    except OSError as exc:
        log.warning("map scripts not bundled (cannot write %s): %s", target, exc)
        return list(links)
    return [f"{STREAMLIT_PREFIX}{BUNDLE_DIR}/{name}"]


def _atomic_write(target: Path, body: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}")
    scratch.write_bytes(body)
    os.replace(scratch, target)
