"""Species rows held in memory per database: a handful of rows the gene card otherwise read
in a statement of its own at every level (BENCHMARKS.md). Safe across releases because loads
only insert species (``db.ingest.store.genes.ensure_species``) and nothing changes them; a
taxon not read yet re-reads the whole table (one statement). Their genes are counted once
per release (the `species` root field): a request reads only the newest release's number."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from sqlalchemy import func, select

from genegraph.db.engine import PerDatabase
from genegraph.db.models import Gene, Species
from genegraph.db.newest_release import NEWEST_NUMBER
from genegraph.resolvers.records import SpeciesRecord
from genegraph.resolvers.rows import Fetch

ALL_SPECIES = select(Species.taxon_id, Species.scientific_name, Species.common_name)
# A GROUP BY over every gene (5M at 100 times the kit): once per release, not per request.
GENE_COUNTS = select(Gene.taxon_id, func.count().label("genes")).group_by(Gene.taxon_id)


class SpeciesCatalogue:
    """The species of one database read so far, by taxon id."""

    def __init__(self) -> None:
        self.known: dict[int, SpeciesRecord] = {}
        # Set when the read under way, if any, has ended: a caller that finds one waits
        # for it rather than sending a second (a card's two levels ask for their species
        # while the first level's read is still out, and each sent one of its own).
        self.read_ended: asyncio.Event | None = None
        # Genes per taxon, and the newest release when they were counted.
        self.gene_counts: dict[int, int] = {}
        self.counted_release: int | None = None

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

    async def count_genes(self, fetch: Fetch) -> dict[int, int]:
        """Genes per taxon in the newest release: its number read (one statement), the
        genes counted again (a second) only when it is not the release last counted. A load
        committed between the two is counted under the older number, and counted again
        once a request sees the newer one."""
        release = (await fetch.rows(NEWEST_NUMBER))[0][0] or 0
        if release != self.counted_release:
            rows = await fetch.rows(GENE_COUNTS)
            self.gene_counts = {row.taxon_id: row.genes for row in rows}
            self.counted_release = release
        return self.gene_counts

    async def loaded(self, fetch: Fetch) -> list[tuple[SpeciesRecord, int]]:
        """The species with genes and how many, most genes first (then by taxon id)."""
        counts = await self.count_genes(fetch)
        known = await self.read(fetch, counts)
        order = sorted(counts, key=lambda taxon: (-counts[taxon], taxon))
        return [(known[taxon], counts[taxon]) for taxon in order if taxon in known]

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


# The species of each database a process reads (db.engine.PerDatabase).
catalogue_for: PerDatabase[SpeciesCatalogue] = PerDatabase(SpeciesCatalogue)
