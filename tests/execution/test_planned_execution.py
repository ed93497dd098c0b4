"""Planned execution (genegraph/execution/planned/) answers exactly what the general
executor answers.

Every document is run twice over the real kit, by the server's schema (planned execution
on) and by the same schema with it off, and the two answers must be the same JSON, key
order included. A spy on the planner tells which path answered: documents inside the
supported subset must be answered by the plan; others, and requests whose arguments the
resolvers refuse, by the general executor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest
from graphql import OperationDefinitionNode, parse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import text as sql_text
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.models import GOCategory
from genegraph.db.newest_release import newest_release
from genegraph.execution.internals import graphql_schema
from genegraph.execution.planned import statement
from genegraph.execution.planned.plan import SCALARS, compile_operation
from genegraph.resolvers.context import Context
from genegraph.resolvers.gene_matching import MAX_BATCH
from genegraph.schema.root import build_schema
from tests.conftest import StatementLog
from tests.helpers.kit import LoadedKit, needs_kit
from tests.helpers.planned import (
    LIMITS,
    PLANNED,
    Kit,
    answer,
    compared,
    execute,
    kit_runner,
    recorded,
)
from tests.helpers.sources import small_release

# Human genes with many terms and orthologs (IL2, TP53, BRCA1), a mouse and a rat gene,
# human genes with no orthologs in the kit (DDX11L1 without terms, ACTN3 with), a
# discontinued GeneID, an unknown GeneID.
GENE_IDS = [
    "NCBIGene:3558",
    "NCBIGene:7157",
    "NCBIGene:672",
    "NCBIGene:16183",
    "NCBIGene:116562",
    "NCBIGene:100287102",
    "NCBIGene:113523637",
    "NCBIGene:89",
    "NCBIGene:999999999",
]


@pytest.fixture(scope="module")
def kit(loaded_kit: LoadedKit) -> Iterator[Kit]:
    """One event loop and engine for the module: hypothesis' examples run in it."""
    yield from kit_runner(loaded_kit.url)


# Documents: hypothesis composes selections of the supported subset.

GENE_SCALARS = [*SCALARS["Gene"], "__typename"]
SPECIES_FIELDS = ["id", "taxonId", "scientificName", "commonName", "__typename"]
TERM_FIELDS = ["id", "name", "category", "definition", "isObsolete", "replacedBy", "consider"]
TERM_FIELDS += ["quickGoUrl", "amigoUrl", "__typename"]
ANNOTATION_FIELDS = ["evidence", "qualifier", "references", "sourceId", "source", "withFrom"]
ANNOTATION_FIELDS += ["assignedBy", "date", "__typename"]
CATEGORIES = ["BIOLOGICAL_PROCESS", "MOLECULAR_FUNCTION", "CELLULAR_COMPONENT"]


def _fields(names: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(names), min_size=1, max_size=5, unique=True).map(" ".join)


ALIAS = "ALIAS: "  # numbered once the document is drawn, so that no two aliases clash


def _aliased(field: str) -> st.SearchStrategy[str]:
    return st.sampled_from([field, ALIAS + field])


def _filter_arguments(annotations: bool) -> st.SearchStrategy[str]:
    parts = [
        st.sampled_from(["", *(f"category: {c}" for c in CATEGORIES)]),
        st.sampled_from(["", 'evidence: ["IDA", "IEA"]', "evidence: []"]),
        st.sampled_from(["", "evidenceGroups: [EXPERIMENTAL]", "descendantOf: null"]),
    ]
    if annotations:
        parts.append(st.sampled_from(["", "includeNegated: true", "includeNegated: false"]))
    return st.tuples(*parts).map(lambda p: ", ".join(x for x in p if x))


def _with_arguments(name: str, arguments: str) -> str:
    return f"{name}({arguments})" if arguments else name


@st.composite
def gene_selection(draw: st.DrawFn, depth: int) -> str:
    parts = [draw(_fields(GENE_SCALARS))]
    if draw(st.booleans()):
        parts.append(f"{draw(_aliased('species'))} {{ {draw(_fields(SPECIES_FIELDS))} }}")
    if draw(st.booleans()):
        field = _with_arguments("goTerms", draw(_filter_arguments(annotations=False)))
        parts.append(f"{draw(_aliased(field))} {{ {draw(_fields(TERM_FIELDS))} }}")
    if draw(st.booleans()):
        field = _with_arguments("annotations", draw(_filter_arguments(annotations=True)))
        term = f"term {{ {draw(_fields(TERM_FIELDS))} }}"
        parts.append(f"{draw(_aliased(field))} {{ {draw(_fields(ANNOTATION_FIELDS))} {term} }}")
    if depth > 0 and draw(st.booleans()):
        taxa = draw(
            st.sampled_from(
                ["", "taxa: [10090, 10116]", "taxa: [9606]", 'species: ["house mouse"]', "taxa: []"]
            )
        )
        inner = [draw(st.sampled_from(["sources", "source", "sources source", "__typename", ""]))]
        if draw(st.booleans()):
            inner.append(f"gene {{ {draw(gene_selection(depth - 1))} }}")
        if not any(inner):
            inner = ["sources"]
        parts.append(
            f"{draw(_aliased(_with_arguments('orthologs', taxa)))} {{ {' '.join(inner)} }}"
        )
    # Some selections inside an inline fragment; the order of the parts shuffled. (The
    # request limits refuse `orthologs` inside `orthologs`: depth 1 is the deepest.)
    parts = draw(st.permutations(parts))
    if draw(st.booleans()) and len(parts) > 1:
        parts = [parts[0], f"... on Gene {{ {' '.join(parts[1:])} }}"]
    return " ".join(parts)


# Inputs of `genes(...)`: besides GENE_IDS, text that is no id, an Ensembl id of two genes
# (ST7, ST7-OT3) and one of IL2; symbols: official (any case), an alias of one gene, an alias of two
# (ALOX12, ALOX15), an unknown one.
BATCH_IDS = [*GENE_IDS, "NCBIGene:x", "Ensembl:ENSG00000004866", "Ensembl:ENSG00000109471"]
BATCH_SYMBOLS = ["IL2", "il2", "Il2", "TCGF", "12-LOX", "NOSUCHGENE"]
MATCH_FIELDS = ["input", "matchedBy", "problem", "__typename"]


@st.composite
def match_selection(draw: st.DrawFn) -> str:
    parts = [draw(_fields(MATCH_FIELDS))]
    if draw(st.booleans()):
        parts.append(f"{draw(_aliased('gene'))} {{ {draw(gene_selection(depth=1))} }}")
    if draw(st.booleans()):
        parts.append(f"{draw(_aliased('candidates'))} {{ {draw(gene_selection(depth=0))} }}")
    parts = draw(st.permutations(parts))
    if draw(st.booleans()) and len(parts) > 1:
        parts = [parts[0], f"... on GeneMatch {{ {' '.join(parts[1:])} }}"]
    return " ".join(parts)


@st.composite
def batch_arguments(
    draw: st.DrawFn, i: int, variables: dict[str, tuple[str, Any]], gene_ids: bool = False
) -> str:
    """``genes``' arguments: ids (duplicates and an empty list included), symbols with or
    without a taxon, each written out or passed as a variable. With ``gene_ids``: GeneIDs
    only (what the one statement looks up), no symbols or an empty list of them."""
    arguments = []
    if gene_ids:
        ids = draw(st.lists(st.sampled_from(GENE_IDS), max_size=12))
        no_symbols = ["", "symbols: []", "symbols: [], taxon: 7955"]
        arguments.append(draw(st.sampled_from(no_symbols)))
    elif draw(st.booleans()):
        ids = draw(st.lists(st.sampled_from(BATCH_IDS), max_size=6))
    else:
        ids = None
    if ids is not None:
        if draw(st.booleans()):
            variables[f"ids{i}"] = ("[ID!]", ids)
            arguments.append(f"ids: $ids{i}")
        else:
            arguments.append(f"ids: {json.dumps(ids)}")
    if not gene_ids and draw(st.booleans()):
        symbols = draw(st.lists(st.sampled_from(BATCH_SYMBOLS), max_size=4))
        arguments.append(f"symbols: {json.dumps(symbols)}")
        arguments.append(draw(st.sampled_from(["", "taxon: 9606", "taxon: 10090"])))
    return ", ".join(a for a in arguments if a)


@st.composite
def card_document(
    draw: st.DrawFn, batches: bool = False, gene_ids: bool = False
) -> tuple[str, dict[str, Any]]:
    """Cards: ``gene(id:)`` roots; with ``batches``, ``genes(...)`` roots among them (of
    GeneIDs only with ``gene_ids``)."""
    roots = []
    variables: dict[str, tuple[str, Any]] = {}  # name -> (type, value)
    for i in range(draw(st.integers(1, 3))):
        if batches and draw(st.booleans()):
            drawn = draw(batch_arguments(i, variables, gene_ids))
            arguments = _with_arguments("genes", drawn)
            roots.append(f"g{i}: {arguments} {{ {draw(match_selection())} }}")
            continue
        gene = draw(st.sampled_from(GENE_IDS))
        if draw(st.booleans()):
            variables[f"id{i}"] = ("ID", gene)
            argument = f"$id{i}"
        else:
            argument = json.dumps(gene)
        roots.append(f"g{i}: gene(id: {argument}) {{ {draw(gene_selection(depth=1))} }}")
    signature = ", ".join(f"${name}: {kind}" for name, (kind, _) in variables.items())
    head = f"query Card({signature})" if signature else "query Card"
    parts = f"{head} {{ {' '.join(roots)} }}".split(ALIAS)
    document = parts[0] + "".join(f"a{i}: {part}" for i, part in enumerate(parts[1:]))
    return document, {name: value for name, (_, value) in variables.items()}


@needs_kit
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=card_document())
def test_planned_answers_equal_the_general_executors(
    kit: Kit, document: tuple[str, dict[str, Any]]
) -> None:
    text, variables = document
    assert answer(kit, text, variables).path == "planned", text


@needs_kit
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=card_document(batches=True))
def test_planned_batches_equal_the_general_executors(
    kit: Kit, document: tuple[str, dict[str, Any]]
) -> None:
    text, variables = document
    result = answer(kit, text, variables)
    # A drawn batch of cards can cost more than the limit allows: both schemas refuse it
    # before execution alike (answer() compared them), and there is no plan to test.
    assume('"limit": "cost"' not in result.text)
    assert result.path == "planned", text


@pytest.fixture
def kit_statements(kit: Kit) -> Iterator[StatementLog]:
    """The statements the kit's engine runs while the test does."""
    with recorded(kit[1]) as log:
        yield log


@needs_kit
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=card_document(batches=True, gene_ids=True))
def test_batches_of_gene_ids_are_planned_in_one_statement(
    kit: Kit,
    kit_statements: StatementLog,
    document: tuple[str, dict[str, Any]],
) -> None:
    """Batches of GeneIDs (unknown and discontinued ones, duplicates, in any order) beside
    cards: one statement, which reads the release too, and the general executor's JSON."""
    text, variables = document
    runner, engine = kit
    warm = runner.run(execute(PLANNED, engine, text, variables))  # reads the species once
    # A drawn batch can cost more than the limit allows: refused before any statement.
    assume('"limit": "cost"' not in warm)
    kit_statements.clear()
    context = Context(engine)
    runner.run(PLANNED.execute(text, variable_values=variables, context_value=context))
    assert len(kit_statements) == 1, (text, kit_statements.statements)
    assert context.release_read is not None
    assert answer(kit, text, variables).path == "planned", text


# Hand-written edge cases.

CARD = """query Card($id: ID!) {
  gene(id: $id) { id symbol name species { scientificName }
    goTerms(category: BIOLOGICAL_PROCESS) { id name }
    orthologs(taxa: [10090, 10116]) { gene { id symbol species { scientificName }
      goTerms(category: BIOLOGICAL_PROCESS) { id name } } } } }"""


@needs_kit
@pytest.mark.parametrize("gene", GENE_IDS)
def test_the_bench_card_is_planned(kit: Kit, gene: str) -> None:
    result = answer(kit, CARD, {"id": gene})
    assert result.path == "planned"
    data = json.loads(result.text)["data"]["gene"]
    if gene == "NCBIGene:999999999":
        assert data is None
    if gene == "NCBIGene:3558":  # IL2: terms, and a mouse and a rat ortholog with terms
        assert data["symbol"] == "IL2" and len(data["goTerms"]) > 10
        species = {o["gene"]["species"]["scientificName"] for o in data["orthologs"]}
        assert species == {"Mus musculus", "Rattus norvegicus"}


PLANNED_EDGES = {
    "fragments, merged keys, typename": """
        fragment Names on Gene { symbol name }
        fragment Terms on Gene { goTerms(category: MOLECULAR_FUNCTION) { id } }
        query { __typename a: gene(symbol: "IL2") { ...Names ...Terms ...Names
          goTerms(category: MOLECULAR_FUNCTION) { name __typename }
          orthologs { source } orthologs { gene { symbol } sources } } }""",
    "by symbol, taxon and alias": """{ il2: gene(symbol: "il2") { id }
        mouse: gene(symbol: "Il2", taxon: 10090) { id species { commonName } }
        alias: gene(alias: "TCGF") { symbol } }""",
    "unknown symbol": '{ gene(symbol: "NOSUCHGENE") { id } }',
    "no gene at all": "{ __typename }",
    "a withdrawn GeneID": '{ gene(id: "NCBIGene:113523637") { id } }',
    "two gene selections under orthologs": """{ gene(id: "NCBIGene:3558") {
        orthologs(taxa: [10090]) { a: gene { symbol } b: gene { id species { taxonId } } } } }""",
    "a null descendantOf variable": """query Q($d: ID) { gene(id: "NCBIGene:3558") {
        goTerms(descendantOf: $d) { id } } }""",
    "a batch: duplicates, unknown, withdrawn, not an id, external ids": """{
        genes(ids: ["NCBIGene:3558", "NCBIGene:3558", "NCBIGene:999999999",
          "NCBIGene:113523637", "NCBIGene:x", "Ensembl:ENSG00000004866",
          "Ensembl:ENSG00000109471"]) { input matchedBy problem __typename
          gene { id symbol name species { taxonId } goTerms(category: BIOLOGICAL_PROCESS) { id }
            orthologs(taxa: [10090]) { sources source gene { symbol annotations { evidence } } } }
          candidates { id symbol } } }""",
    "batches beside cards: symbols with a taxon, aliases, empty lists, fragments": """
        fragment Match on GeneMatch { input matchedBy gene { ...Names } }
        fragment Names on Gene { id symbol }
        query { card: gene(symbol: "TP53") { ...Names }
          human: genes(symbols: ["il2", "TCGF", "12-LOX", "NOSUCHGENE"]) {
            ...Match ... on GeneMatch { problem candidates { symbol } } ...Match }
          mouse: genes(symbols: ["Il2"], taxon: 10090, ids: ["NCBIGene:7157"]) {
            m: matchedBy ...Match }
          none: genes(ids: []) { input } nothing: genes { input } __typename }""",
    "a batch as a variable": """query Batch($ids: [ID!]!) { genes(ids: $ids) {
        input matchedBy gene { id symbol name } } }""",
}
# Variables of the documents above that have some.
PLANNED_VARIABLES = {"a batch as a variable": {"ids": GENE_IDS + GENE_IDS[:3]}}
# What each answer shows, so that it covers what its name says.
PLANNED_SHOWN = {
    "a batch: duplicates, unknown, withdrawn, not an id, external ids": [
        '"matchedBy": "XREF"',
        '"candidates": [{"id": "NCBIGene:7982", "symbol": "ST7"}',
        "is not a gene id",
        '"orthologs": [{"sources": [',
    ],
    "batches beside cards: symbols with a taxon, aliases, empty lists, fragments": [
        '"matchedBy": "ALIAS"',
        '"m": "SYMBOL"',
        '"none": [], "nothing": []',
    ],
}


@needs_kit
@pytest.mark.parametrize("name", list(PLANNED_EDGES))
def test_edge_cases_are_planned(kit: Kit, name: str) -> None:
    result = answer(kit, PLANNED_EDGES[name], PLANNED_VARIABLES.get(name))
    assert result.path == "planned"
    assert json.loads(result.text)["errors"] == []
    for shown in PLANNED_SHOWN.get(name, []):
        assert shown in result.text, shown


# Outside the subset: the general executor answers (and the answers are still equal).
GENERAL_EDGES = {
    "a field outside the subset": '{ gene(id: "NCBIGene:3558") { symbol aliases } }',
    "a root field outside the subset": '{ goTerm(id: "GO:0006955") { name } }',
    "a directive": '{ gene(id: "NCBIGene:3558") { symbol @include(if: true) } }',
    "a second root field outside the subset": """{ gene(id: "NCBIGene:3558") { symbol }
        genes(ids: ["NCBIGene:3558"]) { input } goTerm(id: "GO:0006955") { name } }""",
    "a batch's gene field outside the subset": """{ genes(ids: ["NCBIGene:3558"]) {
        gene { symbol aliases } } }""",
    "node(id:), Relay's refetch": """{ node(id: "NCBIGene:3558") { __typename id
        ... on Gene { symbol goTerms { id } } } }""",
    "a gene card beside node(id:)": """{ gene(id: "NCBIGene:3558") { symbol }
        node(id: "GO:0006955") { id ... on GOTerm { name } } }""",
    "a syntax error": "{ gene(id: ",
    "a validation error": '{ gene(id: "NCBIGene:3558") { nosuchfield } }',
}
OVER_THE_LIMIT = [f"NCBIGene:{i}" for i in range(1, MAX_BATCH + 2)]
# Inside the subset, but refused by the resolvers: the plan gives way, the general
# executor reports the error.
FALLBACK_EDGES = {
    "a malformed id": '{ gene(id: "NCBIGene:x") { symbol } }',
    "both id and symbol": '{ gene(id: "NCBIGene:3558", symbol: "IL2") { symbol } }',
    "an unknown species name": """{ gene(id: "NCBIGene:3558") {
        orthologs(species: ["unicorn"]) { source } } }""",
    "descendantOf given": """{ gene(id: "NCBIGene:3558") {
        goTerms(descendantOf: "GO:0008150") { id } } }""",
    "an unknown descendantOf term": """{ gene(id: "NCBIGene:3558") {
        goTerms(descendantOf: "GO:9999999") { id } } }""",
    "a batch over the limit": f"{{ genes(ids: {json.dumps(OVER_THE_LIMIT)}) {{ input }} }}",
    "a symbol in a species not loaded": '{ gene(symbol: "IL2", taxon: 7955) { id } }',
}


@needs_kit
@pytest.mark.parametrize("name", list(GENERAL_EDGES))
def test_unsupported_documents_run_the_general_executor(kit: Kit, name: str) -> None:
    assert answer(kit, GENERAL_EDGES[name]).path == "general"


@needs_kit
@pytest.mark.parametrize("name", list(FALLBACK_EDGES))
def test_refused_arguments_fall_back_to_the_general_executor(kit: Kit, name: str) -> None:
    result = answer(kit, FALLBACK_EDGES[name])
    assert result.path == "fallback"
    if name != "descendantOf given":
        assert json.loads(result.text)["errors"], result.text


# The one statement (genegraph/execution/planned/statement.py) over a small release with
# what the kit lacks: a NOT annotation, a GeneID replaced by another, orthologs in four
# species, an obsolete term; and limits that let `orthologs` nest, so that the statement
# has levels.
NESTING = replace(LIMITS, max_list_nesting=3)
NESTED_SCHEMAS = (
    build_schema(NESTING, introspection=True),
    build_schema(NESTING, introspection=True, planned=False),
)
ONE_STATEMENT = {
    "a NOT annotation, shown and not": """{ gene(id: "NCBIGene:3558") {
        all: annotations(includeNegated: true) { qualifier evidence references withFrom
          assignedBy date source sourceId
          term { id name category definition isObsolete replacedBy consider } }
        annotations { qualifier term { id } }
        goTerms(category: BIOLOGICAL_PROCESS) { id } negated: goTerms { id } } }""",
    "a replaced GeneID, a withdrawn one, an unknown one": """{
        replaced: gene(id: "NCBIGene:99999999") { id symbol goTerms { id } }
        withdrawn: gene(id: "NCBIGene:88888888") { id }
        unknown: gene(id: "NCBIGene:12345678") { id orthologs { source } } }""",
    "a batch alone: replaced, withdrawn, unknown, twice": """{
        genes(ids: ["NCBIGene:99999999", "NCBIGene:88888888", "NCBIGene:3558",
          "NCBIGene:12345678", "NCBIGene:3558"]) {
          input matchedBy problem gene { id symbol species { taxonId } } } }""",
    "a batch alone reading some of its genes' fields, in two selections": """{
        genes(ids: ["NCBIGene:99999999", "NCBIGene:3558"]) {
          gene { name type } g: gene { chromosome mapLocation geneId } } }""",
    "a batch alone: two GeneIDs one gene replaced, and its own GeneID": """{
        genes(ids: ["NCBIGene:99999998", "NCBIGene:3558", "NCBIGene:99999999"]) {
          input matchedBy gene { id } } }""",
    "a batch alone, written by its statement: replaced, withdrawn, unknown, twice": """{
        genes(ids: ["NCBIGene:99999999", "NCBIGene:88888888", "NCBIGene:3558",
          "NCBIGene:12345678", "NCBIGene:3558", "NCBIGene:99999998"]) {
          problem matchedBy i: input gene { name id summary summaryProvenance type
            chromosome mapLocation symbol } again: gene { id } } }""",
    "a batch alone with a GeneID written with a leading zero": """{
        genes(ids: ["NCBIGene:03558", "NCBIGene:3560"]) { input matchedBy gene { id } } }""",
    "a batch alone that finds no gene": """{
        genes(ids: ["NCBIGene:12345678", "NCBIGene:88888888"]) { input matchedBy gene { id } } }""",
    "nulls: fields, species names, no terms, no orthologs": """{ gene(id: "NCBIGene:3558") {
        orthologs { source gene { id name summary summaryProvenance type chromosome
          mapLocation species { commonName scientificName } goTerms { id definition }
          annotations { evidence qualifier references date assignedBy } orthologs { source } } } }
        plain: gene(id: "NCBIGene:3560") { summary goTerms { id } orthologs { source } } }""",
    "nested ortholog levels, each with its species": """{ gene(id: "NCBIGene:3558") {
        orthologs(taxa: [10090, 9598]) { sources source gene { symbol goTerms { id }
          orthologs(taxa: [9606, 10116]) { sources gene { id species { taxonId }
            annotations { source term { id } }
            orthologs(species: ["house mouse"]) { gene { symbol } } } } } }
        none: orthologs(taxa: []) { gene { symbol } } } }""",
    "a batch of GeneIDs: replaced, withdrawn, unknown, twice, out of order": """{
        genes(ids: ["NCBIGene:99999999", "NCBIGene:88888888", "NCBIGene:3558",
          "NCBIGene:12345678", "NCBIGene:3558", "NCBIGene:3560"], symbols: []) {
          input matchedBy problem __typename
          gene { id symbol species { taxonId } annotations(includeNegated: true) {
              qualifier term { id } }
            orthologs(taxa: [10090, 9598]) { source gene { symbol species { taxonId }
              orthologs { sources gene { id goTerms { id } } } } } } }
        card: gene(symbol: "il2") { id orthologs(taxa: [10090]) { gene { id } } }
        empty: genes(ids: []) { input } none: genes { input }
        again: genes(ids: ["NCBIGene:3560"]) { matchedBy gene { symbol } } }""",
    "lists of two categories on one gene, and one that admits any": """{
        gene(id: "NCBIGene:3558") { bp: goTerms(category: BIOLOGICAL_PROCESS) { id category }
          mf: annotations(category: MOLECULAR_FUNCTION) { evidence term { id category } } }
        any: gene(id: "NCBIGene:3558") { goTerms(category: MOLECULAR_FUNCTION) { id }
          annotations { term { id category } } } }""",
    "look-ups of each kind, the same gene twice": """{
        a: gene(id: "NCBIGene:3558") { symbol annotations { source } }
        b: gene(symbol: "il2") { id orthologs(taxa: [10090]) { gene { id } } }
        c: gene(id: "GeneSymbol:9606/IL2") { id goTerms { name } }
        d: gene(symbol: "Il2", taxon: 10090) { id orthologs { gene { symbol } } } }""",
}


# What each answer shows, so that it covers what its name says.
SHOWN = {
    "a NOT annotation, shown and not": ['"qualifier": "NOT|involved_in"'],
    "a replaced GeneID, a withdrawn one, an unknown one": [
        '"replaced": {"id": "NCBIGene:3558"',
        '"withdrawn": null',
    ],
    "a batch alone: replaced, withdrawn, unknown, twice": [
        '"input": "NCBIGene:99999999", "matchedBy": "DISCONTINUED_ID", "problem": null',
        '"input": "NCBIGene:88888888", "matchedBy": null, "problem": "no gene has the id',
        '"matchedBy": "ID", "problem": null, "gene": {"id": "NCBIGene:3558"',
    ],
    "a batch alone reading some of its genes' fields, in two selections": [
        '"gene": {"name": "interleukin 2", "type": "protein-coding"}',
        '"g": {"chromosome": "4", "mapLocation": "4q27", "geneId": 3558}',
    ],
    "a batch alone: two GeneIDs one gene replaced, and its own GeneID": [
        '"input": "NCBIGene:99999998", "matchedBy": "DISCONTINUED_ID", '
        '"gene": {"id": "NCBIGene:3558"}}, {"input": "NCBIGene:3558", "matchedBy": "ID", '
        '"gene": {"id": "NCBIGene:3558"}}, {"input": "NCBIGene:99999999", '
        '"matchedBy": "DISCONTINUED_ID", "gene": {"id": "NCBIGene:3558"}}',
    ],
    "a batch alone, written by its statement: replaced, withdrawn, unknown, twice": [
        '"problem": null, "matchedBy": "DISCONTINUED_ID", "i": "NCBIGene:99999999"',
        '"problem": "no gene has the id \'NCBIGene:88888888\'", "matchedBy": null',
        '"type": "protein-coding", "chromosome": "4", "mapLocation": "4q27", "symbol": "IL2"}, '
        '"again": {"id": "NCBIGene:3558"}',
    ],
    "a batch alone with a GeneID written with a leading zero": [
        '"input": "NCBIGene:03558", "matchedBy": "ID", "gene": {"id": "NCBIGene:3558"}',
    ],
    "a batch alone that finds no gene": [
        '"input": "NCBIGene:12345678", "matchedBy": null, "gene": null',
    ],
    "nulls: fields, species names, no terms, no orthologs": [
        '"summary": null',
        '"goTerms": []',
        '"orthologs": []',
    ],
    "nested ortholog levels, each with its species": [
        '"species": {"taxonId": 9606}',
        '"none": []',
        # IL2 and mouse Il2: asserted by the page, gene_orthologs and HomoloGene, one entry.
        '"sources": ["gene page", "NCBI Gene", "HomoloGene"], "source": "gene page"',
    ],
    "a batch of GeneIDs: replaced, withdrawn, unknown, twice, out of order": [
        '"input": "NCBIGene:99999999", "matchedBy": "DISCONTINUED_ID", "problem": null',
        '"input": "NCBIGene:88888888", "matchedBy": null, "problem": "no gene has the id',
        '"qualifier": "NOT|involved_in"',
        '"species": {"taxonId": 10090}',
        '"empty": [], "none": []',
    ],
    "lists of two categories on one gene, and one that admits any": [
        '"bp": [{"id": "GO:',
        '{"evidence": "IEA", "term": {"id": "GO:0005125", "category": "MOLECULAR_FUNCTION"}}',
        '"any": {"goTerms": [{"id": "GO:0030246"}, {"id": "GO:0005125"}',
        '{"term": {"id": "GO:0005576", "category": "CELLULAR_COMPONENT"}}',
    ],
    "look-ups of each kind, the same gene twice": [
        '"c": {"id": "NCBIGene:3558"',
        '"d": {"id": "NCBIGene:16183"',
    ],
}


@pytest.fixture
async def released(engine: AsyncEngine, tmp_path: Path) -> AsyncEngine:
    await load(engine, [Source(path) for path in small_release(tmp_path).values()])
    return engine


@pytest.mark.parametrize("name", list(ONE_STATEMENT))
async def test_one_statement_answers_equal_the_general_executors(
    released: AsyncEngine, statements: StatementLog, name: str
) -> None:
    document = ONE_STATEMENT[name]
    await execute(NESTED_SCHEMAS[0], released, document, None)  # reads the species
    statements.clear()
    await execute(NESTED_SCHEMAS[0], released, document, None)
    assert len(statements) == 1, statements.statements
    result = await compared(released, document, schemas=NESTED_SCHEMAS)
    assert result.path == "planned"
    answered = json.loads(result.text)
    assert answered["errors"] == [], answered
    for shown in SHOWN[name]:
        assert shown in result.text, shown


WRITTEN = "a batch alone, written by its statement: replaced, withdrawn, unknown, twice"


async def test_a_written_batch_is_the_text_orjson_writes(released: AsyncEngine) -> None:
    """On PostgreSQL a batch alone's statement writes its list (written.py); where orjson
    encodes the answer (the planned lane) that text stands in it as it is, and must be the
    bytes orjson writes for the general executor's answer."""
    if released.dialect.name != "postgresql":
        pytest.skip("written by PostgreSQL only")
    document = ONE_STATEMENT[WRITTEN]
    context = Context(released)
    context.json_fragments = True
    planned = await NESTED_SCHEMAS[0].execute(document, context_value=context)
    general = await NESTED_SCHEMAS[1].execute(document, context_value=Context(released))
    assert planned.errors is None and planned.data is not None
    assert isinstance(planned.data["genes"], orjson.Fragment)
    assert context.release_read == await newest_release(released) > 0
    assert orjson.dumps(planned.data) == orjson.dumps(general.data)
    decoded = await NESTED_SCHEMAS[0].execute(document, context_value=Context(released))
    assert decoded.data == general.data  # elsewhere: Python values


# Every character class a stored string may hold (PostgreSQL's text holds no NUL).
STRINGS = [
    'a "quoted" word',
    "back\\slash",
    "".join(chr(i) for i in range(1, 32)),
    "\x7f\x80\x9f\xa0",
    "é ü ß 漢字 😀",
    "\u2028\u2029 </script> a/b 'single'",
    "\ud7ff\ue000\uffff",
]


async def test_postgresqls_json_strings_are_orjsons(released: AsyncEngine) -> None:
    """A written batch's strings are PostgreSQL's ``to_json``: escaped as orjson escapes."""
    if released.dialect.name != "postgresql":
        pytest.skip("written by PostgreSQL only")
    async with released.connect() as conn:
        for value in STRINGS:
            written = await conn.scalar(
                sql_text("SELECT CAST(to_json(CAST(:v AS TEXT)) AS TEXT)"), {"v": value}
            )
            assert written == orjson.dumps(value).decode(), value


# A batch over the same release with a symbol: a replaced GeneID, levels of orthologs
# (level by level: the one statement looks up GeneIDs only).
RELEASE_BATCH = """{ genes(ids: ["NCBIGene:99999999", "NCBIGene:88888888", "NCBIGene:3558"],
    symbols: ["IL2"]) { input matchedBy problem
      gene { id symbol annotations(includeNegated: true) { qualifier term { id } }
        orthologs(taxa: [10090, 9598]) { source gene { symbol species { taxonId }
          orthologs { sources gene { id goTerms { id } } } } } } } }"""


async def test_batches_over_a_release_equal_the_general_executors(
    released: AsyncEngine,
) -> None:
    result = await compared(released, RELEASE_BATCH, schemas=NESTED_SCHEMAS)
    assert result.path == "planned"
    assert json.loads(result.text)["errors"] == []
    for shown in ['"matchedBy": "DISCONTINUED_ID"', '"qualifier": "NOT|involved_in"']:
        assert shown in result.text, shown
    assert '"species": {"taxonId": 10090}' in result.text


async def test_the_statement_reads_the_newest_release_with_the_genes(
    released: AsyncEngine,
) -> None:
    document = '{ gene(id: "NCBIGene:3558") { symbol orthologs(taxa: [10090]) { source } } }'
    [operation] = parse(document).definitions
    assert isinstance(operation, OperationDefinitionNode)
    plan = compile_operation(graphql_schema(PLANNED), operation, {})
    taxa = tuple(None for _ in plan.gene_sets)
    fetched = await statement.fetch(plan, [("id", 3558)], taxa, released)
    assert fetched.release == await newest_release(released) > 0
    [gene] = fetched.roots
    assert gene is not None and gene.symbol == "IL2"
    [mouse] = [o for o in fetched.orthologs[gene.pk] if o.gene.taxon_id == 10090]
    assert mouse.sources == ("gene page", "NCBI Gene", "HomoloGene")


async def test_the_statement_reads_the_annotations_of_the_categories_asked_only(
    released: AsyncEngine,
) -> None:
    """Annotations of other categories than the plan's lists admit are left unread (its
    rules still filter what is read): all of them without ``categories``."""
    document = '{ gene(id: "NCBIGene:3558") { goTerms(category: MOLECULAR_FUNCTION) { id } } }'
    [operation] = parse(document).definitions
    assert isinstance(operation, OperationDefinitionNode)
    plan = compile_operation(graphql_schema(PLANNED), operation, {})
    taxa = tuple(None for _ in plan.gene_sets)
    read = {}
    for categories in (None, frozenset({GOCategory.MOLECULAR_FUNCTION})):
        fetched = await statement.fetch(plan, [("id", 3558)], taxa, released, (), categories)
        [gene] = fetched.roots
        assert gene is not None
        read[categories] = {a.term.category for a in fetched.annotations[gene.pk]}
    assert read[None] == set(GOCategory)
    assert read[frozenset({GOCategory.MOLECULAR_FUNCTION})] == {GOCategory.MOLECULAR_FUNCTION}


# A species not loaded: the plan gives way (the one statement found no gene, a batch's
# symbols matched none) and the general executor reports the same error.
UNLOADED_TAXON = {
    "a card": '{ gene(symbol: "IL2", taxon: 7955) { id symbol species { taxonId } } }',
    "a batch": '{ genes(symbols: ["IL2"], taxon: 7955) { input gene { id } } }',
}


@pytest.mark.parametrize("name", list(UNLOADED_TAXON))
async def test_an_unloaded_taxon_is_the_same_error_on_both_paths(
    released: AsyncEngine, name: str
) -> None:
    result = await compared(released, UNLOADED_TAXON[name], schemas=NESTED_SCHEMAS)
    assert result.path == "fallback"
    (error,) = json.loads(result.text)["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "taxon 7955 is not loaded; loaded species: 9606 (Homo sapiens)" in error["message"]
