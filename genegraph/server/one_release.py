"""Each request is answered from one release, never a mix of two, and knows which: a
request compares the newest release before and after its statements and, when a load
committed in between, runs again on fresh loaders (``ATTEMPTS`` times at most, then a
retryable 503). A request that read nothing, or whose one statement read the release
with its data, is not checked. Why this and not a snapshot per request: ARCHITECTURE.md,
"One release per request"."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from graphql import GraphQLError
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.types import ExecutionResult

from genegraph.caching.release_watch import ReleaseWatch
from genegraph.db.newest_release import newest_release
from genegraph.observability.record import current as current_request
from genegraph.server.database_outage import (
    SERVICE_UNAVAILABLE,
    caused_by_outage,
    is_outage,
    outage_error,
)

ATTEMPTS = 3
MESSAGE = "new releases were loaded while answering; send the request again"


class SharedReads:
    """The newest release read once for every request that asks in the same turn of the
    event loop: under load many requests end together, and one statement serves them
    all. Each caller gets a read that starts after it asked, never one already sent."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.next: asyncio.Future[int] | None = None
        self.tasks: set[asyncio.Task[None]] = set()  # held until done (the loop's are weak)

    async def newest(self) -> int:
        if self.next is None:
            self.next = asyncio.get_running_loop().create_future()
            task = asyncio.create_task(self._read(self.next))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        return await asyncio.shield(self.next)

    async def _read(self, result: asyncio.Future[int]) -> None:
        # The task starts once this turn's callbacks have run: their requests joined.
        self.next = None  # callers from now on need a read sent after they asked
        try:
            result.set_result(await newest_release(self.engine))
        except Exception as error:
            result.set_exception(error)


@dataclass(frozen=True, slots=True)
class Answer:
    """A request's result and the release its statements read: the release that answered
    (None when it failed as a whole: the database away, or releases loaded all along)."""

    result: ExecutionResult
    release: int | None


# ``execute(again)``: the result, and the release its statements read if one of them read
# it along with its data (``Context.release_read``).
Execution = Callable[[bool], Awaitable[tuple[ExecutionResult, int | None]]]


class OneRelease:
    """Runs a server's requests each on one release (see the module)."""

    def __init__(self, engine: AsyncEngine, releases: ReleaseWatch) -> None:
        self.engine = engine
        self.releases = releases
        # The newest release a request has read, read before any request starting now:
        # so between a load and the watch's next read, requests compare with the new
        # release rather than all running twice.
        self.newest_read = 0
        self.reads = SharedReads(engine)

    async def execute(self, execute: Execution, expected: int | None = None) -> Answer:
        """``execute(again)``'s result, run again (``again`` true: with fresh loaders,
        whose caches hold the older release) while a new release was committed during it,
        and the release it read. ``expected``: the release the client expects, which a
        request that read nothing is answered from when the server may serve it."""
        record = current_request()
        # 0 when neither the watch (not started, or the database silent for a while)
        # nor a request has read a release: no release's number, so a request that reads
        # one runs again, compared with the release it read.
        known = self.releases.current()
        before = max(known or 0, self.newest_read)
        vouched = known is not None or self.newest_read > 0
        try:
            for attempt in range(ATTEMPTS):
                ran = record.sql_statements if record is not None else 0
                result, read = await execute(attempt > 0)
                if caused_by_outage(result.errors):
                    return Answer(result, None)  # the database is gone: 503 anyway
                statements = record.sql_statements - ran if record is not None else None
                if statements == 0 and result.data is None:
                    return Answer(result, None)  # refused before execution: no release, no SQL
                if statements == 0 and vouched and expected in (None, before):
                    return Answer(result, before)  # read nothing: true of any release
                if statements == 1 and read is not None:
                    self.newest_read = max(self.newest_read, read)
                    return Answer(result, read)  # its one statement read its release
                # Else the newest release after the statements bounds what they read.
                after = await self.reads.newest()
                self.newest_read = max(self.newest_read, after)
                if after == before or statements == 0:
                    return Answer(result, after)
                before, vouched = after, True
        except Exception as error:
            if is_outage(error):
                return Answer(ExecutionResult(data=None, errors=[outage_error()]), None)
            raise
        changing = GraphQLError(MESSAGE, extensions={"code": SERVICE_UNAVAILABLE})
        return Answer(ExecutionResult(data=None, errors=[changing]), None)
