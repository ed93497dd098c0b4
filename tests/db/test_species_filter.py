"""``genegraph load --species``: only the named species' rows of each file are stored (an
orthology pair when both its genes are), the others skipped as "species not loaded", while
the file streams by."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Iterator
from pathlib import Path

from genegraph import cli
from genegraph.db.engine import engine_scope
from genegraph.db.ingest.parse.orthology import OrthologPair
from genegraph.db.ingest.species_filter import REASON, SpeciesFilter
from genegraph.db.models import Release
from tests.conftest import FIXTURES, Database
from tests.helpers.kit import query

ORTHOLOGS = """#tax_id\tGeneID\trelationship\tOther_tax_id\tOther_GeneID
9606\t3558\tOrtholog\t10090\t16183
9606\t3558\tOrtholog\t10116\t116562
10090\t16183\tOrtholog\t10116\t116562
"""


def pairs() -> Iterator[OrthologPair]:
    yield OrthologPair(1, 9606, 3558, 10090, 16183)
    yield OrthologPair(2, 9606, 3558, 10116, 116562)
    yield OrthologPair(3, 10090, 16183, 10116, 116562)


def test_a_pair_is_kept_when_both_its_species_are_loaded() -> None:
    kept = SpeciesFilter(frozenset({9606, 10090}))
    assert [p.line for p in kept.rows(pairs())] == [1]
    assert kept.skipped == 2
    assert [p.line for p in SpeciesFilter(None).rows(pairs())] == [1, 2, 3]


def test_the_filter_streams() -> None:
    consumed: list[int] = []

    def source() -> Iterator[OrthologPair]:
        for pair in pairs():
            consumed.append(pair.line)
            yield pair

    rows = SpeciesFilter(frozenset({9606, 10116})).rows(source())
    assert next(rows).line == 2
    assert consumed == [1, 2]  # read as far as the first kept row, no further


def file_rows(path: Path, taxa: set[str]) -> tuple[int, int]:
    """Data lines of ``path`` of the species ``taxa`` (column 1), and of the others."""
    with path.open() as lines:
        rows = [line.split("\t", 1)[0] for line in lines if not line.startswith("#")]
    kept = sum(1 for taxon in rows if taxon in taxa)
    return kept, len(rows) - kept


def test_load_species_keeps_only_those_species(database: Database, tmp_path: Path) -> None:
    orthologs = tmp_path / "gene_orthologs.gz"
    orthologs.write_bytes(gzip.compress(ORTHOLOGS.encode()))
    gene_info = FIXTURES / "gene_info_il2.tsv"
    argv = ["load", str(gene_info), str(orthologs), "--species", "human,Mus musculus"]
    assert cli.main([*argv, "--database-url", database.url]) == 0

    async def sources() -> list[dict[str, object]]:
        async with engine_scope(database.url) as engine, engine.connect() as conn:
            return (await conn.execute(Release.__table__.select())).one().sources  # type: ignore[no-any-return]

    by_file = {Path(str(s["path"])).name: s for s in asyncio.run(sources())}
    stored, skipped = file_rows(gene_info, {"9606", "10090"})
    assert by_file["gene_info_il2.tsv"]["stored"] == stored
    assert by_file["gene_info_il2.tsv"]["skipped"] == {REASON: skipped}
    assert by_file["gene_orthologs.gz"]["stored"] == 1
    assert by_file["gene_orthologs.gz"]["skipped"] == {REASON: 2}
    data = query(database.url, "{ species { taxonId } }")
    assert {s["taxonId"] for s in data["species"]} == {9606, 10090}  # no rat
