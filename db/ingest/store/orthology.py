"""Storing orthology: NCBI gene_orthologs pairs and HomoloGene groups. Each file
replaces what its source stated before."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.parse.orthology import HomologeneRow, OrthologPair
from genegraph.db.ingest.store.bulk import Pipeline, Tally, batched, gene_pks_by_gene_id
from genegraph.db.models import HomologeneMember, Orthology

NCBI_SOURCE = "NCBI Gene"
HOMOLOGENE_SOURCE = "HomoloGene"


async def store_gene_orthologs(conn: AsyncConnection, rows: Iterable[OrthologPair]) -> Tally:
    tally = Tally()
    genes = await gene_pks_by_gene_id(conn)
    await conn.execute(delete(Orthology).where(Orthology.source == NCBI_SOURCE))
    seen: set[tuple[int, int]] = set()  # bounded by the pairs stored, not the file
    columns = ("gene_pk", "ortholog_pk", "source")
    async with Pipeline(conn, Orthology.__table__, columns) as pipeline:
        for chunk in batched(rows):
            tally.lines += len(chunk)
            out = []
            for row in chunk:
                a, b = genes.get(row.gene_id), genes.get(row.other_gene_id)
                if a is None or b is None:
                    tally.skip("unknown GeneID")
                elif a == b:
                    tally.skip("gene paired with itself")
                elif (a, b) in seen:
                    tally.skip("duplicate pair")
                else:
                    seen |= {(a, b), (b, a)}
                    out += [(a, b, NCBI_SOURCE), (b, a, NCBI_SOURCE)]
            await pipeline.write(out)
            tally.stored += len(out) // 2
    tally.rows["ortholog_pairs"] = tally.stored
    return tally


async def store_homologene(conn: AsyncConnection, rows: Iterable[HomologeneRow]) -> Tally:
    tally = Tally()
    genes = await gene_pks_by_gene_id(conn)
    await conn.execute(delete(HomologeneMember))
    seen: set[tuple[int, int]] = set()
    async with Pipeline(conn, HomologeneMember.__table__, ("hid", "gene_pk")) as pipeline:
        for chunk in batched(rows):
            tally.lines += len(chunk)
            out = []
            for row in chunk:
                pk = genes.get(row.gene_id)
                if pk is None:
                    tally.skip("unknown GeneID")
                elif (row.hid, pk) in seen:
                    tally.skip("duplicate line")
                else:
                    seen.add((row.hid, pk))
                    out.append((row.hid, pk))
            await pipeline.write(out)
            tally.stored += len(out)
    tally.rows["homologene_members"] = tally.stored
    return tally
