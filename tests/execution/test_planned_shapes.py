"""What the planned root shapes (genegraph/execution/planned/search.py, enrichment.py)
plan and what they leave to the general executor, pinned document by document: each
planned root compiled into its levels' parts, each other document's ``Unplannable``
reason. No database: the documents are compiled, not run."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from genegraph.execution.internals import graphql_schema
from genegraph.execution.planned.enrichment import RootEnrichment
from genegraph.execution.planned.plan import (
    ListField,
    ObjectPlan,
    Unplannable,
    compile_operation,
    fields_read,
)
from genegraph.execution.planned.search import RootSearch
from tests.helpers.planned import PLANNED

ENRICH = 'enrichment(genes: ["NCBIGene:3558"], taxon: 9606)'

# Document -> the roots' parts (key:name(parts below), a gene or term plan as {entries})
# and what each root reads, or the reason the document is not planned.
PINNED = {
    # The search shape.
    '{ search(query: "il2", taxon: 9606, first: 10) '
    "{ edges { node { matchedBy gene { id symbol name } } } } }": "search(edges(node(matchedBy "
    "gene{3}))) genes=1",
    '{ search(query: "il2") { __typename totalCount pageInfo { __typename hasNextPage '
    "hasPreviousPage startCursor endCursor } edges { __typename cursor node { __typename "
    "matchedBy matchedText gene { id species { taxonId } } } } n: nodes { matchedText "
    "g: gene { symbol } } } }": "search(__typename=GeneSearchHitConnection totalCount "
    "pageInfo(__typename=PageInfo hasNextPage hasPreviousPage startCursor endCursor) "
    "edges(__typename=GeneSearchHitEdge cursor node(__typename=GeneSearchHit matchedBy "
    "matchedText gene{2})) n:nodes(matchedText g:gene{1})) counted peek genes=2",
    '{ search(query: "a") { nodes { matchedBy } nodes { gene { id } } ... on '
    "GeneSearchHitConnection { totalCount } } }": "search(nodes(matchedBy gene{1}) "
    "totalCount) counted genes=1",
    'query { a: search(query: "a") { ...C } b: search(query: "b") { ...C } '
    'gene(id: "NCBIGene:3558") { symbol } } fragment C on GeneSearchHitConnection '
    "{ nodes { ... on GeneSearchHit { matchedBy } ...H } } fragment H on GeneSearchHit "
    "{ gene { id } }": "a:search(nodes(matchedBy gene{1})) genes=1; "
    "b:search(nodes(matchedBy gene{1})) genes=1",
    '{ search(query: "il2") { totalCount @include(if: true) } }': "Unplannable: directive",
    '{ search(query: "il2") { edges { cursor @skip(if: false) } } }': "Unplannable: directive",
    '{ search(query: "il2") { nodes { gene { aliases } } } }': "Unplannable: Gene.aliases",
    '{ search(query: "il2") { nodes { gene { goTerms { parents { relation } } } } } }': (
        "Unplannable: GOTerm.parents"
    ),
    '{ search(query: "il2") { totalCount } goTerms(search: "immune") { totalCount } }': (
        "Unplannable: Query.goTerms"
    ),
    '{ search(query: "il2") { ...F @include(if: true) } } '
    "fragment F on GeneSearchHitConnection { totalCount }": "Unplannable: directive",
    # The enrichment shape.
    f"{{ {ENRICH} {{ studySize backgroundSize testedTerms terms {{ term {{ id name }} "
    "studyCount backgroundCount foldEnrichment pValue fdr } } }": "enrichment(studySize "
    "backgroundSize testedTerms terms(term{2} studyCount backgroundCount foldEnrichment "
    "pValue fdr)) terms",
    f"{{ {ENRICH} {{ __typename unknownGenes unknownBackgroundGenes otherTaxonBackgroundGenes "
    "otherTaxonGenes { id } unannotatedGenes { symbol species { taxonId } } top: terms { "
    "__typename t: term { __typename } studyGenes { id } } terms { studyGenes { symbol } } "
    "} }": "enrichment(__typename=Enrichment unknownGenes unknownBackgroundGenes "
    "otherTaxonBackgroundGenes otherTaxonGenes{1} unannotatedGenes{2} "
    "top:terms(__typename=EnrichedTerm t:term{1} studyGenes{1}) terms(studyGenes{1})) "
    "terms otherTaxonGenes=1 unannotatedGenes=1 studyGenes=2",
    f"query {{ e: {ENRICH} {{ ...E }} {ENRICH} {{ studySize }} }} fragment E on Enrichment "
    "{ terms { ... on EnrichedTerm { fdr } } }": "e:enrichment(terms(fdr)); enrichment(studySize)",
    f"{{ {ENRICH} {{ studySize @include(if: true) }} }}": "Unplannable: directive",
    f"{{ {ENRICH} {{ terms {{ fdr @skip(if: false) }} }} }}": "Unplannable: directive",
    f"{{ {ENRICH} {{ terms {{ term {{ parents {{ relation }} }} }} }} }}": (
        "Unplannable: GOTerm.parents"
    ),
    f"{{ {ENRICH} {{ terms {{ studyGenes {{ aliases }} }} }} }}": "Unplannable: Gene.aliases",
    f"{{ {ENRICH} {{ otherTaxonGenes {{ aliases }} }} }}": "Unplannable: Gene.aliases",
    f'{{ {ENRICH} {{ studySize }} goTerms(search: "immune") {{ totalCount }} }}': (
        "Unplannable: Query.goTerms"
    ),
}


def _parts(parts: tuple[Any, ...]) -> str:
    out = []
    for part in parts:
        key, name, below = part.key, part.name, part.below
        label = name if key == name else f"{key}:{name}"
        if part.typename is not None:
            out.append(f"{label}={part.typename}")
        elif isinstance(below, ObjectPlan):
            out.append(f"{label}{{{len(below.entries)}}}")
        elif below is None:
            out.append(label)
        else:
            out.append(f"{label}({_parts(below)})")
    return " ".join(out)


def _root(root: RootSearch | RootEnrichment) -> str:
    name = root.node.name.value
    label = name if root.key == name else f"{root.key}:{name}"
    reads = []
    if isinstance(root, RootSearch):
        reads += ["counted"] * root.counted + ["peek"] * root.peek
        reads.append(f"genes={len(root.gene_plans)}")
    else:
        reads += ["terms"] * root.terms
        reads += [f"{field}={len(plans)}" for field, plans in root.gene_plans.items()]
    return " ".join([f"{label}({_parts(root.parts)})", *reads])


def compiled(document: str) -> str:
    operation, *definitions = parse(document).definitions
    assert isinstance(operation, OperationDefinitionNode)
    fragments = {}
    for definition in definitions:
        assert isinstance(definition, FragmentDefinitionNode)
        fragments[definition.name.value] = definition
    try:
        plan = compile_operation(graphql_schema(PLANNED), operation, fragments)
    except Unplannable as why:
        return f"Unplannable: {why}"
    roots = [e for e in plan.entries if isinstance(e, RootSearch | RootEnrichment)]
    return "; ".join(_root(root) for root in roots)


@pytest.mark.parametrize("document", list(PINNED))
def test_the_planned_shapes_plan_what_they_planned(document: str) -> None:
    assert compiled(document) == PINNED[document]


@pytest.mark.parametrize(
    ("field", "variables"),
    [
        ("goTerms(category: BIOLOGICAL_PROCESS)", False),
        ("goTerms", False),
        ("goTerms(category: $category)", True),
        ("orthologs(taxa: [10090, 10116])", False),
        ("orthologs(taxa: [10090, $taxon])", True),
    ],
)
def test_a_list_field_knows_whether_its_arguments_name_variables(
    field: str, variables: bool
) -> None:
    # A field without variables has its rule or species read once for every request
    # (planned/run.py): one that names a variable must say so.
    selection = "{ gene { id } }" if field.startswith("orthologs") else "{ id }"
    [operation] = parse(
        "query($category: GOCategory, $taxon: Int!) "
        f'{{ gene(id: "NCBIGene:3558") {{ {field} {selection} }} }}'
    ).definitions
    assert isinstance(operation, OperationDefinitionNode)
    plan = compile_operation(graphql_schema(PLANNED), operation, {})
    [root] = plan.lookups
    [entry] = root.plan.entries
    assert isinstance(entry, ListField) and entry.variables is variables


@pytest.mark.parametrize(
    ("selection", "read"),
    [
        ("id symbol name", {"gene_id", "taxon_id", "symbol", "name"}),
        ("symbol", {"symbol"}),
        ("geneId type summary", {"gene_id", "gene_type", "summary"}),
        ("species { taxonId }", {"taxon_id"}),
        ("goTerms { id }", {"pk"}),
        ("orthologs { source }", {"pk"}),
        ("symbol __typename", None),  # a reader whose reads are not known: every field
    ],
)
def test_a_batch_reads_the_gene_fields_its_selection_reads(
    selection: str, read: set[str] | None
) -> None:
    # The batch's statement reads only these columns (planned/statement.py): a field read
    # but not named here would be answered null.
    [operation] = parse(
        f'{{ genes(ids: ["NCBIGene:3558"]) {{ input gene {{ {selection} }} }} }}'
    ).definitions
    assert isinstance(operation, OperationDefinitionNode)
    plan = compile_operation(graphql_schema(PLANNED), operation, {})
    [gene_set] = plan.gene_sets
    assert fields_read(gene_set.plans) == (None if read is None else frozenset(read))
