"""The enrichment cache's warm-up (resolvers/propagated.warm, which `genegraph serve` runs
when it starts serving a release) in a process of its own: its seconds, the process's peak
RSS (VmHWM) and the RSS it leaves (VmRSS), and the cached arrays' own size.

    .venv/bin/python bench/enrichment_warm.py URL
    PYTHONPATH=/tmp/other-tree .venv/bin/python bench/enrichment_warm.py URL   # another tree
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from genegraph.db.engine import engine_scope
from genegraph.resolvers import propagated


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _warm(url: str) -> None:
    async with engine_scope(url) as engine:
        before = _status_mb("VmRSS")
        started = time.monotonic()
        await propagated.warm(engine)
        seconds = time.monotonic() - started
    held = sum(
        sum(a.nbytes for a in (c.gene_pks, c.term_categories, c.pair_genes, c.pair_terms))
        + c.pair_offsets.nbytes
        for c in propagated._cache.values()
    )
    print(
        f"warm: {seconds:.1f} s; RSS {before:.0f} MB before, {_status_mb('VmRSS'):.0f} MB after,"
        f" peak {_status_mb('VmHWM'):.0f} MB; arrays held {held / 2**20:.0f} MB"
        f" (taxa {sorted(propagated.cached_taxa())})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("url")
    asyncio.run(_warm(parser.parse_args().url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
