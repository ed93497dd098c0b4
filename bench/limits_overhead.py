"""Benchmark: what the safety limits (genegraph/execution/limits/) add to a request.

    .venv/bin/python bench/limits_overhead.py [--requests 200] [--rounds 30]

Runs the IL2 gene card (GraphiQL's starting query) in process against a SQLite database
seeded with data/il2.txt, on the schema with its limits and on the same schema with only
the parse and validation caches, in alternating rounds: once with the DataLoaders answering
from memory (GraphQL's own time, where the limits' share shows) and once from SQLite. It
reports the CPU time of the fastest and the median round of each, and the limits' own
per-request steps timed alone. The
first request of a document also reads its shape, once (reported separately).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import strawberry
from graphql import parse
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.extensions import ParserCache, ValidationCache

from genegraph.db.engine import create_engine
from genegraph.db.ingest.release import Source, load
from genegraph.db.migrate import upgrade
from genegraph.execution.limits import DEFAULT_LIMITS
from genegraph.execution.limits.extensions import limit_extensions
from genegraph.execution.limits.query_shape import ShapeReader
from genegraph.resolvers.context import Context
from genegraph.schema.root import DOCUMENT_CACHE_SIZE, Query, schema
from genegraph.server.graphiql import EXAMPLE_QUERY
from genegraph.settings import SEED_PAGE


def unlimited() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        extensions=[
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        ],
    )


async def per_request(
    target: strawberry.Schema, engine: AsyncEngine, requests: int, *, shared: bool
) -> float:
    """CPU seconds per request (this process's, all threads: the machines are shared, so
    wall time mostly measures the neighbours). ``shared``: one Context for all requests,
    so after the first the DataLoaders answer from memory: GraphQL's time alone."""
    context = Context(engine)
    started = time.process_time()
    for _ in range(requests):
        result = await target.execute(
            EXAMPLE_QUERY, context_value=context if shared else Context(engine)
        )
        assert result.errors is None, result.errors
    return (time.process_time() - started) / requests


async def steps_alone(requests: int) -> dict[str, float]:
    """The limits' per-request work without execution: making the extensions, the
    shape look-up and cost evaluation, the timer."""
    factories = limit_extensions(DEFAULT_LIMITS)
    started = time.perf_counter()
    for _ in range(requests):
        for factory in factories:
            factory()
    make = (time.perf_counter() - started) / requests

    document = parse(EXAMPLE_QUERY)
    reader = ShapeReader(schema._schema)
    started = time.perf_counter()
    for _ in range(requests // 10):
        shapes = reader.read(document.definitions)
    first_read = (time.perf_counter() - started) / (requests // 10)
    started = time.perf_counter()
    for _ in range(requests):
        shapes[None].cost({})
    evaluate = (time.perf_counter() - started) / requests

    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    for _ in range(requests):
        loop.call_later(10.0, lambda: None).cancel()
    timer = (time.perf_counter() - started) / requests
    return {
        "make the 5 extensions": make,
        "evaluate the cost (cached plan)": evaluate,
        "start and stop the timer": timer,
        "read a new document's shape (once per document)": first_read,
    }


async def main(requests: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        await upgrade(engine)
        await load(engine, [Source(SEED_PAGE)])
        targets = {"with limits": schema, "without limits": unlimited()}
        for shared, title in ((True, "answers from memory"), (False, "answers from SQLite")):
            times: dict[str, list[float]] = {name: [] for name in targets}
            for target in targets.values():  # warm the caches
                await per_request(target, engine, 20, shared=shared)
            count = requests if shared else max(requests // 20, 1)
            for _ in range(rounds):  # alternate, so both see the same machine load
                for name, target in targets.items():
                    times[name].append(await per_request(target, engine, count, shared=shared))
            print(f"IL2 card, in process, {title}: {rounds} rounds of {count} requests")
            for name, samples in times.items():
                fastest, median = min(samples) * 1e6, statistics.median(samples) * 1e6
                print(f"  {name:15} fastest round {fastest:7.0f} us, median {median:7.0f} us")
            gap = min(times["with limits"]) - min(times["without limits"])
            print(f"  the limits add {gap * 1e6:+.0f} us per request (fastest rounds)")
        await engine.dispose()
    print("the limits' steps alone, per request:")
    for name, seconds in (await steps_alone(requests * 5)).items():
        print(f"  {name:50} {seconds * 1e6:6.1f} us")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.rounds))
