"""A server process freezes its heap once started (genegraph.heap); apps made by the
tests, many to a process, do not."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.server.app import create_app
from tests.conftest import SEED_PAGE, client_of
from tests.helpers.releases import newest_stamp, stamped


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
    async with client_of(create_app(engine, settle_heap=settle_heap)) as client:
        frozen = gc.get_freeze_count()
        response = await client.post(
            "/graphql", json={"query": '{ gene(symbol: "IL2") { symbol } }'}
        )
        stamp = await newest_stamp(client)
    assert (frozen > 0) is settle_heap
    assert response.json() == stamped({"gene": {"symbol": "IL2"}}, stamp)
