"""Planned search (genegraph/execution/planned/search.py) answers exactly what the general
executor answers over the real kit (tests/helpers/planned.py compares the two, key order
included), in as many statements; the supported subset's documents are planned."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from genegraph.db.newest_release import newest_release
from genegraph.resolvers.context import Context
from genegraph.resolvers.pagination import cursor_at
from genegraph.resolvers.search import MAX_QUERY_LENGTH
from tests.helpers import planned_documents as drawn
from tests.helpers.kit import LoadedKit, needs_kit
from tests.helpers.planned import (
    GENERAL,
    PLANNED,
    Kit,
    answer,
    fallback_error,
    kit_runner,
    statement_counts,
)

pytestmark = needs_kit

# The autocomplete workload's document (bench/lab/workloads.py).
AUTOCOMPLETE = """query Search($q: String!) {
  search(query: $q, taxon: 9606, first: 10) {
    edges { node { matchedBy gene { id symbol name } } } } }"""
# Queries that reach every tier: a huge symbol group, an exact symbol, aliases, name and
# summary words, characters that are patterns in GLOB or LIKE.
QUERIES = ["LOC", "a", "zz", "IL2", "il2r", "tcgf", "interleukin 2", "kinase", "X-", "%", "_"]
QUERIES += ["H*", "IL"]


@pytest.fixture(scope="module")
def kit(loaded_kit: LoadedKit) -> Iterator[Kit]:
    yield from kit_runner(loaded_kit.url)


@st.composite
def query_text(draw: st.DrawFn) -> str:
    """A hand-picked query, or 1 to 4 letters of a human symbol in either case."""
    if draw(st.booleans()):
        return draw(st.sampled_from(QUERIES))
    prefix = draw(st.sampled_from(drawn.human_genes("Symbol")))[: draw(st.integers(1, 4))]
    return prefix.lower() if draw(st.booleans()) else prefix


PAGE_INFO_FIELDS = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"]


@st.composite
def hit_selection(draw: st.DrawFn) -> str:
    parts = [draw(drawn.fields_of(["matchedBy", "matchedText", "__typename"]))]
    if draw(st.booleans()):
        gene = draw(drawn.gene_selection())
        parts.append(f"{draw(st.sampled_from(['gene', 'g: gene']))} {{ {gene} }}")
    return drawn.in_fragment(draw, draw(st.permutations(parts)), "GeneSearchHit")


@st.composite
def connection_selection(draw: st.DrawFn) -> str:
    choices = {
        "totalCount": "totalCount",
        "pageInfo": f"pageInfo {{ {draw(drawn.fields_of(PAGE_INFO_FIELDS))} }}",
        "edges": f"edges {{ {draw(drawn.fields_of(['cursor', '__typename']))} "
        f"node {{ {draw(hit_selection())} }} }}",
        "cursors": "edges { cursor }",
        "nodes": f"nodes {{ {draw(hit_selection())} }}",
        "__typename": "__typename",
    }
    names = draw(st.lists(st.sampled_from(list(choices)), min_size=1, max_size=4, unique=True))
    return drawn.in_fragment(draw, [choices[n] for n in names], "GeneSearchHitConnection")


@st.composite
def search_document(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """One or two ``search`` roots (a gene card beside them, sometimes): a drawn query,
    taxon and page, written out or passed as variables."""
    operation = drawn.Operation("Search")
    for i in range(draw(st.integers(1, 2))):
        arguments = [operation.argument(draw, "query", draw(query_text()), f"q{i}", "String!")]
        arguments.append(draw(st.sampled_from(["", "taxon: 9606", "taxon: 10090"])))
        arguments.append(draw(st.sampled_from(["", *(f"first: {n}" for n in (0, 1, 3, 10))])))
        after = draw(st.sampled_from([None, 0, 4, 40]))
        if after is not None:
            arguments.append(f"after: {json.dumps(cursor_at(after))}")
        written = ", ".join(a for a in arguments if a)
        operation.roots.append(f"s{i}: search({written}) {{ {draw(connection_selection())} }}")
    return operation.text(draw), operation.variables


@drawn.documents(60)
@given(document=search_document())
def test_planned_searches_equal_the_general_executors(
    kit: Kit, document: tuple[str, dict[str, Any]]
) -> None:
    text, variables = document
    result = answer(kit, text, variables)
    assert result.path == "planned", (text, result.text)


@pytest.mark.parametrize("query", QUERIES)
def test_the_bench_autocomplete_is_planned_in_the_general_executors_statements(
    kit: Kit, query: str
) -> None:
    """The workload's document: the plan's answer, and the statements the field's
    resolver runs (one when the symbols fill the page, as for "IL" and "LOC")."""
    counts = statement_counts(kit, AUTOCOMPLETE, {"q": query})
    assert counts[0] == counts[1], query
    result = answer(kit, AUTOCOMPLETE, {"q": query})
    assert result.path == "planned"
    if query in ("IL", "LOC"):  # the page filled by symbols
        assert counts[0] == 1
        assert len(json.loads(result.text)["data"]["search"]["edges"]) == 10


@pytest.mark.parametrize("schema", [PLANNED, GENERAL], ids=["planned", "general"])
def test_a_page_of_symbols_reads_its_release(kit: Kit, schema: Any) -> None:
    """The symbol page's one statement reads the newest release with the hits, so the
    server needs no statement more to know it (genegraph/server/one_release.py); a walk
    of more than one statement does not claim one."""
    runner, engine = kit
    newest = runner.run(newest_release(engine))
    for query, read in (("IL", newest), ("tcgf", None)):
        context = Context(engine)
        variables = {"q": query}
        result = runner.run(schema.execute(AUTOCOMPLETE, variables, context_value=context))
        assert result.errors is None and result.data is not None
        assert result.data["search"]["edges"], query
        assert context.release_read == read, query


# Inside the subset, but refused by the resolvers: the plan gives way and the general
# executor reports the same error.
REFUSED = {
    "an empty query": '{ search(query: "  ") { nodes { matchedBy } } }',
    "a query too long": f'{{ search(query: "{"a" * (MAX_QUERY_LENGTH + 1)}") {{ totalCount }} }}',
    "a negative page size": '{ search(query: "il", first: -1) { nodes { matchedBy } } }',
    "not a cursor": '{ search(query: "il", after: "nonsense") { nodes { matchedBy } } }',
    "a species not loaded": '{ search(query: "il2", taxon: 7955) { edges { cursor } } }',
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_searches_fall_back_to_the_general_executor(kit: Kit, name: str) -> None:
    error = fallback_error(answer(kit, REFUSED[name]))
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}


# Outside the subset: the general executor answers.
UNSUPPORTED = {
    "a gene field outside the subset": '{ search(query: "il2") { nodes { gene { aliases } } } }',
    "a directive": '{ search(query: "il2") { totalCount @include(if: true) } }',
    "GO term search beside it": """{ search(query: "il2") { totalCount }
        goTerms(search: "immune") { totalCount } }""",
}


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_unsupported_searches_run_the_general_executor(kit: Kit, name: str) -> None:
    assert answer(kit, UNSUPPORTED[name]).path == "general"
