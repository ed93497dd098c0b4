"""The ASGI application: the web app at /, GraphQL (with GraphiQL) at /graphql, health at
/healthz."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from genegraph import heap, settings, web_app
from genegraph.body_guard import BodyGuard
from genegraph.client_budget import ClientBudget
from genegraph.database_outage import (
    RETRY_AFTER_SECONDS,
    caused_by_outage,
    outage_error,
    retryable,
)
from genegraph.db.engine import create_engine, for_reads
from genegraph.graphiql import GRAPHIQL_HTML
from genegraph.http_caching import Answered, HttpCaching
from genegraph.metrics import metrics_endpoint, process_exited
from genegraph.observability import (
    OperationObserver,
    RequestObserver,
    configure_request_log,
    forget_engine,
    note_document,
    note_errors,
    note_operation,
    observe_engine,
    observe_loaders,
)
from genegraph.one_release import OneRelease
from genegraph.persisted_queries import Refusal, load_allowlist
from genegraph.rate_limit import RateLimit
from genegraph.rate_limiter import Buckets, MemoryBuckets, RateLimiter, RedisBuckets
from genegraph.release_watch import ReleaseWatch
from genegraph.request_errors import checked_json, refusal_response
from genegraph.resolvers.context import Context
from genegraph.schema.limits import TIMEOUT
from genegraph.schema.root import build_schema

STATIC = Path(__file__).parent / "static"


GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def response_media_type(accept: str) -> str:
    """GraphQL-over-HTTP: the new media type when the client accepts it, else JSON."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
    return JSON


class GraphQLView(GraphQL[Context, None]):
    """Strawberry's view, with orjson, the local GraphiQL, the status codes and media
    types of the GraphQL-over-HTTP specification, and caching (genegraph.http_caching)."""

    def __init__(self, engine: AsyncEngine, server: settings.ServerSettings) -> None:
        schema = build_schema(
            server.limits, introspection=server.introspection, observers=(OperationObserver,)
        )
        super().__init__(schema, graphql_ide="graphiql")
        self.engine = for_reads(engine)
        caching = server.caching
        allowlist = None
        if caching.allowlist is not None:
            allowlist = load_allowlist(caching.allowlist, server.limits.max_tokens)
        self.caching = HttpCaching(
            caching,
            ReleaseWatch(engine, caching.release_check_seconds),
            schema,
            variant=repr((server.limits, server.introspection)),
            allowlist=allowlist,
        )
        self.one_release = OneRelease(self.engine, self.caching.releases)

    async def run(  # type: ignore[override]
        self, request: Request | WebSocket, context: Context = UNSET, root_value: None = UNSET
    ) -> Response | WebSocket:
        try:
            response = await super().run(request, context, root_value)
        except Answered as answered:
            return answered.response
        except HTTPException as refused:  # Strawberry would answer in plain text
            return refusal_response(refused)
        if isinstance(response, Response) and isinstance(request, Request):
            await self.caching.finish(request, response)
        return response

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A persisted query sent by GET carries its hash in `extensions` and no `query`.
        return super().should_render_graphql_ide(request) and (
            "extensions" not in request.query_params
        )

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        if request_data.operation_name:
            note_operation(request_data.operation_name)
        else:
            note_document(request_data.query)
        media_type = sub_response.media_type or JSON
        try:
            request_data = await self.caching.prepare(request, request_data, media_type)
        except Refusal as refusal:
            return ExecutionResult(data=None, errors=[refusal.error])

        async def execute(again: bool) -> ExecutionResult:
            # Again: on fresh loaders, whose caches hold nothing of the older release.
            fresh = await self.get_context(request, sub_response) if again else context
            return await super(GraphQLView, self).execute_single(
                request, request_adapter, sub_response, fresh, root_value, request_data
            )

        return await self.one_release.execute(execute)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        context = Context(self.engine)
        observe_loaders(context.loaders)
        return context

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = response_media_type(request.headers.get("accept", JSON))
        request.state.sub_response = sub_response
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if caused_by_outage(result.errors):
            # The database went away under the request: it fails as a whole, retryably,
            # without the driver's message (which names the SQL); see database_outage.
            result = ExecutionResult(data=None, errors=[outage_error()])
        note_errors(result.errors)
        response = await super().process_result(request, result)
        # Every root field is nullable, so `data` is null only when the request failed
        # before execution (a syntax, validation or variable error, a limit): a request
        # error, which carries no `data` and, under the new media type, status 400. Or
        # when execution ran out of time: then `data` stays, null, as after field errors.
        if result.data is None and result.errors and not _timed_out(result):
            response.pop("data", None)
            sub_response: Response = request.state.sub_response
            if sub_response.media_type == GRAPHQL_RESPONSE:
                sub_response.status_code = 400
            if retryable(result.errors):
                sub_response.status_code = 503
                sub_response.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        self.caching.describe(request, result, request.state.sub_response)
        return response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = sub_response.media_type or JSON
        return response

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        # orjson: a nesting limit (Python's json.loads hit the recursion limit: HTTP 500).
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> Any:
        return checked_json(super().parse_json(data))

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(GRAPHIQL_HTML)


def _timed_out(result: ExecutionResult) -> bool:
    return any((e.extensions or {}).get("code") == TIMEOUT for e in result.errors or ())


def create_app(
    engine: AsyncEngine,
    server: settings.ServerSettings | None = None,
    *,
    settle_heap: bool = False,
) -> Starlette:
    """The app over an engine whose database is already migrated; limits, CORS and
    introspection from ``server``, else from the environment. ``settle_heap``: freeze
    the heap once started (genegraph.heap), for a server process that holds one app for
    its lifetime; not for a process that makes many apps, as the tests do."""
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
        if settle_heap:
            heap.settle()
        yield
        await graphql.caching.close()
        for kept in (buckets, budget_buckets):
            if kept is not None:
                await kept.close()
        forget_engine(engine)
        process_exited()
        await engine.dispose()

    configure_request_log()
    observe_engine(engine)
    graphql = GraphQLView(engine, server)
    middleware = [
        Middleware(
            BodyGuard, max_bytes=server.max_body_bytes, seconds=server.client_timeout_seconds
        ),
    ]
    buckets: Buckets | None = None
    budget_buckets: Buckets | None = None
    if server.client_budget is not None:
        # Before the body is read, outside the body's limits, whose refusals it charges.
        budget_buckets = client_buckets(server, server.client_budget, "budget:")
        budget = Middleware(ClientBudget, budget=server.client_budget, buckets=budget_buckets)
        middleware.insert(0, budget)
    if server.rate_limit is not None:
        # Before the body is read; inside CORS, so that a 429 carries its headers.
        buckets = client_buckets(server, server.rate_limit, "rate:")
        middleware.insert(0, Middleware(RateLimiter, limit=server.rate_limit, buckets=buckets))
    if server.cors_origins:
        # Outermost, so that refusals (413) carry the CORS headers too.
        cors = Middleware(
            CORSMiddleware,
            allow_origins=list(server.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["content-type", "accept"],
            max_age=600,
        )
        middleware.insert(0, cors)
    # Outermost of all, so that every answer, refusals included, is logged and counted.
    middleware.insert(0, Middleware(RequestObserver))
    app = Starlette(
        routes=[
            *web_app.routes(),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/metrics", metrics_endpoint),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.caching = graphql.caching
    return app


def client_buckets(server: settings.ServerSettings, limit: RateLimit, prefix: str) -> Buckets:
    """Where clients' buckets are kept: in Redis when there is one, shared by processes."""
    caching = server.caching
    if caching.redis_url is not None:
        return RedisBuckets(limit, caching.redis_url, caching.redis_prefix + prefix)
    return MemoryBuckets(limit)


# A fixed pool per server process. SQLAlchemy's default, 5 connections plus 10 "overflow"
# ones that are closed when given back, opened and closed a PostgreSQL connection for most
# statements under load (BENCHMARKS.md); past 10 busy connections a statement now waits
# for one to come free.
SERVER_POOL = {"pool_size": 10, "max_overflow": 0}


def app_from_environment() -> Starlette:
    """Factory for uvicorn worker processes: the database comes from $GENEGRAPH_DATABASE_URL,
    or from $GENEGRAPH_DATABASE_READ_URL when a read replica is set. A server only reads
    (queries, the release watch, health), so it then opens no connection to the primary:
    `genegraph serve` migrated and seeded that before starting the workers."""
    url = settings.read_database_url() or settings.database_url()
    return create_app(create_engine(url, **SERVER_POOL), settle_heap=True)
