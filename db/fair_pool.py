"""A connection pool that serves the requests waiting for a connection first come, first
served (``FairPool``), the pool a server process uses (genegraph.server.app).

SQLAlchemy's asyncio pool is not fair. A connection given back is put in an
``asyncio.Queue``, which wakes its longest waiter but leaves the connection in the queue
until that waiter runs; meanwhile any request that asks first takes it (the pool tries
``get_nowait`` before it waits), and the waiter, finding the queue empty, waits again at
the back of the line. Under load most requests found a connection at once and a few waited
for many turns: at 32 clients on a 10-connection pool the wait for a connection was 0.2 ms
at the median and 415-533 ms at the 99th percentile, most of the gene card's p99
(BENCHMARKS.md, issue #17, fifth session). Here a connection given back goes straight to
the longest waiter, and nobody takes one while others wait.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import TypeVar

from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry
from sqlalchemy.util.concurrency import await_
from sqlalchemy.util.queue import AsyncAdaptedQueue, Empty, Full, QueueCommon

from genegraph.deadlines import Deadlines

T = TypeVar("T")


class FairQueue(AsyncAdaptedQueue[T]):
    """The pool's queue of idle connections, handing each one given back to the longest
    waiter. The pool only puts without blocking (it never holds more than its size)."""

    def __init__(self, maxsize: int = 0, use_lifo: bool = False) -> None:
        super().__init__(maxsize, use_lifo)
        self._items: deque[T] = deque()
        self._waiters: deque[asyncio.Future[T]] = deque()
        # The waits' time limit on one timer (genegraph.deadlines): at 32 clients on 10
        # connections most statements wait, and an asyncio.timeout cost ~33 K instructions.
        self._deadlines = Deadlines()

    def empty(self) -> bool:
        return not self._items

    def full(self) -> bool:
        return 0 < self.maxsize <= len(self._items)

    def qsize(self) -> int:
        return len(self._items)

    def put_nowait(self, item: T) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():  # a waiter that timed out or was cancelled is skipped
                waiter.set_result(item)
                return
        if self.full():
            raise Full()
        self._items.append(item)

    def put(self, item: T, block: bool = True, timeout: float | None = None) -> None:
        self.put_nowait(item)

    def get_nowait(self) -> T:
        if not self._items:
            raise Empty()
        return self._items.pop() if self.use_lifo else self._items.popleft()

    def get(self, block: bool = True, timeout: float | None = None) -> T:
        # Idle connections and waiters never coexist: put_nowait hands a connection to a
        # waiter rather than keeping it.
        if self._items or not block:
            return self.get_nowait()
        return await_(self._wait(timeout))

    async def _wait(self, seconds: float | None) -> T:
        waiter: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            async with self._deadlines.after(seconds):
                return await waiter
        except BaseException as error:
            if waiter.done() and not waiter.cancelled():
                # Handed a connection just as it gave up (cancelled, timed out): the next
                # waiter gets it, or the pool keeps it.
                self.put_nowait(waiter.result())
            else:
                waiter.cancel()
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)
            if isinstance(error, TimeoutError):
                raise Empty() from error  # the pool reports its own timeout
            raise


class FairPool(AsyncAdaptedQueuePool):
    """SQLAlchemy's asyncio queue pool with a first-come, first-served queue (module)."""

    _queue_class: type[QueueCommon[ConnectionPoolEntry]] = FairQueue
