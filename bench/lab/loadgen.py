"""Load generation with wrk (bench/wrk/post.lua POSTs the request bodies of a pool), and
what a measured run cost the server, its database and the machine."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lab import procs
from lab.paths import WRK_SCRIPT


@dataclass
class Cell:
    """One measured run: a server, a workload, a concurrency."""

    server: str  # genegraph, postgraphile, bare
    backend: str  # postgresql, sqlite, memory
    dataset: str  # kit, x10, x100
    workers: int
    cache: str  # off, on, n/a
    workload: str
    concurrency: int
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int  # non-200 answers, GraphQL errors, socket errors and timeouts
    server_cpu: float  # cores used on average: CPU seconds / wall seconds
    db_cpu: float
    # CPU milliseconds per answered request, user + system: what a request costs, which a
    # busy machine changes much less than it changes latency and throughput.
    server_cpu_ms: float
    db_cpu_ms: float
    client_cpu: float
    machine_busy: float  # share of both cores busy, whoever used them
    peak_rss_mb: float  # the largest process of the server
    kb_per_response: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def wrk(url: str, bodies: Path, concurrency: int, seconds: float) -> tuple[dict[str, Any], float]:
    """Run wrk with one thread (the server needs the cores more) and return its results
    and its own CPU seconds."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "-s",
            str(WRK_SCRIPT),
            url,
        ]
        env = {**os.environ, "BENCH_BODIES": str(bodies), "BENCH_OUT": out.name}
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        assert process.stdout is not None
        output = process.stdout.read()
        # wait4, not wait: it also gives the child's CPU time.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise RuntimeError(f"wrk failed ({process.returncode}): {output.decode()[-2000:]}")
        result: dict[str, Any] = json.loads(Path(out.name).read_text())
    cpu = usage.ru_utime + usage.ru_stime
    return result, cpu


def measure(
    *,
    server: procs.Server,
    database: str | None,
    bodies: Path,
    concurrency: int,
    seconds: float,
    labels: dict[str, Any],
) -> Cell:
    pids = server.pids
    procs.reset_peak_rss(pids)
    db_pids = procs.postgres_backends(database) if database else []
    cpu_before = procs.cpu_seconds(pids)
    db_before = procs.cpu_seconds(db_pids)
    busy_before, total_before = procs.machine_busy()
    started = time.monotonic()
    result, client_cpu = wrk(server.url, bodies, concurrency, seconds)
    wall = time.monotonic() - started
    pids = server.pids
    cpu_after = procs.cpu_seconds(pids)
    db_after = procs.cpu_seconds(procs.postgres_backends(database) if database else [])
    busy_after, total_after = procs.machine_busy()
    peaks = procs.peak_rss_mb(pids)
    server_cpu = procs.cpu_used(cpu_before, cpu_after)
    db_cpu = procs.cpu_used(db_before, db_after)
    latency = result["latency_us"]
    sockets = sum(result["socket_errors"].values())
    duration = result["duration_us"] / 1e6
    requests = int(result["requests"])
    return Cell(
        **labels,
        concurrency=concurrency,
        seconds=round(duration, 2),
        requests=requests,
        rps=round(requests / duration, 1),
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        errors=int(result["failed_responses"]) + sockets,
        server_cpu=round(server_cpu / wall, 2),
        db_cpu=round(db_cpu / wall, 2),
        server_cpu_ms=round(server_cpu * 1000 / max(1, requests), 2),
        db_cpu_ms=round(db_cpu * 1000 / max(1, requests), 2),
        client_cpu=round(client_cpu / wall, 2),
        machine_busy=round((busy_after - busy_before) / max(1.0, total_after - total_before), 2),
        peak_rss_mb=round(max(peaks.values(), default=0.0), 1),
        kb_per_response=round(result["bytes"] / max(1, requests) / 1024, 2),
    )
