"""Storing a gene page: its gene, GO terms, orthologs, links and changes."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.gene_page import GenePage
from genegraph.db.ingest.store.annotation_changes import AnnotationChangeLog
from genegraph.db.ingest.store.bulk import Tally, batched, insert_rows
from genegraph.db.ingest.store.genes import ensure_species
from genegraph.db.models import Gene as GeneRow
from genegraph.db.models import (
    GeneChange,
    GeneXref,
    GOAnnotation,
    GOTerm,
    GOTermAltId,
    GOTermClosure,
    Orthology,
)

GENE_PAGE_SOURCE = "gene page"


async def gene_pk_by_symbol(conn: AsyncConnection, taxon_id: int, symbol: str) -> int | None:
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
    pk = await gene_pk_by_symbol(conn, taxon_id, symbol)
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
