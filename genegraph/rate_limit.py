"""The rate limit's setting (genegraph.rate_limiter enforces it).

Per-client rate limiting of /graphql: a token bucket per client, in process or in Redis.

A client is its API key (the ``X-API-Key`` header, kept only as a hash) or else its IP
address (behind a proxy, uvicorn takes it from X-Forwarded-For when the proxy is trusted,
``--forwarded-allow-ips``). Each client's bucket holds up to ``burst`` requests and refills
at the configured rate; a request finding it empty is answered 429 with ``Retry-After``
and a GraphQL error whose code is ``RATE_LIMITED``, before its body is read.

With ``GENEGRAPH_REDIS_URL`` the buckets live in Redis, updated by one Lua script per
request (atomic, on Redis' clock), so all processes and machines share them. When Redis
does not answer, requests are let through (and a warning logged): the limit protects the
service, and refusing everything would be the outage it is there to prevent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

RATE_LIMIT_ENV = "GENEGRAPH_RATE_LIMIT"
RATE_LIMIT_BURST_ENV = "GENEGRAPH_RATE_LIMIT_BURST"
PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}
_RATE = re.compile(r"\s*(\d+)\s*/\s*(second|minute|hour)\s*")


@dataclass(frozen=True)
class RateLimit:
    """``requests`` per ``period`` seconds, with bursts of up to ``burst``."""

    requests: int
    period: float
    burst: int

    @property
    def per_second(self) -> float:
        return self.requests / self.period

    def describe(self) -> str:
        unit = next(name for name, seconds in PERIODS.items() if seconds == self.period)
        return f"{self.requests} requests per {unit}, bursts of {self.burst}"


def rate_limit_from(env: Mapping[str, str]) -> RateLimit | None:
    """The limit set by $GENEGRAPH_RATE_LIMIT (``60/minute``; none when unset or ``off``)
    and $GENEGRAPH_RATE_LIMIT_BURST (default: the requests of one period). A value that
    is not valid raises ValueError naming the variable."""
    text = env.get(RATE_LIMIT_ENV, "").strip().lower()
    if text in ("", "off"):
        return None
    match = _RATE.fullmatch(text)
    if match is None or int(match.group(1)) <= 0:
        raise ValueError(
            f"{RATE_LIMIT_ENV} must be requests per second, minute or hour, e.g. "
            f"'60/minute', or 'off'; not {text!r}"
        )
    requests = int(match.group(1))
    burst_text = env.get(RATE_LIMIT_BURST_ENV, "").strip()
    burst = requests
    if burst_text:
        burst = int(burst_text) if burst_text.isdigit() else 0
        if burst <= 0:
            raise ValueError(
                f"{RATE_LIMIT_BURST_ENV} must be a positive whole number, not {burst_text!r}"
            )
    return RateLimit(requests, PERIODS[match.group(2)], burst)
