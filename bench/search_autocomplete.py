"""Benchmark: search autocomplete in process, CPU per request on each side.

    PYTHONPATH=TREE .venv/bin/python bench/search_autocomplete.py --url URL \\
        [--requests 100] [--rounds 3] [--total]

Runs the autocomplete workload's document (bench/lab/workloads.py: 2-4 letters of a human
symbol, `first: 10`) for ``--requests`` prefixes drawn as the workload draws them, through
the GraphQL schema of the tree on PYTHONPATH (run it once per tree for a before/after),
one request at a time. Per round it prints the median latency and the CPU per request of
this process (on SQLite that includes the database, which runs in its thread) and, on
PostgreSQL, of the server processes of its own connections (not other clients of a shared
database), read from /proc. ``--total`` also runs the same requests with `totalCount`
selected (the counted search), in alternation.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import procs
from lab.workloads import WORKLOADS

from genegraph.db.engine import engine_scope
from genegraph.resolvers.context import Context
from genegraph.schema.root import schema

HUMAN = 9606
COUNTED = WORKLOADS["search"].genegraph.replace("first: 10) {", "first: 10) { totalCount")


def _track_backends(engine: Any) -> set[int]:
    """The PostgreSQL server processes of this engine's own connections, filled as the
    pool opens them: other clients of a shared database (other benchmarks, other
    engineers) are not counted."""
    pids: set[int] = set()
    if engine.dialect.name == "postgresql":

        def opened(connection: Any, _: Any) -> None:
            pids.add(connection.driver_connection.get_server_pid())

        event.listen(engine.sync_engine, "connect", opened)
    return pids


async def _round(
    engine: Any, backends: set[int], document: str, prefixes: list[str]
) -> tuple[float, float, float]:
    """Median milliseconds, this process's and the database server's CPU ms per request."""
    pids = sorted(backends)
    server_before = procs.cpu_seconds(pids)
    latencies = []
    started = time.process_time()
    for prefix in prefixes:
        began = time.perf_counter()
        result = await schema.execute(
            document, variable_values={"q": prefix}, context_value=Context(engine)
        )
        latencies.append(time.perf_counter() - began)
        assert result.errors is None, result.errors
    cpu = (time.process_time() - started) / len(prefixes)
    database = procs.cpu_used(server_before, procs.cpu_seconds(pids)) / len(prefixes)
    return statistics.median(latencies) * 1e3, cpu * 1e3, database * 1e3


async def main(url: str, requests: int, rounds: int, counted: bool) -> None:
    async with engine_scope(url) as engine:
        backends = _track_backends(engine)
        async with engine.connect() as conn:
            symbols = sorted(
                (
                    await conn.execute(
                        text("SELECT symbol FROM genes WHERE taxon_id = :t"), {"t": HUMAN}
                    )
                ).scalars()
            )
        rng = random.Random("5-search")
        draw = WORKLOADS["search"].draw
        prefixes = [draw({"symbols": symbols}, rng)[0]["q"] for _ in range(requests)]
        documents = {"autocomplete": WORKLOADS["search"].genegraph}
        if counted:
            documents["with totalCount"] = COUNTED
        for document in documents.values():  # warm the caches and the pool
            await _round(engine, backends, document, prefixes[:20])
        print(f"{make_url(url).get_backend_name()}, {requests} prefixes, {rounds} rounds")
        for round_ in range(rounds):
            for name, document in documents.items():
                p50, cpu, database = await _round(engine, backends, document, prefixes)
                print(
                    f"  round {round_ + 1} {name:15} p50 {p50:6.2f} ms  CPU {cpu:6.2f} ms"
                    f" + database server {database:6.2f} ms per request"
                )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--url", required=True)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--total", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.url, args.requests, args.rounds, args.total))
