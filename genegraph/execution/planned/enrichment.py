"""Planned enrichment: an ``enrichment(...)`` root's answer (``studySize``,
``backgroundSize``, ``testedTerms``, the reported ids, ``terms { studyCount
backgroundCount foldEnrichment pValue fdr term studyGenes }`` and the genes lists),
computed by the field's own ``run_enrichment`` and assembled without field-by-field
resolution: for the bench's 20 terms graphql-core's per-field work cost about as much CPU
as the statistics (BENCHMARKS.md, issue #17). A ``term`` is any GOTerm selection and a
gene any Gene selection the card's plan supports (``plan.py``); ``run.py`` fetches what
those need."""

from __future__ import annotations

import math
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

from genegraph.execution.planned.plan import (
    INT_MAX,
    INT_MIN,
    ObjectPlan,
    Unplannable,
    _collect,
    _object_plan,
)
from genegraph.execution.planned.search import Part
from genegraph.resolvers.context import Context
from genegraph.resolvers.enrichment import (
    EnrichedTermRecord,
    EnrichmentRecord,
    EnrichmentRequest,
    run_enrichment,
)
from genegraph.resolvers.records import GeneRecord, TermRecord

Read = Callable[[Any], Any]


def _int(read: Read) -> Read:
    def checked(record: Any) -> Any:
        value = read(record)
        if not INT_MIN <= value <= INT_MAX:  # graphql-core reports an error
            raise Unplannable("Int out of range")
        return value

    return checked


def _float(read: Read) -> Read:
    def checked(record: Any) -> Any:
        value = read(record)
        if not math.isfinite(value):  # graphql-core reports an error
            raise Unplannable("Float not finite")
        return float(value)

    return checked


# The leaves of each level, read from the records as the Strawberry types answer them
# (schema/enrichment.py): the counts are Int, the statistics Float, the ids lists of IDs.
_LEAVES: dict[str, dict[str, Read]] = {
    "enrichment": {
        "studySize": _int(attrgetter("study_size")),
        "backgroundSize": _int(attrgetter("background_size")),
        "testedTerms": _int(attrgetter("tested_terms")),
        "unknownGenes": attrgetter("unknown_genes"),
        "unknownBackgroundGenes": attrgetter("unknown_background_genes"),
        "otherTaxonBackgroundGenes": attrgetter("other_taxon_background_genes"),
    },
    "term": {
        "studyCount": _int(attrgetter("study_count")),
        "backgroundCount": _int(attrgetter("background_count")),
        "foldEnrichment": _float(attrgetter("fold_enrichment")),
        "pValue": _float(attrgetter("p_value")),
        "fdr": _float(attrgetter("fdr")),
    },
}
# Each level's fields that hold objects: the level below, or the GraphQL type of the
# objects the card's plans build (a list of genes, one term).
_BELOW: dict[str, dict[str, str]] = {
    "enrichment": {"terms": "term", "otherTaxonGenes": "Gene", "unannotatedGenes": "Gene"},
    "term": {"term": "GOTerm", "studyGenes": "Gene"},
}
# Fields of genes, by level: how each reads its genes from the level's record.
_GENES: dict[str, Callable[[Any], Any]] = {
    "otherTaxonGenes": attrgetter("other_taxon_genes"),
    "unannotatedGenes": attrgetter("unannotated_genes"),
    "studyGenes": attrgetter("study_genes"),
}


@dataclass(frozen=True, slots=True, eq=False)  # by identity: plans key per-request data
class RootEnrichment:
    key: str
    node: FieldNode
    definition: GraphQLField
    parts: tuple[Part, ...]
    terms: bool  # a reported term's `term` is selected: the terms are read
    gene_plans: dict[str, tuple[ObjectPlan, ...]]  # the Gene selections, by field name


def compile_enrichment(
    schema: GraphQLSchema,
    key: str,
    nodes: list[FieldNode],
    definition: GraphQLField,
    fragments: dict[str, FragmentDefinitionNode],
) -> RootEnrichment:
    objects: dict[str, list[ObjectPlan]] = {}
    parts = _level(schema, definition, "enrichment", nodes, fragments, objects)
    genes = {name: tuple(plans) for name, plans in objects.items() if name != "term"}
    return RootEnrichment(key, nodes[0], definition, parts, "term" in objects, genes)


def _level(
    schema: GraphQLSchema,
    definition: GraphQLField,
    level: str,
    nodes: list[FieldNode],
    fragments: dict[str, FragmentDefinitionNode],
    objects: dict[str, list[ObjectPlan]],
) -> tuple[Part, ...]:
    graphql_type = get_named_type(definition.type)
    assert isinstance(graphql_type, GraphQLObjectType)
    selection_sets = [n.selection_set for n in nodes if n.selection_set is not None]
    parts = []
    for key, group in _collect(graphql_type.name, selection_sets, fragments).items():
        name = group[0].name.value
        if name == "__typename":
            parts.append(Part(key, name, typename=graphql_type.name))
        elif name in _LEAVES[level]:
            parts.append(Part(key, name))
        elif name in _BELOW[level]:
            below = _BELOW[level][name]
            field = graphql_type.fields[name]
            if below in _BELOW:
                parts.append(
                    Part(key, name, _level(schema, field, below, group, fragments, objects))
                )
            else:
                plan = _object_plan(schema, below, group, fragments)
                objects.setdefault(name, []).append(plan)
                parts.append(Part(key, name, plan))
        else:
            raise Unplannable(f"{graphql_type.name}.{name}")
    return tuple(parts)


@dataclass(frozen=True, slots=True)
class Enriched:
    """A root's answer as the field's resolver computes it, and its reported terms."""

    record: EnrichmentRecord
    terms: dict[str, TermRecord]


async def read(root: RootEnrichment, context: Context, arguments: dict[str, Any]) -> Enriched:
    """The root's enrichment, run as the field's resolver runs it."""
    request = EnrichmentRequest.of(
        genes=arguments["genes"],
        taxon=arguments["taxon"],
        category=arguments.get("category"),
        background=arguments.get("background"),
        evidence=arguments.get("evidence"),
        min_term_genes=arguments.get("minTermGenes"),
        max_results=arguments.get("maxResults"),
    )
    record = await run_enrichment(context.engine, context.loaders, request)
    terms: dict[str, TermRecord] = {}
    if root.terms and record.terms:
        go_ids = [term.go_id for term in record.terms]
        found = await context.loaders.terms.load_many(go_ids)
        for go_id, term in zip(go_ids, found, strict=True):
            if term is None:  # the field's resolver asserts it
                raise Unplannable(f"term {go_id} vanished while answering")
            terms[go_id] = term
    return Enriched(record, terms)


def shown_genes(root: RootEnrichment, enriched: Enriched) -> list[tuple[ObjectPlan, GeneRecord]]:
    """The genes the root's Gene selections show, for what they need beyond their columns."""
    record = enriched.record
    pairs = []
    for name, plans in root.gene_plans.items():
        if not any(p.species or p.annotation_lists or p.ortholog_lists for p in plans):
            continue
        sources = record.terms if name == "studyGenes" else [record]
        pairs += [(p, g) for source in sources for g in _GENES[name](source) for p in plans]
    return pairs


Build = Callable[[ObjectPlan, Any], dict[str, Any]]


def answer(root: RootEnrichment, enriched: Enriched, build: Build) -> dict[str, Any]:
    """The root's answer; ``build`` answers a term's or a gene's selection."""
    return _answer(root.parts, "enrichment", enriched.record, enriched, build)


def _answer(
    parts: tuple[Part, ...], level: str, record: Any, enriched: Enriched, build: Build
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    leaves = _LEAVES[level]
    for part in parts:
        if part.typename is not None:
            out[part.key] = part.typename
        elif part.below is None:
            out[part.key] = leaves[part.name](record)
        elif isinstance(part.below, ObjectPlan):
            if part.name == "term":
                out[part.key] = build(part.below, enriched.terms[record.go_id])
            else:
                out[part.key] = [build(part.below, g) for g in _GENES[part.name](record)]
        else:  # terms
            terms: list[EnrichedTermRecord] = record.terms
            out[part.key] = [_answer(part.below, "term", t, enriched, build) for t in terms]
    return out
