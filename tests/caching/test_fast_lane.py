"""The fast lane of response-cache hits (genegraph.server.fast_lane) behaves as the view's
own hit: the same requests sent with the lane and without it (its index never finding a
body, so every hit goes through Strawberry's view) give the same statuses, headers,
bodies, request-log lines and SQL; and with it, a known body's hit never reaches the view."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.caching.hit_index import HitIndex, KnownBody
from genegraph.db.ingest.release import Source, load
from genegraph.middleware.rates import RateLimit
from genegraph.settings import ServerSettings
from tests.conftest import SEED_PAGE, StatementLog
from tests.helpers.cache_fixtures import serving, with_caching
from tests.helpers.lanes import Request, replay, without_planned_documents

CARD = '{ gene(symbol: "IL2") { symbol goTerms(category: MOLECULAR_FUNCTION) { id } } }'
NAMED = "query Id($s: String!) { gene(symbol: $s) { id symbol } }"
FAILING = '{ gene(symbol: "IL2") { symbol } goTerm(id: "not a GO id") { id } }'
JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


def post(body: dict[str, Any] | bytes, **headers: str) -> Request:
    return body, headers


def hashed(query: str) -> dict[str, Any]:
    digest = hashlib.sha256(query.encode()).hexdigest()
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


SCENARIOS: dict[str, list[Request]] = {
    "media types": [
        post({"query": CARD}, accept=JSON),
        post({"query": CARD}, accept=JSON),
        post({"query": CARD}, accept=GRAPHQL_RESPONSE),
        post({"query": CARD}),
        post({"query": CARD}, accept="text/html, */*;q=0.1"),
    ],
    "operation name and variables": [
        post({"query": NAMED, "variables": {"s": "IL2"}, "operationName": "Id"}),
        post({"query": NAMED, "variables": {"s": "IL2"}, "operationName": "Id"}),
        post({"query": NAMED, "variables": {"s": "IL2"}}),
        post({"query": NAMED, "variables": {"s": "IL2"}}),
        post({"query": NAMED, "variables": {"s": "IL4"}}),
    ],
    "content types": [
        post(orjson.dumps({"query": CARD}), **{"content-type": JSON}),
        post(orjson.dumps({"query": CARD}), **{"content-type": JSON + "; charset=utf-8"}),
        post(orjson.dumps({"query": CARD}), **{"content-type": JSON + "; charset=utf-8"}),
        post(orjson.dumps({"query": CARD}), **{"content-type": "text/plain"}),
        post(orjson.dumps({"query": CARD}), **{"content-type": "text/plain"}),
    ],
    "expectRelease": [
        post({"query": CARD, "extensions": {"expectRelease": 1}}),
        post({"query": CARD, "extensions": {"expectRelease": 1}}, accept=GRAPHQL_RESPONSE),
        post({"query": CARD, "extensions": {"expectRelease": 2}}),
        post({"query": CARD, "extensions": {"expectRelease": 0}}),
    ],
    "persisted queries": [
        post({"extensions": hashed(CARD)}),
        post({"query": CARD, "extensions": hashed(CARD)}),
        post({"query": CARD, "extensions": hashed(CARD)}),
        post({"extensions": hashed(CARD)}),
        post({"extensions": hashed(CARD)}),
    ],
    "errors are not stored": [
        post({"query": FAILING}),
        post({"query": FAILING}),
        post({"query": "{ gene(symbol: "}),
        post({"query": "{ gene(symbol: "}),
    ],
    "bad bodies": [
        post(b'{"query": "{ __typename }"', **{"content-type": JSON}),
        post(b"[1, 2]", **{"content-type": JSON}),
        post(b'"a string"', **{"content-type": JSON}),
        post(b"x" * 5000, **{"content-type": JSON}),
    ],
}


@pytest.fixture(autouse=True)
def no_planned_lane(monkeypatch: pytest.MonkeyPatch) -> None:
    """The planned lane would answer the misses of documents planned before (its own
    tests: tests/server/test_planned_lane.py); here they reach the view."""
    without_planned_documents(monkeypatch)


@pytest.fixture
async def seeded(engine: AsyncEngine) -> AsyncEngine:
    await load(engine, [Source(SEED_PAGE)])
    return engine


def without_the_lane(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every hit through the view: the lane's index finds no body."""

    def finds_nothing(self: HitIndex, content_type: bytes, body: bytes) -> KnownBody | None:
        return None

    monkeypatch.setattr(HitIndex, "get", finds_nothing)


def small_bodies() -> ServerSettings:
    return replace(with_caching(), max_body_bytes=4096)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_the_lane_answers_as_the_view(
    seeded: AsyncEngine,
    scenario: str,
    log_lines: io.StringIO,
    statements: StatementLog,
    view_calls: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    requests = SCENARIOS[scenario]
    server = small_bodies()
    fast, fast_viewed = await replay(seeded, server, requests, log_lines, statements, view_calls)
    with monkeypatch.context() as patch:
        without_the_lane(patch)
        slow, slow_viewed = await replay(
            seeded, server, requests, log_lines, statements, view_calls
        )
    for i, (fast_answer, slow_answer) in enumerate(zip(fast, slow, strict=True)):
        assert fast_answer == slow_answer, f"request {i} of {scenario}"
    # Without the lane every request reaches the view but those refused for their size;
    # with it, a hit for a request seen before does not, and nothing else is kept from it.
    assert slow_viewed == [answer["status"] != 413 for answer in slow]
    # The lane knows a body by its bytes and Content-Type (whatever the Accept), unless
    # its document came from the APQ store (a hash without its query: it may expire).
    known = [(repr(body), headers.get("content-type")) for body, headers in requests]
    lane = [
        answer["log"]["cache"] == "hit"
        and known[i] in known[:i]
        and not (isinstance(body, dict) and "query" not in body)
        for i, ((body, _), answer) in enumerate(zip(requests, fast, strict=True))
    ]
    expected = [seen and not in_lane for seen, in_lane in zip(slow_viewed, lane, strict=True)]
    assert fast_viewed == expected
    if scenario not in ("bad bodies", "errors are not stored"):
        assert any(lane), "the scenario has hits in the lane"


async def test_a_new_release_is_refused_or_answered_as_by_the_view(
    seeded: AsyncEngine, view_calls: list[str]
) -> None:
    expecting = {"query": CARD, "extensions": {"expectRelease": 1}}
    async with serving(seeded, with_caching()) as (client, caching):
        first = await client.post("/graphql", json=expecting)
        plain = await client.post("/graphql", json={"query": CARD})
        hit = await client.post("/graphql", json=expecting)
        assert (first.headers["x-cache"], hit.headers["x-cache"]) == ("MISS", "HIT")
        assert hit.content == first.content
        calls = len(view_calls)
        await load(seeded, [Source(SEED_PAGE)])
        await caching.releases.refresh()
        refused = await client.post("/graphql", json=expecting)
        assert refused.status_code == 409
        assert refused.json()["errors"][0]["extensions"]["code"] == "RELEASE_CHANGED"
        again = await client.post("/graphql", json={"query": CARD})
        assert again.headers["x-cache"] == "MISS"  # the new release's key: executed
        assert again.json()["extensions"]["release"]["number"] == 2
        assert plain.json()["extensions"]["release"]["number"] == 1
        assert len(view_calls) == calls + 2


async def test_limits_outside_the_lane_hold_for_its_hits(
    seeded: AsyncEngine, view_calls: list[str]
) -> None:
    server = replace(with_caching(), rate_limit=RateLimit(requests=3, period=60.0, burst=3))
    async with serving(seeded, server) as (client, _):
        statuses = [
            (await client.post("/graphql", json={"query": CARD})).status_code for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        assert len(view_calls) == 1  # the first; then two hits in the lane, then refused


def test_the_index_is_bounded_in_entries_and_bytes() -> None:
    index = HitIndex(max_entries=3, max_bytes=100)
    known = KnownBody("digest", None, None)
    for i in range(5):
        index.remember(b"application/json", b"%d" % i, known)
    assert len(index) == 3
    assert index.get(b"application/json", b"0") is None
    assert index.get(b"application/json", b"4") == known
    assert index.get(b"text/plain", b"4") is None
    index.remember(b"application/json", b"x" * 90, known)
    assert index.size <= 100
    assert index.get(b"application/json", b"x" * 90) == known
    index.remember(b"application/json", b"y" * 101, known)  # larger than the whole index
    assert index.get(b"application/json", b"y" * 101) is None


async def test_an_allow_listed_hash_is_answered_in_the_lane_as_by_the_view(
    seeded: AsyncEngine,
    tmp_path: Path,
    log_lines: io.StringIO,
    statements: StatementLog,
    view_calls: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Unlike the APQ store's, an allow-list's documents never change while it serves.
    allowlist = tmp_path / "allowlist.json"
    digest = hashed(CARD)["persistedQuery"]["sha256Hash"]
    allowlist.write_text(json.dumps({digest: CARD}))
    server = with_caching(allowlist=allowlist)
    requests = [post({"extensions": hashed(CARD)})] * 3
    fast, fast_viewed = await replay(seeded, server, requests, log_lines, statements, view_calls)
    with monkeypatch.context() as patch:
        without_the_lane(patch)
        slow, slow_viewed = await replay(
            seeded, server, requests, log_lines, statements, view_calls
        )
    assert fast == slow
    assert [answer["log"]["cache"] for answer in fast] == ["miss", "hit", "hit"]
    assert (fast_viewed, slow_viewed) == ([True, False, False], [True, True, True])
