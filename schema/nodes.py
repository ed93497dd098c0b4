"""Relay's Global Object Identification: `node(id:)` and `nodes(ids:)` refetch any object
that implements ``Node`` (schema/node_interface.py) by its id (resolvers/nodes.py)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import Info

from genegraph.resolvers.context import Context
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.gene_matching import MAX_BATCH
from genegraph.resolvers.nodes import Answer, find_nodes
from genegraph.resolvers.records import GeneRecord, ReleaseRecord, SpeciesRecord, TermRecord
from genegraph.schema.node_interface import Node
from genegraph.schema.releases import Release
from genegraph.schema.types import Gene, GOTerm, Species

NODE_IDS = (
    'e.g. "NCBIGene:3558" (a Gene; a discontinued GeneID answers with the gene that replaced '
    'it, as `gene(id:)`), "GO:0006955" (a GOTerm; a secondary id answers with its primary '
    'term), "NCBITaxon:9606" (a Species) or "genegraph.release:1" (a Release)'
)


def _node(answer: Answer) -> Node | UserInputError | None:
    if isinstance(answer, GeneRecord):
        return Gene.from_record(answer)
    if isinstance(answer, TermRecord):
        return GOTerm.from_record(answer)
    if isinstance(answer, SpeciesRecord):
        return Species.from_record(answer)
    if isinstance(answer, ReleaseRecord):
        return Release.from_record(answer)
    return answer


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="Any object that implements Node, by its id: what Relay and normalised "
        "caches refetch an object with. Null when the id names nothing; an error "
        "(BAD_USER_INPUT) when it is not a Node id."
    )
    async def node(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description=f"A Node id, {NODE_IDS}.")],
    ) -> Node | None:
        [answer] = await find_nodes(info.context.loaders, [id], "node")
        found = _node(answer)
        if isinstance(found, UserInputError):
            raise found
        return found

    @strawberry.field(
        description=f"Many objects by id at once (at most {MAX_BATCH}), one answer per id in "
        "order: null for an id that names nothing, and for an id that is not a Node id, with "
        "an error (BAD_USER_INPUT) at that answer's path. The ids of each type are looked up "
        "together: 100 ids cost one database statement per type they name."
    )
    async def nodes(
        self,
        info: Info[Context, None],
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description=f"Node ids, {NODE_IDS}.")
        ],
    ) -> list[Node | None]:
        answers = await find_nodes(info.context.loaders, ids, "nodes")
        # graphql-core reports an exception in a list as that item's error, with its path.
        found: list[Any] = [_node(answer) for answer in answers]
        return found
