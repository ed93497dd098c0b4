"""Where cached bytes live: a bounded in-process LRU, or Redis shared by processes.

The response cache and the persisted queries each keep their entries in one of these,
under a namespace of their own. A Redis store never raises: when Redis cannot be reached
it answers "not cached" (genegraph.caching.redis: the process's one client and back-off).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Protocol

from redis.exceptions import RedisError

from genegraph.caching.redis import Clock, SharedRedis


class ByteStore(Protocol):
    """Bytes by key, each kept for at most ``ttl`` seconds (None: until evicted)."""

    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes, ttl: int | None) -> None: ...

    def clear(self) -> None:
        """Drop the entries this process holds (a shared store keeps its own)."""

    async def close(self) -> None: ...


class MemoryStore:
    """A least-recently-used map bounded in entries and in bytes, with expiry."""

    def __init__(self, *, max_entries: int, max_bytes: int, clock: Clock = time.monotonic) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.clock = clock
        self.bytes = 0
        self.entries: OrderedDict[str, tuple[bytes, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.entries)

    async def get(self, key: str) -> bytes | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        value, expires = entry
        if self.clock() >= expires:
            self._drop(key)
            return None
        self.entries.move_to_end(key)
        return value

    async def set(self, key: str, value: bytes, ttl: int | None) -> None:
        if len(value) > self.max_bytes:
            return
        if key in self.entries:
            self._drop(key)
        expires = float("inf") if ttl is None else self.clock() + ttl
        self.entries[key] = (value, expires)
        self.bytes += len(value)
        while len(self.entries) > self.max_entries or self.bytes > self.max_bytes:
            self._drop(next(iter(self.entries)))

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0

    async def close(self) -> None:
        self.clear()

    def _drop(self, key: str) -> None:
        value, _ = self.entries.pop(key)
        self.bytes -= len(value)


class RedisStore:
    """Keys under ``prefix`` in one Redis database, shared by every process using it."""

    def __init__(self, redis: SharedRedis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    async def get(self, key: str) -> bytes | None:
        if self.redis.resting():
            return None
        try:
            value = await self.redis.client.get(self.prefix + key)
        except (RedisError, OSError) as error:
            self.redis.failed(error)
            return None
        self.redis.answered()
        return value if isinstance(value, bytes) else None

    async def set(self, key: str, value: bytes, ttl: int | None) -> None:
        if self.redis.resting():
            return
        try:
            await self.redis.client.set(self.prefix + key, value, ex=ttl)
        except (RedisError, OSError) as error:
            self.redis.failed(error)
            return
        self.redis.answered()

    def clear(self) -> None:
        pass  # shared: other processes still use the entries, which expire by their TTL

    async def close(self) -> None:
        pass  # the client is the process's (SharedRedis), closed by its owner
