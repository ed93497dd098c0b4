"""Gene keys looked up per batch: a store asks for the genes its current batch of lines
names (by GeneID, cross-reference or symbol) through the database's indexes, so the
loader never holds a map of every gene, which at 100x the kit is GBs of Python objects
(issue #16; ARCHITECTURE.md, Loading).

PostgreSQL gets each batch's keys as arrays (one statement, whatever their number);
SQLite as a list of values, at most a batch of them (5,000 lines, two values each, under
its 32,766 variables)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.engine import driver_of
from genegraph.db.ingest.store import deferred_indexes


async def _fetch(
    conn: AsyncConnection, postgresql: str, sqlite: str, columns: Sequence[Sequence[Any]]
) -> list[Sequence[Any]]:
    """Rows of a statement over keys given column-wise: ``postgresql`` takes each column as
    an array ($1, $2, ...); ``sqlite`` has ``{keys}`` where a VALUES list of the keys goes
    (its columns column1, column2 ...; CROSS JOIN makes SQLite read the keys first, then
    the index: with a row-value IN it scanned the table)."""
    if conn.dialect.name == "postgresql":
        driver = await driver_of(conn)
        return list(await driver.fetch(postgresql, *map(list, columns)))
    keys = list(zip(*columns, strict=True))
    marks = ", ".join(["(" + ", ".join("?" * len(columns)) + ")"] * len(keys))
    values = [value for key in keys for value in key]
    result = await conn.exec_driver_sql(sqlite.format(keys=f"(VALUES {marks})"), tuple(values))
    return list(result)


async def by_gene_id(
    conn: AsyncConnection, gene_ids: Collection[int]
) -> dict[int, tuple[int, int]]:
    """GeneID -> (key, taxon) of the stored genes among ``gene_ids``."""
    # A GeneID past the column's range names no gene (and would not bind as a bigint).
    gene_ids = [gene_id for gene_id in gene_ids if 0 <= gene_id < 2**63]
    if not gene_ids:
        return {}
    rows = await _fetch(
        conn,
        "SELECT gene_id, pk, taxon_id FROM genes WHERE gene_id = ANY($1::bigint[])",
        "SELECT gene_id, pk, taxon_id FROM genes WHERE gene_id IN {keys}",
        [gene_ids],
    )
    return {gene_id: (pk, taxon_id) for gene_id, pk, taxon_id in rows}


async def by_xref(
    conn: AsyncConnection, xrefs: Collection[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """(database, identifier) -> gene key of the stored cross-references among ``xrefs``;
    of two genes with the same one, the later stored."""
    if not xrefs:
        return {}
    databases, identifiers = zip(*xrefs, strict=True)
    rows = await _fetch(
        conn,
        "SELECT x.database, x.identifier, x.gene_pk FROM gene_xrefs AS x"
        " JOIN unnest($1::text[], $2::text[]) AS k (database, identifier)"
        " ON x.database = k.database AND x.identifier = k.identifier ORDER BY x.gene_pk",
        "SELECT x.database, x.identifier, x.gene_pk FROM {keys} AS k CROSS JOIN gene_xrefs AS x"
        " ON x.database = k.column1 AND x.identifier = k.column2 ORDER BY x.gene_pk",
        [databases, identifiers],
    )
    return {(database, identifier): pk for database, identifier, pk in rows}


async def by_symbol(
    conn: AsyncConnection, symbols: Collection[tuple[int, str]]
) -> dict[tuple[int, str], int]:
    """(taxon, upper-cased symbol) -> gene key among ``symbols``: of several genes with
    one symbol, the NCBI gene of the lowest GeneID, else the first page-only gene."""
    if not symbols:
        return {}
    taxa, keys = zip(*symbols, strict=True)
    order = " ORDER BY g.gene_id IS NULL, g.gene_id, g.pk"
    rows = await _fetch(
        conn,
        "SELECT g.taxon_id, g.symbol_key, g.pk FROM genes AS g"
        " JOIN unnest($1::integer[], $2::text[]) AS k (taxon_id, symbol_key)"
        " ON g.taxon_id = k.taxon_id AND g.symbol_key = k.symbol_key" + order,
        "SELECT g.taxon_id, g.symbol_key, g.pk FROM {keys} AS k CROSS JOIN genes AS g"
        " ON g.taxon_id = k.column1 AND g.symbol_key = k.column2" + order,
        [taxa, keys],
    )
    found: dict[tuple[int, str], int] = {}
    for taxon_id, key, pk in rows:
        found.setdefault((taxon_id, key), pk)
    return found


async def index_for_lookups(conn: AsyncConnection) -> None:
    """Build now the genes' and cross-references' indexes a load defers (SQLite: always;
    PostgreSQL: in a first load), which the symbol and cross-reference look-ups read
    through (no store after the annotations writes genes or cross-references, so the index
    is built once either way)."""
    await deferred_indexes.build_early(
        conn, ("ix_genes_taxon_id_symbol_key_pk", "ix_gene_xrefs_database_identifier")
    )
