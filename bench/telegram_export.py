"""Synthetic Telegram Desktop exports for tests and benchmarks: ``make_export(n, seed)`` → JSON bytes.

Posts are built from short Ukrainian, Russian and English phrases (our own wording) in the shapes a real
export has: text as a string or as a list of strings and entity objects, ``text_entities``, photos with and
without captions, forwarded posts, links and text links, and service messages (about one in twenty).
The same ``n`` and ``seed`` give the same bytes.
"""

from __future__ import annotations

import json
import random
from typing import Any

START = 1_662_000_000  # 2022-09-01 UTC
PHRASES = {
    "uk": (
        "Сили оборони відбили атаку поблизу села", "Противник обстріляв околиці міста з артилерії",
        "На напрямку тривають запеклі бої", "Голова громади повідомив про пошкоджені будинки",
        "Сапери розміновують дороги після відступу ворога",
        "Українські підрозділи просунулися на кілька кілометрів",
    ),
    "ru": (
        "Подразделения отразили контратаку у населённого пункта",
        "По данным местных властей, ночью сбиты беспилотники",
        "Военные блогеры сообщают о перегруппировке сил", "На направлении продолжаются ожесточённые бои",
        "Жители сообщают о взрывах на окраине города",
    ),
    "en": (
        "Officials said shelling damaged a bridge overnight", "Fighting continued along the river line",
        "The regional governor reported power cuts after a strike",
        "Troops were said to have advanced several kilometres",
    ),
}


def make_export(n: int, seed: int = 1, *, name: str = "Synthetic front news") -> bytes:
    """An export of ``n`` messages (posts and service messages) as UTF-8 JSON bytes, indented like
    Telegram Desktop writes it."""
    rng = random.Random(seed)
    messages = [_message(i, rng) for i in range(1, n + 1)]
    export = {"name": name, "type": "public_channel", "id": 1_800_000_000 + seed, "messages": messages}
    return json.dumps(export, ensure_ascii=False, indent=1).encode("utf-8")


def _message(i: int, rng: random.Random) -> dict[str, Any]:
    stamp = START + i * 97 + rng.randrange(60)
    base: dict[str, Any] = {"id": i, "date_unixtime": str(stamp), "date": _local(stamp)}
    if i % 20 == 0:
        return {**base, "type": "service", "actor": "channel", "action": "pin_message", "message_id": i - 1,
                "text": "", "text_entities": []}
    lang = rng.choice(("uk", "uk", "ru", "en"))
    sentences = [rng.choice(PHRASES[lang]) + "." for _ in range(rng.randint(1, 4))]
    entities: list[dict[str, str]] = [{"type": "plain", "text": " ".join(sentences) + f" ({i})"}]
    message: dict[str, Any] = {**base, "type": "message", "from": "channel", "from_id": "channel1"}
    if i % 7 == 0:
        entities += [{"type": "plain", "text": " "}, {"type": "text_link", "text": "джерело",
                                                      "href": f"https://example.org/p/{i}"}]
    if i % 11 == 0:
        message["forwarded_from"] = "Another channel"
    if i % 13 == 0:
        message["photo"] = f"photos/photo_{i}.jpg"
        if i % 26 == 0:
            entities = []  # a photo without caption: skipped
    text = [e["text"] if e["type"] == "plain" else e for e in entities]
    message["text"] = text[0] if len(text) == 1 and isinstance(text[0], str) else text
    message["text_entities"] = entities
    return message


def _local(stamp: int) -> str:
    import datetime as dt

    local = dt.datetime.fromtimestamp(stamp, tz=dt.timezone(dt.timedelta(hours=3)))
    return local.replace(tzinfo=None).isoformat(timespec="seconds")
