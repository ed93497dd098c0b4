"""The change log of a re-load: exactly the annotations that differ between the files of two
releases, counted from the files themselves, over several species and sources at once."""

from __future__ import annotations

from itertools import product
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.gaf import read_gaf
from genegraph.db.ingest.parse.gene2go import read_gene2go
from genegraph.db.ingest.release import Source, load
from genegraph.db.ingest.store.annotations import GAF_SOURCE, GENE2GO_SOURCE
from genegraph.db.models import AnnotationChange, AnnotationChangeKind, Gene
from tests.conftest import FIXTURES, SEED_PAGE
from tests.helpers.sources import OBO, write

# Primary ids of the test ontology (tests/helpers/sources.py), so a line's term is stored as
# written.
TERMS = ("GO:0008150", "GO:0002376", "GO:0006955", "GO:0050776", "GO:0043066", "GO:0005125")
EVIDENCE = ("IEA", "IDA", "TAS")
QUALIFIERS = ("-", "NOT")
# gene_info_il2.tsv's genes: human IL2, IL2RA, IL2RB and mouse Il2 in gene2go, rat Il2 in
# the GAF.
GENE2GO_GENES = ((9606, 3558), (9606, 3559), (9606, 3560), (10090, 16183))
RAT_IL2 = 116562
GENE2GO_HEADER = "#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier\tGO_term\tPubMed\tCategory\n"

Key = tuple[int, str, str, str, str]  # GeneID, GO id, evidence, qualifier, source


def gene2go_lines(keep: int) -> list[str]:
    """Every combination of gene, term, evidence and qualifier, but each ``keep``-th: two
    values of ``keep`` give two releases that share some lines and differ in others.
    Mouse lines are the same in both, and one line is written twice."""
    lines = []
    for number, ((taxon, gene_id), term, evidence, qualifier) in enumerate(
        product(GENE2GO_GENES, TERMS, EVIDENCE, QUALIFIERS)
    ):
        if taxon == 9606 and number % keep == 0:
            continue
        lines.append(f"{taxon}\t{gene_id}\t{term}\t{evidence}\t{qualifier}\tterm\t-\tProcess\n")
    return lines + lines[:1]


def gaf_lines(keep: int) -> list[str]:
    lines = []
    for number, (term, evidence) in enumerate(product(TERMS, EVIDENCE)):
        if number % keep:
            lines.append(
                f"NCBIGene\t{RAT_IL2}\tIl2\tinvolved_in\t{term}\tPMID:1\t{evidence}\t\tP\t"
                "interleukin 2\t\tprotein\ttaxon:10116\t20200101\tTestDB\t\t\n"
            )
    return lines


def release_files(folder: Path, keep: int) -> tuple[Path, Path]:
    folder.mkdir()
    gene2go = write(folder, "gene2go", GENE2GO_HEADER + "".join(gene2go_lines(keep)))
    gaf = write(folder, "rat.gaf", "!gaf-version: 2.1\n" + "".join(gaf_lines(keep)))
    return gene2go, gaf


def keys_in(gene2go: Path, gaf: Path) -> set[Key]:
    """The annotations the two files state, as the change log compares them."""
    with SourceFile(gene2go) as file:
        keys = {
            (row.gene_id, row.go_id, row.evidence, row.qualifier, GENE2GO_SOURCE)
            for row in read_gene2go(file)
        }
    with SourceFile(gaf) as file:
        keys |= {
            (int(row.object_id), row.go_id, row.evidence, row.qualifier, GAF_SOURCE)
            for row in read_gaf(file)
        }
    return keys


async def changes_of(engine: AsyncEngine, release: int) -> dict[AnnotationChangeKind, set[Key]]:
    found: dict[AnnotationChangeKind, set[Key]] = {kind: set() for kind in AnnotationChangeKind}
    change = AnnotationChange
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(
                change.kind,
                Gene.gene_id,
                change.go_id,
                change.evidence,
                change.qualifier,
                change.source,
            )
            .join(Gene, Gene.pk == change.gene_pk)
            .where(change.release_pk == release)
        )
        for kind, gene_id, go_id, evidence, qualifier, source in rows:
            assert gene_id is not None
            found[kind].add((gene_id, go_id, evidence, qualifier, source))
    return found


async def test_a_reload_records_exactly_what_the_files_changed(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    before = release_files(tmp_path / "one", keep=3)
    after = release_files(tmp_path / "two", keep=4)
    obo = write(tmp_path, "mini.obo", OBO)
    common = [Source(obo), Source(FIXTURES / "gene_info_il2.tsv"), Source(SEED_PAGE)]
    await load(engine, [*common, *(Source(path) for path in before)])
    second = await load(engine, [*common, *(Source(path) for path in after)])

    old, new = keys_in(*before), keys_in(*after)
    assert new - old and old - new, "the two releases' files should differ both ways"
    assert await changes_of(engine, second.release) == {
        AnnotationChangeKind.ADDED: new - old,
        AnnotationChangeKind.REMOVED: old - new,
    }
