"""``genegraph update``: what a fetch changed, measured against the database. The files
are compared with the sources of the release the database serves (by SHA-256), so an
update whose load failed is loaded by the next one, and an update with nothing new
loads nothing."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.parse.files import sha256_of
from genegraph.db.models import Release
from genegraph.db.newest_release import newest_row

CACHE_HOME_ENV = "XDG_CACHE_HOME"


def default_dest() -> Path:
    """The per-user folder sources are fetched into: ``~/.cache/genegraph/sources``."""
    cache = os.environ.get(CACHE_HOME_ENV) or str(Path.home() / ".cache")
    return Path(cache) / "genegraph" / "sources"


async def served_release(engine: AsyncEngine) -> tuple[int, set[str]] | None:
    """The newest release and the SHA-256 of each of its sources; None before any."""
    async with engine.connect() as conn:
        row = (await conn.execute(newest_row(Release.pk, Release.sources))).first()
    if row is None:
        return None
    return row[0], {str(source.get("sha256")) for source in row[1]}


def unloaded(paths: Sequence[Path], loaded: set[str]) -> list[Path]:
    """The files whose content is not among ``loaded`` (SHA-256 digests)."""
    return [path for path in paths if sha256_of(path) not in loaded]
