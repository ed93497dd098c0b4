"""Loading gene pages and gene_info into each backend: contents, idempotence,
resolution to NCBI genes, and all-or-nothing failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.release import Source, SourceFormat, detect_format, load
from genegraph.db.models import (
    Gene,
    GeneAlias,
    GeneChange,
    GeneXref,
    GOAnnotation,
    GOTerm,
    Orthology,
    Release,
    Species,
)
from tests.conftest import FIXTURES, SEED_PAGE, table_counts

GENE_INFO = FIXTURES / "gene_info_il2.tsv"
TABLES = (Species, Gene, GeneAlias, GeneXref, GeneChange, GOTerm, GOAnnotation, Orthology, Release)


async def counts(engine: AsyncEngine) -> dict[str, int]:
    return await table_counts(engine, TABLES)


async def gene_rows(engine: AsyncEngine) -> list[tuple[int | None, int, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Gene.gene_id, Gene.taxon_id, Gene.symbol).order_by(Gene.taxon_id, Gene.symbol)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_format_detection() -> None:
    assert detect_format(SEED_PAGE) is SourceFormat.GENE_PAGE
    assert detect_format(GENE_INFO) is SourceFormat.GENE_INFO


async def test_seed_page_alone(engine: AsyncEngine) -> None:
    report = await load(engine, [Source(SEED_PAGE)])
    assert report.sources[0].rows["annotations"] == 37
    stored = await counts(engine)
    assert stored["go_annotations"] == 37
    assert stored["go_terms"] == 37
    assert stored["orthologs"] == 4  # two pairs, stored in both directions
    assert stored["releases"] == 1
    # Without NCBI data the page's genes have no GeneID.
    assert await gene_rows(engine) == [
        (None, 9606, "IL2"),
        (None, 10090, "Il2"),
        (None, 10116, "Il2"),
    ]


async def test_reloading_the_page_changes_nothing(engine: AsyncEngine) -> None:
    await load(engine, [Source(SEED_PAGE)])
    before = await counts(engine)
    await load(engine, [Source(SEED_PAGE)])
    after = await counts(engine)
    assert after == {**before, "releases": before["releases"] + 1}


async def test_page_resolves_to_loaded_ncbi_genes(engine: AsyncEngine) -> None:
    await load(engine, [Source(GENE_INFO)])
    await load(engine, [Source(SEED_PAGE)])
    genes = await gene_rows(engine)
    assert (3558, 9606, "IL2") in genes
    assert (16183, 10090, "Il2") in genes
    assert (116562, 10116, "Il2") in genes
    assert all(gene_id is not None for gene_id, _, _ in genes)  # no page-only duplicates
    async with engine.connect() as conn:
        il2 = (
            await conn.execute(select(Gene.pk, Gene.summary_provenance).where(Gene.gene_id == 3558))
        ).one()
        assert il2.summary_provenance == "provided by RefSeq, Jul 2008"
        annotated = await conn.execute(
            select(func.count()).select_from(GOAnnotation).where(GOAnnotation.gene_pk == il2.pk)
        )
        assert annotated.scalar_one() == 37


async def test_ncbi_genes_loaded_after_the_page_take_over_its_genes(engine: AsyncEngine) -> None:
    await load(engine, [Source(SEED_PAGE)])
    await load(engine, [Source(GENE_INFO)])
    genes = await gene_rows(engine)
    assert [g for g in genes if g[2].upper() == "IL2"] == [
        (3558, 9606, "IL2"),
        (16183, 10090, "Il2"),
        (116562, 10116, "Il2"),
    ]
    async with engine.connect() as conn:
        il2_pk = (await conn.execute(select(Gene.pk).where(Gene.gene_id == 3558))).scalar_one()
        orthologs = await conn.execute(
            select(func.count()).select_from(Orthology).where(Orthology.gene_pk == il2_pk)
        )
        assert orthologs.scalar_one() == 2
        aliases = await conn.execute(
            select(GeneAlias.alias).where(GeneAlias.gene_pk == il2_pk).order_by(GeneAlias.alias)
        )
        assert list(aliases.scalars()) == ["IL-2", "TCGF", "lymphokine"]


async def test_gene_info_taxon_filter(engine: AsyncEngine) -> None:
    await load(engine, [Source(GENE_INFO, taxon=10090)])
    assert await gene_rows(engine) == [(16183, 10090, "Il2")]


async def test_malformed_page_writes_nothing(engine: AsyncEngine, tmp_path: Path) -> None:
    await load(engine, [Source(SEED_PAGE)])
    before = await counts(engine)
    bad = tmp_path / "il4.txt"
    bad.write_text(
        "interleukin 4\nOrthologs\nIl4 Mus musculus\nGO terms\n"
        "GO:0005125cytokine activitymolecular_function\nGO:00051not a row\n"
    )
    with pytest.raises(LoadError) as raised:
        await load(engine, [Source(bad)])
    assert raised.value.line == 6
    assert await counts(engine) == before


async def test_a_failing_file_rolls_back_the_files_before_it(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    """One load is one release: the good gene_info before a bad page is not kept either."""
    before = await counts(engine)
    bad = tmp_path / "bad.txt"
    bad.write_text("interleukin 4\nOrthologs\nIl4 Felis catus\n")
    with pytest.raises(LoadError, match="unknown species"):
        await load(engine, [Source(GENE_INFO), Source(bad)])
    assert await counts(engine) == before


async def test_gene_info_with_wrong_column_count(engine: AsyncEngine, tmp_path: Path) -> None:
    lines = GENE_INFO.read_text().splitlines()
    bad = tmp_path / "gene_info"
    bad.write_text("\n".join([lines[0], lines[1], "9606\t3559\tIL2RA"]) + "\n")
    with pytest.raises(LoadError, match="expected 16 tab-separated columns, found 3") as raised:
        await load(engine, [Source(bad)])
    assert raised.value.line == 3
    assert (await counts(engine))["genes"] == 0


async def test_missing_file(engine: AsyncEngine, tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        await load(engine, [Source(tmp_path / "absent.txt")])
