"""Deadlines for many blocks on one timer per event loop: ``async with
deadlines.at(when)`` behaves as ``asyncio.timeout_at(when)`` (past ``when`` the task is
cancelled, and the block raises ``TimeoutError``; ``expired()`` says so), and
``deadlines.after(seconds)`` as ``asyncio.timeout(seconds)``.

Why: each ``asyncio.timeout`` block schedules and cancels a ``TimerHandle`` (a Python
object kept in the loop's heap, ordered by Python comparisons) and runs its Python
context manager: about 33 K instructions, and every request to /graphql entered two,
the body's time limit and the GraphQL time limit, almost never reached (BENCHMARKS.md,
issue #17, thirteenth session). Here a block enters a dictionary, and one ``TimerHandle``
per loop and ``Deadlines`` is armed for the earliest deadline; when it fires, it
cancels the blocks whose deadline has come, as asyncio's timer would have, and is armed
again for the next. Blocks that end first leave only their entry's removal.
"""

from __future__ import annotations

import asyncio
import weakref
from types import TracebackType


class Deadlines:
    """The deadlines of one kind of limit (each has its own timer per event loop)."""

    def __init__(self) -> None:
        self._wheels: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Wheel] = (
            weakref.WeakKeyDictionary()
        )
        # The last loop's wheel, one assignment (an app may serve loops in other threads).
        self._last: tuple[asyncio.AbstractEventLoop | None, _Wheel | None] = (None, None)

    def at(self, when: float | None) -> Deadline:
        """A block that must end by loop time ``when`` (None: no limit)."""
        return Deadline(self, when)

    def after(self, seconds: float | None) -> Deadline:
        """A block that must end ``seconds`` from now (None: no limit)."""
        if seconds is None:
            return Deadline(self, None)
        return Deadline(self, asyncio.get_running_loop().time() + seconds)

    def _wheel(self, loop: asyncio.AbstractEventLoop) -> _Wheel:
        last, wheel = self._last
        if last is not loop or wheel is None:
            wheel = self._wheels.get(loop)
            if wheel is None:
                wheel = self._wheels[loop] = _Wheel(loop)
            self._last = (loop, wheel)
        return wheel


class _Wheel:
    """One loop's blocks of one ``Deadlines``, and the timer armed for the earliest."""

    __slots__ = ("__weakref__", "armed", "armed_when", "blocks", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.blocks: dict[Deadline, float] = {}
        self.armed: asyncio.TimerHandle | None = None
        self.armed_when = 0.0

    def add(self, block: Deadline, when: float) -> None:
        self.blocks[block] = when
        if self.armed is None or when < self.armed_when:
            self._arm(when)

    def _arm(self, when: float) -> None:
        if self.armed is not None:
            self.armed.cancel()
        self.armed = self.loop.call_at(when, self._fire)
        self.armed_when = when

    def _fire(self) -> None:
        # The loop ran this timer at ``armed_when``: the blocks due by then are due now,
        # as their own timers would have been (the loop's clock resolution included).
        due_by = max(self.armed_when, self.loop.time())
        self.armed = None
        due = [block for block, when in self.blocks.items() if when <= due_by]
        for block in due:
            del self.blocks[block]
            block._expire()
        if self.blocks:
            self._arm(min(self.blocks.values()))


class Deadline:
    """One block under a deadline (``Deadlines.at``): ``asyncio.Timeout``'s behaviour."""

    __slots__ = ("_cancelling", "_deadlines", "_expired", "_handle", "_task", "_wheel", "_when")

    def __init__(self, deadlines: Deadlines, when: float | None) -> None:
        self._deadlines = deadlines
        self._when = when
        self._expired = False
        self._wheel: _Wheel | None = None
        self._handle: asyncio.Handle | None = None

    def expired(self) -> bool:
        """Whether the deadline came while the block ran (as ``Timeout.expired``)."""
        return self._expired

    async def __aenter__(self) -> Deadline:
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("a deadline is kept inside a task")
        self._task = task
        self._cancelling = task.cancelling()
        when = self._when
        if when is not None:
            loop = task.get_loop()
            if when <= loop.time():  # as asyncio: at the loop's next turn
                self._handle = loop.call_soon(self._expire)
            else:
                self._wheel = self._deadlines._wheel(loop)
                self._wheel.add(self, when)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        if self._wheel is not None:
            self._wheel.blocks.pop(self, None)
            self._wheel = None
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if (
            self._expired
            and self._task.uncancel() <= self._cancelling
            and exc_type is asyncio.CancelledError
        ):
            # No cancellation asked for since the deadline's own: it is this block's.
            raise TimeoutError from exc_val

    def _expire(self) -> None:
        self._handle = None
        self._expired = True
        self._task.cancel()
