"""A root field's `taxon` naming no loaded species answers BAD_USER_INPUT naming the loaded
ones (resolvers/taxon_arguments.py: one rule for gene, genes, search and enrichment),
rather than an empty answer; on each backend, over the gene_info fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.known_species import BY_TAXON_ID
from tests.conftest import FIXTURES, StatementLog, run_query

GENE_INFO = FIXTURES / "gene_info_il2.tsv"
UNLOADED = 7955  # zebrafish: not in the fixture

# Each root field that takes a taxon, asked for a species not loaded.
ASKED = {
    "gene": f'{{ gene(symbol: "IL2", taxon: {UNLOADED}) {{ id }} }}',
    "gene by alias": f'{{ gene(alias: "TCGF", taxon: {UNLOADED}) {{ id }} }}',
    "genes": f'{{ genes(symbols: ["IL2"], taxon: {UNLOADED}) {{ input }} }}',
    "search": f'{{ search(query: "IL2", taxon: {UNLOADED}) {{ totalCount }} }}',
    "search, autocomplete": f"""{{ search(query: "IL2", taxon: {UNLOADED}, first: 5) {{
        nodes {{ gene {{ id }} }} }} }}""",
    "enrichment": f"""{{ enrichment(genes: ["NCBIGene:3558"], taxon: {UNLOADED}) {{
        studySize }} }}""",
}


def _fixture_taxa(path: Path) -> list[int]:
    rows = path.read_text().splitlines()[1:]
    return sorted({int(row.split("\t")[0]) for row in rows})


@pytest.fixture
async def loaded(engine: AsyncEngine) -> AsyncEngine:
    await load(engine, [Source(GENE_INFO)])
    return engine


@pytest.mark.parametrize("name", list(ASKED))
async def test_an_unloaded_taxon_is_a_user_error_naming_the_loaded_species(
    loaded: AsyncEngine, name: str
) -> None:
    result = await run_query(loaded, ASKED[name])
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    species = ", ".join(f"{t} ({BY_TAXON_ID[t].scientific_name})" for t in _fixture_taxa(GENE_INFO))
    field = name.split(",")[0].split(" ")[0]
    assert error["message"] == (
        f"{field}: taxon {UNLOADED} is not loaded; loaded species: {species}"
    )


async def test_a_loaded_taxon_still_answers_null_or_empty(loaded: AsyncEngine) -> None:
    result = await run_query(
        loaded,
        """{ a: gene(symbol: "NOSUCHGENE", taxon: 10090) { id }
             b: gene(id: "NCBIGene:3558", taxon: 7955) { symbol }
             c: genes(ids: ["NCBIGene:3558"], taxon: 7955) { gene { symbol } }
             d: search(query: "NOSUCHGENE", taxon: 10116) { totalCount } }""",
    )
    # `taxon` is not used with `id` or `ids`: no error there.
    assert result.ok() == {
        "a": None,
        "b": {"symbol": "IL2"},
        "c": [{"gene": {"symbol": "IL2"}}],
        "d": {"totalCount": 0},
    }


async def test_an_empty_database_says_no_species_is_loaded(engine: AsyncEngine) -> None:
    result = await run_query(engine, '{ gene(symbol: "IL2") { id } }')
    assert [e["message"] for e in result.errors] == [
        "gene: taxon 9606 is not loaded; no species is loaded yet (load genes with "
        "`genegraph update --species human`)"
    ]


async def test_the_check_reads_no_statement_once_the_species_are_read(
    loaded: AsyncEngine, statements: StatementLog
) -> None:
    document = '{ gene(symbol: "NOSUCHGENE", taxon: 10090) { id } }'
    await run_query(loaded, document)  # reads the species
    statements.clear()
    assert (await run_query(loaded, document)).ok() == {"gene": None}
    assert len(statements) == 1, statements.statements  # the symbol's look-up only
