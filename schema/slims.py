"""GO slim summaries: the `slimSummary` root field and the types of its answer
(``Gene.slimTerms`` is in schema/types.py; the mapping in resolvers/slims.py)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from genegraph.db.models import GOCategory
from genegraph.resolvers.context import Context
from genegraph.resolvers.records import GeneRecord
from genegraph.resolvers.slims import (
    MAX_SUMMARY_GENES,
    SlimMapping,
    SlimSummaryRecord,
    SlimTermCount,
    slim_summary,
)
from genegraph.schema.slim_arguments import SlimArgument, SlimMappingArgument
from genegraph.schema.types import Gene, GOTerm


@strawberry.type(name="SlimTermCount", description="One slim term and the genes mapped to it.")
class SlimTermCountType:
    term: GOTerm = strawberry.field(description="The slim term.")
    gene_count: int = strawberry.field(
        description="Genes mapped to the term (by `mapping`; a gene counts once)."
    )
    annotated_term_count: int = strawberry.field(
        description="Distinct GO terms (of `category`, when given) annotated to the counted "
        "genes that are this term or lie below it (is_a, part_of), whatever `mapping`."
    )

    @classmethod
    def from_record(cls, record: SlimTermCount) -> SlimTermCountType:
        return cls(
            term=GOTerm.from_record(record.term),
            gene_count=record.gene_count,
            annotated_term_count=record.annotated_term_count,
        )


def _genes(records: list[GeneRecord]) -> list[Gene]:
    return [Gene.from_record(record) for record in records]


@strawberry.type(description="How a set of genes of one species maps to a GO slim.")
class SlimSummary:
    terms: list[SlimTermCountType] = strawberry.field(
        description="Every slim term, most genes first (then most annotated terms, then by name)."
    )
    gene_count: int = strawberry.field(
        description="Distinct genes of the species among `genes`: the genes counted."
    )
    unknown_genes: list[strawberry.ID] = strawberry.field(
        description="Ids that match no gene, as given; not counted."
    )
    unmapped_records: strawberry.Private[list[GeneRecord]]
    other_taxon_records: strawberry.Private[list[GeneRecord]]

    @classmethod
    def from_record(cls, record: SlimSummaryRecord) -> SlimSummary:
        return cls(
            terms=[SlimTermCountType.from_record(t) for t in record.terms],
            gene_count=record.gene_count,
            unknown_genes=[strawberry.ID(i) for i in record.unknown_genes],
            unmapped_records=record.unmapped_genes,
            other_taxon_records=record.other_taxon_genes,
        )

    @strawberry.field(
        description="Counted genes mapped to no slim term (none of their terms of "
        "`category` is, or lies below, one)."
    )
    def unmapped_genes(self) -> list[Gene]:
        return _genes(self.unmapped_records)

    @strawberry.field(description="Genes of another species than `taxon`; not counted.")
    def other_taxon_genes(self) -> list[Gene]:
        return _genes(self.other_taxon_records)


@strawberry.type
class SlimQueries:
    @strawberry.field(
        description="GO slim summary, as goatools' map2slim: the genes mapped to each slim "
        "term (see `Gene.slimTerms`) and the genes mapped to none. Ids that match no gene "
        "or a gene of another species are reported, not counted. Example: "
        'slimSummary(genes: ["NCBIGene:3558"], slim: ["GO:0002376"], taxon: 9606).'
    )
    async def slim_summary(
        self,
        info: Info[Context, None],
        genes: Annotated[
            list[strawberry.ID],
            strawberry.argument(
                description=f'The genes, e.g. ["NCBIGene:3558"]; at most '
                f"{MAX_SUMMARY_GENES:,}. Repeats count once."
            ),
        ],
        slim: SlimArgument,
        taxon: Annotated[
            int,
            strawberry.argument(description="NCBI Taxonomy id of the species, e.g. 9606."),
        ],
        category: Annotated[
            GOCategory | None,
            strawberry.argument(
                description="Map only the genes' terms of this GO aspect; all aspects when omitted."
            ),
        ] = None,
        mapping: SlimMappingArgument = SlimMapping.DIRECT,
    ) -> SlimSummary:
        record = await slim_summary(info.context.loaders, genes, slim, taxon, category, mapping)
        return SlimSummary.from_record(record)
