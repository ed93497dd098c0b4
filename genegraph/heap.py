"""The cyclic garbage collector's reach and pace.

The server process's heap after start-up, moved out of the cyclic garbage collector's
reach (``gc.freeze``), so its full collections stop walking the start-up objects in the
middle of requests, and its young collections made rare (``SERVER_THRESHOLDS``). Why and
the measurement: ARCHITECTURE.md, section 4; BENCHMARKS.md. A load's collections made rare
while it runs (``fewer_collections``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# A server process's cyclic collections: one per this many new container objects, not 700.
# A request's objects die by reference counting (requests left no cycles, measured); at 700
# a young collection ran about once per nine batches of 100 GeneIDs, only to walk the
# objects of the requests in flight, the more of them the more requests: 2.6-3.8% of the
# batch's and the card's instructions (BENCHMARKS.md, issue #17, eleventh session). Memory
# stays bounded: a collection still runs every 50,000 new objects.
SERVER_THRESHOLDS = (50_000, 20, 100)


def settle() -> None:
    """Collect what start-up left as garbage, freeze the rest, and collect rarely from then
    on (``SERVER_THRESHOLDS``)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVER_THRESHOLDS)


# A load's cyclic collections: one per this many new container objects, not 700. A load
# makes millions of short-lived tuples; at the default the collector ran every 700 and took
# about a quarter of the loader's CPU per line (BENCHMARKS.md, issue #16, sixth session).
LOAD_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cycles rarely while in the block, and not walk the heap from before it
    (frozen; a heap frozen already, a server's, stays so). Memory stays bounded: a
    collection still runs every ``LOAD_THRESHOLDS[0]`` new objects."""
    was_frozen = gc.get_freeze_count() > 0
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*LOAD_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not was_frozen:
            gc.unfreeze()
