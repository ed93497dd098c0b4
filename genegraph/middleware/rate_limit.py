"""The rate limit: a client over its limit on /graphql is answered 429 (the setting:
genegraph.middleware.rates; the buckets: genegraph.middleware.buckets)."""

from __future__ import annotations

import math

from starlette.types import ASGIApp, Receive, Scope, Send

from genegraph.middleware.buckets import LIMITED_PATHS, Buckets, client_of, too_many_requests
from genegraph.middleware.rates import RateLimit


class RateLimiter:
    """ASGI middleware: answers 429 to a client over its limit on /graphql."""

    def __init__(self, app: ASGIApp, limit: RateLimit, buckets: Buckets) -> None:
        self.app = app
        self.limit = limit
        self.buckets = buckets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in LIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        wait = await self.buckets.take(client_of(scope))
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        retry_after = max(1, math.ceil(wait))
        response = too_many_requests(
            retry_after,
            f"Too many requests from this client (the limit is {self.limit.describe()}): "
            f"try again in {retry_after} s.",
            {"limit": self.limit.requests, "periodSeconds": self.limit.period},
        )
        await response(scope, receive, send)
