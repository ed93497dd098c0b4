"""Bulk writes inside the load's transaction: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import FromClause
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.engine import driver_of
from genegraph.db.ingest import faults
from genegraph.db.ingest.store import statistics

BATCH = 5000
T = TypeVar("T")


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


async def insert_rows(
    conn: AsyncConnection,
    table: FromClause,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Append ``rows`` (tuples in ``columns`` order) to ``table``."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        driver = await driver_of(conn)
        await driver.copy_records_to_table(
            table.name,  # type: ignore[attr-defined]
            records=rows,
            columns=list(columns),
        )
    else:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        await conn.exec_driver_sql(
            f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',  # type: ignore[attr-defined]
            list(map(tuple, rows)),
        )
    statistics.note_written(conn, table.name, len(rows))  # type: ignore[attr-defined]
    faults.reached("bulk-insert")


class Pipeline:
    """Appends batches to a table (or to several, in turn), on PostgreSQL keeping one batch's
    COPYs in flight while the caller parses the next batch, so the server's work overlaps
    the client's (two cores).

    Use it as an async context manager; nothing else may run on the connection between
    ``write`` calls without ``await pipeline.drain()`` first.
    """

    def __init__(
        self, conn: AsyncConnection, table: FromClause | None = None, columns: Sequence[str] = ()
    ) -> None:
        self.conn, self.table, self.columns = conn, table, columns
        self.overlap = conn.dialect.name == "postgresql"
        self.pending: asyncio.Task[None] | None = None

    async def write(self, rows: Sequence[Sequence[Any]]) -> None:
        if self.table is None:
            raise TypeError("a Pipeline of several tables writes with write_parts")
        await self.write_parts([(self.table, self.columns, rows)])

    async def write_parts(
        self, parts: Sequence[tuple[FromClause, Sequence[str], Sequence[Sequence[Any]]]]
    ) -> None:
        """Append each part's rows to its table, the parts in order."""
        await self.drain()
        if not self.overlap:
            await _insert_parts(self.conn, parts)
            return
        self.pending = asyncio.create_task(_insert_parts(self.conn, parts))
        await asyncio.sleep(0)  # let it send the batch before the caller parses the next

    async def drain(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            await pending

    async def __aenter__(self) -> Pipeline:
        return self

    async def __aexit__(self, kind: object, error: object, tb: object) -> None:
        if kind is None:
            await self.drain()
        elif self.pending is not None:
            # Failing anyway: let the COPY finish or fail before the transaction rolls back.
            with contextlib.suppress(Exception):
                await self.drain()


async def _insert_parts(
    conn: AsyncConnection,
    parts: Sequence[tuple[FromClause, Sequence[str], Sequence[Sequence[Any]]]],
) -> None:
    for table, columns, rows in parts:
        await insert_rows(conn, table, columns, rows)


@dataclass(slots=True)
class Tally:
    """What a source file's data lines became: each line is stored or skipped for a reason."""

    lines: int = 0
    stored: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    # Rows written, by table or kind (a line may write several rows, or none of its own).
    rows: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str, count: int = 1) -> None:
        if count:  # a reason no line had is not reported
            self.skipped[reason] += count


async def new_keys(conn: AsyncConnection, table: FromClause, count: int) -> list[int]:
    """``count`` primary keys for new rows of ``table`` (its integer ``pk``), in ascending
    order: the rows can then be written with their keys, and nothing read back. PostgreSQL
    takes them from the column's sequence; SQLite, whose load holds the database's write
    lock, numbers on from the largest key, as it would itself."""
    if count == 0:
        return []
    name = table.name  # type: ignore[attr-defined]
    if conn.dialect.name == "postgresql":
        # The sequence is named once (OFFSET 0 keeps the subquery from being flattened):
        # ``pg_get_serial_sequence`` per row cost 50 ms of a batch's 5,000 keys, 1.5 ms so,
        # while the load waits (at 100x the human gene_info, 1,552 batches).
        taken = await conn.exec_driver_sql(
            "SELECT nextval(q.seq) FROM (SELECT CAST(pg_get_serial_sequence("
            f"'{name}', 'pk') AS regclass) AS seq OFFSET 0) AS q,"
            f" generate_series(1, {int(count)})"
        )
        return sorted(key for (key,) in taken)
    highest = (await conn.exec_driver_sql(f'SELECT max(pk) FROM "{name}"')).scalar() or 0
    return list(range(highest + 1, highest + 1 + count))
