"""Storing NCBI gene_info: genes, their aliases and cross-references, and their species."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AsyncExitStack
from typing import Any, NamedTuple

from sqlalchemy import Column, Table, delete, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.parse.gene_info import GeneInfoRow
from genegraph.db.ingest.store import gene_keys, statistics
from genegraph.db.ingest.store.bulk import Pipeline, Tally, batched, new_keys
from genegraph.db.ingest.store.staging import created, temporary
from genegraph.db.known_species import KnownSpecies, species_for_taxon
from genegraph.db.models import Base, GeneAlias, GeneXref, Species
from genegraph.db.models import Gene as GeneRow


async def ensure_species(conn: AsyncConnection, species: Iterable[KnownSpecies]) -> None:
    wanted = {s.taxon_id: s for s in species}
    if not wanted:
        return
    present = set(
        (
            await conn.execute(select(Species.taxon_id).where(Species.taxon_id.in_(list(wanted))))
        ).scalars()
    )
    missing = [
        {"taxon_id": s.taxon_id, "scientific_name": s.scientific_name, "common_name": s.common_name}
        for taxon_id, s in wanted.items()
        if taxon_id not in present
    ]
    if missing:
        await conn.execute(insert(Species), missing)


async def store_gene_info(
    conn: AsyncConnection, rows: Iterable[GeneInfoRow], taxa: frozenset[int] | None = None
) -> Tally:
    """Insert or update NCBI genes (only those of ``taxa``, if given). A gene first known
    from a gene page (same taxon and symbol, no GeneID yet) becomes the NCBI gene, keeping
    its annotations and orthologs."""
    tally = Tally()
    async with AsyncExitStack() as tables:
        staged = [await tables.enter_async_context(created(conn, t)) for t in _update_tables()]
        await _store(conn, rows, taxa, tally, _Updates(*staged))
        if tally.rows["genes_updated"]:
            tally.rows["xrefs"] += await _apply_updates(conn, _Updates(*staged))
    return tally


async def _store(
    conn: AsyncConnection,
    rows: Iterable[GeneInfoRow],
    taxa: frozenset[int] | None,
    tally: Tally,
    staged: _Updates,
) -> None:
    """Write the file's new genes, with their aliases and links, and stage its stored
    genes' new values, aliases and links in ``staged`` (``_apply_updates`` applies them)."""
    seen_taxa: set[int] = set()
    # No map of every stored gene's key is held: each batch's are looked up
    # (store/gene_keys.py). A GeneID the file gave before is skipped: a gene it added has
    # a key from ``first_new_key`` on; the genes stored before that it updated are
    # remembered (none on a first load; one int a gene on a re-load).
    first_new_key: int | None = None
    updated_ids: set[int] = set()
    page_genes = await conn.execute(
        select(GeneRow.taxon_id, GeneRow.symbol_key, GeneRow.pk).where(GeneRow.gene_id.is_(None))
    )
    page_only = {(taxon_id, key): pk for taxon_id, key, pk in page_genes}
    # Each batch's genes, aliases and links are written while the next batch is parsed.
    async with Pipeline(conn) as pipeline:
        for batch in batched(rows):
            tally.lines += len(batch)
            wanted = [row for row in batch if taxa is None or row.taxon_id in taxa]
            tally.skip("other taxon", len(batch) - len(wanted))
            await pipeline.drain()
            stored = {
                gene_id: pk
                for gene_id, (pk, _) in (
                    await gene_keys.by_gene_id(conn, {row.gene_id for row in wanted})
                ).items()
            }
            chunk, in_chunk = [], set[int]()
            for row in wanted:
                pk = stored.get(row.gene_id)
                if (
                    row.gene_id in in_chunk
                    or row.gene_id in updated_ids
                    or (pk is not None and first_new_key is not None and pk >= first_new_key)
                ):
                    tally.skip("duplicate GeneID")
                else:
                    in_chunk.add(row.gene_id)
                    chunk.append(row)
            if not chunk:
                continue
            new_taxa = {row.taxon_id for row in chunk} - seen_taxa
            if new_taxa:
                await ensure_species(conn, (species_for_taxon(t) for t in new_taxa))
                seen_taxa |= new_taxa

            updates: list[tuple[GeneInfoRow, int]] = []
            inserts: list[GeneInfoRow] = []
            for row in chunk:
                pk = stored.get(row.gene_id)
                if pk is None:
                    pk = page_only.pop((row.taxon_id, row.symbol.upper()), None)
                if pk is None:
                    inserts.append(row)
                else:
                    updated_ids.add(row.gene_id)
                    updates.append((row, pk))
            # Keys taken, not read back after the rows are written.
            keys = await new_keys(conn, GeneRow.__table__, len(inserts))
            if keys and first_new_key is None:
                first_new_key = keys[0]
            added = list(zip(inserts, keys, strict=True))
            tally.rows["genes_added"] += len(inserts)
            tally.rows["genes_updated"] += len(updates)
            tally.stored += len(chunk)
            tally.rows["aliases"] += sum(len(row.aliases) for row in chunk)
            new_xrefs = _xrefs(added)
            tally.rows["xrefs"] += len(new_xrefs)
            await pipeline.write_parts(
                [
                    (GeneRow.__table__, ("pk", *COLUMNS), _gene_rows(added)),
                    (GeneAlias.__table__, ALIAS_COLUMNS, _aliases(added)),
                    (GeneXref.__table__, XREF_COLUMNS, new_xrefs),
                    (staged.genes, ("pk", *COLUMNS), _gene_rows(updates)),
                    (staged.aliases, ALIAS_COLUMNS, _aliases(updates)),
                    (staged.xrefs, XREF_COLUMNS, _xrefs(updates)),
                ]
            )


class _Updates(NamedTuple):
    """A file's stored genes' new values, aliases and links, staged on the server."""

    genes: Table
    aliases: Table
    xrefs: Table


def _update_tables() -> _Updates:
    """Temporary tables shaped as genes, gene_aliases and gene_xrefs (their keys, so the
    statements of ``_apply_updates`` look rows up on both sides)."""
    genes, aliases, xrefs = TABLES
    return _Updates(
        temporary("gene_info_genes", *_like(genes, ("pk", *COLUMNS), key=("pk",))),
        temporary("gene_info_aliases", *_like(aliases, ALIAS_COLUMNS, key=ALIAS_COLUMNS[:2])),
        temporary("gene_info_xrefs", *_like(xrefs, XREF_COLUMNS, key=XREF_COLUMNS)),
    )


def _like(table: Table, names: tuple[str, ...], key: tuple[str, ...]) -> list[Column[Any]]:
    return [Column(name, table.c[name].type, primary_key=name in key) for name in names]


async def _apply_updates(conn: AsyncConnection, staged: _Updates) -> int:
    """Set-based, once per file: the stored genes whose values changed are updated, the
    aliases their new lines no longer give deleted and the new ones inserted, and links
    they did not have added (a link is never removed: gene pages add links to the same
    table). Returns the links added."""
    await statistics.analyse(conn, [table.name for table in staged])
    genes, aliases, xrefs = TABLES
    new = staged.genes
    # Rows whose values are unchanged are not written (PostgreSQL would write a new
    # version of each, and its index entries).
    await conn.execute(
        update(genes)
        .values({name: new.c[name] for name in COLUMNS})
        .where(genes.c.pk == new.c.pk)
        .where(or_(*(genes.c[name].is_distinct_from(new.c[name]) for name in COLUMNS)))
    )
    given = staged.aliases
    await conn.execute(
        delete(aliases).where(
            aliases.c.gene_pk.in_(select(new.c.pk)),
            ~exists().where(given.c.gene_pk == aliases.c.gene_pk, given.c.alias == aliases.c.alias),
        )
    )
    await conn.execute(
        insert(aliases).from_select(
            ALIAS_COLUMNS,
            select(*(given.c[name] for name in ALIAS_COLUMNS)).where(
                ~exists().where(
                    aliases.c.gene_pk == given.c.gene_pk, aliases.c.alias == given.c.alias
                )
            ),
        )
    )
    links = staged.xrefs
    added = await conn.execute(
        insert(xrefs).from_select(
            XREF_COLUMNS,
            select(*(links.c[name] for name in XREF_COLUMNS)).where(
                ~exists().where(*(xrefs.c[name] == links.c[name] for name in XREF_COLUMNS))
            ),
        )
    )
    return added.rowcount


def _aliases(genes: Iterable[tuple[GeneInfoRow, int]]) -> list[tuple[object, ...]]:
    return [(pk, alias, alias.upper()) for row, pk in genes for alias in row.aliases]


def _xrefs(genes: Iterable[tuple[GeneInfoRow, int]]) -> list[tuple[object, ...]]:
    # The parser gives each of a line's links once.
    return [(pk, database, identifier) for row, pk in genes for database, identifier in row.xrefs]


def _gene_rows(genes: Iterable[tuple[GeneInfoRow, int]]) -> list[tuple[object, ...]]:
    """Each gene's key, then its values in ``COLUMNS`` order."""
    # Each row unpacked once: attribute reads per field, and a call per gene, cost.
    return [
        (pk, gene_id, taxon_id, symbol, symbol.upper(), name, gene_type, chromosome, location)
        for (_, taxon_id, gene_id, symbol, _, _, chromosome, location, name, gene_type), pk in genes
    ]


COLUMNS = (
    "gene_id",
    "taxon_id",
    "symbol",
    "symbol_key",
    "name",
    "gene_type",
    "chromosome",
    "map_location",
)
ALIAS_COLUMNS = ("gene_pk", "alias", "alias_key")
XREF_COLUMNS = ("gene_pk", "database", "identifier")
TABLES = tuple(
    Base.metadata.tables[model.__tablename__] for model in (GeneRow, GeneAlias, GeneXref)
)
