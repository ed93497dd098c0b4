"""One Redis client per server process, shared by the caches (genegraph.caching.stores)
and the per-client buckets (genegraph.middleware.buckets), with one failure back-off: when
Redis does not answer, that is logged once, Redis is left alone for a few seconds, and
whatever uses it goes on without it (uncached, limits not enforced) instead of failing
requests.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

log = logging.getLogger("genegraph.cache")

Clock = Callable[[], float]

# A request waits at most this long on Redis before it is served without it.
REDIS_TIMEOUT_SECONDS = 0.5
# After a failure, Redis is not tried again for this long (no timeout per request).
REDIS_RETRY_SECONDS = 5.0


class SharedRedis:
    """The client (no retries, short timeouts: a Redis slow to answer is worse than none)
    and whether it is resting after a failure."""

    def __init__(self, url: str, *, clock: Clock = time.monotonic) -> None:
        self.url = url
        self.clock = clock
        self.client = Redis.from_url(
            url,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),
        )
        self.down = False
        self.down_until = 0.0

    def resting(self) -> bool:
        """Whether to go without Redis for now (it failed less than a few seconds ago)."""
        return self.down and self.clock() < self.down_until

    def answered(self) -> None:
        if self.down:
            log.warning("Redis at %s answers again; the shared cache is back", self.where())
            self.down = False

    def failed(self, error: Exception) -> None:
        if not self.down:
            log.warning(
                "Redis at %s is not answering (%s: %s); serving without the shared cache "
                "and buckets, trying again every %g s",
                self.where(),
                type(error).__name__,
                error,
                REDIS_RETRY_SECONDS,
            )
        self.down = True
        self.down_until = self.clock() + REDIS_RETRY_SECONDS

    async def close(self) -> None:
        await self.client.aclose()

    def where(self) -> str:
        # The address without any password the URL may hold.
        parts = urlsplit(self.url)
        if parts.scheme == "unix":
            return parts.path
        return f"{parts.hostname or 'localhost'}:{parts.port or 6379}"
