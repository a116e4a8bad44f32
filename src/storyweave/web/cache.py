"""Values kept per worker process, keyed by what they were made from (a story's version, the
store's revision), so a repeat view costs a look-up and an entry is never stale, only unused."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


def _one(_: object) -> int:
    return 1


class LRU(Generic[T]):
    """Values whose weights (`weigh`, 1 each by default) add up to at most `size`, the least
    recently used dropped first; safe across threads. Two threads missing the same key may
    both make the value (the second one wins): cheaper than holding a lock while a brief is
    made."""

    def __init__(self, size: int, weigh: Callable[[T], int] = _one) -> None:
        self._size = size
        self._weigh = weigh
        self._items: OrderedDict[Hashable, tuple[T, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: T) -> None:
        """Keep `value`; one heavier than the whole cache is not kept."""
        weight = self._weigh(value)
        if weight > self._size:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._total -= old[1]
            self._items[key] = (value, weight)
            self._total += weight
            while self._total > self._size:
                _, (_, dropped) = self._items.popitem(last=False)
                self._total -= dropped

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        found = self.get(key)
        if found is not None:
            return found
        value = make()
        self.put(key, value)
        return value

    def __len__(self) -> int:
        return len(self._items)
