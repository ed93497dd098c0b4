"""A server process freezes its heap once started and collects cycles rarely from then on
(genegraph.heap); apps made by the tests, many to a process, do neither. A load collects
cycles rarely while it runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph import heap
from genegraph.db.ingest.release import Source, load
from genegraph.db.ingest.store.gene_page import store_gene_page
from genegraph.server.app import create_app
from tests.conftest import SEED_PAGE, client_of
from tests.helpers.releases import newest_stamp, stamped


@pytest.fixture
def unfrozen() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("unfrozen")
@pytest.mark.parametrize("settle_heap", [True, False])
async def test_the_heap_is_frozen_once_the_server_has_started(
    engine: AsyncEngine, settle_heap: bool
) -> None:
    await load(engine, [Source(SEED_PAGE)])
    before = gc.get_threshold()
    async with client_of(create_app(engine, settle_heap=settle_heap)) as client:
        frozen = gc.get_freeze_count()
        thresholds = gc.get_threshold()
        response = await client.post(
            "/graphql", json={"query": '{ gene(symbol: "IL2") { symbol } }'}
        )
        stamp = await newest_stamp(client)
    assert (frozen > 0) is settle_heap
    assert thresholds == (heap.SERVER_THRESHOLDS if settle_heap else before)
    assert response.json() == stamped({"gene": {"symbol": "IL2"}}, stamp)


@pytest.mark.usefixtures("unfrozen")
def test_a_load_collects_rarely_and_restores_the_collector() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), heap.fewer_collections():
        assert gc.get_threshold() == heap.LOAD_THRESHOLDS
        assert gc.get_freeze_count() > 0
        raise RuntimeError("a load that fails")
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)


@pytest.mark.usefixtures("unfrozen")
def test_a_frozen_heap_stays_frozen_after_a_load() -> None:
    heap.settle()
    with heap.fewer_collections():
        pass
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("unfrozen")
async def test_a_load_runs_with_rare_collections(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int, int]] = []

    async def observed(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold())
        return await store_gene_page(*args, **kwargs)

    monkeypatch.setattr("genegraph.db.ingest.release.store_gene_page", observed)
    before = gc.get_threshold()
    await load(engine, [Source(SEED_PAGE)])
    assert (seen, gc.get_threshold()) == ([heap.LOAD_THRESHOLDS], before)
