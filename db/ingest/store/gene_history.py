"""Storing NCBI gene_history: discontinued GeneIDs and their replacements."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.parse.gene_history import HistoryRow
from genegraph.db.ingest.store import gene_keys
from genegraph.db.ingest.store.bulk import Tally, batched, insert_rows
from genegraph.db.models import GeneHistory, Species

COLUMNS = ("discontinued_gene_id", "taxon_id", "discontinued_symbol", "gene_pk", "discontinued_on")


async def store_gene_history(conn: AsyncConnection, rows: Iterable[HistoryRow]) -> Tally:
    tally = Tally()
    taxa = set((await conn.execute(select(Species.taxon_id))).scalars())
    for chunk in batched(rows):
        tally.lines += len(chunk)
        out: dict[int, tuple[object, ...]] = {}
        genes = await gene_keys.by_gene_id(
            conn, {row.gene_id for row in chunk if row.gene_id is not None}
        )
        for row in chunk:
            gene = None if row.gene_id is None else genes.get(row.gene_id)
            replacement = None if gene is None else gene[0]
            if row.taxon_id not in taxa:
                tally.skip("species not loaded")
            elif row.gene_id is not None and replacement is None:
                tally.skip("unknown replacement GeneID")
            elif row.discontinued_gene_id in out:
                tally.skip("duplicate line")
            else:
                out[row.discontinued_gene_id] = (
                    row.discontinued_gene_id,
                    row.taxon_id,
                    row.discontinued_symbol,
                    replacement,
                    row.discontinued_on,
                )
        # Re-loading replaces each discontinued GeneID's row.
        await conn.execute(
            delete(GeneHistory).where(GeneHistory.discontinued_gene_id.in_(list(out)))
        )
        await insert_rows(conn, GeneHistory.__table__, COLUMNS, list(out.values()))
        tally.stored += len(out)
    tally.rows["gene_history"] = tally.stored
    return tally
