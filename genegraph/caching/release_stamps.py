"""Each release's stamp, the ``extensions.release`` of every answer it gives
(``{"number", "loadedAt"}``), built once per process: the release watch hands over each
release it reads, and a release a request meets first is read once, by number. So
stamping an answer costs a dictionary look-up, not a statement."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.models import Release

# None: no release loaded yet (release 0), as `currentRelease` is null then.
Stamp = dict[str, object] | None


def stamp_of(number: int, loaded_at: datetime) -> dict[str, object]:
    """As the schema's `Release { number loadedAt }` gives it (Strawberry's DateTime is
    ``isoformat``)."""
    return {"number": number, "loadedAt": loaded_at.isoformat()}


class ReleaseStamps:
    """The stamps of the releases this process has seen."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.known: dict[int, Stamp] = {0: None}

    def remember(self, number: int, loaded_at: datetime) -> None:
        if number not in self.known:
            self.known[number] = stamp_of(number, loaded_at)

    async def of(self, number: int) -> Stamp:
        """Release ``number``'s stamp (a committed release's: its row is there)."""
        if number in self.known:
            return self.known[number]
        async with self.engine.connect() as conn:
            loaded_at = await conn.scalar(select(Release.loaded_at).where(Release.pk == number))
        if loaded_at is None:
            return None  # not a release (none of this process's requests read one)
        self.remember(number, loaded_at)
        return self.known[number]
