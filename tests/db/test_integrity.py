"""go_annotations has no foreign keys (they tripled gene2go's load time on PostgreSQL): every
load checks before it commits that each annotation's gene and term are stored. A store
that wrote an annotation of a missing gene or term fails the whole load."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from genegraph.db.ingest import release
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.gene2go import HEADER as GENE2GO_HEADER
from genegraph.db.ingest.release import Source, load
from genegraph.db.ingest.store.bulk import Tally
from genegraph.db.models import Gene, GOAnnotation, GOTerm, Release
from tests.conftest import SEED_PAGE, table_counts


@pytest.fixture
def gene2go(tmp_path: Path) -> Path:
    path = tmp_path / "gene2go"
    path.write_text(f"{GENE2GO_HEADER}\tGO_term\tPubMed\tCategory\n")
    return path


@pytest.mark.parametrize(
    ("gene_pk", "go_id", "missing"),
    [
        (987654, "GO:0006955", "a gene .*gene 987654"),
        (1, "GO:7777777", "a GO term .*term GO:7777777"),
    ],
)
async def test_an_annotation_of_something_not_stored_fails_the_load(
    engine: AsyncEngine,
    gene2go: Path,
    monkeypatch: pytest.MonkeyPatch,
    gene_pk: int,
    go_id: str,
    missing: str,
) -> None:
    await load(engine, [Source(SEED_PAGE)])  # gene 1 is IL2; GO:0006955 is one of its terms
    before = await table_counts(engine, (Gene, GOTerm, GOAnnotation, Release))

    async def buggy_store(conn: AsyncConnection, *_: object) -> Tally:
        await conn.execute(
            insert(GOAnnotation).values(
                gene_pk=gene_pk, go_id=go_id, source_go_id=go_id, source="NCBI gene2go"
            )
        )
        return Tally()

    monkeypatch.setattr(release, "store_gene2go", buggy_store)
    with pytest.raises(LoadError, match=f"name {missing}"):
        await load(engine, [Source(gene2go)])
    assert await table_counts(engine, (Gene, GOTerm, GOAnnotation, Release)) == before
