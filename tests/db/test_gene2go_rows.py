"""gene2go lines a load must not store as they are, on each backend: a duplicate that is
not next to its twin (an unsorted file), and a line whose tax_id is not the species of its
GeneID's gene. Both are skipped and counted by reason in the release report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.ingest.store.annotations import GENE2GO_SOURCE
from genegraph.db.models import Gene, GOAnnotation
from tests.conftest import FIXTURES
from tests.helpers.sources import OBO, write

GENE_INFO = FIXTURES / "gene_info_il2.tsv"
HEADER = "#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier\tGO_term\tPubMed\tCategory\n"
MOUSE_IL2 = "10090\t16183\tGO:0005125\tIEA\tenables\tcytokine activity\t-\tFunction\n"
# Human IL2's line, then IL2RA's, then IL2's again (the same line, and one that is not).
UNSORTED = (
    HEADER
    + "9606\t3558\tGO:0006955\tTAS\t-\timmune response\t-\tProcess\n"
    + "9606\t3559\tGO:0006955\tIEA\t-\timmune response\t-\tProcess\n"
    + "9606\t3558\tGO:0006955\tTAS\t-\timmune response\t-\tProcess\n"
    + "9606\t3558\tGO:0005125\tIEA\tenables\tcytokine activity\t-\tFunction\n"
    + "9606\t3559\tGO:0006955\tIEA\t-\timmune response\t-\tProcess\n"
)


async def gene2go_rows(engine: AsyncEngine) -> list[tuple[int, str, str, int]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Gene.gene_id, GOAnnotation.go_id, GOAnnotation.evidence, Gene.taxon_id)
            .join(Gene, Gene.pk == GOAnnotation.gene_pk)
            .where(GOAnnotation.source == GENE2GO_SOURCE)
            .order_by(Gene.gene_id, GOAnnotation.go_id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def test_a_duplicate_away_from_its_twin_is_stored_once(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    ontology = write(tmp_path, "go.obo", OBO)
    report = await load(
        engine, [Source(ontology), Source(GENE_INFO), Source(write(tmp_path, "g2g", UNSORTED))]
    )
    gene2go = next(s for s in report.sources if s.format.value == "gene2go")
    assert (gene2go.lines, gene2go.stored) == (5, 3)
    assert gene2go.skipped == {"duplicate line": 2}
    assert gene2go.rows["go_annotations"] == 3
    assert await gene2go_rows(engine) == [
        (3558, "GO:0005125", "IEA", 9606),
        (3558, "GO:0006955", "TAS", 9606),
        (3559, "GO:0006955", "IEA", 9606),
    ]


async def test_a_line_of_another_species_is_skipped(engine: AsyncEngine, tmp_path: Path) -> None:
    ontology = write(tmp_path, "go.obo", OBO)
    first = write(tmp_path, "g2g-1", HEADER + MOUSE_IL2)
    await load(engine, [Source(ontology), Source(GENE_INFO), Source(first)])
    # Human IL2's GeneID under the mouse tax_id: it belongs to no mouse gene, and the
    # file holds no real mouse line, so the mouse annotations loaded before must stay.
    mixed = write(
        tmp_path,
        "g2g-2",
        HEADER
        + "9606\t3558\tGO:0006955\tTAS\t-\timmune response\t-\tProcess\n"
        + "10090\t3558\tGO:0005125\tIEA\tenables\tcytokine activity\t-\tFunction\n",
    )
    report = await load(engine, [Source(mixed)])
    gene2go = report.sources[0]
    assert gene2go.skipped == {"tax_id is not its GeneID's species": 1}
    assert gene2go.stored == 1
    assert await gene2go_rows(engine) == [
        (3558, "GO:0006955", "TAS", 9606),
        (16183, "GO:0005125", "IEA", 10090),
    ]
