"""Each request is answered from one release, never a mix of two: a request that ran two
statements or more compares the newest release before and after them and, when a load
committed in between, runs again on fresh loaders (``ATTEMPTS`` times at most, then a
retryable 503). Why this and not a snapshot per request: ARCHITECTURE.md, "One release
per request"."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from graphql import GraphQLError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.types import ExecutionResult

from genegraph.caching.release_watch import ReleaseWatch
from genegraph.db.models import Release
from genegraph.observability.record import current as current_request
from genegraph.server.database_outage import (
    SERVICE_UNAVAILABLE,
    caused_by_outage,
    is_outage,
    outage_error,
)

ATTEMPTS = 3
MESSAGE = "new releases were loaded while answering; send the request again"


# Built once: building it per request cost a third more CPU than running it (0.66 vs 0.49 ms).
NEWEST_RELEASE = select(func.max(Release.pk))


async def newest_release(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(NEWEST_RELEASE) or 0)


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

    async def execute(
        self, execute: Callable[[bool], Awaitable[ExecutionResult]]
    ) -> ExecutionResult:
        """``execute(again)``'s result, run again (``again`` true: with fresh loaders,
        whose caches hold the older release) while a new release was committed during it."""
        record = current_request()
        # 0 when neither the watch (not started, or the database silent for a while)
        # nor a request has read a release: no release's number, so a request that reads
        # one runs again, compared with the release it read.
        before = max(self.releases.current() or 0, self.newest_read)
        try:
            for attempt in range(ATTEMPTS):
                ran = record.sql_statements if record is not None else 0
                result = await execute(attempt > 0)
                if caused_by_outage(result.errors):
                    return result  # the database is gone: nothing to compare, 503 anyway
                if record is not None and record.sql_statements - ran < 2:
                    return result  # one statement (or none: refused) reads one release
                after = await self.reads.newest()
                self.newest_read = max(self.newest_read, after)
                if after == before:
                    return result
                before = after
        except Exception as error:
            if is_outage(error):
                return ExecutionResult(data=None, errors=[outage_error()])
            raise
        return ExecutionResult(
            data=None, errors=[GraphQLError(MESSAGE, extensions={"code": SERVICE_UNAVAILABLE})]
        )
