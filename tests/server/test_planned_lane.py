"""The planned lane (genegraph.server.planned_lane) answers as the view: the same requests
(POSTs and GETs, with a query or a persisted query's hash) sent with the lane and without
it (no document ever remembered, so every request goes through Strawberry's view) give
the same statuses, headers, bodies, request-log lines and SQL; and with it, a document a
plan answered before never reaches the view again unless the request is one the lane
leaves to it."""

from __future__ import annotations

import asyncio
import hashlib
import io
from dataclasses import replace
from typing import Any

import orjson
import pytest
from graphql import OperationDefinitionNode, parse
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.execution.limits import Limits
from genegraph.execution.planned import executor, run
from genegraph.execution.planned.documents import PlannedDocument, PlannedDocuments
from genegraph.execution.planned.plan import OperationPlan
from genegraph.observability.record import OperationObserver
from genegraph.schema.root import build_schema
from genegraph.settings import ServerSettings
from tests.conftest import SEED_PAGE, StatementLog
from tests.helpers.cache_fixtures import REDIS_URL, with_caching
from tests.helpers.lanes import PREVIOUS_ETAG, Get, Request, replay, without_planned_documents

CARD = '{ gene(symbol: "IL2") { symbol goTerms(category: MOLECULAR_FUNCTION) { id } } }'
NAMED = "query Id($s: String!) { gene(symbol: $s) { id symbol } }"
BATCH = "query Batch($ids: [ID!]) { genes(ids: $ids) { input matchedBy gene { symbol } } }"
BELOW = 'query Below($d: ID) { gene(symbol: "IL2") { goTerms(descendantOf: $d) { id } } }'
SYMBOLS = "query Symbols($s: [String!]) { genes(symbols: $s) { input gene { symbol } } }"
TWO = (
    'query A { gene(symbol: "IL2") { symbol } } '
    'query B { ...Card } fragment Card on Query { card: gene(id: "NCBIGene:3558") { id } }'
)
SEARCH = '{ searchGenes(query: "IL2") { totalCount } }'
JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"

# A request and whether the lane answers it.
Sent = tuple[Request, bool]


def post(body: dict[str, Any] | bytes, lane: bool, **headers: str) -> Sent:
    return (body, headers), lane


def get(params: dict[str, str], lane: bool, **headers: str) -> Sent:
    return (Get(params), headers), lane


def hashed(query: str, version: int = 1) -> dict[str, Any]:
    """A persisted query's extension naming ``query`` by its SHA-256."""
    digest = hashlib.sha256(query.encode()).hexdigest()
    return {"persistedQuery": {"version": version, "sha256Hash": digest}}


def json_of(value: object) -> str:
    return orjson.dumps(value).decode()


IL2 = json_of({"s": "IL2"})
IF_NONE_MATCH = {"if-none-match": PREVIOUS_ETAG}


SCENARIOS: dict[str, list[Sent]] = {
    "media types": [
        post({"query": CARD}, False),
        post({"query": CARD}, True, accept=JSON),
        post({"query": CARD}, True, accept=GRAPHQL_RESPONSE),
        post({"query": CARD}, True, accept="text/html, */*;q=0.1"),
        post({"query": CARD}, True, **{"content-type": JSON + "; charset=utf-8"}),
        post(orjson.dumps({"query": CARD}), False, **{"content-type": "text/plain"}),
    ],
    "variables and operation names": [
        post({"query": NAMED, "variables": {"s": "IL2"}, "operationName": "Id"}, False),
        post({"query": NAMED, "variables": {"s": "IL2"}, "operationName": "Id"}, True),
        post({"query": NAMED, "variables": {"s": "IL4"}, "operationName": "Id"}, True),
        post({"query": NAMED, "variables": {"s": "IL2"}}, False),  # another key
        post({"query": NAMED, "variables": {"s": "IL2"}}, True),
        post({"query": NAMED, "variables": {"s": 5}}, False),  # does not coerce
        post({"query": NAMED, "variables": {}}, False),
        post({"query": NAMED, "variables": {"s": "IL\x002"}}, False),  # NUL
        post({"query": NAMED, "variables": {"s": "IL2"}, "operationName": "Other"}, False),
    ],
    "GeneID batch": [
        post({"query": BATCH, "variables": {"ids": ["NCBIGene:3558"]}}, False),
        post({"query": BATCH, "variables": {"ids": ["NCBIGene:3558", "NCBIGene:1"]}}, True),
        post({"query": BATCH, "variables": {"ids": ["3558", "not an id"]}}, True),
        # Over the cost limit (uncached's) with these variables: refused by the view.
        post({"query": BATCH, "variables": {"ids": [f"NCBIGene:{i}" for i in range(100)]}}, False),
    ],
    "read level by level, several operations, fragments": [
        post({"query": SYMBOLS, "variables": {"s": ["IL2"]}}, False),
        post({"query": SYMBOLS, "variables": {"s": ["IL2", "NOSUCHGENE"]}}, True),
        post({"query": TWO, "operationName": "A"}, False),
        post({"query": TWO, "operationName": "B"}, False),
        post({"query": TWO, "operationName": "B"}, True),
        post({"query": TWO, "operationName": "A"}, True),
        post({"query": TWO}, False),  # no operation named: a request error
    ],
    "expectRelease": [
        post({"query": CARD, "extensions": {"expectRelease": 1}}, False),
        post({"query": CARD, "extensions": {"expectRelease": 1}}, True),
        post({"query": CARD, "extensions": {"expectRelease": 2}}, True),  # 409
        post({"query": CARD, "extensions": {"expectRelease": 0}}, False),  # malformed
        post({"query": CARD, "extensions": {"other": True}}, True),
    ],
    "a plan that fails goes to the general executor": [
        post({"query": BELOW, "variables": {"d": None}}, False),
        post({"query": BELOW, "variables": {"d": None}}, True),
        post({"query": BELOW, "variables": {"d": "GO:0005488"}}, False),
        post({"query": BELOW, "variables": {"d": "GO:0005488"}}, False),
    ],
    "GET": [
        get({"query": CARD}, False),
        get({"query": CARD}, True),
        get({"query": CARD}, True, accept=GRAPHQL_RESPONSE),
        get({"query": CARD}, True, **IF_NONE_MATCH),  # 304, the cache on or off
        get({"query": CARD}, True, **{"if-none-match": '"1-0000"'}),
        get({"query": CARD, "extensions": json_of({"expectRelease": 1})}, True),
        get({"query": CARD, "extensions": json_of({"expectRelease": 2})}, True),  # 409
        get({"query": CARD, "extensions": json_of({"expectRelease": 0})}, False),  # malformed
        get({"query": CARD, "extensions": "[1]"}, False),
        get({"query": CARD, "extensions": "{not JSON"}, False),
        get({"query": CARD}, False, accept="text/event-stream"),
        get({}, False, accept="text/html"),  # GraphiQL's page
        get({"query": 'mutation M { gene(symbol: "IL2") { id } }'}, False),  # refused
        post({"query": CARD}, True),  # remembered from a GET, answered to a POST
    ],
    "GET with variables and operation names": [
        get({"query": NAMED, "variables": IL2, "operationName": "Id"}, False),
        get({"query": NAMED, "variables": IL2, "operationName": "Id"}, True),
        get({"query": NAMED, "variables": json_of({"s": "IL4"}), "operationName": "Id"}, True),
        get({"query": NAMED, "variables": IL2, "operationName": "Id"}, True, **IF_NONE_MATCH),
        get({"query": NAMED, "variables": "{not JSON", "operationName": "Id"}, False),
        get({"query": NAMED, "variables": "null", "operationName": "Id"}, False),
        get({"query": NAMED, "variables": "", "operationName": "Id"}, False),
        get({"query": NAMED, "variables": json_of({"s": 5}), "operationName": "Id"}, False),
        get({"query": NAMED, "variables": IL2, "operationName": "Other"}, False),
        get({"query": NAMED, "variables": IL2}, False),  # another key
        get({"query": NAMED, "variables": IL2}, True),
        get({"query": TWO, "operationName": "B"}, False),
        get({"query": TWO, "operationName": "B"}, True),
        get({"query": TWO}, False),  # no operation named: a request error
    ],
    "persisted queries": [
        post({"extensions": hashed(CARD)}, False),  # PersistedQueryNotFound
        post({"query": CARD}, False),  # remembered, not registered
        post({"extensions": hashed(CARD)}, False),  # the lane knows it, the store does not
        post({"query": CARD, "extensions": hashed(CARD)}, True),  # registered by the lane
        post({"extensions": hashed(CARD)}, True),
        post({"extensions": hashed(CARD)}, True, accept=GRAPHQL_RESPONSE),
        post({"query": CARD, "extensions": hashed(NAMED)}, False),  # not the query's hash
        post({"extensions": hashed(CARD, version=2)}, False),
        post({"extensions": {"persistedQuery": "a hash"}}, False),
        post({"extensions": {**hashed(CARD), "expectRelease": 2}}, True),  # 409
        post({"extensions": {**hashed(CARD), "expectRelease": 0}}, False),  # malformed
        post({"extensions": hashed(NAMED), "variables": {"s": "IL2"}}, False),  # not found
        post({"query": NAMED, "extensions": hashed(NAMED), "variables": {"s": "IL2"}}, False),
        post({"extensions": hashed(NAMED), "variables": {"s": "IL4"}}, True),
        post({"extensions": hashed(NAMED), "variables": {"s": 5}}, False),  # does not coerce
        post({"extensions": hashed(NAMED), "operationName": "Other"}, False),
    ],
    "persisted queries over GET": [
        get({"extensions": json_of(hashed(CARD))}, False),  # PersistedQueryNotFound
        get({"query": CARD, "extensions": json_of(hashed(CARD))}, False),
        get({"extensions": json_of(hashed(CARD))}, True),
        get({"extensions": json_of(hashed(CARD))}, True, **IF_NONE_MATCH),  # 304
        get({"query": CARD, "extensions": json_of(hashed(CARD))}, True),
        get({"extensions": json_of(hashed(CARD))}, True, accept=GRAPHQL_RESPONSE),
        get({"query": CARD, "extensions": json_of(hashed(NAMED))}, False),  # 400
        get({"extensions": json_of({"persistedQuery": "a hash"})}, False),
        get({"extensions": json_of({**hashed(CARD), "expectRelease": 2})}, True),  # 409
        post({"extensions": hashed(CARD)}, True),  # registered by a GET
        get({"extensions": json_of(hashed(NAMED)), "variables": IL2}, False),  # not found
        post({"query": NAMED, "extensions": hashed(NAMED), "variables": {"s": "IL2"}}, False),
        get({"extensions": json_of(hashed(NAMED)), "variables": IL2}, True),
    ],
    "documents no plan answers": [
        post({"query": SEARCH}, False),
        post({"query": SEARCH}, False),
        post({"query": "{ gene(symbol: "}, False),
        post({"query": "{ gene(symbol: "}, False),
        post(b'{"query": "{ __typename }"', False, **{"content-type": JSON}),
        post(b"[1, 2]", False, **{"content-type": JSON}),
    ],
}


@pytest.fixture
async def seeded(engine: AsyncEngine) -> AsyncEngine:
    await load(engine, [Source(SEED_PAGE)])
    return engine


def uncached(timeout_seconds: float = 120.0, response_cache: bool = False) -> ServerSettings:
    # Limits of these tests' own: their schema (and its documents) is theirs.
    own = Limits(timeout_seconds=timeout_seconds, max_cost=200, max_aliases=99)
    return replace(with_caching(response_cache=response_cache), limits=own)


def forget_documents(server: ServerSettings) -> None:
    """The server's schema (as the view builds it) remembers no document."""
    schema = build_schema(
        server.limits, introspection=server.introspection, observers=(OperationObserver,)
    )
    assert schema.planned_documents is not None
    schema.planned_documents.clear()


@pytest.mark.parametrize("cached", [False, True], ids=["cache off", "cache on"])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_the_planned_lane_answers_as_the_view(
    seeded: AsyncEngine,
    scenario: str,
    cached: bool,
    log_lines: io.StringIO,
    statements: StatementLog,
    view_calls: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    requests = [request for request, _ in SCENARIOS[scenario]]
    server = uncached(response_cache=cached)
    with monkeypatch.context() as patch:
        without_planned_documents(patch)
        slow, slow_viewed = await replay(
            seeded, server, requests, log_lines, statements, view_calls
        )
    forget_documents(server)
    fast, fast_viewed = await replay(seeded, server, requests, log_lines, statements, view_calls)
    for i, (fast_answer, slow_answer) in enumerate(zip(fast, slow, strict=True)):
        assert fast_answer == slow_answer, f"request {i} of {scenario}"
    if cached:  # hits are the fast lane's (tests/caching/test_fast_lane.py)
        return
    assert all(slow_viewed)
    assert fast_viewed == [not lane for _, lane in SCENARIOS[scenario]]


@pytest.mark.parametrize("scenario", ["persisted queries", "persisted queries over GET"])
async def test_persisted_queries_in_redis_are_answered_as_the_view(
    seeded: AsyncEngine,
    scenario: str,
    redis_prefix: str,
    log_lines: io.StringIO,
    statements: StatementLog,
    view_calls: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def in_redis(run: str) -> ServerSettings:
        # Each run its own keys: each starts, as the in-process store does, empty.
        server = uncached()
        caching = replace(server.caching, redis_url=REDIS_URL, redis_prefix=f"{redis_prefix}{run}:")
        return replace(server, caching=caching)

    requests = [request for request, _ in SCENARIOS[scenario]]
    with monkeypatch.context() as patch:
        without_planned_documents(patch)
        slow, _ = await replay(
            seeded, in_redis("view"), requests, log_lines, statements, view_calls
        )
    forget_documents(in_redis("lane"))
    fast, fast_viewed = await replay(
        seeded, in_redis("lane"), requests, log_lines, statements, view_calls
    )
    for i, (fast_answer, slow_answer) in enumerate(zip(fast, slow, strict=True)):
        assert fast_answer == slow_answer, f"request {i} of {scenario}"
    assert fast_viewed == [not lane for _, lane in SCENARIOS[scenario]]


async def test_a_plan_over_the_time_limit_is_stopped_as_in_the_view(
    seeded: AsyncEngine,
    log_lines: io.StringIO,
    statements: StatementLog,
    view_calls: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = uncached(timeout_seconds=2.0)
    forget_documents(server)
    slow = {"plans": False}
    from_run = run.execute_plan

    async def maybe_slowly(*args: Any) -> Any:
        if slow["plans"]:
            await asyncio.sleep(5.0)
        return await from_run(*args)

    monkeypatch.setattr(executor, "execute_plan", maybe_slowly)  # what run_of runs
    requests: list[Request] = [({"query": CARD}, {})]
    await replay(seeded, server, requests, log_lines, statements, view_calls)  # remembered
    slow["plans"] = True
    fast, fast_viewed = await replay(seeded, server, requests, log_lines, statements, view_calls)
    with monkeypatch.context() as patch:
        without_planned_documents(patch)
        slowly, _ = await replay(seeded, server, requests, log_lines, statements, view_calls)
    assert fast == slowly
    assert fast_viewed == [False]
    assert orjson.loads(fast[0]["body"])["errors"][0]["extensions"]["code"] == "TIMEOUT"


async def test_with_the_cache_on_a_miss_is_the_lanes_and_is_stored(
    seeded: AsyncEngine,
    log_lines: io.StringIO,
    statements: StatementLog,
    view_calls: list[str],
) -> None:
    server = uncached(response_cache=True)
    forget_documents(server)
    il2, il4 = ({"query": NAMED, "variables": {"s": s}} for s in ("IL2", "IL4"))
    requests: list[Request] = [(il2, {}), (il4, {}), (il4, {}), (il2, {})]
    answers, viewed = await replay(seeded, server, requests, log_lines, statements, view_calls)
    # IL2 through the view (its document then known), IL4 a miss in the planned lane,
    # then both hits in the fast lane: stored and keyed as the view stores and keys.
    assert viewed == [True, False, False, False]
    caches = [dict(answer["headers"]).get("x-cache") for answer in answers]
    assert caches == ["MISS", "MISS", "HIT", "HIT"]
    assert [answer["sql"] > 0 for answer in answers] == [True, True, False, False]
    assert answers[2]["body"] == answers[1]["body"]


async def test_with_the_cache_on_a_get_and_a_hash_sent_alone_are_the_lanes(
    seeded: AsyncEngine,
    log_lines: io.StringIO,
    statements: StatementLog,
    view_calls: list[str],
) -> None:
    server = uncached(response_cache=True)
    forget_documents(server)
    il2 = Get({"query": NAMED, "variables": IL2})
    il4 = Get({"query": NAMED, "variables": json_of({"s": "IL4"})})
    requests: list[Request] = [(il2, {}), (il4, {}), (il4, {}), (il4, IF_NONE_MATCH)]
    answers, viewed = await replay(seeded, server, requests, log_lines, statements, view_calls)
    # IL2 through the view; IL4 a miss, a hit, a 304 in the lane (no index of GETs).
    assert viewed == [True, False, False, False]
    assert [answer["status"] for answer in answers] == [200, 200, 200, 304]
    caches = [dict(answer["headers"]).get("x-cache") for answer in answers]
    assert caches == ["MISS", "MISS", "HIT", None]
    assert [answer["sql"] > 0 for answer in answers] == [True, True, False, False]
    assert [answer["log"]["cache"] for answer in answers] == ["miss", "miss", "hit", "not_modified"]
    hash_only = {"extensions": hashed(NAMED), "variables": {"s": "IL4"}}
    requests = [({"query": NAMED, **hash_only}, {}), (hash_only, {}), (hash_only, {})]
    answers, viewed = await replay(seeded, server, requests, log_lines, statements, view_calls)
    # The query with its hash: a miss in the lane (its document known), then the hash
    # alone, which the fast lane's index never holds (the APQ store may forget it): the
    # stored answer of the same key, then the index's as well.
    assert viewed == [False, False, False]
    caches = [dict(answer["headers"]).get("x-cache") for answer in answers]
    assert caches == ["MISS", "HIT", "HIT"]


def test_the_documents_are_bounded_in_entries_and_characters() -> None:
    documents = PlannedDocuments(max_entries=3, max_characters=100)
    [operation] = parse("{ __typename }").definitions
    assert isinstance(operation, OperationDefinitionNode)
    known = PlannedDocument(operation, OperationPlan(()), None, None)
    for i in range(5):
        documents.remember(str(i), None, known)
    assert len(documents) == 3
    assert documents.get("0", None) is None
    assert documents.get("4", None) is known
    assert documents.get("4", "Named") is None
    documents.remember("x" * 90, None, known)
    assert documents.size <= 100
    assert documents.get("x" * 90, None) is known
    documents.remember("y" * 101, None, known)  # longer than all it may hold
    assert documents.get("y" * 101, None) is None


def test_a_document_is_found_by_its_hash() -> None:
    documents = PlannedDocuments()
    [operation] = parse(CARD).definitions
    assert isinstance(operation, OperationDefinitionNode)
    documents.remember(CARD, None, PlannedDocument(operation, OperationPlan(()), None, None))
    digest = hashed(CARD)["persistedQuery"]["sha256Hash"]
    assert documents.text_of(digest) == CARD
    assert documents.text_of(hashed(NAMED)["persistedQuery"]["sha256Hash"]) is None
    documents.clear()
    assert documents.text_of(digest) is None
