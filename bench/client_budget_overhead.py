"""Benchmark: what the client budget (genegraph/middleware/client_budget.py) adds to a request.

    .venv/bin/python bench/client_budget_overhead.py [--requests 2000] [--rounds 3]
        [--redis-url redis://127.0.0.1:6379/0]

Sends `{ __typename }` (no SQL: the HTTP stack and the middlewares are most of it) to the
app in process, over a SQLite database seeded with data/il2.txt, with the budget off, with
its buckets in the process and with them in Redis, in alternating rounds, and reports the
CPU time per request (this process: the client's share included, the same in each case).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import httpx
import redis

from genegraph.db.engine import create_engine
from genegraph.db.ingest.release import Source, load
from genegraph.db.migrate import upgrade
from genegraph.server.app import create_app
from genegraph.settings import SEED_PAGE, CacheSettings, ServerSettings

QUERY = {"query": "{ __typename }"}


async def cpu_per_request(url: str, server: ServerSettings, requests: int) -> float:
    engine = create_engine(url)
    app = create_app(engine, server)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://genegraph.test") as client,
    ):
        for _ in range(200):  # warm-up
            await client.post("/graphql", json=QUERY)
        started = time.process_time()
        for _ in range(requests):
            response = await client.post("/graphql", json=QUERY)
        assert response.status_code == 200, response.text
        return (time.process_time() - started) / requests


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    logging.getLogger("genegraph.requests").disabled = True  # one log line per request

    folder = Path(tempfile.mkdtemp(prefix="budget-overhead-"))
    url = f"sqlite:///{folder / 'seed.sqlite'}"
    engine = create_engine(url)
    await upgrade(engine)
    await load(engine, [Source(SEED_PAGE)])
    await engine.dispose()

    prefix = f"budget-overhead-{uuid.uuid4().hex[:8]}:"
    caching = replace(CacheSettings(), response_cache=False)
    in_redis = replace(caching, redis_url=args.redis_url, redis_prefix=prefix)
    cases = {
        "budget off": ServerSettings(client_budget=None, caching=caching),
        "in-process buckets": ServerSettings(caching=caching),
        "Redis buckets": ServerSettings(caching=in_redis),
    }
    seconds: dict[str, list[float]] = {name: [] for name in cases}
    try:
        for _ in range(args.rounds):
            for name, server in cases.items():
                seconds[name].append(await cpu_per_request(url, server, args.requests))
    finally:
        keys = redis.Redis.from_url(args.redis_url)
        for key in keys.scan_iter(match=prefix + "*"):
            keys.delete(key)
        keys.close()
    for name, rounds in seconds.items():
        print(
            f"{name:20} CPU per request: median {statistics.median(rounds) * 1e6:.0f} µs "
            f"(rounds: {', '.join(f'{s * 1e6:.0f}' for s in rounds)})"
        )


if __name__ == "__main__":
    asyncio.run(main())
