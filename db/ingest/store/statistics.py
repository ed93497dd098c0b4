"""Planner statistics that keep up with a load's own writes, on both engines.

A load grows tables by orders of magnitude inside one transaction, while the planner
plans each statement with what the last ANALYZE saw (PostgreSQL's autovacuum sees nothing
uncommitted; SQLite has no autovacuum at all). So a
load counts the rows it writes per table (``note_written``), and ``refresh`` ANALYZEs,
inside the transaction, each table that has received at least as many rows as it held
when last analysed. Estimates then stay within a factor of two of the truth, for a few
ANALYZEs per table per load. Why, and SQLite: ARCHITECTURE.md, "Statistics during a load".
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection

# Index entries SQLite's ANALYZE reads per index during a load (PRAGMA analysis_limit).
SQLITE_ANALYSIS_LIMIT = 1000


@dataclass(slots=True)
class _Growth:
    # Rows each table held when last analysed, as far as this load knows.
    analysed: dict[str, float] = field(default_factory=dict)
    # Rows written to each table since.
    written: Counter[str] = field(default_factory=Counter)
    # PostgreSQL: the rows this transaction had inserted, updated and deleted in each table
    # (by oid) when this load last analysed it (``changed_since_analysed``).
    changes_analysed: dict[int, int] = field(default_factory=dict)


# One entry per load's connection, from ``track`` until the connection is gone.
_loads: weakref.WeakKeyDictionary[AsyncConnection, _Growth] = weakref.WeakKeyDictionary()


def track(conn: AsyncConnection) -> None:
    """Count the rows written through ``conn`` from now on (a load's transaction)."""
    _loads[conn] = _Growth()


def note_written(conn: AsyncConnection, table: str, rows: int) -> None:
    growth = _loads.get(conn)
    if growth is not None and rows > 0:
        growth.written[table] += rows


def forget(conn: AsyncConnection, table: str) -> None:
    """Stop counting a table about to be dropped (a staging table)."""
    growth = _loads.get(conn)
    if growth is not None:
        growth.written.pop(table, None)
        growth.analysed.pop(table, None)


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
    if stale:
        await analyse(conn, stale)


async def analyse(conn: AsyncConnection, tables: list[str]) -> None:
    """ANALYZE these tables (on SQLite a sample of each index); in a tracked load, their
    growth counts from here."""
    # Table names come from the schema's metadata, never from input.
    if conn.dialect.name == "postgresql":
        await conn.execute(text(f"ANALYZE {', '.join(tables)}"))
    else:
        # SQLite's ANALYZE reads whole indexes unless limited; a sample of each is enough
        # for row estimates. The limit is this connection's, so it is reset at once.
        await conn.exec_driver_sql(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        for table in tables:
            await conn.exec_driver_sql(f'ANALYZE "{table}"')
        await conn.exec_driver_sql("PRAGMA analysis_limit = 0")
    growth = _loads.get(conn)
    if growth is None:
        return
    growth.analysed.update(await _rows_analysed(conn, tables))
    for table in tables:
        growth.written.pop(table, None)
    if conn.dialect.name == "postgresql":
        growth.changes_analysed.update(
            (oid, changes) for oid, _, changes in await _xact_changes(conn, tables)
        )


async def changed_since_analysed(conn: AsyncConnection) -> list[str]:
    """PostgreSQL, in a tracked load's transaction: the tables it has changed since it last
    analysed them (or never analysed), and those never analysed at all. The others' planner
    statistics already describe the rows the load commits (an ANALYZE in the transaction
    samples its own inserts as live rows and its own deletes as dead ones), so the ANALYZE
    after the commit leaves them out: it was 1.4 s of a kit load, analysing every table."""
    growth = _loads.get(conn)
    changed = {
        name
        for oid, name, changes in await _xact_changes(conn)
        if growth is None or growth.changes_analysed.get(oid) != changes
    }
    never = await conn.execute(
        text(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NULL"
            " AND last_autoanalyze IS NULL AND schemaname = current_schema()"
        )
    )
    return sorted(changed | set(never.scalars()))


async def _xact_changes(
    conn: AsyncConnection, tables: list[str] | None = None
) -> list[tuple[int, str, int]]:
    """(oid, name, rows inserted + updated + deleted) of the tables this transaction has
    changed (of ``tables`` only, when given)."""
    rows = await conn.execute(
        text(
            "SELECT relid, relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE schemaname = current_schema() AND n_tup_ins + n_tup_upd + n_tup_del > 0"
            " AND (CAST(:tables AS text[]) IS NULL OR relname = ANY(CAST(:tables AS text[])))"
        ),
        {"tables": tables},
    )
    return [(int(oid), str(name), int(changes)) for oid, name, changes in rows]


async def _rows_analysed(conn: AsyncConnection, tables: list[str]) -> dict[str, float]:
    """The rows each table held at its last ANALYZE (0 for never)."""
    if conn.dialect.name == "sqlite":
        return await _sqlite_rows_analysed(conn, tables)
    rows = await conn.execute(
        text(
            "SELECT name, greatest(reltuples, 0) FROM unnest(CAST(:tables AS text[])) AS name"
            " JOIN pg_class ON pg_class.oid = to_regclass(name)"
        ),
        {"tables": tables},
    )
    found = {name: float(count) for name, count in rows}
    return {table: found.get(table, 0.0) for table in tables}


async def _sqlite_rows_analysed(conn: AsyncConnection, tables: list[str]) -> dict[str, float]:
    """sqlite_stat1's row count of each table (its first figure, the largest over the
    table's indexes); 0 where the table, or the database, was never analysed."""
    found: dict[str, float] = {}
    try:
        result = await conn.execute(text("SELECT tbl, stat FROM sqlite_stat1"))
    except OperationalError:  # no sqlite_stat1: nothing was ever analysed
        return dict.fromkeys(tables, 0.0)
    for row in result:
        table, stat = str(row[0]), str(row[1] or "")
        if table in tables and stat:
            found[table] = max(found.get(table, 0.0), float(stat.split()[0]))
    return {table: found.get(table, 0.0) for table in tables}


# Per-gene keys: many genes with a few rows each, so ANALYZE's sample of 30,000 rows sees
# most genes once and estimates far too few of them (100x the kit: 102 thousand of 3.6
# million), and with them far too many rows per gene. The gene card then hashed all
# 47,000 GO terms for 22 annotations: 25 ms instead of 1.5 ms (BENCHMARKS.md).
PER_GENE_KEYS = (("go_annotations", "gene_pk"),)


def pin_distinct_ratios(connection: Connection) -> None:
    """PostgreSQL, after a load: each per-gene key's distinct values as a ratio of its
    table's rows (a negative ``n_distinct``), counted exactly, for the next ANALYZE to use
    instead of its estimate. A ratio, so it stays true as the table grows alike."""
    if connection.dialect.name != "postgresql":
        return
    for table, column in PER_GENE_KEYS:
        # Grouped, not count(DISTINCT ...), which always sorts every row: 1.8 against
        # 2.7-3.2 s of PostgreSQL CPU at 10x (BENCHMARKS.md, issue #16).
        rows, distinct = connection.execute(
            text(
                f"SELECT sum(n), count(*)"
                f" FROM (SELECT count(*) AS n FROM {table} GROUP BY {column}) AS g"
            )
        ).one()
        if rows:
            ratio = max(distinct / int(rows), 1e-6)
            connection.execute(
                text(f"ALTER TABLE {table} ALTER COLUMN {column} SET (n_distinct = {-ratio:.8f})")
            )
