"""Many int64 codes put in order with bounded memory: appended a block at a time to one of
a few files by the code's range, then read back a file at a time, in range order, for the
caller to sort (``np.sort``). A bucketed external sort: the load writes the term gene lists
(150 million rows at 100x the kit) in their key's order this way (db/term_gene_lists.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

from genegraph.db.scratch_files import ScratchFiles


class RangeBuckets(ScratchFiles):
    """Files for codes below ``bounds[0]``, from ``bounds[0]`` to below ``bounds[1]``, ...,
    and from ``bounds[-1]`` up (sorted bounds; none: one file), temporary files without a
    name, closed (their disk freed) as they are read and on leaving."""

    def __init__(self, bounds: NDArray[np.int64]) -> None:
        super().__init__()
        self.bounds = bounds
        self._files: list[BinaryIO] = []

    def __enter__(self) -> RangeBuckets:
        self._files = [self.new() for _ in range(len(self.bounds) + 1)]
        return super().__enter__()

    def add(self, codes: NDArray[np.int64]) -> None:
        """Append ``codes`` (any order) to their buckets."""
        if not len(self.bounds):
            codes.tofile(self._files[0])
            return
        buckets = np.searchsorted(self.bounds, codes, side="right")
        by_bucket = codes[np.argsort(buckets, kind="stable")]
        ends = np.cumsum(np.bincount(buckets, minlength=len(self._files)))
        for file, start, end in zip(
            self._files, ends - np.diff(ends, prepend=0), ends, strict=True
        ):
            if end > start:
                by_bucket[start:end].tofile(file)

    def read(self) -> Iterator[NDArray[np.int64]]:
        """Each bucket's codes, unsorted, the buckets in range order; no more ``add``."""
        for file in self._files:
            file.seek(0)
            yield np.fromfile(file, dtype=np.int64)
            file.close()  # its disk freed now
