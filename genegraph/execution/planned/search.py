"""Planned search: a ``search(...)`` root's connection (``edges { cursor node }``,
``nodes``, ``pageInfo``, ``totalCount``) of hits (``matchedBy``, ``matchedText``,
``gene``), answered from the page ``resolvers.search.search_page`` reads (the field's
own: same ranking, same statements, the total counted only when ``totalCount`` is
selected), assembled without field-by-field resolution. A hit's ``gene`` is any Gene
selection the card's plan supports (``plan.py``); ``run.py`` fetches what it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from genegraph.execution.planned.plan import ObjectPlan, Unplannable, _collect, _object_plan
from genegraph.resolvers.context import Context
from genegraph.resolvers.pagination import Window, window
from genegraph.resolvers.records import GeneRecord
from genegraph.resolvers.search import GeneHit, Hits, search_page
from genegraph.schema.connections import Connection, Edge, connection

# The leaves of each level, read from the objects ``schema.connections.connection``
# builds, as the general executor reads them (the hits are the edges' nodes).
_PAGE_INFO = {
    "hasNextPage": attrgetter("has_next_page"),
    "hasPreviousPage": attrgetter("has_previous_page"),
    "startCursor": attrgetter("start_cursor"),
    "endCursor": attrgetter("end_cursor"),
}
_HIT: dict[str, Callable[[GeneHit], Any]] = {
    "matchedBy": lambda hit: hit.match.name,  # an enum, answered by its name
    "matchedText": attrgetter("matched_text"),
}
# Each level's fields, by name: the level of their values (None: a leaf).
_LEVELS = {
    "connection": {"edges": "edge", "nodes": "hit", "pageInfo": "pageInfo", "totalCount": None},
    "edge": {"cursor": None, "node": "hit"},
    "hit": {"matchedBy": None, "matchedText": None, "gene": "gene"},
    "pageInfo": dict.fromkeys(_PAGE_INFO),
}


@dataclass(frozen=True, slots=True)
class Part:
    """A response key of one level: its field's name and what it selects below (a level's
    parts, a gene's plan; None for a leaf). ``__typename``'s name is its type's."""

    key: str
    name: str
    below: tuple[Part, ...] | ObjectPlan | None = None
    typename: str | None = None


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
    gene_plans: list[ObjectPlan] = []
    parts = _level(schema, definition, "connection", nodes, fragments, gene_plans)
    names = {p.name for p in parts}
    return RootSearch(
        key,
        nodes[0],
        definition,
        parts,
        "totalCount" in names,
        "pageInfo" in names,
        tuple(gene_plans),
    )


def _level(
    schema: GraphQLSchema,
    definition: GraphQLField,
    level: str,
    nodes: list[FieldNode],
    fragments: dict[str, FragmentDefinitionNode],
    gene_plans: list[ObjectPlan],
) -> tuple[Part, ...]:
    graphql_type = get_named_type(definition.type)
    assert isinstance(graphql_type, GraphQLObjectType)
    selection_sets = [n.selection_set for n in nodes if n.selection_set is not None]
    parts = []
    for key, group in _collect(graphql_type.name, selection_sets, fragments).items():
        name = group[0].name.value
        if name == "__typename":
            parts.append(Part(key, name, typename=graphql_type.name))
            continue
        fields = _LEVELS[level]
        if name not in fields:
            raise Unplannable(f"{graphql_type.name}.{name}")
        below_level = fields[name]
        below: tuple[Part, ...] | ObjectPlan | None = None
        if below_level == "gene":
            below = _object_plan(schema, "Gene", group, fragments)
            gene_plans.append(below)
        elif below_level is not None:
            field = graphql_type.fields[name]
            below = _level(schema, field, below_level, group, fragments, gene_plans)
        parts.append(Part(key, name, below))
    return tuple(parts)


async def read_page(
    root: RootSearch, context: Context, arguments: dict[str, Any]
) -> tuple[Window, Hits[GeneHit]]:
    """The root's page, read as the field's resolver reads it."""
    page = window(arguments.get("first"), arguments.get("after"))
    found = await search_page(
        context, arguments["query"], arguments.get("taxon"), page, root.counted, root.peek
    )
    return page, found


BuildGene = Callable[[ObjectPlan, GeneRecord], dict[str, Any]]


def answer(
    root: RootSearch, page: Window, found: Hits[GeneHit], build_gene: BuildGene
) -> dict[str, Any]:
    """The root's answer from its page; ``build_gene`` answers a hit's gene selection."""
    # The field's own connection, its hits as nodes: cursors and pageInfo as it builds them.
    built: Connection[GeneHit] = connection(found.hits, page, found.total, _same)
    out: dict[str, Any] = {}
    for part in root.parts:
        if part.typename is not None:
            out[part.key] = part.typename
        elif part.name == "totalCount":
            out[part.key] = built.total_count
        elif part.name == "pageInfo":
            info = built.page_info
            out[part.key] = {
                p.key: p.typename if p.typename is not None else _PAGE_INFO[p.name](info)
                for p in _parts(part)
            }
        elif part.name == "nodes":
            out[part.key] = [_hit(_parts(part), e.node, build_gene) for e in built.edges]
        else:  # edges
            out[part.key] = [_edge(_parts(part), edge, build_gene) for edge in built.edges]
    return out


def _same(hit: GeneHit) -> GeneHit:
    return hit


def _parts(part: Part) -> tuple[Part, ...]:
    assert isinstance(part.below, tuple)
    return part.below


def _edge(parts: tuple[Part, ...], edge: Edge[GeneHit], build: BuildGene) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        if part.typename is not None:
            out[part.key] = part.typename
        elif part.name == "cursor":
            out[part.key] = edge.cursor
        else:  # node
            out[part.key] = _hit(_parts(part), edge.node, build)
    return out


def _hit(parts: tuple[Part, ...], hit: GeneHit, build: BuildGene) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        if part.typename is not None:
            out[part.key] = part.typename
        elif isinstance(part.below, ObjectPlan):  # gene
            out[part.key] = build(part.below, hit.gene)
        else:
            out[part.key] = _HIT[part.name](hit)
    return out
