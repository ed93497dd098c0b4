"""Staging tables: a file's lines COPYed as they were parsed into a temporary table of the
load's connection, then matched to genes and deduplicated in SQL by one statement, so the
loader holds no map of every gene nor a set of every row it stored (its memory stays flat
however large the file; ARCHITECTURE.md, Loading)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import BigInteger, Column, MetaData, Table
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import DropTable

from genegraph.db.ingest.store import statistics
from genegraph.db.ingest.store.bulk import Pipeline, Tally, batched


@asynccontextmanager
async def staging_table(
    conn: AsyncConnection, name: str, columns: tuple[str, ...]
) -> AsyncIterator[Table]:
    """A new temporary table ``name`` of integer ``columns``, without keys or indexes,
    dropped on leaving."""
    table = temporary(name, *(Column(column, BigInteger) for column in columns))
    async with created(conn, table):
        yield table


def temporary(name: str, *columns: Column[Any]) -> Table:
    """A temporary table's definition (of no schema's metadata)."""
    return Table(name, MetaData(), *columns, prefixes=["TEMPORARY"], postgresql_on_commit="DROP")


@asynccontextmanager
async def created(conn: AsyncConnection, table: Table) -> AsyncIterator[Table]:
    """``table`` (a ``temporary`` one) created on the load's connection, dropped on leaving
    (PostgreSQL would drop it at the commit; SQLite keeps temporary tables for the
    connection's life)."""
    # A load that failed on this connection may have left one behind (SQLite).
    await conn.execute(DropTable(table, if_exists=True))
    await conn.run_sync(table.create)
    try:
        yield table
    finally:
        statistics.forget(conn, table.name)
    await conn.execute(DropTable(table))


async def stage(
    conn: AsyncConnection, table: Table, rows: Iterable[tuple[int, ...]], tally: Tally
) -> None:
    """Write ``rows`` (one per line, in the table's column order) into ``table``,
    pipelined, counting the lines in ``tally``; then statistics for the staged rows, so
    the matching statement is planned on their count."""
    async with Pipeline(conn, table, tuple(table.c.keys())) as pipeline:
        for chunk in batched(rows):
            tally.lines += len(chunk)
            await pipeline.write(chunk)
    await statistics.analyse(conn, [table.name])
