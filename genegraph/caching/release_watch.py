"""Which release the database serves, known on every request without asking it: each
process reads the newest ``releases`` row in the background every ``interval`` seconds.
Cached answers are keyed by it, so a load by any process makes older entries unreachable
within an interval, with no message between processes (ARCHITECTURE.md, section 4).

An answer executed while the number was about to change is kept only if it read the
release its key names (``HttpCaching.describe``): an entry under release N is release
N's answer. A process knows the new number only once the load has committed. Each
release read is handed to ``stamps`` (``genegraph.caching.release_stamps``), so answers
are stamped without a statement.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.caching.redis import Clock
from genegraph.caching.release_stamps import ReleaseStamps
from genegraph.db.models import Release
from genegraph.db.newest_release import newest_row

log = logging.getLogger("genegraph.cache")

# The newest release's number and time.
NEWEST = newest_row(Release.pk, Release.loaded_at)


class ReleaseWatch:
    """The current release number, read every ``interval`` seconds once ``start``ed;
    ``on_change`` callbacks run when it moves."""

    def __init__(
        self, engine: AsyncEngine, interval: float, *, clock: Clock = time.monotonic
    ) -> None:
        self.engine = engine
        self.interval = interval
        self.clock = clock
        self.number: int | None = None
        self.read_at = float("-inf")
        self.on_change: list[Callable[[int], None]] = []
        self.task: asyncio.Task[None] | None = None
        self.stamps = ReleaseStamps(engine)

    def current(self) -> int | None:
        """The release number (0 before any load), or None when it is not known to be
        current: not started, or the database has not answered for two intervals."""
        if self.clock() - self.read_at > 2 * self.interval:
            return None
        return self.number

    async def start(self) -> None:
        """Read the number now, then every ``interval`` seconds until ``stop``."""
        await self.refresh()
        self.task = asyncio.create_task(self._watch(), name="genegraph release watch")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None

    async def refresh(self) -> None:
        try:
            async with self.engine.connect() as conn:
                newest = (await conn.execute(NEWEST)).first()
        except Exception as error:  # any database failure: the number is not vouched for
            log.warning("could not read the current release: %s", error)
            return
        number = 0 if newest is None else newest.pk
        if newest is not None:
            self.stamps.remember(number, newest.loaded_at)
        self.read_at = self.clock()
        if number != self.number:
            previous, self.number = self.number, number
            if previous is not None:
                log.info("release %d is served now (was %d)", number, previous)
            for callback in self.on_change:
                callback(number)

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            await self.refresh()
