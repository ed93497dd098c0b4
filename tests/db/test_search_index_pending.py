"""After a load on PostgreSQL, the genes' text-search index holds the new rows in the
index proper, not in its GIN pending list, which every word search would otherwise read
whole until a vacuum merges it (db/search_index.py, ``flush_pending``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from genegraph.db.engine import engine_scope
from genegraph.db.ingest.release import Source, load
from genegraph.db.search_index import PG_INDEX
from tests.conftest import FIXTURES, SEED_PAGE, Database, fresh_database


@pytest.fixture
def database(tmp_path: Path, postgres_template: str) -> Iterator[Database]:
    with fresh_database("postgresql", tmp_path, postgres_template) as db:
        yield db


async def test_a_load_leaves_no_pending_text_search_rows(database: Database) -> None:
    async with engine_scope(database.url) as engine:
        await load(engine, [Source(SEED_PAGE), Source(FIXTURES / "gene_info_il2.tsv")])
        async with engine.connect() as conn:
            # The pages it merges now: none, if the load merged them all.
            merged = await conn.scalar(
                text(f"SELECT gin_clean_pending_list('{PG_INDEX}'::regclass)")
            )
            genes = await conn.scalar(text("SELECT count(*) FROM genes"))
    assert genes
    assert merged == 0
