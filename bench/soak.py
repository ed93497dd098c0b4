"""Soak: mixed load on PostgreSQL against `genegraph serve --workers 2` for a long time,
checking that nothing leaks (issue 6).

    make soak                      # 10 minutes on the lab's kit database (PostgreSQL)
    .venv/bin/python bench/soak.py [--minutes 10] [--workers 2] [--concurrency 8]
        [--database-url URL] [--bodies FILE] [--warmup 60] [--json OUT]

The server runs with its response cache off, so every request is computed and reaches the
database. The load is wrk (bench/wrk/post.lua, niced) over a mix of the lab's five
workloads (gene card, search, term -> genes, batch of 100 genes, enrichment), or the bodies
of ``--bodies``, in one-minute segments. After ``--warmup`` seconds of the same load (pools
filled, caches and allocators warmed) and again at the end, with the load stopped and
idle connections closed, it takes a snapshot: each worker's resident memory (RSS) and open
file descriptors, and PostgreSQL's connections to the database. The server's request log
gives every answer's status.

Targets (exit status 1 if one is missed): no 5xx answer and no socket error; each worker's
RSS grew by less than 10 %; no worker holds more file descriptors besides its pool's
connections at the end than at the start, nor more connections to PostgreSQL than its
pool holds (10). A burst of 16 clients per worker ends the warm-up, so that each worker's
pool is usually full at the start; on a busy machine the niced load generator may not keep
10 requests in flight at a worker, whose pool then fills later, which is no leak.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from genegraph.server.app import SERVER_POOL

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import datasets, loadgen, procs, servers
from lab.paths import WORK
from lab.workloads import WORKLOADS, write_pools

SEGMENT_SECONDS = 60.0
MEMORY_GROWTH_TARGET = 0.10
POOL_SIZE: int = SERVER_POOL["pool_size"]


@dataclass
class Snapshot:
    """The server's workers and the database's connections at one moment, idle."""

    rss_mb: dict[int, float]
    open_fds: dict[int, int]
    pg_sockets: dict[int, int]
    """Each worker's TCP connections to PostgreSQL's port: its pool's connections."""
    pg_connections: int
    """pg_stat_activity's count for the database: other clients of it included."""


def workers(server: procs.Server) -> list[int]:
    """The uvicorn worker processes: those of the server's tree that hold the app
    (multiprocessing's spawned children; the tree's root only supervises)."""
    pids = []
    for pid in server.pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.spawn" in command and b"resource_tracker" not in command:
            pids.append(pid)
    return pids or server.pids[:1]


def sockets_to(pid: int, port: int) -> int:
    """The process's open TCP connections to ``port`` (its fds matched to /proc/net/tcp)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = 0
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if remote_port == port and fields[9] in inodes:
                found += 1
    return found


def rss_mb(pid: int) -> float:
    """The process's resident set now; a KeyError if it has gone (a soak must see it)."""
    return procs.status_mb([pid], "VmRSS")[pid]


async def pg_connections(url: str) -> int:
    target = make_url(url)
    dsn = target.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    conn = await asyncpg.connect(dsn)
    try:
        count: int = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", target.database
        )
        return count
    finally:
        await conn.close()


def snapshot(server: procs.Server, url: str) -> Snapshot:
    # Idle first: uvicorn closes kept-alive connections after 5 s.
    time.sleep(7)
    pids = workers(server)
    return Snapshot(
        rss_mb={pid: round(rss_mb(pid), 1) for pid in pids},
        open_fds={pid: len(os.listdir(f"/proc/{pid}/fd")) for pid in pids},
        pg_sockets={pid: sockets_to(pid, make_url(url).port or 5432) for pid in pids},
        pg_connections=asyncio.run(pg_connections(url)) if url.startswith("postgres") else 0,
    )


def statuses(log: Path) -> Counter[int]:
    """Answers by HTTP status, from the server's JSON request log."""
    counted: Counter[int] = Counter()
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("{") and '"event":"request"' in line:
            counted[int(json.loads(line)["status"])] += 1
    return counted


def mixed_bodies(url: str) -> Path:
    pools = write_pools("kit", url)
    lines: list[str] = []
    for workload in WORKLOADS:
        lines += pools.path(workload, "genegraph").read_text().splitlines()
    mixed = WORK / "bodies" / "soak-mixed.jsonl"
    mixed.write_text("\n".join(lines) + "\n")
    return mixed


def run_load(server: procs.Server, bodies: Path, concurrency: int, seconds: float) -> Counter[str]:
    """wrk in segments of at most a minute; its requests and failures added up."""
    totals: Counter[str] = Counter()
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0.5:
        result, _ = loadgen.wrk(server.url, bodies, concurrency, min(SEGMENT_SECONDS, left))
        totals["requests"] += int(result["requests"])
        totals["failed_responses"] += int(result["failed_responses"])
        totals["socket_errors"] += sum(result["socket_errors"].values())
        print(
            f"  {time.strftime('%H:%M:%S')}  {result['requests']:6} requests  p99 "
            f"{result['latency_us']['p99'] / 1000:7.1f} ms  failed {result['failed_responses']}"
            f"  RSS {[round(rss_mb(pid)) for pid in workers(server)]} MB",
            flush=True,
        )
    return totals


def verdict(start: Snapshot, end: Snapshot, answers: Counter[int], load: Counter[str]) -> list[str]:
    """The targets missed, each in words."""
    missed = []
    server_errors = sum(n for status, n in answers.items() if status >= 500)
    if server_errors:
        missed.append(f"{server_errors} answers with a 5xx status")
    if load["socket_errors"]:
        missed.append(f"{load['socket_errors']} socket errors")
    for pid, before in start.rss_mb.items():
        after = end.rss_mb.get(pid)
        if after is None:
            missed.append(f"worker {pid} is gone")
            continue
        if after > before * (1 + MEMORY_GROWTH_TARGET):
            missed.append(f"worker {pid}: RSS {before} -> {after} MB (over 10 %)")
        others_before = start.open_fds[pid] - start.pg_sockets[pid]
        others_after = end.open_fds[pid] - end.pg_sockets[pid]
        if others_after > others_before:
            missed.append(
                f"worker {pid}: open fds besides the pool's {others_before} -> {others_after}"
            )
        if end.pg_sockets[pid] > max(start.pg_sockets[pid], POOL_SIZE):
            missed.append(
                f"worker {pid}: PostgreSQL connections {start.pg_sockets[pid]} -> "
                f"{end.pg_sockets[pid]}, over the pool's {POOL_SIZE}"
            )
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=60, help="seconds, before the start")
    parser.add_argument("--database-url", help="a loaded database (default: the lab's kit)")
    parser.add_argument("--bodies", type=Path, help="request bodies, one JSON per line")
    parser.add_argument("--port", type=int, default=servers.PORT + 8)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    url = args.database_url or datasets.ensure(datasets.dataset("kit"), "postgresql")
    bodies = args.bodies or mixed_bodies(url)
    server = servers.genegraph(url, workers=args.workers, cache="off", port=args.port)
    os.nice(10)  # the load generator (started from here) yields to the server and others
    started = time.monotonic()
    try:
        print(f"soak: {len(workers(server))} workers; warm-up {args.warmup:g} s", flush=True)
        warmup = run_load(server, bodies, args.concurrency, args.warmup)
        # A burst of more clients than the pools hold (10 a worker): each pool opens all
        # its connections now, so the start counts them all and a leak shows as more.
        warmup += run_load(server, bodies, 16 * args.workers, max(5.0, args.warmup / 6))
        start = snapshot(server, url)
        print(f"soak: start {start}", flush=True)
        load = run_load(server, bodies, args.concurrency, args.minutes * 60)
        end = snapshot(server, url)
        print(f"soak: end   {end}", flush=True)
    finally:
        server.stop()
    answers = statuses(server.log)
    tracebacks = server.log.read_text(errors="replace").count("Traceback (most recent")
    missed = verdict(start, end, answers, load + warmup)
    figures: dict[str, Any] = {
        "minutes": args.minutes,
        "workers": args.workers,
        "concurrency": args.concurrency,
        "wall_seconds": round(time.monotonic() - started),
        "requests_measured": load["requests"],
        "requests_with_warmup": load["requests"] + warmup["requests"],
        "failed_responses": load["failed_responses"] + warmup["failed_responses"],
        "socket_errors": load["socket_errors"] + warmup["socket_errors"],
        "statuses": dict(answers),
        "tracebacks_in_log": tracebacks,
        "start": asdict(start),
        "end": asdict(end),
        "missed": missed,
    }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    print("soak: " + ("all targets met" if not missed else "MISSED: " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
