"""Benchmark: what the load's writing of the term gene lists costs (db/term_gene_lists.py
``store``), on a loaded database, in a transaction rolled back: the served graph and the
annotated species' spans read as the load reads them, then on PostgreSQL the rows written
into a new table (``_write``) and its key built (``next_table.add_keys``, serial:
``max_parallel_maintenance_workers = 0``, so the backend's CPU is all of it; with
``--parallel`` as the load builds it, its parallel workers' CPU sampled), on SQLite
the whole ``store``. Prints, per round, the loader's CPU (this process) and the PostgreSQL
backend's, the wall, the loader's peak RSS (of the whole process), and with
``--check-order`` whether the written rows are in the key's order (the table's physical
order, ctid or rowid) and, on PostgreSQL, how many differ from the served table's.

    PYTHONPATH=$PWD .venv/bin/python bench/term_lists_store.py \\
        --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/h_kit --rounds 2

Run it with PYTHONPATH at two trees to compare them; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from pathlib import Path

from sqlalchemy import table, text
from sqlalchemy.ext.asyncio import AsyncConnection

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab.procs import ParallelWorkers, cpu_seconds, load_average

from genegraph.db import background_counts, term_gene_lists
from genegraph.db.engine import engine_scope
from genegraph.db.ingest.store import next_table
from genegraph.db.models import Base, TermGeneList
from genegraph.db.propagation import TermGraph


class Clock:
    """Loader CPU, backend CPU and wall since the last reading."""

    def __init__(self, backend: int | None) -> None:
        self.backend = backend
        self.last = self._now()

    def _now(self) -> tuple[float, float, float]:
        server = cpu_seconds([self.backend]).get(self.backend, 0.0) if self.backend else 0.0
        return time.process_time(), server, time.perf_counter()

    def lap(self) -> tuple[float, float, float]:
        now = self._now()
        spent = (now[0] - self.last[0], now[1] - self.last[1], now[2] - self.last[2])
        self.last = now
        return spent


async def in_key_order(conn: AsyncConnection, name: str) -> bool:
    """Whether the table's rows, in physical order, are in its key's order: none is at or
    below the one before it."""
    position = "ctid" if conn.dialect.name == "postgresql" else "rowid"
    names = term_gene_lists.COLUMNS
    columns = ", ".join(names)
    previous = ", ".join(f"lag({c}) OVER (ORDER BY {position}) AS p_{c}" for c in names)
    out_of_order = await conn.execute(
        text(
            f"SELECT count(*) FROM (SELECT {columns}, {previous} FROM {name}) AS pairs"
            f" WHERE p_{names[0]} IS NOT NULL"
            f" AND ({columns}) <= ({', '.join(f'p_{c}' for c in names)})"
        )
    )
    return bool(out_of_order.scalar_one() == 0)


async def differences(conn: AsyncConnection, name: str, served: str) -> int:
    """Rows of the new table not in the served one, and the other way round (PostgreSQL)."""
    counted = await conn.execute(
        text(
            f"SELECT (SELECT count(*) FROM (TABLE {name} EXCEPT ALL TABLE {served}) AS n)"
            f" + (SELECT count(*) FROM (TABLE {served} EXCEPT ALL TABLE {name}) AS s)"
        )
    )
    return int(counted.scalar_one())


async def one_round(url: str, check: bool, parallel: bool) -> str:
    served = Base.metadata.tables[TermGeneList.__tablename__]
    async with engine_scope(url) as engine, engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        transaction = await conn.begin()
        backend = None
        if postgres:
            backend = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            if not parallel:
                await conn.execute(text("SET LOCAL max_parallel_maintenance_workers = 0"))
        graph = await TermGraph.read(conn)
        species = await background_counts.spans(conn)
        clock = Clock(backend)
        if postgres:
            name = await next_table.create(conn, served)
            await term_gene_lists._write(conn, table(name), graph, species)
            written = clock.lap()
            workers = ParallelWorkers(backend) if parallel and backend else None
            if workers:
                workers.start()
            await next_table.add_keys(conn, served)
            keyed = clock.lap()
            helped = f", workers {sum(workers.stop().values()):.2f} s" if workers else ""
            ordered: object = await in_key_order(conn, name) if check else None
            if check:
                ordered = f"{ordered}, differences {await differences(conn, name, served.name)}"
            line = (
                f"_write loader {written[0]:.2f} s, backend {written[1]:.2f} s, wall"
                f" {written[2]:.2f} s; key loader {keyed[0]:.2f} s, backend {keyed[1]:.2f} s"
                f"{helped}, wall {keyed[2]:.2f} s"
            )
        else:
            await term_gene_lists.store(conn, graph, species)
            stored = clock.lap()
            ordered = await in_key_order(conn, served.name) if check else None
            line = f"store CPU {stored[0]:.2f} s, wall {stored[2]:.2f} s"
        counted = next_table.name_of(served) if postgres else served.name
        rows = (await conn.execute(text(f"SELECT count(*) FROM {counted}"))).scalar_one()
        await transaction.rollback()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{line}; rows {rows}; in key order {ordered}; loader peak RSS {peak:.0f} MB;"
        f" load average {load_average()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--check-order", action="store_true")
    parser.add_argument(
        "--parallel", action="store_true", help="build the key as the load does, with workers"
    )
    args = parser.parse_args()
    for _ in range(args.rounds):
        result = one_round(args.database_url, args.check_order, args.parallel)
        print(asyncio.run(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
