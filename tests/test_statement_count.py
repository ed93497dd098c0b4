"""DataLoaders keep SQL per request fixed: one statement per level, however many genes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.loaders.release import Source, load
from tests.conftest import StatementLog, run_query

TERMS_PER_GENE = 4


def write_pages(folder: Path, count: int) -> list[Source]:
    """``count`` human gene pages, each with terms and a mouse and a rat ortholog; and a
    page for each mouse ortholog, so the orthologs have terms of their own."""
    sources = []
    for i in range(count):
        terms = "".join(
            f"GO:{i * TERMS_PER_GENE + t:07d}term {i}.{t}biological_process\n"
            for t in range(TERMS_PER_GENE)
        )
        human = folder / f"g{i}.txt"
        human.write_text(
            f"gene {i}\nOrthologs\nGm{i} Mus musculus\nRn{i} Rattus norvegicus\nGO terms\n{terms}"
        )
        mouse = folder / f"gm{i}.txt"
        mouse.write_text(
            f"mouse gene {i}\nGO terms\nGO:{i * TERMS_PER_GENE:07d}term {i}.0biological_process\n"
        )
        sources += [Source(human), Source(mouse, symbol=f"Gm{i}", taxon=10090)]
    return sources


def card_query(count: int) -> str:
    fields = (
        "symbol species { scientificName } goTerms(category: BIOLOGICAL_PROCESS) { id } "
        "orthologs(taxa: [10090, 10116]) { source gene { symbol species { scientificName } "
        "goTerms { id name } } }"
    )
    return (
        "{ " + " ".join(f'g{i}: gene(symbol: "G{i}") {{ {fields} }}' for i in range(count)) + " }"
    )


@pytest.mark.parametrize("count", [1, 50])
async def test_statements_do_not_grow_with_genes(
    engine: AsyncEngine, statements: StatementLog, tmp_path: Path, count: int
) -> None:
    await load(engine, write_pages(tmp_path, count))
    statements.clear()

    result = await run_query(engine, card_query(count))

    assert result.errors == []
    assert result.data is not None
    assert len(result.data) == count
    last = result.data[f"g{count - 1}"]
    assert len(last["goTerms"]) == TERMS_PER_GENE
    mouse = next(o for o in last["orthologs"] if o["gene"]["symbol"].startswith("Gm"))
    assert len(mouse["gene"]["goTerms"]) == 1
    # genes; their species, annotations, orthologs; the orthologs' species, annotations.
    assert len(statements) == 6, statements.statements
