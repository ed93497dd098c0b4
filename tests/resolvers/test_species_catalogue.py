"""The `species` root field: the species loaded with their genes counted, once per release
(resolvers/species_catalogue.py); a species loaded later appears with the next release.
On each backend, over the gene_info fixtures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.known_species import BY_TAXON_ID
from tests.conftest import FIXTURES, StatementLog, run_query

HUMAN_MOUSE_RAT = FIXTURES / "gene_info_il2.tsv"
ZEBRAFISH = FIXTURES / "gene_info_zebrafish.tsv"
SPECIES = "{ species { taxonId scientificName commonName geneCount } }"


def genes_per_taxon(*paths: Path) -> Counter[int]:
    """Genes per taxon of gene_info files, by their rows."""
    counts: Counter[int] = Counter()
    for path in paths:
        counts.update(int(row.split("\t")[0]) for row in path.read_text().splitlines()[1:])
    return counts


def expected(counts: Counter[int]) -> list[dict[str, object]]:
    order = sorted(counts, key=lambda taxon: (-counts[taxon], taxon))
    return [
        {
            "taxonId": taxon,
            "scientificName": BY_TAXON_ID[taxon].scientific_name,
            "commonName": BY_TAXON_ID[taxon].common_name,
            "geneCount": counts[taxon],
        }
        for taxon in order
    ]


async def test_species_lists_the_loaded_species_with_their_gene_counts(
    engine: AsyncEngine,
) -> None:
    assert (await run_query(engine, SPECIES)).ok() == {"species": []}
    await load(engine, [Source(HUMAN_MOUSE_RAT)])
    first = (await run_query(engine, SPECIES)).ok()["species"]
    assert first == expected(genes_per_taxon(HUMAN_MOUSE_RAT))
    # One more species, as `genegraph update --species zebrafish` adds: a new release, so
    # the genes are counted again.
    await load(engine, [Source(ZEBRAFISH)])
    second = (await run_query(engine, SPECIES)).ok()["species"]
    assert second == expected(genes_per_taxon(HUMAN_MOUSE_RAT, ZEBRAFISH))
    assert {"taxonId": 7955, "geneCount": 3} in [
        {"taxonId": s["taxonId"], "geneCount": s["geneCount"]} for s in second
    ]


async def test_genes_are_counted_once_per_release(
    engine: AsyncEngine, statements: StatementLog
) -> None:
    await load(engine, [Source(HUMAN_MOUSE_RAT)])
    await run_query(engine, SPECIES)  # counts the genes, reads the species
    statements.clear()
    assert (await run_query(engine, SPECIES)).ok()["species"]
    # The newest release's number only: the counts and the species are held.
    assert len(statements) == 1, statements.statements
    assert "releases" in statements.statements[0]


async def test_a_genes_species_tells_its_gene_count(engine: AsyncEngine) -> None:
    await load(engine, [Source(HUMAN_MOUSE_RAT)])
    result = await run_query(
        engine, '{ gene(symbol: "Il2", taxon: 10090) { species { taxonId geneCount } } }'
    )
    counts = genes_per_taxon(HUMAN_MOUSE_RAT)
    assert result.ok() == {"gene": {"species": {"taxonId": 10090, "geneCount": counts[10090]}}}
