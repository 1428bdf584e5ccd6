"""A thread-safe memo for values derived from a control record (Streamlit runs sessions on threads)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class RecordMemo(Generic[T]):
    """Bounded LRU of ``compute(record, *key)`` per record object (held, so its id is never reused)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[int, Hashable], tuple[Any, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, record: Any, key: Hashable, compute: Callable[[], T]) -> T:
        slot = (id(record), key)
        with self._lock:
            hit = self._items.get(slot)
            if hit is not None and hit[0] is record:
                self._items.move_to_end(slot)
                return hit[1]
        value = compute()  # outside the lock: may take a second; a duplicate computation is harmless
        with self._lock:
            self._items[slot] = (record, value)
            self._items.move_to_end(slot)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value
