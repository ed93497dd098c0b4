"""The releases loaded so far, newest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.models import Release
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.records import ReleaseRecord


async def list_releases(engine: AsyncEngine, limit: int | None = None) -> list[ReleaseRecord]:
    # A negative LIMIT is an error on PostgreSQL and "no limit" on SQLite.
    if limit is not None and limit < 0:
        raise UserInputError(f"releases: `last` must be 0 or more; got {limit}")
    statement = (
        select(Release.pk, Release.loaded_at, Release.load_seconds, Release.sources)
        .order_by(Release.pk.desc())
        .limit(limit)
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(statement)).all()
    return [ReleaseRecord(r.pk, r.loaded_at, r.load_seconds, r.sources) for r in rows]
