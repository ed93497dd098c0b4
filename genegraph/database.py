"""Getting a database ready to serve: migrate it, and seed it when it holds nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph import settings
from genegraph.db.ingest.release import LoadReport, Source, load
from genegraph.db.migrate import upgrade
from genegraph.db.models import Release


async def has_data(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        return bool((await conn.execute(select(func.count()).select_from(Release))).scalar_one())


async def prepare(engine: AsyncEngine, *, seed: bool) -> LoadReport | None:
    """Migrate; then, if ``seed`` and no release was ever loaded, load the seed page."""
    await upgrade(engine)
    if seed and not await has_data(engine):
        return await load(engine, [Source(settings.SEED_PAGE)])
    return None
