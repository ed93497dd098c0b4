"""Response-cache hits over HTTP: `genegraph serve --workers 1` with the response cache on,
from one or more source trees, and the bare endpoint (bench/peers/bare_app.py) answering the
same bodies, measured with wrk (bench/wrk/post.lua) in alternating rounds.

    /work/main/.venv/bin/python bench/hit_wrk.py TREE [TREE ...] [--clients 32]
        [--rounds 3] [--seconds 6] [--workdir /tmp/hit_wrk]

On the kit in PostgreSQL (read only). The card pool's bodies are sent once to fill each
server's cache, so every measured request is a hit. Prints, per server and round, req/s,
p50/p99 and the server's CPU per request (from /proc), then the medians and each tree's
ratio to the bare endpoint's req/s, with the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import client, datasets, loadgen, procs
from lab.workloads import WORKLOADS, _draw_values, body

HOST = "127.0.0.1"
FIRST_PORT = 8751
VENV_BIN = Path(sys.executable).parent


def card_bodies(url: str, folder: Path) -> Path:
    card = WORKLOADS["card"]
    rng = random.Random("5-card")
    drawn = asyncio.run(_draw_values(url))
    path = folder / "card.jsonl"
    lines = [body(card.genegraph, card.draw(drawn, rng)[0]) for _ in range(card.pool_size)]
    path.write_text("".join(line + "\n" for line in lines))
    return path


def serve(tree: Path, url: str, port: int, log: Path) -> procs.Server:
    command = [str(VENV_BIN / "python"), "-m", "genegraph.cli", "serve", "--host", HOST]
    command += ["--port", str(port), "--workers", "1", "--database-url", url, "--no-seed"]
    return procs.start(
        f"genegraph-{port}",
        command,
        url=f"http://{HOST}:{port}/graphql",
        ready=f"http://{HOST}:{port}/healthz",
        log=log,
        env={"GENEGRAPH_RESPONSE_CACHE": "on", "PYTHONPATH": str(tree)},
        cwd=tree,
    )


def bare(answers: Path, port: int, log: Path) -> procs.Server:
    command = [str(VENV_BIN / "uvicorn"), "bare_app:app", "--app-dir"]
    command += [str(Path(__file__).resolve().parent / "peers"), "--host", HOST]
    command += ["--port", str(port), "--log-level", "info"]
    return procs.start(
        "bare",
        command,
        url=f"http://{HOST}:{port}/graphql",
        ready=f"http://{HOST}:{port}/graphql",
        log=log,
        env={"BENCH_BARE_ANSWERS": str(answers)},
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/hit_wrk"))
    args = parser.parse_args()
    kit = datasets.dataset("kit")
    url = kit.url("postgresql")  # built by the lead; read only
    args.workdir.mkdir(parents=True, exist_ok=True)
    bodies = card_bodies(url, args.workdir)
    lines = bodies.read_text().splitlines()
    servers: dict[str, procs.Server] = {}
    try:
        for i, tree in enumerate(args.trees):
            name = f"hit:{tree}"
            servers[name] = serve(tree.resolve(), url, FIRST_PORT + i, args.workdir / f"{i}.log")
            answers = {b: a.decode() for b, a in client.post_all(servers[name].url, lines)}
            for _ in client.post_all(servers[name].url, lines):  # every body a hit now
                pass
        answers_path = args.workdir / "answers.json"
        answers_path.write_text(json.dumps(answers))
        servers["bare"] = bare(answers_path, FIRST_PORT + 20, args.workdir / "bare.log")
        rps: dict[str, list[float]] = {name: [] for name in servers}
        cpu: dict[str, list[float]] = {name: [] for name in servers}
        for round_ in range(args.rounds):
            for name, server in servers.items():
                cell = loadgen.measure(
                    server=server,
                    database=None,
                    bodies=bodies,
                    concurrency=args.clients,
                    seconds=args.seconds,
                    labels={
                        "server": name,
                        "backend": "postgresql",
                        "dataset": "kit",
                        "workers": 1,
                        "cache": "on",
                        "workload": "card",
                    },
                )
                rps[name].append(cell.rps)
                cpu[name].append(cell.server_cpu_ms)
                print(
                    f"round {round_} {name}: {cell.rps:.0f} req/s p50 {cell.p50_ms:.2f} "
                    f"p99 {cell.p99_ms:.2f} ms cpu/req {cell.server_cpu_ms:.3f} ms "
                    f"errors {cell.errors}",
                    flush=True,
                )
    finally:
        for server in servers.values():
            server.stop()
    bare_rps = statistics.median(rps["bare"])
    for name in servers:
        median = statistics.median(rps[name])
        print(
            f"median {name}: {median:.0f} req/s, cpu/req {statistics.median(cpu[name]):.3f} ms,"
            f" ratio to bare {median / bare_rps:.2f}"
        )
    print(f"load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
