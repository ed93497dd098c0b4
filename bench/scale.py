"""The workloads by data size: genegraph on the kit and on synthetic data at 10x and 100x
its gene count (PostgreSQL, response cache off), the data sets in alternating rounds so
that a shared machine's changing load falls on all of them alike.

    .venv/bin/python bench/scale.py --datasets kit,x10,x100 --clients 1,32 --rounds 3 \\
        --seconds 7 --port 18401 [--workloads card,search,term_genes,batch,enrichment] \\
        [--tree /tmp/head]

One `genegraph serve --workers 1` per data set (ports --port, --port+1, ...), started one
after the other and each left until it and its PostgreSQL backends are idle (the enrichment
warm-up done; the seconds it took and the RSS it left are reported), then kept running.
Each round warms each server up for 2 s at 8 clients per workload, then measures each
workload at each concurrency with wrk (the lab's pools of that data set); the order of the
data sets turns each round. SQL statements per request are counted in process once per data
set and workload. Prints every cell, then
medians per data set and concurrency and their ratio to the first data set; writes all of
it to --out as JSON. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import datasets, loadgen, procs, servers, sqlcount
from lab.paths import REPO, WORK
from lab.workloads import WORKLOADS, write_pools


def _rss_mb(pids: list[int]) -> float:
    """The largest process's resident set now (VmRSS)."""
    return round(max(procs.status_mb(pids, "VmRSS").values(), default=0.0), 1)


def _start_all(
    args: argparse.Namespace, prepared: dict[str, tuple[datasets.Dataset, str, dict[str, Path]]]
) -> dict[str, tuple[procs.Server, dict[str, float]]]:
    """One server per data set, each on a port of its own, started one after the other and
    left to finish its start-up work (the enrichment warm-up) alone."""
    running: dict[str, tuple[procs.Server, dict[str, float]]] = {}
    for offset, (name, (data, url, _)) in enumerate(prepared.items()):
        started = time.monotonic()
        server = servers.genegraph(
            url,
            workers=1,
            cache="off",
            port=args.port + offset,
            tree=args.tree,
            name=f"scale-{name}",
        )
        answered = time.monotonic() - started
        server.wait_idle(data.pg_database, timeout=args.start_timeout)
        start_up = {
            "answered_seconds": round(answered, 1),
            "idle_seconds": round(time.monotonic() - started, 1),
            "start_peak_rss_mb": round(max(procs.peak_rss_mb(server.pids).values()), 1),
            "start_rss_mb": _rss_mb(server.pids),
        }
        running[name] = (server, start_up)
        print(f"started {name}: {start_up}", flush=True)
    return running


def _measure(
    args: argparse.Namespace,
    data: datasets.Dataset,
    server: procs.Server,
    workload: str,
    bodies: Path,
) -> list[dict[str, Any]]:
    loadgen.wrk(server.url, bodies, 8, 2)
    cells = []
    for clients in args.clients:
        cell = loadgen.measure(
            server=server,
            database=data.pg_database,
            bodies=bodies,
            concurrency=clients,
            seconds=args.seconds,
            labels={
                "server": "genegraph",
                "backend": "postgresql",
                "dataset": data.name,
                "workers": 1,
                "cache": "off",
                "workload": workload,
            },
        )
        cells.append({**cell.as_dict(), "rss_after_mb": _rss_mb(server.pids)})
        print(
            f"  {workload:<10} {data.name:<5} c={clients:<3} {cell.rps:7.1f} req/s "
            f"p50 {cell.p50_ms:7.1f} "
            f"p99 {cell.p99_ms:7.1f} ms err {cell.errors} cpu/req {cell.server_cpu_ms:.2f}"
            f"+db {cell.db_cpu_ms:.2f} ms peak RSS {cell.peak_rss_mb:.0f} MB "
            f"busy {cell.machine_busy:.0%}",
            flush=True,
        )
    return cells


def _median(cells: list[dict[str, Any]], key: str) -> float:
    return round(float(statistics.median(c[key] for c in cells)), 2)


def summarise(
    cells: list[dict[str, Any]], names: list[str], clients: list[int], workloads: list[str]
) -> list[str]:
    keys = ("rps", "p50_ms", "p99_ms", "server_cpu_ms", "db_cpu_ms", "peak_rss_mb")
    lines = []
    for workload, c in ((w, c) for w in workloads for c in clients):
        base: dict[str, float] = {}
        for name in names:
            mine = [
                x
                for x in cells
                if x["dataset"] == name and x["concurrency"] == c and x["workload"] == workload
            ]
            if not mine:
                continue
            medians = {k: _median(mine, k) for k in keys}
            base = base or medians
            ratio = " ".join(
                f"{k} x{medians[k] / base[k]:.2f}" for k in ("p50_ms", "p99_ms", "rps") if base[k]
            )
            lines.append(
                f"{workload:<10} {name:<5} c={c:<3} {medians['rps']:7.1f} req/s "
                f"p50 {medians['p50_ms']:7.1f} "
                f"p99 {medians['p99_ms']:7.1f} ms cpu/req {medians['server_cpu_ms']:.2f}"
                f"+db {medians['db_cpu_ms']:.2f} ms peak RSS {medians['peak_rss_mb']:.0f} MB "
                f"({len(mine)} rounds; vs {names[0]}: {ratio})"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--datasets", default="kit,x10,x100")
    parser.add_argument("--clients", default="1,32")
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=7)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--tree", type=Path, default=REPO, help="source tree to serve")
    parser.add_argument(
        "--start-timeout", type=float, default=1800, help="seconds to wait for an idle server"
    )
    parser.add_argument("--out", type=Path, default=WORK / "scale.json")
    args = parser.parse_args()
    args.clients = [int(c) for c in args.clients.split(",")]
    workloads = [w for w in args.workloads.split(",") if w]
    args.tree = args.tree.resolve()
    names = [n for n in args.datasets.split(",") if n]
    prepared = {}
    statements = {}
    for name in names:
        data = datasets.dataset(name)
        url = datasets.ensure(data, "postgresql")
        pools = write_pools(name, url)
        bodies = {w: pools.path(w, "genegraph") for w in workloads}
        prepared[name] = (data, url, bodies)
        for workload, path in bodies.items():
            sample = path.read_text().splitlines()[: 5 if workload == "enrichment" else 20]
            counted = sqlcount.in_process(url, sample)
            statements[f"{name}/{workload}"] = asdict(counted)
            print(f"statements per {workload} request on {name}: {counted}", flush=True)
    cells: list[dict[str, Any]] = []
    rounds = []
    running = _start_all(args, prepared)
    try:
        for round_ in range(args.rounds):
            load = Path("/proc/loadavg").read_text().strip()
            print(f"round {round_ + 1} (load average {load})", flush=True)
            rounds.append({"round": round_ + 1, "load_average": load})
            # Each round in another order, so no data set always follows the same one.
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                data, _, bodies = prepared[name]
                for workload, path in bodies.items():
                    cells.extend(_measure(args, data, running[name][0], workload, path))
    finally:
        for server, _ in running.values():
            server.stop()
    summary = summarise(cells, names, args.clients, workloads)
    print("medians:\n" + "\n".join(summary))
    args.out.write_text(
        json.dumps(
            {
                "command": " ".join(sys.argv),
                "tree": str(args.tree),
                "rounds": rounds,
                "statements": statements,
                "start_up": {name: start_up for name, (_, start_up) in running.items()},
                "cells": cells,
                "summary": summary,
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
