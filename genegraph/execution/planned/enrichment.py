"""Planned enrichment: an ``enrichment(...)`` root's answer (``studySize``,
``backgroundSize``, ``testedTerms``, the reported ids, ``terms { studyCount
backgroundCount foldEnrichment pValue fdr term studyGenes }`` and the genes lists),
computed by the field's own ``run_enrichment`` and assembled by the level walk of
``levels.py``, without field-by-field resolution: for the bench's 20 terms graphql-core's
per-field work cost about as much CPU as the statistics (BENCHMARKS.md, issue #17). A
``term`` is any GOTerm selection and a gene any Gene selection the card's plan supports
(``plan.py``); ``run.py`` fetches what those need."""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLSchema

from genegraph.execution.planned import levels
from genegraph.execution.planned.levels import Build, Leaf, Levels, Nested, Objects, Part
from genegraph.execution.planned.plan import ObjectPlan, Read, Unplannable, _int
from genegraph.resolvers.context import Context
from genegraph.resolvers.enrichment import EnrichmentRecord, EnrichmentRequest, run_enrichment
from genegraph.resolvers.records import GeneRecord, TermRecord


def _float(read: Read) -> Read:
    def checked(record: Any) -> Any:
        value = read(record)
        if not math.isfinite(value):  # graphql-core reports an error
            raise Unplannable("Float not finite")
        return float(value)

    return checked


# The levels of the answer, read from the records as the Strawberry types answer them
# (schema/enrichment.py): the counts are Int, the statistics Float, the ids lists of IDs;
# a reported term's GO term is the one read for the root by its id.
_LEVELS: Levels = {
    "enrichment": {
        "studySize": Leaf(_int(attrgetter("study_size"))),
        "backgroundSize": Leaf(_int(attrgetter("background_size"))),
        "testedTerms": Leaf(_int(attrgetter("tested_terms"))),
        "unknownGenes": Leaf(attrgetter("unknown_genes")),
        "unknownBackgroundGenes": Leaf(attrgetter("unknown_background_genes")),
        "otherTaxonBackgroundGenes": Leaf(attrgetter("other_taxon_background_genes")),
        "terms": Nested("term", attrgetter("terms"), many=True),
        "otherTaxonGenes": Objects("Gene", attrgetter("other_taxon_genes"), many=True),
        "unannotatedGenes": Objects("Gene", attrgetter("unannotated_genes"), many=True),
    },
    "term": {
        "studyCount": Leaf(_int(attrgetter("study_count"))),
        "backgroundCount": Leaf(_int(attrgetter("background_count"))),
        "foldEnrichment": Leaf(_float(attrgetter("fold_enrichment"))),
        "pValue": Leaf(_float(attrgetter("p_value"))),
        "fdr": Leaf(_float(attrgetter("fdr"))),
        "term": Objects("GOTerm", attrgetter("go_id"), keyed=True),
        "studyGenes": Objects("Gene", attrgetter("study_genes"), many=True),
    },
}
# The level of each field of genes.
_GENES_LEVEL = {
    "otherTaxonGenes": "enrichment",
    "unannotatedGenes": "enrichment",
    "studyGenes": "term",
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
    plans: dict[str, list[ObjectPlan]] = {}
    parts = levels.compile_level(schema, _LEVELS, "enrichment", definition, nodes, fragments, plans)
    genes = {name: tuple(found) for name, found in plans.items() if name != "term"}
    return RootEnrichment(key, nodes[0], definition, parts, "term" in plans, genes)


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
        level = _GENES_LEVEL[name]
        genes = _LEVELS[level][name]
        assert isinstance(genes, Objects)
        sources = record.terms if level == "term" else [record]
        pairs += [(p, g) for source in sources for g in genes.read(source) for p in plans]
    return pairs


def answer(root: RootEnrichment, enriched: Enriched, build: Build) -> dict[str, Any]:
    """The root's answer; ``build`` answers a term's or a gene's selection."""
    return levels.answer(root.parts, enriched.record, enriched.terms, build)
