"""Planner statistics that keep up with a load's own writes (PostgreSQL).

A load grows tables by orders of magnitude inside one transaction, while PostgreSQL plans
each statement with what the last ANALYZE saw; autovacuum sees nothing uncommitted. So a
load counts the rows it writes per table (``note_written``), and ``refresh`` ANALYZEs,
inside the transaction, each table that has received at least as many rows as it held
when last analysed. Estimates then stay within a factor of two of the truth, for a few
ANALYZEs per table per load. Why, and SQLite: ARCHITECTURE.md, "Statistics during a load".
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


@dataclass(slots=True)
class _Growth:
    # Rows each table held when last analysed, as far as this load knows.
    analysed: dict[str, float] = field(default_factory=dict)
    # Rows written to each table since.
    written: Counter[str] = field(default_factory=Counter)


# One entry per load's connection, from ``track`` until the connection is gone.
_loads: weakref.WeakKeyDictionary[AsyncConnection, _Growth] = weakref.WeakKeyDictionary()


def track(conn: AsyncConnection) -> None:
    """Count the rows written through ``conn`` from now on (a load's transaction)."""
    if conn.dialect.name == "postgresql":
        _loads[conn] = _Growth()


def note_written(conn: AsyncConnection, table: str, rows: int) -> None:
    growth = _loads.get(conn)
    if growth is not None and rows > 0:
        growth.written[table] += rows


async def refresh(conn: AsyncConnection) -> None:
    """ANALYZE the tables that have grown enough since their statistics were gathered; call
    it before statements that read what the load has just written."""
    growth = _loads.get(conn)
    if growth is None or not growth.written:
        return
    unknown = [table for table in growth.written if table not in growth.analysed]
    if unknown:
        growth.analysed.update(await _rows_analysed(conn, unknown))
    stale = sorted(
        table for table, rows in growth.written.items() if rows >= growth.analysed[table]
    )
    if not stale:
        return
    # Table names come from the schema's metadata, never from input.
    await conn.execute(text(f"ANALYZE {', '.join(stale)}"))
    growth.analysed.update(await _rows_analysed(conn, stale))
    for table in stale:
        del growth.written[table]


async def _rows_analysed(conn: AsyncConnection, tables: list[str]) -> dict[str, float]:
    """The rows each table held at its last ANALYZE (0 for never: reltuples is -1)."""
    rows = await conn.execute(
        text(
            "SELECT name, greatest(reltuples, 0) FROM unnest(CAST(:tables AS text[])) AS name"
            " JOIN pg_class ON pg_class.oid = to_regclass(name)"
        ),
        {"tables": tables},
    )
    found = {name: float(count) for name, count in rows}
    return {table: found.get(table, 0.0) for table in tables}
