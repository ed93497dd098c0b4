"""The request log: ``RequestObserver`` (ASGI middleware, outermost) gives each HTTP
request an id and a record (genegraph.observability.record), and at its end writes the
record as one JSON line on the ``genegraph.requests`` logger and updates the metrics."""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from datetime import UTC, datetime

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genegraph.observability import metrics
from genegraph.observability.record import (
    RequestRecord,
    closed,
    name_from_document,
    opened,
)

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_KEY = REQUEST_ID_HEADER.encode()
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
        incoming = _incoming_id(scope)
        record = RequestRecord(
            request_id=incoming if _ACCEPTED_ID.fullmatch(incoming) else _new_id(),
            method=scope["method"],
            path=scope["path"],
        )
        status = 500
        started = time.perf_counter()

        async def observing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                _set_id(message, record.request_id)
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
        logger = self.logger
        if logger.isEnabledFor(logging.INFO):
            _write(
                logger,
                orjson.dumps(
                    {
                        "time": _now(),
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
                ).decode(),
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


class _Second:
    """The second ``_now`` last wrote, and its text (one assignment: read whole)."""

    last: tuple[int, str] = (-1, "")


def _now() -> str:
    """``datetime.now(UTC).isoformat(timespec="milliseconds")``, the same clock read the
    same way (microseconds floored, then milliseconds), with the date and time of day
    written once a second: the ``datetime`` and its formatting cost 17 K instructions a
    request (BENCHMARKS.md, issue #17)."""
    nanoseconds = time.time_ns()
    second, rest = divmod(nanoseconds, 1_000_000_000)
    last, text = _Second.last
    if second != last:
        whole = datetime.fromtimestamp(second, UTC).isoformat(timespec="seconds")
        text = whole.removesuffix("+00:00")
        _Second.last = (second, text)
    return f"{text}.{rest // 1_000_000:03d}+00:00"


def _incoming_id(scope: Scope) -> str:
    """The request's first X-Request-ID, as Starlette's ``Headers.get`` reads it."""
    for name, value in scope["headers"]:
        if name == _REQUEST_ID_KEY:
            decoded: str = value.decode("latin-1")
            return decoded
    return ""


def _new_id() -> str:
    """A random (version 4) UUID's 32 hex digits, as ``uuid.uuid4().hex`` writes them
    without the ``UUID`` object."""
    digits = bytearray(os.urandom(16))
    digits[6] = (digits[6] & 0x0F) | 0x40  # the version
    digits[8] = (digits[8] & 0x3F) | 0x80  # the variant (RFC 4122)
    return digits.hex()


def _set_id(message: Message, request_id: str) -> None:
    """The answer's X-Request-ID set to ``request_id``, as Starlette's ``MutableHeaders``
    sets a header: the first one replaced and the others dropped, else one added."""
    value = request_id.encode("latin-1")
    headers = message["headers"] = list(message["headers"])
    found = [i for i, (name, _) in enumerate(headers) if name == _REQUEST_ID_KEY]
    for i in reversed(found[1:]):
        del headers[i]
    if found:
        headers[found[0]] = (_REQUEST_ID_KEY, value)
    else:
        headers.append((_REQUEST_ID_KEY, value))


# Where the record says it was logged from (``LogRecord.pathname``, ``lineno``,
# ``funcName``): fixed, where ``Logger.info`` would walk the stack for it on every request
# (``findCaller``), for a line whose format reads only the message.
_WHERE = (__file__, RequestObserver.finish.__code__.co_firstlineno, "finish")


def _log(logger: logging.Logger, line: str) -> None:
    """``logger.info(line)`` once ``isEnabledFor(INFO)`` holds: the same record and
    handlers (``Logger._log``), without ``findCaller`` (``_WHERE``)."""
    path, number, function = _WHERE
    logger.handle(
        logger.makeRecord(logger.name, logging.INFO, path, number, line, (), None, function)
    )


class RequestLines(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``configure_request_log`` installs: each record's message, as it is,
    on a line of the stream (stdout)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)
        self.setFormatter(_MESSAGE_ONLY)

    def write_line(self, line: str) -> bool:
        """What ``handle`` does with a record of ``line`` when nothing but this handler
        would see it (``_write``): the line and a flush, under the handler's lock, without
        the record. False, with nothing written, when it would not: it has a filter, a
        level above INFO or another format."""
        if self.filters or self.level > logging.INFO or self.formatter is not _MESSAGE_ONLY:
            return False
        with self.lock:  # type: ignore[union-attr]  # made by Handler.__init__
            stream = self.stream
            stream.write(line + self.terminator)
            stream.flush()
        return True


_MESSAGE_ONLY = logging.Formatter("%(message)s")


def _write(logger: logging.Logger, line: str) -> None:
    """``logger.info(line)``, once ``isEnabledFor(INFO)`` holds. When the logger's one
    handler is ``configure_request_log``'s and nothing else sees its records (no filter,
    no propagation), the line is written by the handler without a ``LogRecord``: making
    the record and passing it through the logger's and handler's steps was about 30 K
    instructions a request, for a line whose format reads only the message (BENCHMARKS.md,
    issue #17, thirteenth session). A failed write goes the records' way, whose handler
    reports it as ``logging`` does."""
    handlers = logger.handlers
    if len(handlers) == 1 and not logger.filters and not logger.propagate:
        handler = handlers[0]
        if type(handler) is RequestLines:
            try:
                if handler.write_line(line):
                    return
            except Exception:  # the record's way reports it
                pass
    _log(logger, line)


def configure_request_log() -> None:
    """Send request lines to stdout as they are (each is a JSON object), unless the
    ``genegraph.requests`` logger has been given handlers already (tests, embedding)."""
    if LOGGER.handlers:
        return
    handler = RequestLines()
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
