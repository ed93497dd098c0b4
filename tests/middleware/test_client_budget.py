"""The client budget: a client whose requests are refused, or whose documents cost much
CPU to parse, gets 429 + Retry-After + RATE_LIMITED before its body is read; other
clients are answered as before; the budget refills; processes share it through Redis."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from itertools import count

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.execution.limits import document_cpu
from genegraph.middleware.buckets import MemoryBuckets
from genegraph.middleware.client_budget import charge
from genegraph.middleware.rates import DEFAULT_CLIENT_BUDGET, RateLimit, client_budget_from
from genegraph.settings import CacheSettings, ServerSettings, server_settings
from tests.conftest import AppClient
from tests.helpers.cache_fixtures import REDIS_URL, redis_keys

THREE_PER_MINUTE = RateLimit(requests=3, period=60.0, burst=3)
GOOD = {"query": "{ currentRelease { number } }"}
# A list inside itself: refused (QUERY_TOO_COMPLEX, listNesting) before any SQL.
DEPTH_BOMB = {
    "query": '{ gene(symbol: "IL2") { orthologs { gene { orthologs { gene { id } } } } } }'
}
SYNTAX_ERROR = {"query": "{ currentRelease { number }"}
UNIQUE = count()


@pytest.fixture(autouse=True)
def no_cpu_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing and validation take no CPU time here, so that only refusals are charged
    (a first request, on cold caches, can take more than the free 10 ms)."""
    monkeypatch.setattr(document_cpu, "cpu_clock", lambda: 0.0)


def budgeted(budget: RateLimit = THREE_PER_MINUTE, **caching: object) -> ServerSettings:
    return ServerSettings(
        client_budget=budget,
        caching=replace(CacheSettings(), response_cache=False, **caching),  # type: ignore[arg-type]
    )


async def test_refused_requests_spend_the_budget_then_429(
    engine: AsyncEngine, log_lines: io.StringIO, app_client: AppClient
) -> None:
    async with app_client(engine, budgeted()) as client:
        refused = [
            await client.post("/graphql", json=DEPTH_BOMB),  # QUERY_TOO_COMPLEX
            await client.post("/graphql", json=SYNTAX_ERROR),  # a syntax error, uncoded
            await client.post("/graphql", content=b"[1, 2]"),  # 400 BAD_REQUEST (batching)
        ]
        limited = await client.post("/graphql", json=GOOD)
        # Another client (an API key) is answered as before.
        other = await client.post("/graphql", json=GOOD, headers={"x-api-key": "lab-7"})

    assert [r.status_code for r in refused] == [200, 200, 400]
    assert refused[0].json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert limited.status_code == 429
    # 3 a minute: the next token in 20 s.
    assert limited.headers["retry-after"] == "20"
    [error] = limited.json()["errors"]
    assert error["extensions"] == {
        "code": "RATE_LIMITED",
        "retryAfter": 20,
        "budget": 3,
        "periodSeconds": 60.0,
    }
    assert "3 refusals per minute, bursts of 3" in error["message"]
    assert other.status_code == 200
    assert "errors" not in other.json()
    logged = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert [(line["status"], line["error_codes"]) for line in logged][3:] == [
        (429, ["RATE_LIMITED"]),
        (200, []),
    ]


async def test_normal_requests_do_not_spend_it(engine: AsyncEngine, app_client: AppClient) -> None:
    """Answers, field errors (BAD_USER_INPUT) and unknown persisted-query hashes are not
    refusals: far more of them than the budget all get answered."""
    unknown_hash = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "a" * 64}}}
    field_error = {"query": "{ releases(last: -1) { number } }"}
    async with app_client(engine, budgeted()) as client:
        statuses = set()
        for n in range(10):
            for body in (
                {"query": f"{{ currentRelease {{ number }} }} # {n}"},
                field_error,
                unknown_hash,
            ):
                statuses.add((await client.post("/graphql", json=body)).status_code)
    assert statuses == {200}


async def test_a_413_is_a_refusal(engine: AsyncEngine, app_client: AppClient) -> None:
    server = replace(budgeted(RateLimit(1, 60.0, 1)), max_body_bytes=1_000)
    big = {"query": "{ currentRelease { number } }", "variables": {"pad": "x" * 2_000}}
    async with app_client(engine, server) as client:
        too_large = await client.post("/graphql", json=big)
        limited = await client.post("/graphql", json=GOOD)
    assert too_large.status_code == 413
    assert limited.status_code == 429


async def test_costly_documents_spend_it(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, app_client: AppClient
) -> None:
    """A document whose parsing and validation take 0.3 s of CPU (a clock that moves
    0.15 s on each reading) costs about 3 of a budget of 3: the next request gets 429,
    though both were answered."""
    ticks = count()
    monkeypatch.setattr(document_cpu, "cpu_clock", lambda: next(ticks) * 0.15)
    async with app_client(engine, budgeted()) as client:
        answered = await client.post("/graphql", json=GOOD)
        limited = await client.post("/graphql", json=GOOD)
    assert answered.status_code == 200
    assert "errors" not in answered.json()
    assert limited.status_code == 429


async def test_no_budget_when_off(engine: AsyncEngine, app_client: AppClient) -> None:
    async with app_client(engine, replace(budgeted(), client_budget=None)) as client:
        statuses = {(await client.post("/graphql", json=DEPTH_BOMB)).status_code for _ in range(6)}
    assert statuses == {200}


async def test_processes_share_the_budget_through_redis(
    engine: AsyncEngine, redis_prefix: str, app_client: AppClient
) -> None:
    """Two apps (as two server processes) with one Redis: one client's refusals on either
    draw on one budget. A client never charged has no bucket in Redis."""
    server = budgeted(redis_url=REDIS_URL, redis_prefix=redis_prefix)
    async with app_client(engine, server) as first, app_client(engine, server) as second:
        await first.post("/graphql", json=GOOD, headers={"x-api-key": "lab-7"})
        await first.post("/graphql", json=DEPTH_BOMB)
        await second.post("/graphql", json=DEPTH_BOMB)
        answered = await second.post("/graphql", json=GOOD)  # one left
        await first.post("/graphql", json=DEPTH_BOMB)
        limited = await second.post("/graphql", json=GOOD)
    assert answered.status_code == 200
    assert limited.status_code == 429
    assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert 19 <= int(limited.headers["retry-after"]) <= 20  # Redis' clock moved on a little
    assert redis_keys(redis_prefix) == [f"{redis_prefix}budget:ip:127.0.0.1"]


async def test_the_budget_refills_and_asking_takes_nothing() -> None:
    now = [0.0]
    buckets = MemoryBuckets(THREE_PER_MINUTE, clock=lambda: now[0])
    assert [await buckets.take("ip:1", 0) for _ in range(10)] == [0.0] * 10  # only asking
    assert await buckets.take("ip:1", 2.5) == 0.0  # a costly request: 0.5 left
    assert await buckets.take("ip:1", 0) == pytest.approx(10.0)  # 0.5 short of a token
    assert await buckets.take("ip:1", 5) == pytest.approx(10.0)  # empty: nothing taken
    now[0] = 10.0
    assert await buckets.take("ip:1", 0) == 0.0
    assert await buckets.take("ip:1", 9) == 0.0  # takes what there is, not more
    assert await buckets.take("ip:1", 0) == pytest.approx(20.0)
    now[0] = 1000.0  # a long pause refills up to the burst, not beyond
    assert await buckets.take("ip:1", 3) == 0.0
    assert await buckets.take("ip:1", 0) > 0


@pytest.mark.parametrize(
    ("status", "codes", "cpu", "cost"),
    [
        (200, [], 0.002, 0.0),  # an answer, a document parsed quickly
        (200, ["BAD_USER_INPUT"], 0.0, 0.0),  # a field error
        (200, ["PERSISTED_QUERY_NOT_FOUND"], 0.0, 0.0),
        (503, ["SERVICE_UNAVAILABLE"], 0.0, 0.0),  # an outage is not the client's doing
        (404, [], 0.0, 0.0),
        (405, [], 0.0, 0.0),  # e.g. OPTIONS without CORS: nothing to parse
        (200, ["QUERY_TOO_COMPLEX"], 0.0, 1.0),
        (200, ["UNCODED"], 0.0, 1.0),  # a syntax or validation error
        (400, ["BAD_REQUEST"], 0.0, 1.0),
        (408, ["REQUEST_TIMEOUT"], 0.0, 1.0),
        (413, ["PAYLOAD_TOO_LARGE"], 0.0, 1.0),
        (200, ["QUERY_TOO_COMPLEX"], 0.110, 2.0),  # refused after 110 ms of parsing
        (200, [], 0.210, 2.0),  # answered after 210 ms of parsing and validation
    ],
)
def test_what_a_request_costs(status: int, codes: list[str], cpu: float, cost: float) -> None:
    assert charge(status, codes, cpu) == pytest.approx(cost)


def test_budget_setting() -> None:
    assert server_settings({}).client_budget == DEFAULT_CLIENT_BUDGET == RateLimit(60, 60.0, 60)
    assert client_budget_from({"GENEGRAPH_CLIENT_BUDGET": "off"}) is None
    assert client_budget_from(
        {"GENEGRAPH_CLIENT_BUDGET": "10/second", "GENEGRAPH_CLIENT_BUDGET_BURST": "100"}
    ) == RateLimit(10, 1.0, 100)
    with pytest.raises(ValueError, match=r"^GENEGRAPH_CLIENT_BUDGET must"):
        server_settings({"GENEGRAPH_CLIENT_BUDGET": "lots"})
    with pytest.raises(ValueError, match=r"^GENEGRAPH_CLIENT_BUDGET_BURST must"):
        server_settings({"GENEGRAPH_CLIENT_BUDGET_BURST": "0"})
