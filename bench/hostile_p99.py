"""Benchmark: normal queries' p99 latency while hostile traffic runs alongside (issue 6).

    .venv/bin/python bench/hostile_p99.py [--seconds 20] [--rounds 2] [--concurrency 4]
        [--hostile-concurrency 2] [--hostile-rate 0] [--slow-clients 50] [--database-url URL]

Starts `genegraph serve` (1 worker, response cache off, so every normal request is
computed) on the lab's kit database on PostgreSQL (bench/lab/datasets.py; loaded first if
missing) or on --database-url. Normal traffic is wrk (bench/wrk/post.lua) at
``--concurrency`` over a mix of the lab's gene card, search and term -> genes bodies.
Each round measures it quiet, then again while this process sends hostile requests
(the ``HOSTILE`` documents and bodies below, round robin, ``--hostile-concurrency`` at a
time, as fast as they are answered or at ``--hostile-rate`` a second) and holds
``--slow-clients`` connections that send their body a byte a second (re-opened when the
server drops them). The hostile traffic comes from another address (``--hostile-address``,
127.0.0.2) than the normal traffic (127.0.0.1), as from another client: the server's
client budget (genegraph.middleware.client_budget) is per client. It reports each
phase's p50/p99, the hostile requests sent and how each was answered, and the ratio of
the median hostile p99 to the median quiet p99 (target: at most 2).

Benchmarks report numbers; they assert nothing (the refusals themselves are tested in
tests/execution/test_hostile_queries.py, tests/execution/test_limits.py and
tests/middleware/test_slow_clients.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import datasets, loadgen, servers
from lab.paths import WORK
from lab.workloads import write_pools

JSON = {"content-type": "application/json"}
NORMAL_WORKLOADS = ("card", "search", "term_genes")


def _query(document: str) -> bytes:
    """A body of ``document``; ``{n}`` in it becomes a number unique to each request, so
    that the server's parse and validation caches do not answer a repeated document."""
    return json.dumps({"query": document + " # {n}"}).encode()


def _nested(levels: int) -> str:
    inner = "symbol"
    for _ in range(levels):
        inner = f"orthologs {{ gene {{ {inner} }} }}"
    return f'{{ gene(symbol: "IL2") {{ {inner} }} }}'


def _fragment_chain(length: int) -> str:
    chain = " ".join(f"fragment F{i} on Gene {{ ...F{i + 1} }}" for i in range(length - 1))
    return f'{{ gene(symbol: "IL2") {{ ...F0 }} }} {chain} fragment F{length - 1} on Gene {{ id }}'


# name: (body, headers). Each is refused before any SQL (see the module's docstring).
HOSTILE: dict[str, tuple[bytes, dict[str, str]]] = {
    "depth bomb": (_query(_nested(20)), JSON),
    "alias bomb": (_query("{ " + " ".join(f"a{i}: __typename" for i in range(1_500)) + " }"), JSON),
    "fragment cycle": (
        _query(
            '{ gene(symbol: "IL2") { ...A } } fragment A on Gene { id ...B } '
            "fragment B on Gene { symbol ...A }"
        ),
        JSON,
    ),
    "fragment chain": (_query(_fragment_chain(580)), JSON),
    "huge first": (_query('{ search(query: "IL", first: 1000000) { totalCount } }'), JSON),
    "giant document": (_query("{ __typename " + "# padding\n" * 6_000 + "}"), JSON),
    "many tokens": (_query("{ " + "__typename " * 6_000 + "}"), JSON),
    "many fields": (_query('{ gene(symbol: "IL2") { ' + "id " * 4_980 + "} }"), JSON),
    "batched array": (
        b"[" + b",".join([_query('{ gene(symbol: "IL2") { id } }')] * 1_000) + b"]",
        JSON,
    ),
    "large body": (
        json.dumps({"query": "{ __typename }", "variables": {"pad": "x" * 2_000_000}}).encode(),
        JSON,
    ),
    "deep JSON": (
        b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}",
        JSON,
    ),
    "not an object": (b'"{ __typename }"', JSON),
}


class HostileTraffic:
    """Hostile requests round robin, and slow clients, in a thread of their own."""

    def __init__(
        self, url: str, concurrency: int, rate: float, slow_clients: int, address: str
    ) -> None:
        self.url = url
        self.address = address
        self.concurrency = concurrency
        self.rate = rate  # hostile requests a second in all; 0: as fast as answered
        self.slow_clients = slow_clients
        self.answers: Counter[tuple[str, int]] = Counter()
        self.slow_answers: Counter[str] = Counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self.run()), daemon=True)

    def __enter__(self) -> HostileTraffic:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(60)

    async def run(self) -> None:
        transport = httpx.AsyncHTTPTransport(
            local_address=self.address, limits=httpx.Limits(max_connections=self.concurrency)
        )
        async with httpx.AsyncClient(timeout=60, transport=transport) as client:
            tasks = [asyncio.create_task(self.send(client, n)) for n in range(self.concurrency)]
            tasks += [asyncio.create_task(self.slow_client()) for _ in range(self.slow_clients)]
            await asyncio.to_thread(self.stop.wait)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def send(self, client: httpx.AsyncClient, start: int) -> None:
        names = list(HOSTILE)
        index = start
        interval = self.concurrency / self.rate if self.rate else 0.0
        next_at = time.monotonic()
        while True:
            if interval:
                next_at += interval
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            name = names[index % len(names)]
            index += 1
            body, headers = HOSTILE[name]
            body = body.replace(b"{n}", str(index).encode(), 1)
            try:
                response = await client.post(self.url, content=body, headers=headers)
                status = response.status_code
            except httpx.HTTPError:
                status = 0  # the connection was closed under the request
            self.answers[(name, status)] += 1

    async def slow_client(self) -> None:
        host, port = self.url.removeprefix("http://").split("/")[0].split(":")
        head = (
            b"POST /graphql HTTP/1.1\r\nHost: genegraph\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{"
        )
        while True:
            with contextlib.suppress(OSError):
                reader, writer = await asyncio.open_connection(
                    host, int(port), local_addr=(self.address, 0)
                )
                writer.write(head)
                try:
                    while not reader.at_eof():
                        with contextlib.suppress(TimeoutError):
                            answer = await asyncio.wait_for(reader.read(4096), 1.0)
                            if answer:
                                self.slow_answers[answer.split(b" ", 2)[1].decode()] += 1
                                break
                        writer.write(b"x")
                        await writer.drain()
                finally:
                    writer.close()
            await asyncio.sleep(0.1)


def normal_bodies(url: str) -> Path:
    pools = write_pools("kit", url)
    mixed = WORK / "bodies" / "hostile-p99-normal.jsonl"
    lines: list[str] = []
    for workload in NORMAL_WORKLOADS:
        lines += pools.path(workload, "genegraph").read_text().splitlines()
    mixed.write_text("\n".join(lines) + "\n")
    return mixed


def phase(server: Any, bodies: Path, args: argparse.Namespace, name: str) -> dict[str, Any]:
    cell = loadgen.measure(
        server=server,
        database=None,
        bodies=bodies,
        concurrency=args.concurrency,
        seconds=args.seconds,
        labels={
            "server": "genegraph",
            "backend": "postgresql",
            "dataset": "kit",
            "workers": 1,
            "cache": "off",
            "workload": name,
        },
    )
    row = cell.as_dict()
    print(
        f"  {name:8} {row['requests']:6} requests  p50 {row['p50_ms']:7.1f} ms  "
        f"p99 {row['p99_ms']:7.1f} ms  errors {row['errors']}  machine busy "
        f"{row['machine_busy']:.0%}",
        flush=True,
    )
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--hostile-concurrency", type=int, default=2)
    parser.add_argument(
        "--hostile-rate",
        type=float,
        default=0,
        help="hostile requests a second in all (default 0: each connection sends the next "
        "as soon as the last is answered, a flood)",
    )
    parser.add_argument("--slow-clients", type=int, default=50)
    parser.add_argument(
        "--hostile-address",
        default="127.0.0.2",
        help="the local address the hostile traffic is sent from (normal traffic: 127.0.0.1)",
    )
    parser.add_argument("--database-url", help="a loaded database (default: the lab's kit)")
    parser.add_argument("--port", type=int, default=servers.PORT + 7)
    args = parser.parse_args()

    url = args.database_url or datasets.ensure(datasets.dataset("kit"), "postgresql")
    bodies = normal_bodies(url)
    server = servers.genegraph(url, workers=1, cache="off", port=args.port)
    try:
        server.wait_idle()
        loadgen.wrk(server.url, bodies, args.concurrency, 3)  # warm-up, not measured
        quiet: list[dict[str, Any]] = []
        hostile: list[dict[str, Any]] = []
        answers: Counter[tuple[str, int]] = Counter()
        slow: Counter[str] = Counter()
        for number in range(1, args.rounds + 1):
            print(f"round {number}", flush=True)
            quiet.append(phase(server, bodies, args, "quiet"))
            with HostileTraffic(
                server.url,
                args.hostile_concurrency,
                args.hostile_rate,
                args.slow_clients,
                args.hostile_address,
            ) as load:
                time.sleep(2)  # the slow clients connected, the hostile requests flowing
                hostile.append(phase(server, bodies, args, "hostile"))
            answers += load.answers
            slow += load.slow_answers
        log_text = server.log.read_text(errors="replace")
    finally:
        server.stop()

    quiet_p99 = statistics.median(row["p99_ms"] for row in quiet)
    hostile_p99 = statistics.median(row["p99_ms"] for row in hostile)
    print("\nhostile requests sent (name: status x count):")
    for name in HOSTILE:
        statuses = {status: n for (kind, status), n in sorted(answers.items()) if kind == name}
        size = len(HOSTILE[name][0])
        print(f"  {name:16} {size:>10,} B  {statuses}")
    print(f"  slow clients answered: {dict(slow)} (status: count)")
    hostile_seconds = sum(row["seconds"] + 2 for row in hostile)
    print(
        f"  hostile requests in all: {sum(answers.values()):,} "
        f"(about {sum(answers.values()) / hostile_seconds:.1f} a second)"
    )
    tracebacks = log_text.count("Traceback (most recent call last)")
    print(f"server log: {tracebacks} tracebacks")
    print(
        f"\nnormal p99: quiet {quiet_p99:.1f} ms, under hostile traffic {hostile_p99:.1f} ms: "
        f"ratio {hostile_p99 / quiet_p99:.2f} (target <= 2); normal errors "
        f"{sum(r['errors'] for r in quiet + hostile)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
