"""Where cached bytes live: a bounded in-process LRU, or Redis shared by processes.

The response cache and the persisted queries each keep their entries in one of these,
under a namespace of their own. A Redis store never raises: when Redis cannot be
reached it logs a warning, answers "not cached" and leaves Redis alone for a few
seconds, so the server goes on serving, uncached, instead of failing requests.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

log = logging.getLogger("genegraph.cache")

Clock = Callable[[], float]

# A request waits at most this long on Redis before it is served without it.
REDIS_TIMEOUT_SECONDS = 0.5
# After a failure, Redis is not tried again for this long (no timeout per request).
REDIS_RETRY_SECONDS = 5.0


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

    def __init__(self, url: str, prefix: str, *, clock: Clock = time.monotonic) -> None:
        self.prefix = prefix
        self.clock = clock
        self.url = url
        # No retries and short timeouts: a cache that is slow to answer is worse than none.
        self.client = Redis.from_url(
            url,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),
        )
        self.down = False
        self.down_until = 0.0

    async def get(self, key: str) -> bytes | None:
        if self._resting():
            return None
        try:
            value = await self.client.get(self.prefix + key)
        except (RedisError, OSError) as error:
            self._failed(error)
            return None
        self._answered()
        return value if isinstance(value, bytes) else None

    async def set(self, key: str, value: bytes, ttl: int | None) -> None:
        if self._resting():
            return
        try:
            await self.client.set(self.prefix + key, value, ex=ttl)
        except (RedisError, OSError) as error:
            self._failed(error)
            return
        self._answered()

    def clear(self) -> None:
        pass  # shared: other processes still use the entries, which expire by their TTL

    async def close(self) -> None:
        await self.client.aclose()

    def _resting(self) -> bool:
        return self.down and self.clock() < self.down_until

    def _answered(self) -> None:
        if self.down:
            log.warning("Redis at %s answers again; the shared cache is back", self._where())
            self.down = False

    def _failed(self, error: Exception) -> None:
        if not self.down:
            log.warning(
                "Redis at %s is not answering (%s: %s); serving without the shared cache, "
                "trying again every %g s",
                self._where(),
                type(error).__name__,
                error,
                REDIS_RETRY_SECONDS,
            )
        self.down = True
        self.down_until = self.clock() + REDIS_RETRY_SECONDS

    def _where(self) -> str:
        # The address without any password the URL may hold.
        parts = urlsplit(self.url)
        if parts.scheme == "unix":
            return parts.path
        return f"{parts.hostname or 'localhost'}:{parts.port or 6379}"
