"""Each request is answered from one release, never a mix of two.

A request's statements run on connections borrowed per batch (resolvers/rows.py), in
autocommit on PostgreSQL and outside any transaction on SQLite: each sees what was
committed when it started. A load committing between two of them would answer a gene
from one release and its annotations from the next. Instead of holding one connection
and one snapshot through every request (its batches would wait for each other, a
request would hold a pooled connection from start to end, and on PostgreSQL a snapshot
taken before a closure swap reads the swapped-in closure as empty), a request checks
after the fact: a load commits its data and its release row at once, so when the
newest release is the same before the first statement and after the last, every
statement read that release. Otherwise it runs again, up to ``ATTEMPTS`` times, then
fails with a retryable 503 (a load every few milliseconds).

The release before is the one the release watch knew when the request started: never
newer than the truth, so this costs one statement per request, the one after.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from graphql import GraphQLError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.types import ExecutionResult

from db.models import Release
from genegraph.database_outage import (
    SERVICE_UNAVAILABLE,
    caused_by_outage,
    is_outage,
    outage_error,
)

ATTEMPTS = 3
MESSAGE = "new releases were loaded while answering; send the request again"


async def newest_release(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.max(Release.pk))) or 0)


async def on_one_release(
    engine: AsyncEngine,
    known: int | None,
    execute: Callable[[bool], Awaitable[ExecutionResult]],
) -> ExecutionResult:
    """``execute(again)``'s result, run again (``again`` true: with fresh loaders, whose
    caches hold the older release) while a new release was committed during it.
    ``known``: the release the server knew at the start, if it knows one."""
    try:
        before = known if known is not None else await newest_release(engine)
        for attempt in range(ATTEMPTS):
            result = await execute(attempt > 0)
            if caused_by_outage(result.errors):
                return result  # the database is gone: nothing to compare, and 503 anyway
            after = await newest_release(engine)
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
