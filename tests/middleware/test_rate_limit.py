"""Per-client rate limiting: 429 with Retry-After and a RATE_LIMITED error, per API key or
IP, in process or shared through Redis."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.middleware.buckets import MemoryBuckets
from genegraph.middleware.rates import RateLimit, rate_limit_from
from genegraph.settings import CacheSettings, ServerSettings, server_settings
from tests.conftest import AppClient
from tests.helpers.cache_fixtures import REDIS_URL

QUERY = {"query": "{ currentRelease { number } }"}
THREE_PER_MINUTE = RateLimit(requests=3, period=60.0, burst=3)


async def test_over_the_limit_is_429_with_retry_after(
    engine: AsyncEngine, log_lines: io.StringIO, app_client: AppClient
) -> None:
    async with app_client(engine, ServerSettings(rate_limit=THREE_PER_MINUTE)) as client:
        answered = [await client.post("/graphql", json=QUERY) for _ in range(3)]
        refused = await client.post("/graphql", json=QUERY)
        # Another client (an API key) has a bucket of its own; health checks are not limited.
        other = await client.post("/graphql", json=QUERY, headers={"x-api-key": "lab-7"})
        health = await client.get("/healthz")

    assert [r.status_code for r in answered] == [200, 200, 200]
    assert refused.status_code == 429
    # 3 per minute: the next token comes in 20 s.
    assert refused.headers["retry-after"] == "20"
    [error] = refused.json()["errors"]
    assert error["extensions"] == {
        "code": "RATE_LIMITED",
        "retryAfter": 20,
        "limit": 3,
        "periodSeconds": 60.0,
    }
    assert "3 requests per minute" in error["message"]
    assert "try again in 20 s" in error["message"]
    assert other.status_code == 200
    assert health.status_code == 200
    logged = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert [(line["status"], line["error_codes"]) for line in logged] == [
        (200, []),
        (200, []),
        (200, []),
        (429, ["RATE_LIMITED"]),
        (200, []),
    ]


async def test_api_keys_are_limited_apart(engine: AsyncEngine, app_client: AppClient) -> None:
    limit = RateLimit(requests=1, period=1.0, burst=1)
    async with app_client(engine, ServerSettings(rate_limit=limit)) as client:
        statuses = [
            (await client.post("/graphql", json=QUERY, headers={"x-api-key": key})).status_code
            for key in ("a", "b", "a", "b", "c")
        ]
    assert statuses == [200, 200, 429, 429, 200]


async def test_no_limit_by_default(engine: AsyncEngine, app_client: AppClient) -> None:
    assert server_settings({}).rate_limit is None
    async with app_client(engine, ServerSettings()) as client:
        statuses = {(await client.post("/graphql", json=QUERY)).status_code for _ in range(20)}
    assert statuses == {200}


async def test_a_bucket_refills_at_the_rate() -> None:
    now = [0.0]
    buckets = MemoryBuckets(THREE_PER_MINUTE, clock=lambda: now[0])
    assert [await buckets.take("ip:1") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert await buckets.take("ip:1") == pytest.approx(20.0)
    now[0] = 19.0  # not yet a whole token
    assert await buckets.take("ip:1") == pytest.approx(1.0)
    now[0] = 20.0
    assert await buckets.take("ip:1") == 0.0
    now[0] = 1000.0  # a long pause refills up to the burst, not beyond
    assert [await buckets.take("ip:1") for _ in range(4)][3] > 0


@pytest.mark.parametrize(
    ("value", "burst", "expected"),
    [
        ("60/minute", "", RateLimit(60, 60.0, 60)),
        (" 5 / second ", "20", RateLimit(5, 1.0, 20)),
        ("1000/hour", "", RateLimit(1000, 3600.0, 1000)),
        ("off", "", None),
    ],
)
def test_rate_limit_setting(value: str, burst: str, expected: RateLimit | None) -> None:
    env = {"GENEGRAPH_RATE_LIMIT": value, "GENEGRAPH_RATE_LIMIT_BURST": burst}
    assert rate_limit_from(env) == expected


@pytest.mark.parametrize(
    ("value", "burst", "named"),
    [
        ("60", "", "GENEGRAPH_RATE_LIMIT"),
        ("0/minute", "", "GENEGRAPH_RATE_LIMIT"),
        ("10/day", "", "GENEGRAPH_RATE_LIMIT"),
        ("10/minute", "-1", "GENEGRAPH_RATE_LIMIT_BURST"),
    ],
)
def test_a_bad_rate_limit_names_its_variable(value: str, burst: str, named: str) -> None:
    env = {"GENEGRAPH_RATE_LIMIT": value, "GENEGRAPH_RATE_LIMIT_BURST": burst}
    with pytest.raises(ValueError, match=f"^{named} must"):
        server_settings(env)


async def test_processes_share_buckets_through_redis(
    engine: AsyncEngine, redis_prefix: str, app_client: AppClient
) -> None:
    """Two apps (as two server processes) with one Redis: one client's requests to either
    draw on one bucket."""
    caching = replace(
        CacheSettings(), redis_url=REDIS_URL, redis_prefix=redis_prefix, response_cache=False
    )
    server = ServerSettings(rate_limit=THREE_PER_MINUTE, caching=caching)
    async with app_client(engine, server) as first, app_client(engine, server) as second:
        statuses = [
            (await first.post("/graphql", json=QUERY)).status_code,
            (await second.post("/graphql", json=QUERY)).status_code,
            (await first.post("/graphql", json=QUERY)).status_code,
        ]
        refused = await second.post("/graphql", json=QUERY)
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert 19 <= int(refused.headers["retry-after"]) <= 20  # Redis' clock moved on a little
