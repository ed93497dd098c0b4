"""On SQLite a load writes its large tables without their secondary indexes and builds them
before it commits; a load that fails gets them back with its rollback. PostgreSQL keeps
them throughout (dropping one there would lock readers out until the commit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from genegraph.db.ingest import release
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.gene2go import HEADER as GENE2GO_HEADER
from genegraph.db.ingest.release import Source, load
from genegraph.db.ingest.store import deferred_indexes
from genegraph.db.ingest.store.bulk import Tally
from tests.conftest import SEED_PAGE

DEFERRED = sorted(str(index.name) for index in deferred_indexes.deferred())


async def indexes_present(conn: AsyncConnection) -> list[str]:
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    names = set((await conn.execute(text(query))).scalars())
    return sorted(name for name in DEFERRED if name in names)


def test_the_large_tables_have_secondary_indexes_to_defer() -> None:
    assert "ix_go_annotations_gene_pk" in DEFERRED
    assert "ix_go_term_closure_ancestor_id" in DEFERRED
    assert not [index for index in deferred_indexes.deferred() if index.unique]


async def test_a_load_drops_them_while_it_writes_and_commits_them_built(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await load(engine, [Source(SEED_PAGE)])
    during: list[list[str]] = []

    async def looking_store(conn: AsyncConnection, *_: object) -> Tally:
        during.append(await indexes_present(conn))
        return Tally()

    monkeypatch.setattr(release, "store_gene2go", looking_store)
    gene2go = tmp_path / "gene2go"
    gene2go.write_text(f"{GENE2GO_HEADER}\tGO_term\tPubMed\tCategory\n")
    await load(engine, [Source(gene2go)])
    assert during == [[] if engine.dialect.name == "sqlite" else DEFERRED]
    async with engine.connect() as conn:
        assert await indexes_present(conn) == DEFERRED


async def test_a_failed_load_leaves_them_as_they_were(engine: AsyncEngine, tmp_path: Path) -> None:
    await load(engine, [Source(SEED_PAGE)])
    gene2go = tmp_path / "gene2go"
    gene2go.write_text(f"{GENE2GO_HEADER}\tGO_term\tPubMed\tCategory\n9606\tnot a number\n")
    with pytest.raises(LoadError):
        await load(engine, [Source(gene2go)])
    async with engine.connect() as conn:
        assert await indexes_present(conn) == DEFERRED
