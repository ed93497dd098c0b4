"""The client budget: a second token bucket per client (genegraph.middleware.buckets),
drawn on only by refusals and by documents costly to parse and validate, so that a
hostile client is answered 429 before its body is read. What costs what: README,
"Limits"; why: docs/reliability.md, "Normal p99 under hostile traffic".
"""

from __future__ import annotations

import math

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genegraph.caching.persisted_queries import OPERATION_NOT_ALLOWED
from genegraph.execution.limits import QUERY_TOO_COMPLEX, TIMEOUT
from genegraph.middleware.buckets import LIMITED_PATHS, Buckets, client_of, too_many_requests
from genegraph.middleware.rates import RateLimit
from genegraph.observability import record
from genegraph.server.errors import BAD_REQUEST

REFUSAL_CODES = frozenset(
    {QUERY_TOO_COMPLEX, TIMEOUT, BAD_REQUEST, OPERATION_NOT_ALLOWED, record.UNCODED}
)
REFUSAL_STATUSES = frozenset({400, 408, 413})
FREE_CPU_SECONDS = 0.010
CPU_SECONDS_COSTING_ONE = 0.100


def charge(status: int, error_codes: list[str], document_cpu: float) -> float:
    """What a request costs its client's budget: 1 if it was refused (a status or error
    code above; uncoded errors are syntax and validation errors; a 404 or 405 costs
    nothing), plus 1 per 100 ms of its document's parsing and validation beyond 10 ms."""
    refused = status in REFUSAL_STATUSES or any(code in REFUSAL_CODES for code in error_codes)
    return float(refused) + max(0.0, document_cpu - FREE_CPU_SECONDS) / CPU_SECONDS_COSTING_ONE


class ClientBudget:
    """ASGI middleware: answers 429 on /graphql to a client whose budget is spent, and
    charges each answered request to its client's budget."""

    def __init__(self, app: ASGIApp, budget: RateLimit, buckets: Buckets) -> None:
        self.app = app
        self.budget = budget
        self.buckets = buckets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in LIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        client = client_of(scope)
        wait = await self.buckets.take(client, 0)
        if wait > 0:
            await self.refused(wait)(scope, receive, send)
            return
        status = 0

        async def watching_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        # The record is the request log's (genegraph.observability.request_log, outermost).
        request = record.current()
        if request is not None:
            request.document_cpu = 0.0  # ask DocumentCpu to time parsing and validation
        await self.app(scope, receive, watching_send)
        if request is None:
            cost = charge(status, [], 0.0)
        else:
            cost = charge(status, request.error_codes, request.document_cpu or 0.0)
        if cost > 0:
            await self.buckets.take(client, cost)

    def refused(self, wait: float) -> JSONResponse:
        retry_after = max(1, math.ceil(wait))
        return too_many_requests(
            retry_after,
            f"Too many refused or costly requests from this client (the budget is "
            f"{self.budget.describe('refusals')}): try again in {retry_after} s. A request "
            "refused (over a limit, not valid) costs 1, and a document that takes long to "
            "parse and validate costs more.",
            {"budget": self.budget.requests, "periodSeconds": self.budget.period},
        )
