"""CPU per response-cache hit in process, called as uvicorn calls the app (one ASGI call
per request, no HTTP client in between), beside the bare endpoint (bench/peers/bare_app.py's
handler: one dictionary look-up) in the same process: the hit path's own cost and its ratio
to the stack's limit (issue #17: a hit should cost little more than HTTP itself).

    PYTHONPATH=TREE .venv/bin/python bench/hit_cpu.py DATABASE_URL [--requests 3000]
        [--rounds 5] [--profile FILE]

Each card of a pool of 50 is sent once to fill the cache, then every request is a hit.
Prints the thread CPU per request (ms) of the hit and of the bare endpoint, alternating
rounds, and their medians and ratio; ``--profile`` writes cProfile's statistics of one
round of hits (read with ``python -m pstats FILE``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import statistics
import time

import orjson
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

os.environ["GENEGRAPH_RESPONSE_CACHE"] = "on"

from lab.asgi import App, call

from genegraph.db.engine import create_engine
from genegraph.server.app import create_app

CARD = """query Card($id: ID!) {
  gene(id: $id) { id symbol name species { scientificName }
    goTerms(category: BIOLOGICAL_PROCESS) { id name }
    orthologs(taxa: [10090, 10116]) { gene { id symbol species { scientificName }
      goTerms(category: BIOLOGICAL_PROCESS) { id name } } } } }"""
POOL = 50


def bare_app(answers: dict[bytes, bytes]) -> Starlette:
    async def graphql(request: Request) -> Response:
        return Response(answers[await request.body()], media_type="application/json")

    return Starlette(routes=[Route("/graphql", graphql, methods=["GET", "POST"])])


async def gene_ids(url: str) -> list[str]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT gene_id FROM genes WHERE taxon_id = 9606 AND gene_id IS NOT NULL"
                f" ORDER BY gene_id LIMIT {POOL}"
            )
        )
        found = [f"NCBIGene:{row[0]}" for row in rows]
    await engine.dispose()
    return found


async def rounds_of(url: str, requests: int, rounds: int, profile: str | None) -> None:
    bodies = [
        orjson.dumps({"query": CARD, "variables": {"id": gene}}) for gene in await gene_ids(url)
    ]
    engine = create_engine(url)
    app = create_app(engine)
    async with app.router.lifespan_context(app):
        assert app.state.caching.releases.current() is not None, "no release read"
        answers = {}
        for body in bodies:  # fill the cache; these are the bare endpoint's answers too
            status, answer = await call(app, body)
            assert status == 200 and b'"errors"' not in answer, answer
            answers[body] = answer
        bare = bare_app(answers)
        for body in bodies:  # every one a hit now, with the same bytes
            assert await call(app, body) == (200, answers[body])

        async def per_request(target: App, profiler: cProfile.Profile | None = None) -> float:
            if profiler:
                profiler.enable()
            started = time.thread_time()
            for i in range(requests):
                await call(target, bodies[i % len(bodies)])
            spent = time.thread_time() - started
            if profiler:
                profiler.disable()
            return spent / requests * 1000

        await per_request(app)  # warm-up
        await per_request(bare)
        hits, bares = [], []
        for _ in range(rounds):
            hits.append(await per_request(app))
            bares.append(await per_request(bare))
            print(f"hit {hits[-1]:.4f} ms  bare {bares[-1]:.4f} ms", flush=True)
        if profile:
            profiler = cProfile.Profile()
            await per_request(app, profiler)
            profiler.dump_stats(profile)
    await engine.dispose()
    hit, bare_ms = statistics.median(hits), statistics.median(bares)
    print(
        f"median: hit {hit:.4f} ms, bare {bare_ms:.4f} ms CPU per request; "
        f"bare/hit = {bare_ms / hit:.2f} (load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="SQLAlchemy URL of a loaded database")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile")
    options = parser.parse_args()
    logging.disable(logging.INFO)  # the request log line per request
    asyncio.run(rounds_of(options.url, options.requests, options.rounds, options.profile))
