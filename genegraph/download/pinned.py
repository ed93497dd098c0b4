"""One release for a whole download, however long it streams: its rows are read in one
transaction (PostgreSQL: REPEATABLE READ, read only; SQLite: one read transaction on the
WAL), so a load that commits midway is not mixed in.

The transaction must not read the GO closure on PostgreSQL: a load drops and renames that
table before it commits (db/ingest/store/ontology.py ``swap_in_closure``), and a
transaction that has read it holds a lock the swap waits for until the download ends,
and every request reading the closure behind it. So what needs the closure (a term's
descendants) is read before, in statements of their own, and the transaction's first
statement checks that no load committed since (``pin``)."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from genegraph.db.models import Release
from genegraph.db.newest_release import newest_row

T = TypeVar("T")
ATTEMPTS = 3


class ReleaseMoving(Exception):
    """Loads kept committing while a download was being pinned to one release."""


@dataclass(frozen=True, slots=True)
class ReleaseStamp:
    """The release a download is read from; number 0 when none was ever loaded."""

    number: int
    loaded_at: datetime | None


NEWEST = newest_row(Release.pk, Release.loaded_at)


async def newest_release(conn: AsyncConnection) -> ReleaseStamp:
    row = (await conn.execute(NEWEST)).first()
    return ReleaseStamp(0, None) if row is None else ReleaseStamp(row.pk, row.loaded_at)


class PinnedRead:
    """A connection inside one read-only transaction, and the release it sees."""

    def __init__(
        self, conn: AsyncConnection, release: ReleaseStamp, stack: contextlib.AsyncExitStack
    ) -> None:
        self.conn, self.release, self._stack = conn, release, stack

    async def close(self) -> None:
        """Ends the transaction (a rollback: it wrote nothing) and returns the connection;
        safe to call more than once."""
        await self._stack.aclose()


async def open_read(engine: AsyncEngine) -> PinnedRead:
    stack = contextlib.AsyncExitStack()
    try:
        conn = await stack.enter_async_context(engine.connect())
        if conn.dialect.name == "postgresql":
            await conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        await stack.enter_async_context(conn.begin())
        if conn.dialect.name == "sqlite":
            # pysqlite begins a transaction only before a write; the snapshot of a WAL
            # read transaction is taken by its first SELECT, the release's below.
            await conn.exec_driver_sql("BEGIN")
        return PinnedRead(conn, await newest_release(conn), stack)
    except BaseException:
        await stack.aclose()
        raise


async def pin(
    engine: AsyncEngine, reads: AsyncEngine, prepare: Callable[[AsyncConnection], Awaitable[T]]
) -> tuple[PinnedRead, T]:
    """A read transaction and what ``prepare`` read before it (on ``reads``, statements
    of their own), both of one release: when a load committed between the release read
    before ``prepare`` and the transaction's start, both are done again (``ATTEMPTS``
    times, then ``ReleaseMoving``)."""
    for _ in range(ATTEMPTS):
        async with reads.connect() as conn:
            before = await newest_release(conn)
            prepared = await prepare(conn)
        read = await open_read(engine)
        if read.release.number == before.number:
            return read, prepared
        await read.close()
    raise ReleaseMoving
