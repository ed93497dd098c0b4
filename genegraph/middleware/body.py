"""The request body's limits, in one ASGI middleware: its size (413) and the time it takes
to arrive (408; the head's own limit is genegraph.middleware.head_timeout). Both watch the
body as ``receive`` hands it over, so one layer wraps ``receive`` and ``send`` once.

Starlette's ``max_body_size`` (1.10) counts the same bytes but answers 413 in plain text
and has no time limit, so the guard stays ours, answering with GraphQL errors.
"""

from __future__ import annotations

import asyncio

from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genegraph.deadlines import Deadlines
from genegraph.middleware.head_timeout import too_slow
from genegraph.server.errors import error_response

PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
CLIENT_CLOSED = 499
CONTENT_LENGTH = b"content-length"
CLOSE = {"connection": "close"}


class BodyTooLarge(Exception):
    """Raised from ``receive`` once a body without Content-Length grows past the limit."""


class BodyTooSlow(Exception):
    """Raised from ``receive`` when the body has not arrived in time."""


def too_large(max_bytes: int, size: int | None) -> JSONResponse:
    found = f" ({size:,} bytes)" if size is not None else ""
    return error_response(
        413,
        f"The request body{found} is larger than the maximum of {max_bytes:,} bytes. "
        "Send a shorter query, or fewer variables.",
        PAYLOAD_TOO_LARGE,
        {"maximum": max_bytes},
        CLOSE,
    )


def declared_length(scope: Scope) -> int | None:
    """The Content-Length header's value (the last one, if repeated), when a number."""
    declared = None
    for name, value in scope["headers"]:
        if name == CONTENT_LENGTH:
            declared = value
    return int(declared) if declared is not None and declared.isdigit() else None


class BodyGuard:
    """ASGI middleware: a declared Content-Length over ``max_bytes`` is answered 413 at
    once; a body sent in chunks is counted as it arrives and stopped at the limit (413);
    the body must be received within ``seconds`` of the request's start, else 408. Once
    the answer has begun, the body was read already. A client that disconnects before its
    body is whole is logged with status 499, not as a server error."""

    def __init__(self, app: ASGIApp, max_bytes: int, seconds: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.deadlines = Deadlines()  # one timer for every request's body (genegraph.deadlines)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await too_large(self.max_bytes, declared)(scope, receive, send)
            return
        deadline = asyncio.get_running_loop().time() + self.seconds
        deadlines = self.deadlines
        max_bytes = self.max_bytes
        received = 0
        body_done = False
        started = False

        async def guarded_receive() -> Message:
            nonlocal received, body_done
            if body_done:  # after the body only a disconnect comes: not timed
                return await receive()
            try:
                async with deadlines.at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise BodyTooLarge
                body_done = not message.get("more_body", False)
            else:
                body_done = True
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, guarded_receive, tracking_send)
        except ClientDisconnect:
            # The client left before its body was whole: nobody to answer, nothing wrong
            # with the server (it was logged as an unhandled exception and a 500). 499,
            # "client closed request", is what the request log then says.
            if started:
                raise
            await Response(status_code=CLIENT_CLOSED)(scope, receive, send)
        except BodyTooSlow:
            if started:
                raise
            await too_slow(self.seconds, CLOSE)(scope, receive, send)
        except BodyTooLarge:
            if started:
                raise
            await too_large(self.max_bytes, None)(scope, receive, send)
