"""A server process reads the enrichment's ontology graph before it takes requests, so
its first enrichment does not wait for it; a database down at start-up does not stop it
from starting (it answers 503 until the database is back)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from genegraph.db.engine import create_engine
from genegraph.db.ingest.release import Source, load
from genegraph.db.propagation import TermGraph
from genegraph.resolvers import enrichment_counts
from genegraph.server.app import create_app
from tests.conftest import SEED_PAGE, client_of

ENRICHMENT = '{ enrichment(genes: ["NCBIGene:3558"], taxon: 9606) { studySize terms { pValue } } }'


@pytest.mark.parametrize("warm_caches", [True, False])
async def test_the_graph_is_read_once_at_start_up_when_warmed(
    engine: AsyncEngine, warm_caches: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    await load(engine, [Source(SEED_PAGE)])
    reads: list[str | None] = []
    read = TermGraph.read

    async def counted(conn: AsyncConnection, closure_table: str | None = None) -> TermGraph:
        reads.append(closure_table)
        return await read(conn, closure_table)

    monkeypatch.setattr(TermGraph, "read", counted)
    enrichment_counts.clear_cache()
    async with client_of(create_app(engine, warm_caches=warm_caches)) as client:
        at_start = len(reads)
        response = await client.post("/graphql", json={"query": ENRICHMENT})
    body: dict[str, Any] = response.json()
    assert "errors" not in body
    assert body["data"]["enrichment"] is not None
    assert (at_start, len(reads)) == ((1, 1) if warm_caches else (0, 1))


async def test_a_server_starts_while_its_database_is_down() -> None:
    # Nothing listens on port 1: every connection is refused.
    down = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/none")
    async with client_of(create_app(down, warm_caches=True)) as client:
        health = await client.get("/healthz")
    assert health.status_code == 503
