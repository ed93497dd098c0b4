"""Root fields that find genes and terms by what clients know of them."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from genegraph.execution.internals import described_enum
from genegraph.resolvers.context import Context
from genegraph.resolvers.gene_matching import MAX_BATCH, GeneMatch, MatchKind, match_batch
from genegraph.resolvers.lookups import find_gene, find_term
from genegraph.schema.types import Gene, GOTerm

described_enum(
    MatchKind,
    name="GeneMatchKind",
    description="How an input was matched to a gene.",
    values={
        MatchKind.ID: 'The gene\'s own id, e.g. "NCBIGene:3558".',
        MatchKind.DISCONTINUED_ID: "A discontinued GeneID, answered with the gene it was "
        "merged into (NCBI gene_history).",
        MatchKind.XREF: 'The gene\'s id in another database, e.g. "Ensembl:ENSG00000109471".',
        MatchKind.SYMBOL: "The gene's official symbol in the species asked for.",
        MatchKind.ALIAS: "Another symbol the gene is known by (NCBI Synonyms).",
    },
)


@strawberry.type(name="GeneMatch", description="The answer for one input of `genes`.")
class GeneMatchResult:
    input: str = strawberry.field(description="The id or symbol as given.")
    gene: Gene | None = strawberry.field(
        description="The gene it names, its current record; null when not found or ambiguous."
    )
    matched_by: MatchKind | None = strawberry.field(
        description="How the input was matched; null when it was not."
    )
    candidates: list[Gene] = strawberry.field(
        description="When the input names several genes (an alias or an external id shared "
        "by several), all of them; `gene` is then null."
    )
    problem: str | None = strawberry.field(
        description="Why `gene` is null: not found, ambiguous or not an id."
    )

    @classmethod
    def from_match(cls, match: GeneMatch) -> GeneMatchResult:
        return cls(
            input=match.input,
            gene=None if match.gene is None else Gene.from_record(match.gene),
            matched_by=match.kind,
            candidates=[Gene.from_record(g) for g in match.candidates],
            problem=match.problem,
        )


@strawberry.type
class LookupQueries:
    @strawberry.field(
        description="A gene by symbol within a species, by id, or by alias. Examples: "
        'gene(symbol: "IL2"), gene(id: "NCBIGene:3558"), gene(id: "Ensembl:ENSG00000109471"), '
        'gene(alias: "TCGF"). A discontinued GeneID or an external id answers with the current '
        "gene. Null when no gene matches; an error when an alias or id names several genes."
    )
    async def gene(
        self,
        info: Info[Context, None],
        symbol: Annotated[
            str | None,
            strawberry.argument(description='Official gene symbol, e.g. "IL2"; case-insensitive.'),
        ] = None,
        taxon: Annotated[
            int | None,
            strawberry.argument(
                description="NCBI Taxonomy id of the species, for `symbol` and `alias`; "
                "human (9606) by default. A species not loaded (see `species`) is an error."
            ),
        ] = 9606,
        id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description='A gene CURIE, e.g. "NCBIGene:3558", or the gene\'s id in another '
                'database: "Ensembl:ENSG00000109471", "MIM:147680", "HGNC:6001".'
            ),
        ] = None,
        alias: Annotated[
            str | None,
            strawberry.argument(
                description='Another symbol the gene is known by (NCBI Synonyms), e.g. "TCGF"; '
                "case-insensitive."
            ),
        ] = None,
    ) -> Gene | None:
        record = await find_gene(
            info.context.loaders, symbol=symbol, taxon=taxon, curie=id, alias=alias
        )
        return None if record is None else Gene.from_record(record)

    @strawberry.field(
        description=f"Many genes at once (at most {MAX_BATCH} inputs per request): one answer "
        "per input, in input order (the `ids`' answers first, then the `symbols`'), each "
        "telling how it matched or why it did not."
    )
    async def genes(
        self,
        info: Info[Context, None],
        ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(
                description="Gene CURIEs or external ids, as for `gene(id:)`, e.g. "
                '["NCBIGene:3558", "Ensembl:ENSG00000111537"].'
            ),
        ] = None,
        symbols: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Official symbols in `taxon`; a symbol that is no gene's official "
                "symbol is tried as an alias."
            ),
        ] = None,
        taxon: Annotated[
            int,
            strawberry.argument(
                description="Species of the `symbols`; human (9606) by default. A species not "
                "loaded (see `species`) is an error."
            ),
        ] = 9606,
    ) -> list[GeneMatchResult]:
        matches = await match_batch(info.context.loaders, ids, symbols, taxon)
        return [GeneMatchResult.from_match(m) for m in matches]

    @strawberry.field(
        name="goTerm",
        description='A GO term by id, e.g. goTerm(id: "GO:0006955"). A secondary (alt) id '
        "answers with the term it was merged into. Null when unknown.",
    )
    async def go_term(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description='e.g. "GO:0006955".')],
    ) -> GOTerm | None:
        record = await find_term(info.context.loaders, id)
        return None if record is None else GOTerm.from_record(record)
