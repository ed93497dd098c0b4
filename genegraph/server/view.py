"""The GraphQL view at /graphql: Strawberry's, with orjson, the local GraphiQL, the status
codes and media types of the GraphQL-over-HTTP specification, caching (genegraph.caching),
one release per request (genegraph.server.one_release) and that release on the answer
(``extensions.release``; ``expectRelease``: genegraph.server.expected_release)."""

from __future__ import annotations

from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry import UNSET
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.types import ExecutionResult

from genegraph import settings
from genegraph.caching.http import Answered, HttpCaching
from genegraph.caching.persisted_queries import Refusal, load_allowlist
from genegraph.caching.redis import SharedRedis
from genegraph.caching.release_watch import ReleaseWatch
from genegraph.db.engine import for_reads
from genegraph.execution.internals import BaseRequestProtocol, graphql_schema
from genegraph.execution.limits import TIMEOUT
from genegraph.observability.record import (
    OperationObserver,
    note_document,
    note_errors,
    note_operation,
)
from genegraph.observability.sql import observe_loaders
from genegraph.resolvers.context import Context
from genegraph.schema.root import build_schema
from genegraph.server.database_outage import (
    RETRY_AFTER_SECONDS,
    caused_by_outage,
    is_outage,
    outage_error,
    retryable,
)
from genegraph.server.errors import checked_json, refusal_response
from genegraph.server.expected_release import CONFLICT, is_release_changed, release_changed
from genegraph.server.graphiql import GRAPHIQL_HTML
from genegraph.server.one_release import Answer, OneRelease

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
    types of the GraphQL-over-HTTP specification, and caching (genegraph.caching.http)."""

    def __init__(
        self,
        engine: AsyncEngine,
        server: settings.ServerSettings,
        redis: SharedRedis | None = None,
    ) -> None:
        schema = build_schema(
            server.limits, introspection=server.introspection, observers=(OperationObserver,)
        )
        super().__init__(schema, graphql_ide="graphiql")
        self.limits = server.limits
        # The documents planned execution answered: the planned lane's (planned_lane.py).
        self.planned_documents = schema.planned_documents
        self.core_schema = graphql_schema(schema)
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
            redis=redis,
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
        expected: int | None = request.state.caching.expected

        async def execute(again: bool) -> tuple[ExecutionResult, int | None]:
            # Again: on fresh loaders, whose caches hold nothing of the older release.
            fresh = await self.get_context(request, sub_response) if again else context
            result = await super(GraphQLView, self).execute_single(
                request, request_adapter, sub_response, fresh, root_value, request_data
            )
            return result, fresh.release_read

        return await self.stamped(request, await self.one_release.execute(execute, expected))

    async def stamped(self, request: Request, answer: Answer) -> ExecutionResult:
        """An executed answer with its release in ``extensions.release``; refused with
        RELEASE_CHANGED instead when the client expected another release."""
        if answer.release is not None and answer.result.data is not None:
            self.caching.answered(request, answer.release)
        return await self.released(answer, request.state.caching.expected)

    async def released(self, answer: Answer, expected: int | None) -> ExecutionResult:
        """``stamped``, for a request the view does not hold (the planned lane's)."""
        result = answer.result
        if answer.release is None or result.data is None:
            return result  # failed as a whole, or refused before execution: no release
        if expected is not None and expected != answer.release:
            return ExecutionResult(data=None, errors=[release_changed(expected, answer.release)])
        try:  # a statement only for a release this process meets first here
            stamp = await self.caching.releases.stamps.of(answer.release)
        except Exception as error:
            if is_outage(error):
                return ExecutionResult(data=None, errors=[outage_error()])
            raise
        result.extensions = {**(result.extensions or {}), "release": stamp}
        return result

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return self.new_context()

    def new_context(self) -> Context:
        """A request's context: the engine, fresh loaders whose statements are counted."""
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
        sub_response: Response = request.state.sub_response
        result, response, status, headers = http_answer(result, sub_response.media_type or JSON)
        if status is not None:
            sub_response.status_code = status
        sub_response.headers.update(headers)
        self.caching.describe(request, result, sub_response)
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


def http_answer(
    result: ExecutionResult, media_type: str
) -> tuple[ExecutionResult, GraphQLHTTPResponse, int | None, dict[str, str]]:
    """An executed request's answer: the result sent (an outage's in place of the
    driver's errors), the response, its status (None: 200) and extra headers; its error
    codes noted for the request log. The view's and the planned lane's."""
    if caused_by_outage(result.errors):
        # The database went away under the request: it fails as a whole, retryably,
        # without the driver's message (which names the SQL); see database_outage.
        result = ExecutionResult(data=None, errors=[outage_error()])
    note_errors(result.errors)
    response = process_result(result)
    status: int | None = None
    headers: dict[str, str] = {}
    # Every root field is nullable, so `data` is null only when the request failed
    # before execution (a syntax, validation or variable error, a limit): a request
    # error, which carries no `data` and, under the new media type, status 400. Or
    # when execution ran out of time: then `data` stays, null, as after field errors.
    if result.data is None and result.errors and not _timed_out(result):
        response.pop("data", None)
        if media_type == GRAPHQL_RESPONSE:
            status = 400
        if retryable(result.errors):
            status = 503
            headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        elif is_release_changed(result.errors):
            status = CONFLICT
    return result, response, status, headers


def _timed_out(result: ExecutionResult) -> bool:
    return any((e.extensions or {}).get("code") == TIMEOUT for e in result.errors or ())
