"""DataLoaders: each batch of keys is answered by exactly one SQL statement.

A query for N genes with their terms and their orthologs' terms therefore runs a
fixed number of statements (one per nesting level and kind of data), not N.
Loaders are created per request, so their caches never outlive a request.

Arguments that narrow a list (a GO category, a set of taxa) are applied in
Python to the batch's rows, so differing arguments on sibling fields still
share one statement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Select, func, literal, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import aliased
from strawberry.dataloader import DataLoader

from db.loaders.store_orthology import HOMOLOGENE_SOURCE as HOMOLOGENE
from db.models import (
    Gene,
    GeneAlias,
    GeneChange,
    GeneXref,
    GOAnnotation,
    GOTerm,
    GOTermAltId,
    HomologeneMember,
    Orthology,
)
from resolvers import gene_lookups, history, ontology
from resolvers.records import (
    AnnotationChangeRecord,
    AnnotationRecord,
    ChangeRecord,
    DiscontinuedGeneRecord,
    GeneRecord,
    OrthologRecord,
    ReleaseRecord,
    SpeciesRecord,
    TermRecord,
    XrefRecord,
)
from resolvers.rows import (
    GENE_COLUMNS,
    TERM_COLUMNS,
    Fetch,
    gene_of,
    grouped,
    keys_parameter,
    split_list,
    term_of,
)
from resolvers.species_catalogue import catalogue_for

# (taxon id, symbol as asked)
SymbolKey = tuple[int, str]


@dataclass(slots=True)
class Loaders:
    genes_by_pk: DataLoader[int, GeneRecord | None]
    genes_by_gene_id: DataLoader[int, GeneRecord | None]
    genes_by_symbol: DataLoader[SymbolKey, GeneRecord | None]
    species: DataLoader[int, SpeciesRecord | None]
    aliases: DataLoader[int, list[str]]
    xrefs: DataLoader[int, list[XrefRecord]]
    changes: DataLoader[int, list[ChangeRecord]]
    annotations: DataLoader[int, list[AnnotationRecord]]
    orthologs: DataLoader[int, list[OrthologRecord]]
    terms: DataLoader[str, TermRecord | None]
    alt_ids: DataLoader[str, list[str]]
    synonyms: DataLoader[str, list[ontology.Synonym]]
    parents: DataLoader[str, list[ontology.RelatedTerm]]
    children: DataLoader[str, list[ontology.RelatedTerm]]
    ancestors: DataLoader[tuple[str, bool], list[TermRecord]]
    descendants: DataLoader[ontology.DescendantsKey, ontology.Page[TermRecord]]
    term_genes: DataLoader[ontology.TermGenesKey, ontology.Page[GeneRecord]]
    genes_by_alias: DataLoader[gene_lookups.AliasKey, list[GeneRecord]]
    genes_by_xref: DataLoader[gene_lookups.XrefKey, list[GeneRecord]]
    # Gene.history and discontinued GeneIDs (resolvers/history.py).
    genes_by_discontinued_id: DataLoader[int, GeneRecord | None]
    discontinued_genes: DataLoader[int, DiscontinuedGeneRecord | None]
    discontinued_by_gene: DataLoader[int, list[DiscontinuedGeneRecord]]
    annotation_changes: DataLoader[int, list[AnnotationChangeRecord]]
    releases_by_pk: DataLoader[int, ReleaseRecord | None]


def _orthologs_statement() -> Select[Any]:
    # Stated pairs, and the other members of the gene's HomoloGene groups.
    mine, theirs = aliased(HomologeneMember), aliased(HomologeneMember)
    pairs = (
        select(*GENE_COLUMNS, Orthology.gene_pk.label("from_pk"), Orthology.source)
        .join(Orthology, Orthology.ortholog_pk == Gene.pk)
        .where(Orthology.gene_pk.in_(keys_parameter()))
    )
    groups = (
        select(*GENE_COLUMNS, mine.gene_pk.label("from_pk"), literal(HOMOLOGENE).label("source"))
        .join(theirs, theirs.gene_pk == Gene.pk)
        .join(mine, mine.hid == theirs.hid)
        .where(mine.gene_pk.in_(keys_parameter()), theirs.gene_pk != mine.gene_pk)
    )
    union = union_all(pairs, groups).subquery()
    return select(union).order_by(
        union.c.from_pk, union.c.taxon_id, union.c.symbol, union.c.pk, union.c.source
    )


# The gene card's statements, built once with their keys as a parameter: building one per
# batch cost more CPU than SQL's own round trip (the orthologs' union most), BENCHMARKS.md.
GENES_BY_PK = select(*GENE_COLUMNS).where(Gene.pk.in_(keys_parameter()))
GENES_BY_GENE_ID = select(*GENE_COLUMNS).where(Gene.gene_id.in_(keys_parameter()))
ANNOTATIONS = (
    select(
        *TERM_COLUMNS,
        GOAnnotation.gene_pk,
        GOAnnotation.source_go_id,
        GOAnnotation.evidence,
        GOAnnotation.qualifier,
        GOAnnotation.references,
        GOAnnotation.with_from,
        GOAnnotation.assigned_by,
        GOAnnotation.annotated_on,
        GOAnnotation.source,
    )
    .join(GOTerm, GOTerm.go_id == GOAnnotation.go_id)
    .where(GOAnnotation.gene_pk.in_(keys_parameter()))
    .order_by(GOAnnotation.gene_pk, func.lower(GOTerm.name), GOTerm.go_id, GOAnnotation.pk)
)
ORTHOLOGS = _orthologs_statement()


def create_loaders(engine: AsyncEngine) -> Loaders:
    fetch = Fetch(engine)
    species_catalogue = catalogue_for(engine)

    async def genes_by_pk(keys: list[int]) -> list[GeneRecord | None]:
        rows = await fetch.rows(GENES_BY_PK, {"keys": keys})
        found = {row.pk: gene_of(row) for row in rows}
        return [found.get(key) for key in keys]

    async def genes_by_gene_id(keys: list[int]) -> list[GeneRecord | None]:
        rows = await fetch.rows(GENES_BY_GENE_ID, {"keys": keys})
        found = {row.gene_id: gene_of(row) for row in rows}
        return [found.get(key) for key in keys]

    async def genes_by_symbol(keys: list[SymbolKey]) -> list[GeneRecord | None]:
        wanted = {(taxon, symbol.upper()) for taxon, symbol in keys}
        rows = await fetch.rows(
            select(*GENE_COLUMNS, Gene.symbol_key).where(
                tuple_(Gene.taxon_id, Gene.symbol_key).in_(sorted(wanted))
            )
        )
        candidates: dict[tuple[int, str], list[GeneRecord]] = defaultdict(list)
        for row in rows:
            candidates[(row.taxon_id, row.symbol_key)].append(gene_of(row))

        def best(taxon: int, symbol: str) -> GeneRecord | None:
            # Exact spelling first, then an NCBI gene before a page-only one.
            genes = candidates.get((taxon, symbol.upper()), [])
            ranked = sorted(
                genes,
                key=lambda g: (g.symbol != symbol, g.gene_id is None, g.gene_id or 0, g.pk),
            )
            return ranked[0] if ranked else None

        return [best(taxon, symbol) for taxon, symbol in keys]

    async def species(keys: list[int]) -> list[SpeciesRecord | None]:
        # Held in memory per database (species_catalogue.py): no statement once read.
        found = await species_catalogue.read(fetch, keys)
        return [found.get(key) for key in keys]

    async def aliases(keys: list[int]) -> list[list[str]]:
        rows = await fetch.rows(
            select(GeneAlias.gene_pk, GeneAlias.alias)
            .where(GeneAlias.gene_pk.in_(keys))
            .order_by(GeneAlias.gene_pk, GeneAlias.alias)
        )
        return grouped(keys, rows, lambda r: r.gene_pk, lambda r: r.alias)

    async def xrefs(keys: list[int]) -> list[list[XrefRecord]]:
        rows = await fetch.rows(
            select(GeneXref.gene_pk, GeneXref.database, GeneXref.identifier, GeneXref.url)
            .where(GeneXref.gene_pk.in_(keys))
            .order_by(GeneXref.gene_pk, GeneXref.database, GeneXref.identifier)
        )
        return grouped(
            keys, rows, lambda r: r.gene_pk, lambda r: XrefRecord(r.database, r.identifier, r.url)
        )

    async def changes(keys: list[int]) -> list[list[ChangeRecord]]:
        rows = await fetch.rows(
            select(GeneChange.gene_pk, GeneChange.description, GeneChange.source)
            .where(GeneChange.gene_pk.in_(keys))
            .order_by(GeneChange.gene_pk, GeneChange.pk)
        )
        return grouped(
            keys, rows, lambda r: r.gene_pk, lambda r: ChangeRecord(r.description, r.source)
        )

    async def annotations(keys: list[int]) -> list[list[AnnotationRecord]]:
        rows = await fetch.rows(ANNOTATIONS, {"keys": keys})
        return grouped(
            keys,
            rows,
            lambda r: r.gene_pk,
            lambda r: AnnotationRecord(
                term=term_of(r),
                source_go_id=r.source_go_id,
                evidence=r.evidence or None,
                qualifier=r.qualifier or None,
                references=split_list(r.references),
                with_from=split_list(r.with_from),
                assigned_by=r.assigned_by or None,
                annotated_on=r.annotated_on or None,
                source=r.source,
            ),
        )

    async def orthologs(keys: list[int]) -> list[list[OrthologRecord]]:
        rows = await fetch.rows(ORTHOLOGS, {"keys": keys})
        return grouped(
            keys, rows, lambda r: r.from_pk, lambda r: OrthologRecord(gene_of(r), r.source)
        )

    async def alt_ids(keys: list[str]) -> list[list[str]]:
        rows = await fetch.rows(
            select(GOTermAltId.go_id, GOTermAltId.alt_id)
            .where(GOTermAltId.go_id.in_(keys))
            .order_by(GOTermAltId.go_id, GOTermAltId.alt_id)
        )
        return grouped(keys, rows, lambda r: r.go_id, lambda r: r.alt_id)

    async def terms(keys: list[str]) -> list[TermRecord | None]:
        # An id may be a primary id or an alt_id; both resolve in one statement.
        statement = union_all(
            select(GOTerm.go_id.label("asked"), *TERM_COLUMNS).where(GOTerm.go_id.in_(keys)),
            select(GOTermAltId.alt_id.label("asked"), *TERM_COLUMNS)
            .join(GOTerm, GOTerm.go_id == GOTermAltId.go_id)
            .where(GOTermAltId.alt_id.in_(keys)),
        )
        rows = await fetch.rows(statement)
        found = {row.asked: term_of(row[1:]) for row in rows}
        return [found.get(key) for key in keys]

    return Loaders(
        genes_by_pk=DataLoader(genes_by_pk),
        genes_by_gene_id=DataLoader(genes_by_gene_id),
        genes_by_symbol=DataLoader(genes_by_symbol),
        species=DataLoader(species),
        aliases=DataLoader(aliases),
        xrefs=DataLoader(xrefs),
        changes=DataLoader(changes),
        annotations=DataLoader(annotations),
        orthologs=DataLoader(orthologs),
        terms=DataLoader(terms),
        alt_ids=DataLoader(alt_ids),
        synonyms=DataLoader(partial(ontology.synonyms, fetch)),
        parents=DataLoader(partial(ontology.parents, fetch)),
        children=DataLoader(partial(ontology.children, fetch)),
        ancestors=DataLoader(partial(ontology.ancestors, fetch)),
        descendants=DataLoader(partial(ontology.descendants, fetch)),
        term_genes=DataLoader(partial(ontology.term_genes, fetch)),
        genes_by_alias=DataLoader(partial(gene_lookups.genes_by_alias, fetch)),
        genes_by_xref=DataLoader(partial(gene_lookups.genes_by_xref, fetch)),
        genes_by_discontinued_id=DataLoader(partial(history.genes_by_discontinued_id, fetch)),
        discontinued_genes=DataLoader(partial(history.discontinued_genes, fetch)),
        discontinued_by_gene=DataLoader(partial(history.discontinued_by_gene, fetch)),
        annotation_changes=DataLoader(partial(history.annotation_changes, fetch)),
        releases_by_pk=DataLoader(partial(history.releases_by_pk, fetch)),
    )
