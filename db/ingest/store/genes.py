"""Writing parsed sources into the database, inside the caller's transaction.

Each ``store_*`` function is idempotent: storing the same input twice leaves the
same rows. Nothing here commits; ``db.loaders.release`` wraps a whole load in
one transaction so it becomes visible all at once or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.gene_info import GeneInfoRow
from genegraph.db.ingest.parse.gene_page import GenePage
from genegraph.db.ingest.store.annotation_changes import AnnotationChangeLog
from genegraph.db.ingest.store.bulk import Tally, batched, gene_pks_by_gene_id, insert_rows
from genegraph.db.models import Gene as GeneRow
from genegraph.db.models import (
    GeneAlias,
    GeneChange,
    GeneXref,
    GOAnnotation,
    GOTerm,
    GOTermAltId,
    GOTermClosure,
    Orthology,
    Species,
)
from genegraph.db.species import KnownSpecies, species_for_taxon

GENE_PAGE_SOURCE = "gene page"


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


async def find_gene(conn: AsyncConnection, taxon_id: int, symbol: str) -> int | None:
    """The gene a symbol names in a taxon: an NCBI gene before a page-only one."""
    row = (
        await conn.execute(
            select(GeneRow.pk)
            .where(GeneRow.taxon_id == taxon_id, GeneRow.symbol_key == symbol.upper())
            .order_by(GeneRow.gene_id.is_(None), GeneRow.gene_id)
            .limit(1)
        )
    ).first()
    return None if row is None else int(row[0])


async def find_or_create_gene(conn: AsyncConnection, taxon_id: int, symbol: str) -> int:
    pk = await find_gene(conn, taxon_id, symbol)
    if pk is None:
        pk = (
            await conn.execute(
                insert(GeneRow)
                .values(taxon_id=taxon_id, symbol=symbol, symbol_key=symbol.upper())
                .returning(GeneRow.pk)
            )
        ).scalar_one()
    return pk


async def resolve_go_ids(conn: AsyncConnection, go_ids: Iterable[str]) -> dict[str, str]:
    """Map each id to its primary term id: itself when it is a term, its term when an alt_id.
    Ids the database does not know are left out."""
    wanted = list(set(go_ids))
    resolved: dict[str, str] = {}
    for chunk in batched(wanted):
        primary = await conn.execute(select(GOTerm.go_id).where(GOTerm.go_id.in_(chunk)))
        resolved.update({go_id: go_id for go_id in primary.scalars()})
        alternates = await conn.execute(
            select(GOTermAltId.alt_id, GOTermAltId.go_id).where(GOTermAltId.alt_id.in_(chunk))
        )
        resolved.update({alt_id: go_id for alt_id, go_id in alternates})
    return resolved


async def store_gene_page(
    conn: AsyncConnection, page: GenePage, changes: AnnotationChangeLog | None = None
) -> Tally:
    """Store a gene page; returns the rows it wrote, by kind."""
    _reject_duplicates(page)
    await ensure_species(conn, [page.species, *(o.species for o in page.orthologs)])

    gene_pk = await find_or_create_gene(conn, page.species.taxon_id, page.symbol)
    # The page owns the summary (gene_info has none); NCBI's name wins where loaded.
    current_name = (
        await conn.execute(select(GeneRow.name).where(GeneRow.pk == gene_pk))
    ).scalar_one()
    await conn.execute(
        update(GeneRow)
        .where(GeneRow.pk == gene_pk)
        .values(
            name=current_name or page.name,
            summary=page.summary,
            summary_provenance=page.summary_provenance,
        )
    )

    resolved = await resolve_go_ids(conn, (t.go_id for t in page.go_terms))
    new_terms = {
        t.go_id: {"go_id": t.go_id, "name": t.name, "category": t.category, "is_obsolete": False}
        for t in page.go_terms
        if t.go_id not in resolved
    }
    if new_terms:
        await conn.execute(insert(GOTerm), list(new_terms.values()))
        # A term outside the ontology is its own only ancestor (see store_ontology).
        await insert_rows(
            conn,
            GOTermClosure.__table__,
            ("go_id", "ancestor_id", "via_regulates"),
            [(go_id, go_id, False) for go_id in new_terms],
        )
        resolved.update({go_id: go_id for go_id in new_terms})

    if changes is not None:
        await changes.before_replacing_gene(GENE_PAGE_SOURCE, gene_pk)
    await conn.execute(
        delete(GOAnnotation).where(
            GOAnnotation.gene_pk == gene_pk, GOAnnotation.source == GENE_PAGE_SOURCE
        )
    )
    if page.go_terms:
        await conn.execute(
            insert(GOAnnotation),
            [
                {
                    "gene_pk": gene_pk,
                    "go_id": resolved[t.go_id],
                    "source_go_id": t.go_id,
                    "evidence": "",
                    "qualifier": "",
                    "references": "",
                    "source": GENE_PAGE_SOURCE,
                }
                for t in page.go_terms
            ],
        )

    # Orthology is symmetric and two pages (IL2's and Il2's) may assert the same pair,
    # so a page adds the pairs it lists and never removes pairs another page added.
    wanted: set[tuple[int, int]] = set()
    for ortholog in page.orthologs:
        other = await find_or_create_gene(conn, ortholog.species.taxon_id, ortholog.symbol)
        wanted |= {(gene_pk, other), (other, gene_pk)}
    present = await conn.execute(
        select(Orthology.gene_pk, Orthology.ortholog_pk).where(
            Orthology.source == GENE_PAGE_SOURCE,
            or_(Orthology.gene_pk == gene_pk, Orthology.ortholog_pk == gene_pk),
        )
    )
    missing = wanted - {(a, b) for a, b in present}
    if missing:
        await conn.execute(
            insert(Orthology),
            [
                {"gene_pk": a, "ortholog_pk": b, "source": GENE_PAGE_SOURCE}
                for a, b in sorted(missing)
            ],
        )

    existing_links = set(
        await conn.execute(
            select(GeneXref.database, GeneXref.identifier).where(GeneXref.gene_pk == gene_pk)
        )
    )
    links = {
        (link.database, link.identifier): link.url
        for link in page.links
        if (link.database, link.identifier) not in existing_links
    }
    if links:
        await conn.execute(
            insert(GeneXref),
            [
                {"gene_pk": gene_pk, "database": db, "identifier": ident, "url": url}
                for (db, ident), url in links.items()
            ],
        )

    await conn.execute(
        delete(GeneChange).where(
            GeneChange.gene_pk == gene_pk, GeneChange.source == GENE_PAGE_SOURCE
        )
    )
    if page.changes:
        await conn.execute(
            insert(GeneChange),
            [
                {"gene_pk": gene_pk, "description": change, "source": GENE_PAGE_SOURCE}
                for change in page.changes
            ],
        )
    tally = Tally(lines=1, stored=1)
    tally.rows.update(
        genes=1,
        go_terms_added=len(new_terms),
        annotations=len(page.go_terms),
        orthologs=len(page.orthologs),
        links=len(page.links),
        changes=len(page.changes),
    )
    return tally


def _reject_duplicates(page: GenePage) -> None:
    seen: dict[str, int] = {}
    for term in page.go_terms:
        if term.go_id in seen:
            raise LoadError(
                page.path,
                term.line,
                f"{term.go_id} is listed twice (first on line {seen[term.go_id]})",
            )
        seen[term.go_id] = term.line


async def store_gene_info(
    conn: AsyncConnection, rows: Iterable[GeneInfoRow], taxa: frozenset[int] | None = None
) -> Tally:
    """Insert or update NCBI genes (only those of ``taxa``, if given). A gene first known
    from a gene page (same taxon and symbol, no GeneID yet) becomes the NCBI gene, keeping
    its annotations and orthologs."""
    tally = Tally()
    seen_taxa: set[int] = set()
    seen_ids: set[int] = set()  # bounded by the genes stored, not the file
    # Read once, not per batch: IN lists of thousands of ids are slow on PostgreSQL.
    stored = await gene_pks_by_gene_id(conn)
    page_genes = await conn.execute(
        select(GeneRow.taxon_id, GeneRow.symbol_key, GeneRow.pk).where(GeneRow.gene_id.is_(None))
    )
    page_only = {(taxon_id, key): pk for taxon_id, key, pk in page_genes}
    for batch in batched(rows):
        tally.lines += len(batch)
        chunk = []
        for row in batch:
            if taxa is not None and row.taxon_id not in taxa:
                tally.skip("other taxon")
            elif row.gene_id in seen_ids:
                tally.skip("duplicate GeneID")
            else:
                seen_ids.add(row.gene_id)
                chunk.append(row)
        if not chunk:
            continue
        new_taxa = {row.taxon_id for row in chunk} - seen_taxa
        await ensure_species(conn, (species_for_taxon(t) for t in new_taxa))
        seen_taxa |= new_taxa

        updates: list[dict[str, object]] = []
        inserts: list[tuple[object, ...]] = []
        for row in chunk:
            values = (
                row.gene_id,
                row.taxon_id,
                row.symbol,
                row.symbol.upper(),
                row.name,
                row.gene_type,
                row.chromosome,
                row.map_location,
            )
            pk = stored.get(row.gene_id)
            if pk is None:
                pk = page_only.pop((row.taxon_id, row.symbol.upper()), None)
            if pk is None:
                inserts.append(values)
            else:
                stored[row.gene_id] = pk
                updates.append({"target_pk": pk, **dict(zip(GENE_COLUMNS, values, strict=True))})
        if updates:
            await conn.execute(update(GeneRow).where(GeneRow.pk == bindparam("target_pk")), updates)
            # Only genes stored before can have aliases and links to replace.
            updated = [u["target_pk"] for u in updates]
            await conn.execute(delete(GeneAlias).where(GeneAlias.gene_pk.in_(updated)))
            known_xrefs = set(
                await conn.execute(
                    select(GeneXref.gene_pk, GeneXref.database, GeneXref.identifier).where(
                        GeneXref.gene_pk.in_(updated)
                    )
                )
            )
        else:
            known_xrefs = set()
        if inserts:
            await insert_rows(conn, GeneRow.__table__, GENE_COLUMNS, inserts)
            created = await conn.execute(
                select(GeneRow.gene_id, GeneRow.pk).where(
                    GeneRow.gene_id.in_([values[0] for values in inserts])
                )
            )
            stored.update({gene_id: pk for gene_id, pk in created if gene_id is not None})
        tally.rows["genes_added"] += len(inserts)
        tally.rows["genes_updated"] += len(updates)
        tally.stored += len(chunk)

        aliases = [
            (stored[row.gene_id], alias, alias.upper()) for row in chunk for alias in row.aliases
        ]
        await insert_rows(conn, GeneAlias.__table__, ("gene_pk", "alias", "alias_key"), aliases)
        tally.rows["aliases"] += len(aliases)
        xrefs = sorted(
            {
                (stored[row.gene_id], database, identifier)
                for row in chunk
                for database, identifier in row.xrefs
            }
            - {tuple(x) for x in known_xrefs}
        )
        await insert_rows(conn, GeneXref.__table__, ("gene_pk", "database", "identifier"), xrefs)
        tally.rows["xrefs"] += len(xrefs)
    return tally


GENE_COLUMNS = (
    "gene_id",
    "taxon_id",
    "symbol",
    "symbol_key",
    "name",
    "gene_type",
    "chromosome",
    "map_location",
)
