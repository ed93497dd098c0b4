"""The ASGI application: the web app at /, GraphQL (with GraphiQL) at /graphql, files at
/download/annotations, health at /healthz, metrics at /metrics; the middleware around them."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from genegraph import heap, settings
from genegraph.caching.redis import SharedRedis
from genegraph.db.engine import create_engine
from genegraph.db.fair_pool import FairPool
from genegraph.middleware.body import BodyGuard
from genegraph.middleware.buckets import Buckets, MemoryBuckets, RedisBuckets
from genegraph.middleware.client_budget import ClientBudget
from genegraph.middleware.rate_limit import RateLimiter
from genegraph.middleware.rates import RateLimit
from genegraph.observability.metrics import MetricsApp, process_exited
from genegraph.observability.request_log import RequestObserver, configure_request_log
from genegraph.observability.sql import forget_engine, observe_engine
from genegraph.resolvers import enrichment_counts, release_terms
from genegraph.server import web_app
from genegraph.server.database_outage import is_outage
from genegraph.server.download import download_route
from genegraph.server.fast_lane import FastLane
from genegraph.server.planned_lane import PlannedLane
from genegraph.server.view import GraphQLView

STATIC = Path(__file__).parent.parent / "static"
log = logging.getLogger("genegraph.server")


def create_app(
    engine: AsyncEngine,
    server: settings.ServerSettings | None = None,
    *,
    settle_heap: bool = False,
    warm_caches: bool = False,
) -> Starlette:
    """The app over an engine whose database is already migrated; limits, CORS and
    introspection from ``server``, else from the environment. ``settle_heap``: freeze
    the heap once started (genegraph.heap), for a server process that holds one app for
    its lifetime; not for a process that makes many apps, as the tests do.
    ``warm_caches``: read what the first requests would otherwise wait for (the
    enrichment's ontology graph) before the process takes requests."""
    server = settings.server_settings() if server is None else server

    async def healthz(request: Request) -> Response:
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as error:  # any database failure means "not ready"
            return JSONResponse({"status": "unavailable", "error": type(error).__name__}, 503)
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await graphql.caching.start()
        if warm_caches:
            await _warm(engine)
        if settle_heap:
            heap.settle()
        yield
        await graphql.caching.close()
        for kept in (buckets, budget_buckets, redis):
            if kept is not None:
                await kept.close()
        forget_engine(engine)
        process_exited()
        await engine.dispose()

    configure_request_log()
    observe_engine(engine)
    # One client and one failure back-off for the caches and the buckets.
    redis = SharedRedis(server.caching.redis_url) if server.caching.redis_url else None
    graphql = GraphQLView(engine, server, redis)
    planned = planned_lane(graphql)
    rate_limit, budget = server.rate_limit, server.client_budget
    buckets = client_buckets(server, rate_limit, redis, "rate:") if rate_limit else None
    budget_buckets = client_buckets(server, budget, redis, "budget:") if budget else None
    cors = Middleware(
        CORSMiddleware,
        allow_origins=list(server.cors_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["content-type", "accept"],
        max_age=600,
    )
    layers = [  # outermost first
        # Every answer, refusals included, is logged and counted.
        Middleware(RequestObserver),
        # Refusals (413, 429) carry the CORS headers too.
        cors if server.cors_origins else None,
        # Both before the body is read; the budget outside the body's limits, whose
        # refusals it charges.
        Middleware(RateLimiter, limit=rate_limit, buckets=buckets)
        if rate_limit and buckets
        else None,
        Middleware(ClientBudget, budget=budget, buckets=budget_buckets)
        if budget and budget_buckets
        else None,
        Middleware(
            BodyGuard, max_bytes=server.max_body_bytes, seconds=server.client_timeout_seconds
        ),
        # Innermost: a response-cache hit for a body the view has keyed, or a document
        # planned before, is answered here, inside every limit and the request log,
        # before routing and Strawberry.
        Middleware(FastLane, caching=graphql.caching, planned=planned)
        if graphql.caching.hits is not None or planned is not None
        else None,
    ]
    app = Starlette(
        routes=[
            *web_app.routes(),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            download_route(engine, server),
            Route("/healthz", healthz),
            Route("/metrics", MetricsApp(), methods=["GET", "HEAD"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[layer for layer in layers if layer is not None],
        lifespan=lifespan,
    )
    app.state.caching = graphql.caching
    return app


def planned_lane(view: GraphQLView) -> PlannedLane | None:
    """The planned lane (genegraph.server.planned_lane), unless the schema plans nothing
    or an allow-list limits the documents (the remembered documents are the schema's,
    which apps with other allow-lists may share)."""
    documents = view.planned_documents
    if documents is None or view.caching.persisted.allowlist is not None:
        return None
    return PlannedLane(view, documents)


async def _warm(engine: AsyncEngine) -> None:
    try:
        await enrichment_counts.read_served_graph(engine)
        await release_terms.read_served_terms(engine)
    except Exception as error:
        # A database down at start-up is not the server's failure: it answers 503 until
        # the database is back (database_outage.py), and the graph is read on first use.
        if not is_outage(error):
            raise
        log.warning("the database is unavailable at start-up: caches are not warmed")


def client_buckets(
    server: settings.ServerSettings, limit: RateLimit, redis: SharedRedis | None, prefix: str
) -> Buckets:
    """Where clients' buckets are kept: in Redis when there is one, shared by processes."""
    if redis is not None:
        return RedisBuckets(limit, redis, server.caching.redis_prefix + prefix)
    return MemoryBuckets(limit)


# A fixed pool per server process. SQLAlchemy's default, 5 connections plus 10 "overflow"
# ones that are closed when given back, opened and closed a PostgreSQL connection for most
# statements under load (BENCHMARKS.md); past 10 busy connections a statement now waits
# for one to come free, first come, first served (genegraph.db.fair_pool: SQLAlchemy's
# own queue let newcomers overtake waiters, the p99 of the card and the batch).
SERVER_POOL = {"pool_size": 10, "max_overflow": 0, "poolclass": FairPool}


def app_from_environment() -> Starlette:
    """Factory for uvicorn worker processes: the database comes from $GENEGRAPH_DATABASE_URL,
    or from $GENEGRAPH_DATABASE_READ_URL when a read replica is set. A server only reads
    (queries, the release watch, health), so it then opens no connection to the primary:
    `genegraph serve` migrated and seeded that before starting the workers."""
    url = settings.read_database_url() or settings.database_url()
    return create_app(create_engine(url, **SERVER_POOL), settle_heap=True, warm_caches=True)
