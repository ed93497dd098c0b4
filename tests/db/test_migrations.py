"""The Alembic migrations build exactly the schema the models describe, on each backend."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, inspect
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
