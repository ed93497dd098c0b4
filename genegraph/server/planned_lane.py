"""The planned lane: a POST to /graphql whose document planned execution has answered
before (genegraph.execution.planned.documents) is answered body -> plan -> SQL -> bytes,
without Strawberry's view, parsing, validation and extensions. Called by the fast lane
(genegraph.server.fast_lane) when the response cache is off or its index does not know
the body; with the cache on, the lane keys the body as the view's ``prepare`` does, leaves
a hit to the view, and answers a miss with ``x-cache: MISS`` and stores it as the view's
``describe`` and ``finish`` do.

It answers only what it can answer as the view would; the view answers the rest, the
body handed over untouched and nothing run: a body Strawberry would refuse or read
another way (not a JSON object, another Content-Type, a streaming Accept, a query
string), a persisted query, a malformed ``expectRelease``, variables that do not coerce
or hold NUL, a cost over the limit (the cost reads the variables), a document not yet
answered by a plan. The document's own limits (size, tokens, depth, aliases,
introspection) and validation held when the view answered it, and depend on nothing
else. What it keeps of the view: the variables' coercion (graphql-core's), the time
limit and its error, one release per request (``OneRelease``), ``expectRelease`` and
``extensions.release``, the status, headers and body (``http_answer``), the request
log's operation, ``executed`` and error codes, counted SQL (the same loaders and
engine). A plan that raises leaves the request to the view's general executor
(``general_only``), as it does in the view. Why: Strawberry's per-request machinery
was about 40% of the planned gene card's CPU (BENCHMARKS.md, "Planned lane").
"""

from __future__ import annotations

import asyncio
import enum
from typing import Any

import orjson
from graphql import get_variable_values
from starlette.types import Scope, Send
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from genegraph.caching.http import CACHE_HEADER
from genegraph.caching.persisted_queries import Refusal
from genegraph.caching.responses import CacheKey, cache_key
from genegraph.execution.limits.timeout import timed_out
from genegraph.execution.planned.documents import PlannedDocument, PlannedDocuments
from genegraph.execution.planned.executor import fell_back, run_of
from genegraph.observability.record import note_document, note_executed, note_operation
from genegraph.schema.text_inputs import holds_nul
from genegraph.server.expected_release import expected_release
from genegraph.server.view import JSON, GraphQLView, http_answer, response_media_type

JSON_TYPE = JSON.encode()
PERSISTED_QUERY = "persistedQuery"


class Outcome(enum.Enum):
    ANSWERED = "answered"
    VIEW = "view"  # the view answers; nothing was run
    GENERAL = "general"  # the plan raised: the view answers by the general executor


class _PlanFailed(Exception):
    """A plan raised (the view's executor would hand the operation to the general one)."""


class PlannedLane:
    """Answers a POST body whose document a plan answered before (see the module)."""

    def __init__(self, view: GraphQLView, documents: PlannedDocuments) -> None:
        self.view = view
        self.documents = documents
        self.schema = view.core_schema
        self.limits = view.limits

    async def answer(self, scope: Scope, body: bytes, send: Send) -> Outcome:
        accept: bytes | None = None
        content_type = b""
        for name, value in scope["headers"]:
            if name == b"content-type" and not content_type:
                content_type = value
            elif name == b"accept" and accept is None:
                accept = value
        if scope["query_string"] or content_type.split(b";")[0].strip().lower() != JSON_TYPE:
            return Outcome.VIEW
        if accept is not None and (b"multipart" in accept or b"event-stream" in accept):
            return Outcome.VIEW  # Strawberry's streaming transports
        request = self.read(body)
        if request is None:
            return Outcome.VIEW
        query, variables, operation_name, expected, document = request
        coerced = get_variable_values(
            self.schema, document.operation.variable_definitions or (), variables or {}
        )
        if isinstance(coerced, list):
            return Outcome.VIEW  # the view reports the coercion's errors
        caching = self.view.caching
        key: CacheKey | None = None
        release = caching.releases.current()
        if caching.responses is not None and release is not None:
            key = cache_key(caching.fingerprint, release, query, variables, operation_name)
            if key is None:
                return Outcome.VIEW
            if expected in (None, key.release) and await caching.responses.get(key) is not None:
                return Outcome.VIEW  # a hit: the view answers it and keys this body
            sent = GraphQLRequestData(query, variables, operation_name, None)
            caching.remember_body(content_type, body, key, expected, sent)
        # As the view does, in its order: the name sent, then the executed operation's.
        if operation_name:
            note_operation(operation_name)
        else:
            note_document(query)
        note_executed(document.name)

        async def execute(again: bool) -> tuple[ExecutionResult, int | None]:
            context = self.view.new_context()
            limit = asyncio.timeout(self.limits.timeout_seconds)
            try:
                async with limit:
                    data = await run_of(document.plan, context)(coerced)
            except Exception as error:
                if isinstance(error, TimeoutError) and limit.expired():
                    timeout = ExecutionResult(data=None, errors=[timed_out(self.limits)])
                    return timeout, context.release_read
                fell_back("error", error)
                raise _PlanFailed from error
            return ExecutionResult(data=data, errors=None), context.release_read

        try:
            answer = await self.view.one_release.execute(execute, expected)
        except _PlanFailed:
            return Outcome.GENERAL
        result = await self.view.released(answer, expected)
        media_type = JSON if accept is None else response_media_type(accept.decode())
        result, response, status, extra = http_answer(result, media_type)
        content = orjson.dumps(response)
        if key is not None and caching.responses is not None:
            # As HttpCaching.describe and finish: a MISS, stored when it answered without
            # errors from its key's release.
            extra[CACHE_HEADER] = "MISS"
            read = answer.release if result.data is not None else None
            if not result.errors and read == key.release and status is None:
                await caching.responses.put(key, content)
        headers = [
            (b"content-length", str(len(content)).encode()),
            (b"content-type", media_type.encode()),
            *((name.encode(), value.encode()) for name, value in extra.items()),
        ]
        await send({"type": "http.response.start", "status": status or 200, "headers": headers})
        await send({"type": "http.response.body", "body": content})
        return Outcome.ANSWERED

    def read(
        self, body: bytes
    ) -> tuple[str, dict[str, Any] | None, str | None, int | None, PlannedDocument] | None:
        """The request in ``body`` when the lane may answer it: its query, variables,
        operation name, expected release, and the document a plan answered; else None."""
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(data, dict):
            return None
        query, variables = data.get("query"), data.get("variables")
        operation_name, extensions = data.get("operationName"), data.get("extensions")
        if (
            not isinstance(query, str)
            or not isinstance(variables, dict | None)
            or not isinstance(operation_name, str | None)
            or not isinstance(extensions, dict | None)
            or (extensions is not None and PERSISTED_QUERY in extensions)
        ):
            return None
        document = self.documents.get(query, operation_name)
        if document is None or holds_nul(variables):
            return None
        try:
            expected = expected_release(extensions)
        except Refusal:
            return None
        try:
            cost = 0 if document.shape is None else document.shape.cost(variables)
        except Exception:  # variables the cost cannot read: the view refuses them
            return None
        if cost > self.limits.max_cost:
            return None
        return query, variables, operation_name, expected, document
