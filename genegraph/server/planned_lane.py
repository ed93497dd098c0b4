"""The planned lane: a request to /graphql (a POST's JSON body or a GET's query string,
genegraph.server.lane_request) whose document planned execution has answered before
(genegraph.execution.planned.documents) is answered request -> plan -> SQL -> bytes,
without Strawberry's view, parsing, validation and extensions. The document is the query
sent, or a persisted query's (APQ): the hash sent with its query, or alone, resolved from
the persisted-query store as the view resolves it. Called by the fast lane
(genegraph.server.fast_lane) for a GET, and for a POST when the response cache is off or
its index does not know the body. The request is keyed as the view's ``prepare`` keys it
(a GET always, for its ETag; a POST when the response cache is on, its body then
remembered for the fast lane), and answered as the view answers it: a GET naming its
ETag with 304, a hit with the stored bytes, anything else executed, with the caching
headers of ``describe``, stored and its persisted query registered as ``finish`` does.

It answers only what it can answer as the view would; the view answers the rest, the
request handed over untouched and nothing run: a request Strawberry would refuse or read
another way (see lane_request), a persisted query the store does not hold (or a hash
that does not match its query), a malformed ``expectRelease``, variables that do not
coerce or hold NUL, a cost over the limit (the cost reads the variables), a document not
yet answered by a plan. A GET is answered only for a query, as by the view: plans are
made only for queries. The document's own limits (size, tokens, depth, aliases,
introspection) and validation held when the view answered it, and depend on nothing
else. What it keeps of the view: the variables' coercion (graphql-core's), the time
limit and its error, one release per request (``OneRelease``), ``expectRelease`` and
``extensions.release``, the status, headers and body (``http_answer``), the request
log's operation, cache, ``executed`` and error codes, counted SQL (the same loaders and
engine). A plan that raises leaves the request to the view's general executor
(``general_only``), as it does in the view. Why: Strawberry's per-request machinery
was about 40% of the planned gene card's CPU (BENCHMARKS.md, "Planned lane").
"""

from __future__ import annotations

import enum

import orjson
from starlette.types import Receive, Scope, Send
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from genegraph.caching.persisted_queries import Refusal
from genegraph.deadlines import Deadlines
from genegraph.execution.limits.timeout import timed_out
from genegraph.execution.planned.documents import PlannedDocument, PlannedDocuments
from genegraph.execution.planned.executor import fell_back, run_of
from genegraph.execution.planned.variables import coerce_variables
from genegraph.observability.record import note_document, note_executed, note_operation
from genegraph.schema.text_inputs import holds_nul
from genegraph.server.expected_release import expected_release
from genegraph.server.lane_request import PERSISTED_QUERY, LaneRequest
from genegraph.server.view import GraphQLView, http_answer


class Outcome(enum.Enum):
    ANSWERED = "answered"
    VIEW = "view"  # the view answers; nothing was run
    GENERAL = "general"  # the plan raised: the view answers by the general executor


class _PlanFailed(Exception):
    """A plan raised (the view's executor would hand the operation to the general one)."""


class PlannedLane:
    """Answers a request whose document a plan answered before (see the module)."""

    def __init__(self, view: GraphQLView, documents: PlannedDocuments) -> None:
        self.view = view
        self.documents = documents
        self.schema = view.core_schema
        self.limits = view.limits
        # The time limit's blocks on one timer (genegraph.deadlines), as the body's.
        self.deadlines = Deadlines()

    async def answer(
        self, scope: Scope, receive: Receive, send: Send, request: LaneRequest
    ) -> Outcome:
        sent = request.sent
        found = self.planned(sent)
        if found is None:
            return Outcome.VIEW
        query, expected, document = found
        coerced = coerce_variables(
            self.schema, document.operation.variable_definitions or (), sent.variables or {}
        )
        if isinstance(coerced, list):
            return Outcome.VIEW  # the view reports the coercion's errors
        caching = self.view.caching
        register: str | None = None
        if sent.extensions is not None and PERSISTED_QUERY in sent.extensions:
            try:  # a hash sent alone: a look-up in the store, as the view's
                register = (await caching.persisted.resolve(sent.query, sent.extensions)).register
            except Refusal:
                return Outcome.VIEW  # not found there (or not the query's hash)
        # As the view does, in its order: the name sent, then the executed operation's.
        if sent.operation_name:
            note_operation(sent.operation_name)
        else:
            note_document(sent.query)
        variables, operation_name = sent.variables, sent.operation_name
        key = caching.key_of(request.is_get, query, variables, operation_name)
        if key is not None:
            if request.body is not None:
                caching.remember_body(request.content_type, request.body, key, expected, sent)
            cached = await caching.cached_answer(
                key, expected, request.is_get, request.if_none_match, request.media_type
            )
            if cached is not None:
                await cached(scope, receive, send)
                return Outcome.ANSWERED
        note_executed(document.name)

        async def execute(again: bool) -> tuple[ExecutionResult, int | None]:
            context = self.view.new_context()
            context.json_fragments = True  # the answer is orjson's to encode (below)
            limit = self.deadlines.after(self.limits.timeout_seconds)
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
        # As the view's ``stamped``: the release its statements read, when it has data.
        read = answer.release if answer.result.data is not None else None
        result = await self.view.released(answer, expected)
        media_type = request.media_type
        result, response, status, extra = http_answer(result, media_type)
        content = orjson.dumps(response)
        # As HttpCaching.describe and finish: kept only as its key's release's answer.
        succeeded = not result.errors and (key is None or read == key.release)
        extra.update(caching.answer_headers(request.is_get, key, succeeded, media_type))
        if key is not None and caching.responses is not None and succeeded and status is None:
            await caching.responses.put(key, content)
        if register is not None and result.data is not None:
            await caching.persisted.register(register, query)
        headers = [
            (b"content-length", str(len(content)).encode()),
            (b"content-type", media_type.encode()),
            *((name.encode(), value.encode()) for name, value in extra.items()),
        ]
        await send({"type": "http.response.start", "status": status or 200, "headers": headers})
        await send({"type": "http.response.body", "body": content})
        return Outcome.ANSWERED

    def planned(self, sent: GraphQLRequestData) -> tuple[str, int | None, PlannedDocument] | None:
        """The request's document, expected release and what a plan made of the document,
        when the lane may answer it as far as can be told without a look-up in the
        persisted-query store; else None."""
        query, extensions = sent.query, sent.extensions
        if query is None:  # a persisted query's hash alone (lane_request)
            persisted = extensions.get(PERSISTED_QUERY) if extensions is not None else None
            digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
            query = self.documents.text_of(digest) if isinstance(digest, str) else None
            if query is None:
                return None
        document = self.documents.get(query, sent.operation_name)
        variables = sent.variables
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
        return query, expected, document
