"""Hostile documents the limit tests (tests/execution/test_limits.py) do not send: fragment cycles
and chains, a huge ``first`` on the real schema, and ``first`` beyond an Int; and hostile
bodies: JSON that is not an object, batched arrays, JSON nested beyond any reason. Each
is refused with a coded error before any SQL runs, on each backend."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import StatementLog

JSON = "application/json"


def fragment_chain(length: int) -> str:
    """A document whose fragments each spread the next, ``length`` of them."""
    chain = " ".join(f"fragment F{i} on Gene {{ ...F{i + 1} }}" for i in range(length - 1))
    return f'{{ gene(symbol: "IL2") {{ ...F0 }} }} {chain} fragment F{length - 1} on Gene {{ id }}'


# name: (document, words of the error)
HOSTILE = {
    "fragment spreads itself": (
        '{ gene(symbol: "IL2") { ...G } } fragment G on Gene { id ...G }',
        "Cannot spread fragment 'G' within itself",
    ),
    "fragments spread each other": (
        '{ gene(symbol: "IL2") { ...A } } '
        "fragment A on Gene { id ...B } fragment B on Gene { symbol ...A }",
        "Cannot spread fragment 'A' within itself via 'B'",
    ),
    "huge first": (
        '{ search(query: "IL", first: 1000000) { totalCount nodes { gene { id } } } }',
        "estimated cost is 4,000,001; the maximum is 100,000",
    ),
    "first beyond an Int": (
        '{ search(query: "IL", first: 99999999999) { totalCount } }',
        "Int cannot represent non 32-bit signed integer value",
    ),
    "negative first": (
        '{ search(query: "IL", first: -1) { totalCount } }',
        "`first` must be between 0 and 500",
    ),
    # Found by schemathesis (tests/server/test_fuzz.py): PostgreSQL refused the negative LIMIT
    # and its error, naming the SQL, reached the client; SQLite read it as "no limit".
    # Under every other limit (15 KB, 4,985 tokens), but graphql-core compares repeated
    # fields pairwise: 390 ms of CPU to answer before MAX_REPEATS (docs/reliability.md).
    "a field repeated 4,980 times": (
        '{ gene(symbol: "IL2") { ' + "id " * 4_980 + "} }",
        "selects `id` 4,980 times in one selection set; the maximum is 20",
    ),
    "negative last": (
        "{ releases(last: -294) { number } }",
        "releases: `last` must be 0 or more; got -294",
    ),
}


@pytest.mark.parametrize(("document", "words"), HOSTILE.values(), ids=HOSTILE.keys())
async def test_hostile_documents_are_refused_before_any_sql(
    client: httpx.AsyncClient, statements: StatementLog, document: str, words: str
) -> None:
    statements.clear()
    response = await client.post("/graphql", json={"query": document})
    assert response.status_code < 500, response.text
    body: dict[str, Any] = response.json()
    assert [words in error["message"] for error in body.get("errors", [])] == [True], body
    assert not (body.get("data") or {}).get("search"), body
    assert statements.statements == []


async def test_a_long_fragment_chain_is_refused_before_any_sql(
    client: httpx.AsyncClient, statements: StatementLog
) -> None:
    """580 fragments each spreading the next (4,640 tokens, under the token limit)
    overflowed Python's stack in the shape walk (genegraph/execution/limits/query_shape.py):
    an uncoded error, and a traceback in the log."""
    statements.clear()
    response = await client.post("/graphql", json={"query": fragment_chain(580)})
    first, *others = response.json()["errors"]
    assert first["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "nesting", "maximum": 100}
    assert "more than 100 levels deep" in first["message"]
    # Validation stops at the limit, before graphql-core's own rules recurse as deep.
    assert others == []
    assert statements.statements == []


async def test_a_fragment_chain_within_the_nesting_limit_is_answered(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/graphql", json={"query": fragment_chain(90)})
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["gene"]["id"] == "GeneSymbol:9606/IL2"  # the seed page's gene


# name: (body, content type, words of the error). Each was answered in plain text, the
# first four and the nested JSON with HTTP 500: Strawberry took any JSON value for an
# object, a number reached the metrics as an operation name, and Python's JSON decoder
# hit its recursion limit.
BODIES = {
    "a JSON string": (b'"{ __typename }"', JSON, "must be a JSON object"),
    "a JSON number": (b"5", JSON, "not a JSON number"),
    "JSON null": (b"null", JSON, "not a JSON null"),
    "a number as operationName": (
        b'{"query": "{ __typename }", "operationName": 5}',
        JSON,
        "`operationName` must be a string or null",
    ),
    "JSON nested 100,000 deep": (
        b'{"query": "{ __typename }", "variables": {"v": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}}",
        JSON,
        "Unable to parse request body as JSON",
    ),
    "an array of 2 operations": (
        b'[{"query": "{ __typename }"}, {"query": "{ __typename }"}]',
        JSON,
        "Batching is not enabled",
    ),
    "an array of 10,000 operations": (
        b"[" + b",".join([b'{"query": "{ gene(symbol: \\"IL2\\") { id } }"}'] * 10_000) + b"]",
        JSON,
        "Batching is not enabled",
    ),
    "not JSON": (b"{ __typename }", JSON, "Unable to parse request body as JSON"),
    "a form": (
        b"query=%7B__typename%7D",
        "application/x-www-form-urlencoded",
        "Unsupported content type",
    ),
}


@pytest.mark.parametrize(("body", "media_type", "words"), BODIES.values(), ids=BODIES.keys())
async def test_hostile_bodies_are_refused_before_any_sql(
    client: httpx.AsyncClient, statements: StatementLog, body: bytes, media_type: str, words: str
) -> None:
    statements.clear()
    response = await client.post("/graphql", content=body, headers={"content-type": media_type})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == JSON
    [error] = response.json()["errors"]
    assert words in error["message"], error
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert statements.statements == []
