"""A load writes its large tables without their secondary indexes where that is safe, and
builds each index once, sorted, before it commits, instead of inserting every row into
every B-tree (and, on PostgreSQL, the search's GIN index) in file order (ARCHITECTURE.md,
Loading).

SQLite: always. Its DDL is transactional: the dropped indexes come back if the load rolls
back, and readers (WAL) keep the committed release, indexes and all, until the commit.
A first load (``genes`` empty) also writes without the triggers that keep the genes' text
index (FTS5), and indexes the text once at the end (``search_index.rebuild_text``).

PostgreSQL: only the tables empty when the load starts (a first load). There ``DROP
INDEX`` locks readers out of the table until the commit; a table with rows is being
served and keeps its indexes, but an empty one has nothing to serve. Its indexes are
re-created from the catalogue's own definitions (``pg_get_indexdef``), so the search's
indexes, which are not in the models, come back as they were. Measured at 10x: 776k
genes stored in 67 s + 24 s of index builds, against 146 s through the indexes.
Their foreign keys too, where the table they reference was empty as well (dropping a
foreign key locks the referenced table against readers until the commit), and are added
back once every file is stored, each checked by one join instead of a trigger's look-up
per row: at 10x HomoloGene's insert took 17.4 s of PostgreSQL CPU through the key's
checks, 7.6 s + 1.6 s for adding it back (BENCHMARKS.md, issue #16).
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Index, text
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db import search_index
from genegraph.db.engine import driver_of
from genegraph.db.ingest.store import next_table, statistics
from genegraph.db.models import Base

# Tables a load appends many rows to. Unique indexes stay: they are the rules the rows obey.
TABLES = (
    "genes",
    "gene_aliases",
    "gene_xrefs",
    "go_term_alt_ids",
    "go_term_relations",
    "go_term_closure",
    "go_annotations",
    "homologene_members",
    "orthologs",
)
# PostgreSQL: dropped indexes no statement of a load reads, built last (``building_unread``).
UNREAD = (search_index.PG_INDEX,)
# PostgreSQL: per load's connection, the dropped indexes' (table, name, definition).
_dropped: weakref.WeakKeyDictionary[AsyncConnection, list[tuple[str, str, str]]] = (
    weakref.WeakKeyDictionary()
)
# PostgreSQL: per load's connection, the dropped foreign keys' (table, name, definition).
_dropped_keys: weakref.WeakKeyDictionary[AsyncConnection, list[tuple[str, str, str]]] = (
    weakref.WeakKeyDictionary()
)
# SQLite: the loads' connections whose genes' text index waits for ``build``.
_text_deferred: weakref.WeakSet[AsyncConnection] = weakref.WeakSet()


def deferred() -> list[Index]:
    return [
        index
        for name in TABLES
        for index in sorted(Base.metadata.tables[name].indexes, key=lambda i: str(i.name))
        if not index.unique
    ]


async def drop(conn: AsyncConnection) -> None:
    """At the start of a load, in its transaction."""
    if conn.dialect.name == "postgresql":
        await _drop_postgresql(conn)
        return
    if not (await driver_of(conn)).in_transaction:
        # pysqlite opens the transaction at the first write only: DDL before it would be
        # committed at once.
        await conn.exec_driver_sql("BEGIN")
    for index in deferred():
        await conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')
    if not await _has_rows(conn, "genes"):
        await conn.run_sync(search_index.drop_text_triggers)
        _text_deferred.add(conn)


async def _has_rows(conn: AsyncConnection, table: str) -> bool:
    # Table names come from this module, never from input.
    return bool((await conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})"))).scalar())


async def build(conn: AsyncConnection) -> None:
    """Once every file is stored, before the checks and counts that read through them; on
    PostgreSQL all but those no statement of the load reads (``building_unread``)."""
    if conn.dialect.name == "postgresql":
        await _rebuild_postgresql(conn, None)
        return
    for index in deferred():
        await conn.run_sync(index.create, checkfirst=True)
    if conn in _text_deferred:
        await conn.run_sync(search_index.rebuild_text)
        _text_deferred.discard(conn)
    # A new index has no statistics: without them the planner ignores it or misjudges it
    # in the counts and checks that follow (see statistics.py).
    await statistics.analyse(conn, list(TABLES))


async def build_early(conn: AsyncConnection, names: tuple[str, ...]) -> None:
    """Build these deferred indexes now, for look-ups in the middle of a load; ``build``
    leaves them as they are."""
    if conn.dialect.name == "postgresql":
        await _rebuild_postgresql(conn, names)
        return
    indexes = [index for index in deferred() if index.name in names]
    for index in indexes:
        await conn.run_sync(index.create, checkfirst=True)
    await statistics.analyse(
        conn, sorted({index.table.name for index in indexes if index.table is not None})
    )


async def _drop_postgresql(conn: AsyncConnection) -> None:
    empty = [table for table in TABLES if not await _has_rows(conn, table)]
    rows = (
        await conn.execute(
            text(
                "SELECT c.relname, i.relname, pg_get_indexdef(x.indexrelid)"
                " FROM pg_index AS x JOIN pg_class AS i ON i.oid = x.indexrelid"
                " JOIN pg_class AS c ON c.oid = x.indrelid"
                " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema() AND c.relname = ANY(:tables)"
                " AND NOT x.indisunique ORDER BY c.relname, i.relname"
            ),
            {"tables": empty},
        )
    ).all()
    for _, name, _ in rows:
        await conn.execute(text(f'DROP INDEX "{name}"'))
    _dropped[conn] = [(table, name, definition) for table, name, definition in rows]
    keys = (
        await conn.execute(
            text(
                "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid), r.relname"
                " FROM pg_constraint AS k JOIN pg_class AS c ON c.oid = k.conrelid"
                " JOIN pg_class AS r ON r.oid = k.confrelid"
                " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema() AND k.contype = 'f'"
                " AND c.relname = ANY(:tables) ORDER BY c.relname, k.conname"
            ),
            {"tables": empty},
        )
    ).all()
    keys = [key for key in keys if key.relname in empty or not await _has_rows(conn, key.relname)]
    for table, name, _, _ in keys:
        await conn.execute(text(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"'))
    _dropped_keys[conn] = [(table, name, definition) for table, name, definition, _ in keys]


@contextlib.asynccontextmanager
async def building_unread(conn: AsyncConnection) -> AsyncIterator[None]:
    """PostgreSQL: the dropped indexes no statement of the load reads (``UNREAD``) built
    while the body works without the connection (the counts, from the annotations the
    loader kept), then their tables analysed. The text-search index's build is serial
    (PostgreSQL 15 builds GIN indexes in one process) and the loader waited for it: 10-16 s
    at 10x (BENCHMARKS.md, issue #16, thirteenth session). Elsewhere, or with none dropped,
    the body alone."""
    dropped = _dropped.get(conn, [])
    chosen = [entry for entry in dropped if entry[1] in UNREAD]
    if not chosen:
        yield
        return
    _dropped[conn] = [entry for entry in dropped if entry not in chosen]
    raw = await driver_of(conn)
    statements = [definition for _, _, definition in chosen]
    building = asyncio.create_task(_execute_in_turn(raw, statements))
    await asyncio.sleep(0)  # let the first statement go out before the body computes
    try:
        yield
    except BaseException:
        # Failing anyway: the connection must be free before the rollback.
        with contextlib.suppress(Exception):
            await building
        raise
    await building
    await statistics.analyse(conn, sorted({table for table, _, _ in chosen}))


async def _execute_in_turn(raw: Any, statements: list[str]) -> None:
    for statement in statements:
        await raw.execute(statement)


async def _rebuild_postgresql(conn: AsyncConnection, names: tuple[str, ...] | None) -> None:
    """Re-create the dropped indexes (those of ``names`` only, if given; else all but
    ``UNREAD``), then ANALYZE their tables: statistics of an expression index are
    gathered only once it exists."""
    dropped = _dropped.get(conn, [])
    chosen = [
        entry
        for entry in dropped
        if (entry[1] not in UNREAD if names is None else entry[1] in names)
    ]
    if chosen:
        await next_table.raise_build_memory(conn)
        for _, _, definition in chosen:
            await conn.execute(text(definition))
        _dropped[conn] = [entry for entry in dropped if entry not in chosen]
        await statistics.analyse(conn, sorted({table for table, _, _ in chosen}))
    if names is None:
        # Each added back checks every row at once (and fails the load if one is wrong).
        for table, name, definition in _dropped_keys.pop(conn, []):
            await conn.execute(text(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'))
