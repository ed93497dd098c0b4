"""Token buckets per client of /graphql, in this process or in Redis, shared by the rate
limit and the client budget: who a client is (``client_of``), the buckets, and the 429
answer both give (``too_many_requests``)."""

from __future__ import annotations

import hashlib
import time
from typing import Protocol

from redis.exceptions import RedisError
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import Scope

from genegraph.caching.redis import Clock, SharedRedis
from genegraph.middleware.rates import RateLimit
from genegraph.observability.record import note_error_code
from genegraph.server.errors import error_response

API_KEY_HEADER = "x-api-key"
RATE_LIMITED = "RATE_LIMITED"
# The API and the annotation files (genegraph/server/download.py), which cost far more.
LIMITED_PATHS = frozenset({"/graphql", "/download/annotations"})


class Buckets(Protocol):
    async def take(self, client: str, amount: float = 1.0) -> float:
        """When ``client``'s bucket holds a token, take ``amount`` tokens from it (fewer
        if it holds fewer) and return 0; else the seconds until it holds one. An amount
        of 0 only asks; more than 1 charges a costly request (the client budget)."""
        ...

    async def close(self) -> None: ...


class MemoryBuckets:
    """The buckets of this process."""

    # Past this many clients, buckets that have refilled completely are dropped (a full
    # bucket is what a new client gets anyway).
    SWEEP_AT = 10_000

    def __init__(self, limit: RateLimit, clock: Clock = time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)

    async def take(self, client: str, amount: float = 1.0) -> float:
        now = self.clock()
        tokens, at = self.buckets.get(client, (float(self.limit.burst), now))
        tokens = min(self.limit.burst, tokens + (now - at) * self.limit.per_second)
        wait = 0.0
        if tokens >= 1:
            tokens = max(0.0, tokens - amount)
        else:
            wait = (1 - tokens) / self.limit.per_second
        if amount == 0:
            return wait  # only asking: nothing changes (a client never charged has no bucket)
        if len(self.buckets) >= self.SWEEP_AT and client not in self.buckets:
            self._sweep(now)
        self.buckets[client] = (tokens, now)
        return wait

    def _sweep(self, now: float) -> None:
        full_after = self.limit.burst / self.limit.per_second
        self.buckets = {
            client: (tokens, at)
            for client, (tokens, at) in self.buckets.items()
            if now - at < full_after
        }

    async def close(self) -> None:
        pass


# KEYS[1]: the bucket; ARGV: tokens per second, burst, tokens to take. Returns {allowed,
# seconds to wait} (the wait as a string: Redis turns Lua numbers into integers).
TAKE_SCRIPT = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local amount = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = math.max(0, tokens - amount) else wait = (1 - tokens) / rate end
if amount > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
end
return {wait == 0 and 1 or 0, tostring(wait)}
"""


class RedisBuckets:
    """Buckets in Redis, shared by every process that uses the same Redis and prefix;
    while Redis does not answer, requests are let through (genegraph.middleware.rates)."""

    def __init__(self, limit: RateLimit, redis: SharedRedis, prefix: str) -> None:
        self.limit = limit
        self.prefix = prefix
        self.redis = redis
        self.script = redis.client.register_script(TAKE_SCRIPT)

    async def take(self, client: str, amount: float = 1.0) -> float:
        if self.redis.resting():
            return 0.0
        try:
            _allowed, wait = await self.script(
                keys=[self.prefix + client],
                args=[self.limit.per_second, self.limit.burst, amount],
            )
        except (RedisError, OSError) as error:
            self.redis.failed(error)
            return 0.0
        self.redis.answered()
        return float(wait)

    async def close(self) -> None:
        pass  # the client is the process's (SharedRedis), closed by its owner


def client_of(scope: Scope) -> str:
    """Who is asking: the API key's hash when one is sent, else the IP address."""
    key = Headers(scope=scope).get(API_KEY_HEADER, "")
    if key:
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    peer = scope.get("client")
    return "ip:" + (peer[0] if peer else "unknown")


def too_many_requests(
    retry_after: int, message: str, extensions: dict[str, object]
) -> JSONResponse:
    """429 with ``Retry-After`` and one GraphQL error coded RATE_LIMITED."""
    note_error_code(RATE_LIMITED)
    return error_response(
        429,
        message,
        RATE_LIMITED,
        {"retryAfter": retry_after, **extensions},
        {"retry-after": str(retry_after)},
    )
