"""A map the server fills with what requests meant, bounded in entries and in the summed
size of its keys; the oldest go first. No recency and no expiry: an entry's meaning does
not change while the process runs (unlike ``stores.MemoryStore``'s cached bytes). Used by
the fast lane's hit index and the planned lane's documents."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedIndex(Generic[K, V]):
    """``K -> V``, at most ``max_entries`` entries whose keys sum to at most ``max_size``
    (``size_of``); a key larger than ``max_size`` alone is not kept."""

    def __init__(self, max_entries: int, max_size: int, size_of: Callable[[K], int]) -> None:
        self.max_entries = max_entries
        self.max_size = max_size
        self.size_of = size_of
        self.size = 0
        self.entries: dict[K, V] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0

    def find(self, key: K) -> V | None:
        return self.entries.get(key)

    def add(self, key: K, value: V) -> None:
        size = self.size_of(key)
        if key in self.entries or size > self.max_size:
            return
        self.entries[key] = value
        self.size += size
        while len(self.entries) > self.max_entries or self.size > self.max_size:
            oldest = next(iter(self.entries))
            del self.entries[oldest]
            self.size -= self.size_of(oldest)
