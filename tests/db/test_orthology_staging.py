"""Orthology files matched to genes and deduplicated in SQL (db/ingest/store/staging.py):
every line is stored or skipped for the same reason as when the loader kept the sets, on
both backends, and a reload replaces what the file stated."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.models import Gene, HomologeneMember, Orthology
from tests.conftest import FIXTURES
from tests.helpers.sources import write

GENE_INFO = FIXTURES / "gene_info_il2.tsv"
HEADER = "#tax_id\tGeneID\trelationship\tOther_tax_id\tOther_GeneID\n"
PAIRS = [
    (9606, 3558, 10090, 16183),  # stored
    (10090, 16183, 9606, 3558),  # the same pair the other way round
    (9606, 3558, 10090, 16183),  # the same line again
    (9606, 3558, 10116, 116562),  # stored
    (9606, 3559, 9606, 3559),  # a gene with itself
    (9606, 3558, 9598, 469000),  # unknown GeneID
    (9606, 3560, 10116, 116562),  # stored
]
MEMBERS = [(4, 3558), (4, 16183), (4, 3558), (4, 469000), (5, 3558), (5, 3560)]


def orthologs_file(folder: Path) -> Path:
    lines = "".join(f"{a}\t{b}\tOrtholog\t{c}\t{d}\n" for a, b, c, d in PAIRS)
    return write(folder, "gene_orthologs", HEADER + lines)


def homologene_file(folder: Path) -> Path:
    taxa = {3558: 9606, 3560: 9606, 16183: 10090, 469000: 9598}
    lines = "".join(f"{hid}\t{taxa[gene]}\t{gene}\tX\n" for hid, gene in MEMBERS)
    return write(folder, "homologene.tsv", "#HID\ttax_id\tGeneID\tSymbol\n" + lines)


async def stored_pairs(engine: AsyncEngine) -> set[tuple[int, int]]:
    a, b = Gene.__table__.alias("a"), Gene.__table__.alias("b")
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(a.c.gene_id, b.c.gene_id)
            .join(Orthology, Orthology.gene_pk == a.c.pk)
            .join(b, b.c.pk == Orthology.ortholog_pk)
            .where(Orthology.source == "NCBI Gene")
        )
        return {(x, y) for x, y in rows}


async def stored_members(engine: AsyncEngine) -> list[tuple[int, int | None]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(HomologeneMember.hid, Gene.gene_id)
            .join(Gene, Gene.pk == HomologeneMember.gene_pk)
            .order_by(HomologeneMember.hid, Gene.gene_id)
        )
        return [(hid, gene_id) for hid, gene_id in rows]


async def test_orthologs_and_groups_deduplicated_in_sql(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    sources = [
        Source(GENE_INFO),
        Source(orthologs_file(tmp_path)),
        Source(homologene_file(tmp_path)),
    ]
    report = await load(engine, sources)
    orthologs, homologene = report.sources[1], report.sources[2]
    assert orthologs.lines == len(PAIRS)
    assert orthologs.stored == 3
    assert orthologs.skipped == {
        "duplicate pair": 2,
        "gene paired with itself": 1,
        "unknown GeneID": 1,
    }
    assert orthologs.rows == {"ortholog_pairs": 3}
    pairs = {(3558, 16183), (3558, 116562), (3560, 116562)}
    assert await stored_pairs(engine) == pairs | {(b, a) for a, b in pairs}

    assert homologene.lines == len(MEMBERS)
    assert homologene.stored == 4
    assert homologene.skipped == {"duplicate line": 1, "unknown GeneID": 1}
    expected = [(4, 3558), (4, 16183), (5, 3558), (5, 3560)]
    assert await stored_members(engine) == expected

    # Loaded again, the files replace what they stated: the same rows, once.
    again = await load(engine, sources[1:])
    assert [s.stored for s in again.sources] == [3, 4]
    assert await stored_pairs(engine) == pairs | {(b, a) for a, b in pairs}
    assert await stored_members(engine) == expected
