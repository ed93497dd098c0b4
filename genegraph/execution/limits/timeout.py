"""The time limit: an operation running longer than ``Limits.timeout_seconds`` is
cancelled and answered with a ``LimitExceeded`` error coded TIMEOUT.

Example: ``strawberry.Schema(Query, extensions=[lambda: Timeout(Limits(timeout_seconds=2))])``
stops a resolver still awaiting after 2 s.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from genegraph.execution.limits import TIMEOUT, LimitExceeded, Limits, count


class Timeout(SchemaExtension):
    """Cancels an operation that runs longer than the timeout. A sync generator, not
    ``asyncio.timeout``, so the schema's ``execute_sync`` still works (without one)."""

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits

    def on_execute(self) -> Iterator[None]:
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no event loop: execute_sync, nothing can be interrupted
            task = None
        if task is None:
            yield
            return
        expired = False

        def expire() -> None:
            nonlocal expired
            expired = True
            task.cancel()

        timer = asyncio.get_running_loop().call_later(self.limits.timeout_seconds, expire)
        try:
            yield
        except asyncio.CancelledError:
            if not expired:
                raise
            task.uncancel()
            raise timed_out(self.limits) from None
        finally:
            timer.cancel()


def timed_out(limits: Limits) -> LimitExceeded:
    """The error of an operation stopped at the time limit."""
    return LimitExceeded(
        f"The query ran longer than {count(limits.timeout_seconds)} s, the "
        "time limit, and was stopped. Ask for less: fewer genes or smaller pages, "
        "fewer nested lists, or split the query into several requests.",
        limit="timeout",
        value=None,
        maximum=limits.timeout_seconds,
        code=TIMEOUT,
    )
