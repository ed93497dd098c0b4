"""Hostile documents the limit tests (tests/test_limits.py) do not send: fragment cycles,
a huge ``first`` on the real schema, and ``first`` beyond an Int. Each is refused with a
coded error before any SQL runs, on each backend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.loaders.release import Source, load
from genegraph.app import create_app
from tests.conftest import SEED_PAGE, StatementLog


@pytest.fixture
async def client(engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    await load(engine, [Source(SEED_PAGE)])
    transport = httpx.ASGITransport(app=create_app(engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


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
    # Found by schemathesis (tests/test_fuzz.py): PostgreSQL refused the negative LIMIT
    # and its error, naming the SQL, reached the client; SQLite read it as "no limit".
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
