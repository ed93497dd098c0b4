"""The request log: ``RequestObserver`` (ASGI middleware, outermost) gives each HTTP
request an id and a record (genegraph.observability.record), and at its end writes the
record as one JSON line on the ``genegraph.requests`` logger and updates the metrics."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

import orjson
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genegraph.observability import metrics
from genegraph.observability.record import (
    RequestRecord,
    closed,
    name_from_document,
    opened,
)

REQUEST_ID_HEADER = "x-request-id"
# An incoming request id is kept only if it is safe to echo in a header and a log line.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
# Probes and scrapes would drown the log; they are neither logged nor counted.
QUIET_PATHS = frozenset({"/healthz", "/metrics"})
GRAPHQL_PATH = "/graphql"

LOGGER = logging.getLogger("genegraph.requests")


class RequestObserver:
    """ASGI middleware: a request id for every HTTP request (the client's X-Request-ID
    when it sends a usable one, else a new one), echoed in the response's X-Request-ID;
    at the end a JSON log line and the metrics."""

    def __init__(self, app: ASGIApp, logger: logging.Logger = LOGGER) -> None:
        self.app = app
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        record = RequestRecord(
            request_id=incoming if _ACCEPTED_ID.fullmatch(incoming) else uuid.uuid4().hex,
            method=scope["method"],
            path=scope["path"],
        )
        status = 500
        started = time.perf_counter()

        async def observing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = record.request_id
            await send(message)

        token = opened(record)
        try:
            await self.app(scope, receive, observing_send)
        except Exception:
            record.error_codes.append("INTERNAL_SERVER_ERROR")
            raise
        finally:
            closed(token)
            self.finish(record, status, time.perf_counter() - started)

    def finish(self, record: RequestRecord, status: int, seconds: float) -> None:
        if record.path in QUIET_PATHS:
            return
        if record.unnamed_document is not None:
            name_from_document(record)
        graphql = record.path == GRAPHQL_PATH
        if graphql and record.cache is None and record.executed:
            record.cache = "miss"
        self.logger.info(
            orjson.dumps(
                {
                    "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "event": "request",
                    "request_id": record.request_id,
                    "method": record.method,
                    "path": record.path,
                    "status": status,
                    "operation": record.operation,
                    "duration_ms": round(seconds * 1000, 3),
                    "sql_statements": record.sql_statements,
                    "cache": record.cache,
                    "error_codes": record.error_codes,
                }
            ).decode()
        )
        for code in record.error_codes:
            metrics.labelled(metrics.ERRORS, code).inc()
        if not graphql:
            return
        operation = metrics.operation_label(record.operation)
        metrics.labelled(metrics.REQUESTS, operation, str(status)).inc()
        metrics.labelled(metrics.DURATION, operation).observe(seconds)
        metrics.SQL_STATEMENTS.observe(record.sql_statements)
        if record.cache is not None:
            metrics.labelled(metrics.CACHE, record.cache).inc()


def configure_request_log() -> None:
    """Send request lines to stdout as they are (each is a JSON object), unless the
    ``genegraph.requests`` logger has been given handlers already (tests, embedding)."""
    if LOGGER.handlers:
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
