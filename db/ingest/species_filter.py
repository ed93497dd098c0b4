"""Loading only some species from NCBI's all-species files (gene2go, gene_orthologs,
gene_history hold every species): rows of other species are passed over as they stream
by and counted, so memory does not grow with the file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any, cast

from genegraph.db.ingest.progress import Track
from genegraph.db.ingest.store.bulk import Tally

REASON = "species not loaded"


@dataclass(slots=True)
class SpeciesFilter:
    """Keeps rows whose ``taxon_id`` (and a pair's ``other_taxon_id``) is in ``taxa``;
    with ``taxa`` None it keeps every row."""

    taxa: frozenset[int] | None
    skipped: int = 0

    def rows(self, items: Iterable[Any]) -> Iterator[Any]:
        taxa = self.taxa
        if taxa is None:
            yield from items
            return
        rows = iter(items)
        first = next(rows, None)
        if first is None:
            return
        if hasattr(first, "other_taxon_id"):  # pairs: asked once, not per row
            for row in chain([first], rows):
                if row.taxon_id in taxa and row.other_taxon_id in taxa:
                    yield row
                else:
                    self.skipped += 1
            return
        for row in chain([first], rows):
            if row.taxon_id in taxa:
                yield row
            else:
                self.skipped += 1

    def wrap(self, track: Track) -> Track:
        """A load's progress tracker that also passes over the other species' rows."""
        if self.taxa is None:
            return track
        return cast(Track, lambda items: self.rows(track(items)))

    def count_into(self, tally: Tally) -> Tally:
        """``tally`` with the skipped rows added: lines of the file, skipped for a reason."""
        if self.skipped:
            tally.lines += self.skipped
            tally.skipped[REASON] += self.skipped
        return tally
