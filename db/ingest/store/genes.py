"""Storing NCBI gene_info: genes, their aliases and cross-references, and their species."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.parse.gene_info import GeneInfoRow
from genegraph.db.ingest.store import gene_keys
from genegraph.db.ingest.store.bulk import Pipeline, Tally, batched, new_keys
from genegraph.db.known_species import KnownSpecies, species_for_taxon
from genegraph.db.models import Gene as GeneRow
from genegraph.db.models import GeneAlias, GeneXref, Species


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
                await pipeline.drain()
                await ensure_species(conn, (species_for_taxon(t) for t in new_taxa))
                seen_taxa |= new_taxa

            updates: list[dict[str, object]] = []
            inserts: list[GeneInfoRow] = []
            for row in chunk:
                pk = stored.get(row.gene_id)
                if pk is None:
                    pk = page_only.pop((row.taxon_id, row.symbol.upper()), None)
                if pk is None:
                    inserts.append(row)
                else:
                    stored[row.gene_id] = pk
                    updated_ids.add(row.gene_id)
                    values = dict(zip(COLUMNS, _values(row), strict=True))
                    updates.append({"target_pk": pk, **values})
            await pipeline.drain()
            known_xrefs: set[tuple[int, str, str]] = set()
            if updates:
                await conn.execute(
                    update(GeneRow).where(GeneRow.pk == bindparam("target_pk")), updates
                )
                # Only genes stored before can have aliases and links to replace.
                updated = [u["target_pk"] for u in updates]
                await conn.execute(delete(GeneAlias).where(GeneAlias.gene_pk.in_(updated)))
                known_xrefs = {
                    (pk, database, identifier)
                    for pk, database, identifier in await conn.execute(
                        select(GeneXref.gene_pk, GeneXref.database, GeneXref.identifier).where(
                            GeneXref.gene_pk.in_(updated)
                        )
                    )
                }
            # Keys taken, not read back after the rows are written.
            keys = await new_keys(conn, GeneRow.__table__, len(inserts))
            if keys and first_new_key is None:
                first_new_key = keys[0]
            stored.update((row.gene_id, pk) for row, pk in zip(inserts, keys, strict=True))
            tally.rows["genes_added"] += len(inserts)
            tally.rows["genes_updated"] += len(updates)
            tally.stored += len(chunk)

            aliases = [
                (stored[row.gene_id], alias, alias.upper())
                for row in chunk
                for alias in row.aliases
            ]
            tally.rows["aliases"] += len(aliases)
            xrefs = sorted(
                {
                    (stored[row.gene_id], database, identifier)
                    for row in chunk
                    for database, identifier in row.xrefs
                }
                - known_xrefs
            )
            tally.rows["xrefs"] += len(xrefs)
            await pipeline.write_parts(
                [
                    (
                        GeneRow.__table__,
                        ("pk", *COLUMNS),
                        [(pk, *_values(row)) for row, pk in zip(inserts, keys, strict=True)],
                    ),
                    (GeneAlias.__table__, ("gene_pk", "alias", "alias_key"), aliases),
                    (GeneXref.__table__, ("gene_pk", "database", "identifier"), xrefs),
                ]
            )
    return tally


def _values(row: GeneInfoRow) -> tuple[object, ...]:
    """A gene's values in ``COLUMNS`` order."""
    return (
        row.gene_id,
        row.taxon_id,
        row.symbol,
        row.symbol.upper(),
        row.name,
        row.gene_type,
        row.chromosome,
        row.map_location,
    )


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
