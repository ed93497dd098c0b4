"""A load writes its large tables without their secondary indexes and builds them before
it commits; a load that fails gets them back with its rollback. SQLite defers them in
every load; PostgreSQL only for the tables empty at the load's start (a table being served
keeps them: dropping one there would lock readers out until the commit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from genegraph.db import search_index
from genegraph.db.ingest import release
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.gene2go import HEADER as GENE2GO_HEADER
from genegraph.db.ingest.release import Source, load
from genegraph.db.ingest.store import deferred_indexes
from genegraph.db.ingest.store.bulk import Tally
from tests.conftest import SEED_PAGE

DEFERRED = sorted(str(index.name) for index in deferred_indexes.deferred())
# Not in the models, so re-created from the catalogue's definitions on PostgreSQL.
SEARCH = ["ix_genes_symbol_rank", search_index.PG_INDEX]


async def indexes_present(conn: AsyncConnection, names: list[str] = DEFERRED) -> list[str]:
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    present = set((await conn.execute(text(query))).scalars())
    return sorted(name for name in names if name in present)


async def tables_with_rows(conn: AsyncConnection) -> set[str]:
    return {
        table
        for table in deferred_indexes.TABLES
        if (await conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})"))).scalar()
    }


def kept_on_postgresql(tables: set[str]) -> list[str]:
    return sorted(
        str(index.name)
        for index in deferred_indexes.deferred()
        if index.table is not None and index.table.name in tables
    )


def test_the_large_tables_have_secondary_indexes_to_defer() -> None:
    assert "ix_go_annotations_gene_pk" in DEFERRED
    assert "ix_go_term_closure_ancestor_id" in DEFERRED
    assert not [index for index in deferred_indexes.deferred() if index.unique]


def empty_gene2go(tmp_path: Path) -> Path:
    gene2go = tmp_path / "gene2go"
    gene2go.write_text(f"{GENE2GO_HEADER}\tGO_term\tPubMed\tCategory\n")
    return gene2go


def bad_gene2go(tmp_path: Path) -> Path:
    gene2go = tmp_path / "gene2go"
    gene2go.write_text(f"{GENE2GO_HEADER}\tGO_term\tPubMed\tCategory\n9606\tnot a number\n")
    return gene2go


async def text_triggers(conn: AsyncConnection) -> list[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'genes'"
    return sorted((await conn.execute(text(query))).scalars())


async def genes_found_by_text(conn: AsyncConnection, word: str) -> list[str]:
    if conn.dialect.name == "sqlite":
        # The index against its content table: a missed or extra row fails here.
        await conn.execute(
            text(
                f"INSERT INTO {search_index.FTS_TABLE}({search_index.FTS_TABLE}, rank)"
                " VALUES ('integrity-check', 1)"
            )
        )
        query = (
            f"SELECT g.symbol FROM {search_index.FTS_TABLE} AS t JOIN genes AS g"
            f" ON g.pk = t.rowid WHERE {search_index.FTS_TABLE} MATCH :word"
        )
    else:
        query = (
            f"SELECT symbol FROM genes WHERE {search_index.PG_DOCUMENT}"
            " @@ plainto_tsquery('english', :word)"
        )
    return sorted((await conn.execute(text(query), {"word": word})).scalars())


async def test_a_load_drops_them_while_it_writes_and_commits_them_built(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await load(engine, [Source(SEED_PAGE)])
    async with engine.connect() as conn:
        served = await tables_with_rows(conn)
    assert "genes" in served
    during: list[list[str]] = []

    async def looking_store(conn: AsyncConnection, *_: object) -> Tally:
        during.append(await indexes_present(conn))
        return Tally()

    monkeypatch.setattr(release, "store_gene2go", looking_store)
    await load(engine, [Source(empty_gene2go(tmp_path))])
    assert during == [[] if engine.dialect.name == "sqlite" else kept_on_postgresql(served)]
    async with engine.connect() as conn:
        assert await indexes_present(conn) == DEFERRED


async def test_a_first_load_writes_without_them_on_both_engines(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's search indexes are not deferred (an FTS5 table, kept by triggers).
    names = DEFERRED + SEARCH if engine.dialect.name == "postgresql" else DEFERRED
    during: list[list[str]] = []

    async def looking_store(conn: AsyncConnection, *_: object) -> Tally:
        during.append(await indexes_present(conn, names))
        return Tally()

    monkeypatch.setattr(release, "store_gene2go", looking_store)
    await load(engine, [Source(SEED_PAGE), Source(empty_gene2go(tmp_path))])
    assert during == [[]]
    async with engine.connect() as conn:
        assert await indexes_present(conn, names) == sorted(names)


async def test_a_failed_load_leaves_them_as_they_were(engine: AsyncEngine, tmp_path: Path) -> None:
    await load(engine, [Source(SEED_PAGE)])
    with pytest.raises(LoadError):
        await load(engine, [Source(bad_gene2go(tmp_path))])
    async with engine.connect() as conn:
        assert await indexes_present(conn) == DEFERRED


async def test_a_failed_first_load_leaves_them_as_they_were(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    with pytest.raises(LoadError):
        await load(engine, [Source(SEED_PAGE), Source(bad_gene2go(tmp_path))])
    async with engine.connect() as conn:
        assert await indexes_present(conn) == DEFERRED
        if conn.dialect.name == "postgresql":
            assert await indexes_present(conn, SEARCH) == sorted(SEARCH)
        else:
            assert len(await text_triggers(conn)) == 3
        assert await genes_found_by_text(conn, "interleukin") == []


async def test_a_first_sqlite_load_indexes_the_genes_text_once_at_the_end(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    during: list[list[str]] = []

    async def looking_store(conn: AsyncConnection, *_: object) -> Tally:
        if conn.dialect.name == "sqlite":
            during.append(await text_triggers(conn))
        return Tally()

    monkeypatch.setattr(release, "store_gene2go", looking_store)
    await load(engine, [Source(SEED_PAGE), Source(empty_gene2go(tmp_path))])
    async with engine.connect() as conn:
        assert await genes_found_by_text(conn, "interleukin") == ["IL2"]
        if conn.dialect.name == "sqlite":
            triggers = await text_triggers(conn)
    if engine.dialect.name == "sqlite":
        assert during == [[]]
        assert len(triggers) == 3
        # A second load keeps the triggers: genes has rows to serve.
        await load(engine, [Source(empty_gene2go(tmp_path))])
        assert during == [[], triggers]


async def foreign_keys(conn: AsyncConnection) -> list[str]:
    query = (
        "SELECT k.conname FROM pg_constraint AS k JOIN pg_class AS c ON c.oid = k.conrelid"
        " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND k.contype = 'f'"
    )
    return sorted((await conn.execute(text(query))).scalars())


async def test_a_first_postgresql_load_checks_the_gene_keys_once_at_the_end(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's foreign keys are not enforced during a load")
    async with engine.connect() as conn:
        before = await foreign_keys(conn)
    deferred = [
        "fk_gene_aliases_gene_pk_genes",
        "fk_gene_xrefs_gene_pk_genes",
        "fk_homologene_members_gene_pk_genes",
        "fk_orthologs_gene_pk_genes",
    ]
    assert set(deferred) <= set(before)
    during: list[list[str]] = []

    async def looking_store(conn: AsyncConnection, *_: object) -> Tally:
        during.append(await foreign_keys(conn))
        return Tally()

    monkeypatch.setattr(release, "store_gene2go", looking_store)
    await load(engine, [Source(SEED_PAGE), Source(empty_gene2go(tmp_path))])
    # Dropped where both sides were empty; the tables not deferred keep theirs.
    assert not set(deferred) & set(during[0])
    assert "fk_annotation_changes_gene_pk_genes" in during[0]
    async with engine.connect() as conn:
        assert await foreign_keys(conn) == before
    # Genes are served now: a later load keeps every key.
    await load(engine, [Source(empty_gene2go(tmp_path))])
    assert during[1] == before


async def test_a_failed_first_postgresql_load_leaves_the_keys_as_they_were(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's foreign keys are not enforced during a load")
    async with engine.connect() as conn:
        before = await foreign_keys(conn)
    with pytest.raises(LoadError):
        await load(engine, [Source(SEED_PAGE), Source(bad_gene2go(tmp_path))])
    async with engine.connect() as conn:
        assert await foreign_keys(conn) == before
