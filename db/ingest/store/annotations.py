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
from genegraph.db.ingest.store import gene_keys, statistics
from genegraph.db.ingest.store.annotation_changes import AnnotationChangeLog
from genegraph.db.ingest.store.bulk import Pipeline, Tally, batched
from genegraph.db.models import Gene, GOAnnotation, GOTerm, GOTermAltId

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
    terms = await go_id_map(conn)
    # gene2go is sorted by tax_id, then GeneID: a gene's lines are consecutive, so
    # duplicates are found among the current gene's lines and memory stays flat however
    # large the file. A file out of that order (a GeneID below the one before within a
    # species, or a species coming back) has its duplicates removed in SQL once every line
    # is stored, over the species it covers: memory never grows with genes or lines.
    current, seen = (-1, -1), set[tuple[str, str, str]]()
    passed_taxa: set[int] = set()
    in_order = True
    async with Pipeline(conn, GOAnnotation.__table__, COLUMNS) as pipeline:
        replacer = _Replacer(conn, GENE2GO_SOURCE, pipeline, changes)
        done = replacer.done
        for chunk in batched(rows):
            tally.lines += len(chunk)
            await pipeline.drain()
            genes = await gene_keys.by_gene_id(conn, {row.gene_id for row in chunk})
            out = []
            # Counted here, added to the tally once a batch: a method call per line costs.
            other_species = unknown_gene = unknown_term = duplicates = 0
            # Each line unpacked once: attribute reads per field cost.
            for _, taxon_id, gene_id, source_go_id, evidence, qualifier, references in chunk:
                gene = genes.get(gene_id)
                if gene is not None and gene[1] != taxon_id:
                    # Stored on the GeneID's gene, the line would put another species'
                    # annotation there; nor may it replace the annotations of its tax_id.
                    other_species += 1
                    continue
                if taxon_id not in done:  # a coroutine per line costs
                    await replacer.taxon(taxon_id)
                if gene_id != current[1] or taxon_id != current[0]:
                    if taxon_id != current[0]:
                        passed_taxa.add(current[0])
                        in_order = in_order and taxon_id not in passed_taxa
                    else:
                        in_order = in_order and gene_id > current[1]
                    current, seen = (taxon_id, gene_id), set()
                key = (source_go_id, evidence, qualifier)
                go_id = terms.get(source_go_id)
                if gene is None:
                    unknown_gene += 1
                elif go_id is None:
                    unknown_term += 1
                elif key in seen:
                    duplicates += 1
                else:
                    seen.add(key)
                    out.append(
                        (
                            gene[0],
                            go_id,
                            source_go_id,
                            evidence,
                            qualifier,
                            references,
                            "",
                            "",
                            "",
                            GENE2GO_SOURCE,
                        )
                    )
            tally.skip("tax_id is not its GeneID's species", other_species)
            tally.skip("unknown GeneID", unknown_gene)
            tally.skip("unknown GO id", unknown_term)
            tally.skip("duplicate line", duplicates)
            await pipeline.write(out)
            tally.stored += len(out)
    if not in_order:
        duplicates = await _delete_duplicates(conn, GENE2GO_SOURCE, replacer.done)
        tally.stored -= duplicates
        tally.skip("duplicate line", duplicates)
    tally.rows["go_annotations"] = tally.stored
    return tally


async def _delete_duplicates(conn: AsyncConnection, source: str, taxa: set[int]) -> int:
    """Delete all but the first of ``source``'s annotations of these species' genes that
    repeat one (same gene, term as written, evidence and qualifier); returns how many."""
    annotation = GOAnnotation.__table__.c
    mine = (annotation.source == source) & annotation.gene_pk.in_(
        select(Gene.pk).where(Gene.taxon_id.in_(sorted(taxa)))
    )
    numbered = (
        select(
            annotation.pk,
            func.row_number()
            .over(
                partition_by=(
                    annotation.gene_pk,
                    annotation.source_go_id,
                    annotation.evidence,
                    annotation.qualifier,
                ),
                order_by=annotation.pk,
            )
            .label("n"),
        )
        .where(mine)
        .subquery()
    )
    repeats = select(numbered.c.pk).where(numbered.c.n > 1)
    result = await conn.execute(delete(GOAnnotation).where(annotation.pk.in_(repeats)))
    return result.rowcount


async def store_gaf(
    conn: AsyncConnection, rows: Iterable[GafRow], changes: AnnotationChangeLog | None = None
) -> Tally:
    """Gene products map to genes by NCBI GeneID (db NCBIGene), by a cross-reference the
    gene_info file gave (e.g. MGI:MGI:96548), else by symbol within the taxon; each batch's
    genes are looked up in the database (store/gene_keys.py)."""
    tally = Tally()
    terms = await go_id_map(conn)
    await gene_keys.index_for_lookups(conn)
    async with Pipeline(conn, GOAnnotation.__table__, COLUMNS) as pipeline:
        replacer = _Replacer(conn, GAF_SOURCE, pipeline, changes)
        done = replacer.done
        for chunk in batched(rows):
            tally.lines += len(chunk)
            await pipeline.drain()
            genes = await _gaf_genes(conn, chunk)
            out = []
            unmapped = unknown_term = 0
            # Each line unpacked once: attribute reads per field cost.
            for (
                _,
                db,
                object_id,
                symbol,
                qualifier,
                source_go_id,
                references,
                evidence,
                with_from,
                taxon_id,
                date,
                assigned_by,
            ) in chunk:
                if taxon_id not in done:  # a coroutine per line costs
                    await replacer.taxon(taxon_id)
                gene_pk = genes[db, object_id, taxon_id, symbol]
                go_id = terms.get(source_go_id)
                if gene_pk is None:
                    unmapped += 1
                elif go_id is None:
                    unknown_term += 1
                else:
                    out.append(
                        (
                            gene_pk,
                            go_id,
                            source_go_id,
                            evidence,
                            qualifier,
                            references,
                            with_from,
                            assigned_by,
                            date,
                            GAF_SOURCE,
                        )
                    )
            tally.skip("unmapped gene product", unmapped)
            tally.skip("unknown GO id", unknown_term)
            await pipeline.write(out)
            tally.stored += len(out)
    tally.rows["go_annotations"] = tally.stored
    return tally


# A GAF line's gene product: (db, object_id, taxon, symbol), what maps it to a gene.
Product = tuple[str, str, int, str]


async def _gaf_genes(conn: AsyncConnection, rows: list[GafRow]) -> dict[Product, int | None]:
    """The gene key of each gene product of ``rows`` (None if it maps to no stored gene):
    NCBIGene products by GeneID; others by cross-reference (the identifier as written, or
    prefixed with its database, as MGI writes it), else by symbol within the taxon. A GAF
    gives a product's lines together (13 a product in a batch of the kit's): the work here
    is per product, not per line (per line it took a third of the loader's CPU on the 10x
    GAF)."""
    products = dict.fromkeys((row[1], row[2], row[9], row[3]) for row in rows)
    numeric = [p for p in products if p[0] == "NCBIGene" and p[1].isdigit()]
    genes = await gene_keys.by_gene_id(conn, {int(object_id) for _, object_id, _, _ in numeric})
    found: dict[Product, int | None] = {}
    for product in numeric:
        gene = genes.get(int(product[1]))
        found[product] = None if gene is None else gene[0]
    others = [p for p in products if p not in found]
    xrefs = await gene_keys.by_xref(
        conn,
        {(db, object_id) for db, object_id, _, _ in others}
        | {(db, f"{db}:{object_id}") for db, object_id, _, _ in others},
    )
    by_symbol = []
    for product in others:
        db, object_id, _, _ = product
        pk = xrefs.get((db, object_id)) or xrefs.get((db, f"{db}:{object_id}"))
        found[product] = pk
        if pk is None:
            by_symbol.append(product)
    symbols = await gene_keys.by_symbol(
        conn, {(taxon_id, symbol.upper()) for _, _, taxon_id, symbol in by_symbol}
    )
    for product in by_symbol:
        found[product] = symbols.get((product[2], product[3].upper()))
    return found
