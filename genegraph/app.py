"""The ASGI application: the web app at /, GraphQL (with GraphiQL) at /graphql, health at
/healthz."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import orjson
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
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from db.engine import create_engine
from genegraph import settings, web_app
from genegraph.body_limit import BodySizeLimit
from genegraph.graphiql import GRAPHIQL_HTML
from resolvers.context import Context
from schema.limits import TIMEOUT
from schema.root import build_schema

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
    """Strawberry's view, with orjson, the local GraphiQL, and the status codes and media
    types of the GraphQL-over-HTTP specification."""

    def __init__(self, engine: AsyncEngine, server: settings.ServerSettings) -> None:
        schema = build_schema(server.limits, introspection=server.introspection)
        super().__init__(schema, graphql_ide="graphiql")
        self.engine = engine

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(self.engine)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = response_media_type(request.headers.get("accept", JSON))
        request.state.sub_response = sub_response
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
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

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(GRAPHIQL_HTML)


def _timed_out(result: ExecutionResult) -> bool:
    return any((e.extensions or {}).get("code") == TIMEOUT for e in result.errors or ())


def create_app(engine: AsyncEngine, server: settings.ServerSettings | None = None) -> Starlette:
    """The app over an engine whose database is already migrated; limits, CORS and
    introspection from ``server``, else from the environment."""
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
        yield
        await engine.dispose()

    graphql = GraphQLView(engine, server)
    middleware = [Middleware(BodySizeLimit, max_bytes=server.max_body_bytes)]
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
    return Starlette(
        routes=[
            *web_app.routes(),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )


def app_from_environment() -> Starlette:
    """Factory for uvicorn worker processes: the database comes from $GENEGRAPH_DATABASE_URL."""
    return create_app(create_engine(settings.database_url()))
