"""Planned search: a ``search(...)`` root's connection (``edges { cursor node }``,
``nodes``, ``pageInfo``, ``totalCount``) of hits (``matchedBy``, ``matchedText``,
``gene``), answered from the page ``resolvers.search.search_page`` reads (the field's
own: same ranking, same statements, the total counted only when ``totalCount`` is
selected), assembled by the level walk of ``levels.py``. A hit's ``gene`` is any Gene
selection the card's plan supports (``plan.py``); ``run.py`` fetches what it needs."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLSchema

from genegraph.execution.planned import levels
from genegraph.execution.planned.levels import Build, Leaf, Levels, Nested, Objects, Part
from genegraph.execution.planned.plan import ObjectPlan
from genegraph.resolvers.context import Context
from genegraph.resolvers.pagination import Window, window
from genegraph.resolvers.search import GeneHit, Hits, search_page
from genegraph.schema.connections import Connection, connection

# The levels of the connection, read from the objects ``schema.connections.connection``
# builds, as the general executor reads them (the hits are the edges' nodes).
_LEVELS: Levels = {
    "connection": {
        "edges": Nested("edge", attrgetter("edges"), many=True),
        "nodes": Nested("hit", lambda built: [edge.node for edge in built.edges], many=True),
        "pageInfo": Nested("pageInfo", attrgetter("page_info")),
        "totalCount": Leaf(attrgetter("total_count")),
    },
    "edge": {
        "cursor": Leaf(attrgetter("cursor")),
        "node": Nested("hit", attrgetter("node")),
    },
    "hit": {
        "matchedBy": Leaf(attrgetter("match.name")),  # an enum, answered by its name
        "matchedText": Leaf(attrgetter("matched_text")),
        "gene": Objects("Gene", attrgetter("gene")),
    },
    "pageInfo": {
        "hasNextPage": Leaf(attrgetter("has_next_page")),
        "hasPreviousPage": Leaf(attrgetter("has_previous_page")),
        "startCursor": Leaf(attrgetter("start_cursor")),
        "endCursor": Leaf(attrgetter("end_cursor")),
    },
}


@dataclass(frozen=True, slots=True, eq=False)  # by identity: plans key per-request data
class RootSearch:
    key: str
    node: FieldNode
    definition: GraphQLField
    parts: tuple[Part, ...]
    counted: bool  # `totalCount` is selected: the tiers are counted
    peek: bool  # `pageInfo` is selected: whether hits follow the page is read
    gene_plans: tuple[ObjectPlan, ...]  # the hits' Gene selections, for fetching


def compile_search(
    schema: GraphQLSchema,
    key: str,
    nodes: list[FieldNode],
    definition: GraphQLField,
    fragments: dict[str, FragmentDefinitionNode],
) -> RootSearch:
    plans: dict[str, list[ObjectPlan]] = {}
    parts = levels.compile_level(schema, _LEVELS, "connection", definition, nodes, fragments, plans)
    names = {p.name for p in parts}
    return RootSearch(
        key,
        nodes[0],
        definition,
        parts,
        "totalCount" in names,
        "pageInfo" in names,
        tuple(plans.get("gene", ())),
    )


async def read_page(
    root: RootSearch, context: Context, arguments: dict[str, Any]
) -> tuple[Window, Hits[GeneHit]]:
    """The root's page, read as the field's resolver reads it."""
    page = window(arguments.get("first"), arguments.get("after"))
    found = await search_page(
        context, arguments["query"], arguments.get("taxon"), page, root.counted, root.peek
    )
    return page, found


def answer(
    root: RootSearch, page: Window, found: Hits[GeneHit], build_gene: Build
) -> dict[str, Any]:
    """The root's answer from its page; ``build_gene`` answers a hit's gene selection."""
    # The field's own connection, its hits as nodes: cursors and pageInfo as it builds them.
    built: Connection[GeneHit] = connection(found.hits, page, found.total, _same)
    return levels.answer(root.parts, built, {}, build_gene)


def _same(hit: GeneHit) -> GeneHit:
    return hit
