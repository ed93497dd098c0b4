"""SQL per request stays fixed however many genes, terms and orthologs a card has: one
statement in all for the planned execution (genegraph/execution/planned/statement.py), one per level
and kind of data for the general executor's DataLoaders."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import load
from genegraph.execution.limits import DEFAULT_LIMITS
from genegraph.resolvers.context import Context
from genegraph.resolvers.rows import Fetch
from genegraph.resolvers.species_catalogue import SpeciesCatalogue
from genegraph.schema.root import build_schema
from tests.conftest import StatementLog
from tests.helpers.sources import TERMS_PER_GENE, write_pages

LIMITS = replace(DEFAULT_LIMITS, timeout_seconds=120.0)
SCHEMAS = {
    "planned": build_schema(LIMITS, introspection=True),
    "general": build_schema(LIMITS, introspection=True, planned=False),
}
# Planned: the genes, their orthologs and the annotations of both at once. General: the
# genes; their annotations and their orthologs; the orthologs' annotations. Species are
# held in memory (resolvers/species_catalogue.py): read once, by a database's first request;
# so are the planned card's terms, once per release (resolvers/release_terms.py).
STATEMENTS = {"planned": 1, "general": 4}
FIRST_READS = {"planned": 2, "general": 1}
# The look-ups the planned statement makes itself: by symbol, and by id (a page-only
# gene's id names its symbol).
LOOKUPS = {"symbol": 'symbol: "G{i}"', "id": 'id: "GeneSymbol:9606/G{i}"'}


def card_query(count: int, lookup: str = LOOKUPS["symbol"]) -> str:
    fields = (
        "symbol species { scientificName } goTerms(category: BIOLOGICAL_PROCESS) { id } "
        "orthologs(taxa: [10090, 10116]) { sources gene { symbol species { scientificName } "
        "goTerms { id name } } }"
    )
    return (
        "{ "
        + " ".join(f"g{i}: gene({lookup.format(i=i)}) {{ {fields} }}" for i in range(count))
        + " }"
    )


@pytest.mark.parametrize("lookup", list(LOOKUPS))
@pytest.mark.parametrize("executor", list(SCHEMAS))
@pytest.mark.parametrize("count", [1, 50])
async def test_statements_do_not_grow_with_genes(
    engine: AsyncEngine,
    statements: StatementLog,
    tmp_path: Path,
    count: int,
    executor: str,
    lookup: str,
) -> None:
    await load(engine, write_pages(tmp_path, count))
    schema = SCHEMAS[executor]
    seen = []
    for _ in range(2):  # the first request also reads the species (and terms: FIRST_READS)
        statements.clear()
        query = card_query(count, LOOKUPS[lookup])
        result = await schema.execute(query, context_value=Context(engine))
        seen.append(len(statements))

        assert result.errors is None
        assert result.data is not None
        assert len(result.data) == count
        last = result.data[f"g{count - 1}"]
        assert len(last["goTerms"]) == TERMS_PER_GENE
        assert len(last["orthologs"]) == 2
        mouse = next(o for o in last["orthologs"] if o["gene"]["symbol"].startswith("Gm"))
        assert len(mouse["gene"]["goTerms"]) == 1
        assert mouse["gene"]["species"] == {"scientificName": "Mus musculus"}
        assert mouse["sources"] == ["gene page"]  # both pages assert the pair: one entry
    first = STATEMENTS[executor] + FIRST_READS[executor]
    assert seen == [first, STATEMENTS[executor]], statements.statements


# The batch look-up (bench workload "batch"): the genes' matches (one statement for all
# the ids), then what their selection asks for, level by level (genegraph/execution/planned/run.py):
# here nothing. The general executor's DataLoaders make the same look-up.
BATCH = """query Batch($ids: [ID!]!) {
  genes(ids: $ids) { input matchedBy gene { id symbol name } } }"""
BATCH_STATEMENTS = {"planned": 1, "general": 1}


@pytest.mark.parametrize("executor", list(SCHEMAS))
@pytest.mark.parametrize("count", [1, 100])
async def test_a_batch_of_ids_is_one_statement(
    engine: AsyncEngine, statements: StatementLog, tmp_path: Path, count: int, executor: str
) -> None:
    await load(engine, write_pages(tmp_path, count))
    ids = [f"GeneSymbol:9606/G{i}" for i in range(count)]
    statements.clear()
    result = await SCHEMAS[executor].execute(
        BATCH, variable_values={"ids": ids}, context_value=Context(engine)
    )

    assert result.errors is None
    assert result.data is not None
    matches = result.data["genes"]
    assert [m["input"] for m in matches] == ids
    assert all(m["matchedBy"] == "ID" for m in matches)
    assert matches[-1]["gene"]["symbol"] == f"G{count - 1}"
    assert len(statements) == BATCH_STATEMENTS[executor], statements.statements


async def test_species_asked_for_while_their_read_is_out_are_read_once(
    engine: AsyncEngine, statements: StatementLog, tmp_path: Path
) -> None:
    """A card's levels ask for their species at different moments: one asks while the
    other's read of the species is still out. It waits for that read instead of sending
    its own (it sent one: 6 statements instead of 5 now and then)."""
    await load(engine, write_pages(tmp_path, 1))
    catalogue = SpeciesCatalogue()
    statements.clear()
    human, mouse = await asyncio.gather(
        catalogue.read(Fetch(engine), [9606]), catalogue.read(Fetch(engine), [10090])
    )
    assert human[9606].scientific_name == "Homo sapiens"
    assert mouse[10090].scientific_name == "Mus musculus"
    assert len(statements) == 1, statements.statements
    statements.clear()
    assert (await catalogue.read(Fetch(engine), [10090, 9606])).keys() >= {9606, 10090}
    assert len(statements) == 0
