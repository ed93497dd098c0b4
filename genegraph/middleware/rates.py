"""The settings of the rate limit and the client budget (genegraph.middleware.rate_limit and
.client_budget enforce them): ``N/second|minute|hour`` and a burst, from the environment.

A client is its API key (``X-API-Key``, kept only as a hash) or else its IP address (behind
a trusted proxy, uvicorn takes it from X-Forwarded-For). With ``GENEGRAPH_REDIS_URL`` the
buckets live in Redis, updated by one Lua script per request on Redis' clock, shared by all
processes; when Redis does not answer, requests are let through: the limit protects the
service, and refusing everything would be the outage it is there to prevent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

RATE_LIMIT_ENV = "GENEGRAPH_RATE_LIMIT"
RATE_LIMIT_BURST_ENV = "GENEGRAPH_RATE_LIMIT_BURST"
CLIENT_BUDGET_ENV = "GENEGRAPH_CLIENT_BUDGET"
CLIENT_BUDGET_BURST_ENV = "GENEGRAPH_CLIENT_BUDGET_BURST"
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

    @property
    def period_name(self) -> str:
        return next(name for name, seconds in PERIODS.items() if seconds == self.period)

    def describe(self, what: str = "requests") -> str:
        return f"{self.requests} {what} per {self.period_name}, bursts of {self.burst}"


def rate_limit_from(env: Mapping[str, str]) -> RateLimit | None:
    """The limit set by $GENEGRAPH_RATE_LIMIT (``60/minute``; none when unset or ``off``)
    and $GENEGRAPH_RATE_LIMIT_BURST (default: the requests of one period). A value that
    is not valid raises ValueError naming the variable."""
    return rate_from(env, RATE_LIMIT_ENV, RATE_LIMIT_BURST_ENV, default="off")


DEFAULT_CLIENT_BUDGET = RateLimit(60, PERIODS["minute"], 60)


def client_budget_from(env: Mapping[str, str]) -> RateLimit | None:
    """The client budget set by $GENEGRAPH_CLIENT_BUDGET (default ``60/minute``; none when
    ``off``) and $GENEGRAPH_CLIENT_BUDGET_BURST (default: the count of one period)."""
    return rate_from(env, CLIENT_BUDGET_ENV, CLIENT_BUDGET_BURST_ENV, default="60/minute")


def rate_from(
    env: Mapping[str, str], variable: str, burst_variable: str, *, default: str
) -> RateLimit | None:
    """A rate ``N/second|minute|hour`` (or ``off``: None) from ``variable``, ``default``
    when unset, with its burst from ``burst_variable`` (default: N). A value that is not
    valid raises ValueError naming the variable."""
    text = env.get(variable, "").strip().lower() or default
    if text == "off":
        return None
    match = _RATE.fullmatch(text)
    if match is None or int(match.group(1)) <= 0:
        raise ValueError(
            f"{variable} must be a count per second, minute or hour, e.g. "
            f"'60/minute', or 'off'; not {text!r}"
        )
    requests = int(match.group(1))
    burst_text = env.get(burst_variable, "").strip()
    burst = requests
    if burst_text:
        burst = int(burst_text) if burst_text.isdigit() else 0
        if burst <= 0:
            raise ValueError(
                f"{burst_variable} must be a positive whole number, not {burst_text!r}"
            )
    return RateLimit(requests, PERIODS[match.group(2)], burst)
