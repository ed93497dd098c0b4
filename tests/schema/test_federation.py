"""Apollo Federation v2: genegraph as a subgraph, Gene and GOTerm entities keyed by id."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema as parse_sdl
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.execution.limits import DEFAULT_LIMITS
from tests.conftest import SEED_PAGE, StatementLog, run_query
from tests.helpers.sources import write_pages

ENTITIES = """query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Gene {
      id symbol species { scientificName } goTerms(category: BIOLOGICAL_PROCESS) { id }
    }
    ... on GOTerm { id name category }
  }
}"""


async def test_service_sdl_declares_the_entities(engine: AsyncEngine) -> None:
    result = await run_query(engine, "{ _service { sdl } }")
    sdl = result.ok()["_service"]["sdl"]
    assert '@link(url: "https://specs.apollo.dev/federation/v2.' in sdl
    # Relay's Node interface (schema/node_interface.py) comes before the directive.
    assert 'type Gene implements Node @key(fields: "id", resolvable: true)' in sdl
    assert 'type GOTerm implements Node @key(fields: "id", resolvable: true)' in sdl
    # What a gateway composes must be a schema graphql-core can read back.
    parsed = parse_sdl(sdl, assume_valid_sdl=True)
    assert {"Gene", "GOTerm", "_Entity", "_Service"} <= set(parsed.type_map)


async def test_entities_resolve_in_order(engine: AsyncEngine) -> None:
    await load(engine, [Source(SEED_PAGE)])
    representations = [
        {"__typename": "GOTerm", "id": "GO:0006955"},
        {"__typename": "Gene", "id": "GeneSymbol:9606/IL2"},
        {"__typename": "Gene", "id": "NCBIGene:999999999"},
        {"__typename": "Gene", "id": "GeneSymbol:10090/Il2"},
        {"__typename": "GOTerm", "id": "GO:9999999"},
    ]
    result = await run_query(engine, ENTITIES, {"representations": representations})
    entities = result.ok()["_entities"]
    assert entities[0] == {
        "__typename": "GOTerm",
        "id": "GO:0006955",
        "name": "immune response",
        "category": "BIOLOGICAL_PROCESS",
    }
    assert entities[1]["__typename"] == "Gene"
    assert entities[1]["id"] == "GeneSymbol:9606/IL2"
    assert entities[1]["species"] == {"scientificName": "Homo sapiens"}
    assert len(entities[1]["goTerms"]) == 28
    assert entities[2] is None
    assert (entities[3]["symbol"], entities[3]["species"]["scientificName"]) == (
        "Il2",
        "Mus musculus",
    )
    assert entities[4] is None


@pytest.mark.parametrize(
    ("representation", "problem"),
    [
        ({"__typename": "Species", "id": "NCBITaxon:9606"}, "__typename must be Gene or GOTerm"),
        ({"__typename": "Gene"}, "needs an `id`"),
        ({"__typename": "Gene", "id": "3558"}, "3558"),
        ({"__typename": "GOTerm", "id": "immune response"}, "immune response"),
    ],
)
async def test_bad_representations_are_named(
    engine: AsyncEngine, representation: dict[str, str], problem: str
) -> None:
    result = await run_query(engine, ENTITIES, {"representations": [representation]})
    [error] = result.errors
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "representations[0]" in str(error["message"])
    assert problem in str(error["message"])


@pytest.mark.parametrize("count", [1, 50])
async def test_entities_batch_through_the_loaders(
    engine: AsyncEngine, statements: StatementLog, tmp_path: Path, count: int
) -> None:
    """N gene entities with their terms and orthologs run the statements of one."""
    await load(engine, write_pages(tmp_path, count))
    statements.clear()
    representations = [{"__typename": "Gene", "id": f"GeneSymbol:9606/G{i}"} for i in range(count)]
    query = """query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Gene { symbol goTerms { id } orthologs { gene { symbol goTerms { id } } } } } }"""
    result = await run_query(engine, query, {"representations": representations})
    entities = result.ok()["_entities"]
    assert [e["symbol"] for e in entities] == [f"G{i}" for i in range(count)]
    assert all(len(e["orthologs"]) == 2 for e in entities)
    # genes; their annotations and orthologs; the orthologs' annotations
    assert len(statements) == 4


async def test_entities_cost_their_number_of_representations(engine: AsyncEngine) -> None:
    """A gateway's `_entities` list is priced by its length, as `genes(ids:)` is, so a long
    list of representations cannot slip past the cost limit; a short one passes."""
    await load(engine, [Source(SEED_PAGE)])
    query = """query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Gene { id goTerms { id name } } } }"""

    def genes(count: int) -> dict[str, object]:
        ids = [{"__typename": "Gene", "id": f"NCBIGene:{i}"} for i in range(1, count + 1)]
        return {"representations": ids}

    # Each Gene costs id 1 + goTerms (1 + 50 x 2) = 102, plus 1 for _entities itself.
    allowed = (DEFAULT_LIMITS.max_cost - 1) // 102
    assert len((await run_query(engine, query, genes(allowed))).ok()["_entities"]) == allowed
    result = await run_query(engine, query, genes(allowed + 1))
    [error] = result.errors
    refused = {"code": "QUERY_TOO_COMPLEX", "limit": "cost", "maximum": DEFAULT_LIMITS.max_cost}
    assert error["extensions"] == {**refused, "value": 1 + (allowed + 1) * 102}
    assert "entity representations" in str(error["message"])
    # A literal list counts the same way: 500 genes at 1 + 150 + 1 + 100 = 252 each.
    literal = ", ".join(f'{{__typename: "Gene", id: "NCBIGene:{i}"}}' for i in range(500))
    selection = "... on Gene { goTerms { id name category } annotations { evidence source } }"
    result = await run_query(
        engine, f"{{ _entities(representations: [{literal}]) {{ {selection} }} }}"
    )
    [error] = result.errors
    assert error["extensions"] == {**refused, "value": 1 + 500 * 252}
