"""Strawberry types: the shapes clients see. Scalar fields are plain attributes
(the cheapest thing graphql-core can resolve); related data comes from the
request's DataLoaders. Each type's scalar fields are read from its record by one table
(``RECORD_FIELDS``), which ``from_record`` builds the type with and planned execution
answers the fields with (genegraph.execution.planned.plan)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import Info

from genegraph.db.identifiers import gene_curie, taxon_curie
from genegraph.db.models import GOCategory
from genegraph.execution.internals import described_enum, federation_key
from genegraph.resolvers import links
from genegraph.resolvers.annotation_filters import AnnotationFilter, filtered, primary_term_id
from genegraph.resolvers.context import Context
from genegraph.resolvers.evidence import EvidenceGroup, wanted_codes
from genegraph.resolvers.ontology import DescendantsKey, RelatedTerm
from genegraph.resolvers.pagination import window
from genegraph.resolvers.records import (
    AnnotationRecord,
    ChangeRecord,
    GeneRecord,
    OrthologRecord,
    SpeciesRecord,
    TermRecord,
    XrefRecord,
)
from genegraph.resolvers.slims import SlimMapping, gene_slim_terms
from genegraph.resolvers.taxon_arguments import wanted_taxa
from genegraph.resolvers.term_genes import TermGenesKey
from genegraph.schema.connections import (
    AfterArgument,
    Connection,
    FirstArgument,
    connection,
    sliced,
)
from genegraph.schema.node_interface import Node
from genegraph.schema.slim_arguments import SlimArgument, SlimMappingArgument

if TYPE_CHECKING:
    from genegraph.schema.history import GeneHistory  # schema.history builds on this module's types

Read = Callable[[Any], Any]
"""Reads one field's value from a record, as the type holds it (an enum member, not its
name): planned execution serializes it as graphql-core would."""

SPECIES_FIELDS: dict[str, Read] = {
    "id": lambda s: taxon_curie(s.taxon_id),
    "taxon_id": attrgetter("taxon_id"),
    "scientific_name": attrgetter("scientific_name"),
    "common_name": attrgetter("common_name"),
}
TERM_FIELDS: dict[str, Read] = {
    "id": attrgetter("go_id"),
    "name": attrgetter("name"),
    "category": attrgetter("category"),
    "definition": attrgetter("definition"),
    "is_obsolete": attrgetter("is_obsolete"),
    "replaced_by": attrgetter("replaced_by"),
    "consider": lambda t: t.consider.split(),
}
ANNOTATION_FIELDS: dict[str, Read] = {  # and its term, GOTerm.from_record
    "evidence": attrgetter("evidence"),
    "qualifier": attrgetter("qualifier"),
    "references": lambda a: list(a.references),
    "source_id": attrgetter("source_go_id"),
    "source": attrgetter("source"),
    "with_from": lambda a: list(a.with_from),
    "assigned_by": attrgetter("assigned_by"),
    "date": attrgetter("annotated_on"),
}
ORTHOLOG_FIELDS: dict[str, Read] = {  # and its gene, Gene.from_record
    "sources": lambda o: list(o.sources),
    "source": lambda o: o.sources[0],
}
GENE_FIELDS: dict[str, Read] = {
    "id": gene_curie,
    "gene_id": attrgetter("gene_id"),
    "symbol": attrgetter("symbol"),
    "name": attrgetter("name"),
    "summary": attrgetter("summary"),
    "summary_provenance": attrgetter("summary_provenance"),
    "type": attrgetter("gene_type"),
    "chromosome": attrgetter("chromosome"),
    "map_location": attrgetter("map_location"),
}


def _read_all(fields: Mapping[str, Read], record: Any) -> dict[str, Any]:
    return {name: read(record) for name, read in fields.items()}


# The storage enum is the GraphQL enum too: values travel from rows to JSON unconverted.
described_enum(
    GOCategory,
    name="GOCategory",
    description="The three Gene Ontology aspects (OBO namespaces).",
    values={
        GOCategory.BIOLOGICAL_PROCESS: "Processes a gene product takes part in, e.g. "
        '"immune response" (namespace biological_process).',
        GOCategory.CELLULAR_COMPONENT: "Where in or around the cell a gene product acts, "
        'e.g. "extracellular space" (namespace cellular_component).',
        GOCategory.MOLECULAR_FUNCTION: "What a gene product does at the molecular level, "
        'e.g. "cytokine activity" (namespace molecular_function).',
    },
)

described_enum(
    EvidenceGroup,
    name="EvidenceGroup",
    description="The groups the GO Consortium sorts evidence codes into: EXPERIMENTAL "
    "(EXP IDA IPI IMP IGI IEP HTP HDA HMP HGI HEP), PHYLOGENETIC (IBA IBD IKR IRD), "
    "COMPUTATIONAL (ISS ISO ISA ISM IGC RCA), AUTHOR_STATEMENT (TAS NAS), "
    "CURATOR_STATEMENT (IC ND), ELECTRONIC (IEA).",
    values={
        EvidenceGroup.EXPERIMENTAL: "From experiments, small-scale or high-throughput: "
        "EXP IDA IPI IMP IGI IEP HTP HDA HMP HGI HEP.",
        EvidenceGroup.PHYLOGENETIC: "Inferred from the annotations of related genes in a "
        "phylogenetic tree: IBA IBD IKR IRD.",
        EvidenceGroup.COMPUTATIONAL: "From sequence or structure analysis reviewed by a "
        "curator: ISS ISO ISA ISM IGC RCA.",
        EvidenceGroup.AUTHOR_STATEMENT: "Stated by a paper's authors: TAS NAS.",
        EvidenceGroup.CURATOR_STATEMENT: "A curator's inference, or no data found: IC ND.",
        EvidenceGroup.ELECTRONIC: "Assigned automatically, not reviewed by a curator: IEA.",
    },
)

EvidenceArgument = Annotated[
    list[str] | None,
    strawberry.argument(
        description='Only annotations with one of these evidence codes, e.g. ["IDA", "IMP"]; '
        "combined with `evidenceGroups` as a union."
    ),
]
EvidenceGroupsArgument = Annotated[
    list[EvidenceGroup] | None,
    strawberry.argument(description="Only annotations whose evidence is in one of these groups."),
]
RegulatesArgument = Annotated[
    bool,
    strawberry.argument(
        description="Also follow regulates, positively_regulates and negatively_regulates "
        "(is_a and part_of are always followed)."
    ),
]
TaxonFilterArgument = Annotated[
    int | None,
    strawberry.argument(description="Only genes of this species (NCBI Taxonomy id)."),
]

DescendantOfArgument = Annotated[
    strawberry.ID | None,
    strawberry.argument(
        description="Only terms that are this term or lie below it over is_a and part_of, "
        'e.g. "GO:0006955" (immune response).'
    ),
]
IncludeNegatedArgument = Annotated[
    bool,
    strawberry.argument(
        description="Include NOT-qualified annotations (statements that the gene does not "
        "have the term)."
    ),
]

CategoryArgument = Annotated[
    GOCategory | None,
    strawberry.argument(description="Only terms of this GO aspect; all aspects when omitted."),
]


@strawberry.type(description="An organism, identified by its NCBI Taxonomy id.")
class Species(Node):
    id: strawberry.ID = strawberry.field(description='CURIE, e.g. "NCBITaxon:9606".')
    taxon_id: int = strawberry.field(description="NCBI Taxonomy id, e.g. 9606.")
    scientific_name: str = strawberry.field(description='e.g. "Homo sapiens".')
    common_name: str | None = strawberry.field(description='e.g. "human".')

    @classmethod
    def from_record(cls, record: SpeciesRecord) -> Species:
        return cls(**_read_all(SPECIES_FIELDS, record))

    @strawberry.field(description="How many of its genes the served release holds.")
    async def gene_count(self, info: Info[Context, None]) -> int:
        return await info.context.loaders.gene_counts.load(self.taxon_id)


@strawberry.type(
    name="GOTerm",
    description="A Gene Ontology term.",
    directives=[federation_key("id")],  # a federation entity (schema/federation.py)
)
class GOTerm(Node):
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
        return cls(**_read_all(TERM_FIELDS, record))

    @strawberry.field(
        description="Secondary ids: ids of terms merged into this one, which still resolve to it."
    )
    async def alt_ids(self, info: Info[Context, None]) -> list[strawberry.ID]:
        return [strawberry.ID(a) for a in await info.context.loaders.alt_ids.load(self.id)]

    @strawberry.field(description="Other names of the term, each with its OBO scope.")
    async def synonyms(self, info: Info[Context, None]) -> list[GOTermSynonym]:
        return [
            GOTermSynonym(text=s.text, scope=s.scope)
            for s in await info.context.loaders.synonyms.load(self.id)
        ]

    @strawberry.field(
        description="The terms directly above this one, each with the relation that links "
        "them (is_a, part_of, regulates, ...)."
    )
    async def parents(self, info: Info[Context, None]) -> list[GOTermRelationship]:
        return _relationships(await info.context.loaders.parents.load(self.id))

    @strawberry.field(description="The terms directly below this one, with their relation.")
    async def children(self, info: Info[Context, None]) -> list[GOTermRelationship]:
        return _relationships(await info.context.loaders.children.load(self.id))

    @strawberry.field(
        description="Every term above this one over is_a and part_of (and regulates when "
        "asked), from the closure stored at load; the term itself is not included."
    )
    async def ancestors(
        self, info: Info[Context, None], include_regulates: RegulatesArgument = False
    ) -> list[GOTerm]:
        records = await info.context.loaders.ancestors.load((self.id, include_regulates))
        return [GOTerm.from_record(r) for r in records]

    @strawberry.field(
        description="Every term below this one over is_a and part_of (and regulates when "
        "asked), paged, ordered by id; the term itself is not included."
    )
    async def descendants(
        self,
        info: Info[Context, None],
        include_regulates: RegulatesArgument = False,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[GOTerm]:
        page = window(first, after)
        found = await info.context.loaders.descendants.load(
            DescendantsKey(self.id, include_regulates, page)
        )
        return connection(found.items, page, found.total, GOTerm.from_record)

    @strawberry.field(
        description="Genes annotated to this term, paged, ordered by symbol. With "
        "`includeDescendants` (the default) a gene counts when it is annotated to the term or "
        "to any term below it over is_a and part_of (and regulates with `includeRegulates`), "
        "as QuickGO's descendants usage; NOT-qualified annotations never count."
    )
    async def genes(
        self,
        info: Info[Context, None],
        taxon: TaxonFilterArgument = None,
        include_descendants: Annotated[
            bool,
            strawberry.argument(description="Count annotations to terms below this one too."),
        ] = True,
        include_regulates: RegulatesArgument = False,
        evidence: EvidenceArgument = None,
        evidence_groups: EvidenceGroupsArgument = None,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[Gene]:
        page = window(first, after)
        key = TermGenesKey(
            self.id,
            taxon,
            include_descendants,
            include_regulates,
            wanted_codes(evidence, evidence_groups),
            page,
        )
        found = await info.context.loaders.term_genes.load(key)
        return connection(found.items, page, found.total, Gene.from_record)

    @strawberry.field(description="The term's page on QuickGO (EMBL-EBI).")
    def quick_go_url(self) -> str:
        return links.quickgo_url(self.id)

    @strawberry.field(description="The term's page on AmiGO (GO Consortium).")
    def amigo_url(self) -> str:
        return links.amigo_url(self.id)


@strawberry.type(name="GOTermSynonym", description="Another name of a GO term.")
class GOTermSynonym:
    text: str = strawberry.field(description='e.g. "immune process".')
    scope: str = strawberry.field(
        description="How close the synonym is, as OBO says: EXACT, BROAD, NARROW or RELATED."
    )


@strawberry.type(
    name="GOTermRelationship",
    description="A term linked to another by one ontology relation.",
)
class GOTermRelationship:
    relation: str = strawberry.field(
        description='The relation: "is_a", "part_of", "regulates", "positively_regulates", '
        '"negatively_regulates", ...'
    )
    term: GOTerm = strawberry.field(description="The term at the other end.")


def _relationships(related: list[RelatedTerm]) -> list[GOTermRelationship]:
    return [
        GOTermRelationship(relation=r.relation, term=GOTerm.from_record(r.term)) for r in related
    ]


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
        return cls(term=GOTerm.from_record(record.term), **_read_all(ANNOTATION_FIELDS, record))


@strawberry.type(description="A link to a record of this gene in another resource.")
class Xref:
    database: str = strawberry.field(description='e.g. "Ensembl", "MIM", "HGNC".')
    id: str = strawberry.field(description="The record's id in that database.")
    url: str | None = strawberry.field(description="The record's address, when known.")

    @classmethod
    def from_record(cls, record: XrefRecord) -> Xref:
        url = record.url or links.gene_record_url(record.database, record.identifier)
        return cls(database=record.database, id=record.identifier, url=url)


def ncbi_gene_xref(gene_id: int) -> Xref:
    return Xref(
        database=links.NCBI_GENE_DATABASE, id=str(gene_id), url=links.ncbi_gene_url(gene_id)
    )


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
    sources: list[str] = strawberry.field(
        description='Every source that asserts the orthology, each once, in this order: "gene '
        'page", "NCBI Gene" (gene_orthologs), "HomoloGene" (a shared HomoloGene group), then '
        "any other alphabetically."
    )
    source: str = strawberry.field(
        description="The first of `sources`.",
        deprecation_reason="An ortholog asserted by several sources is one entry: use `sources`.",
    )

    @classmethod
    def from_record(cls, record: OrthologRecord) -> Ortholog:
        return cls(gene=Gene.from_record(record.gene), **_read_all(ORTHOLOG_FIELDS, record))


@strawberry.type(
    description="A gene of one species, as NCBI Gene and the gene page describe it.",
    directives=[federation_key("id")],  # a federation entity (schema/federation.py)
)
class Gene(Node):
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
        return cls(pk=record.pk, taxon_id=record.taxon_id, **_read_all(GENE_FIELDS, record))

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
        "left out; `annotations(includeNegated: true)` lists them."
    )
    async def go_terms(
        self,
        info: Info[Context, None],
        category: CategoryArgument = None,
        evidence: EvidenceArgument = None,
        evidence_groups: EvidenceGroupsArgument = None,
        descendant_of: DescendantOfArgument = None,
    ) -> list[GOTerm]:
        annotations = await self._annotations(
            info, category, evidence, evidence_groups, descendant_of, include_negated=False
        )
        terms: dict[str, TermRecord] = {}
        for annotation in annotations:
            terms.setdefault(annotation.term.go_id, annotation.term)
        return [GOTerm.from_record(term) for term in terms.values()]

    @strawberry.field(
        description="The gene's GO annotations, one per source statement, ordered by term "
        "name. NOT-qualified ones are left out unless `includeNegated` is true."
    )
    async def annotations(
        self,
        info: Info[Context, None],
        category: CategoryArgument = None,
        evidence: EvidenceArgument = None,
        evidence_groups: EvidenceGroupsArgument = None,
        descendant_of: DescendantOfArgument = None,
        include_negated: IncludeNegatedArgument = False,
    ) -> list[GOAnnotation]:
        annotations = await self._annotations(
            info, category, evidence, evidence_groups, descendant_of, include_negated
        )
        return [GOAnnotation.from_record(a) for a in annotations]

    @strawberry.field(
        description="`annotations`, paged: for clients that show a long list a page at a time."
    )
    async def annotations_connection(
        self,
        info: Info[Context, None],
        category: CategoryArgument = None,
        evidence: EvidenceArgument = None,
        evidence_groups: EvidenceGroupsArgument = None,
        descendant_of: DescendantOfArgument = None,
        include_negated: IncludeNegatedArgument = False,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[GOAnnotation]:
        page = window(first, after)
        annotations = await self._annotations(
            info, category, evidence, evidence_groups, descendant_of, include_negated
        )
        return sliced(annotations, page, GOAnnotation.from_record)

    async def _annotations(
        self,
        info: Info[Context, None],
        category: GOCategory | None,
        evidence: list[str] | None,
        evidence_groups: list[EvidenceGroup] | None,
        descendant_of: strawberry.ID | None,
        include_negated: bool,
    ) -> list[AnnotationRecord]:
        loaders = info.context.loaders
        rule = AnnotationFilter(
            category=category,
            codes=wanted_codes(evidence, evidence_groups),
            include_negated=include_negated,
            descendant_of=None
            if descendant_of is None
            else await primary_term_id(loaders, descendant_of, "descendantOf"),
        )
        return await filtered(loaders, await loaders.annotations.load(self.pk), rule)

    @strawberry.field(
        description="GO slim mapping, as goatools' map2slim: the terms of `slim` that are, "
        "or lie above over is_a and part_of, the gene's annotated terms (NOT-qualified "
        "annotations and obsolete terms left out), ordered by name. "
        'Example: slimTerms(slim: ["GO:0002376", "GO:0009987"]).'
    )
    async def slim_terms(
        self,
        info: Info[Context, None],
        slim: SlimArgument,
        category: CategoryArgument = None,
        mapping: SlimMappingArgument = SlimMapping.DIRECT,
    ) -> list[GOTerm]:
        terms = await gene_slim_terms(info.context.loaders, self.pk, slim, category, mapping)
        return [GOTerm.from_record(term) for term in terms]

    @strawberry.field(
        description="Orthologous genes in other species, from every source that asserts them, "
        "in both directions (mouse to human as well as human to mouse): one entry per "
        "ortholog gene, with every source that asserts it (`sources`), ordered by species "
        "(NCBI Taxonomy id), then symbol; a gene with several orthologs in one species lists "
        "each."
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
        species: Annotated[
            list[str] | None,
            strawberry.argument(
                description='Only orthologs in these species, by name: scientific ("Mus '
                'musculus") or common ("house mouse"), case-insensitive. Combined with `taxa` '
                "as a union."
            ),
        ] = None,
    ) -> list[Ortholog]:
        orthologs = await info.context.loaders.orthologs.load(self.pk)
        wanted = wanted_taxa(taxa, species)
        return [
            Ortholog.from_record(o)
            for o in orthologs
            if wanted is None or o.gene.taxon_id in wanted
        ]

    @strawberry.field(
        description='"Links to external resources": NCBI Gene first, then the gene\'s records '
        "in Ensembl, OMIM (MIM), HGNC, UniProt and others where the sources name them, with "
        "their web addresses where known."
    )
    async def xrefs(self, info: Info[Context, None]) -> list[Xref]:
        own = [] if self.gene_id is None else [ncbi_gene_xref(self.gene_id)]
        return own + [Xref.from_record(x) for x in await info.context.loaders.xrefs.load(self.pk)]

    @strawberry.field(description='The gene page\'s "Changes associated with this gene".')
    async def changes(self, info: Info[Context, None]) -> list[GeneChange]:
        return [GeneChange.from_record(c) for c in await info.context.loaders.changes.load(self.pk)]

    @strawberry.field(
        description="Changes associated with this gene: discontinued GeneIDs merged into it "
        "and, release by release, the annotations added and removed."
    )
    def history(self) -> Annotated[GeneHistory, strawberry.lazy("genegraph.schema.history")]:
        from genegraph.schema.history import GeneHistory

        return GeneHistory(gene_pk=self.pk)


RECORD_FIELDS: dict[str, tuple[type, dict[str, Read]]] = {
    "Gene": (Gene, GENE_FIELDS),
    "Species": (Species, SPECIES_FIELDS),
    "GOTerm": (GOTerm, TERM_FIELDS),
    "GOAnnotation": (GOAnnotation, ANNOTATION_FIELDS),
    "Ortholog": (Ortholog, ORTHOLOG_FIELDS),
}
"""Per GraphQL type: its Strawberry type and the readers of its scalar fields, by the
type's attribute names."""
