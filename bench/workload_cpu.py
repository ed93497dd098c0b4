"""CPU per request of one workload in process, through the ASGI app: the figure to compare
two source trees by (the request path's own cost, without HTTP or a load generator).

    PYTHONPATH=TREE .venv/bin/python bench/workload_cpu.py WORKLOAD --url URL \\
        [--requests 300] [--warm-up 60] [--form post] [--profile FILE]

WORKLOAD is one of bench/lab/workloads.py's (card, search, term_genes, batch,
enrichment): its document, with variables drawn as the workload draws them (same seed),
sent one at a time to the app of the tree on PYTHONPATH (response cache off), in one
``--form``: a POST's JSON body (``post``), a GET's query string (``get``), or a persisted
query's hash without its text (``apq-post``, ``apq-get``; the document registered by one
request with both before the warm-up). Prints the
CPU per request of this thread (the app; on SQLite the database's work runs in
aiosqlite's thread and is counted apart), of the whole process, and on PostgreSQL of the
database's server processes (from /proc), and the median latency. Run two trees in
alternating rounds against the same database; ``--profile`` writes cProfile's statistics
of the measured requests (thread CPU; read with ``python -m pstats FILE``), ``--answers``
each answer of the pool, one a line, to compare two trees' (``cmp``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ["GENEGRAPH_RESPONSE_CACHE"] = "off"

from lab import procs
from lab.workloads import WORKLOADS, pool_variables

from genegraph.db.engine import create_engine
from genegraph.server.app import create_app

FORMS = ("post", "get", "apq-post", "apq-get")


async def _backends(engine: AsyncEngine) -> list[int]:
    """The PostgreSQL server processes serving this database (the pool's connections)."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        )
        return [int(pid) for pid in rows.scalars()]


async def measure(
    workload: str,
    url: str,
    requests: int,
    warm_up: int,
    profile: str | None = None,
    answers: list[str] | None = None,
    form: str = "post",
) -> dict[str, float]:
    """CPU per request (ms) of this thread, this process and the database server, and
    the median latency; ``answers``, when given, receives each answer of the pool."""
    pool = await pool_variables(workload, url)
    engine = create_engine(url)
    app = create_app(engine)
    transport = httpx.ASGITransport(app=app)
    postgres = engine.dialect.name == "postgresql"
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://genegraph.bench") as client,
    ):
        document = WORKLOADS[workload].genegraph
        digest = hashlib.sha256(document.encode()).hexdigest()
        hashed = {"persistedQuery": {"version": 1, "sha256Hash": digest}}

        async def send(i: int, query: str | None = None) -> str:
            variables = pool[i % len(pool)]
            sent: dict[str, Any] = {"query": document} if form in ("post", "get") else {}
            if form.startswith("apq"):
                sent["extensions"] = hashed
            if query is not None:
                sent["query"] = query
            if form.endswith("get"):
                params = {k: v if k == "query" else json.dumps(v) for k, v in sent.items()}
                params["variables"] = json.dumps(variables)
                response = await client.get("/graphql", params=params)
            else:
                response = await client.post("/graphql", json={**sent, "variables": variables})
            assert response.status_code == 200 and "errors" not in response.json(), response.text
            return response.text

        if form.startswith("apq"):
            await send(0, query=document)  # registers the document's hash

        if answers is not None:
            answers += [await send(i) for i in range(len(pool))]
        for i in range(warm_up):
            await send(i)
        pids = await _backends(engine) if postgres else []
        database_before = procs.cpu_seconds(pids)
        # Thread CPU, not wall time: on a shared machine waiting for a CPU is not cost.
        profiler = cProfile.Profile(time.thread_time) if profile else None
        latencies = []
        thread_started, process_started = time.thread_time(), time.process_time()
        if profiler is not None:
            profiler.enable()
        for i in range(warm_up, warm_up + requests):
            began = time.perf_counter()
            await send(i)
            latencies.append(time.perf_counter() - began)
        if profiler is not None:
            profiler.disable()
        thread = time.thread_time() - thread_started
        process = time.process_time() - process_started
        database = procs.cpu_used(database_before, procs.cpu_seconds(pids))
        if profiler is not None and profile:
            profiler.dump_stats(profile)
    await engine.dispose()
    per_request: dict[str, Any] = {
        "thread": thread / requests * 1e3,
        "process": process / requests * 1e3,
        "database": database / requests * 1e3,
        "p50": statistics.median(latencies) * 1e3,
    }
    return per_request


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("workload", choices=list(WORKLOADS))
    parser.add_argument("--url", required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warm-up", type=int, default=60)
    parser.add_argument("--form", choices=FORMS, default="post")
    parser.add_argument("--profile")
    parser.add_argument("--answers")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # the request log line per request
    answers: list[str] | None = [] if args.answers else None
    figures = asyncio.run(
        measure(
            args.workload, args.url, args.requests, args.warm_up, args.profile, answers, args.form
        )
    )
    if args.answers and answers is not None:
        Path(args.answers).write_text("".join(answer + "\n" for answer in answers))
    print(
        f"{args.workload} ({args.form}): {figures['thread']:.3f} ms CPU per request (thread), "
        f"{figures['process']:.3f} ms (process), database server {figures['database']:.3f} ms, "
        f"p50 {figures['p50']:.2f} ms"
    )
