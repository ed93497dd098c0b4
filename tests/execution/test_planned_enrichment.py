"""Planned enrichment (genegraph/execution/planned/enrichment.py) answers exactly what the
general executor answers.

Every document is run over the real kit by the server's schema and by the same schema with
planning off (tests/helpers/planned.py); the JSON must be the same, key order included,
and documents of the supported subset must be answered by the plan.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_DATA
from tests.helpers.kit import LoadedKit, needs_kit
from tests.helpers.planned import GENERAL, PLANNED, Kit, answer, execute, kit_runner, recorded

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


@functools.cache
def human_gene_ids() -> list[int]:
    """Every human GeneID of the kit: most are unannotated."""
    with gzip.open(SHARED_DATA / "Homo_sapiens.gene_info.gz", "rt", encoding="utf-8") as handle:
        next(handle)
        return [int(line.split("\t")[1]) for line in handle]


@pytest.fixture(scope="module")
def kit(loaded_kit: LoadedKit) -> Iterator[Kit]:
    yield from kit_runner(loaded_kit.url)


def _fields(names: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True).map(" ".join)


@st.composite
def gene_ids(draw: st.DrawFn, most: int) -> list[str]:
    ids = [f"NCBIGene:{g}" for g in draw(st.lists(st.sampled_from(ANNOTATED), max_size=most))]
    ids += [f"NCBIGene:{g}" for g in draw(st.lists(st.sampled_from(human_gene_ids()), max_size=3))]
    ids += draw(st.lists(st.sampled_from(OTHERS), max_size=2))
    return draw(st.permutations(ids)) or ["NCBIGene:3558"]


GENE_FIELDS = ["id", "symbol", "name", "type", "chromosome", "__typename"]
GENE_PARTS = [
    "",
    "species { scientificName taxonId }",
    "goTerms(category: BIOLOGICAL_PROCESS) { id }",
    "orthologs(taxa: [10090]) { sources gene { symbol } }",
]
TERM_FIELDS = ["id", "name", "category", "definition", "isObsolete", "quickGoUrl", "__typename"]


@st.composite
def gene_selection(draw: st.DrawFn) -> str:
    return f"{{ {draw(_fields(GENE_FIELDS))} {draw(st.sampled_from(GENE_PARTS))} }}"


@st.composite
def term_selection(draw: st.DrawFn) -> str:
    names = ["studyCount", "backgroundCount", "foldEnrichment", "pValue", "fdr", "__typename"]
    parts = [draw(_fields(names))]
    if draw(st.booleans()):
        name = draw(st.sampled_from(["term", "t: term"]))
        parts.append(f"{name} {{ {draw(_fields(TERM_FIELDS))} }}")
    if draw(st.integers(0, 3)) == 0:
        parts.append(f"studyGenes {draw(gene_selection())}")
    parts = draw(st.permutations(parts))
    if draw(st.booleans()) and len(parts) > 1:
        parts = [parts[0], f"... on EnrichedTerm {{ {' '.join(parts[1:])} }}"]
    return " ".join(parts)


@st.composite
def enrichment_selection(draw: st.DrawFn) -> list[str]:
    leaves = ["studySize", "backgroundSize", "testedTerms", "unknownGenes", "__typename"]
    leaves += ["unknownBackgroundGenes", "otherTaxonBackgroundGenes"]
    choices = {
        "leaves": draw(_fields(leaves)),
        "terms": f"terms {{ {draw(term_selection())} }}",
        "top": f"top: terms {{ {draw(term_selection())} }}",
        "otherTaxonGenes": f"otherTaxonGenes {draw(gene_selection())}",
        "unannotatedGenes": f"unannotatedGenes {draw(gene_selection())}",
    }
    names = draw(st.lists(st.sampled_from(list(choices)), min_size=1, max_size=4, unique=True))
    return [choices[n] for n in names]


@st.composite
def enrichment_document(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """One or two ``enrichment`` roots (a gene card beside them, sometimes), their
    arguments drawn, the genes written out or passed as variables."""
    roots, signature, variables, fragments = [], [], {}, []
    for i in range(draw(st.integers(1, 2))):
        genes = draw(gene_ids(30))
        arguments = [f"genes: {json.dumps(genes)}"]
        if draw(st.booleans()):
            variables[f"g{i}"] = genes
            signature.append(f"$g{i}: [ID!]!")
            arguments = [f"genes: $g{i}"]
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
        roots.append(f"e{i}: enrichment({written}) {{ {selection} }}")
    if draw(st.booleans()):
        roots.append('card: gene(id: "NCBIGene:3558") { symbol species { taxonId } }')
    head = f"query Enrichment({', '.join(signature)})" if signature else "query Enrichment"
    body = f"{head} {{ {' '.join(draw(st.permutations(roots)))} }}"
    return " ".join([body, *fragments]), variables


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
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
    counts = []
    for schema in (PLANNED, GENERAL):
        with recorded(engine) as log:
            runner.run(execute(schema, engine, WORKLOAD, variables))
        counts.append(len(log))
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
    result = answer(kit, REFUSED[name])
    assert result.path == "fallback"
    (error,) = json.loads(result.text)["errors"]
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
