"""Apollo Federation v2: genegraph as a subgraph, with ``Gene`` and ``GOTerm`` as entities
keyed by ``id``.

Strawberry's federation schema adds ``_service`` and ``_entities`` itself; they are
declared here instead, described like every other field, and so that ``_entities``
resolves all representations of a request together: each asks its DataLoader, so N genes
cost the statements of one (resolvers/dataloaders.py), not N.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import strawberry
from graphql import GraphQLEnumType
from strawberry import Info
from strawberry.printer import print_schema

from genegraph.db.identifiers import InvalidIdentifier, parse_gene_curie, parse_go_curie
from genegraph.execution.internals import FederationAny, graphql_schema
from genegraph.resolvers.context import Context
from genegraph.resolvers.dataloaders import Loaders
from genegraph.resolvers.errors import UserInputError
from genegraph.schema.types import Gene, GOTerm

# The scalar of `representations`, as strawberry's federation schema defines it, described.
ANY_SCALAR = strawberry.scalar(
    name="_Any",
    description="Federation: an entity reference, an object with __typename and the key fields.",
    serialize=lambda value: value,
    parse_value=lambda value: value,
)
SCALAR_OVERRIDES: dict[object, Any] = {FederationAny: ANY_SCALAR}

Entity = Annotated[
    Gene | GOTerm,
    strawberry.union("_Entity", description="The types other subgraphs may extend: by `id`."),
]


@strawberry.type(name="_Service", description="This subgraph, as a federation gateway sees it.")
class Service:
    sdl: str = strawberry.field(
        description="The subgraph's schema, with its federation directives (@key, @link)."
    )


@strawberry.type
class FederationQueries:
    """The fields a federation gateway (Apollo Router, Gateway) asks a subgraph."""

    @strawberry.field(
        name="_service",
        description="Federation: this subgraph's schema, for the gateway to compose.",
    )
    def service_(self, info: Info[Context, None]) -> Service:
        return Service(sdl=print_schema(info.schema))

    @strawberry.field(
        name="_entities",
        description="Federation: the entities the gateway names, in order; null for one "
        "that does not exist.",
    )
    async def entities_(
        self,
        info: Info[Context, None],
        representations: Annotated[
            list[FederationAny],
            strawberry.argument(
                description='Entity references, e.g. {__typename: "Gene", id: "NCBIGene:3558"} '
                'or {__typename: "GOTerm", id: "GO:0006955"}.'
            ),
        ],
    ) -> list[Entity | None]:
        loaders = info.context.loaders
        return list(
            await asyncio.gather(
                *(
                    _resolve(loaders, index, representation)
                    for index, representation in enumerate(representations)
                )
            )
        )


async def _resolve(loaders: Loaders, index: int, representation: Any) -> Gene | GOTerm | None:
    where = f"_entities: representations[{index}]"
    if not isinstance(representation, dict):
        raise UserInputError(f"{where} must be an object with __typename and id")
    typename, key = representation.get("__typename"), representation.get("id")
    if not isinstance(key, str):
        raise UserInputError(f"{where} needs an `id` (a string)")
    if typename == "Gene":
        return await _gene(loaders, where, key)
    if typename == "GOTerm":
        try:
            go_id = parse_go_curie(key)
        except InvalidIdentifier as error:
            raise UserInputError(f"{where}: {error}") from None
        term = await loaders.terms.load(go_id)
        return None if term is None else GOTerm.from_record(term)
    raise UserInputError(f"{where}: __typename must be Gene or GOTerm, not {typename!r}")


async def _gene(loaders: Loaders, where: str, key: str) -> Gene | None:
    """The gene whose own id is ``key`` (an entity's key is its id: no other look-up)."""
    try:
        ref = parse_gene_curie(key)
    except InvalidIdentifier as error:
        raise UserInputError(f"{where}: {error}") from None
    if ref.gene_id is not None:
        record = await loaders.genes_by_gene_id.load(ref.gene_id)
    else:
        assert ref.taxon_id is not None and ref.symbol is not None
        record = await loaders.genes_by_symbol.load((ref.taxon_id, ref.symbol))
    return None if record is None else Gene.from_record(record)


# Types of the federation specification that strawberry adds without a description.
SPEC_TYPE_DESCRIPTIONS = {
    "_FieldSet": 'Federation: a selection of fields, as in @key(fields: "id").',
    "link__Import": "Federation (@link): a name imported from a specification.",
    "link__Purpose": "Federation (@link): what a linked specification is for.",
}


# The values of link__Purpose, described as the @link specification describes them.
SPEC_ENUM_VALUE_DESCRIPTIONS = {
    "link__Purpose": {
        "SECURITY": "The linked specification provides metadata needed to resolve fields securely.",
        "EXECUTION": "The linked specification provides metadata needed to execute operations.",
    },
}


def describe_spec_types(schema: strawberry.Schema) -> None:
    """Describe the federation specification's types and enum values, as every type here
    is described."""
    type_map = graphql_schema(schema).type_map
    for name, description in SPEC_TYPE_DESCRIPTIONS.items():
        graphql_type = type_map.get(name)
        if graphql_type is not None and not graphql_type.description:
            graphql_type.description = description
    for name, values in SPEC_ENUM_VALUE_DESCRIPTIONS.items():
        enum_type = type_map.get(name)
        if isinstance(enum_type, GraphQLEnumType):
            for value, description in values.items():
                if value in enum_type.values and not enum_type.values[value].description:
                    enum_type.values[value].description = description
