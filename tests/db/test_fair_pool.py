"""The server's connection pool (genegraph.db.fair_pool) serves waiters in arrival order,
times out as SQLAlchemy's does, and loses no connection to a waiter that gave up."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util.concurrency import greenlet_spawn
from sqlalchemy.util.queue import AsyncAdaptedQueue

from genegraph.db.engine import create_engine
from genegraph.db.fair_pool import FairPool, FairQueue
from genegraph.server.app import SERVER_POOL
from tests.conftest import Database


async def _select_one(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text("SELECT 1"))).scalar_one())


async def _waiting(queue: FairQueue[str] | AsyncAdaptedQueue[str], count: int) -> None:
    """Let the event loop run until ``count`` tasks wait on ``queue``."""
    for _ in range(100):
        waiting = queue._waiters if isinstance(queue, FairQueue) else queue._queue._getters  # type: ignore[attr-defined]
        if len(waiting) == count:
            return
        await asyncio.sleep(0)
    raise AssertionError(f"{len(waiting)} waiters, expected {count}")


async def _served_order(queue: FairQueue[str] | AsyncAdaptedQueue[str]) -> list[str]:
    """Three waiters queue for the one connection; its holder gives it back and, in the
    same step of the event loop (as a request whose turn comes before the first
    waiter's), a newcomer asks for one. The order in which they got it."""
    served: list[str] = []

    def take(name: str) -> None:
        connection = queue.get(timeout=5)
        served.append(name)
        queue.put_nowait(connection)

    queue.put_nowait("connection")
    held = queue.get_nowait()
    waiters = [asyncio.create_task(greenlet_spawn(take, name)) for name in ("a", "b", "c")]
    await _waiting(queue, 3)

    def give_back_then_newcomer() -> None:
        queue.put_nowait(held)
        take("newcomer")

    newcomer = asyncio.create_task(greenlet_spawn(give_back_then_newcomer))
    await asyncio.gather(*waiters, newcomer)
    return served


async def test_waiters_get_connections_in_arrival_order() -> None:
    assert await _served_order(FairQueue(1)) == ["a", "b", "c", "newcomer"]
    # What the fair queue is for: SQLAlchemy's lets the newcomer overtake, and sends
    # the first waiter to the back of the line.
    assert await _served_order(AsyncAdaptedQueue(1)) != ["a", "b", "c", "newcomer"]


async def test_a_connection_handed_to_a_cancelled_waiter_goes_to_the_next() -> None:
    queue: FairQueue[str] = FairQueue(1)
    queue.put_nowait("connection")
    held = queue.get_nowait()
    gives_up = asyncio.create_task(greenlet_spawn(queue.get, True, 5))
    next_one = asyncio.create_task(greenlet_spawn(queue.get, True, 5))
    await _waiting(queue, 2)
    queue.put_nowait(held)  # handed to the first waiter, which is cancelled before it runs
    gives_up.cancel()
    with pytest.raises(asyncio.CancelledError):
        await gives_up
    assert await next_one == "connection"
    assert not queue._waiters


async def test_the_pool_lends_and_takes_back_every_connection(database: Database) -> None:
    engine = create_engine(database.url, **SERVER_POOL)
    try:
        many = 3 * int(SERVER_POOL["pool_size"])  # type: ignore[call-overload]
        assert await asyncio.gather(*(_select_one(engine) for _ in range(many))) == [1] * many
        assert engine.pool.checkedin() == SERVER_POOL["pool_size"]  # type: ignore[attr-defined]
    finally:
        await engine.dispose()


async def test_a_wait_past_the_timeout_fails_as_sqlalchemy_reports_it(
    database: Database,
) -> None:
    engine = create_engine(
        database.url, poolclass=FairPool, pool_size=1, max_overflow=0, pool_timeout=0.05
    )
    try:
        async with engine.connect():
            with pytest.raises(exc.TimeoutError):
                await _select_one(engine)
        assert await _select_one(engine) == 1  # the pool still lends its connection
        assert engine.pool.checkedin() == 1  # type: ignore[attr-defined]
    finally:
        await engine.dispose()
