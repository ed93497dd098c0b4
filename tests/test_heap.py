"""A server process freezes its heap once started (genegraph.heap); apps made by the
tests, many to a process, do not."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.server.app import create_app
from tests.conftest import SEED_PAGE


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
@pytest.mark.parametrize("settle_heap", [True, False])
async def test_the_heap_is_frozen_once_the_server_has_started(
    engine: AsyncEngine, settle_heap: bool
) -> None:
    await load(engine, [Source(SEED_PAGE)])
    app = create_app(engine, settle_heap=settle_heap)
    async with app.router.lifespan_context(app):
        frozen = gc.get_freeze_count()
        response = await httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://genegraph.test"
        ).post("/graphql", json={"query": '{ gene(symbol: "IL2") { symbol } }'})
    assert (frozen > 0) is settle_heap
    assert response.json() == {"data": {"gene": {"symbol": "IL2"}}}
