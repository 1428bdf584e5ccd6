"""Telegram Desktop chat exports (``result.json``, "Export chat history" as JSON): one article per post.

Each message of type ``message`` with text becomes an article:
- dated from ``date_unixtime`` (seconds, UTC) — ``date`` is local time without a zone and only a fallback;
- its text built from ``text_entities`` (else ``text``: a string, or a list of strings and entity objects);
  a photo's or video's caption is the message's text, so it is read the same way;
- the channel's ``name`` as source; ``text_link`` hrefs and bare links in ``links``; the post's own
  ``https://t.me/<username>/<id>`` as URL when the channel's username is known (the export's ``username``
  key, else the caller's); ``forwarded_from`` kept.
Service messages (joins, pins, title changes) and posts without text (a photo without caption, a sticker)
are skipped and counted. The file is read incrementally (``ijson``): a truncated or damaged export keeps the
posts read before the damage, and the reader reports the byte and the post where it broke.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ijson

from geo.ingest.common import SkippedInput, _slug, normalise_date
from geo.ingest.frontmatter import article_from_body
from geo.records import Article

HEAD_BYTES = 4096
_KINDS = (b'"message"', b'"service"')
_LINK_TYPES = frozenset({"link", "url"})
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def looks_like_telegram(head: bytes) -> bool:
    """True when the first bytes of a JSON file look like a Telegram Desktop export (a top-level object
    with a ``messages`` key near the chat's ``name``/``type``/``id``)."""
    text = head[:HEAD_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"{") and b'"messages"' in text and (b'"name"' in text or b'"type"' in text)


def estimate_posts(data: bytes) -> int:
    """How many messages the export holds: a fast byte count for progress bars (service messages included)."""
    return sum(data.count(b'"type": ' + kind) + data.count(b'"type":' + kind) for kind in _KINDS)


@dataclass
class TelegramRead:
    """What one export yielded besides its articles: the chat, skip counts and where it broke, if it did."""

    name: str = ""
    username: str = ""
    chat_type: str = ""
    chat_id: str = ""
    posts: int = 0  # messages seen (articles and skipped ones)
    skipped: Counter[str] = field(default_factory=Counter)  # reason → how many messages
    broken: str = ""  # one line: where the export broke; "" when it was read to its end

    def summary(self) -> str:
        """One line about the skipped messages, "" when none was skipped."""
        return ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))


def iter_telegram(
    data: bytes | io.BufferedIOBase, *, path: str = "", username: str = "", read: TelegramRead | None = None
) -> Iterator[Article]:
    """Articles of a Telegram export, one post at a time (a batch runner can consume it lazily).

    ``read`` (when given) is filled while iterating: chat name, counts of skipped messages and ``broken``.
    Raises SkippedInput when the JSON is not a Telegram export at all.
    """
    state = read if read is not None else TelegramRead()
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    events = ijson.parse(stream, use_float=True)
    seen_messages = False
    last_id: Any = None
    try:
        for prefix, event, value in events:
            if prefix in ("name", "type", "id", "username") and event in ("string", "number"):
                _header(state, prefix, value)
            elif prefix == "messages" and event == "start_array":
                seen_messages = True
                for message in ijson.items(_Replay(events), "item", use_float=True):
                    state.posts += 1
                    last_id = message.get("id") if isinstance(message, dict) else last_id
                    article = _post(message, state, path=path, username=state.username or username)
                    if article is not None:
                        yield article
                break
    except ijson.JSONError as exc:
        where = _position(stream)
        after = f"after post id {last_id}" if last_id is not None else "before the first post"
        state.broken = (
            f"export damaged near byte {where:,} ({after}; {state.posts} messages read): "
            f"{_one_line_error(exc)}"
        )
        return
    if not seen_messages:
        raise SkippedInput("JSON without a 'messages' list (not a Telegram chat export)")


class _Replay:
    """Feeds the already-started event stream to ``ijson.items`` for the array's items (no second parse)."""

    def __init__(self, events: Iterator[tuple[str, str, Any]]) -> None:
        self.events = events

    def __iter__(self) -> Iterator[tuple[str, str, Any]]:
        depth = 0
        for prefix, event, value in self.events:
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                if depth == 0:
                    return  # the end of the messages array
                depth -= 1
            yield prefix[len("messages.") :] if prefix.startswith("messages.") else "", event, value


def _header(state: TelegramRead, key: str, value: Any) -> None:
    if key == "name":
        state.name = str(value)
    elif key == "type":
        state.chat_type = str(value)
    elif key == "id":
        state.chat_id = str(value)
    elif key == "username" and _USERNAME.match(str(value).lstrip("@")):
        state.username = str(value).lstrip("@")


def _post(message: Any, state: TelegramRead, *, path: str, username: str) -> Article | None:
    if not isinstance(message, dict):
        state.skipped["malformed messages"] += 1
        return None
    if message.get("type") != "message":
        state.skipped["service messages"] += 1
        return None
    text, links = message_text(message)
    if not any(ch.isalnum() for ch in text):  # nothing, or only emoji and punctuation
        state.skipped["posts without text"] += 1
        return None
    post_id = message.get("id")
    published = _published(message)
    channel = state.name or str(message.get("from") or "")
    slug = _slug(username, 40) or state.chat_id or _slug(channel, 40) or "telegram"
    url = f"https://t.me/{username}/{post_id}" if username and isinstance(post_id, int) else ""
    try:
        return article_from_body(
            text,
            f"tg-{slug}-{post_id}",
            published=published,
            source=channel,
            url=url,
            path=f"{path}#{post_id}" if path else "",
            links=links,
            forwarded_from=str(message.get("forwarded_from") or ""),
        )
    except SkippedInput:
        state.skipped["posts without text"] += 1
        return None


def message_text(message: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """A post's plain text and the links it carries, from ``text_entities`` or ``text``."""
    parts = message.get("text_entities")
    if not isinstance(parts, list) or not parts:
        raw = message.get("text", "")
        parts = raw if isinstance(raw, list) else [raw]
    pieces: list[str] = []
    links: list[str] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
            continue
        if not isinstance(part, dict):
            continue
        text = part.get("text")
        text = text if isinstance(text, str) else ""
        pieces.append(text)
        kind = part.get("type")
        href = part.get("href")
        if kind == "text_link" and isinstance(href, str) and href.strip():
            links.append(href.strip())
        elif kind in _LINK_TYPES and text.strip():
            links.append(text.strip())
    return "".join(pieces), tuple(dict.fromkeys(links))


def _published(message: dict[str, Any]) -> str | None:
    stamp = message.get("date_unixtime")
    try:
        return dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC).date().isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        pass
    try:
        return normalise_date(str(message.get("date") or "")[:10])
    except ValueError:
        return None


def _position(stream: Any) -> int:
    try:
        return int(stream.tell())
    except (OSError, ValueError, AttributeError):
        return 0


def _one_line_error(exc: Exception) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__
