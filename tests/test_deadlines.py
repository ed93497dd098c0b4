"""genegraph.deadlines: blocks under deadlines on one timer per loop behave as
``asyncio.timeout`` blocks (the body's and the GraphQL time limits use them)."""

from __future__ import annotations

import asyncio

import pytest

from genegraph.deadlines import Deadlines


async def test_a_block_past_its_deadline_raises_timeout_error() -> None:
    deadlines = Deadlines()
    block = deadlines.after(0.02)
    with pytest.raises(TimeoutError):
        async with block:
            await asyncio.sleep(5)
    assert block.expired()


async def test_a_block_that_ends_in_time_is_left_alone() -> None:
    deadlines = Deadlines()
    for _ in range(3):
        block = deadlines.after(0.05)
        async with block:
            await asyncio.sleep(0)
        assert not block.expired()
    await asyncio.sleep(0.1)  # the timer armed for the first fires on nothing
    async with deadlines.after(None) as unlimited:
        await asyncio.sleep(0.01)
    assert not unlimited.expired()


async def test_each_block_is_held_to_its_own_deadline() -> None:
    deadlines = Deadlines()
    loop = asyncio.get_running_loop()
    ended: dict[str, float] = {}

    async def run(name: str, seconds: float, work: float) -> str:
        started = loop.time()
        try:
            async with deadlines.after(seconds):
                await asyncio.sleep(work)
        except TimeoutError:
            ended[name] = loop.time() - started
            return "timed out"
        return "done"

    # The later block enters first; the earlier one arms the timer again for itself.
    results = await asyncio.gather(
        run("late", 0.30, 0.10), run("early", 0.03, 1.0), run("middle", 0.15, 1.0)
    )
    assert list(results) == ["done", "timed out", "timed out"]
    assert 0.03 <= ended["early"] < 0.15
    assert 0.15 <= ended["middle"] < 0.30


async def test_a_deadline_already_past_expires_at_the_next_turn() -> None:
    deadlines = Deadlines()
    block = deadlines.at(asyncio.get_running_loop().time() - 1)
    with pytest.raises(TimeoutError):
        async with block:
            await asyncio.sleep(0)
            pytest.fail("ran past the deadline")
    assert block.expired()


async def test_a_cancellation_from_outside_stays_a_cancellation() -> None:
    deadlines = Deadlines()
    entered = asyncio.Event()
    block = deadlines.after(10)

    async def blocked() -> None:
        async with block:
            entered.set()
            await asyncio.sleep(10)

    task = asyncio.create_task(blocked())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not block.expired()
