"""Benchmark: the end-of-load index builds of a first PostgreSQL load, one by one, on a
database a load has filled (e.g. `bench/load_phases.py --dir bench/.data/synth-x10 --keep
NAME`). Each build is timed as the load runs it: in a transaction that drops the index
and creates it again from the catalogue's definition (as store/deferred_indexes.py does),
then rolled back, so the database is left as it was. Per build and setting: the wall,
the CPU of the build's backend and of its parallel workers (polled from /proc every
20 ms: a few ms may be missed), the workers launched, and PostgreSQL's own sort trace
(`trace_sort`): memory used in memory, or the disk blocks of an external sort.

    .venv/bin/python bench/index_builds.py --database NAME [--settings 256MB:2 1GB:1 ...]
        [--rounds 2] [--indexes ix_a ix_b]

A setting is `maintenance_work_mem:max_parallel_maintenance_workers`; the settings are
run in turn within each round (alternating, so the machine's other work falls on all).
It asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import time
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab.procs import ParallelWorkers, cpu_seconds, load_average

from genegraph.db.ingest.store.deferred_indexes import TABLES


async def definitions(conn: asyncpg.Connection, chosen: list[str]) -> list[tuple[str, str, str]]:
    """(name, how to drop it, definition) of the deferred indexes, or of those named (a
    key's index too: dropped as its constraint)."""
    rows = await conn.fetch(
        "SELECT i.relname, c.relname AS tab, pg_get_indexdef(x.indexrelid),"
        " x.indisunique, k.conname FROM pg_index AS x"
        " JOIN pg_class AS i ON i.oid = x.indexrelid JOIN pg_class AS c ON c.oid = x.indrelid"
        " LEFT JOIN pg_constraint AS k ON k.conindid = x.indexrelid"
        " WHERE c.relnamespace = current_schema()::regnamespace ORDER BY c.relname, i.relname"
    )
    found = []
    for name, table, definition, unique, constraint in rows:
        wanted = name in chosen if chosen else not unique and table in TABLES
        if not wanted:
            continue
        drop = (
            f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"'
            if constraint
            else f'DROP INDEX "{name}"'
        )
        found.append((name, drop, definition))
    return found


async def one_build(
    conn: asyncpg.Connection, pid: int, drop: str, definition: str, memory: str, workers: int
) -> dict[str, object]:
    trace: list[str] = []

    def listen(_: object, message: object) -> None:
        trace.append(str(getattr(message, "message", message)))

    conn.add_log_listener(listen)
    try:
        async with conn.transaction():
            await conn.execute(f"SET LOCAL maintenance_work_mem = '{memory}'")
            await conn.execute(f"SET LOCAL max_parallel_maintenance_workers = {workers}")
            await conn.execute(drop)
            await conn.execute("SET LOCAL trace_sort = on")
            await conn.execute("SET LOCAL client_min_messages = log")
            poll = ParallelWorkers(pid)
            poll.start()
            cpu_before = cpu_seconds([pid]).get(pid, 0.0)
            started = time.perf_counter()
            await conn.execute(definition)
            wall = time.perf_counter() - started
            cpu = cpu_seconds([pid]).get(pid, 0.0) - cpu_before
            seen = poll.stop()
            await conn.execute("SET LOCAL client_min_messages = notice")
            raise _Rollback
    except _Rollback:
        pass
    finally:
        conn.remove_log_listener(listen)
    return {
        "wall": wall,
        "cpu": cpu,
        "worker_cpu": sum(seen.values()),
        "workers": len(seen),
        "sort": _sort_summary(trace),
    }


class _Rollback(Exception):
    """Leaves the build's transaction without committing it."""


def _sort_summary(trace: list[str]) -> str:
    """The sorts' endings: 'internal NkB' or 'external N blocks' per participant."""
    parts = []
    for line in trace:
        ended = re.search(r"(internal|external) sort (?:of worker \S+ )?ended, (\d+)", line)
        if ended and ended.group(1) == "internal":
            parts.append(f"mem {int(ended.group(2)) / 1024:.0f}MB")
        elif ended:
            parts.append(f"disk {int(ended.group(2)) * 8 / 1024:.0f}MB")
    return ", ".join(parts) or "-"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--host", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--settings", nargs="+", default=["256MB:2"])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--indexes", nargs="*", default=[])
    args = parser.parse_args()
    conn = await asyncpg.connect(f"{args.host}/{args.database}")
    pid = await conn.fetchval("SELECT pg_backend_pid()")
    builds = await definitions(conn, args.indexes)
    print(f"{args.database}, load average at the start: {load_average()}\n")
    results: dict[tuple[str, str], list[dict[str, object]]] = {}
    for _ in range(args.rounds):
        for name, drop, definition in builds:
            for setting in args.settings:
                memory, workers = setting.split(":")
                figures = await one_build(conn, pid, drop, definition, memory, int(workers))
                results.setdefault((name, setting), []).append(figures)
    await conn.close()
    print("| index | setting | wall s | leader CPU s | workers' CPU s | workers | sorts |")
    print("|---|---|---|---|---|---|---|")
    for (name, setting), runs in results.items():

        def median(key: str, runs: list[dict[str, object]] = runs) -> float:
            return statistics.median(float(r[key]) for r in runs)  # type: ignore[arg-type]

        walls = ", ".join(f"{float(r['wall']):.2f}" for r in runs)  # type: ignore[arg-type]
        print(
            f"| {name} | {setting} | {median('wall'):.2f} ({walls}) | {median('cpu'):.2f} "
            f"| {median('worker_cpu'):.2f} | {runs[-1]['workers']} | {runs[-1]['sort']} |"
        )
    print(f"\nload average at the end: {load_average()}")


if __name__ == "__main__":
    asyncio.run(main())
