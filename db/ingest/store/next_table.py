"""PostgreSQL: a derived table rebuilt whole by a load is written into a new table beside
the served one, without keys or indexes, which are then built once, sorted (maintaining
them row by row cost several times the rows' writing: BENCHMARKS.md), and swapped in just
before the commit, so readers keep the served table until the release is visible
(ARCHITECTURE.md, Loading). The closure (store/ontology.py) and the term gene lists
(db/term_gene_lists.py) are built so."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.store import statistics

# Memory for sorting a new table's keys: at the default 64 MB each participant of the
# parallel build of the term gene lists' primary key (1.5 million rows at the kit) sorted
# its share in several runs: 3.9-6.5 s, against 2.9-4.3 s at 256 MB (BENCHMARKS.md, issue
# #16, sixth session). Not more: a build sorted whole in memory took more CPU than the
# same build in runs of 26-256 MB merged from disk (at 10x the ten largest builds, 1-2 GB
# sorts up to 2.4x the CPU; BENCHMARKS.md, issue #16, eleventh session), so a larger
# release does not call for more. Raised for the load's transaction only, never lowered.
KEY_BUILD_KB = 256 * 1024


def name_of(served: Table) -> str:
    """The new table's name until the swap."""
    return f"{served.name}_next"


async def create(conn: AsyncConnection, served: Table) -> str:
    """A new empty table with ``served``'s columns, no keys nor indexes (a second one in
    the same load replaces the first); returns its name."""
    name = name_of(served)
    await conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    await conn.exec_driver_sql(
        f"CREATE TABLE {name} (LIKE {served.name} INCLUDING ALL EXCLUDING INDEXES)"
    )
    return name


async def add_keys(conn: AsyncConnection, served: Table) -> None:
    """Give the new table ``served``'s primary key and indexes, their names suffixed
    ``_next`` until the swap, and statistics."""
    name = name_of(served)
    key, key_columns = _primary_key(served)
    await raise_build_memory(conn)
    await conn.exec_driver_sql(
        f"ALTER TABLE {name} ADD CONSTRAINT {key}_next PRIMARY KEY ({key_columns})"
    )
    for index, columns in _indexes(served):
        await conn.exec_driver_sql(f"CREATE INDEX {index}_next ON {name} ({columns})")
    # A new table has no statistics: the planner gets them now, not at autovacuum's leisure
    # (and, through statistics.py, the load knows they are current: neither its refresh
    # after the file nor the ANALYZE after the commit repeats this one).
    await statistics.analyse(conn, [name])


async def raise_build_memory(conn: AsyncConnection) -> None:
    """Sort memory for the index and key builds of the load's transaction (a first load's
    deferred indexes too: store/deferred_indexes.py), never below the server's setting."""
    await conn.exec_driver_sql(
        f"SELECT set_config('maintenance_work_mem', '{KEY_BUILD_KB}kB', true) FROM pg_settings"
        f" WHERE name = 'maintenance_work_mem' AND setting::bigint < {KEY_BUILD_KB}"
    )


async def exists(conn: AsyncConnection, served: Table) -> bool:
    found = await conn.exec_driver_sql(f"SELECT to_regclass('{name_of(served)}')")
    return found.scalar() is not None


async def swap_in(conn: AsyncConnection, served: Table) -> None:
    """Make the new table the served one. Dropping the old one takes an exclusive lock on
    it, held to the commit: call this just before committing."""
    await conn.exec_driver_sql(f"DROP TABLE {served.name}")
    await conn.exec_driver_sql(f"ALTER TABLE {name_of(served)} RENAME TO {served.name}")
    key, _ = _primary_key(served)
    await conn.exec_driver_sql(f"ALTER TABLE {served.name} RENAME CONSTRAINT {key}_next TO {key}")
    for index, _ in _indexes(served):
        await conn.exec_driver_sql(f"ALTER INDEX {index}_next RENAME TO {index}")
    statistics.forget(conn, name_of(served))


def _primary_key(served: Table) -> tuple[str, str]:
    """The served table's primary key: its name and columns."""
    key = served.primary_key
    return str(key.name), ", ".join(c.name for c in key.columns)


def _indexes(served: Table) -> list[tuple[str, str]]:
    """The served table's indexes: their names and columns."""
    return [(str(i.name), ", ".join(c.name for c in i.columns)) for i in served.indexes]
