"""Alembic environment: runs on the connection genegraph hands it (``db.migrate``),
or, for ``alembic`` on the command line, on ``GENEGRAPH_DATABASE_URL``."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import Connection

from genegraph.db.engine import create_engine
from genegraph.db.models import Base
from genegraph.db.search_index import include_object

config = context.config
target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_from_url(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(run_on)
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    asyncio.run(
        run_from_url(os.environ.get("GENEGRAPH_DATABASE_URL", "sqlite:///genegraph.sqlite"))
    )
