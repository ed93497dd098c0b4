"""The GO terms of a release, held per database and release in the server process: the
planned gene card's statement sends each annotation's term id, and the term's fields and
its place in the annotations' order come from here, instead of a look-up of ``go_terms``
per annotation in the statement (BENCHMARKS.md, issue #17). The ontology is fixed per
release and does not grow with the genes. A release's terms are read in one statement
with the release's number, so they are that release's; a request whose statement read
another release than the one read here is told so (None) and left to the general executor.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.engine import PerDatabase
from genegraph.db.models import GOTerm
from genegraph.db.newest_release import beside_newest_number
from genegraph.resolvers.dataloaders import TERM_ORDER
from genegraph.resolvers.records import TermRecord
from genegraph.resolvers.rows import TERM_COLUMNS, OnDriver, term_of

# Every term, in the order the annotations take by their terms (TERM_ORDER, the database's
# own: its collation's and its lower()), with the newest release's number read in the same
# snapshot last on every row; one row of nulls beside it when there is no term.
TERMS_IN_ORDER = OnDriver(
    beside_newest_number(GOTerm.__table__, *TERM_COLUMNS).order_by(*TERM_ORDER)
)


@dataclass(frozen=True, slots=True)
class ReleaseTerms:
    """A release's terms by GO id, each with its place in TERM_ORDER (its rank)."""

    release: int
    terms: dict[str, tuple[TermRecord, int]]


class _HeldTerms:
    """One database's newest release's terms read so far. Only the newest is held (about
    26 MB of objects at the kit, and at 100x: the ontology does not grow with the genes): a
    request whose statement read the release before, as a load committed, is left to the
    general executor."""

    def __init__(self) -> None:
        self.held: ReleaseTerms | None = None
        # The read under way, if any: a request that needs one awaits it rather than
        # reading the terms again (a new release's first requests arrive together).
        self.reading: asyncio.Task[ReleaseTerms] | None = None

    async def of(self, engine: AsyncEngine, release: int) -> ReleaseTerms | None:
        """Release ``release``'s terms; None when the database's newest release is now
        another (a load committed since the caller's statement read its release)."""
        found = self.held
        if found is None or found.release < release:
            found = await self.newest(engine)
            if found.release < release:  # a read begun before that release committed
                found = await self.newest(engine)
        # A release older than one read is never the newest again: none, without a read.
        return found if found.release == release else None

    async def newest(self, engine: AsyncEngine) -> ReleaseTerms:
        """The newest release's terms, read now, or by the read under way."""
        reading = self.reading
        if reading is None or reading.done():
            reading = self.reading = asyncio.get_running_loop().create_task(self._read(engine))
        # Shielded: one request cancelled does not cancel the read the others await.
        return await asyncio.shield(reading)

    async def _read(self, engine: AsyncEngine) -> ReleaseTerms:
        rows = await TERMS_IN_ORDER.on(engine.dialect).rows(engine, {})
        terms = {
            row[0]: (term_of(row), rank) for rank, row in enumerate(rows) if row[0] is not None
        }
        read = ReleaseTerms(int(rows[0][-1] or 0), terms)
        if self.held is None or self.held.release < read.release:
            self.held = read
        return read


# The terms held for each database a process reads (db.engine.PerDatabase).
_held: PerDatabase[_HeldTerms] = PerDatabase(_HeldTerms)


async def release_terms(engine: AsyncEngine, release: int) -> ReleaseTerms | None:
    """Release ``release``'s terms in ``engine``'s database, read once per process (one
    statement); None when that release is no longer the newest there."""
    return await _held(engine).of(engine, release)


async def read_served_terms(engine: AsyncEngine) -> None:
    """Read the served release's terms now (the server's start-up), so that the process's
    first gene card does not wait for them."""
    await _held(engine).newest(engine)
