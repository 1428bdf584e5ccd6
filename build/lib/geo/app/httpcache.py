"""HTTP caching for the dashboard's own static files (Streamlit serves ``/app/static`` without it).

Kept free of heavy imports: ``dashboard.py`` imports it on the server's main thread while it starts.
"""

from __future__ import annotations

from typing import Any

# Where geo.app.bundle serves its bundles (it checks this copy against its own paths when imported).
BUNDLES_URL = "/app/static/vendor/_bundles/"


class CacheBundles:
    """ASGI middleware: bundles are named by their content's digest, so browsers may keep them for good.

    Streamlit serves ``/app/static`` with an ETag but no ``Cache-Control``, so a returning browser asks
    again (or guesses from ``Last-Modified``). A bundle's URL changes whenever its content does, so its
    response is marked ``public, max-age=31536000, immutable``; every other response is left untouched.
    """

    PREFIX = BUNDLES_URL
    HEADER = (b"cache-control", b"public, max-age=31536000, immutable")

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or not str(scope.get("path", "")).startswith(self.PREFIX):
            await self.app(scope, receive, send)
            return

        async def send_cached(message: dict[str, Any]) -> None:
            if message.get("type") == "http.response.start" and message.get("status") in (200, 304):
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, self.HEADER]}
            await send(message)

        await self.app(scope, receive, send_cached)
