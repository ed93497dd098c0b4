"""The server process's heap after start-up, moved out of the cyclic garbage collector's
reach (``gc.freeze``), so its full collections stop walking the start-up objects in the
middle of requests. Why and the measurement: ARCHITECTURE.md, section 4; BENCHMARKS.md.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect what start-up left as garbage, then freeze the rest."""
    gc.collect()
    gc.freeze()
