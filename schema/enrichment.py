"""GO enrichment: the `enrichment` root field and the types of its answer."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from genegraph.db.models import GOCategory
from genegraph.resolvers.context import Context
from genegraph.resolvers.enrichment import (
    DEFAULT_MAX_RESULTS,
    DEFAULT_MIN_TERM_GENES,
    MAX_BACKGROUND_GENES,
    MAX_RESULTS,
    MAX_STUDY_GENES,
    EnrichedTermRecord,
    EnrichmentRecord,
    EnrichmentRequest,
    run_enrichment,
)
from genegraph.resolvers.records import GeneRecord
from genegraph.schema.types import Gene, GOTerm


def _genes(records: tuple[GeneRecord, ...] | list[GeneRecord]) -> list[Gene]:
    return [Gene.from_record(record) for record in records]


@strawberry.type(description="A GO term tested for over-representation in the study genes.")
class EnrichedTerm:
    study_count: int = strawberry.field(
        description="k: study genes annotated to the term (or a descendant)."
    )
    background_count: int = strawberry.field(
        description="K: background genes annotated to the term (or a descendant), study "
        "genes included."
    )
    fold_enrichment: float = strawberry.field(
        description="(k / n) / (K / N): how many times more frequent the term is among the "
        "study genes than in the background."
    )
    p_value: float = strawberry.field(
        description="One-sided Fisher exact (hypergeometric) p-value of seeing k or more "
        "study genes on the term by chance: P(X >= k), X ~ Hypergeometric(N, K, n). "
        "Very small values may underflow to 0."
    )
    fdr: float = strawberry.field(
        description="Benjamini-Hochberg adjusted p-value over all `testedTerms`."
    )
    record: strawberry.Private[EnrichedTermRecord]

    @classmethod
    def from_record(cls, record: EnrichedTermRecord) -> EnrichedTerm:
        return cls(
            study_count=record.study_count,
            background_count=record.background_count,
            fold_enrichment=record.fold_enrichment,
            p_value=record.p_value,
            fdr=record.fdr,
            record=record,
        )

    @strawberry.field(description="The term.")
    async def term(self, info: Info[Context, None]) -> GOTerm:
        go_id = self.record.go_id
        record = await info.context.loaders.terms.load(go_id)
        assert record is not None, f"term {go_id} vanished while answering"
        return GOTerm.from_record(record)

    @strawberry.field(description="The study genes annotated to the term, ordered by symbol.")
    def study_genes(self) -> list[Gene]:
        return _genes(self.record.study_genes)


@strawberry.type(
    description="GO terms over-represented in a set of study genes compared with a "
    "background. n and N are `studySize` and `backgroundSize`."
)
class Enrichment:
    terms: list[EnrichedTerm] = strawberry.field(
        description="Terms with at least one study gene, smallest p-value first (ties by "
        "term id), at most `maxResults` of them."
    )
    study_size: int = strawberry.field(
        description="n: distinct study genes of the species in the background, the ones the "
        "test counts."
    )
    background_size: int = strawberry.field(
        description="N: background genes with at least one counted annotation (of "
        "`category`, with `evidence`, when given)."
    )
    tested_terms: int = strawberry.field(
        description="Terms tested (annotated to at least `minTermGenes` background genes): "
        "the family the FDR is adjusted over."
    )
    unknown_genes: list[strawberry.ID] = strawberry.field(
        description="Study ids that match no gene, as given."
    )
    unknown_background_genes: list[strawberry.ID] = strawberry.field(
        description="Background ids that match no gene, as given."
    )
    other_taxon_background_genes: list[strawberry.ID] = strawberry.field(
        description="Background ids of genes of another species than `taxon`, as given; "
        "not counted."
    )
    other_taxon_records: strawberry.Private[list[GeneRecord]]
    unannotated_records: strawberry.Private[list[GeneRecord]]

    @classmethod
    def from_record(cls, record: EnrichmentRecord) -> Enrichment:
        return cls(
            terms=[EnrichedTerm.from_record(term) for term in record.terms],
            study_size=record.study_size,
            background_size=record.background_size,
            tested_terms=record.tested_terms,
            unknown_genes=[strawberry.ID(i) for i in record.unknown_genes],
            unknown_background_genes=[strawberry.ID(i) for i in record.unknown_background_genes],
            other_taxon_background_genes=[
                strawberry.ID(i) for i in record.other_taxon_background_genes
            ],
            other_taxon_records=record.other_taxon_genes,
            unannotated_records=record.unannotated_genes,
        )

    @strawberry.field(description="Study genes of another species than `taxon`; not counted.")
    def other_taxon_genes(self) -> list[Gene]:
        return _genes(self.other_taxon_records)

    @strawberry.field(
        description="Study genes of the species outside the background: without a counted "
        "annotation (none of `category`, none with `evidence`), or not among `background` "
        "when it is given. Not counted."
    )
    def unannotated_genes(self) -> list[Gene]:
        return _genes(self.unannotated_records)


@strawberry.type
class EnrichmentQueries:
    @strawberry.field(
        description="GO enrichment analysis: the GO terms over-represented in the study "
        "genes compared with the background, as goatools' GOEA computes it with counts "
        "propagated over is_a and part_of and a one-sided Fisher test. An annotation counts "
        "for its term and every ancestor over is_a and part_of (not regulates); NOT-"
        "qualified annotations and obsolete terms are left out; a gene counts once per "
        "term. Every term of a background gene is tested; FDR is Benjamini-Hochberg. Ids "
        "that match no gene or a gene of another species are reported, not counted. "
        'Example: enrichment(genes: ["NCBIGene:3558", "NCBIGene:3559"], taxon: 9606).'
    )
    async def enrichment(
        self,
        info: Info[Context, None],
        genes: Annotated[
            list[strawberry.ID],
            strawberry.argument(
                description=f'The study genes, e.g. ["NCBIGene:3558"]; at most '
                f"{MAX_STUDY_GENES:,}. Repeats count once."
            ),
        ],
        taxon: Annotated[
            int,
            strawberry.argument(
                description="NCBI Taxonomy id of the species, e.g. 9606; one of `species`."
            ),
        ],
        category: Annotated[
            GOCategory | None,
            strawberry.argument(
                description="Test only terms of this GO aspect; the background is then the "
                "genes annotated in it. All aspects, as one family, when omitted."
            ),
        ] = None,
        background: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(
                description="The genes the study genes were drawn from (e.g. all genes "
                "measured), at most "
                f"{MAX_BACKGROUND_GENES:,}; those without a counted annotation are left out. "
                "Default: every annotated gene of the species."
            ),
        ] = None,
        evidence: Annotated[
            list[str] | None,
            strawberry.argument(
                description='Count only annotations with these evidence codes, e.g. ["IDA", '
                '"IMP", "IPI"]; every code when omitted.'
            ),
        ] = None,
        min_term_genes: Annotated[
            int | None,
            strawberry.argument(
                description="Test only terms annotated to at least this many background "
                "genes (fewer tests, a smaller FDR adjustment)."
            ),
        ] = DEFAULT_MIN_TERM_GENES,
        max_results: Annotated[
            int | None,
            strawberry.argument(
                description=f"Report at most this many terms, 1 to {MAX_RESULTS:,}."
            ),
        ] = DEFAULT_MAX_RESULTS,
    ) -> Enrichment:
        request = EnrichmentRequest.of(
            genes=genes,
            taxon=taxon,
            category=category,
            background=background,
            evidence=evidence,
            min_term_genes=min_term_genes,
            max_results=max_results,
        )
        context = info.context
        record = await run_enrichment(context.engine, context.loaders, request)
        return Enrichment.from_record(record)
