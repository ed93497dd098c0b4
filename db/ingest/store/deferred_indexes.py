"""SQLite: a load writes the large tables without their secondary indexes, and builds each
index once, sorted, before it commits, instead of inserting every row into every B-tree in
file order (ARCHITECTURE.md, Loading).

SQLite's DDL is transactional: the dropped indexes come back if the load rolls back, and
readers (WAL) keep the committed release, indexes and all, until the commit. PostgreSQL
is left alone: there ``DROP INDEX`` would lock readers out of the table for the whole load.
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.store import statistics
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
)


def deferred() -> list[Index]:
    return [
        index
        for name in TABLES
        for index in sorted(Base.metadata.tables[name].indexes, key=lambda i: str(i.name))
        if not index.unique
    ]


async def drop(conn: AsyncConnection) -> None:
    """At the start of a load, in its transaction."""
    if conn.dialect.name != "sqlite":
        return
    raw = await conn.get_raw_connection()
    if not raw.driver_connection.in_transaction:  # type: ignore[union-attr]
        # pysqlite opens the transaction at the first write only: DDL before it would be
        # committed at once.
        await conn.exec_driver_sql("BEGIN")
    for index in deferred():
        await conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')


async def build(conn: AsyncConnection) -> None:
    """Once every file is stored, before the checks and counts that read through them."""
    if conn.dialect.name != "sqlite":
        return
    for index in deferred():
        await conn.run_sync(index.create, checkfirst=True)
    # A new index has no statistics: without them the planner ignores it or misjudges it
    # in the counts and checks that follow (see statistics.py).
    await statistics.analyse(conn, list(TABLES))


async def build_early(conn: AsyncConnection, names: tuple[str, ...]) -> None:
    """Build these deferred indexes now, for look-ups in the middle of a load; ``build``
    leaves them as they are."""
    if conn.dialect.name != "sqlite":
        return
    indexes = [index for index in deferred() if index.name in names]
    for index in indexes:
        await conn.run_sync(index.create, checkfirst=True)
    await statistics.analyse(
        conn, sorted({index.table.name for index in indexes if index.table is not None})
    )
