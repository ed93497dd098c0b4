"""Species rows held in memory per database: a handful of rows the gene card otherwise read
in a statement of its own at every level (BENCHMARKS.md). Safe across releases because loads
only insert species (``db.ingest.store.genes.ensure_species``) and nothing changes them; a
taxon not read yet re-reads the whole table (one statement)."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import Pool

from genegraph.db.models import Species
from genegraph.resolvers.records import SpeciesRecord
from genegraph.resolvers.rows import Fetch

ALL_SPECIES = select(Species.taxon_id, Species.scientific_name, Species.common_name)


class SpeciesCatalogue:
    """The species of one database read so far, by taxon id."""

    def __init__(self) -> None:
        self.known: dict[int, SpeciesRecord] = {}
        # Set when the read under way, if any, has ended: a caller that finds one waits
        # for it rather than sending a second (a card's two levels ask for their species
        # while the first level's read is still out, and each sent one of its own).
        self.read_ended: asyncio.Event | None = None

    async def read(self, fetch: Fetch, taxa: Iterable[int]) -> dict[int, SpeciesRecord]:
        """Every species known, re-read first (one statement) when one of ``taxa`` is not
        known yet."""
        wanted = list(taxa)
        if self.read_ended is not None and any(taxon not in self.known for taxon in wanted):
            await self.read_ended.wait()  # however it ended: if it failed, read below
        known = self.known
        if any(taxon not in known for taxon in wanted):
            known = await self._read_all(fetch)
        return known

    async def _read_all(self, fetch: Fetch) -> dict[int, SpeciesRecord]:
        ended = self.read_ended = asyncio.Event()
        try:
            rows = await fetch.rows(ALL_SPECIES)
            # A new dict, swapped in whole: a request reading the old one meanwhile
            # sees a consistent catalogue.
            self.known = {
                row.taxon_id: SpeciesRecord(row.taxon_id, row.scientific_name, row.common_name)
                for row in rows
            }
        finally:
            ended.set()
            if self.read_ended is ended:
                self.read_ended = None
        return self.known


# Keyed by the engine's pool: the server's read engine (db.engine.for_reads) is a copy of
# its engine with other options, and both share one pool, one database.
_CATALOGUES: weakref.WeakKeyDictionary[Pool, SpeciesCatalogue] = weakref.WeakKeyDictionary()


def catalogue_for(engine: AsyncEngine) -> SpeciesCatalogue:
    pool = engine.sync_engine.pool
    catalogue = _CATALOGUES.get(pool)
    if catalogue is None:
        catalogue = _CATALOGUES[pool] = SpeciesCatalogue()
    return catalogue
