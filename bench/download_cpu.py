"""CPU per download in process, through the ASGI app, sent plain and gzipped: what
compressing a file costs the server, and what it saves on the wire.

    PYTHONPATH=TREE .venv/bin/python bench/download_cpu.py KIT.sqlite [QUERY] [ROUNDS]

prints, per round and as medians, the process CPU (gzip's worker threads included) and the
bytes sent for QUERY (default ``taxon=10116&format=gaf``, the kit's rat annotations),
alternating plain, gzip at genegraph's level and gzip at Starlette's default level 9.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import time

import httpx

from genegraph.db.engine import create_engine
from genegraph.server import download
from genegraph.server.app import create_app

PATH = "/download/annotations"
OURS = download.GZIP_LEVEL


async def main(database: str, query: str, rounds: int) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    variants = {"plain": None, f"gzip {OURS}": OURS, "gzip 9": 9}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    sent: dict[str, int] = {}
    for _ in range(rounds):
        for name, level in variants.items():
            download.GZIP_LEVEL = level or OURS
            app = create_app(engine)  # the route reads GZIP_LEVEL when it is made
            transport = httpx.ASGITransport(app=app)
            encoding = "identity" if level is None else "gzip"
            async with httpx.AsyncClient(transport=transport, base_url="http://b") as client:
                start = time.process_time()
                async with client.stream(
                    "GET", f"{PATH}?{query}", headers={"accept-encoding": encoding}
                ) as response:
                    async for _ in response.aiter_raw():
                        pass
                cpu[name].append(time.process_time() - start)
                sent[name] = response.num_bytes_downloaded
            print(f"{name}: {cpu[name][-1] * 1000:.0f} ms CPU, {sent[name]:,} bytes", flush=True)
    for name in variants:
        print(f"median {name}: {statistics.median(cpu[name]) * 1000:.0f} ms, {sent[name]:,} bytes")
    await engine.dispose()


if __name__ == "__main__":
    logging.disable(logging.INFO)
    args = sys.argv[1:]
    query = args[1] if len(args) > 1 else "taxon=10116&format=gaf"
    asyncio.run(main(args[0], query, int(args[2]) if len(args) > 2 else 3))
