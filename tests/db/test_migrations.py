"""The Alembic migrations build exactly the schema the models describe, on each backend."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.migrate import alembic_config
from tests.helpers.db_checks import differences_from_the_models


async def test_migrated_database_matches_the_models(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        differences = await conn.run_sync(differences_from_the_models)
    assert differences == [], "models and migrations disagree: write a migration"


async def test_downgrade_to_base_and_up_again(engine: AsyncEngine) -> None:
    def down(connection: Connection) -> list[str]:
        command.downgrade(alembic_config(connection), "base")
        return [t for t in inspect(connection).get_table_names() if t != "alembic_version"]

    def up(connection: Connection) -> list[object]:
        command.upgrade(alembic_config(connection), "head")
        return differences_from_the_models(connection)

    async with engine.begin() as conn:
        assert await conn.run_sync(down) == []
    async with engine.begin() as conn:
        assert await conn.run_sync(up) == []


async def test_sqlite_keeps_the_derived_tables_in_their_keys_b_tree(engine: AsyncEngine) -> None:
    """The closure and the term gene lists, rewritten whole by every load, are WITHOUT
    ROWID on SQLite: one B-tree per row written, not the table's and its key's."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL tables have no rowid")
    async with engine.connect() as conn:
        for name in ("go_term_closure", "term_gene_lists"):
            found = await conn.execute(
                text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
                {"name": name},
            )
            assert "WITHOUT ROWID" in found.scalar_one().upper(), name
