"""Storing GO annotations from NCBI gene2go and GAF files.

A file replaces its source's annotations for each species it covers: loading next
month's gene2go replaces this month's, and loading it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.parse.gaf import GafRow
from genegraph.db.ingest.parse.gene2go import Gene2GoRow
from genegraph.db.ingest.store import statistics
from genegraph.db.ingest.store.annotation_changes import AnnotationChangeLog
from genegraph.db.ingest.store.bulk import Pipeline, Tally, batched, gene_pks_by_gene_id
from genegraph.db.models import Gene, GeneXref, GOAnnotation, GOTerm, GOTermAltId

GENE2GO_SOURCE = "NCBI gene2go"
GAF_SOURCE = "GO Consortium GAF"
COLUMNS = (
    "gene_pk",
    "go_id",
    "source_go_id",
    "evidence",
    "qualifier",
    "references",
    "with_from",
    "assigned_by",
    "annotated_on",
    "source",
)


async def go_id_map(conn: AsyncConnection) -> dict[str, str]:
    """Every known GO id, primary or alt, to its primary id."""
    resolved = {go_id: go_id for go_id in (await conn.execute(select(GOTerm.go_id))).scalars()}
    for alt_id, go_id in await conn.execute(select(GOTermAltId.alt_id, GOTermAltId.go_id)):
        resolved[alt_id] = go_id
    return resolved


class _Replacer:
    """Deletes a source's annotations of a species the first time the file mentions it
    (telling the load's change log first, if there is one)."""

    def __init__(
        self,
        conn: AsyncConnection,
        source: str,
        pipeline: Pipeline,
        changes: AnnotationChangeLog | None,
    ) -> None:
        self.conn, self.source, self.pipeline, self.done = conn, source, pipeline, set[int]()
        self.changes = changes

    async def taxon(self, taxon_id: int) -> None:
        if taxon_id in self.done:
            return
        self.done.add(taxon_id)
        await self.pipeline.drain()
        # The snapshot and the DELETE read the rows written so far (other species' too).
        await statistics.refresh(self.conn)
        if self.changes is not None:
            await self.changes.before_replacing_taxon(self.source, taxon_id)
        await self.conn.execute(
            delete(GOAnnotation).where(
                GOAnnotation.source == self.source,
                GOAnnotation.gene_pk.in_(select(Gene.pk).where(Gene.taxon_id == taxon_id)),
            )
        )


async def store_gene2go(
    conn: AsyncConnection,
    rows: Iterable[Gene2GoRow],
    changes: AnnotationChangeLog | None = None,
) -> Tally:
    tally = Tally()
    genes = {
        gene_id: (pk, taxon_id)
        for gene_id, pk, taxon_id in await conn.execute(
            select(Gene.gene_id, Gene.pk, Gene.taxon_id).where(Gene.gene_id.is_not(None))
        )
    }
    terms = await go_id_map(conn)
    # gene2go is sorted by GeneID: duplicates are found among the current gene's lines,
    # so memory stays flat however large the file. A gene whose lines come back after
    # another gene's (an unsorted file) is noted, and its duplicates are removed in SQL
    # once every line is stored: memory grows with such genes, never with lines.
    current_gene, seen = -1, set[tuple[str, str, str]]()
    finished: set[int] = set()
    reopened: set[int] = set()
    async with Pipeline(conn, GOAnnotation.__table__, COLUMNS) as pipeline:
        replacer = _Replacer(conn, GENE2GO_SOURCE, pipeline, changes)
        for chunk in batched(rows):
            tally.lines += len(chunk)
            out = []
            for row in chunk:
                gene = genes.get(row.gene_id)
                if gene is not None and gene[1] != row.taxon_id:
                    # Stored on the GeneID's gene, the line would put another species'
                    # annotation there; nor may it replace the annotations of its tax_id.
                    tally.skip("tax_id is not its GeneID's species")
                    continue
                await replacer.taxon(row.taxon_id)
                if row.gene_id != current_gene:
                    finished.add(current_gene)
                    current_gene, seen = row.gene_id, set()
                    if current_gene in finished and gene is not None:
                        reopened.add(gene[0])
                key = (row.go_id, row.evidence, row.qualifier)
                go_id = terms.get(row.go_id)
                if gene is None:
                    tally.skip("unknown GeneID")
                elif go_id is None:
                    tally.skip("unknown GO id")
                elif key in seen:
                    tally.skip("duplicate line")
                else:
                    seen.add(key)
                    out.append(
                        (
                            gene[0],
                            go_id,
                            row.go_id,
                            row.evidence,
                            row.qualifier,
                            row.references,
                            "",
                            "",
                            "",
                            GENE2GO_SOURCE,
                        )
                    )
            await pipeline.write(out)
            tally.stored += len(out)
    duplicates = await _delete_duplicates(conn, GENE2GO_SOURCE, reopened)
    if duplicates:
        tally.stored -= duplicates
        tally.skipped["duplicate line"] += duplicates
    tally.rows["go_annotations"] = tally.stored
    return tally


async def _delete_duplicates(conn: AsyncConnection, source: str, gene_pks: set[int]) -> int:
    """Delete all but the first of ``source``'s annotations of these genes that repeat one
    (same term as written, evidence and qualifier); returns how many were deleted."""
    deleted = 0
    annotation = GOAnnotation.__table__.c
    for chunk in batched(sorted(gene_pks)):
        mine = (annotation.source == source) & annotation.gene_pk.in_(chunk)
        first = (
            select(func.min(annotation.pk))
            .where(mine)
            .group_by(
                annotation.gene_pk,
                annotation.source_go_id,
                annotation.evidence,
                annotation.qualifier,
            )
        )
        result = await conn.execute(delete(GOAnnotation).where(mine, annotation.pk.not_in(first)))
        deleted += result.rowcount
    return deleted


async def store_gaf(
    conn: AsyncConnection, rows: Iterable[GafRow], changes: AnnotationChangeLog | None = None
) -> Tally:
    """Gene products map to genes by NCBI GeneID (db NCBIGene), by a cross-reference the
    gene_info file gave (e.g. MGI:MGI:96548), else by symbol within the taxon."""
    tally = Tally()
    genes = await gene_pks_by_gene_id(conn)
    terms = await go_id_map(conn)
    xrefs = {
        (database, identifier): pk
        for pk, database, identifier in await conn.execute(
            select(GeneXref.gene_pk, GeneXref.database, GeneXref.identifier)
        )
    }
    by_symbol: dict[tuple[int, str], int | None] = {}
    # NCBI genes first: a symbol both a page and NCBI name maps to the NCBI gene.
    for pk, taxon_id, key in await conn.execute(
        select(Gene.pk, Gene.taxon_id, Gene.symbol_key).order_by(
            Gene.gene_id.is_(None), Gene.gene_id
        )
    ):
        by_symbol.setdefault((taxon_id, key), pk)

    def gene_of(row: GafRow) -> int | None:
        if row.db == "NCBIGene" and row.object_id.isdigit():
            return genes.get(int(row.object_id))
        pk = xrefs.get((row.db, row.object_id)) or xrefs.get((row.db, f"{row.db}:{row.object_id}"))
        return pk if pk is not None else by_symbol.get((row.taxon_id, row.symbol.upper()))

    async with Pipeline(conn, GOAnnotation.__table__, COLUMNS) as pipeline:
        replacer = _Replacer(conn, GAF_SOURCE, pipeline, changes)
        for chunk in batched(rows):
            tally.lines += len(chunk)
            out = []
            for row in chunk:
                await replacer.taxon(row.taxon_id)
                gene_pk, go_id = gene_of(row), terms.get(row.go_id)
                if gene_pk is None:
                    tally.skip("unmapped gene product")
                elif go_id is None:
                    tally.skip("unknown GO id")
                else:
                    out.append(
                        (
                            gene_pk,
                            go_id,
                            row.go_id,
                            row.evidence,
                            row.qualifier,
                            row.references,
                            row.with_from,
                            row.assigned_by,
                            row.date,
                            GAF_SOURCE,
                        )
                    )
            await pipeline.write(out)
            tally.stored += len(out)
    tally.rows["go_annotations"] = tally.stored
    return tally
