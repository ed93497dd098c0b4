"""Planned enrichment (genegraph/execution/planned/enrichment.py) answers exactly what the
general executor answers over the real kit (tests/helpers/planned.py compares the two, key
order included); the supported subset's documents are planned."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import planned_documents as drawn
from tests.helpers.kit import LoadedKit, needs_kit
from tests.helpers.planned import (
    PLANNED,
    Kit,
    answer,
    execute,
    fallback_error,
    kit_runner,
    statement_counts,
)

pytestmark = needs_kit

# The enrichment workload's document (bench/lab/workloads.py).
WORKLOAD = """query Enrichment($genes: [ID!]!) {
  enrichment(genes: $genes, taxon: 9606, category: BIOLOGICAL_PROCESS, maxResults: 20) {
    studySize backgroundSize testedTerms
    terms { term { id name } studyCount backgroundCount foldEnrichment pValue fdr } } }"""
# Annotated human genes (immune signalling, cell cycle, apoptosis), mouse genes (another
# species), an id of no gene, and symbol ids (the other look-up).
ANNOTATED = [3558, 3559, 3560, 3561, 3565, 3567, 3569, 3586, 7124, 920, 925, 3458, 7040]
ANNOTATED += [1493, 940, 6774, 6775, 3716, 3717, 7157, 672, 1956, 207, 5594, 4609, 595]
ANNOTATED += [1017, 1026, 596, 581, 836, 7099, 4615, 4790, 5970, 1, 2, 9, 10]
OTHERS = ["NCBIGene:16183", "NCBIGene:16193", "NCBIGene:999999999", "GeneSymbol:9606/IL7"]
OTHERS += ["GeneSymbol:9606/TNF", "GeneSymbol:10090/Cd4"]


@pytest.fixture(scope="module")
def kit(loaded_kit: LoadedKit) -> Iterator[Kit]:
    yield from kit_runner(loaded_kit.url)


@st.composite
def gene_ids(draw: st.DrawFn, most: int) -> list[str]:
    ids = [f"NCBIGene:{g}" for g in draw(st.lists(st.sampled_from(ANNOTATED), max_size=most))]
    human = st.lists(st.sampled_from(drawn.human_genes("GeneID")), max_size=3)  # most unannotated
    ids += [f"NCBIGene:{g}" for g in draw(human)]
    ids += draw(st.lists(st.sampled_from(OTHERS), max_size=2))
    return draw(st.permutations(ids)) or ["NCBIGene:3558"]


TERM_FIELDS = ["id", "name", "category", "definition", "isObsolete", "quickGoUrl", "__typename"]


@st.composite
def term_selection(draw: st.DrawFn) -> str:
    names = ["studyCount", "backgroundCount", "foldEnrichment", "pValue", "fdr", "__typename"]
    parts = [draw(drawn.fields_of(names))]
    if draw(st.booleans()):
        name = draw(st.sampled_from(["term", "t: term"]))
        parts.append(f"{name} {{ {draw(drawn.fields_of(TERM_FIELDS))} }}")
    if draw(st.integers(0, 3)) == 0:
        parts.append(f"studyGenes {{ {draw(drawn.gene_selection())} }}")
    return drawn.in_fragment(draw, draw(st.permutations(parts)), "EnrichedTerm")


@st.composite
def enrichment_selection(draw: st.DrawFn) -> list[str]:
    leaves = ["studySize", "backgroundSize", "testedTerms", "unknownGenes", "__typename"]
    leaves += ["unknownBackgroundGenes", "otherTaxonBackgroundGenes"]
    choices = {
        "leaves": draw(drawn.fields_of(leaves)),
        "terms": f"terms {{ {draw(term_selection())} }}",
        "top": f"top: terms {{ {draw(term_selection())} }}",
        "otherTaxonGenes": f"otherTaxonGenes {{ {draw(drawn.gene_selection())} }}",
        "unannotatedGenes": f"unannotatedGenes {{ {draw(drawn.gene_selection())} }}",
    }
    names = draw(st.lists(st.sampled_from(list(choices)), min_size=1, max_size=4, unique=True))
    return [choices[n] for n in names]


@st.composite
def enrichment_document(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """One or two ``enrichment`` roots (a gene card beside them, sometimes), their
    arguments drawn, the genes written out or passed as variables."""
    operation, fragments = drawn.Operation("Enrichment"), []
    for i in range(draw(st.integers(1, 2))):
        arguments = [operation.argument(draw, "genes", draw(gene_ids(30)), f"g{i}", "[ID!]!")]
        arguments.append(draw(st.sampled_from(["taxon: 9606", "taxon: 9606", "taxon: 10090"])))
        categories = ["BIOLOGICAL_PROCESS", "MOLECULAR_FUNCTION", "CELLULAR_COMPONENT"]
        arguments.append(draw(st.sampled_from(["", *(f"category: {c}" for c in categories)])))
        if draw(st.integers(0, 3)) == 0:
            arguments.append(f"background: {json.dumps(draw(gene_ids(40)))}")
        arguments.append(
            draw(st.sampled_from(["", 'evidence: ["IDA", "IMP", "IPI"]', 'evidence: ["TAS"]']))
        )
        arguments.append(draw(st.sampled_from(["", "minTermGenes: 3", "minTermGenes: null"])))
        arguments.append(draw(st.sampled_from(["maxResults: 1", "maxResults: 5", ""])))
        parts = draw(enrichment_selection())
        if draw(st.booleans()) and len(parts) > 1:  # the rest in a named fragment
            fragments.append(f"fragment F{i} on Enrichment {{ {' '.join(parts[1:])} }}")
            parts = [parts[0], f"...F{i}"]
        selection = " ".join(parts)
        written = ", ".join(a for a in arguments if a)
        operation.roots.append(f"e{i}: enrichment({written}) {{ {selection} }}")
    return " ".join([operation.text(draw), *fragments]), operation.variables


@drawn.documents(50)
@given(document=enrichment_document())
def test_planned_enrichments_equal_the_general_executors(
    kit: Kit, document: tuple[str, dict[str, Any]]
) -> None:
    text, variables = document
    result = answer(kit, text, variables)
    assert result.path == "planned", (text, result.text)


def test_the_bench_enrichment_is_planned_in_the_general_executors_statements(kit: Kit) -> None:
    runner, engine = kit
    variables = {"genes": [f"NCBIGene:{g}" for g in ANNOTATED] + ["NCBIGene:999999999"]}
    runner.run(execute(PLANNED, engine, WORKLOAD, variables))  # the closure and background
    counts = statement_counts(kit, WORKLOAD, variables)
    assert counts[0] == counts[1]
    result = answer(kit, WORKLOAD, variables)
    assert result.path == "planned"
    assert len(json.loads(result.text)["data"]["enrichment"]["terms"]) == 20


# Inside the subset, but refused by the resolvers: the plan gives way and the general
# executor reports the same error.
REFUSED = {
    "not a gene id": '{ enrichment(genes: ["IL2"], taxon: 9606) { studySize } }',
    "no genes": "{ enrichment(genes: [], taxon: 9606) { studySize } }",
    "no results": '{ enrichment(genes: ["NCBIGene:3558"], taxon: 9606, maxResults: 0) '
    "{ terms { fdr } } }",
    "an empty evidence list": '{ enrichment(genes: ["NCBIGene:3558"], taxon: 9606, '
    "evidence: []) { testedTerms } }",
    "a species not loaded": '{ enrichment(genes: ["NCBIGene:3558"], taxon: 7955) { studySize } }',
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_enrichments_fall_back_to_the_general_executor(kit: Kit, name: str) -> None:
    error = fallback_error(answer(kit, REFUSED[name]))
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}


# Outside the subset: the general executor answers.
UNSUPPORTED = {
    "a term field outside the subset": '{ enrichment(genes: ["NCBIGene:3558"], taxon: 9606) '
    "{ terms { term { parents { relation } } } } }",
    "a gene field outside the subset": '{ enrichment(genes: ["NCBIGene:3558"], taxon: 9606) '
    "{ terms { studyGenes { aliases } } } }",
    "a directive": '{ enrichment(genes: ["NCBIGene:3558"], taxon: 9606) '
    "{ studySize @include(if: true) } }",
}


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_unsupported_enrichments_run_the_general_executor(kit: Kit, name: str) -> None:
    assert answer(kit, UNSUPPORTED[name]).path == "general"
