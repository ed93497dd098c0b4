"""A species' annotations read once by a load, for its two passes over them.

A load propagates each species' positive annotations a block of genes at a time twice, in
its transaction: for the background counts (db/background_counts.py), then for the term
gene lists (db/term_gene_lists.py), which need the counts first. It reads them from the
database once (``background_counts.keep``), into a temporary file per species, each
block as ``TermGraph.codes`` gives it (gene pk, term index: 12 bytes an annotation), and
both passes read them back from there. At 10x the kit the second pass's statements cost
about 9 s of the tail's one connection (BENCHMARKS.md, issue #16, thirteenth session),
and the counts, reading no database, can overlap PostgreSQL's own work
(``deferred_indexes.building_unread``). Memory stays a block; disk is about 1.1 GB at 100x
the kit, in files without a name (``tempfile.TemporaryFile``: unlinked as they are made),
so nothing is left behind however the load ends, a killed loader included.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import BinaryIO

import numpy as np

from genegraph.db.propagation import Int64Array, IntArray
from genegraph.db.scratch_files import ScratchFiles


class AnnotationBlocks(ScratchFiles):
    """Blocks of (gene pk, term index) codes per pass key (a species and its genes' span),
    readable once the pass that wrote them has ended (``recorded``); the files closed, and
    their disk freed, on leaving."""

    def __init__(self) -> None:
        super().__init__()
        self._files: dict[Hashable, BinaryIO] = {}
        self._complete: set[Hashable] = set()

    def recorded(self, key: Hashable) -> bool:
        """Whether a whole pass of ``key`` was written."""
        return key in self._complete

    def writer(self, key: Hashable) -> BinaryIO:
        """The file a pass of ``key`` writes its blocks to (``write``), empty: a pass
        written before is dropped. ``finish`` once the pass has ended."""
        self._complete.discard(key)
        file = self._files.get(key)
        if file is None:
            file = self._files[key] = self.new()
        else:
            file.seek(0)
            file.truncate()
        return file

    def finish(self, key: Hashable) -> None:
        self._files[key].flush()
        self._complete.add(key)

    @staticmethod
    def write(file: BinaryIO, pks: Int64Array, terms: IntArray) -> None:
        np.array([len(pks)], dtype=np.int64).tofile(file)
        pks.astype(np.int64, copy=False).tofile(file)
        terms.astype(np.int32, copy=False).tofile(file)

    def read(self, key: Hashable) -> Iterator[tuple[Int64Array, IntArray]]:
        """The blocks a whole pass of ``key`` wrote, in its order (one reader at a time)."""
        file = self._files[key]
        file.seek(0)
        while (count := np.fromfile(file, dtype=np.int64, count=1)).size:
            length = int(count[0])
            pks = np.fromfile(file, dtype=np.int64, count=length)
            terms = np.fromfile(file, dtype=np.int32, count=length)
            yield pks, terms
