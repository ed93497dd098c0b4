"""Strawberry types: the shapes clients see. Scalar fields are plain attributes
(the cheapest thing graphql-core can resolve); related data comes from the
request's DataLoaders."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from db.identifiers import gene_curie, taxon_curie
from db.models import GOCategory
from resolvers.context import Context
from resolvers.records import (
    AnnotationRecord,
    ChangeRecord,
    GeneRecord,
    SpeciesRecord,
    TermRecord,
    XrefRecord,
)

# The storage enum is the GraphQL enum too: values travel from rows to JSON unconverted.
strawberry.enum(
    GOCategory,
    name="GOCategory",
    description="The three Gene Ontology aspects (OBO namespaces).",
)

CategoryArgument = Annotated[
    GOCategory | None,
    strawberry.argument(description="Only terms of this GO aspect; all aspects when omitted."),
]


@strawberry.type(description="An organism, identified by its NCBI Taxonomy id.")
class Species:
    id: strawberry.ID = strawberry.field(description='CURIE, e.g. "NCBITaxon:9606".')
    taxon_id: int = strawberry.field(description="NCBI Taxonomy id, e.g. 9606.")
    scientific_name: str = strawberry.field(description='e.g. "Homo sapiens".')
    common_name: str | None = strawberry.field(description='e.g. "human".')

    @classmethod
    def from_record(cls, record: SpeciesRecord) -> Species:
        return cls(
            id=strawberry.ID(taxon_curie(record.taxon_id)),
            taxon_id=record.taxon_id,
            scientific_name=record.scientific_name,
            common_name=record.common_name,
        )


@strawberry.type(name="GOTerm", description="A Gene Ontology term.")
class GOTerm:
    id: strawberry.ID = strawberry.field(
        description='The primary GO id, e.g. "GO:0006955". Asking for a secondary (alt) id '
        "answers with its primary term."
    )
    name: str = strawberry.field(description='e.g. "immune response".')
    category: GOCategory = strawberry.field(description="The term's GO aspect.")
    definition: str | None = strawberry.field(description="The ontology's definition text.")
    is_obsolete: bool = strawberry.field(description="True when the ontology marks it obsolete.")
    replaced_by: strawberry.ID | None = strawberry.field(
        description="For an obsolete term, the term to use instead, where the ontology names one."
    )
    consider: list[strawberry.ID] = strawberry.field(
        description="For an obsolete term, terms the ontology suggests considering instead."
    )

    @classmethod
    def from_record(cls, record: TermRecord) -> GOTerm:
        return cls(
            id=strawberry.ID(record.go_id),
            name=record.name,
            category=record.category,
            definition=record.definition,
            is_obsolete=record.is_obsolete,
            replaced_by=None if record.replaced_by is None else strawberry.ID(record.replaced_by),
            consider=[strawberry.ID(go_id) for go_id in record.consider.split()],
        )

    @strawberry.field(
        description="Secondary ids: ids of terms merged into this one, which still resolve to it."
    )
    async def alt_ids(self, info: Info[Context, None]) -> list[strawberry.ID]:
        return [strawberry.ID(a) for a in await info.context.loaders.alt_ids.load(self.id)]


@strawberry.type(
    name="GOAnnotation", description="A statement, by one source, that a gene has a GO term."
)
class GOAnnotation:
    term: GOTerm = strawberry.field(description="The annotated term (the primary term).")
    evidence: str | None = strawberry.field(
        description='GO evidence code, e.g. "IDA", "TAS", "IEA"; null when the source gives none.'
    )
    qualifier: str | None = strawberry.field(
        description='e.g. "NOT", "contributes_to"; null when none.'
    )
    references: list[str] = strawberry.field(
        description='Supporting references, e.g. "PMID:2827345".'
    )
    source_id: str = strawberry.field(
        description="The GO id exactly as the source wrote it; differs from `term.id` when "
        "the source used a secondary id of a merged term."
    )
    source: str = strawberry.field(
        description='Where the statement comes from: "gene page", "NCBI gene2go" or '
        '"GO Consortium GAF".'
    )
    with_from: list[str] = strawberry.field(
        description='GAF "with/from": e.g. the protein an IPI annotation interacts with.'
    )
    assigned_by: str | None = strawberry.field(
        description='GAF: the group that made the annotation, e.g. "UniProt".'
    )
    date: str | None = strawberry.field(description="GAF: when it was made, as YYYYMMDD.")

    @classmethod
    def from_record(cls, record: AnnotationRecord) -> GOAnnotation:
        return cls(
            term=GOTerm.from_record(record.term),
            evidence=record.evidence,
            qualifier=record.qualifier,
            references=list(record.references),
            source_id=record.source_go_id,
            source=record.source,
            with_from=list(record.with_from),
            assigned_by=record.assigned_by,
            date=record.annotated_on,
        )


@strawberry.type(description="A link to a record of this gene in another resource.")
class Xref:
    database: str = strawberry.field(description='e.g. "Ensembl", "MIM", "HGNC".')
    id: str = strawberry.field(description="The record's id in that database.")
    url: str | None = strawberry.field(description="The record's address, when known.")

    @classmethod
    def from_record(cls, record: XrefRecord) -> Xref:
        return cls(database=record.database, id=record.identifier, url=record.url)


@strawberry.type(description='A line of the gene page\'s "Changes associated with this gene".')
class GeneChange:
    description: str = strawberry.field(description="What changed, as the source says it.")
    source: str = strawberry.field(description="Where the change was read.")

    @classmethod
    def from_record(cls, record: ChangeRecord) -> GeneChange:
        return cls(description=record.description, source=record.source)


@strawberry.type(description="A gene of another species that is orthologous to this one.")
class Ortholog:
    gene: Gene = strawberry.field(description="The orthologous gene.")
    source: str = strawberry.field(
        description='Who asserts the orthology: "gene page", "NCBI Gene" (gene_orthologs) or '
        '"HomoloGene" (a shared HomoloGene group).'
    )


@strawberry.type(description="A gene of one species, as NCBI Gene and the gene page describe it.")
class Gene:
    id: strawberry.ID = strawberry.field(
        description='CURIE: "NCBIGene:3558"; for a gene known only from a gene page, '
        '"GeneSymbol:<taxon>/<symbol>", e.g. "GeneSymbol:9606/IL2".'
    )
    gene_id: int | None = strawberry.field(
        description="NCBI GeneID; null when the gene is known only from a gene page."
    )
    symbol: str = strawberry.field(description='Official symbol, e.g. "IL2".')
    name: str | None = strawberry.field(description='Full name, e.g. "interleukin 2".')
    summary: str | None = strawberry.field(description="Summary of the gene's function.")
    summary_provenance: str | None = strawberry.field(
        description='Who wrote the summary and when, e.g. "provided by RefSeq, Jul 2008".'
    )
    type: str | None = strawberry.field(description='NCBI gene type, e.g. "protein-coding".')
    chromosome: str | None = strawberry.field(description='e.g. "4".')
    map_location: str | None = strawberry.field(description='Cytogenetic location, e.g. "4q27".')
    pk: strawberry.Private[int]
    taxon_id: strawberry.Private[int]

    @classmethod
    def from_record(cls, record: GeneRecord) -> Gene:
        return cls(
            id=strawberry.ID(gene_curie(record.gene_id, record.taxon_id, record.symbol)),
            gene_id=record.gene_id,
            symbol=record.symbol,
            name=record.name,
            summary=record.summary,
            summary_provenance=record.summary_provenance,
            type=record.gene_type,
            chromosome=record.chromosome,
            map_location=record.map_location,
            pk=record.pk,
            taxon_id=record.taxon_id,
        )

    @strawberry.field(description="The gene's species.")
    async def species(self, info: Info[Context, None]) -> Species:
        record = await info.context.loaders.species.load(self.taxon_id)
        assert record is not None, f"species {self.taxon_id} missing: foreign key broken"
        return Species.from_record(record)

    @strawberry.field(description="Other symbols the gene is known by (NCBI Synonyms).")
    async def aliases(self, info: Info[Context, None]) -> list[str]:
        return await info.context.loaders.aliases.load(self.pk)

    @strawberry.field(
        description="The distinct GO terms the gene is annotated with, by any source, "
        "ordered by name. NOT-qualified annotations (the gene does not have the term) are "
        "left out; `annotations` lists them."
    )
    async def go_terms(
        self, info: Info[Context, None], category: CategoryArgument = None
    ) -> list[GOTerm]:
        annotations = await info.context.loaders.annotations.load(self.pk)
        terms: dict[str, TermRecord] = {}
        for annotation in annotations:
            if annotation.negated:
                continue
            if category is None or annotation.term.category is category:
                terms.setdefault(annotation.term.go_id, annotation.term)
        return [GOTerm.from_record(term) for term in terms.values()]

    @strawberry.field(
        description="Every GO annotation of the gene, one per source statement, "
        "ordered by term name."
    )
    async def annotations(
        self,
        info: Info[Context, None],
        category: CategoryArgument = None,
        evidence: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Only annotations with one of these evidence codes, "
                'e.g. ["IDA", "IMP"].'
            ),
        ] = None,
    ) -> list[GOAnnotation]:
        annotations = await info.context.loaders.annotations.load(self.pk)
        codes = None if evidence is None else set(evidence)
        return [
            GOAnnotation.from_record(a)
            for a in annotations
            if (category is None or a.term.category is category)
            and (codes is None or a.evidence in codes)
        ]

    @strawberry.field(
        description="Orthologous genes in other species, from every source that asserts them; "
        "a gene with several orthologs in one species lists each."
    )
    async def orthologs(
        self,
        info: Info[Context, None],
        taxa: Annotated[
            list[int] | None,
            strawberry.argument(
                description="Only orthologs in these species "
                "(NCBI Taxonomy ids, e.g. [10090, 10116])."
            ),
        ] = None,
    ) -> list[Ortholog]:
        orthologs = await info.context.loaders.orthologs.load(self.pk)
        wanted = None if taxa is None else set(taxa)
        return [
            Ortholog(gene=Gene.from_record(o.gene), source=o.source)
            for o in orthologs
            if wanted is None or o.gene.taxon_id in wanted
        ]

    @strawberry.field(description='The gene page\'s "Links to external resources".')
    async def xrefs(self, info: Info[Context, None]) -> list[Xref]:
        return [Xref.from_record(x) for x in await info.context.loaders.xrefs.load(self.pk)]

    @strawberry.field(description='The gene page\'s "Changes associated with this gene".')
    async def changes(self, info: Info[Context, None]) -> list[GeneChange]:
        return [GeneChange.from_record(c) for c in await info.context.loaders.changes.load(self.pk)]
