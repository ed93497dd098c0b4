"""What happened in each request: a request id, one JSON log line, and the metrics.

``RequestObserver`` (ASGI middleware) opens a ``RequestRecord`` for each HTTP request and
keeps it in a context variable, which the parts that know something fill in: the engine's
statement hook counts SQL, ``OperationObserver`` (a schema extension) names the operation,
the GraphQL view adds error codes, the caching layer's headers tell a cache hit. When the
answer is sent, the record becomes a log line on the ``genegraph.requests`` logger and
updates genegraph.metrics.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from graphql import GraphQLError, Source, TokenKind
from graphql.language import Lexer
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from genegraph import metrics
from genegraph.resolvers.dataloaders import Loaders

REQUEST_ID_HEADER = "x-request-id"
# An incoming request id is kept only if it is safe to echo in a header and a log line.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
# Probes and scrapes would drown the log; they are neither logged nor counted.
QUIET_PATHS = frozenset({"/healthz", "/metrics"})
GRAPHQL_PATH = "/graphql"
OPERATION_KEYWORDS = frozenset({"query", "mutation", "subscription"})
UNCODED = "UNCODED"
"""The code counted for an error that carries no extensions.code (e.g. a syntax error)."""

LOGGER = logging.getLogger("genegraph.requests")


@dataclass(slots=True)
class RequestRecord:
    """What one HTTP request did, filled in while it runs."""

    request_id: str
    method: str
    path: str
    operation: str | None = None
    # A document whose leading operation name is the operation's, unless a name is
    # noted later (the executed operation's, which is most requests'): read only then.
    unnamed_document: str | None = None
    sql_statements: int = 0
    cache: str | None = None
    executed: bool = False
    error_codes: list[str] = field(default_factory=list)


_current: ContextVar[RequestRecord | None] = ContextVar("genegraph_request", default=None)


def current() -> RequestRecord | None:
    """The record of the request being served, if any (not in background tasks)."""
    return _current.get()


def note_errors(errors: Iterable[GraphQLError] | None) -> None:
    """Add the codes of errors sent to the client to the current request."""
    record = _current.get()
    if record is None:
        return
    for error in errors or ():
        code = (error.extensions or {}).get("code")
        record.error_codes.append(code if isinstance(code, str) else UNCODED)


def note_error_code(code: str) -> None:
    record = _current.get()
    if record is not None:
        record.error_codes.append(code)


def note_operation(name: str | None) -> None:
    record = _current.get()
    if record is not None and name:
        record.operation = name
        record.unnamed_document = None


def note_document(document: str | None) -> None:
    """Name the operation after the document's first operation, as
    ``note_operation(leading_operation_name(document))`` would; the document is read
    only if no name is noted after it (see ``RequestRecord.unnamed_document``)."""
    record = _current.get()
    if record is not None and document:
        _name_from_document(record)
        record.unnamed_document = document


def _name_from_document(record: RequestRecord) -> None:
    name = leading_operation_name(record.unnamed_document)
    record.unnamed_document = None
    if name:
        record.operation = name


def leading_operation_name(document: str | None) -> str | None:
    """The name of the document's first definition when it is a named operation, read
    from its first two tokens (no parsing): for answers sent without execution (a cache
    hit), which ``OperationObserver`` never sees."""
    if not document:
        return None
    lexer = Lexer(Source(document))
    try:
        keyword = lexer.advance()
        name = lexer.advance()
    except GraphQLError:
        return None
    if keyword.kind is TokenKind.NAME and keyword.value in OPERATION_KEYWORDS:
        return name.value if name.kind is TokenKind.NAME else None
    return None


class OperationObserver(SchemaExtension):
    """Names the operation (the one executed, also when the request names none)."""

    def on_execute(self) -> Iterator[None]:
        note_operation(self.execution_context.operation_name)
        record = _current.get()
        if record is not None:
            record.executed = True
        yield


def observe_engine(engine: AsyncEngine) -> None:
    """Count the engine's SQL statements per request, and its pool's use."""
    sync_engine = engine.sync_engine
    if event.contains(sync_engine, "before_cursor_execute", _count_statement):
        return  # an engine shared by several apps (tests) is counted once
    event.listen(sync_engine, "before_cursor_execute", _count_statement)
    event.listen(sync_engine.pool, "checkout", _checked_out)
    event.listen(sync_engine.pool, "checkin", _checked_in)
    size = getattr(sync_engine.pool, "size", None)
    if callable(size):
        metrics.POOL_SIZE.inc(size())


def forget_engine(engine: AsyncEngine) -> None:
    """Undo ``observe_engine`` (the app's shutdown), so the pool size adds up."""
    sync_engine = engine.sync_engine
    if not event.contains(sync_engine, "before_cursor_execute", _count_statement):
        return
    event.remove(sync_engine, "before_cursor_execute", _count_statement)
    event.remove(sync_engine.pool, "checkout", _checked_out)
    event.remove(sync_engine.pool, "checkin", _checked_in)
    size = getattr(engine.sync_engine.pool, "size", None)
    if callable(size):
        metrics.POOL_SIZE.dec(size())


def _count_statement(*_args: Any) -> None:
    record = _current.get()
    if record is not None:
        record.sql_statements += 1


def _checked_out(*_args: Any) -> None:
    metrics.POOL_CHECKOUTS.inc()
    metrics.POOL_IN_USE.inc()


def _checked_in(*_args: Any) -> None:
    metrics.POOL_IN_USE.dec()


def observe_loaders(loaders: Loaders) -> None:
    """Count each batch's size, by the loader's name, for every DataLoader the request
    makes (the loaders are made on first use: resolvers/dataloaders.py)."""
    loaders.observe = _counting


def _counting(
    name: str, load: Callable[[list[Any]], Awaitable[Any]]
) -> Callable[[list[Any]], Awaitable[Any]]:
    histogram = metrics.labelled(metrics.BATCH_SIZE, name)

    def counted(keys: list[Any]) -> Awaitable[Any]:
        histogram.observe(len(keys))
        return load(keys)

    return counted


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
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = record.request_id
                if headers.get("x-cache") == "HIT":
                    record.cache = "hit"
                elif status == 304:
                    record.cache = "not_modified"
            await send(message)

        token = _current.set(record)
        try:
            await self.app(scope, receive, observing_send)
        except Exception:
            record.error_codes.append("INTERNAL_SERVER_ERROR")
            raise
        finally:
            _current.reset(token)
            self.finish(record, status, time.perf_counter() - started)

    def finish(self, record: RequestRecord, status: int, seconds: float) -> None:
        if record.path in QUIET_PATHS:
            return
        if record.unnamed_document is not None:
            _name_from_document(record)
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
