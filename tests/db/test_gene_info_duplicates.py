"""A GeneID a gene_info file gives twice, its twin in a later batch: the loader holds no
set of the file's GeneIDs (store/gene_keys.py), so it tells a repeat by the gene's key
(a gene this file added) or by the genes stored before that it updated (a re-load). The
first line wins and the repeat is counted, on each backend."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.ingest.store.bulk import BATCH
from genegraph.db.models import Gene
from tests.conftest import FIXTURES
from tests.helpers.sources import write

# The fixture's header, and its IL2 line as the pattern of every line here.
HEADER, PATTERN = (FIXTURES / "gene_info_il2.tsv").read_text().splitlines(keepends=True)[:2]
FIRST_ID = 1_000_001


def _line(gene_id: int, symbol: str) -> str:
    fields = PATTERN.split("\t")
    fields[1], fields[2], fields[4], fields[5] = str(gene_id), symbol, "-", "-"
    return "\t".join(fields)


def _file(folder: Path, name: str, repeated_symbol: str) -> Path:
    """A batch and a half of genes, then the first GeneID again under another symbol."""
    lines = [_line(FIRST_ID + i, f"G{i}") for i in range(BATCH + BATCH // 2)]
    return write(folder, name, HEADER + "".join(lines) + _line(FIRST_ID, repeated_symbol))


async def _symbol_of_first(engine: AsyncEngine) -> str:
    async with engine.connect() as conn:
        return (
            await conn.execute(select(Gene.symbol).where(Gene.gene_id == FIRST_ID))
        ).scalar_one()


async def test_a_repeated_geneid_in_a_later_batch_is_skipped(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    report = await load(engine, [Source(_file(tmp_path, "first", "AGAIN"))])
    genes = report.sources[0]
    assert genes.skipped == {"duplicate GeneID": 1}
    assert genes.stored == genes.lines - 1
    assert genes.rows["genes_added"] == genes.stored
    assert await _symbol_of_first(engine) == "G0"

    # A re-load: the gene is stored before, updated by the first line, the repeat skipped.
    again = await load(engine, [Source(_file(tmp_path, "second", "LATER"))])
    genes = again.sources[0]
    assert genes.skipped == {"duplicate GeneID": 1}
    assert genes.rows["genes_updated"] == genes.stored == genes.lines - 1
    assert await _symbol_of_first(engine) == "G0"
