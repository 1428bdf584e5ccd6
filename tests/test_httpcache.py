"""The map script bundle is served with a long-lived Cache-Control header; nothing else is touched."""

from __future__ import annotations

import asyncio
from typing import Any

from geo.app.httpcache import BUNDLES_URL, CacheBundles


def _serve(path: str, status: int = 200, scope_type: str = "http") -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"etag", b'"x"'), (b"Cache-Control", b"no-cache")],
            }
        )
        await send({"type": "http.response.body", "body": b"js"})

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(CacheBundles(app)({"type": scope_type, "path": path}, None, send))
    return sent


def _headers(sent: list[dict[str, Any]]) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in sent[0]["headers"]}


def test_bundles_are_cached_for_good():
    sent = _serve(BUNDLES_URL + "leaflet-0123abcd.js")
    headers = _headers(sent)
    assert headers[b"cache-control"] == b"public, max-age=31536000, immutable"
    assert headers[b"etag"] == b'"x"'
    assert sent[1]["body"] == b"js"


def test_not_modified_answers_keep_the_header():
    assert _headers(_serve(BUNDLES_URL + "a.js", status=304))[b"cache-control"].startswith(b"public")


def test_other_paths_and_errors_are_untouched():
    assert _headers(_serve("/app/static/vendor/leaflet/leaflet.js"))[b"cache-control"] == b"no-cache"
    assert _headers(_serve(BUNDLES_URL + "missing.js", status=404))[b"cache-control"] == b"no-cache"
