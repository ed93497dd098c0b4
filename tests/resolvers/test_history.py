"""Gene.history: annotation changes recorded between releases, and discontinued GeneIDs,
on small files loaded through the real loaders and on the real kit."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.models import AnnotationChange
from tests.conftest import FIXTURES, SEED_PAGE, SHARED_DATA, StatementLog, run_query, table_counts
from tests.helpers.kit import LoadedKit, needs_kit, query
from tests.helpers.sources import OBO, write

GENE_INFO = FIXTURES / "gene_info_il2.tsv"
GENE2GO_HEADER = "#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier\tGO_term\tPubMed\tCategory\n"
# Release 1: IL2 has immune response and cytokine activity; IL2RA immune response.
GENE2GO_1 = GENE2GO_HEADER + (
    "9606\t3558\tGO:0006955\tTAS\t-\timmune response\t-\tProcess\n"
    "9606\t3558\tGO:0005125\tIEA\tenables\tcytokine activity\t-\tFunction\n"
    "9606\t3559\tGO:0006955\tIEA\t-\timmune response\t-\tProcess\n"
)
# Release 2: IL2 loses cytokine activity (IEA, enables) and gains GO:0043066 (IDA),
# written by its alt id GO:0006916; nothing else changes.
GENE2GO_2 = GENE2GO_HEADER + (
    "9606\t3558\tGO:0006955\tTAS\t-\timmune response\t-\tProcess\n"
    "9606\t3558\tGO:0006916\tIDA\t-\tanti-apoptosis\t-\tProcess\n"
    "9606\t3559\tGO:0006955\tIEA\t-\timmune response\t-\tProcess\n"
)
HISTORY = """tax_id\tGeneID\tDiscontinued_GeneID\tDiscontinued_Symbol\tDiscontinue_Date
9606\t3558\t99999999\tIL2OLD\t20200101
9606\t3558\t99999998\tIL2OLDER\t20150101
9606\t-\t88888888\tGONE\t20190326
"""

CHANGES = """query ($id: ID!, $release: Int, $since: Int) { gene(id: $id) { history {
    annotationChanges(release: $release, since: $since) {
        release { number }
        added { termId term { id name } evidence qualifier source }
        removed { termId term { id name } evidence qualifier source } } } } }"""


async def changes_of(
    engine: AsyncEngine, gene: str, release: int | None = None, since: int | None = None
) -> list[dict[str, Any]]:
    variables: dict[str, object] = {"id": gene, "release": release, "since": since}
    data = (await run_query(engine, CHANGES, variables)).ok()
    changes: list[dict[str, Any]] = data["gene"]["history"]["annotationChanges"]
    return changes


async def recorded(engine: AsyncEngine) -> int:
    return (await table_counts(engine, [AnnotationChange]))["annotation_changes"]


async def test_a_release_records_the_annotations_it_added_and_removed(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    obo = write(tmp_path, "mini.obo", OBO)
    first = await load(
        engine, [Source(obo), Source(GENE_INFO), Source(write(tmp_path, "g1", GENE2GO_1))]
    )
    assert await recorded(engine) == 0  # a first load of a source has nothing to compare with
    second = await load(engine, [Source(write(tmp_path, "g2", GENE2GO_2))])
    assert (first.release, second.release) == (1, 2)

    assert await changes_of(engine, "NCBIGene:3558") == [
        {
            "release": {"number": 2},
            "added": [
                {
                    "termId": "GO:0043066",
                    "term": {
                        "id": "GO:0043066",
                        "name": "negative regulation of apoptotic process",
                    },
                    "evidence": "IDA",
                    "qualifier": None,
                    "source": "NCBI gene2go",
                }
            ],
            "removed": [
                {
                    "termId": "GO:0005125",
                    "term": {"id": "GO:0005125", "name": "cytokine activity"},
                    "evidence": "IEA",
                    "qualifier": "enables",
                    "source": "NCBI gene2go",
                }
            ],
        }
    ]
    assert await changes_of(engine, "NCBIGene:3559") == []  # IL2RA did not change
    assert await recorded(engine) == 2

    # Narrowing by release: release 2 made them, after release 1, none after release 2.
    assert [c["release"]["number"] for c in await changes_of(engine, "NCBIGene:3558", 2)] == [2]
    assert await changes_of(engine, "NCBIGene:3558", release=1) == []
    assert len(await changes_of(engine, "NCBIGene:3558", since=1)) == 1
    assert await changes_of(engine, "NCBIGene:3558", since=2) == []

    # Going back to release 1's file records the reverse, newest release first.
    await load(engine, [Source(write(tmp_path, "g1again", GENE2GO_1))])
    history = await changes_of(engine, "NCBIGene:3558")
    assert [c["release"]["number"] for c in history] == [3, 2]
    assert [a["termId"] for a in history[0]["added"]] == ["GO:0005125"]
    assert [r["termId"] for r in history[0]["removed"]] == ["GO:0043066"]


async def test_reloading_the_same_files_records_nothing(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    files = [
        Source(write(tmp_path, "mini.obo", OBO)),
        Source(GENE_INFO),
        Source(SEED_PAGE),
        Source(write(tmp_path, "g1", GENE2GO_1)),
    ]
    await load(engine, files)
    await load(engine, files)
    assert await recorded(engine) == 0
    # Two files of one source in one load are compared, together, with the release before:
    # the second replaces the first, and the net change is none.
    g2 = Source(write(tmp_path, "g2", GENE2GO_2))
    await load(engine, [g2, Source(write(tmp_path, "g1b", GENE2GO_1))])
    assert await recorded(engine) == 0
    await load(engine, [g2])
    assert await recorded(engine) == 2
    await load(engine, [g2])
    assert await recorded(engine) == 2
    assert [c["release"]["number"] for c in await changes_of(engine, "NCBIGene:3558")] == [4]


async def test_a_gene_page_records_its_changes(engine: AsyncEngine, tmp_path: Path) -> None:
    await load(engine, [Source(SEED_PAGE)])
    lines = SEED_PAGE.read_text().splitlines(keepends=True)
    page = [line for line in lines if not line.startswith("GO:0007155")]  # cell adhesion
    page.append("GO:0002376immune system processbiological_process\n")
    edited = tmp_path / "il2.txt"
    edited.write_text("".join(page))
    await load(engine, [Source(edited)])

    (change,) = await changes_of(engine, "GeneSymbol:9606/IL2")
    assert change["release"] == {"number": 2}
    assert [(a["termId"], a["evidence"], a["source"]) for a in change["added"]] == [
        ("GO:0002376", None, "gene page")
    ]
    assert [(r["term"]["name"], r["source"]) for r in change["removed"]] == [
        ("cell adhesion", "gene page")
    ]


DISCONTINUED = """{
  replaced: gene(id: "NCBIGene:99999999") { id symbol history { discontinuedGenes {
      id geneId symbol discontinuedOn species { taxonId } replacedBy { id } } } }
  withdrawn: gene(id: "NCBIGene:88888888") { id }
  unknown: gene(id: "NCBIGene:12345") { id }
  current: gene(id: "NCBIGene:3558") { id }
  record: discontinuedGene(id: "NCBIGene:99999999") {
      id symbol discontinuedOn replacedBy { id symbol } }
  gone: discontinuedGene(id: "NCBIGene:88888888") {
      id geneId symbol discontinuedOn replacedBy { id } }
  never: discontinuedGene(id: "NCBIGene:3558") { id }
  nothing: discontinuedGene(id: "NCBIGene:12345") { id }
}"""


async def test_a_discontinued_gene_id_answers_with_its_replacement(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    await load(engine, [Source(GENE_INFO), Source(write(tmp_path, "gene_history", HISTORY))])
    data = (await run_query(engine, DISCONTINUED)).ok()
    assert data["replaced"] == {
        "id": "NCBIGene:3558",
        "symbol": "IL2",
        "history": {
            "discontinuedGenes": [  # newest first; the asked id among them
                {
                    "id": "NCBIGene:99999999",
                    "geneId": 99999999,
                    "symbol": "IL2OLD",
                    "discontinuedOn": "20200101",
                    "species": {"taxonId": 9606},
                    "replacedBy": {"id": "NCBIGene:3558"},
                },
                {
                    "id": "NCBIGene:99999998",
                    "geneId": 99999998,
                    "symbol": "IL2OLDER",
                    "discontinuedOn": "20150101",
                    "species": {"taxonId": 9606},
                    "replacedBy": {"id": "NCBIGene:3558"},
                },
            ]
        },
    }
    assert data["withdrawn"] is None and data["unknown"] is None
    assert data["current"] == {"id": "NCBIGene:3558"}
    assert data["record"] == {
        "id": "NCBIGene:99999999",
        "symbol": "IL2OLD",
        "discontinuedOn": "20200101",
        "replacedBy": {"id": "NCBIGene:3558", "symbol": "IL2"},
    }
    assert data["gone"] == {
        "id": "NCBIGene:88888888",
        "geneId": 88888888,
        "symbol": "GONE",
        "discontinuedOn": "20190326",
        "replacedBy": None,
    }
    assert data["never"] is None and data["nothing"] is None


async def test_discontinued_gene_wants_a_gene_id(engine: AsyncEngine) -> None:
    result = await run_query(engine, '{ discontinuedGene(id: "GeneSymbol:9606/IL2") { id } }')
    (error,) = result.errors
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "not an NCBI GeneID" in str(error["message"])


HISTORY_CARD = """{ g0: gene(symbol: "IL2") { ...h } g1: gene(symbol: "IL2RA") { ...h }
    g2: gene(symbol: "IL2RB") { ...h } }
fragment h on Gene { history {
    discontinuedGenes { id replacedBy { symbol } }
    annotationChanges { release { number } added { term { name } } removed { term { id } } } } }"""


async def test_history_statements_do_not_grow_with_genes(
    engine: AsyncEngine, statements: StatementLog, tmp_path: Path
) -> None:
    obo = Source(write(tmp_path, "mini.obo", OBO))
    history = Source(write(tmp_path, "gene_history", HISTORY))
    await load(engine, [obo, Source(GENE_INFO), history, Source(write(tmp_path, "g1", GENE2GO_1))])
    await load(engine, [Source(write(tmp_path, "g2", GENE2GO_2))])
    statements.clear()

    data = (await run_query(engine, HISTORY_CARD)).ok()

    assert len(data["g0"]["history"]["discontinuedGenes"]) == 2
    assert len(data["g0"]["history"]["annotationChanges"]) == 1
    # genes; their discontinued ids, their annotation changes; the changes' releases.
    assert len(statements) == 4, statements.statements


@needs_kit
def test_real_discontinued_gene_ids(loaded_kit: LoadedKit) -> None:
    """Every human row of the kit's gene_history answers as the file says: the replacing
    GeneID, or null where the file writes "-"."""
    with (SHARED_DATA / "gene_history.tsv").open() as file:
        rows = [row for row in csv.DictReader(file, delimiter="\t") if row["tax_id"] == "9606"]
    assert rows, "the kit's gene_history has no human row"
    fields = " ".join(
        f'g{i}: gene(id: "NCBIGene:{row["Discontinued_GeneID"]}") {{ id }} '
        f'd{i}: discontinuedGene(id: "NCBIGene:{row["Discontinued_GeneID"]}") '
        "{ symbol discontinuedOn species { taxonId } replacedBy { id } }"
        for i, row in enumerate(rows)
    )
    data = query(loaded_kit.url, "{ " + fields + " }")
    for i, row in enumerate(rows):
        replacement = None if row["GeneID"] == "-" else {"id": f"NCBIGene:{row['GeneID']}"}
        assert data[f"g{i}"] == replacement, row
        assert data[f"d{i}"] == {
            "symbol": row["Discontinued_Symbol"],
            "discontinuedOn": row["Discontinue_Date"],
            "species": {"taxonId": 9606},
            "replacedBy": replacement,
        }, row


@needs_kit
def test_first_load_of_the_kit_records_no_changes(loaded_kit: LoadedKit) -> None:
    # The kit's gene2go is the first gene2go the database sees; IL2's page rows stay.
    data = query(
        loaded_kit.url,
        '{ gene(symbol: "IL2") { id history { annotationChanges { release { number } } } } }',
    )
    assert data["gene"] == {"id": "NCBIGene:3558", "history": {"annotationChanges": []}}


async def test_history_of_a_gene_without_any_is_empty(engine: AsyncEngine) -> None:
    await load(engine, [Source(GENE_INFO)])
    data = (
        await run_query(
            engine,
            '{ gene(id: "NCBIGene:3558") { history { discontinuedGenes { id } '
            "annotationChanges { release { number } } } } }",
        )
    ).ok()
    assert data["gene"]["history"] == {"discontinuedGenes": [], "annotationChanges": []}
