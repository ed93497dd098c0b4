"""Root fields about the species loaded."""

from __future__ import annotations

import strawberry
from strawberry import Info

from genegraph.resolvers.context import Context
from genegraph.resolvers.species_catalogue import catalogue_for
from genegraph.schema.types import Species


@strawberry.type
class SpeciesQueries:
    @strawberry.field(
        description="The species the served release has genes of, most genes first, e.g. "
        "{ species { taxonId scientificName geneCount } }: what `taxon` arguments accept."
    )
    async def species(self, info: Info[Context, None]) -> list[Species]:
        loaders = info.context.loaders
        loaded = await catalogue_for(info.context.engine).loaded(loaders.fetch)
        # The counts just read answer each species' geneCount: no second statement.
        loaders.gene_counts.prime_many({record.taxon_id: count for record, count in loaded})
        return [Species.from_record(record) for record, _ in loaded]
