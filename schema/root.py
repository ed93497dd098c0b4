"""The root Query type and the executable schema."""

from __future__ import annotations

import functools
from typing import Annotated

import strawberry
from strawberry import Info
from strawberry.extensions import ParserCache, ValidationCache

from resolvers.context import Context
from resolvers.lookups import find_gene, find_term
from schema.enrichment import EnrichmentQueries
from schema.limits import DEFAULT_LIMITS, Limits
from schema.releases import ReleaseQueries
from schema.request_limits import limit_extensions
from schema.types import Gene, GOTerm

# Parsing and validating a document costs more than executing it on this stack
# (see ARCHITECTURE.md), so both are cached across requests, bounded.
DOCUMENT_CACHE_SIZE = 1024


@strawberry.type
class LookupQueries:
    @strawberry.field(
        description='A gene by symbol within a species, or by id. Example: gene(symbol: "IL2") '
        'or gene(id: "NCBIGene:3558"). Null when no gene matches.'
    )
    async def gene(
        self,
        info: Info[Context, None],
        symbol: Annotated[
            str | None,
            strawberry.argument(description='Gene symbol, e.g. "IL2"; case-insensitive.'),
        ] = None,
        taxon: Annotated[
            int | None,
            strawberry.argument(description="NCBI Taxonomy id of the species; human by default."),
        ] = 9606,
        id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description='Gene CURIE, e.g. "NCBIGene:3558"; replaces `symbol`.'),
        ] = None,
    ) -> Gene | None:
        record = await find_gene(info.context.loaders, symbol=symbol, taxon=taxon, curie=id)
        return None if record is None else Gene.from_record(record)

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


# The root type is put together from one class per area, each in its own module.
@strawberry.type(description="Look-ups of genes and GO terms, and the releases they come from.")
class Query(LookupQueries, ReleaseQueries, EnrichmentQueries):
    pass


@functools.cache
def build_schema(limits: Limits, *, introspection: bool) -> strawberry.Schema:
    """The schema, holding requests to ``limits`` (see schema/request_limits.py); one
    per set of limits."""
    return strawberry.Schema(
        query=Query,
        extensions=[
            *limit_extensions(limits, introspection=introspection),
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        ],
    )


schema = build_schema(DEFAULT_LIMITS, introspection=True)
